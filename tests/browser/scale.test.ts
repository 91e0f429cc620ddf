import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { CATEGORIES, generateIncidents, isoDay, type SyntheticIncident } from '../../bench/generate';
import { appsForThisFile, mapIdle, pixelsAtScreen, screenshot, state } from './app';

const openApp = appsForThisFile();
const COUNT = 100_000;
const DATA = `${new URL(inject('generatedUrl')).pathname}${COUNT}.csv`;

// The same rows the app opens, read here without the app's code. The file is
// sorted by day, and incidents of one day reveal in file order.
const rows = generateIncidents(COUNT);
const COLORS: Record<string, [number, number, number]> = {
  attack: [0xc5, 0x30, 0x30],
  airstrike: [0xdd, 0x6b, 0x20],
  diplomacy: [0x2b, 0x6c, 0xb0],
  statement: [0x00, 0x94, 0x6a],
  'security-operation': [0x30, 0x2a, 0xb5],
};
const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Incidents with no other within `gap` degrees, spread over the ten years: clear to see and to click at zoom 12. */
function isolated(count: number, gap = 0.03): SyntheticIncident[] {
  const cell = (v: number) => Math.floor(v / gap);
  const grid = new Map<string, number>();
  for (const r of rows) {
    const key = `${cell(r.lon)},${cell(r.lat)}`;
    grid.set(key, (grid.get(key) ?? 0) + 1);
  }
  const alone = rows.filter((r) => {
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const n = grid.get(`${cell(r.lon) + dx},${cell(r.lat) + dy}`) ?? 0;
        if (n > (dx === 0 && dy === 0 ? 1 : 0)) return false;
      }
    }
    return r.day > 0;
  });
  return Array.from({ length: count }, (_, i) => alone[Math.floor(((i + 0.5) / count) * alone.length)]);
}

async function open(): Promise<Page> {
  const app = await openApp(`?data=${encodeURIComponent(DATA)}`);
  return app.page;
}

describe(`a ${COUNT.toLocaleString('en-GB')}-incident dataset`, () => {
  test('reveals exactly the incidents up to the cursor', async () => {
    const page = await open();
    expect((await state(page)).revealedCount).toBe(COUNT);
    await screenshot(page, 'scale-100k-all');
    for (const day of [0, 1234, 2000, 3649]) {
      await page.evaluate((date) => window.explorer.setDate(date), isoDay(day));
      const expected = rows.filter((r) => r.day <= day).map((r) => r.id);
      expect((await state(page)).revealedCount).toBe(expected.length);
      expect(await page.evaluate(() => window.explorer.revealedIds())).toEqual(expected);
    }
    await page.evaluate((date) => window.explorer.setDate(date), isoDay(1234));
    await screenshot(page, 'scale-100k-partial');
  });

  test('the list, too tall to scroll one to one (it scales past 4 million pixels), still reaches both ends', async () => {
    const page = await open();
    // Everything revealed: 100,000 rows of 64 px.
    const expected = rows.map((r) => r.id);
    const visible = (id: string) =>
      page.evaluate((id) => {
        const row = document.querySelector(`.incident-list li[data-id="${id}"]`);
        const scroller = document.querySelector('.incident-list-scroller');
        if (!row || !scroller) return false;
        const r = row.getBoundingClientRect();
        const s = scroller.getBoundingClientRect();
        return r.top >= s.top - 1 && r.bottom <= s.bottom + 1;
      }, id);
    // The list opens at its first incident.
    await expect.poll(() => visible(expected[0])).toBe(true);
    // Selecting the newest scrolls it into view at the bottom, numbered as the last.
    const newest = expected.at(-1) as string;
    await page.evaluate((id) => window.explorer.select(id), newest);
    await expect.poll(() => visible(newest)).toBe(true);
    expect(await page.locator(`.incident-list li[data-id="${newest}"]`).getAttribute('aria-posinset')).toBe(
      String(expected.length),
    );
    // Chosen there, its details take focus; Escape gives it back to the same deep row, where the list was left.
    await page.locator(`.incident-list li[data-id="${newest}"] button`).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('incident-title');
    await page.keyboard.press('Escape');
    expect((await state(page)).incident).toBeNull();
    expect(await page.evaluate(() => (document.activeElement?.closest('li') as HTMLElement | null)?.dataset.id)).toBe(
      newest,
    );
    expect(await visible(newest)).toBe(true);
    // Selecting one of the first scrolls the list up to it.
    await page.evaluate((id) => window.explorer.select(id), expected[5]);
    await expect.poll(() => visible(expected[5])).toBe(true);
    await page.locator(`.incident-list li[data-id="${expected[5]}"] button`).click();
    expect((await state(page)).incident).toBe(expected[5]);
    await screenshot(page, 'scale-100k-list-top');
  });

  test('draws each sampled incident from the day it happened, in its colour, and picks it', async () => {
    const page = await open();
    const box = await page.locator('#map canvas').boundingBox();
    if (!box) throw new Error('no map canvas');
    for (const sample of isolated(6)) {
      await page.evaluate(
        ({ date, lon, lat }) => {
          window.explorer.setDate(date);
          window.explorer.map.jumpTo({ center: [lon, lat], zoom: 12 });
        },
        { date: isoDay(sample.day), lon: sample.lon, lat: sample.lat },
      );
      await mapIdle(page);
      const at = await page.evaluate((id) => window.explorer.markerPosition(id), sample.id);
      if (!at) throw new Error(`${sample.id} is not revealed on its own day`);
      expect(await page.evaluate(({ x, y }) => window.explorer.incidentAt(x, y), at)).toBe(sample.id);
      const [shown] = await pixelsAtScreen(page, [at]);

      await page.evaluate((date) => window.explorer.setDate(date), isoDay(sample.day - 1));
      await mapIdle(page);
      expect(await page.evaluate((id) => window.explorer.markerPosition(id), sample.id)).toBeNull();
      expect(await page.evaluate(({ x, y }) => window.explorer.incidentAt(x, y), at)).toBeNull();
      const [hidden] = await pixelsAtScreen(page, [at]);

      // Older markers are drawn part-transparent, so the pixel moves towards the colour rather than matching it.
      const color = COLORS[CATEGORIES[sample.category]];
      expect(distance(shown, hidden), sample.id).toBeGreaterThan(40);
      expect(distance(shown, color), sample.id).toBeLessThan(distance(hidden, color) * 0.7);

      // A click on the revealed marker selects it.
      await page.evaluate((date) => window.explorer.setDate(date), isoDay(sample.day));
      await mapIdle(page);
      await page.mouse.click(box.x + at.x, box.y + at.y);
      await expect.poll(async () => (await state(page)).incident).toBe(sample.id);
      await expect.poll(() => page.locator('#incident-title').innerText()).toBe(`Synthetic incident ${sample.id}`);
    }
    await screenshot(page, 'scale-100k-picked');
  });

  test('a timeline step is drawn in one frame with the full basemap: nothing is re-tiled or placed again', async () => {
    const page = await open();
    await page.evaluate((date) => window.explorer.setDate(date), isoDay(2000));
    await mapIdle(page);
    // The map's frames from each step (the next incident revealed, selected, haloed) to the map's idle.
    const frames = await page.evaluate(async () => {
      const explorer = window.explorer;
      const map = explorer.map;
      let renders = 0;
      map.on('render', () => {
        renders++;
      });
      const counts: number[] = [];
      for (let i = 0; i < 8; i++) {
        const idle = new Promise((resolve) => map.once('idle', resolve));
        renders = 0;
        explorer.next();
        await idle;
        counts.push(renders);
      }
      return counts;
    });
    // One frame is the norm (before, the halo's, ring's and places' GeoJSON sources made it
    // three or four). One more is allowed, as it is for any frame of the map: MapLibre places
    // the basemap's labels in slices of a few ms a frame, and on a busy machine a slice can spill over.
    expect(Math.max(...frames), frames.join(', ')).toBeLessThanOrEqual(2);
    expect(frames.filter((n) => n === 1).length, frames.join(', ')).toBeGreaterThanOrEqual(frames.length / 2);
  });
});
