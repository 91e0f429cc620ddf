// A GeoJSON file opened through the file chooser is read by the dataset
// worker a feature at a time from its bytes (GeoJSONPacker): every incident
// that can be placed loads, with its text as written, and each feature that
// cannot is named in the report with its reason.
import { describe, expect, test } from 'vitest';
import { readGeoJSONText } from '../../src/data/import/geojson';
import { describeProblem } from '../../src/data/import/validate';
import { appsForThisFile, type OpenedApp, revealedIds, state, waitForDataset } from './app';
import { seedIds } from './dataset';

const openApp = appsForThisFile();

/**
 * A FeatureCollection of `count` features as a feed might write it: a
 * byte-order mark, its name after the features, titles in other scripts,
 * summaries with line breaks. Feature 5 has no date and feature 9 is null
 * (both skipped); feature 12 repeats feature 3's id (renamed, a warning).
 */
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
        summary: `First line of ${i}\nsecond line of ${i}: ${'detail '.repeat(i % 20)}`,
        sources: [{ title: `Report ${i % 50}`, publisher: 'Dawn' }],
      },
    };
  });
  const text = `\uFEFF{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n],"name":"Streamed feed"}\n`;
  return { buffer: Buffer.from(text, 'utf8'), title, loaded: count - 2 };
}

/** The spans the dataset worker's last 'done' reply carried (start and length of each incident's feature, reveal order). */
type SeenSpans = { start: number[]; length: number[] } | undefined;

/** Keeps the spans of the dataset worker's replies on `window.__spans`, as the page receives them. */
async function keepSpans(page: OpenedApp['page']): Promise<void> {
  await page.addInitScript(() => {
    const PageWorker = window.Worker;
    window.Worker = class extends PageWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (event: MessageEvent) => {
          const spans = event.data?.type === 'done' ? event.data.spans : undefined;
          if (spans) {
            (window as unknown as { __spans: SeenSpans }).__spans = {
              start: Array.from(spans.start as Float64Array),
              length: Array.from(spans.length as Uint32Array),
            };
          }
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
    const { page } = await openApp('', { prepare: keepSpans });
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
    const i = 15_435;
    await page.evaluate((id) => window.explorer.select(id), `ev-${i}`);
    const details = page.getByRole('region', { name: collection.title(i), exact: true });
    await expect.poll(() => details.filter({ hasText: `second line of ${i}` }).count()).toBe(1);
    expect(await details.textContent()).toContain('Report 35');
    expect((await state(page)).incident).toBe(`ev-${i}`);

    // The worker's reply says where each incident's feature lies in the file, in reveal order (bytes:
    // after a byte-order mark and text in other scripts).
    const spans = await page.evaluate(() => (window as unknown as { __spans: SeenSpans }).__spans);
    expect(spans?.start.length).toBe(collection.loaded);
    for (const id of [`ev-${i}`, 'ev-3-2', revealed[0], revealed[revealed.length - 1]]) {
      const at = revealed.indexOf(id);
      const start = spans?.start[at] ?? 0;
      const feature = JSON.parse(collection.buffer.subarray(start, start + (spans?.length[at] ?? 0)).toString('utf8'));
      expect(feature.id).toBe(id === 'ev-3-2' ? 'ev-3' : id);
    }

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
});
