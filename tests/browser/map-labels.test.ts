import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, mapIdle, pixelsAtScreen, screenshot } from './app';

const openApp = appsForThisFile();

const KABUL: [number, number] = [69.18131, 34.51864];
/** Kabul's label at zoom 7, before any incident is revealed (no marker over it). */
const AT_KABUL = '#map=7/34.3/69.6&date=2024-01-01';
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };

/** Opens the app and keeps every URL the page asked for (its workers' too), decoded. */
async function openRecording(path: string, options = {}) {
  const urls: string[] = [];
  const app = await openApp(path, {
    ...options,
    prepare: async (page) => {
      page.on('request', (request) => urls.push(decodeURIComponent(request.url())));
    },
  });
  return { ...app, urls };
}

/**
 * How many dark (text) pixels the map draws in a box left and right of Kabul's
 * dot, on its label's line: the label starts at the dot, on the side its script starts.
 */
async function labelInk(page: Page): Promise<{ left: number; right: number; colours: string[] }> {
  await mapIdle(page);
  const at = await page.evaluate((lngLat) => window.explorer.map.project(lngLat), KABUL);
  const points: { x: number; y: number }[] = [];
  for (let dx = 6; dx <= 70; dx += 2) for (let dy = -7; dy <= 7; dy += 2) points.push({ x: at.x - dx, y: at.y + dy });
  for (let dx = 6; dx <= 70; dx += 2) for (let dy = -7; dy <= 7; dy += 2) points.push({ x: at.x + dx, y: at.y + dy });
  const pixels = await pixelsAtScreen(page, points);
  // Darker than the province labels' lilac: the place labels' ink.
  const dark = (p: number[]) => p[3] > 200 && p[0] + p[1] + p[2] < 450;
  const half = points.length / 2;
  return {
    left: pixels.slice(0, half).filter(dark).length,
    right: pixels.slice(half).filter(dark).length,
    colours: pixels.map((p) => p.join(',')),
  };
}

describe('map labels in the reader’s language', () => {
  test("Kabul's label is in Urdu, shaped, on an Urdu page and in English on an English one", async () => {
    const en = await openRecording(`?lang=en${AT_KABUL}`);
    const english = await labelInk(en.page);
    const ur = await openRecording(`?lang=ur${AT_KABUL}`);
    const urdu = await labelInk(ur.page);
    await screenshot(ur.page, 'labels-kabul-ur');
    // English reads from the dot rightwards, Urdu leftwards.
    expect(english.right).toBeGreaterThan(5);
    expect(english.left).toBeLessThanOrEqual(english.right / 4);
    expect(urdu.left).toBeGreaterThan(3);
    expect(urdu.right).toBeLessThanOrEqual(urdu.left / 4);
    expect(urdu.colours).not.toEqual(english.colours);
    const urdus = ur.urls;
    // The letters were joined before drawing: the glyphs asked for are Arabic presentation forms
    // (initial, medial, final), from our own origin, in the stack that includes Noto Sans Arabic.
    expect(
      urdus.some((url) => url.includes('/glyphs/Noto Sans Regular,Noto Sans Arabic Regular/65024-65279.pbf')),
    ).toBe(true);
    // No RTL text plugin: MapLibre shapes and orders Arabic itself (docs/map-labels.md).
    expect(urdus.filter((url) => /rtl-text/i.test(url))).toEqual([]);
    const englishes = en.urls;
    expect(englishes.filter((url) => /Arabic|rtl-text|\.woff2?$/i.test(url))).toEqual([]);
  });

  test('Dari and Pashto pages label Kabul from its Dari name', async () => {
    const english = await labelInk((await openRecording(`?lang=en${AT_KABUL}`)).page);
    const inks: string[][] = [];
    for (const lang of ['fa-AF', 'ps']) {
      const { page, urls } = await openRecording(`?lang=${lang}${AT_KABUL}`);
      const ink = await labelInk(page);
      expect(ink.left).toBeGreaterThan(3);
      expect(ink.right).toBeLessThanOrEqual(ink.left / 4);
      // Not the English name drawn on the other side: other pixels, and joined Arabic letters asked for.
      expect(ink.colours).not.toEqual(english.colours);
      expect(urls.some((url) => url.includes('Noto Sans Arabic Regular/65024-65279.pbf'))).toBe(true);
      inks.push(ink.colours);
      await screenshot(page, `labels-kabul-${lang}`);
    }
    // Both from Natural Earth's Persian name: the same label.
    expect(inks[1]).toEqual(inks[0]);
  });

  test('the Urdu page is set in Noto Nastaliq Urdu, Dari and Pashto in Noto Naskh Arabic, all from our origin', async () => {
    for (const [lang, family] of [
      ['ur', 'Noto Nastaliq Urdu'],
      ['fa-AF', 'Noto Naskh Arabic'],
      ['ps', 'Noto Naskh Arabic'],
    ]) {
      const { page, urls } = await openRecording(`?lang=${lang}`);
      const seen = await page.evaluate(async (family) => {
        await document.fonts.ready;
        const button = document.querySelector('button') as HTMLElement;
        return {
          declared: getComputedStyle(button).fontFamily,
          loaded: [...document.fonts].some(
            (face) => face.family.replace(/"/g, '') === family && face.status === 'loaded',
          ),
          check: document.fonts.check(`16px "${family}"`, 'کابل'),
        };
      }, family);
      expect(seen.declared.replace(/"/g, '').startsWith(family)).toBe(true);
      expect(seen.loaded).toBe(true);
      expect(seen.check).toBe(true);
      const fonts = urls.filter((url) => url.endsWith('.woff2'));
      expect(fonts.length).toBeGreaterThan(0);
      for (const url of fonts) expect(url).toContain('-arabic-');
    }
  });

  test("MapLibre's own font-face drawing also joins Kabul's letters (docs/map-labels.md compares the two)", async () => {
    const { page, urls } = await openRecording(`?lang=ur${AT_KABUL}`, { deviceScaleFactor: 3 });
    const crop = async (name: string) => {
      await mapIdle(page);
      const box = await page.locator('#map canvas').boundingBox();
      const at = await page.evaluate((lngLat) => window.explorer.map.project(lngLat), KABUL);
      if (!box) throw new Error('no map canvas');
      await page.screenshot({
        path: `test-results/screenshots/${name}.png`,
        clip: { x: box.x + at.x - 70, y: box.y + at.y - 18, width: 140, height: 36 },
      });
    };
    await crop('labels-kabul-ur-glyphs');
    const glyphs = await labelInk(page);
    // The same labels drawn from Noto Naskh Arabic (the page's own font file) by the style's font-faces.
    await page.evaluate(async () => {
      const map = window.explorer.map;
      let url = '';
      for (const sheet of document.styleSheets)
        for (const rule of sheet.cssRules)
          if (rule instanceof CSSFontFaceRule && rule.style.getPropertyValue('font-family').includes('Naskh'))
            url ||= new URL(/url\("?([^")]+)"?\)/.exec(rule.style.getPropertyValue('src'))?.[1] ?? '', sheet.href ?? '')
              .href;
      const style = map.getStyle();
      style['font-faces'] = {
        'Noto Sans Arabic Regular': [{ url, 'unicode-range': ['U+0600-06FF', 'U+FB50-FDFF', 'U+FE70-FEFF'] }],
      };
      map.setStyle(style, { diff: false });
      await new Promise((resolve) => map.once('idle', resolve));
    });
    await crop('labels-kabul-ur-font-faces');
    const faces = await labelInk(page);
    expect(faces.left).toBeGreaterThan(3);
    expect(faces.colours).not.toEqual(glyphs.colours);
    expect(urls.some((url) => /noto-naskh-arabic-arabic-400.*\.woff2$/.test(url))).toBe(true);
  });

  test.each(['en', 'ur', 'fa-AF', 'ps'])('screenshots (%s): the whole page, desktop and phone', async (lang) => {
    for (const [device, options] of [
      ['desktop', {}],
      ['phone', phone],
    ] as const) {
      const { page } = await openRecording(`?lang=${lang}#incident=2024-12-24-paktika-airstrikes`, options);
      await page.evaluate(() => document.fonts.ready);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await screenshot(page, `labels-${device}-${lang}`);
    }
    // Zoomed out: the region's places from the names file, the rest of the world's in English.
    const { page } = await openRecording(`?lang=${lang}#map=3/30/68&date=2024-01-01`);
    await screenshot(page, `labels-zoom3-${lang}`);
  });
});
