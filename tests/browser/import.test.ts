import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import {
  appsForThisFile,
  exportItem,
  fixturesUrl,
  mapIdle,
  type OpenedApp,
  revealedIds,
  screenshot,
  state,
  waitForDataset,
} from './app';
import { seedIds } from './dataset';

const openApp = appsForThisFile();

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

/** UCDP event ids in the sample, counted independently of the app: every data row but the HXL one. */
const ucdpIds = Papa.parse<Record<string, string>>(readFileSync(fixture('ucdp-ged-22.1-pakistan.csv'), 'utf8'), {
  header: true,
  skipEmptyLines: 'greedy',
})
  .data.filter((row) => !row.id.startsWith('#') && row.id !== '')
  .map((row) => `ucdp-${row.id}`);

async function dropFile(page: OpenedApp['page'], name: string, type: string) {
  await page.evaluate(
    async ({ url, name, type }) => {
      const blob = await (await fetch(url)).blob();
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], name, { type }));
      const map = document.getElementById('map') as HTMLElement;
      map.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      map.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { url: `${fixturesUrl}${name}`, name, type },
  );
}

/**
 * A table of over 4 MiB (read in blocks on two workers), written as spreadsheets
 * write it: a byte-order mark, CR LF line breaks, quoted fields with line breaks
 * and quotes, text in other scripts. `repeats` gives some rows the id of an earlier row.
 */
function largeTable(count: number, repeats: Record<number, number> = {}) {
  const ids = Array.from({ length: count }, (_, i) => `ev-${repeats[i] ?? i}`);
  const title = (i: number) =>
    i % 5 === 0 ? `مذاکره در کابل ${i}` : i % 7 === 0 ? `Ataque en Peshāwar, "norte" ${i}` : `Event ${i}`;
  const data = ids.map((id, i) => [
    id,
    title(i),
    `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    (30 + (i % 700) / 100).toFixed(2),
    (62 + (i % 1100) / 100).toFixed(2),
    i % 3 === 0 ? 'town' : 'exact',
    ['attack', 'airstrike', 'diplomacy'][i % 3],
    i % 11 === 0 ? `First line\r\nsecond line of ${i}` : '',
    JSON.stringify([{ title: `Report ${i % 50}`, publisher: 'Dawn' }]),
  ]);
  const fields = [
    'id',
    'title',
    'date',
    'latitude',
    'longitude',
    'location_precision',
    'category',
    'summary',
    'sources_json',
  ];
  const text = `\uFEFF${Papa.unparse({ fields, data }, { newline: '\r\n' })}\r\n`;
  return { buffer: Buffer.from(text, 'utf8'), ids, title };
}

/** Opens a file as a person does, through the Open button. */
async function openFile(page: OpenedApp['page'], name: string, buffer: Buffer) {
  await page.locator('#open-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

/** Selects incident `id` and waits for its details: a region named by its title, showing `text` too. */
async function expectDetails(page: OpenedApp['page'], id: string, title: string, text = title) {
  await page.evaluate((target) => window.explorer.select(target), id);
  const details = page.getByRole('region', { name: title, exact: true }).filter({ hasText: text });
  await expect.poll(() => details.count()).toBe(1);
}

describe('opening datasets', () => {
  test('a large table opened from a file, read in blocks from its bytes, keeps every row and character', async () => {
    const count = 60_000;
    const table = largeTable(count);
    expect(table.buffer.length).toBeGreaterThan(4 * 1024 * 1024);
    const app = await openApp();
    const { page } = app;
    await openFile(page, 'large.csv', table.buffer);
    await waitForDataset(page, count);
    expect(new Set(await revealedIds(page))).toEqual(new Set(table.ids));
    expect(await page.locator('.dataset-status').textContent()).toBe(
      `${count.toLocaleString('en-GB')} incidents loaded`,
    );
    for (const i of [0, 7, 33_000, 59_995]) await expectDetails(page, `ev-${i}`, table.title(i));
    await expectDetails(page, 'ev-44', table.title(44), 'second line of 44');
  });

  test('a large table whose ids come back far down loads every row, each repeat renamed as one reader would', async () => {
    const count = 60_000;
    // Rows far apart, in blocks that two workers are all but sure to share out between them.
    const repeats = { 2000: 10, 17000: 3_000, 31500: 30_000, 50010: 10 };
    const table = largeTable(count, repeats);
    const app = await openApp();
    const { page } = app;
    await openFile(page, 'repeats.csv', table.buffer);
    await waitForDataset(page, count);
    const ids = new Set(await revealedIds(page));
    for (const id of ['ev-10', 'ev-10-2', 'ev-10-3', 'ev-3000', 'ev-3000-2', 'ev-30000', 'ev-30000-2']) {
      expect(ids.has(id)).toBe(true);
    }
    expect(await page.locator('.dataset-status').textContent()).toBe(
      `${count.toLocaleString('en-GB')} incidents loaded, 4 warnings`,
    );
    await page.getByRole('button', { name: /details of skipped rows/i }).click();
    const report = (await page.getByRole('dialog', { name: 'What was read' }).textContent()) ?? '';
    expect(report).toContain('row 2002 (ev-10): id "ev-10" is used by an earlier incident; renamed "ev-10-2"');
    expect(report).toContain('row 50012 (ev-10): id "ev-10" is used by an earlier incident; renamed "ev-10-3"');
    await page.keyboard.press('Escape');
    await expectDetails(page, 'ev-10-3', table.title(50_010));
  });

  test('the real UCDP GED sample opens by ?data= with every event, and scrubs', async () => {
    expect(ucdpIds.length).toBeGreaterThan(5000);
    const app = await openApp('?data=../fixtures/ucdp-ged-22.1-pakistan.csv');
    const { page } = app;
    const ids = await revealedIds(page);
    expect(ids.length).toBe(ucdpIds.length);
    expect(new Set(ids)).toEqual(new Set(ucdpIds));
    expect(await page.locator('.dataset-status').textContent()).toMatch(/5,\d{3} incidents loaded/);
    expect(decodeURIComponent(page.url())).toContain('?data=../fixtures/ucdp-ged-22.1-pakistan.csv');
    await page.evaluate(() => window.explorer.setDate('1995-12-31'));
    const early = await revealedIds(page);
    expect(early.length).toBeGreaterThan(0);
    expect(early.length).toBeLessThan(ids.length);
    expect(ids.slice(0, early.length)).toEqual(early);
    const attribution = await page.locator('.maplibregl-ctrl-attrib').textContent();
    expect(attribution).toContain('UCDP');
    // The list is virtualised: a few dozen rows in the page, each knowing its place in the whole.
    await page.evaluate(() => window.explorer.setDate('2021-12-31'));
    const rows = page.getByRole('list', { name: /incidents shown/i }).getByRole('listitem');
    expect(await rows.count()).toBeLessThan(120);
    expect(await rows.last().getAttribute('aria-setsize')).toBe(String(ucdpIds.length));
    // Choosing an incident far up the list brings its row into the page, selected.
    const target = ids[42];
    await page.evaluate((id) => window.explorer.select(id), target);
    const row = page.locator(`li[data-id="${target}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getAttribute('aria-posinset')).toBe('43');
    expect(await row.evaluate((li) => li.classList.contains('selected'))).toBe(true);
    await screenshot(page, 'ucdp-1995');
  });

  test('a file dropped on the map replaces the dataset; the export re-opens with the same incidents', async () => {
    // Opened by a link, so the address names its data; a dropped file has no address to give it.
    const app = await openApp('?data=../fixtures/shapes.geojson');
    const { page } = app;
    expect(await revealedIds(page)).toHaveLength(3);
    expect(new URL(page.url()).searchParams.get('data')).toBe('../fixtures/shapes.geojson');
    await dropFile(page, 'ucdp-ged-22.1-pakistan.csv', 'text/csv');
    await waitForDataset(page, ucdpIds.length);
    expect(new URL(page.url()).searchParams.has('data')).toBe(false);
    await page.evaluate(() => window.explorer.setDate('2001-12-31'));
    const revealed = await revealedIds(page);

    const geojsonItem = await exportItem(page, 'GeoJSON');
    const [geojsonDownload] = await Promise.all([page.waitForEvent('download'), geojsonItem.click()]);
    const geojsonPath = await geojsonDownload.path();
    const exported = JSON.parse(readFileSync(geojsonPath, 'utf8'));
    expect(exported.type).toBe('FeatureCollection');
    expect(exported.features.map((f: { id: string }) => f.id)).toEqual(revealed);
    expect(exported.attribution).toContain('UCDP');

    const csvItem = await exportItem(page, 'CSV');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), csvItem.click()]);
    const csvPath = await csvDownload.path();

    for (const [path, name] of [
      [geojsonPath, 'export.geojson'],
      [csvPath, 'export.csv'],
    ]) {
      await page.locator('#open-file').setInputFiles({ name, mimeType: 'text/plain', buffer: readFileSync(path) });
      await waitForDataset(page, revealed.length);
      expect(await revealedIds(page)).toEqual(revealed);
      // Reload the original between the two, so each re-open really replaces the dataset.
      if (name === 'export.geojson') {
        await dropFile(page, 'ucdp-ged-22.1-pakistan.csv', 'text/csv');
        await waitForDataset(page, ucdpIds.length);
      }
    }
    const first = await page.evaluate((id) => {
      window.explorer.select(id);
      return document.querySelector('.incident-details')?.textContent ?? '';
    }, revealed[0]);
    expect(first).toContain('Government of Pakistan');
  });

  test('a table whose columns are not recognised asks which columns to use, with a preview', async () => {
    const app = await openApp();
    const { page } = app;
    await page.locator('#open-file').setInputFiles(fixture('columns-unknown.csv'));
    const dialog = page.getByRole('dialog', { name: /which columns/i });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('table').textContent()).toContain('First odd-headed row');
    await screenshot(page, 'column-dialog');
    await dialog.getByLabel('Date', { exact: true }).selectOption('when');
    await dialog.getByLabel('Latitude').selectOption('north');
    await dialog.getByLabel('Longitude').selectOption('east');
    await dialog.getByLabel('Title (optional)').selectOption('what');
    await dialog.getByRole('button', { name: 'Open' }).click();
    await waitForDataset(page, 3);
    await page.evaluate(() => window.explorer.next());
    await page.evaluate(() => window.explorer.prev());
    await page.evaluate(() => window.explorer.prev());
    expect(await page.locator('.incident-details').textContent()).toContain('First odd-headed row');
  });

  test('a file mixing good and bad rows loads the good ones and lists each skipped row with its reason', async () => {
    const app = await openApp();
    const { page } = app;
    await page.locator('#open-file').setInputFiles(fixture('mixed.csv'));
    await waitForDataset(page, 3);
    expect(await revealedIds(page)).toEqual(['good-1', 'good-2', 'good-3']);
    expect(await page.locator('.dataset-status').textContent()).toMatch(/3 incidents loaded, 3 skipped/);
    await page.getByRole('button', { name: /details of skipped rows/i }).click();
    const report = page.getByRole('dialog', { name: 'What was read' });
    const text = (await report.textContent()) ?? '';
    expect(text).toMatch(/row 3.*date/);
    expect(text).toMatch(/row 5.*lat/i);
    expect(text).toMatch(/row 6.*(lon|250)/i);
    await screenshot(page, 'skipped-rows');
  });

  test('a file that is not data (an image) gets a clear message and the dataset on screen stays', async () => {
    const app = await openApp();
    const { page } = app;
    await page.locator('#open-file').setInputFiles(fixture('not-data.png'));
    await expect.poll(() => page.locator('.messages').textContent()).toMatch(/not-data\.png.*image/i);
    expect(await revealedIds(page)).toEqual(seedIds);
    await page
      .locator('#open-file')
      .setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    await expect.poll(() => page.locator('.messages').textContent()).toMatch(/empty/i);
    await page.locator('#open-file').setInputFiles({
      name: 'truncated.geojson',
      mimeType: 'application/json',
      buffer: Buffer.from('{"type":"FeatureCollection","features":[{"type":"Fea'),
    });
    await expect.poll(() => page.locator('.messages').textContent()).toMatch(/truncated\.geojson/);
    expect(await revealedIds(page)).toEqual(seedIds);
    expect((await state(page)).revealedCount).toBe(seedIds.length);
  });

  test('a hostile CSV runs no script and shows its text as text', async () => {
    const app = await openApp('?data=../fixtures/hostile.csv#incident=evil-1');
    const { page } = app;
    expect(await revealedIds(page)).toEqual(['evil-1']);
    const details = page.locator('.incident-details');
    expect(await details.textContent()).toContain('<script>');
    expect(await details.locator('img, script, svg, b').count()).toBe(0);
    await page.getByRole('button', { name: /CSV hostile/ }).hover();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  });
});

describe('GeoJSON from elsewhere', () => {
  test('a FeatureCollection with event_date/time properties loads; polygons and lines sit on a point and keep their shape', async () => {
    const app = await openApp('?data=../fixtures/shapes.geojson');
    const { page } = app;
    expect((await revealedIds(page)).length).toBe(3);
    expect((await state(page)).date).toBe('2024-08-06');
    await page.evaluate(() => window.explorer.setDate('2024-08-02'));
    await mapIdle(page);
    // Only the flood is revealed: its polygon is drawn, and its marker is inside it.
    const drawn = await page.evaluate(() =>
      window.explorer.map.queryRenderedFeatures({ layers: ['incident-places-fill'] }).map((f) => f.geometry.type),
    );
    expect(drawn).toContain('Polygon');
    const marker = await page.evaluate(() => {
      const map = window.explorer.map;
      const [id] = window.explorer.revealedIds();
      const at = window.explorer.markerPosition(id);
      return at ? map.unproject([at.x, at.y]).toArray() : null;
    });
    expect(marker?.[0]).toBeGreaterThan(70);
    expect(marker?.[0]).toBeLessThan(71);
    expect(marker?.[1]).toBeGreaterThan(33);
    expect(marker?.[1]).toBeLessThan(34);
    await page.evaluate(() => window.explorer.setDate('2024-08-05'));
    await mapIdle(page);
    const lines = await page.evaluate(() =>
      window.explorer.map.queryRenderedFeatures({ layers: ['incident-places-line'] }).map((f) => f.geometry.type),
    );
    expect(lines).toContain('LineString');
    await screenshot(page, 'geojson-shapes');
  });
});
