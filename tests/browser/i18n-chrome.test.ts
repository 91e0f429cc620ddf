// The data and page chrome in Urdu, Pashto and Dari: the header's buttons, the
// load report's counts, the column chooser, a link's problem and the consent
// dialog, read as a reader of each language meets them.
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { appsForThisFile, waitForDataset } from './app';
import { seed } from './dataset';

const openApp = appsForThisFile();
const foreignUrl = inject('foreignUrl');
const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

const messages = (page: Page) => page.locator('.messages .message p').allInnerTexts();

describe('the header in the reader’s language', () => {
  const cases = [
    {
      lang: 'fa-AF',
      open: 'باز کردن داده‌ها…',
      exportMenu: 'خروجی',
      exports: ['خروجی GeoJSON', 'خروجی CSV', 'خروجی GeoParquet'],
      map: 'نقشهٔ رویدادها',
      panel: 'رویدادها',
      name: 'پاکستان–افغانستان، سپتمبر تا دسمبر ۲۰۲۴',
      loaded: 'رویداد بارگیری شد',
      // The seed's 13 incidents, in Dari's digits.
      count: '۱۳',
    },
    {
      lang: 'ur',
      open: 'ڈیٹا کھولیں…',
      exportMenu: 'ایکسپورٹ',
      exports: ['GeoJSON ایکسپورٹ', 'CSV ایکسپورٹ', 'GeoParquet ایکسپورٹ'],
      map: 'واقعات کا نقشہ',
      panel: 'واقعات',
      name: 'پاکستان–افغانستان، ستمبر تا دسمبر 2024',
      loaded: 'واقعات لوڈ ہوئے',
      // Urdu news writes Western digits.
      count: '13',
    },
  ];
  for (const c of cases) {
    test(`?lang=${c.lang}: buttons, section names, the dataset's name and its count`, async () => {
      const { page } = await openApp(`?lang=${c.lang}`);
      // The formats are items of the Export menu, found once it is open.
      const menu = page.getByRole('button', { name: c.exportMenu, exact: true });
      await expect.poll(() => menu.count(), { timeout: 10_000 }).toBe(1);
      await menu.click();
      for (const name of [c.open, ...c.exports]) {
        await expect.poll(() => page.getByRole('button', { name, exact: true }).count(), { timeout: 10_000 }).toBe(1);
      }
      expect(await page.getByRole('button', { name: 'Open data…' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Export/ }).count()).toBe(0);
      expect(await page.locator('#map').getAttribute('aria-label')).toBe(c.map);
      expect(await page.locator('#panel').getAttribute('aria-label')).toBe(c.panel);
      expect(await page.locator('.dataset-name').innerText()).toBe(c.name);
      const { count } = c;
      expect(seed.length).toBe(13);
      const status = page.locator('.dataset-status');
      await expect.poll(() => status.innerText(), { timeout: 10_000 }).toMatch(new RegExp(`^${count} ${c.loaded}`));
      expect(await status.innerText()).not.toMatch(/incident|loaded/);
    });
  }
});

describe('the column chooser in Dari', () => {
  test('its title, labels, caption and buttons; choosing the columns opens the file', async () => {
    const { page } = await openApp('?lang=fa-AF');
    await page.locator('#open-file').setInputFiles(fixture('columns-unknown.csv'));
    const dialog = page.getByRole('dialog', { name: 'کدام ستون چه دارد؟' });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.locator('caption').innerText()).toBe('۳ سطر اول');
    expect(await dialog.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    await dialog.getByLabel('تاریخ', { exact: true }).selectOption('when');
    await dialog.getByLabel('عرض جغرافیایی').selectOption('north');
    await dialog.getByLabel('طول جغرافیایی').selectOption('east');
    await dialog.getByLabel('عنوان (اختیاری)').selectOption('what');
    expect(await dialog.getByRole('option', { name: '(هیچ)' }).count()).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'باز کردن', exact: true }).click();
    await waitForDataset(page, 3);
    expect(await page.locator('.dataset-status').innerText()).toBe('۳ رویداد بارگیری شد');
  });
});

describe('a link’s problems in the reader’s language', () => {
  const cases = [
    { lang: 'fa-AF', said: 'متأسفیم، رویداد "no-such-id" در این مجموعهٔ داده‌ها نیست. به جای آن کل خط زمانی' },
    { lang: 'ur', said: 'معذرت، اس ڈیٹا سیٹ میں واقعہ "no-such-id" موجود نہیں۔ اس کی جگہ پوری ٹائم لائن' },
    { lang: 'ps', said: 'بښنه غواړو، په دې ډېټا سېټ کې "no-such-id" پېښه نشته. پر ځای یې ټوله مهال‌کرښه' },
  ];
  for (const { lang, said } of cases) {
    test(`?lang=${lang}#incident=no-such-id`, async () => {
      const { page } = await openApp(`?lang=${lang}#incident=no-such-id`);
      await expect.poll(async () => (await messages(page)).join('\n'), { timeout: 10_000 }).toContain(said);
      expect((await messages(page)).join('\n')).not.toMatch(/Sorry|no incident/);
    });
  }

  test('six unknown categories in Dari: five named, the rest counted in Dari digits', async () => {
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((n) => `cat=${n}`).join('&');
    const { page } = await openApp(`?lang=fa-AF#${names}`);
    await expect
      .poll(async () => (await messages(page)).join('\n'), { timeout: 10_000 })
      .toContain('این مجموعهٔ داده‌ها دستهٔ "a1"، "a2"، "a3"، "a4"، "a5" و ۱ مورد دیگر را ندارد؛');
  });
});

describe('the consent dialog in Pashto', () => {
  test('asks in Pashto; Stay offline is said in Pashto too', async () => {
    const { page } = await openApp(`?lang=ps&data=${foreignUrl}fixtures/mixed.csv`, { waitReady: false });
    const dialog = page.getByRole('dialog', { name: 'له نورو سایټونو سره اړیکه ونیول شي؟' });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.getByRole('button', { name: 'دوام ورکړئ' }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'آفلاین پاتې شئ' }).click();
    await page.evaluate(() => window.explorer.ready);
    const host = new URL(foreignUrl).host;
    await expect
      .poll(async () => (await messages(page)).join('\n'), { timeout: 10_000 })
      .toContain(`آفلاین پاتې شو: په ${host} کې پېښې پرانیستل نه شوې`);
  });
});
