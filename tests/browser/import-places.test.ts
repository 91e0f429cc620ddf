// Imported rows read as places: a UCDP row's details name its place (never its
// bare coordinates), and a row whose point lies outside the country it names is
// in the import report, on one worker and on the table workers alike.
import { describe, expect, test } from 'vitest';
import { appsForThisFile, type OpenedApp, screenshot, waitForDataset } from './app';

const openApp = appsForThisFile();

/**
 * Real rows of the UCDP sample, and three made from them (see
 * tests/unit/import/country-check.test.ts): row 4 is Karachi (62863), which
 * has no where_description; row 7 (900001) is that row with latitude and
 * longitude swapped.
 */
const fixture = new URL('../unit/import/fixtures/ucdp-country-check.csv', import.meta.url).pathname;

/** "24.860, 67.010": what the details show for a place without a name. */
const BARE_COORDINATES = /-?\d{1,3}\.\d{3}, -?\d{1,3}\.\d{3}/;

/** The text of the import report, opened as a person opens it; closed again after. */
async function reportText(page: OpenedApp['page']): Promise<string> {
  await page.getByRole('button', { name: /details of skipped rows/i }).click();
  const dialog = page.getByRole('dialog', { name: 'What was read' });
  const text = (await dialog.textContent()) ?? '';
  return text;
}

describe('imported places', () => {
  test('a UCDP row without where_description shows adm_2 as its place and in its title; a swapped row is reported', async () => {
    const { page } = await openApp();
    await page.locator('#open-file').setInputFiles(fixture);
    await waitForDataset(page, 7);
    expect(await page.locator('.dataset-status').textContent()).toBe('7 incidents loaded, 2 warnings');

    await page.evaluate(() => window.explorer.select('ucdp-62863'));
    const details = page.getByRole('region', { name: 'TTP against civilians, Karachi district', exact: true });
    await expect.poll(() => details.count()).toBe(1);
    const place = (await details.locator('dt', { hasText: 'Place' }).locator('+ dd').textContent()) ?? '';
    expect(place).toContain('Karachi town, Karachi district, Sindh province');
    expect(place).not.toMatch(BARE_COORDINATES);
    expect(await details.textContent()).not.toMatch(BARE_COORDINATES);
    // Listed by the same title.
    expect(
      await page
        .getByRole('list', { name: /incidents shown/i })
        .getByText('TTP against civilians, Karachi district')
        .count(),
    ).toBeGreaterThan(0);
    await screenshot(page, 'import-places-details');

    const report = await reportText(page);
    expect(report).toContain(
      'row 7 (ucdp-900001): latitude/longitude 67.01, 24.86 is more than 25 km outside "Pakistan", the row\'s country, but inside it read the other way round: latitude and longitude look swapped; swap the two cells (loaded)',
    );
    expect(report).toContain('row 8 (ucdp-900002)');
    // Karachi itself, on the coast, and the real rows a few km beyond the outline are not named.
    expect(report).not.toMatch(/row [3-6] /);
    await screenshot(page, 'import-places-report');
  });

  test('a table large enough for the table workers is checked there too', async () => {
    // Over 4 MiB: read in blocks on two table workers, which are sent the outlines.
    const count = 90_000;
    const swappedAt = 61_235;
    const lines = ['id,date,latitude,longitude,title,country'];
    for (let i = 0; i < count; i++) {
      // Points in Pakistan: Quetta, Peshawar, Lahore, Karachi in turn.
      const [lat, lon] = [
        ['30.18', '67.00'],
        ['34.01', '71.58'],
        ['31.55', '74.34'],
        ['24.86', '67.01'],
      ][i % 4];
      const [a, b] = i === swappedAt ? [lon, lat] : [lat, lon];
      lines.push(`ev-${i},2024-${String(1 + (i % 12)).padStart(2, '0')}-01,${a},${b},Event number ${i},Pakistan`);
    }
    const buffer = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    expect(buffer.length).toBeGreaterThan(4 * 1024 * 1024);
    const { page } = await openApp();
    await page.locator('#open-file').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer });
    await waitForDataset(page, count);
    expect(await page.locator('.dataset-status').textContent()).toBe('90,000 incidents loaded, 1 warning');
    const report = await reportText(page);
    expect(report).toContain(`row ${swappedAt + 2} (ev-${swappedAt}): latitude/longitude 67.01, 24.86 is more than`);
    expect(report).toContain('look swapped');
  });
});
