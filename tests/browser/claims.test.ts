// Every figure attributed (issue #30), as a reader meets it: the South
// Waziristan attack's details give ISPR's 16 and the TTP's 35 side by side,
// each with the report that carries it; the Figures filter keeps the incidents
// whose figures differ, and its link reopens it; the exported CSV and GeoJSON
// carry the claims and, opened again, show them the same way.
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, exportDownload, revealedIds, state, waitForDataset } from './app';

const openApp = appsForThisFile();

const ATTACK = '2024-12-south-waziristan-attack';

/** The figures the details list, each as "dt: item" lines, once the long text has been read. */
async function claimsShown(page: Page): Promise<{ headings: string[]; items: string[]; links: string[] }> {
  await page.waitForSelector('.incident-details .long-text:not([aria-busy])');
  return page.evaluate(() => {
    const list = document.querySelector('.incident-details .claims');
    return {
      headings: [...(list?.querySelectorAll('dt') ?? [])].map((dt) => dt.textContent ?? ''),
      items: [...(list?.querySelectorAll('li') ?? [])].map((li) => (li.textContent ?? '').replace(/\s+/g, ' ')),
      links: [...(list?.querySelectorAll('a') ?? [])].map((a) => a.getAttribute('href') ?? ''),
    };
  });
}

/** Checks the attack's figures as the details show them: both sides' dead, each with its claimant and report. */
function expectAttackFigures(shown: { headings: string[]; items: string[]; links: string[] }) {
  expect(shown.headings[0]).toMatch(/^Deaths figures differ$/);
  expect(shown.items).toContainEqual(
    expect.stringMatching(/^16 according to ISPR \(soldiers\) — Daily Times, 22 Dec 2024$/),
  );
  expect(shown.items).toContainEqual(
    expect.stringMatching(/^35 according to the TTP — WTOP \(citing AP\), 21 Dec 2024$/),
  );
  // The wounded are another figure, listed apart; the attackers killed are not deaths of the attack.
  expect(shown.headings).toEqual(expect.arrayContaining(['Injured figures differ', 'Attackers killed']));
  // Each report is a link to it (http(s) only).
  expect(shown.links.length).toBe(shown.items.length);
  for (const href of shown.links) expect(href).toMatch(/^https:\/\//);
}

describe('claims', () => {
  test("the attack's details show ISPR's 16 and the TTP's 35 with their reports, and no single figure as fact", async () => {
    const { page } = await openApp(`#incident=${ATTACK}`);
    expectAttackFigures(await claimsShown(page));
    const details = page.locator('.incident-details');
    // No "Fatalities" line states one of the figures as fact.
    await expect.poll(() => details.locator('.facts dt').allInnerTexts()).not.toContain('Fatalities');
    // The date and the place say which report they follow.
    const facts = await details.locator('.facts').innerText();
    expect(facts).toMatch(/between 20 and 21 Dec 2024[\s\S]*as reported by Daily Times, 22 Dec 2024/);
    expect(facts).toMatch(/Makeen, South Waziristan[\s\S]*as reported by Daily Times/);
    // The scripting API gives the incident whole, claims included.
    const feature = await page.evaluate((id) => window.explorer.incident(id), ATTACK);
    expect(feature?.properties?.claims).toContainEqual(
      expect.objectContaining({ what: 'deaths', value: 35, by: 'the TTP', source: 3 }),
    );
    expect(await page.evaluate(() => window.explorer.incident('no-such-incident'))).toBeNull();
    // An incident without claims still shows no figures section.
    await page.evaluate(() => window.explorer.select('2024-12-23-delegation-arrives-in-kabul'));
    await page.waitForSelector('.incident-details .long-text:not([aria-busy])');
    expect(await details.locator('.claims').count()).toBe(0);
  });

  test('the Figures filter keeps the incidents whose figures differ, and its link reopens it', async () => {
    const { page } = await openApp('#date=2024-12-31');
    await page.locator('.filters summary', { hasText: 'Figures' }).click();
    await page.getByLabel('Only where the figures claimed differ').check();
    const contested = [
      '2024-12-south-waziristan-attack',
      '2024-12-24-paktika-airstrikes',
      '2024-12-dg-ispr-statement-2024-figures',
    ];
    await expect.poll(() => page.evaluate(() => window.explorer.shownIds())).toEqual(contested);
    expect((await state(page)).filter.contested).toBe(true);
    expect(await page.evaluate(() => location.hash)).toContain('contested=1');
    expect(await page.locator('.filter-count').innerText()).toBe('3 of 13 incidents match');

    const { page: again } = await openApp('#date=2024-12-31&contested=1');
    expect(await again.evaluate(() => window.explorer.shownIds())).toEqual(contested);
    expect(await again.getByLabel('Only where the figures claimed differ').isChecked()).toBe(true);
    // Clearing the filters clears it too.
    await again.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => again.evaluate(() => window.explorer.shownIds().length)).toBe(13);
  });

  test('the exported CSV and GeoJSON carry the claims, and opened again show them the same way', async () => {
    const { page } = await openApp('#date=2024-12-31');
    const csv = await exportDownload(page, 'CSV');
    const geojson = await exportDownload(page, 'GeoJSON');

    // In the files: the attack's claims as the dataset has them.
    const feature = (
      JSON.parse(geojson.bytes.toString('utf8')) as {
        features: { id: string; properties: { claims?: { by: string; value: number }[]; date_source?: number } }[];
      }
    ).features.find((f) => f.id === ATTACK);
    expect(feature?.properties.claims).toContainEqual(expect.objectContaining({ by: 'the TTP', value: 35 }));
    expect(feature?.properties.date_source).toBe(1);
    const rows = Papa.parse<Record<string, string>>(csv.bytes.toString('utf8'), { header: true }).data;
    const row = rows.find((r) => r.id === ATTACK);
    expect(JSON.parse(row?.claims_json ?? '[]')).toEqual(feature?.properties.claims);
    expect(row?.date_source).toBe('1');

    const before = await revealedIds(page);
    for (const { name, bytes } of [csv, geojson]) {
      await page.locator('#open-file').setInputFiles({ name, mimeType: 'text/plain', buffer: bytes });
      await waitForDataset(page, 13);
      expect(await revealedIds(page)).toEqual(before);
      await page.evaluate((id) => window.explorer.select(id), ATTACK);
      expectAttackFigures(await claimsShown(page));
      // The status says nothing was skipped or warned about.
      expect(await page.locator('.dataset-status').innerText()).toBe('13 incidents loaded');
    }
  });
});
