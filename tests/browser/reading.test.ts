import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, revealedIds, screenshot, state } from './app';
import { ARTICLE_ONLY, articleOnly, byId, seed } from './dataset';

const openApp = appsForThisFile();

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const paktika = byId('2024-12-24-paktika-airstrikes');

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator} is not laid out`);
  return found;
}

type Box = { x: number; y: number; width: number; height: number };
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** What has keyboard focus: its tag, id, class, and the incident row it is in. */
function focused(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return {
      tag: active?.tagName ?? '',
      id: active?.id ?? '',
      className: typeof active?.className === 'string' ? active.className : '',
      row: (active?.closest('li[data-id]') as HTMLElement | null)?.dataset.id ?? null,
      inDetails: !!active?.closest('.incident-details'),
    };
  });
}

/** The focused element's outline as drawn: style, width in pixels and colour. */
function focusRing(page: Page) {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth), color: style.outlineColor };
  });
}

/** Serious or critical accessibility violations axe finds on the page as it is. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Tab until `done` holds (at most 60 times); false if it never did. */
async function tabUntil(page: Page, done: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await done()) return true;
  }
  return false;
}

describe('a phone shows what is selected on its first screen', () => {
  test('a deep link, Next and Previous put the title, date and place on screen; Full details brings the rest', async () => {
    const { page } = await openApp(`#incident=${paktika.id}`, phone);
    const card = page.locator('.incident-card');
    const title = card.getByRole('heading', { level: 2 });
    expect(await title.innerText()).toBe(paktika.properties.title);
    for (const part of [title, card.locator('.card-meta')]) {
      const b = await box(part);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height).toBeLessThanOrEqual(844);
    }
    expect(await card.locator('.card-meta').innerText()).toMatch(/24 Dec 2024 · Barmal district, Paktika/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'reading-phone-card');

    await page.getByRole('button', { name: 'Previous incident' }).tap();
    const previous = (await state(page)).incident;
    expect(previous).not.toBe(paktika.id);
    const previousTitle = seed.find((f) => f.id === previous)?.properties.title;
    await expect.poll(() => title.innerText()).toBe(previousTitle);
    const stepped = await box(title);
    expect(stepped.y + stepped.height).toBeLessThanOrEqual(844);
    // The timeline's buttons stay on the same screen, so stepping on needs no scrolling.
    const next = await box(page.getByRole('button', { name: 'Next incident' }));
    expect(next.y + next.height).toBeLessThanOrEqual(844);
    expect(overlap(next, stepped)).toBe(false);

    await card.getByRole('button', { name: 'Full details' }).tap();
    const heading = page.locator('#incident-title');
    await expect.poll(() => focused(page).then((f) => f.id)).toBe('incident-title');
    const details = await box(heading);
    expect(details.y).toBeGreaterThanOrEqual(0);
    expect(details.y + details.height).toBeLessThanOrEqual(844);
    await screenshot(page, 'reading-phone-full-details');
  });

  test('the list is read in the page, not through a slot of one and a half rows', async () => {
    const { page } = await openApp('', phone);
    const scroller = await box(page.locator('.incident-list-scroller'));
    // At least seven of the 13 rows (64 px each) show at once.
    expect(scroller.height).toBeGreaterThanOrEqual(7 * 64);
    expect(await page.locator('.incident-card').isVisible()).toBe(false);
  });
});

describe('focus is visible and follows the reader', () => {
  test('the map, a list row and a button draw a focus ring inside their box', async () => {
    const { page } = await openApp('');
    expect(await tabUntil(page, () => focused(page).then((f) => f.className.includes('maplibregl-canvas')))).toBe(true);
    expect(await focusRing(page)).toMatchObject({ style: 'solid', width: 3, color: 'rgb(11, 87, 208)' });
    // Drawn inside the canvas's box, where nothing covers it: a pixel just inside its left edge is the ring's blue.
    const canvas = await box(page.locator('.maplibregl-canvas'));
    const shot = await page.screenshot({
      clip: { x: canvas.x + 1, y: canvas.y + canvas.height / 2, width: 1, height: 1 },
    });
    const pixel = await page.evaluate(
      async (png) => {
        const image = await createImageBitmap(new Blob([new Uint8Array(png)], { type: 'image/png' }));
        const c = new OffscreenCanvas(1, 1).getContext('2d') as OffscreenCanvasRenderingContext2D;
        c.drawImage(image, 0, 0);
        return [...c.getImageData(0, 0, 1, 1).data];
      },
      [...shot],
    );
    expect(pixel.slice(0, 3)).toEqual([11, 87, 208]);

    expect(await tabUntil(page, () => focused(page).then((f) => f.row !== null))).toBe(true);
    expect(await focusRing(page)).toMatchObject({ style: 'solid', width: 3 });
    await screenshot(page, 'reading-focus-row');
    await page.getByRole('button', { name: 'Play' }).focus();
    expect(await focusRing(page)).toMatchObject({ style: 'solid', width: 3 });
  });

  test('Enter on a list row moves focus to the details; Tab goes on into them; Escape returns to the row', async () => {
    const { page } = await openApp('');
    const first = seed[0];
    const row = page.locator(`li[data-id="${first.id}"] > button`);
    await row.focus();
    await page.keyboard.press('Enter');
    expect((await state(page)).incident).toBe(first.id);
    expect(await focused(page)).toMatchObject({ id: 'incident-title', inDetails: true });
    await page.keyboard.press('Tab');
    expect((await focused(page)).inDetails).toBe(true);
    // Copy link is reached from there without leaving the details.
    expect(await tabUntil(page, () => focused(page).then((f) => f.className === 'copy-link' || !f.inDetails))).toBe(
      true,
    );
    expect((await focused(page)).className).toBe('copy-link');
    await page.keyboard.press('Escape');
    expect((await state(page)).incident).toBeNull();
    expect(await page.locator('.incident-details').isVisible()).toBe(false);
    expect((await focused(page)).row).toBe(first.id);
  });

  test('a marker clicked on the map moves focus to the details; Escape closes them and returns to the map', async () => {
    const { page } = await openApp('');
    const target = byId('2024-12-24-paktika-airstrikes');
    const point = await page.evaluate((id) => window.explorer.markerPosition(id), target.id);
    if (!point) throw new Error('marker not drawn');
    const canvas = await box(page.locator('.maplibregl-canvas'));
    await page.mouse.click(canvas.x + point.x, canvas.y + point.y);
    expect((await state(page)).incident).toBe(target.id);
    expect((await focused(page)).id).toBe('incident-title');
    await page.keyboard.press('Escape');
    expect((await state(page)).incident).toBeNull();
    expect((await focused(page)).className).toContain('maplibregl-canvas');
  });
});

describe('desktop: details and list both read', () => {
  test('the details are not a nested scroller; the list opens at its first incident, or the selected one', async () => {
    const { page } = await openApp('');
    const scroller = page.locator('.incident-list-scroller');
    const firstRow = page.locator(`li[data-id="${seed[0].id}"]`);
    expect(inside(await box(firstRow), await box(scroller))).toBe(true);

    await page.evaluate((id) => window.explorer.select(id), seed[4].id);
    const details = page.locator('.incident-details');
    const sizes = await details.evaluate((e) => ({
      overflow: getComputedStyle(e).overflowY,
      scroll: e.scrollHeight,
      client: e.clientHeight,
    }));
    expect(sizes.overflow).toBe('visible');
    expect(sizes.scroll).toBeLessThanOrEqual(sizes.client);
    // Copy link is in the panel's one scroller: scrolled to, it is on screen whole.
    const copy = page.getByRole('button', { name: 'Copy link' });
    await copy.scrollIntoViewIfNeeded();
    expect(inside(await box(copy), { x: 0, y: 0, width: 1280, height: 800 })).toBe(true);
    // The list keeps room for several rows while the details are open.
    expect((await box(scroller)).height).toBeGreaterThanOrEqual(4 * 64);
    await screenshot(page, 'reading-desktop-details');

    // Opened at an incident, the list is scrolled to its row (measured in the list, without scrolling anything).
    const opened = await openApp(`#incident=${seed[9].id}`);
    const offset = await opened.page.evaluate((id) => {
      const row = document.querySelector(`.incident-list li[data-id="${id}"]`) as HTMLElement;
      const scroller = document.querySelector('.incident-list-scroller') as HTMLElement;
      return {
        top: row.offsetTop - scroller.scrollTop,
        bottom: row.offsetTop + 64 - scroller.scrollTop,
        view: scroller.clientHeight,
      };
    }, seed[9].id);
    expect(offset.top).toBeGreaterThanOrEqual(0);
    expect(offset.bottom).toBeLessThanOrEqual(offset.view);
    expect(
      await opened.page.evaluate(() => document.querySelector('.incident-list-scroller')?.scrollTop),
    ).toBeGreaterThan(0);
  });
});

describe('embed', () => {
  for (const [width, height] of [
    [640, 480],
    [300, 250],
  ] as const) {
    test(`at ${width}x${height} the map keeps its room and a selection gets a readable card`, async () => {
      const { page } = await openApp(`?embed=1#incident=${paktika.id}`, { viewport: { width, height } });
      const map = await box(page.locator('#map'));
      expect(map.height).toBeGreaterThanOrEqual(height * 0.55);
      // The attribution is folded behind its button.
      await expect
        .poll(() => page.locator('.maplibregl-ctrl-attrib').getAttribute('class'))
        .not.toMatch(/maplibregl-compact-show/);
      const card = page.getByRole('region', { name: paktika.properties.title });
      const cardBox = await box(card);
      expect(inside(cardBox, map)).toBe(true);
      expect(await card.locator('.card-meta').innerText()).toMatch(/24 Dec 2024 · Barmal district, Paktika/);
      for (const name of ['Zoom in', 'Zoom out']) {
        expect(overlap(await box(page.getByRole('button', { name })), cardBox), name).toBe(false);
      }
      const full = card.getByRole('link', { name: /Open in Incident Atlas/ });
      expect(inside(await box(full), map)).toBe(true);
      const href = new URL((await full.getAttribute('href')) ?? '');
      expect(href.searchParams.get('embed')).toBeNull();
      expect(href.hash).toContain(`incident=${paktika.id}`);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `reading-embed-${width}`);

      // Full details: the sources, over the map; Escape goes back to the map.
      await card.getByRole('button', { name: 'Full details' }).click();
      const sources = page.locator('.incident-details .sources');
      expect(await sources.isVisible()).toBe(true);
      expect((await focused(page)).id).toBe('incident-title');
      await screenshot(page, `reading-embed-${width}-details`);
      // What the overlay covers takes no focus while it is open.
      expect(await page.locator('#map').evaluate((e) => (e as HTMLElement).inert)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      // Escape closes the full details back to the card, then the card; focus never falls to the page.
      await page.keyboard.press('Escape');
      expect(await sources.isVisible()).toBe(false);
      expect((await focused(page)).className).toBe('card-more');
      await page.keyboard.press('Escape');
      expect((await state(page)).incident).toBeNull();
      expect(await card.isVisible()).toBe(false);
      expect((await focused(page)).tag).toBe('BUTTON');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Play');
    });
  }
});

describe('a date range narrows everything, and the link keeps it', () => {
  /** First and last possible day of a seed date as the dataset writes it (EDTF day, month or interval). */
  function bounds(date: string): [string, string] {
    const [a, b = a] = date.split('/');
    const first = a.length === 7 ? `${a}-01` : a;
    if (b === '..') return [first, '9999-12-31'];
    const last = b.length === 7 ? new Date(Date.UTC(Number(b.slice(0, 4)), Number(b.slice(5, 7)), 0)) : null;
    return [first, last ? last.toISOString().slice(0, 10) : b];
  }

  test('typed days keep the incidents that can fall between them; the link reopens the same ones', async () => {
    // The article-only dataset, whose intervals from September and open ends can fall in any week of December.
    const { page } = await openApp(ARTICLE_ONLY);
    await page.getByText('Dates', { exact: true }).click();
    await page.getByLabel('First day of the date range').fill('2024-12-17');
    await page.getByLabel('Last day of the date range').fill('2024-12-23');
    await expect.poll(async () => (await state(page)).filter).toMatchObject({ from: '2024-12-17', to: '2024-12-23' });
    const expected = articleOnly
      .filter((f) => {
        const [first, last] = bounds(f.properties.date);
        return first <= '2024-12-23' && last >= '2024-12-17';
      })
      .map((f) => f.id);
    const shown = await page.evaluate(() => window.explorer.shownIds());
    expect([...shown].sort()).toEqual([...expected].sort());
    // Nothing from 24 Dec, nor the September incident that ended there.
    expect(shown).not.toContain('2024-12-24-paktika-airstrikes');
    expect(shown).toHaveLength(6);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain('from=2024-12-17');
    expect(hash).toContain('to=2024-12-23');
    await screenshot(page, 'reading-date-range');

    const reopened = await openApp(`${ARTICLE_ONLY}${hash}`);
    expect(await reopened.page.evaluate(() => window.explorer.shownIds())).toEqual(shown);
    expect(await reopened.page.getByLabel('First day of the date range').inputValue()).toBe('2024-12-17');
    // All dates clears the range and shows the whole timeline again.
    await reopened.page.getByRole('button', { name: 'All dates' }).click();
    expect((await state(reopened.page)).filter.from).toBeUndefined();
    expect((await state(reopened.page)).span).toBeNull();
    // (The date stays where the range put it, 23 Dec: what it reveals is all shown again.)
    expect(await reopened.page.evaluate(() => window.explorer.shownIds())).toEqual(await revealedIds(reopened.page));
    expect((await state(reopened.page)).shownCount).toBe(7);
  });

  test('a search for a bare year or month explains itself and offers the range it meant', async () => {
    const { page } = await openApp('');
    await page.getByRole('searchbox', { name: 'Search incidents' }).fill('2024-12');
    const hint = page.locator('.date-hint');
    await expect.poll(() => hint.isVisible()).toBe(true);
    expect(await hint.innerText()).toMatch(/not dates.*Dec 2024/s);
    await hint.getByRole('button', { name: 'Show only Dec 2024' }).click();
    const after = await state(page);
    expect(after.filter).toMatchObject({ q: '', from: '2024-12-01', to: '2024-12-31' });
    // The axis from the range's first day to the dataset's last (27 December).
    expect(after.span).toEqual(['2024-12-01', '2024-12-27']);
    expect(await hint.isVisible()).toBe(false);
    // Only the September departure, which cannot fall in December, is left out.
    expect(await page.evaluate(() => window.explorer.shownIds())).not.toContain('2024-09-durrani-steps-down');
    expect(await page.evaluate(() => window.explorer.shownIds())).toHaveLength(12);
    // The one-press year of the timeline's date.
    await page.getByRole('button', { name: 'Only 2024' }).click();
    expect((await state(page)).filter).toMatchObject({ from: '2024-01-01', to: '2024-12-31' });
  });
});
