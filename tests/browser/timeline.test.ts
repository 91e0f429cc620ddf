import { describe, expect, test } from 'vitest';
import { appsForThisFile, type OpenedApp, revealedIds, screenshot, state } from './app';
import { ARTICLE_ONLY, articleById, byId, seed, seedIds, startDay } from './dataset';

const openApp = appsForThisFile();

const listTitles = (a: OpenedApp) =>
  a.page
    .getByRole('list', { name: /incidents shown/i })
    .getByRole('listitem')
    .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')));

describe('timeline', () => {
  test('opens with every incident revealed, the view fitted to them, and the attribution shown', async () => {
    const app = await openApp();
    const { page } = app;
    expect(await revealedIds(page)).toEqual(seedIds);
    const s = await state(page);
    expect(s.revealedCount).toBe(seed.length);
    // Every incident is inside the first view.
    for (const feature of seed) {
      const point = await page.evaluate(
        (c) => window.explorer.map.project(c as [number, number]),
        feature.geometry.coordinates,
      );
      const size = await page.evaluate(() => [
        window.explorer.map.getCanvas().clientWidth,
        window.explorer.map.getCanvas().clientHeight,
      ]);
      expect(point.x, feature.id).toBeGreaterThan(0);
      expect(point.y, feature.id).toBeGreaterThan(0);
      expect(point.x, feature.id).toBeLessThan(size[0]);
      expect(point.y, feature.id).toBeLessThan(size[1]);
    }
    const attribution = await page.locator('.maplibregl-ctrl-attrib').innerText();
    expect(attribution).toContain('Natural Earth');
    expect(attribution).toContain('OpenStreetMap contributors');
    expect(attribution).toContain('GeoNames');
    await screenshot(page, 'desktop-all-revealed');
  });

  test('scrubbing the date slider reveals exactly the incidents dated up to that day, in order', async () => {
    // The calendar axis, by day (the seed opens evenly spaced, see timeline-axis.test.ts).
    const app = await openApp('#axis=calendar');
    const { page } = app;
    const slider = page.getByRole('slider', { name: /date|timeline/i });
    const min = Number(await slider.getAttribute('min'));
    const max = Number(await slider.getAttribute('max'));
    let previous: string[] = [];
    for (let day = min; day <= max; day += 3) {
      await slider.fill(String(day));
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      const expected = seed.filter((f) => startDay(f.properties.date) <= date).map((f) => f.id);
      const ids = await revealedIds(page);
      expect(ids, date).toEqual(expected);
      expect((await state(page)).date).toBe(date);
      // What is revealed only grows as the slider moves right, and keeps its order.
      expect(ids.slice(0, previous.length)).toEqual(previous);
      previous = ids;
      expect(await listTitles(app)).toEqual(expected.map((id) => byId(id).properties.title));
    }
    await slider.fill(String(min));
    expect(await revealedIds(page)).toEqual([]);
    await screenshot(page, 'desktop-before-first');
  });

  test('Next and Previous move exactly one incident, select it and set the date to its start', async () => {
    const app = await openApp('#date=2024-08-01');
    const { page } = app;
    expect((await state(page)).revealedCount).toBe(0);
    const next = page.getByRole('button', { name: 'Next incident' });
    for (let i = 0; i < seed.length; i++) {
      await next.click();
      const s = await state(page);
      expect(s.revealedCount).toBe(i + 1);
      expect(s.incident).toBe(seed[i].id);
      expect(s.date).toBe(startDay(seed[i].properties.date));
      await expect.poll(() => page.getByRole('region', { name: seed[i].properties.title }).isVisible()).toBe(true);
    }
    expect(await next.isDisabled()).toBe(true);
    const prev = page.getByRole('button', { name: 'Previous incident' });
    await prev.click();
    expect((await state(page)).revealedCount).toBe(seed.length - 1);
    expect((await state(page)).incident).toBe(seed.at(-2)?.id);
  });

  test('Play reveals one more incident per step, and Pause stops it', async () => {
    const app = await openApp('#date=2024-08-01');
    const { page } = app;
    await page.evaluate(() => {
      const w = window as unknown as { counts: number[] };
      w.counts = [];
      window.explorer.on('change', (s) => {
        if (w.counts.at(-1) !== s.revealedCount) w.counts.push(s.revealedCount);
      });
    });
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Pause' }).count()).toBe(1);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { counts: number[] }).counts.length), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    await page.getByRole('button', { name: 'Pause' }).click();
    const counts = await page.evaluate(() => (window as unknown as { counts: number[] }).counts);
    expect(counts.slice(0, 3)).toEqual([1, 2, 3]);
    const stopped = (await state(page)).revealedCount;
    await page.waitForTimeout(2500);
    expect((await state(page)).revealedCount).toBe(stopped);
    expect(await page.getByRole('button', { name: 'Play' }).count()).toBe(1);
  });

  test('keyboard: Right and Left step one incident, Space plays and pauses, the slider keeps its keys', async () => {
    const app = await openApp('#date=2024-08-01');
    const { page } = app;
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect((await state(page)).revealedCount).toBe(2);
    await page.keyboard.press('ArrowLeft');
    expect((await state(page)).revealedCount).toBe(1);
    expect((await state(page)).incident).toBe(seed[0].id);

    await page.keyboard.press('Space');
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(1);
    await page.keyboard.press('Space');
    expect(await page.getByRole('button', { name: 'Play' }).count()).toBe(1);

    // Space on the focused Play button toggles once, not twice.
    await page.getByRole('button', { name: 'Play' }).focus();
    await page.keyboard.press('Space');
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(1);
    await page.keyboard.press('Space');
    expect(await page.getByRole('button', { name: 'Play' }).count()).toBe(1);

    // In the slider, arrows move a day (native), not an incident.
    const slider = page.getByRole('slider', { name: /date|timeline/i });
    await slider.focus();
    const before = await state(page);
    await page.keyboard.press('ArrowRight');
    const after = await state(page);
    expect(new Date(after.date).getTime() - new Date(before.date).getTime()).toBe(86_400_000);
  });

  test('choosing an incident in the list selects it and shows its details with sources as links', async () => {
    const app = await openApp();
    const { page } = app;
    const target = byId('2024-12-24-paktika-airstrikes');
    await page
      .getByRole('list', { name: /incidents shown/i })
      .getByRole('button', { name: target.properties.title })
      .click();
    expect((await state(page)).incident).toBe(target.id);
    // Selecting an already revealed incident does not hide later ones.
    expect((await state(page)).revealedCount).toBe(seed.length);
    const details = page.getByRole('region', { name: target.properties.title });
    await expect.poll(() => details.isVisible()).toBe(true);
    const text = await details.innerText();
    expect(text).toContain('24 Dec 2024');
    expect(text).toContain('Paktika province');
    expect(text).toContain('Taliban government of Afghanistan');
    const link = details.getByRole('link', { name: /Article on Ambassador/ });
    expect(await link.getAttribute('href')).toMatch(/^https:\/\//);
    await screenshot(page, 'desktop-selected');
  });

  test('dates are shown as written: month, interval and open-ended', async () => {
    const app = await openApp(`${ARTICLE_ONLY}#incident=2024-09-durrani-steps-down`);
    const { page } = app;
    const region = page.getByRole('region', { name: articleById('2024-09-durrani-steps-down').properties.title });
    expect(await region.innerText()).toContain('Sept 2024');
    await page.evaluate(() => window.explorer.select('2024-12-south-waziristan-attack'));
    expect(await page.locator('.incident-details').innerText()).toContain('between 16 and 22 Dec 2024');
    await page.evaluate(() => window.explorer.select('2024-12-shehbaz-sharif-statement'));
    expect(await page.locator('.incident-details').innerText()).toContain('24 Dec 2024 or later');
  });
});
