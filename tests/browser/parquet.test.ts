// Parquet files opened as a person opens them: through the page's file chooser
// and by a ?data= link, read in the dataset worker by random access (see
// src/data/import/parquet/). Each gives the incidents the same rows give as CSV.

import { readFileSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Route } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, fixturesUrl, type OpenedApp, revealedIds, screenshot, waitForDataset } from './app';
import { seedIds } from './dataset';

const openApp = appsForThisFile();
const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

/** Selects incident `id` and returns the text of its details once shown, with `shows` (the summary may come later). */
async function details(page: OpenedApp['page'], id: string, title: string, shows = title): Promise<string> {
  await page.evaluate((target) => window.explorer.select(target), id);
  const region = page.getByRole('region', { name: title, exact: true }).filter({ hasText: shows });
  await expect.poll(() => region.count()).toBe(1);
  return (await region.textContent()) ?? '';
}

/** Drops the fixture `name` on the map, as a person drags a file from their desktop. */
async function dropFile(page: OpenedApp['page'], name: string) {
  await page.evaluate(
    async ({ url, name }) => {
      const blob = await (await fetch(url)).blob();
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], name, { type: '' }));
      const map = document.getElementById('map') as HTMLElement;
      map.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      map.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { url: `${fixturesUrl}${name}`, name },
  );
}

/** Searches for `q`; the ids shown, once they are `expected` (the worker answers a search, the list follows). */
async function search(page: OpenedApp['page'], q: string, expected: string[]): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search incidents' }).fill(q);
  await expect.poll(() => page.evaluate(() => window.explorer.getState().filter.q)).toBe(q);
  await expect.poll(() => page.evaluate(() => window.explorer.shownIds())).toEqual(expected);
}

async function problemsReport(page: OpenedApp['page']): Promise<string> {
  await page.getByRole('button', { name: /details of skipped rows/i }).click();
  const text = (await page.getByRole('dialog', { name: 'What was read' }).textContent()) ?? '';
  await page.keyboard.press('Escape');
  return text;
}

describe('opening Parquet', () => {
  test('a UCDP GED Parquet from the file chooser: every event, as its CSV gives them', async () => {
    const { page } = await openApp();
    await page.locator('#open-file').setInputFiles(fixture('ucdp.parquet'));
    await waitForDataset(page, 29);
    expect(await page.locator('.dataset-status').textContent()).toBe('29 incidents loaded');
    const fromParquet = await revealedIds(page);
    const text = await details(
      page,
      'ucdp-59553',
      'Government of India vs Government of Pakistan, Kel sector of the control line',
      'Best estimate 2 deaths (low 2, high 2).',
    );
    expect(text).toContain('4 Oct 1990');
    expect(text).toContain('Kel sector of the control line, Neelam district, Azad Jammu & Kashmir');
    expect(text).toContain('Best estimate 2 deaths (low 2, high 2).');
    await screenshot(page, 'parquet-ucdp');

    // The same rows as CSV (the fixture the Parquet was written from), through the same chooser.
    await page.locator('#open-file').setInputFiles(fixture('../unit/import/fixtures/ucdp-small.csv'));
    await waitForDataset(page, 29);
    expect(await revealedIds(page)).toEqual(fromParquet);
  });

  test('a GeoParquet from the file chooser: its points placed, every other geometry named', async () => {
    const { page } = await openApp();
    await page.locator('#open-file').setInputFiles(fixture('geo.parquet'));
    await waitForDataset(page, 7);
    expect(await page.locator('.dataset-status').textContent()).toBe('7 incidents loaded, 5 skipped, 1 warning');
    expect(await revealedIds(page)).toEqual(['9011', '9001', '9002', '9003', '9004', '9005', '9001-2']);
    const text = await details(page, '9002', 'Islamabad, big-endian');
    expect(text).toContain('2 Dec 2024');
    const report = await problemsReport(page);
    expect(report).toContain('geo.parquet: Parquet, Table with date and coordinate columns.');
    expect(report).toContain('row 7: geometry is a Polygon; expected a Point (an incident is placed at one point)');
    expect(report).toContain('row 9: geometry is empty; expected a Point (longitude, latitude)');
    expect(report).toContain('row 13 (9001): id "9001" is used by an earlier incident; renamed "9001-2" (loaded)');
  });

  test('an ACLED Parquet by ?data=, from a server that ignores Range: read whole, and the report says so', async () => {
    const { page } = await openApp('?data=../fixtures/acled.parquet');
    await waitForDataset(page, 6);
    expect(await page.locator('.dataset-status').textContent()).toBe('6 incidents loaded, 1 warning');
    const text = await details(page, 'PAK90001', 'Armed clash in Wana', 'exchanged fire near Wana');
    expect(text).toContain('5 Dec 2024');
    expect(await problemsReport(page)).toMatch(
      /file was downloaded whole \(12 KB\): its server ignores HTTP Range requests, by which only the columns read would have been \(loaded\)/,
    );
  });

  test('a link whose name does not say Parquet is told by its first bytes, then read by Range', async () => {
    const bytes = readFileSync(fixture('acled.parquet'));
    const ranges: string[] = [];
    const { page } = await openApp('?data=../fixtures/events-download', {
      waitReady: false,
      prepare: async (page) => {
        await page.route(
          (url) => url.pathname.endsWith('/fixtures/events-download'),
          async (route) => {
            const range = /^bytes=(\d+)-(\d+)$/.exec((await route.request().headerValue('range')) ?? '');
            ranges.push(range ? `${range[1]}-${range[2]}` : 'all');
            if (!range) return route.fulfill({ status: 200, body: bytes });
            const [start, end] = [Number(range[1]), Math.min(Number(range[2]), bytes.length - 1)];
            await route.fulfill({
              status: 206,
              headers: { 'content-range': `bytes ${start}-${end}/${bytes.length}` },
              body: bytes.subarray(start, end + 1),
            });
          },
        );
      },
    });
    await waitForDataset(page, 6);
    expect(await page.locator('.dataset-status').textContent()).toBe('6 incidents loaded');
    // The stream that found PAR1, then the four bytes that say Range is honoured, then the file (12 KB: at once).
    expect(ranges).toEqual(['all', '0-3', `0-${bytes.length - 1}`]);
  });

  test('a Parquet whose columns cannot be told asks which to use, as a CSV does', async () => {
    const buffer = Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: 'reported', data: ['2024-12-01', '2024-12-02', '2024-12-03'], type: 'STRING' },
          { name: 'happened', data: ['2024-11-30', '2024-12-01', null], type: 'STRING' },
          { name: 'north', data: [34.5, 33.2, 31.5], type: 'DOUBLE' },
          { name: 'east', data: [69.2, 70.1, 74.3], type: 'FLOAT' },
          { name: 'what', data: ['First odd-headed row', 'Second', 'Third'], type: 'STRING' },
        ],
      }),
    );
    const { page } = await openApp();
    await page
      .locator('#open-file')
      .setInputFiles({ name: 'odd.parquet', mimeType: 'application/octet-stream', buffer });
    const dialog = page.getByRole('dialog', { name: /which columns/i });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('table').textContent()).toContain('First odd-headed row');
    await dialog.getByLabel('Date', { exact: true }).selectOption('happened');
    await dialog.getByLabel('Latitude').selectOption('north');
    await dialog.getByLabel('Longitude').selectOption('east');
    await dialog.getByLabel('Title (optional)').selectOption('what');
    await dialog.getByRole('button', { name: 'Open' }).click();
    await waitForDataset(page, 2);
    expect(await page.locator('.dataset-status').textContent()).toBe('2 incidents loaded, 1 skipped');
    expect(await details(page, 'row-2', 'First odd-headed row')).toContain('30 Nov 2024');
  });

  test('an ACLED Parquet dropped on the map: its notes are read back from the file for the details, and searched', async () => {
    const { page } = await openApp();
    await dropFile(page, 'acled.parquet');
    await waitForDataset(page, 6);
    expect(await page.locator('.dataset-status').textContent()).toBe('6 incidents loaded');
    // The page holds titles and dates; the notes come back from the file when the details open.
    const text = await details(
      page,
      'PAK90002',
      'Remote explosive/landmine/IED in Mir Ali',
      'a roadside bomb went off during the week',
    );
    expect(text).toContain('Test row: a roadside bomb went off during the week.');
    // A word only one row's notes hold: the worker's index of the text finds that row alone.
    await search(page, 'roadside', ['PAK90002']);
    await search(page, 'militants exchanged', ['PAK90001']);
  });

  test('Cancel stops a Parquet load while its rows are read; the dataset on screen stays', async () => {
    // 20,000 rows in four row groups; the server sends the first group, then nothing more.
    const count = 20_000;
    const bytes = Buffer.from(
      parquetWriteBuffer({
        columnData: [
          {
            name: 'date',
            data: Array.from({ length: count }, (_, i) => `2024-12-${String(1 + (i % 28)).padStart(2, '0')}`),
            type: 'STRING',
          },
          { name: 'latitude', data: Array.from({ length: count }, (_, i) => 30 + (i % 90) / 10), type: 'DOUBLE' },
          { name: 'longitude', data: Array.from({ length: count }, (_, i) => 62 + (i % 100) / 10), type: 'DOUBLE' },
          { name: 'title', data: Array.from({ length: count }, (_, i) => `Event ${i}`), type: 'STRING' },
        ],
        rowGroupSize: 5000,
      }),
    );
    const metadata = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
    );
    const second = Math.min(
      ...metadata.row_groups[1].columns.map((c) =>
        Number(c.meta_data?.dictionary_page_offset ?? c.meta_data?.data_page_offset),
      ),
    );
    const footer = bytes.length - 64 * 1024;
    const held: Route[] = [];
    const { page } = await openApp('?data=../fixtures/stalls.parquet', {
      prepare: async (page) => {
        await page.route(
          (url) => url.pathname.endsWith('/fixtures/stalls.parquet'),
          async (route) => {
            const range = /^bytes=(\d+)-(\d+)$/.exec((await route.request().headerValue('range')) ?? '');
            if (!range) return route.fulfill({ status: 200, body: bytes });
            const [start, end] = [Number(range[1]), Math.min(Number(range[2]), bytes.length - 1)];
            // The second row group's bytes never come.
            if (start >= second && start < footer) {
              held.push(route);
              return;
            }
            await route.fulfill({
              status: 206,
              headers: { 'content-range': `bytes ${start}-${end}/${bytes.length}` },
              body: bytes.subarray(start, end + 1),
            });
          },
        );
      },
      waitReady: false,
    });
    const label = page.locator('.load-progress-label');
    // How far it came: the bytes of the columns read and the rows, as for a CSV.
    await expect
      .poll(async () => (await label.textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/^Reading \.\.\/fixtures\/stalls\.parquet \d+% · \d+ KB of \d+ KB · 5,000 rows/);
    expect(held.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: /^Cancel/ }).click();
    await page.evaluate(() => window.explorer.ready);
    expect(await revealedIds(page)).toEqual(seedIds);
    const messages = await page.locator('.messages .message').allTextContents();
    expect(messages.join(' ')).toContain('Opening ../fixtures/stalls.parquet was cancelled.');
    for (const route of held) await route.abort().catch(() => {});
  });
});
