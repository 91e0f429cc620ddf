// Exports as a person makes them: a table opened through the file chooser,
// filtered, exported in each format, and each file opened again. The files
// are written a batch at a time (src/data/export/stream.ts), so these also
// check that the batches join up in the page as they do in Node.
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, exportDownload, exportItem, revealedIds, waitForDataset } from './app';

const openApp = appsForThisFile();

/** Rows in the generated table: two batches of 2,000 and a row group of 5,000 are crossed after filtering. */
const COUNT = 9000;
const CATEGORIES = ['attack', 'airstrike', 'diplomacy'];

/**
 * A table of COUNT incidents with text that CSV and JSON must escape: quotes,
 * commas, other scripts, a formula-like title, line breaks in some summaries.
 */
function generatedTable() {
  const rows = Array.from({ length: COUNT }, (_, i) => ({
    id: `gen-${i}`,
    title: i % 97 === 0 ? `=SUM(A${i}) "quoted", ${i}` : i % 5 === 0 ? `مذاکره در کابل ${i}` : `Incident ${i}`,
    date: `20${String(10 + (i % 14)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    latitude: (30 + (i % 700) / 100).toFixed(2),
    longitude: (62 + (i % 1100) / 100).toFixed(2),
    location_precision: i % 3 === 0 ? 'town' : 'exact',
    category: CATEGORIES[i % 3],
    summary: i % 11 === 0 ? `First line of ${i}\r\nsecond, "quoted" line` : `Summary of ${i}: Peshāwar, «Kabul»; 中文`,
    sources_json: JSON.stringify([{ title: `Report ${i % 50}`, publisher: 'Dawn' }]),
  }));
  const text = Papa.unparse(rows, { newline: '\r\n' });
  return { rows, buffer: Buffer.from(text, 'utf8') };
}
const table = generatedTable();
const rowById = new Map(table.rows.map((row) => [row.id, row]));

/** Opens a file as a person does, through the Open button's file chooser. */
async function openFile(page: Page, name: string, buffer: Buffer) {
  await page.locator('#open-file').setInputFiles({ name, mimeType: 'text/plain', buffer });
}

/** The details the page shows for an incident, once selected and its summary and sources read back. */
async function detailsOf(page: Page, id: string) {
  await page.evaluate((incident) => window.explorer.select(incident), id);
  await page.waitForSelector('.incident-details .long-text:not([aria-busy])');
  return page.evaluate(() => document.querySelector('.incident-details')?.textContent ?? '');
}

describe('export', () => {
  test('a filtered table exported as CSV, GeoJSON and GeoParquet comes back with the same incidents', async () => {
    const { page } = await openApp();
    await openFile(page, 'generated.csv', table.buffer);
    await waitForDataset(page, COUNT);
    // Two categories of three, and the timeline's date before the last years: a subset in reveal order.
    await page.evaluate(() => {
      window.explorer.setFilter({ categories: ['attack', 'airstrike'] });
      window.explorer.setDate('2021-12-31');
    });
    const shown = await page.evaluate(() => window.explorer.shownIds());
    expect(shown.length).toBeGreaterThan(4000);
    expect(shown.length).toBeLessThan(COUNT * (2 / 3));
    const titled = shown.find((id) => rowById.get(id)?.title.startsWith('=')) ?? '';
    const plain = shown.find((id) => rowById.get(id)?.summary.includes('中文')) ?? '';
    expect(titled && plain).not.toBe('');

    const csv = await exportDownload(page, 'CSV');
    const geojson = await exportDownload(page, 'GeoJSON');
    const geoparquet = await exportDownload(page, 'GeoParquet');
    expect([csv.name, geojson.name, geoparquet.name]).toEqual(
      ['csv', 'geojson', 'parquet'].map((extension) => expect.stringMatching(new RegExp(`\\.${extension}$`))),
    );

    // GeoParquet, read in Node with hyparquet (the app does not open Parquet yet).
    const file = geoparquet.bytes.buffer.slice(
      geoparquet.bytes.byteOffset,
      geoparquet.bytes.byteOffset + geoparquet.bytes.byteLength,
    );
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups.length).toBeGreaterThan(1);
    const rows = await parquetReadObjects({ file });
    expect(rows.map((row) => row.id)).toEqual(shown);
    for (const id of [titled, plain]) {
      const row = rows[shown.indexOf(id)];
      const source = rowById.get(id);
      expect({ title: row.title, summary: row.summary }).toEqual({ title: source?.title, summary: source?.summary });
      expect(row.geometry).toEqual({
        type: 'Point',
        coordinates: [Number(source?.longitude), Number(source?.latitude)],
      });
    }

    // CSV and GeoJSON, opened again in the app through the file chooser.
    for (const { name, bytes } of [csv, geojson]) {
      await openFile(page, name, bytes);
      await waitForDataset(page, shown.length);
      expect(await revealedIds(page)).toEqual(shown);
      for (const id of [titled, plain]) {
        const details = await detailsOf(page, id);
        expect(details).toContain(rowById.get(id)?.title);
        expect(details).toContain(rowById.get(id)?.summary);
      }
    }
  });

  test('where the browser offers a save dialog, the file is written as it comes; Cancel stops and keeps nothing', async () => {
    const { page } = await openApp('', {
      // A page not driven by a program, whose save dialog picks a file in the origin's private file system.
      prepare: async (page) => {
        await page.addInitScript(() => {
          Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });
          const w = window as unknown as Record<string, unknown>;
          w.showSaveFilePicker = async (options: { suggestedName: string }) => {
            w.__picked = options;
            return (await navigator.storage.getDirectory()).getFileHandle(options.suggestedName, { create: true });
          };
        });
      },
    });
    await page.evaluate(() => window.explorer.setDate('2024-12-31'));
    const shown = await page.evaluate(() => window.explorer.shownIds());
    expect(shown.length).toBe(13);

    await (await exportItem(page, 'GeoJSON')).click();
    const exporting = () =>
      page.evaluate(() => document.querySelector('.data-controls')?.hasAttribute('data-exporting'));
    // The file's text appears once the writing is closed (until then it goes to a swap file).
    const pickedFile = () =>
      page.evaluate(async () => {
        const picked = (window as unknown as { __picked?: { suggestedName: string } }).__picked;
        if (!picked) return { name: '', text: '' };
        const handle = await (await navigator.storage.getDirectory()).getFileHandle(picked.suggestedName);
        return { name: picked.suggestedName, text: await (await handle.getFile()).text() };
      });
    await expect.poll(async () => (await pickedFile()).text).toMatch(/\]\n\}\n$/);
    expect(await exporting()).toBe(false);
    const written = await pickedFile();
    expect(written.name).toMatch(/\.geojson$/);
    const collection = JSON.parse(written.text);
    expect(collection.features.map((feature: { id: string }) => feature.id)).toEqual(shown);

    // The same export through the download: the same bytes.
    await page.evaluate(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => true }));
    expect((await exportDownload(page, 'GeoJSON')).bytes.toString('utf8')).toBe(written.text);

    // A file whose writing waits for the test: Cancel while the first chunk is being written.
    await page.evaluate(() => {
      Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });
      const w = window as unknown as Record<string, unknown>;
      const log: string[] = [];
      w.__log = log;
      w.showSaveFilePicker = async () => ({
        createWritable: async () => ({
          write: () => {
            log.push('write');
            return new Promise((resolve) => (w.__release = resolve));
          },
          close: async () => log.push('close'),
          abort: async () => log.push('abort'),
        }),
      });
    });
    await (await exportItem(page, 'CSV')).click();
    const log = () => page.evaluate(() => (window as unknown as { __log: string[] }).__log);
    await expect.poll(log).toEqual(['write']);
    const cancel = page.getByRole('button', { name: 'Cancel: Exporting CSV' });
    expect(await cancel.isVisible()).toBe(true);
    await cancel.click();
    await page.evaluate(() => (window as unknown as { __release: () => void }).__release());
    await expect.poll(exporting).toBe(false);
    expect(await log()).toEqual(['write', 'abort']);
    expect(await cancel.isVisible()).toBe(false);
  });
});
