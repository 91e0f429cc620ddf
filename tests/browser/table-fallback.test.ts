// A large table (20 MB) the two table workers cannot settle between them is read again
// on one worker (see ParallelTable): here an id repeated all through the file, so
// that blocks read by both workers hold it however the bytes arrive (a 6 MB file
// once came by link in so few pieces that one worker read it all). Every row loads,
// the repeated id is renamed as the one-worker reader renames it, and each
// row's summary is read back from the file (the File, or the link by Range)
// and found by search.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { appsForThisFile, revealedIds, waitForDataset } from './app';

const openApp = appsForThisFile();
const generated = inject('generatedUrl');

const ROWS = 40_000;
/**
 * Every 1,500th row repeats row 5's id. However the bytes arrive (blocks are a MiB or more, dealt to the two
 * table workers in turn), some of these rows are in a block the second worker reads.
 */
const TWIN_EVERY = 1_500;
const TWINS = Math.floor((ROWS - 1) / TWIN_EVERY);
const PLANTED = 29_001;
const WORD = 'zqxtwinmarker';
const id = (row: number) => (row > 0 && row % TWIN_EVERY === 0 ? 'row-5' : `row-${row}`);
const summary = (row: number) =>
  `Row ${row}, "quoted" and, with commas: ${'officials said the convoy was attacked near the checkpoint '.repeat(6)}${row === PLANTED ? WORD : 'end'}.`;

function twinsCsv(): Buffer {
  const lines = ['id,date,title,summary,category,latitude,longitude,location_precision,actors'];
  for (let row = 0; row < ROWS; row++) {
    const day = `2023-${String(1 + (row % 12)).padStart(2, '0')}-${String(1 + (row % 28)).padStart(2, '0')}`;
    const lat = (30 + (row % 600) / 100).toFixed(2);
    const lon = (64 + (row % 900) / 100).toFixed(2);
    lines.push(
      `${id(row)},${day},Event ${row},"${summary(row).replaceAll('"', '""')}",attack,${lat},${lon},town,Actor ${row % 13}`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** Whether the page's dataset worker read a table again on one worker (its performance mark). */
async function readOnOneWorker(page: Page): Promise<boolean> {
  const marks = await Promise.all(
    page
      .workers()
      .filter((worker) => worker.url().includes('dataset-worker'))
      .map((worker) => worker.evaluate(() => performance.getEntriesByName('atlas-table-one-worker').length)),
  );
  return marks.some((count) => count > 0);
}

async function expectReadBack(page: Page): Promise<void> {
  expect(await readOnOneWorker(page)).toBe(true);
  const ids = await revealedIds(page);
  expect(new Set(ids).size).toBe(ROWS);
  // Renamed in the order of the file, as one reader renames them.
  for (let k = 1; k <= TWINS; k++) expect(ids).toContain(`row-5-${k + 1}`);
  for (const row of [PLANTED, 3, ROWS - 1, TWIN_EVERY * TWINS]) {
    const loaded = id(row) === 'row-5' && row !== 5 ? `row-5-${row / TWIN_EVERY + 1}` : id(row);
    await page.evaluate((incident) => window.explorer.select(incident), loaded);
    const details = page.getByRole('region', { name: `Event ${row}`, exact: true });
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain(summary(row));
  }
  await page.evaluate((q) => window.explorer.setFilter({ q }), WORD);
  await expect.poll(() => page.evaluate(() => window.explorer.shownIds())).toEqual([id(PLANTED)]);
}

describe('a large table read again on one worker', () => {
  const csv = twinsCsv();

  test('from the file chooser: every row, the repeated id renamed, text read back from the file', async () => {
    expect(csv.length).toBeGreaterThan(4 * 1024 * 1024);
    const { page } = await openApp();
    await page.locator('#open-file').setInputFiles({ name: 'twins.csv', mimeType: 'text/csv', buffer: csv });
    await waitForDataset(page, ROWS);
    await expectReadBack(page);
  });

  test('by ?data=: the same, its text read back by Range', async () => {
    const folder = fileURLToPath(new URL('../../test-results/generated/', import.meta.url));
    mkdirSync(folder, { recursive: true });
    writeFileSync(`${folder}twins.csv`, csv);
    const { page } = await openApp(`?data=${encodeURIComponent(`${new URL(generated).pathname}twins.csv`)}`);
    await waitForDataset(page, ROWS);
    await expectReadBack(page);
  });
});
