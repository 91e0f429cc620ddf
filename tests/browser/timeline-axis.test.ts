// The evenly spaced axis (docs/using.md): one slider step per incident, dates
// where they fit, long gaps marked, chosen on the page and kept in the link; and
// the rule a dataset opens its axis by.
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import ur from '../../src/i18n/catalogues/ur.json';
import { appsForThisFile, screenshot, state } from './app';
import { seed, seedIds, startDay } from './dataset';

const openApp = appsForThisFile();

const desktop = { viewport: { width: 1280, height: 800 } };
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };

const slider = (page: Page) => page.locator('.timeline-slider');
const bounds = (page: Page) =>
  slider(page).evaluate((input: HTMLInputElement) => [Number(input.min), Number(input.max), input.valueAsNumber]);
const axisOf = async (page: Page) => (await page.evaluate(() => location.hash)).match(/axis=(\w+)/)?.[1] ?? null;

describe('the evenly spaced axis', () => {
  test('chosen on the page: the link gets axis=even, a reload keeps it, and each step reveals one incident', async () => {
    const { page } = await openApp('#axis=calendar&date=2024-12-27', desktop);
    expect((await state(page)).axis).toBe('calendar');
    expect(await axisOf(page)).toBeNull();
    await page.getByRole('combobox', { name: 'Axis' }).selectOption({ label: 'Evenly spaced' });
    await expect.poll(async () => (await state(page)).axis).toBe('even');
    expect(await axisOf(page)).toBe('even');
    // A view choice, as the window mode is: Back returns to the calendar axis.
    await page.goBack();
    await expect.poll(async () => (await state(page)).axis).toBe('calendar');
    await page.goForward();
    await expect.poll(async () => (await state(page)).axis).toBe('even');
    await page.reload();
    await page.evaluate(() => window.explorer.ready);
    expect((await state(page)).axis).toBe('even');
    expect(await page.getByRole('combobox', { name: 'Axis' }).inputValue()).toBe('even');

    // One native step per incident: 0 (nothing) to 13.
    expect(await bounds(page)).toEqual([0, seed.length, seed.length]);
    for (let k = 0; k <= seed.length; k++) {
      await slider(page).fill(String(k));
      const now = await state(page);
      expect(now.revealedCount).toBe(k);
      expect(now.incident).toBe(k === 0 ? null : seedIds[k - 1]);
      if (k > 0) {
        expect(now.date).toBe(startDay(seed[k - 1].properties.date));
        const text = await slider(page).getAttribute('aria-valuetext');
        expect(text).toContain(`Incident ${k} of ${seed.length}`);
        expect(text).toContain(seed[k - 1].properties.title.slice(0, 30));
      }
    }
    // Among them, the nine that start in the last five days (23 to 27 December) had nine steps of their own.
    expect(seed.filter((f) => startDay(f.properties.date) >= '2024-12-23')).toHaveLength(9);
    // The keyboard steps one incident per arrow, as Next does.
    await slider(page).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect((await state(page)).incident).toBe(seedIds[0]);
    await page.getByRole('button', { name: 'Next incident' }).click();
    expect(await slider(page).evaluate((input: HTMLInputElement) => input.valueAsNumber)).toBe(2);
  });

  test('the seed: its three months without incidents are marked, and each day is labelled once', async () => {
    const { page } = await openApp('#axis=even', desktop);
    const gaps = page.locator('.timeline-gap');
    await expect.poll(() => gaps.count()).toBe(1);
    expect(await gaps.innerText()).toBe('⋯ 3 months');
    expect(await gaps.getAttribute('data-after')).toBe('1');
    const labels = await page.locator('.timeline-step-label:not(.measure)').allInnerTexts();
    expect(labels.length).toBeGreaterThanOrEqual(3);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels[0]).toBe('10 Sept 2024');
    // The mark falls between the first and second steps.
    const track = await page.locator('.timeline-histogram').boundingBox();
    const mark = await gaps.boundingBox();
    if (!track || !mark) throw new Error('not laid out');
    const centre = (mark.x + mark.width / 2 - track.x) / track.width;
    expect(centre).toBeGreaterThan(1 / seed.length);
    expect(centre).toBeLessThan(2 / seed.length);
    await screenshot(page, 'axis-even-desktop');
  });

  test('play and Prev step through the even axis too', async () => {
    const { page } = await openApp(`#axis=even&incident=${seedIds[4]}`, desktop);
    expect((await bounds(page))[2]).toBe(5);
    await page.getByRole('button', { name: 'Previous incident' }).click();
    expect((await bounds(page))[2]).toBe(4);
    await page.evaluate(() => window.explorer.play());
    await expect.poll(async () => (await bounds(page))[2]).toBeGreaterThan(4);
    await page.evaluate(() => window.explorer.pause());
  });

  test('in Urdu the even axis runs right to left: the first step at the right', async () => {
    const { page } = await openApp('?lang=ur#axis=even', desktop);
    const select = page.getByRole('combobox', { name: ur['axis.label'] });
    expect(await select.inputValue()).toBe('even');
    const box = await slider(page).boundingBox();
    if (!box) throw new Error('no slider');
    // A press near the slider's right end goes to the first steps, near its left end to the last.
    await slider(page).click({ position: { x: box.width - 4, y: box.height / 2 } });
    expect((await state(page)).revealedCount).toBe(0);
    await slider(page).click({ position: { x: 4, y: box.height / 2 } });
    expect((await state(page)).revealedCount).toBe(seed.length);
    // The first day's label is right of the last one's.
    const labels = page.locator('.timeline-step-label:not(.measure)');
    const first = await labels.first().boundingBox();
    const last = await labels.last().boundingBox();
    if (!first || !last) throw new Error('labels not laid out');
    expect(first.x).toBeGreaterThan(last.x);
    await screenshot(page, 'axis-even-ur');
  });

  test('window.explorer.setAxis chooses the axis and rejects others', async () => {
    const { page } = await openApp('#axis=calendar', desktop);
    await page.evaluate(() => window.explorer.setAxis('even'));
    expect((await state(page)).axis).toBe('even');
    expect(await axisOf(page)).toBe('even');
    const error = await page.evaluate(() => {
      try {
        window.explorer.setAxis('log' as 'even');
        return null;
      } catch (e) {
        return String(e);
      }
    });
    expect(error).toMatch(/calendar.*even/);
    await page.evaluate(() => window.explorer.setAxis('calendar'));
    expect(await axisOf(page)).toBeNull();
  });

  test('on a phone, both axes keep the timeline in view', async () => {
    const { page } = await openApp('', phone);
    expect((await state(page)).axis).toBe('even');
    await screenshot(page, 'axis-even-phone');
    await page.evaluate(() => window.explorer.setAxis('calendar'));
    await screenshot(page, 'axis-calendar-phone');
  });
});

describe('the axis a dataset opens on', () => {
  test('the seed, opened without a link, opens evenly spaced: half its incidents crowd a twentieth of the calendar', async () => {
    const { page } = await openApp('', desktop);
    expect((await state(page)).axis).toBe('even');
    expect(await axisOf(page)).toBe('even');
    // At 1280 px, every step of the nine from 23 December on is its own slider position, apart by some pixels.
    const box = await slider(page).boundingBox();
    if (!box) throw new Error('no slider');
    expect((box.width - 16) / seed.length).toBeGreaterThan(20);
  });

  test('a link with a date and no axis opens the calendar axis, as links made before the axis did', async () => {
    const { page } = await openApp('#date=2024-12-24', desktop);
    expect((await state(page)).axis).toBe('calendar');
    await screenshot(page, 'axis-calendar-desktop');
  });

  test('a dataset spread over its timeline opens on the calendar axis', async () => {
    const { page } = await openApp('?data=../fixtures/ucdp-ged-22.1-pakistan.csv', desktop);
    expect((await state(page)).axis).toBe('calendar');
  });

  test('a bad axis in a link is said and left out: the link opens as if it named none', async () => {
    const { page } = await openApp('#date=2024-12-24&axis=log', desktop);
    await expect.poll(() => page.locator('.messages').innerText()).toContain('The axis "log" is neither calendar');
    expect((await state(page)).axis).toBe('calendar');
  });
});

describe('a hundred thousand incidents on the even axis', () => {
  test('one step each, a few labels, and drawing bounded by the pixels', async () => {
    const count = 100_000;
    const data = `${new URL(inject('generatedUrl')).pathname}${count}.csv`;
    const { page } = await openApp(`?data=${encodeURIComponent(data)}#axis=even`, desktop);
    // Spread over ten years, it would open on the calendar axis; the link chose.
    expect((await state(page)).axis).toBe('even');
    expect(await bounds(page)).toEqual([0, count, count]);
    await slider(page).fill('50000');
    expect((await state(page)).revealedCount).toBe(50_000);
    const width = (await page.locator('.timeline-histogram').boundingBox())?.width ?? 0;
    const labels = await page.locator('.timeline-step-label:not(.measure)').count();
    expect(labels).toBeGreaterThan(1);
    expect(labels).toBeLessThanOrEqual(width / 40);
    // The track holds a bounded number of elements, whatever the incidents.
    expect(await page.locator('.timeline-track *').count()).toBeLessThan(100);
    await screenshot(page, 'axis-even-100k');
  });
});
