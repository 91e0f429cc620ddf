import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { appsForThisFile, revealedIds, state } from './app';
import { BIG_ROWS, bigId, bigSummary, PLANTED_ROW, PLANTED_WORD } from './big-csv';

const openApp = appsForThisFile();
const generated = inject('generatedUrl');
const DATA = `${new URL(generated).pathname}big.csv`;
/** The same file from a mount that ignores Range requests. */
const DATA_PLAIN = DATA.replace('/generated/', '/generated-plain/');
/** The requests for generated files since last asked: `path` or `path bytes=A-B`. */
const received = async (): Promise<string[]> =>
  (await fetch(new URL('/received-generated', generated))).json() as Promise<string[]>;
/** The bytes asked for by the Range requests among `entries`. */
const rangeBytes = (entries: string[]) =>
  entries.reduce((sum, entry) => {
    const match = / bytes=(\d+)-(\d+)$/.exec(entry);
    return match ? sum + Number(match[2]) - Number(match[1]) + 1 : sum;
  }, 0);
const PATH = fileURLToPath(new URL('../../test-results/generated/big.csv', import.meta.url));
const LOAD_MS = 240_000;

/** Waits for the big dataset to be on screen, every row of it. */
async function waitForBig(page: Page): Promise<void> {
  await expect
    .poll(async () => (await page.evaluate(() => document.body.dataset.loading)) ?? 'idle', {
      timeout: LOAD_MS,
      interval: 500,
    })
    .toBe('idle');
  expect((await state(page)).revealedCount).toBe(BIG_ROWS);
}

describe('a CSV larger than the 150 MB the app once refused', () => {
  test('opens by ?data= with every row, its progress in bytes and rows, one row read back, one word found', {
    timeout: LOAD_MS + 60_000,
  }, async () => {
    const { page } = await openApp(`?data=${encodeURIComponent(DATA)}`, { waitReady: false });
    // The progress names the bytes and rows read while the file comes in.
    await expect
      .poll(() => page.locator('.load-progress-label').textContent(), { timeout: 60_000, interval: 100 })
      .toMatch(/MB of 15\d MB · [\d,]+ rows/);
    await page.evaluate(() => window.explorer.ready);
    await waitForBig(page);
    const ids = await revealedIds(page);
    expect(ids[0]).toBe(bigId(0));
    expect(ids[BIG_ROWS - 1]).toBe(bigId(BIG_ROWS - 1));

    // The summary is not in the page: it is read back from the file with a Range request for its row alone.
    await received();
    await page.evaluate((id) => window.explorer.select(id), bigId(PLANTED_ROW));
    const details = page.getByRole('region', { name: `Incident ${PLANTED_ROW}` });
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain(bigSummary(PLANTED_ROW));
    const reads = (await received()).filter((entry) => entry.includes('big.csv'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((entry) => / bytes=\d+-\d+$/.test(entry))).toBe(true);
    expect(rangeBytes(reads)).toBeLessThan(64 * 1024);

    await page.evaluate((q) => window.explorer.setFilter({ q }), PLANTED_WORD);
    await expect
      .poll(() => page.evaluate(() => window.explorer.shownIds()), { timeout: 30_000 })
      .toEqual([bigId(PLANTED_ROW)]);
  });

  test('from a server that ignores Range, the text is kept compressed and read from there', {
    timeout: LOAD_MS + 60_000,
  }, async () => {
    const { page } = await openApp(`?data=${encodeURIComponent(DATA_PLAIN)}`);
    await waitForBig(page);
    await received();
    await page.evaluate((id) => window.explorer.select(id), bigId(PLANTED_ROW));
    const details = page.getByRole('region', { name: `Incident ${PLANTED_ROW}` });
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain(bigSummary(PLANTED_ROW));
    // Nothing more was asked of the server: the text came from the pages kept.
    expect((await received()).filter((entry) => entry.includes('big.csv'))).toEqual([]);
    await page.evaluate((q) => window.explorer.setFilter({ q }), PLANTED_WORD);
    await expect
      .poll(() => page.evaluate(() => window.explorer.shownIds()), { timeout: 30_000 })
      .toEqual([bigId(PLANTED_ROW)]);
  });

  test('opens from the file chooser, its text read back from the File', { timeout: LOAD_MS + 60_000 }, async () => {
    const { page } = await openApp();
    await page.locator('#open-file').setInputFiles(PATH);
    await expect.poll(() => page.locator('.load-progress-label').isVisible(), { timeout: 30_000 }).toBe(true);
    await waitForBig(page);
    await expect.poll(() => page.locator('.dataset-status').textContent()).toMatch(/300,000 incidents loaded/);
    // Its summary is read back from the File, and found by search.
    await page.evaluate((id) => window.explorer.select(id), bigId(PLANTED_ROW));
    const details = page.getByRole('region', { name: `Incident ${PLANTED_ROW}` });
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain(bigSummary(PLANTED_ROW));
    await page.evaluate((q) => window.explorer.setFilter({ q }), PLANTED_WORD);
    await expect
      .poll(() => page.evaluate(() => window.explorer.shownIds()), { timeout: 30_000 })
      .toEqual([bigId(PLANTED_ROW)]);
  });
});
