// The reading views in the reader's language (issue #32), as a reader meets
// them: the list's heading, the filters, the legend, the map's controls, the
// details' labels and the claims in Urdu, Pashto or Dari, counts in the
// language's digits (Pashto and Dari write ۰-۹), and choosing an incident
// announced in that language. Titles and other text from data stay as written.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile } from './app';

const openApp = appsForThisFile();

const ATTACK = '2024-12-south-waziristan-attack';
/** Any Latin letter: what a word left in English would show. */
const LATIN = /[A-Za-z]/;

/** The live region the timeline says selections and steps in. */
const announcer = (page: Page) => page.locator('.visually-hidden[aria-live="polite"]');

/** Chooses the list's first incident; returns its title as the details show it. */
async function chooseFirst(page: Page): Promise<string> {
  await page.locator('.incident-item').first().click();
  const heading = page.locator('.incident-details #incident-title');
  await expect.poll(() => heading.isVisible()).toBe(true);
  return (await heading.textContent()) ?? '';
}

/** The announcement made for `title`, once made. */
async function announcedFor(page: Page, title: string): Promise<string> {
  await expect
    .poll(async () => (await announcer(page).allTextContents()).some((text) => text.startsWith(title)))
    .toBe(true);
  return (await announcer(page).allTextContents()).find((text) => text.startsWith(title)) ?? '';
}

describe('Urdu', () => {
  test('the list, filters, legend and map controls are in Urdu', async () => {
    const { page } = await openApp('?lang=ur');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'ur',
      'rtl',
    ]);
    expect(await page.locator('#incident-list-heading').textContent()).toBe('دکھائے گئے واقعات (13)');
    expect(await page.locator('.filter-count').textContent()).toBe('13 واقعات');
    const search = page.getByRole('searchbox', { name: 'واقعات تلاش کریں' });
    expect(await search.getAttribute('placeholder')).toBe('عنوان، خلاصے، فریقین، مقامات تلاش کریں');
    expect(await page.getByRole('region', { name: 'فلٹر' }).count()).toBe(1);
    expect(await page.locator('.filters summary').allTextContents()).toEqual(
      expect.arrayContaining(['زمرے', 'فریقین', 'اعداد و شمار']),
    );

    const legend = page.locator('.legend');
    expect(await legend.locator('summary').textContent()).toBe('علامات');
    expect(await legend.getByRole('list', { name: 'واقعات کے زمرے' }).count()).toBe(1);
    expect(await legend.locator('.legend-keys li').allTextContents()).toEqual([
      'قصبہ یا درست مقام',
      'صرف ضلع، صوبہ یا ملک معلوم ہے',
      'تاریخ غیر یقینی: دکھائے گئے دنوں میں ہو بھی سکتی ہے اور نہیں بھی',
      'تازہ ترین سامنے آنے والا واقعہ',
      'سامنے آنے والے واقعے کا علاقہ',
      'سفر',
    ]);
    expect(await page.locator('.maplibregl-canvas').getAttribute('aria-label')).toBe('نقشہ');
    expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('aria-label')).toBe('زوم اِن');
  });

  test('choosing an incident announces it in Urdu, and its details are labelled in Urdu', async () => {
    const { page } = await openApp('?lang=ur');
    const title = await chooseFirst(page);
    const said = await announcedFor(page, title);
    expect(said).toMatch(/، .+۔ 13 واقعات میں سے 13 سامنے آ چکے ہیں۔$/);
    expect(said.slice(title.length)).not.toMatch(LATIN);

    const details = page.locator('.incident-details');
    expect(await details.locator('.facts dt').allTextContents()).toEqual(
      expect.arrayContaining(['تاریخ', 'مقام', 'زمرہ']),
    );
    expect(await details.locator('.edtf').getAttribute('title')).toBe('تاریخ، جیسے ڈیٹاسیٹ میں لکھی ہے (EDTF)');
    expect(await details.getByRole('button', { name: 'تفصیلات بند کریں' }).count()).toBe(1);
    expect(await details.getByRole('button', { name: 'لنک کاپی کریں' }).count()).toBe(1);
    await page.waitForSelector('.incident-details .long-text:not([aria-busy])');
    expect(await details.locator('h3').allTextContents()).toContain('ذرائع');
    // Every label the details give is in Urdu: no English word among them.
    for (const label of await details.locator('.facts dt, h3, .precision').allTextContents()) {
      expect(label).not.toMatch(LATIN);
    }
  });

  test("the attack's figures say who claims each in Urdu", async () => {
    const { page } = await openApp(`?lang=ur#incident=${ATTACK}`);
    await page.waitForSelector('.incident-details .long-text:not([aria-busy])');
    const details = page.locator('.incident-details');
    expect(await details.locator('h3').allTextContents()).toContain('اعداد و شمار، ہر فریق کے مطابق');
    expect(await details.locator('.claims dt').first().textContent()).toBe('ہلاکتیں اعداد مختلف ہیں');
    const items = (await details.locator('.claims li').allTextContents()).map((text) => text.replace(/\s+/g, ' '));
    expect(items).toContainEqual(
      expect.stringMatching(/^ISPR کے مطابق 16 \(soldiers\) — Daily Times، 22 دسمبر، 2024$/),
    );
    expect(await details.locator('.facts').innerText()).toMatch(/جیسا کہ Daily Times، 22 دسمبر، 2024 نے رپورٹ کیا/);
  });

  test('a filter that keeps nothing says so in Urdu', async () => {
    const { page } = await openApp('?lang=ur#q=nosuchwordanywhere');
    expect(await page.locator('.incident-list-empty').textContent()).toBe('کوئی واقعہ فلٹر سے مطابقت نہیں رکھتا۔');
    expect(await page.locator('.filter-count').textContent()).toBe('13 واقعات میں سے 0 مطابقت رکھتے ہیں');
    expect(await page.getByRole('button', { name: 'فلٹر صاف کریں' }).count()).toBe(1);
  });
});

describe('Pashto and Dari', () => {
  const languages = [
    {
      tag: 'ps',
      heading: 'ښودل شوې پېښې (۱۳)',
      count: '۱۳ پېښې',
      legend: 'نښې',
      date: 'نېټه',
      place: 'ځای',
      revealed: 'له ۱۳ پېښو څخه ۱۳ ښکاره شوې دي.',
      // Chromium's Intl has no Pashto: its dates are not yet Pashto words (see i18n/translator.ts).
      datesInIntl: false,
    },
    {
      tag: 'fa-AF',
      heading: 'رویدادهای نمایش‌داده‌شده (۱۳)',
      count: '۱۳ رویداد',
      legend: 'راهنمای نقشه',
      date: 'تاریخ',
      place: 'محل',
      revealed: '۱۳ از ۱۳ رویداد نمایان شده است.',
      datesInIntl: true,
    },
  ];
  for (const language of languages) {
    test(`${language.tag}: the list, filters and legend are in it, counted in its digits`, async () => {
      const { page } = await openApp(`?lang=${language.tag}`);
      expect(await page.locator('#incident-list-heading').textContent()).toBe(language.heading);
      expect(await page.locator('.filter-count').textContent()).toBe(language.count);
      expect(await page.locator('.legend summary').textContent()).toBe(language.legend);
      // Each category's count, and each facet's, is in Eastern Arabic digits.
      const legendRows = await page.locator('.legend ul:not(.legend-keys) li').allTextContents();
      expect(legendRows.length).toBeGreaterThan(0);
      for (const row of legendRows) expect(row).toMatch(/\([۰-۹]+\)$/);
      const facetCounts = await page.locator('.filters .facet-count').allTextContents();
      expect(facetCounts.length).toBeGreaterThan(0);
      for (const count of facetCounts) expect(count).toMatch(/^[۰-۹٬]+$/);
      for (const key of await page.locator('.legend-keys li').allTextContents()) expect(key).not.toMatch(LATIN);
      expect(await page.locator('.filter-search').getAttribute('placeholder')).not.toMatch(LATIN);

      const title = await chooseFirst(page);
      const facts = await page.locator('.incident-details .facts dt').allTextContents();
      expect(facts).toEqual(expect.arrayContaining([language.date, language.place]));
      // The announcement after the title: the date and counts, in the language and its digits.
      const rest = (await announcedFor(page, title)).slice(title.length);
      expect(rest.endsWith(` ${language.revealed}`)).toBe(true);
      if (language.datesInIntl) expect(rest).not.toMatch(/[0-9A-Za-z]/);
    });
  }
});
