// A GeoJSON file opened through the file chooser is read by the dataset
// worker a feature at a time from its bytes (GeoJSONPacker): every incident
// that can be placed loads, with its text as written, and each feature that
// cannot is named in the report with its reason.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, test } from 'vitest';
import { readGeoJSONText } from '../../src/data/import/geojson';
import { describeProblem } from '../../src/data/import/validate';
import { appsForThisFile, type OpenedApp, revealedIds, state, waitForDataset } from './app';
import { seedIds } from './dataset';

const openApp = appsForThisFile();
const generated = inject('generatedUrl');
/** The requests for generated files since last asked: `path` or `path bytes=A-B`. */
const received = async (): Promise<string[]> =>
  (await fetch(new URL('/received-generated', generated))).json() as Promise<string[]>;

/**
 * A FeatureCollection of `count` features as a feed might write it: a
 * byte-order mark, its name after the features, titles in other scripts,
 * summaries with line breaks. Feature 5 has no date and feature 9 is null
 * (both skipped); feature 12 repeats feature 3's id (renamed, a warning).
 */
/** The one feature whose summary holds the word `zqxfeaturemarker`. */
const MARKED = 15_435;

function largeCollection(count: number) {
  const title = (i: number) =>
    i % 5 === 0 ? `مذاکره در کابل ${i}` : i % 7 === 0 ? `Ataque en Peshāwar, "norte" ${i}` : `Event ${i}`;
  const features = Array.from({ length: count }, (_, i) => {
    if (i === 9) return null;
    return {
      type: 'Feature',
      id: i === 12 ? 'ev-3' : `ev-${i}`,
      geometry: { type: 'Point', coordinates: [62 + (i % 1100) / 100, 30 + (i % 700) / 100] },
      properties: {
        title: title(i),
        ...(i === 5
          ? {}
          : { date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}` }),
        category: ['attack', 'airstrike', 'diplomacy'][i % 3],
        location_precision: i % 3 === 0 ? 'town' : 'exact',
        summary: `First line of ${i}\nsecond line of ${i}: ${'detail '.repeat(i % 20)}${i === MARKED ? ' zqxfeaturemarker' : ''}`,
        sources: [{ title: `Report ${i % 50}`, publisher: 'Dawn' }],
      },
    };
  });
  const text = `\uFEFF{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n],"name":"Streamed feed"}\n`;
  return { buffer: Buffer.from(text, 'utf8'), title, loaded: count - 2 };
}

/** Keeps all the text of the short records the dataset worker's last 'done' reply gave the page, on `window.__records`. */
async function keepRecords(page: OpenedApp['page']): Promise<void> {
  await page.addInitScript(() => {
    const PageWorker = window.Worker;
    window.Worker = class extends PageWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (event: MessageEvent) => {
          const incidents = event.data?.type === 'done' ? event.data.dataset?.incidents : undefined;
          if (!incidents) return;
          // Records as JSON, or short records as tables of values (see short-records.ts): all the text given.
          const utf8 = new TextDecoder();
          const tables: { bytes: Uint8Array; odd?: Map<number, string> }[] = incidents.short?.values ?? [];
          const texts = [incidents.records ? utf8.decode(incidents.records) : ''];
          for (const table of tables) texts.push(utf8.decode(table.bytes), ...(table.odd?.values() ?? []));
          (window as unknown as { __records: string }).__records = texts.join('\n');
        });
      }
    };
  });
}

/** Opens a file as a person does, through the Open button. */
async function openFile(page: OpenedApp['page'], name: string, buffer: Buffer) {
  await page.locator('#open-file').setInputFiles({ name, mimeType: 'application/geo+json', buffer });
}

describe('a GeoJSON file opened from the computer, streamed', () => {
  test('every feature that can be placed loads, with its text; skipped ones are named with their reason', async () => {
    const count = 20_000;
    const collection = largeCollection(count);
    expect(collection.buffer.length).toBeGreaterThan(4 * 1024 * 1024);
    const { page } = await openApp('', { prepare: keepRecords });
    await openFile(page, 'feed.geojson', collection.buffer);
    await waitForDataset(page, collection.loaded);
    const revealed = await revealedIds(page);
    const ids = new Set(revealed);
    expect(ids.has('ev-3-2')).toBe(true);
    expect(ids.has('ev-5') || ids.has('ev-9')).toBe(false);
    expect(await page.locator('.dataset-status').textContent()).toBe(
      `${collection.loaded.toLocaleString('en-GB')} incidents loaded, 2 skipped, 1 warning`,
    );
    expect(await page.locator('.dataset-name').textContent()).toBe('Streamed feed');

    // One incident's details, its text as the file wrote it.
    const i = MARKED;
    await page.evaluate((id) => window.explorer.select(id), `ev-${i}`);
    const details = page.getByRole('region', { name: collection.title(i), exact: true });
    await expect.poll(() => details.filter({ hasText: `second line of ${i}` }).count()).toBe(1);
    expect(await details.textContent()).toContain('Report 35');
    expect((await state(page)).incident).toBe(`ev-${i}`);

    // The page was given no summaries: they are read back from the file when shown.
    const records = await page.evaluate(() => (window as unknown as { __records: string }).__records);
    // A title is kept whole, or as its parts before and after its first ", ".
    for (const part of collection.title(i).split(', ')) expect(records).toContain(part);
    expect(records).not.toContain('second line of');

    // Search still covers every summary.
    await page.evaluate(() => window.explorer.setFilter({ q: 'ZQXFeatureMarker' }));
    await expect.poll(() => page.evaluate(() => window.explorer.shownIds())).toEqual([`ev-${MARKED}`]);
    await page.evaluate(() => window.explorer.setFilter({ q: '' }));

    await page.getByRole('button', { name: /details of skipped rows/i }).click();
    const report = (await page.getByRole('dialog', { name: 'What was read' }).textContent()) ?? '';
    expect(report).toContain('feature 5 (ev-5): date missing');
    expect(report).toContain('feature 9: feature is null; expected a GeoJSON Feature object');
    expect(report).toContain('feature 12 (ev-3): id "ev-3" is used by an earlier incident; renamed "ev-3-2"');
  });

  test('a file cut short says where it ends, and the dataset on screen stays', async () => {
    const { buffer } = largeCollection(300);
    const cut = buffer.subarray(0, buffer.length - 40);
    // Where the whole-text reader says it ends: inside the last feature, on line 301.
    const [problem] = readGeoJSONText(new TextDecoder().decode(cut), { name: 'cut.geojson' }).problems;
    expect(problem.message).toMatch(/ends at line 301, column \d+ before the JSON is complete/);
    const { page } = await openApp();
    await openFile(page, 'cut.geojson', Buffer.from(cut));
    await expect
      .poll(() => page.locator('.messages').textContent())
      .toContain(`No incident in cut.geojson could be read (${describeProblem(problem)}).`);
    expect(await revealedIds(page)).toEqual(seedIds);
  });

  test('by ?data=, its text is read back by Range, or from pages kept where the server ignores Range', async () => {
    const collection = largeCollection(20_000);
    const folder = fileURLToPath(new URL('../../test-results/generated/', import.meta.url));
    mkdirSync(folder, { recursive: true });
    writeFileSync(`${folder}feed.geojson`, collection.buffer);
    const path = `${new URL(generated).pathname}feed.geojson`;
    for (const [data, ranged] of [
      [path, true],
      [path.replace('/generated/', '/generated-plain/'), false],
    ] as const) {
      const { page } = await openApp(`?data=${encodeURIComponent(data)}`);
      await waitForDataset(page, collection.loaded);
      await received();
      await page.evaluate((id) => window.explorer.select(id), `ev-${MARKED}`);
      const details = page.getByRole('region', { name: collection.title(MARKED), exact: true });
      await expect.poll(() => details.filter({ hasText: `second line of ${MARKED}` }).count()).toBe(1);
      const reads = (await received()).filter((entry) => entry.includes('feed.geojson'));
      // The feature's own bytes by one Range request (the card and the details share it); from a server that ignores Range, nothing more is asked of it.
      if (ranged) {
        expect(reads).toEqual([expect.stringMatching(/ bytes=\d+-\d+$/)]);
      } else expect(reads).toEqual([]);
      await page.evaluate(() => window.explorer.setFilter({ q: 'zqxfeaturemarker' }));
      await expect.poll(() => page.evaluate(() => window.explorer.shownIds())).toEqual([`ev-${MARKED}`]);
    }
  });
});
