// The timeline keeps its shape on every screen: the axis never changes size
// with the status text, the window band and the slider's thumb stay on the
// axis whatever it is zoomed to, and zooming keeps the cursor's day.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, screenshot, state } from './app';

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
