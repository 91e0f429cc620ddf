// The page in a right-to-left language (Urdu): mirrored, with a timeline that runs
// right to left (docs/right-to-left.md), and the keys, buttons, drag and wheel that follow it.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import ur from '../../src/i18n/catalogues/ur.json';
import { appsForThisFile, screenshot, state } from './app';
import { seed, startDay } from './dataset';

const openApp = appsForThisFile();

type Box = { x: number; y: number; width: number; height: number };

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${locator} is not laid out`);
  return b;
}

const centre = (b: Box) => b.x + b.width / 2;

/** The histogram's painted columns, CSS px from its left edge: how tall each is, in device pixels. */
function histogramColumns(page: Page): Promise<number[]> {
  return page.locator('.timeline-histogram').evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return [];
    const { width, height } = canvas;
    const pixels = ctx.getImageData(0, 0, width, height).data;
    const ratio = width / canvas.clientWidth;
    const columns = new Array(canvas.clientWidth).fill(0);
    for (let x = 0; x < width; x++) {
      let painted = 0;
      for (let y = 0; y < height; y++) if (pixels[(y * width + x) * 4 + 3] > 0) painted++;
      const at = Math.floor(x / ratio);
      columns[at] = Math.max(columns[at], painted);
    }
    return columns;
  });
}

/** Leaves focus on the page itself, in no field or button. */
async function focusPage(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

describe('right to left (?lang=ur)', () => {
  test('the page is dir=rtl and the timeline runs right to left: the earliest incident at the right', async () => {
    const { page } = await openApp('?lang=ur#axis=calendar');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'ur',
      'rtl',
    ]);
    const slider = page.getByRole('slider', { name: ur['timeline.slider'] });
    expect(await slider.count()).toBe(1);

    // The first incident's tick is right of the last one's, near the slider's right end.
    const ticks = page.locator('.timeline-tick');
    const first = centre(await box(ticks.first()));
    const last = centre(await box(ticks.last()));
    expect(first).toBeGreaterThan(last);
    const track = await box(slider);
    expect(first).toBeGreaterThan(track.x + track.width * 0.9);

    // The histogram agrees: the first incident's bar at its right end, the tall 24 December bar left of the middle.
    const columns = await histogramColumns(page);
    const painted = columns.flatMap((h, x) => (h > 0 ? [x] : []));
    const tallest = columns.indexOf(Math.max(...columns));
    expect(painted.at(-1)).toBeGreaterThan(columns.length * 0.95);
    expect(tallest).toBeLessThan(columns.length / 2);
    const canvas = await box(page.locator('.timeline-histogram'));
    // Within a few days' width of the first tick: the bar ends where its tick is.
    expect(Math.abs(canvas.x + (painted.at(-1) ?? 0) - first)).toBeLessThan(12);

    // The native slider runs the same way: a press near its right end goes to the first days.
    await slider.click({ position: { x: track.width - 4, y: track.height / 2 } });
    expect((await state(page)).revealedCount).toBe(0);
    await slider.click({ position: { x: 4, y: track.height / 2 } });
    expect((await state(page)).revealedCount).toBe(seed.length);
    await screenshot(page, 'rtl-desktop');
  });

  test('English draws the same timeline left to right', async () => {
    const { page } = await openApp('?lang=en#axis=calendar');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    const ticks = page.locator('.timeline-tick');
    expect(centre(await box(ticks.first()))).toBeLessThan(centre(await box(ticks.last())));
    const columns = await histogramColumns(page);
    expect(columns.indexOf(Math.max(...columns))).toBeGreaterThan(columns.length / 2);
    expect(columns.findIndex((h) => h > 0)).toBeLessThan(columns.length * 0.05);
  });

  test('Left is the next incident and Right the previous one, on the page', async () => {
    const { page } = await openApp('?lang=ur#date=2024-08-01');
    expect((await state(page)).revealedCount).toBe(0);
    await focusPage(page);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    let s = await state(page);
    expect(s.revealedCount).toBe(2);
    expect(s.incident).toBe(seed[1].id);
    expect(s.date).toBe(startDay(seed[1].properties.date));
    await page.keyboard.press('ArrowRight');
    s = await state(page);
    expect(s.revealedCount).toBe(1);
    expect(s.incident).toBe(seed[0].id);

    // In the slider, its own keys: Left is a day later there too.
    const slider = page.getByRole('slider', { name: ur['timeline.slider'] });
    await slider.focus();
    const before = (await state(page)).date;
    await page.keyboard.press('ArrowLeft');
    expect(Date.parse((await state(page)).date) - Date.parse(before)).toBe(86_400_000);
  });

  test('Next and Previous step through the incidents; Next is on the left and points left', async () => {
    const { page } = await openApp('?lang=ur#date=2024-08-01');
    const next = page.getByRole('button', { name: ur['timeline.next'] });
    const prev = page.getByRole('button', { name: ur['timeline.previous'] });
    expect(centre(await box(next))).toBeLessThan(centre(await box(prev)));
    // The icons, drawn pointing right, are mirrored.
    expect(await next.locator('svg').evaluate((svg) => getComputedStyle(svg).transform)).toBe(
      'matrix(-1, 0, 0, 1, 0, 0)',
    );
    expect(await next.getAttribute('title')).toContain('←');
    await next.click();
    await next.click();
    expect((await state(page)).incident).toBe(seed[1].id);
    await prev.click();
    const s = await state(page);
    expect(s.revealedCount).toBe(1);
    expect(s.incident).toBe(seed[0].id);
  });

  test('dragging the window band leftwards moves it later, rightwards earlier', async () => {
    const { page } = await openApp('?lang=ur#date=2024-11-15&mode=window&window=30');
    const band = page.locator('.timeline-window');
    const b = await box(band);
    const start = (await state(page)).date;
    const y = b.y + b.height / 2;
    await page.mouse.move(centre(b), y);
    await page.mouse.down();
    await page.mouse.move(centre(b) - 60, y, { steps: 6 });
    await page.mouse.up();
    const later = (await state(page)).date;
    expect(later > start, `${later} after ${start}`).toBe(true);
    const moved = await box(band);
    expect(moved.x).toBeLessThan(b.x);

    await page.mouse.move(centre(moved), y);
    await page.mouse.down();
    await page.mouse.move(centre(moved) + 120, y, { steps: 6 });
    await page.mouse.up();
    const earlier = (await state(page)).date;
    expect(earlier < start, `${earlier} before ${start}`).toBe(true);
  });

  test('the wheel at the right end zooms in about the first day', async () => {
    const { page } = await openApp('?lang=ur#axis=calendar');
    const track = await box(page.locator('.timeline-track'));
    await page.mouse.move(track.x + track.width - 2, track.y + 10);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -100);
    await expect.poll(async () => (await state(page)).span).not.toBeNull();
    const span = (await state(page)).span as [string, string];
    // The axis's first day is the day before the first incident's.
    expect(Date.parse(span[0])).toBeLessThanOrEqual(Date.parse(startDay(seed[0].properties.date)));
    expect(Date.parse(span[1])).toBeLessThan(Date.parse('2024-12-01'));
  });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    test(`${name}: the layout mirrors English's`, async () => {
      const boxes = async (lang: string) => {
        const { page, close } = await openApp(`?lang=${lang}`, { viewport });
        const found = {
          panel: await box(page.locator('.panel')),
          map: await box(page.locator('.map')),
          buttons: await box(page.locator('.timeline-buttons')),
          readout: await box(page.locator('.timeline-readout')),
          legend: await box(page.locator('.legend')),
          zoom: await box(page.locator('.maplibregl-ctrl-zoom-in')),
        };
        if (lang === 'ur') await screenshot(page, `rtl-${name}`);
        await close();
        return found;
      };
      const en = await boxes('en');
      const rtl = await boxes('ur');
      const mirrored = (b: Box) => viewport.width - (b.x + b.width);
      if (name === 'desktop') {
        // The panel is on the left, as wide as in English; the map on the right.
        expect(rtl.panel.x).toBe(0);
        expect(rtl.panel.width).toBe(en.panel.width);
        expect(mirrored(rtl.panel)).toBe(en.panel.x);
        expect(rtl.map.x).toBeGreaterThanOrEqual(rtl.panel.width);
      } else {
        // One column, as in English: the map, the timeline, then the panel, across the whole width.
        expect(rtl.panel.x).toBe(en.panel.x);
        expect(rtl.panel.width).toBe(en.panel.width);
        expect(rtl.panel.y).toBeGreaterThan(rtl.buttons.y);
        expect(rtl.buttons.y).toBeGreaterThan(rtl.map.y);
      }
      // The playback buttons at the timeline's right, its date at the left.
      expect(Math.abs(mirrored(rtl.buttons) - en.buttons.x)).toBeLessThan(1);
      expect(rtl.readout.x).toBeLessThan(rtl.buttons.x);
      // The legend in the top right corner, the zoom buttons in the top left.
      expect(centre(rtl.legend)).toBeGreaterThan(centre(rtl.map));
      expect(centre(rtl.zoom)).toBeLessThan(centre(rtl.map));
      expect(centre(en.legend)).toBeLessThan(centre(en.map));
    });
  }
});
