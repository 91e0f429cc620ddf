// The import report in the reader's language: a file's problems come from
// the data layer as message keys and values, and the report words them from
// the page's catalogue, naming the feature as the file does.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, revealedIds, screenshot } from './app';

const openApp = appsForThisFile();

const feature = (id: string, date: string) => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [69.2, 34.5] },
  properties: {
    title: `Incident ${id}`,
    date,
    category: 'attack',
    location_precision: 'exact',
    sources: [{ title: 'A report' }],
  },
});

/** One incident that loads and one whose date is not a date. */
const BAD = JSON.stringify({
  type: 'FeatureCollection',
  features: [feature('good-one', '2024-12-24'), feature('bad-date', 'abc')],
});

async function openFile(page: Page, name: string, text: string) {
  await page.locator('#open-file').setInputFiles({ name, mimeType: 'application/geo+json', buffer: Buffer.from(text) });
}

async function loadsEnded(page: Page) {
  await expect
    .poll(async () => (await page.evaluate(() => document.body.dataset.loading)) ?? 'idle', { timeout: 60_000 })
    .toBe('idle');
}

describe('the import report in Urdu', () => {
  test('a bad feature is listed in Urdu, named by its index and id', async () => {
    const { page } = await openApp('?lang=ur');
    await openFile(page, 'bad.geojson', BAD);
    await loadsEnded(page);
    expect(await revealedIds(page)).toEqual(['good-one']);
    await page.locator('.dataset-line .link-button').click();
    const lines = await page.locator('.report-dialog .problem-list li').allTextContents();
    expect(lines).toHaveLength(1);
    const [line] = lines;
    // "فیچر 1 (bad-date): date — "abc" درست EDTF تاریخ نہیں؛ …"
    expect(line).toMatch(/^فیچر 1 /);
    expect(line).toContain('bad-date');
    expect(line).toContain('"abc"');
    expect(line).toContain('درست EDTF تاریخ نہیں');
    expect(line).not.toMatch(/feature|is not|expected/);
    await screenshot(page, 'i18n-report-ur');
  });

  test('a file that is not JSON is refused in Urdu', async () => {
    const { page } = await openApp('?lang=ur');
    await openFile(page, 'cut.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature"');
    await loadsEnded(page);
    const shown = (await page.locator('.messages .message').allTextContents()).join('\n');
    expect(shown).toContain('درست JSON نہیں');
    expect(shown).not.toContain('is not valid JSON');
  });
});
