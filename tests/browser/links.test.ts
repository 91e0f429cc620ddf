import { describe, expect, test } from 'vitest';
import { appsForThisFile, appUrl, type OpenedApp, revealedIds, screenshot, state } from './app';
import { byId, seed, seedIds, startDay } from './dataset';

const open = appsForThisFile();

function inView(app: OpenedApp, coordinates: [number, number]) {
  return app.page.evaluate((c) => {
    const map = window.explorer.map;
    const p = map.project(c);
    const canvas = map.getCanvas();
    return p.x >= 0 && p.y >= 0 && p.x <= canvas.clientWidth && p.y <= canvas.clientHeight;
  }, coordinates);
}

describe('links', () => {
  test('#incident= opens mid-timeline with it selected, in view, and later incidents hidden', async () => {
    const target = byId('2024-12-23-delegation-arrives-in-kabul');
    const index = seedIds.indexOf(target.id);
    const { page, ...app } = await open(`#map=9/25/62&incident=${target.id}`);
    const s = await state(page);
    expect(s.incident).toBe(target.id);
    expect(s.date).toBe('2024-12-23');
    expect(await revealedIds(page)).toEqual(seedIds.slice(0, index + 1));
    expect(
      await page
        .getByRole('list', { name: /incidents shown/i })
        .getByRole('listitem')
        .count(),
    ).toBe(index + 1);
    for (const later of seed.slice(index + 1)) {
      expect(await page.getByRole('listitem', { name: later.properties.title }).count()).toBe(0);
    }
    await expect.poll(() => page.getByRole('region', { name: target.properties.title }).isVisible()).toBe(true);
    // The link's map view was far away (zoom 9 near 25N 62E): the incident is brought into view.
    await expect.poll(() => inView({ page, ...app }, target.geometry.coordinates), { timeout: 5000 }).toBe(true);
    await screenshot(page, 'deep-link-incident');
  });

  test('#date= reveals everything up to the end of that day; a date before the first reveals none', async () => {
    let { page } = await open('#date=2024-12-23');
    expect(await revealedIds(page)).toEqual(
      seed.filter((f) => startDay(f.properties.date) <= '2024-12-23').map((f) => f.id),
    );
    expect((await state(page)).incident).toBeNull();
    ({ page } = await open('#date=2020-01-01'));
    expect(await revealedIds(page)).toEqual([]);
    expect((await state(page)).date).toBe('2020-01-01');
    expect(await page.locator('.messages .message').count()).toBe(0);
  });

  test('with both incident and date, the incident wins over a date that would hide it', async () => {
    const target = byId('2024-12-24-paktika-airstrikes');
    const { page } = await open(`#date=2024-09-05&incident=${target.id}`);
    const s = await state(page);
    expect(s.incident).toBe(target.id);
    expect((await revealedIds(page)).at(-1)).toBe(target.id);
    expect(s.date).toBe('2024-12-24');
  });

  test('the link written after each step reopens exactly that state in a new page', async () => {
    const first = await open('#date=2024-08-01');
    for (let i = 0; i < 9; i++) await first.page.getByRole('button', { name: 'Next incident' }).click();
    const expected = await state(first.page);
    const link = first.page.url();
    expect(link).toContain(`incident=${expected.incident}`);
    const second = await open(link.slice(appUrl.length));
    const reopened = await state(second.page);
    expect(reopened.incident).toBe(expected.incident);
    expect(reopened.revealedCount).toBe(expected.revealedCount);
    expect(reopened.date).toBe(expected.date);
    expect(reopened.view.zoom).toBeCloseTo(expected.view.zoom, 1);
  });

  test('selecting an earlier incident of the same day keeps the view, and its link reopens it exactly', async () => {
    const first = await open('#date=2024-12-23');
    const arrival = byId('2024-12-23-delegation-arrives-in-kabul');
    const before = await state(first.page);
    await first.page
      .getByRole('list', { name: /incidents shown/i })
      .getByRole('button', { name: arrival.properties.title })
      .click();
    const expected = await state(first.page);
    expect(expected.incident).toBe(arrival.id);
    expect(expected.revealedCount).toBe(before.revealedCount);
    const second = await open(first.page.url().slice(appUrl.length));
    const reopened = await state(second.page);
    expect(reopened.revealedCount).toBe(expected.revealedCount);
    expect(reopened.incident).toBe(arrival.id);
    expect(reopened.date).toBe('2024-12-23');
  });

  test('Copy link puts a link on the clipboard that reopens the selected incident', async () => {
    const app = await open('#incident=2024-12-sadiq-meets-abdul-kabir', {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await app.page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => app.page.getByText('Link copied').count()).toBe(1);
    const copied = await app.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('incident=2024-12-sadiq-meets-abdul-kabir');
    const reopened = await open(copied.slice(appUrl.length));
    expect((await state(reopened.page)).incident).toBe('2024-12-sadiq-meets-abdul-kabir');
  });

  test('Back and Forward walk through deliberate steps; scrubbing replaces the entry', async () => {
    const { page } = await open('#date=2024-08-01');
    const next = page.getByRole('button', { name: 'Next incident' });
    await next.click();
    await next.click();
    await page
      .getByRole('list', { name: /incidents shown/i })
      .getByRole('button', { name: seed[0].properties.title })
      .click();
    expect((await state(page)).incident).toBe(seed[0].id);
    expect((await state(page)).revealedCount).toBe(2);

    await page.goBack();
    await expect.poll(async () => (await state(page)).incident).toBe(seed[1].id);
    expect((await state(page)).revealedCount).toBe(2);
    await page.goBack();
    await expect.poll(async () => (await state(page)).incident).toBe(seed[0].id);
    expect((await state(page)).revealedCount).toBe(1);
    await page.goForward();
    await expect.poll(async () => (await state(page)).incident).toBe(seed[1].id);
    expect((await state(page)).revealedCount).toBe(2);

    // Scrubbing replaces the current entry instead of adding one per day.
    const length = await page.evaluate(() => history.length);
    const slider = page.getByRole('slider', { name: /date|timeline/i });
    const max = Number(await slider.getAttribute('max'));
    for (let d = max - 5; d <= max; d++) await slider.fill(String(d));
    expect(await page.evaluate(() => history.length)).toBe(length);
    expect((await state(page)).revealedCount).toBe(seed.length);
  });

  test('Back after selecting and panning returns to the entry before, without rewriting it', async () => {
    const { page } = await open('#date=2024-12-24');
    const before = page.url();
    await page
      .getByRole('list', { name: /incidents shown/i })
      .getByRole('button', { name: seed[0].properties.title })
      .click();
    expect((await state(page)).incident).toBe(seed[0].id);
    const box = await page.locator('#map canvas').boundingBox();
    if (!box) throw new Error('no map');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2 - 60, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.url()).not.toContain(before.split('#map=')[1].split('&')[0]);
    await page.goBack();
    await expect.poll(async () => (await state(page)).incident).toBeNull();
    await page.waitForTimeout(500);
    expect((await state(page)).incident).toBeNull();
    expect(decodeURIComponent(page.url())).toBe(decodeURIComponent(before));
    await page.goForward();
    await expect.poll(async () => (await state(page)).incident).toBe(seed[0].id);
  });

  test('an unknown incident id gets a polite message and the app keeps working', async () => {
    const { page } = await open('#incident=no-such-incident');
    const message = page.getByRole('status').filter({ hasText: 'no-such-incident' });
    await expect.poll(() => message.count()).toBeGreaterThan(0);
    expect(await message.first().innerText()).toMatch(/no incident/i);
    expect((await state(page)).incident).toBeNull();
    expect(await revealedIds(page)).toEqual(seedIds);
    await page.getByRole('button', { name: 'Previous incident' }).click();
    expect((await state(page)).revealedCount).toBe(seed.length - 1);
    await screenshot(page, 'unknown-incident-message');
  });

  test('malformed hash values are named in a message and the rest of the link still applies', async () => {
    const { page } = await open('#map=abc&date=2024-13-45&incident=2024-12-sadiq-meets-amir-khan-muttaqi');
    const messages = await page.locator('.messages').innerText();
    expect(messages).toContain('"abc"');
    expect(messages).toContain('"2024-13-45"');
    expect((await state(page)).incident).toBe('2024-12-sadiq-meets-amir-khan-muttaqi');
    // Dismissing a message removes it.
    await page.getByRole('button', { name: 'Dismiss message' }).first().click();
    expect(await page.locator('.messages .message').count()).toBe(1);
  });
});
