// The timeline keeps its shape on every screen: the axis never changes size
// with the status text, the window band and the slider's thumb stay on the
// axis whatever it is zoomed to, and zooming keeps the cursor's day.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, screenshot, state } from './app';
import { ARTICLE_ONLY, articleOnly, startDay } from './dataset';

const openApp = appsForThisFile();

const UCDP = '?data=../fixtures/ucdp-ged-22.1-pakistan.csv';
const screens = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  {
    name: 'phone',
    options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  },
];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${locator} is not laid out`);
  return b;
}

/** Whether `inner` lies within `outer` (half a pixel of rounding allowed). */
function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - 0.5 &&
    inner.y >= outer.y - 0.5 &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5
  );
}

/** Where the native slider draws its thumb (16 px wide in Chromium), from its value. */
async function thumbBox(page: Page): Promise<Box> {
  const slider = page.getByRole('slider', { name: /timeline date/i });
  const [value, min, max] = await slider.evaluate((input: HTMLInputElement) => [
    input.valueAsNumber,
    Number(input.min),
    Number(input.max),
  ]);
  const b = await box(slider);
  const thumb = 16;
  return { x: b.x + ((value - min) / (max - min)) * (b.width - thumb), y: b.y, width: thumb, height: b.height };
}

/** What the timeline's layout depends on: the slider's box, the timeline's and the map's height, and the count. */
async function layout(page: Page) {
  const slider = await box(page.getByRole('slider', { name: /timeline date/i }));
  const timeline = await box(page.getByRole('region', { name: 'Timeline' }));
  const map = await box(page.locator('#map'));
  return {
    slider: { x: slider.x, width: slider.width },
    timelineHeight: timeline.height,
    mapHeight: map.height,
  };
}

const countText = (page: Page) => page.locator('.timeline-count').innerText();

describe('the timeline keeps its size', () => {
  for (const screen of screens) {
    test(`on a ${screen.name}, the slider and the timeline's height do not move with the count's text`, async () => {
      const { page } = await openApp(UCDP, screen.options);
      const before = await layout(page);
      const texts = [await countText(page)];

      await page.getByRole('combobox', { name: /incidents shown/i }).selectOption({ label: 'Last 30 days' });
      await expect.poll(async () => (await state(page)).time.mode).toBe('window');
      texts.push(await countText(page));
      expect(await layout(page), texts.at(-1)).toEqual(before);

      // The longest text: a window, and a search that keeps some of the incidents.
      await page.getByRole('searchbox', { name: 'Search incidents' }).fill('Waziristan');
      await expect.poll(async () => (await state(page)).filter.q).toBe('Waziristan');
      texts.push(await countText(page));
      expect(texts.at(-1)).toMatch(/in the window, of [\d,]+ matching incidents/);
      expect(await layout(page), texts.at(-1)).toEqual(before);
      await screenshot(page, `timeline-fit-long-count-${screen.name}`);

      // While the band is dragged, the scale under the pointer stays put.
      const band = await box(page.locator('.timeline-window'));
      const [x, y] = [band.x + band.width - 3, band.y + band.height / 2];
      await page.mouse.move(x, y);
      await page.mouse.down();
      const dates = new Set<string>();
      for (const dx of [-30, -60, -90]) {
        await page.mouse.move(x + dx, y);
        dates.add((await state(page)).date);
        texts.push(await countText(page));
        expect(await layout(page), texts.at(-1)).toEqual(before);
      }
      await page.mouse.up();
      expect(dates.size).toBeGreaterThan(1);
      // The texts differ, or the test would show nothing.
      expect(new Set(texts).size).toBeGreaterThanOrEqual(3);
    });
  }
});

describe('the window band and the thumb stay on the axis', () => {
  test('zoomed away from the date, the band is cut to the axis or hidden, and a note points to the date', async () => {
    const { page } = await openApp(UCDP);
    expect((await state(page)).date).toBe('2021-12-31');
    await page.getByRole('combobox', { name: /incidents shown/i }).selectOption({ label: 'Last 30 days' });
    await expect.poll(async () => (await state(page)).time.mode).toBe('window');
    const track = () => box(page.locator('.timeline-track'));
    const band = page.locator('.timeline-window');
    const note = page.getByRole('button', { name: /31 Dec 2021.*after the days shown/i });
    expect(await note.isVisible()).toBe(false);

    // Zooming stays free: the axis shows 2010 to 2014 while the date stays on 31 Dec 2021.
    await page.evaluate(() => window.explorer.setTimeSpan(['2010-01-01', '2014-12-31']));
    expect((await state(page)).span).toEqual(['2010-01-01', '2014-12-31']);
    expect((await state(page)).date).toBe('2021-12-31');
    expect(await band.isVisible()).toBe(false);
    expect(inside(await thumbBox(page), await track())).toBe(true);
    expect(await note.isVisible()).toBe(true);
    expect(inside(await box(note), await track())).toBe(true);
    expect(await note.innerText()).toContain('31 Dec 2021');
    expect(await page.getByRole('slider', { name: /timeline date/i }).getAttribute('aria-valuetext')).toMatch(
      /31 Dec 2021, after the days shown/,
    );
    await screenshot(page, 'timeline-fit-date-after-span');

    // The window (2–31 Dec 2021) reaches into the axis's last days: the band is cut at its end.
    await page.evaluate(() => window.explorer.setTimeSpan(['2021-06-01', '2021-12-20']));
    expect(await band.isVisible()).toBe(true);
    expect(inside(await box(band), await track())).toBe(true);
    expect(await note.isVisible()).toBe(true);
    await screenshot(page, 'timeline-fit-band-cut');

    // The note brings the date onto the axis, the span's length kept.
    await note.click();
    await expect.poll(async () => (await state(page)).span).toEqual(['2021-06-12', '2021-12-31']);
    expect(await note.isVisible()).toBe(false);
    expect(inside(await box(band), await track())).toBe(true);
    expect(inside(await thumbBox(page), await track())).toBe(true);

    // The date before the axis: the note is at its start.
    await page.evaluate(() => window.explorer.setDate('2015-06-30'));
    await page.evaluate(() => window.explorer.setTimeSpan(['2018-01-01', '2019-12-31']));
    const before = page.getByRole('button', { name: /30 Jun\w* 2015.*before the days shown/i });
    expect(await before.isVisible()).toBe(true);
    const [noteBox, trackBox] = [await box(before), await track()];
    expect(inside(noteBox, trackBox)).toBe(true);
    expect(noteBox.x - trackBox.x).toBeLessThan(trackBox.width / 2);
    expect(await band.isVisible()).toBe(false);
    await screenshot(page, 'timeline-fit-date-before-span');
  });

  test('choosing a window or a date brings the date onto a zoomed axis; zooming alone does not', async () => {
    const { page } = await openApp(UCDP);
    const track = () => box(page.locator('.timeline-track'));
    const band = page.locator('.timeline-window');
    await page.evaluate(() => window.explorer.setTimeSpan(['2010-01-01', '2014-12-31']));
    // Zooming leaves the date off the axis, and so does hiding uncertain dates.
    await page.getByRole('checkbox', { name: /uncertain dates/i }).uncheck();
    await expect.poll(async () => (await state(page)).time.showPossible).toBe(false);
    expect((await state(page)).span).toEqual(['2010-01-01', '2014-12-31']);
    expect((await state(page)).date).toBe('2021-12-31');
    await page.getByRole('combobox', { name: /incidents shown/i }).selectOption({ label: 'Last 30 days' });
    await expect.poll(async () => (await state(page)).time.mode).toBe('window');
    // The span keeps its length and ends on the date, the whole window on the axis.
    expect((await state(page)).span).toEqual(['2017-01-01', '2021-12-31']);
    expect(await band.isVisible()).toBe(true);
    expect(inside(await box(band), await track())).toBe(true);
    await screenshot(page, 'timeline-fit-window-followed');

    // A date before the span: it starts with the window.
    await page.evaluate(() => window.explorer.setDate('2012-03-31'));
    const span = (await state(page)).span as [string, string];
    expect(span[0]).toBe('2012-03-02');
    expect(span[0] <= '2012-03-31' && '2012-03-31' <= span[1]).toBe(true);
    expect(inside(await box(band), await track())).toBe(true);
    expect(await page.getByRole('button', { name: /after the days shown|before the days shown/i }).count()).toBe(0);
  });

  for (const screen of screens) {
    test(`on a ${screen.name}, the incidents' ticks stay on the axis when it is zoomed away from them`, async () => {
      // The article-only dataset, which ends on 24 December.
      const { page } = await openApp(`${ARTICLE_ONLY}#axis=calendar`, screen.options);
      await page.evaluate(() => window.explorer.setTimeSpan(['2024-10-01', '2024-10-31']));
      const track = await box(page.locator('.timeline-track'));
      const ticks = page.locator('.timeline-tick:not([hidden])');
      for (const tick of await ticks.all()) {
        expect(inside(await box(tick), track), (await tick.getAttribute('title')) ?? '').toBe(true);
      }
      // December's incidents are off the axis; the note says where the date is.
      expect(await page.locator('.timeline-tick[title^="24 Dec 2024"]:not([hidden])').count()).toBe(0);
      const note = page.getByRole('button', { name: /24 Dec 2024.*after the days shown/i });
      expect(await note.isVisible()).toBe(true);
      expect(inside(await box(note), track)).toBe(true);
      expect(inside(await thumbBox(page), track)).toBe(true);
      await screenshot(page, `timeline-fit-zoomed-away-${screen.name}`);
    });
  }
});

describe('zooming keeps the date', () => {
  test('the wheel over the last days keeps 24 Dec and its incidents on the axis', async () => {
    // The article-only dataset, which ends on 24 December with a cluster of incidents.
    const { page } = await openApp(`${ARTICLE_ONLY}#axis=calendar`);
    expect((await state(page)).date).toBe('2024-12-24');
    const lastDay = articleOnly.filter((f) => startDay(f.properties.date) === '2024-12-24').length;
    expect(lastDay).toBeGreaterThan(0);
    // Over the 23 Dec tick, beside the last day's: where the analyst points at the cluster.
    const tick23 = await box(page.locator('.timeline-tick:not(.span)[title^="23 Dec 2024"]').first());
    const track = await box(page.locator('.timeline-track'));
    await page.mouse.move(tick23.x + tick23.width / 2, track.y + 10);
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -100);
    await expect.poll(async () => (await state(page)).span).not.toBeNull();
    const span = (await state(page)).span as [string, string];
    expect(span[1]).toBe('2024-12-24');
    // Zoomed in to about two weeks.
    expect(Date.parse(span[1]) - Date.parse(span[0])).toBeLessThan(20 * 86_400_000);
    const ticks = page.locator('.timeline-tick[title^="24 Dec 2024"]:not([hidden])');
    expect(await ticks.count()).toBe(lastDay);
    for (const tick of await ticks.all()) expect(inside(await box(tick), track)).toBe(true);
    await screenshot(page, 'timeline-fit-wheel-end');

    // Zooming out and in again with the pointer at the very end keeps it too.
    await page.getByRole('button', { name: 'Whole timeline' }).click();
    await expect.poll(async () => (await state(page)).span).toBeNull();
    await page.mouse.move(track.x + track.width - 1, track.y + 10);
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -100);
    await expect.poll(async () => (await state(page)).span?.[1]).toBe('2024-12-24');
  });

  test('the wheel over the thumb, mid-timeline, keeps the date under it', async () => {
    const { page } = await openApp('#date=2024-11-10');
    const thumb = await thumbBox(page);
    // A little beside the thumb's centre: still "on" the date.
    await page.mouse.move(thumb.x + thumb.width / 2 + 6, thumb.y + thumb.height / 2);
    for (let i = 0; i < 12; i++) await page.mouse.wheel(0, -100);
    await expect.poll(async () => (await state(page)).span).not.toBeNull();
    const span = (await state(page)).span as [string, string];
    expect(span[0] <= '2024-11-10' && '2024-11-10' <= span[1], span.join(' to ')).toBe(true);
    expect(inside(await thumbBox(page), await box(page.locator('.timeline-track')))).toBe(true);
  });
});
