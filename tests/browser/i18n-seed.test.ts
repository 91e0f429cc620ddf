// The embedded dataset in the reader's language (issue #32): with ?lang= the
// list, the details and the card show the incidents' own translations, each
// marked with its language; a dataset without translations shows its English
// text marked as English, left to right, with a note that it is not translated.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, mapIdle, screenshot } from './app';
import { ARTICLE_ONLY, articleOnly, byId } from './dataset';

const openApp = appsForThisFile();

const ARRIVAL = '2024-12-23-delegation-arrives-in-kabul';
/** What the seed says of the delegation's arrival, in the words written for it. */
const WRITTEN = {
  ur: {
    title: 'محمد صادق کی قیادت میں پاکستانی وفد کابل پہنچ گیا',
    summaryStart:
      'خصوصی ایلچی محمد صادق کی سربراہی میں پاکستانی وفد، جس میں دفتر خارجہ کے افغان ڈویژن کے سینیئر افسران شامل تھے، 23 دسمبر کی شام کابل پہنچا',
    places: ['کابل', 'اسلام آباد'],
  },
  ps: {
    title: 'د محمد صادق په مشرۍ پاکستاني پلاوی کابل ته ورسېد',
    summaryStart:
      'د ځانګړي استازي محمد صادق په مشرۍ پاکستاني پلاوی، چې د بهرنیو چارو وزارت د افغان څانګې لوړپوړي چارواکي پکې شامل وو، د ډسمبر د ۲۳مې په ماښام کابل ته ورسېد',
    places: ['کابل', 'اسلام اباد'],
  },
} as const;

/** The text and language of the first element `selector` finds. */
function textOf(page: Page, selector: string) {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => ({
      text: element.textContent ?? '',
      lang: element.getAttribute('lang'),
    }));
}

describe.each(['ur', 'ps'] as const)('?lang=%s', (tag) => {
  test('the list, the details and the place show what was written in the language, marked with it', async () => {
    const { page } = await openApp(`?lang=${tag}#incident=${ARRIVAL}`);
    const written = WRITTEN[tag];
    const row = page.locator(`li[data-id="${ARRIVAL}"]`);
    expect(await textOf(page, `li[data-id="${ARRIVAL}"] .incident-item-title`)).toEqual({
      text: written.title,
      lang: tag,
    });
    expect(await row.getAttribute('aria-label')).toBe(written.title);

    // The details are the region named by the translated title.
    const details = page.getByRole('region', { name: written.title });
    expect(await details.isVisible()).toBe(true);
    const summary = await textOf(page, '.incident-details .summary');
    expect(summary.lang).toBe(tag);
    expect(summary.text.startsWith(written.summaryStart)).toBe(true);
    // Where it happened and where the delegation came from, named in the language.
    const places = page.locator(`.incident-details .facts span[lang="${tag}"]`);
    expect(await places.allTextContents()).toEqual(written.places);
    // Translated text is never marked as shown in English (actors and sources, which the seed does not
    // translate, are).
    const english =
      '.incident-details h2[lang="en"], .incident-details .summary[lang="en"], .incident-details .facts span[lang="en"], .incident-list [lang="en"]';
    expect(await page.locator(english).count()).toBe(0);
    expect(await page.locator('.incident-details .actors li[lang="en"]').count()).toBeGreaterThan(0);
    await screenshot(page, `i18n-seed-${tag}`);
  });
});

test("the map's tooltip gives a marker's title in the language, marked with it", async () => {
  const strikes = byId('2024-12-24-paktika-airstrikes');
  const { page } = await openApp('?lang=ur#date=2024-12-24');
  await mapIdle(page);
  const box = await page.locator('#map canvas').boundingBox();
  if (!box) throw new Error('no map canvas');
  const point = await page.evaluate(
    (c) => window.explorer.map.project(c as [number, number]),
    strikes.geometry.coordinates,
  );
  await page.mouse.move(box.x + point.x, box.y + point.y);
  const tooltip = page.locator('.incident-tooltip [lang="ur"]');
  await expect.poll(() => tooltip.count()).toBe(1);
  expect(await tooltip.textContent()).toBe(
    'افغانستان کا پاکستان پر پکتیکا کے ضلع برمل میں ہلاکت خیز فضائی حملوں کا الزام',
  );
});

describe('a dataset without translations', () => {
  test('?lang=fa-AF shows its English titles marked as English, with the note that they are not translated', async () => {
    const first = articleOnly[0];
    const { page } = await openApp(`${ARTICLE_ONLY}&lang=fa-AF#incident=${first.id}`);
    const note = 'ترجمه نشده؛ به انگلیسی نشان داده شده است.';
    /** An element's language, direction, tooltip, own text and the note read out with it. */
    const marks = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((element) => ({
          lang: element.getAttribute('lang'),
          dir: element.getAttribute('dir'),
          title: element.getAttribute('title'),
          text: element.firstChild?.textContent ?? '',
          note: element.querySelector('.visually-hidden')?.textContent ?? null,
          noteLang: element.querySelector('.visually-hidden')?.getAttribute('lang') ?? null,
        }));
    const english = { lang: 'en', dir: 'ltr', title: note, note: ` (${note})`, noteLang: 'fa-AF' };
    expect(await marks(`li[data-id="${first.id}"] .incident-item-title`)).toEqual({
      ...english,
      text: first.properties.title,
    });

    // The details say the same of the title and the summary; the region's name carries the note.
    expect(await marks('#incident-title')).toEqual({ ...english, text: first.properties.title });
    expect(await page.getByRole('region', { name: `${first.properties.title} (${note})` }).isVisible()).toBe(true);
    expect(await marks('.incident-details .summary')).toMatchObject(english);
    await screenshot(page, 'i18n-seed-fa-AF-untranslated');
  });
});
