// The timeline for analysis: histogram, window mode, uncertain dates drawn as
// such, filters and search, and all of it in the link.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, mapIdle, pixelAt, pixelsAtScreen, screenshot, state } from './app';
import { ARTICLE_ONLY, articleById, articleOnly, byId, seed, startDay } from './dataset';

const openApp = appsForThisFile();

const DAY = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY;
const dayName = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
/** First and last day an EDTF date of the seed may fall on (open end: far in the future). */
function interval(date: string): [string, string] {
  const [start, end] = date.split('/');
  const last = (text: string) => {
    if (text === '..') return '9999-12-31';
    if (text.length === 7) {
      const [y, m] = text.split('-').map(Number);
      return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    }
    return text;
  };
  return [startDay(start), last(end ?? start)];
}
const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('analysis timeline', () => {
  test('the histogram bars count the incidents the filter keeps, as the API reports and the canvas draws', async () => {
    const app = await openApp('#axis=calendar');
    const { page } = app;
    // The axis runs from the day before the first incident to the last incident's day.
    const days = seed.map((f) => dayNumber(startDay(f.properties.date)));
    const [first, last] = [Math.min(...days), Math.max(...days)];
    const slider = page.getByRole('slider', { name: /timeline date/i });
    expect([Number(await slider.getAttribute('min')), Number(await slider.getAttribute('max'))]).toEqual([
      first - 1,
      last,
    ]);
    const check = async (keep: (f: (typeof seed)[number]) => boolean) => {
      const { bins } = await page.evaluate(() => window.explorer.histogram());
      expect(bins.length).toBeGreaterThan(10);
      for (const bin of bins) {
        const expected = seed.filter((f) => {
          const day = startDay(f.properties.date);
          return keep(f) && day >= bin.first && day <= bin.last;
        }).length;
        expect(bin.count, `${bin.first}..${bin.last}`).toBe(expected);
      }
      expect(bins.reduce((sum, b) => sum + b.count, 0)).toBe(seed.filter(keep).length);
      // What the canvas drew: a bar for each day or Monday-to-Sunday week (as the axis's width
      // allows), as tall as its count against the tallest, and none where no incident is kept.
      const { unit } = await page.evaluate(() => window.explorer.histogram());
      expect(['day', 'week']).toContain(unit);
      const length = unit === 'day' ? 1 : 7;
      const monday = first - ((new Date(first * DAY).getUTCDay() + 6) % 7);
      const starts: number[] = [];
      for (let start = unit === 'day' ? first : monday; start <= last; start += length) starts.push(start);
      const counts = starts.map(
        (start) => days.filter((d, i) => d >= start && d < start + length && keep(seed[i])).length,
      );
      // Day d spans the axis from (d - first) / span to (d - first + 1) / span; a bar, its days on the axis.
      const span = last - first + 1;
      const middles = starts.map(
        (start) => ((Math.max(start, first) + Math.min(last + 1, start + length)) / 2 - first) / span,
      );
      const most = Math.max(...counts);
      await expect
        .poll(async () => {
          const drawn = await barHeights(page, middles);
          const tallest = Math.max(...drawn);
          if (tallest === 0) return ['no bar drawn'];
          return counts.flatMap((count, b) => {
            const expected = (count / most) * tallest;
            return Math.abs(drawn[b] - expected) <= 1
              ? []
              : [`${unit} of ${dayName(starts[b])}: ${count} kept, bar ${drawn[b]} of ${tallest} px`];
          });
        })
        .toEqual([]);
    };
    await check(() => true);
    await page.getByRole('checkbox', { name: /statement/i }).check();
    await expect.poll(async () => (await state(page)).matchCount).toBe(3);
    await check((f) => categoryOf(f.id) === 'statement');
  });

  test('window mode shows exactly the incidents inside the window, and dragging the window moves it', async () => {
    // The article-only dataset: its attack is dated 16–22 December, most of the rest "24 December or later".
    const app = await openApp(`${ARTICLE_ONLY}#date=2024-12-22`);
    const { page } = app;
    await page.getByRole('combobox', { name: /incidents shown/i }).selectOption({ label: 'Last 7 days' });
    await expect.poll(async () => (await state(page)).time.mode).toBe('window');
    await page.getByRole('checkbox', { name: /uncertain dates/i }).uncheck();
    await expect.poll(async () => (await state(page)).time.showPossible).toBe(false);

    const expectWindow = async (to: string) => {
      const from = new Date((dayNumber(to) - 6) * DAY).toISOString().slice(0, 10);
      const expected = articleOnly
        .filter((f) => {
          const [first, last] = interval(f.properties.date);
          return first >= from && last <= to;
        })
        .map((f) => f.id);
      await expect.poll(() => page.evaluate(() => window.explorer.shownIds())).toEqual(expected);
      return expected;
    };
    // 16–22 December: the attack in South Waziristan (dated 16–22 Dec) fits; nothing else does.
    expect(await expectWindow('2024-12-22')).toEqual(['2024-12-south-waziristan-attack']);
    // Next moves the window with the cursor to the next incident's day.
    await page.getByRole('button', { name: 'Next incident' }).click();
    await expect.poll(async () => (await state(page)).date).toBe('2024-12-23');
    // 17–23 December: the attack began before the window; the delegation's arrival is in it.
    expect(await expectWindow('2024-12-23')).toEqual(['2024-12-23-delegation-arrives-in-kabul']);
    const band = page.locator('.timeline-window');
    await expect.poll(() => band.isVisible()).toBe(true);
    await screenshot(page, 'window-mode');

    // Drag the band two days on: the window ends on 24 December, the last day there is.
    const box = await band.boundingBox();
    const track = await page.locator('.timeline-histogram').boundingBox();
    if (!box || !track) throw new Error('no window band');
    const slider = page.getByRole('slider', { name: /timeline date/i });
    const span = Number(await slider.getAttribute('max')) - Number(await slider.getAttribute('min'));
    const x = box.x + box.width / 2;
    await page.mouse.move(x, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(x + (2 * track.width) / span + 1, box.y + 10, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await state(page)).date).toBe('2024-12-24');
    // 18–24 December: the attack no longer fits (it began on the 16th); the airstrikes of the 24th do.
    expect(await expectWindow('2024-12-24')).toEqual([
      '2024-12-23-delegation-arrives-in-kabul',
      '2024-12-24-paktika-airstrikes',
    ]);

    // Possibly-in-window incidents come back, faint, when asked for.
    await page.getByRole('checkbox', { name: /uncertain dates/i }).check();
    // Everything but the September resignation overlaps 18–24 December.
    const overlapping = articleOnly.filter((f) => interval(f.properties.date)[1] >= '2024-12-18').map((f) => f.id);
    expect(overlapping).toHaveLength(articleOnly.length - 1);
    await expect.poll(() => page.evaluate(() => window.explorer.shownIds())).toEqual(overlapping);
    expect(page.url()).toContain('mode=window');
    expect(page.url()).toContain('window=7');
  });

  test('an uncertain date is a span on the timeline and a faint ring on the map until its interval is past', async () => {
    // The article-only dataset: Sadiq's return is dated 2024-09/2024-12-23, location known to the country.
    const SADIQ = articleById('2024-sadiq-returns-as-special-envoy');
    const app = await openApp(`${ARTICLE_ONLY}#map=7/33.6/73.1&date=2024-11-01`);
    const { page } = app;
    const tick = page.locator('.timeline-tick.span').nth(1);
    const tickBox = await tick.boundingBox();
    const track = await page.locator('.timeline-histogram').boundingBox();
    if (!tickBox || !track) throw new Error('no span tick');
    // September to 23 December: most of the track's 1 Sept – 24 Dec.
    expect(tickBox.width).toBeGreaterThan(track.width * 0.8);
    expect(await tick.getAttribute('title')).toMatch(/Sadiq returns/);

    await mapIdle(page);
    const position = await page.evaluate((id) => window.explorer.markerPosition(id), SADIQ.id);
    if (!position) throw new Error('Sadiq’s return is not drawn');
    const centre = async () =>
      pixelAt(
        page,
        await page.evaluate((p) => window.explorer.map.unproject([p.x, p.y]).toArray() as [number, number], position),
      );
    const possible = await centre();
    await page.evaluate(() => window.explorer.setDate('2024-12-23'));
    await mapIdle(page);
    const certain = await centre();
    // Certain: the hollow marker's coloured centre dot (diplomacy blue #2b6cb0); possible: a clear centre.
    const blue = [0x2b, 0x6c, 0xb0];
    expect(distance(certain, blue)).toBeLessThan(distance(possible, blue) - 60);
    expect(certain[2]).toBeGreaterThan(certain[0] + 40);
    await screenshot(page, 'uncertain-dates');

    // In a window of 17–23 December the return (from September) is only possibly
    // there: a faint ring, drawn apart from the rest as one of the long-dated
    // incidents, and gone when uncertain dates are hidden.
    const around = Array.from({ length: 40 }, (_, k) => {
      const angle = (k % 8) * (Math.PI / 4);
      const radius = 3 + Math.floor(k / 8);
      return { x: position.x + radius * Math.cos(angle), y: position.y + radius * Math.sin(angle) };
    });
    // (Sadiq's later meetings keep it from being the newest, which is haloed on its own.)
    await page.evaluate(() => {
      window.explorer.setFilter({ q: 'sadiq' });
      window.explorer.setTimeView({ mode: 'window', windowDays: 7, showPossible: true });
    });
    const shownIds = () => page.evaluate(() => window.explorer.shownIds());
    await expect.poll(shownIds).toContain(SADIQ.id);
    expect((await shownIds()).at(-1)).not.toBe(SADIQ.id);
    expect((await state(page)).incident).not.toBe(SADIQ.id);
    await mapIdle(page);
    const ring = await pixelsAtScreen(page, around);
    await page.evaluate(() => window.explorer.setTimeView({ showPossible: false }));
    await expect.poll(shownIds).not.toContain(SADIQ.id);
    await mapIdle(page);
    const bare = await pixelsAtScreen(page, around);
    expect(Math.max(...ring.map((pixel, k) => distance(pixel, bare[k])))).toBeGreaterThan(40);
  });

  test('with uncertain dates hidden, Next passes over incidents that would only possibly be there', async () => {
    const app = await openApp(`${ARTICLE_ONLY}#date=2024-09-30&possible=hide`);
    const { page } = app;
    // September's two intervals and the attack of 16–22 December are passed over: each,
    // at its own first day, could as well fall later.
    await page.getByRole('button', { name: 'Next incident' }).click();
    await expect.poll(async () => (await state(page)).incident).toBe('2024-12-23-delegation-arrives-in-kabul');
    // By then those intervals have ended, so they are shown as certain.
    expect(await page.evaluate(() => window.explorer.shownIds())).toEqual([
      '2024-09-durrani-steps-down',
      '2024-sadiq-returns-as-special-envoy',
      '2024-dar-meets-afghan-acting-ambassador',
      '2024-12-south-waziristan-attack',
      '2024-12-23-delegation-arrives-in-kabul',
    ]);
  });

  test('filters and search narrow map, list and counts; the link reopens the same analysis; Back undoes', async () => {
    const app = await openApp('#date=2024-12-24');
    const { page } = app;
    await page.getByRole('searchbox', { name: /search incidents/i }).fill('sadiq');
    await expect.poll(async () => (await state(page)).filter.q).toBe('sadiq');
    await page.getByRole('checkbox', { name: /diplomacy/i }).check();
    await expect.poll(async () => (await state(page)).filter.categories).toEqual(['diplomacy']);
    await page.locator('.facet summary', { hasText: 'Actors' }).click();
    await page.getByRole('checkbox', { name: /Sirajuddin Haqqani/ }).check();
    await expect.poll(async () => (await state(page)).filter.actors).toEqual(['Sirajuddin Haqqani']);

    const shown = await page.evaluate(() => window.explorer.shownIds());
    expect(shown).toEqual(['2024-12-sadiq-meets-sirajuddin-haqqani']);
    expect(await page.locator('.filter-count').textContent()).toBe('1 of 13 incidents match');
    expect(await page.locator('.incident-list li').count()).toBe(1);
    await screenshot(page, 'filtered');

    const url = page.url();
    expect(url).toMatch(/cat=diplomacy/);
    expect(url).toMatch(/actor=Sirajuddin\+Haqqani/);
    expect(url).toMatch(/q=sadiq/);
    const other = await openApp(url.slice(url.indexOf('#')));
    expect(await other.page.evaluate(() => window.explorer.shownIds())).toEqual(shown);
    expect(await other.page.getByRole('searchbox', { name: /search incidents/i }).inputValue()).toBe('sadiq');
    expect(await other.page.getByRole('checkbox', { name: /diplomacy/i }).isChecked()).toBe(true);

    // Each deliberate change made a history entry: Back takes the actor off again.
    await page.goBack();
    await expect.poll(async () => (await state(page)).filter.actors).toEqual([]);
    expect((await state(page)).filter.categories).toEqual(['diplomacy']);
    expect(await page.evaluate(() => window.explorer.shownIds())).toHaveLength(6);
  });

  test('a link with an unknown category says so and keeps the rest of the filter', async () => {
    const app = await openApp('#cat=attack&cat=no-such-thing&q=');
    const { page } = app;
    await expect.poll(() => page.locator('.messages').textContent()).toContain('no-such-thing');
    expect((await state(page)).filter.categories).toEqual(['attack']);
    expect(await page.evaluate(() => window.explorer.shownIds())).toEqual(['2024-12-south-waziristan-attack']);
  });

  test('the wheel over the timeline zooms the time axis around the pointer, and the zoom is in the link', async () => {
    const app = await openApp(`${ARTICLE_ONLY}#date=2024-12-24`);
    const { page } = app;
    const track = await page.locator('.timeline-histogram').boundingBox();
    if (!track) throw new Error('no histogram');
    const slider = page.getByRole('slider', { name: /timeline date/i });
    const bounds = async () => [Number(await slider.getAttribute('min')), Number(await slider.getAttribute('max'))];
    const [min, max] = await bounds();
    const pivot = min + 0.9 * (max - min);
    await page.mouse.move(track.x + track.width * 0.9, track.y + 10);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -100);
    await expect.poll(async () => (await state(page)).span).not.toBeNull();
    const [from, to] = await bounds();
    expect(to - from).toBeLessThan(40);
    // The day under the pointer stays under it.
    expect(Math.abs(from + 0.9 * (to - from) - pivot)).toBeLessThan(1.5);
    // Bins are days once zoomed in, and the link holds the zoom.
    expect((await page.evaluate(() => window.explorer.histogram())).unit).toBe('day');
    const span = (await state(page)).span as [string, string];
    expect(span[1]).toBe(new Date(to * DAY).toISOString().slice(0, 10));
    expect(page.url()).toContain(`span=${span[0]}/${span[1]}`);
    await screenshot(page, 'zoomed-timeline');
    await page.getByRole('button', { name: 'Whole timeline' }).click();
    await expect.poll(async () => (await state(page)).span).toBeNull();
    expect(await bounds()).toEqual([min, max]);
    // Without a wheel: the buttons zoom around the cursor's day, which stays in view.
    const zoomIn = page.getByRole('button', { name: 'Zoom in on time' });
    await zoomIn.click();
    await zoomIn.click();
    await expect.poll(async () => (await state(page)).span).not.toBeNull();
    const [inFrom, inTo] = await bounds();
    expect(inTo - inFrom).toBeLessThan((max - min) / 3);
    expect(inTo).toBe(max);
    await page.getByRole('button', { name: 'Zoom out on time' }).click();
    await page.getByRole('button', { name: 'Zoom out on time' }).click();
    await expect.poll(async () => (await state(page)).span).toBeNull();
  });
});

/**
 * The height, in CSS pixels, of what the histogram's canvas shows at each of `fractions` along
 * its width: the painted pixels of that column.
 */
function barHeights(page: Page, fractions: number[]): Promise<number[]> {
  return page.evaluate((fractions) => {
    const canvas = document.querySelector('.timeline-histogram') as HTMLCanvasElement;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const ratio = canvas.width / canvas.clientWidth;
    return fractions.map((fraction) => {
      const x = Math.floor(fraction * canvas.width);
      let painted = 0;
      for (let y = 0; y < canvas.height; y++) if (pixels[(y * canvas.width + x) * 4 + 3] > 0) painted++;
      return painted / ratio;
    });
  }, fractions);
}

/** The seed's category of an incident, read from the file. */
function categoryOf(id: string): string {
  return (byId(id).properties as unknown as { category: string }).category;
}
