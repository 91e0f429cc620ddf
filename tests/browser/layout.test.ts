import AxeBuilder from '@axe-core/playwright';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, revealedIds, screenshot, state } from './app';
import { byId, seed } from './dataset';

const openApp = appsForThisFile();

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };

describe('page layout and accessibility', () => {
  test('on a 390 x 844 phone the map and the whole timeline fit on the first screen and work by touch', async () => {
    const app = await openApp('#date=2024-08-01', phone);
    const { page } = app;
    const slider = page.getByRole('slider', { name: /date|timeline/i });
    const box = await slider.boundingBox();
    if (!box) throw new Error('slider not laid out');
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(box.width).toBeGreaterThan(300);
    const map = await page.locator('#map').boundingBox();
    expect(map?.height).toBeGreaterThan(250);
    for (const name of ['Previous incident', 'Play', 'Next incident']) {
      const button = await page.getByRole('button', { name }).boundingBox();
      expect(button?.width, name).toBeGreaterThanOrEqual(40);
      expect((button?.y ?? 900) + (button?.height ?? 0), name).toBeLessThanOrEqual(844);
    }
    // No sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Next incident' }).tap();
    await page.getByRole('button', { name: 'Next incident' }).tap();
    expect((await state(page)).revealedCount).toBe(2);
    await expect.poll(() => page.getByRole('region', { name: seed[1].properties.title }).isVisible()).toBe(true);
    await screenshot(page, 'phone-stepped');
    // Dragging the slider's thumb to the far right reveals everything.
    await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
    expect(await revealedIds(page)).toHaveLength(seed.length);
    await screenshot(page, 'phone-all');
  });

  test('has no serious accessibility violations (axe), with an incident selected', async () => {
    const app = await openApp('#incident=2024-12-24-paktika-airstrikes');
    const results = await new AxeBuilder({ page: app.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  });

  test('?embed=1 shows only the map and the timeline, with details over the map', async () => {
    const app = await openApp('?embed=1#incident=2024-12-23-delegation-arrives-in-kabul', {
      viewport: { width: 640, height: 420 },
    });
    const { page } = app;
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByRole('list', { name: /incidents shown/i }).isVisible()).toBe(false);
    expect(await page.getByRole('slider', { name: /date|timeline/i }).isVisible()).toBe(true);
    const title = byId('2024-12-23-delegation-arrives-in-kabul').properties.title;
    expect(await page.getByRole('region', { name: title }).isVisible()).toBe(true);
    await screenshot(page, 'embed');
  });

  test('under prefers-reduced-motion the map jumps to a selected incident instead of flying', async () => {
    const app = await openApp('#map=8/25/62&date=2024-08-01', { reducedMotion: 'reduce' });
    const { page } = app;
    const target = byId('2024-12-24-paktika-airstrikes');
    const moving = await page.evaluate((id) => {
      window.explorer.select(id);
      return window.explorer.map.isMoving();
    }, target.id);
    expect(moving).toBe(false);
    const point = await page.evaluate(
      (c) => window.explorer.map.project(c as [number, number]),
      target.geometry.coordinates,
    );
    const width = await page.evaluate(() => window.explorer.map.getCanvas().clientWidth);
    expect(point.x).toBeGreaterThan(0);
    expect(point.x).toBeLessThan(width);
  });
});

describe('untrusted data', () => {
  test('?data= with hostile text runs no script, renders it as text, links only http(s), and keeps the good rows', async () => {
    const app = await openApp('?data=../fixtures/hostile.geojson#incident=hostile-1');
    const { page } = app;
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await revealedIds(page)).toEqual(['hostile-1']);
    const details = page.locator('.incident-details');
    const text = await details.innerText();
    expect(text).toContain('<img src=x onerror=');
    expect(text).toContain('<script>');
    expect(await details.locator('img, script, iframe, svg, b').count()).toBe(0);
    const hrefs = await details.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['https://example.org/report']);
    expect(await page.locator('.dataset-name').innerText()).toContain('<img');
    // The good second incident loads; the three bad ones are counted in a message.
    await page.evaluate(() => window.explorer.next());
    expect((await state(page)).incident).toBe('second');
    expect(await page.locator('.messages').innerText()).toMatch(/3 features could not be loaded/);
    // Hovering the hostile marker shows its title as text.
    await page.evaluate(() => window.explorer.select('hostile-1'));
    await screenshot(page, 'hostile-data');
  });
});
