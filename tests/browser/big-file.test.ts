import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { appsForThisFile, revealedIds, state } from './app';
import { BIG_ROWS, bigId, bigSummary, PLANTED_ROW, PLANTED_WORD } from './big-csv';

const openApp = appsForThisFile();
const generated = inject('generatedUrl');
const DATA = `${new URL(generated).pathname}big.csv`;
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

    await page.evaluate((id) => window.explorer.select(id), bigId(PLANTED_ROW));
    const details = page.getByRole('region', { name: `Incident ${PLANTED_ROW}` });
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toContain(bigSummary(PLANTED_ROW));

    await page.evaluate((q) => window.explorer.setFilter({ q }), PLANTED_WORD);
    await expect
      .poll(() => page.evaluate(() => window.explorer.shownIds()), { timeout: 30_000 })
      .toEqual([bigId(PLANTED_ROW)]);
  });

  test('opens from the file chooser', { timeout: LOAD_MS + 60_000 }, async () => {
    const { page } = await openApp();
    await page.locator('#open-file').setInputFiles(PATH);
    await expect.poll(() => page.locator('.load-progress-label').isVisible(), { timeout: 30_000 }).toBe(true);
    await waitForBig(page);
    await expect.poll(() => page.locator('.dataset-status').textContent()).toMatch(/300,000 incidents loaded/);
  });
});
