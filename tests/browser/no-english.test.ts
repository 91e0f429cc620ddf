import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { KEPT_IN_LATIN } from '../kept-in-latin';
import { appsForThisFile } from './app';

const openApp = appsForThisFile();

/**
 * Latin-script words the page shows or names its controls with in its own
 * language. Text marked as another language (`lang` on it or an ancestor: data
 * shown as the dataset has it) is not the page's words, nor are the product's
 * name and names of formats and sources (KEPT_IN_LATIN).
 */
function latinWordsLeft(page: Page, kept: string[]): Promise<string[]> {
  return page.evaluate((kept) => {
    const pageLang = document.documentElement.lang;
    const allowed = new Set(kept);
    const found: string[] = [];
    const ours = (element: Element) => (element.closest('[lang]')?.getAttribute('lang') ?? pageLang) === pageLang;
    const visible = (element: Element) =>
      element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) &&
      !element.closest('script, style, noscript, template');
    const note = (where: string, text: string) => {
      const words = (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !allowed.has(w));
      if (words.length > 0) found.push(`${where}: ${text.trim().slice(0, 80)}`);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !visible(parent) || !ours(parent)) continue;
      note(`<${parent.tagName.toLowerCase()} class="${parent.className}">`, node.textContent ?? '');
    }
    for (const element of document.body.querySelectorAll('*')) {
      if (!visible(element) || !ours(element)) continue;
      for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription']) {
        const value = element.getAttribute(name);
        if (value) note(`${name} of <${element.tagName.toLowerCase()}>`, value);
      }
    }
    return [...new Set(found)];
  }, kept);
}

describe('no English is left in the page of another language', () => {
  for (const lang of ['ur', 'ps', 'fa-AF']) {
    test(`${lang}: opened, with an incident selected, and with the filters and legend open`, async () => {
      const { page } = await openApp(`?lang=${lang}`);
      const kept = [...KEPT_IN_LATIN];
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
        lang,
        'rtl',
      ]);
      expect(await latinWordsLeft(page, kept)).toEqual([]);
      // The next incident selected: the details, the card and the announcement.
      await page.evaluate(() => window.explorer.prev());
      await page.evaluate(() => window.explorer.next());
      expect(await latinWordsLeft(page, kept)).toEqual([]);
      // Every folded section of the filters opened.
      for (const summary of await page.locator('details:not([open]) > summary').all()) {
        if (await summary.isVisible()) await summary.click();
      }
      expect(await latinWordsLeft(page, kept)).toEqual([]);
    });
  }
});
