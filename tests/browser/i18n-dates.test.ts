import { describe, expect, test } from 'vitest';
import { appsForThisFile } from './app';
import { ARTICLE_ONLY } from './dataset';

const openApp = appsForThisFile();

// Expected phrases are written out by hand, as a reader of each language reads them.
const EXPECTED = {
  en: { month: 'Sept 2024', open: '23 Dec 2024 or later', counter: '13 of 13 incidents' },
  ur: { month: 'ستمبر 2024', open: '23 دسمبر، 2024 یا اس کے بعد', counter: '13 واقعات میں سے 13' },
  ps: { month: 'سپتمبر ۲۰۲۴', open: '۲۳ دسمبر ۲۰۲۴ یا وروسته', counter: '۱۳' },
  'fa-AF': { month: 'سپتمبر ۲۰۲۴', open: '۲۳ دسمبر ۲۰۲۴ یا بعد از آن', counter: '۱۳ از ۱۳' },
} as const;

describe('uncertain dates and counts in each language', () => {
  for (const [lang, want] of Object.entries(EXPECTED)) {
    test(`${lang}: a month-dated and an open-ended incident, and the counter's digits`, async () => {
      const { page } = await openApp(`${ARTICLE_ONLY}&lang=${lang}`);
      const dateOf = (id: string) => page.locator(`li[data-id="${id}"] .incident-item-date`).innerText();
      expect(await dateOf('2024-09-durrani-steps-down')).toBe(want.month);
      expect(await dateOf('2024-12-sadiq-meets-sirajuddin-haqqani')).toBe(want.open);
      expect(await page.locator('.timeline-count').innerText()).toContain(want.counter);
    });
  }
});
