import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, appUrl, state } from './app';

const openApp = appsForThisFile();

/** Waits for the page a menu change opened to be ready again. */
async function reopened(page: Page, lang: string): Promise<void> {
  await page.waitForFunction((lang) => document.documentElement.lang === lang, lang);
  await page.evaluate(() => window.explorer.ready);
}

describe('the language menu', () => {
  test('reopens the page in the chosen language with its view, and is remembered', async () => {
    const { page } = await openApp('#date=2024-12-24');
    const menu = page.getByRole('combobox', { name: 'Language' });
    expect(await menu.locator('option').allInnerTexts()).toEqual(['English', 'دری', 'پښتو', 'اردو']);
    await menu.selectOption('ur');
    await reopened(page, 'ur');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => location.hash)).toContain('date=2024-12-24');
    expect((await state(page)).date).toBe('2024-12-24');
    expect(await page.getByRole('combobox', { name: 'زبان' }).inputValue()).toBe('ur');

    // Opened again without ?lang=, the page is in the language chosen before.
    const again = await page.context().newPage();
    await again.goto(appUrl);
    await again.evaluate(() => window.explorer.ready);
    expect(await again.evaluate(() => document.documentElement.lang)).toBe('ur');
    await again.close();
  });

  test("a link's language the app lacks is named politely, and the browser's is used", async () => {
    const { page } = await openApp('?lang=xx-YY', { locale: 'ps-AF' });
    // Chromium's language is Pashto here, so the page is Pashto, and says it has no xx-YY.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ps');
    await expect.poll(() => page.locator('.messages').innerText()).toContain('xx-YY');
  });

  test('Dari offers the Solar Hijri calendar; the address keeps ISO days', async () => {
    const { page } = await openApp('?lang=fa-AF#date=2024-12-24');
    const readout = page.locator('.timeline-date');
    expect(await readout.innerText()).toBe('۲۴ دسمبر ۲۰۲۴');
    await page.getByRole('combobox', { name: 'تقویم' }).selectOption('persian');
    await page.waitForFunction(() => document.documentElement.dataset.calendar === 'persian');
    await page.evaluate(() => window.explorer.ready);
    // 24 December 2024 is 4 Jadi 1403.
    await expect.poll(() => readout.innerText()).toBe('۴ جدی ۱۴۰۳');
    expect(await page.evaluate(() => location.hash)).toContain('date=2024-12-24');
    expect((await state(page)).date).toBe('2024-12-24');
  });
});
