// Accessible in every state and every language: axe finds no serious or critical
// violation in the default view, with an incident's details open, with each
// dialog open (column chooser, report, consent, embed, cite), embedded, on a phone and in
// story mode (column, card, embed); the page honours prefers-reduced-motion
// and stays usable in forced colours.
// Controls are found by structure (classes, roles), not by English names,
// so the same steps run in each language.
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { appsForThisFile, mapIdle, revealedIds, screenshot, state } from './app';
import { byId } from './dataset';

const openApp = appsForThisFile();
const foreignUrl = inject('foreignUrl');

const LANGUAGES = ['en', 'ur', 'ps', 'fa-AF'] as const;
const RTL = new Set(['ur', 'ps', 'fa-AF']);
const paktika = byId('2024-12-24-paktika-airstrikes');
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
/** Where screenshot() puts its files, for shots taken before the map exists or of one element. */
const shotPath = (name: string) =>
  fileURLToPath(new URL(`../../test-results/screenshots/${name}.png`, import.meta.url));

/** Serious or critical violations axe finds on the page as it is, `state: rule: targets` each. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Waits until no load is under way (body[data-loading] gone). */
async function loadsEnded(page: Page) {
  await expect
    .poll(async () => (await page.evaluate(() => document.body.dataset.loading)) ?? 'idle', { timeout: 60_000 })
    .toBe('idle');
}

describe.each(LANGUAGES)('accessible in every state, ?lang=%s', (lang) => {
  test('default view, details open, phone size, the column chooser and the report dialog', async () => {
    const { page } = await openApp(`?lang=${lang}`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe(RTL.has(lang) ? 'rtl' : 'ltr');
    const found: string[] = [];
    found.push(...(await seriousViolations(page, 'default')));

    // An incident chosen in the list: its details open beside it.
    await page.locator(`.incident-list li[data-id="${paktika.id}"] .incident-item`).click();
    await expect.poll(async () => (await state(page)).incident, { timeout: 10_000 }).toBe(paktika.id);
    await expect.poll(() => page.locator('.incident-details').isVisible(), { timeout: 10_000 }).toBe(true);
    found.push(...(await seriousViolations(page, 'details')));

    await page.setViewportSize({ width: 390, height: 844 });
    await mapIdle(page);
    found.push(...(await seriousViolations(page, 'phone')));
    await screenshot(page, `a11y-${lang}-phone`);
    await page.setViewportSize({ width: 1280, height: 800 });

    // A CSV whose columns the app cannot name asks which hold what.
    await page.locator('#open-file').setInputFiles(fixture('columns-unknown.csv'));
    const columns = page.locator('dialog.column-dialog');
    await expect.poll(() => columns.isVisible(), { timeout: 30_000 }).toBe(true);
    found.push(...(await seriousViolations(page, 'column chooser')));
    await screenshot(page, `a11y-${lang}-column-dialog`);
    await page.keyboard.press('Escape');
    await expect.poll(() => columns.count(), { timeout: 10_000 }).toBe(0);
    await loadsEnded(page);

    // A CSV with bad rows: its report lists them in a dialog.
    await page.locator('#open-file').setInputFiles(fixture('mixed.csv'));
    await expect.poll(() => revealedIds(page), { timeout: 60_000 }).toEqual(['good-1', 'good-2', 'good-3']);
    await loadsEnded(page);
    const details = page.locator('.dataset-line button');
    await expect.poll(() => details.isVisible(), { timeout: 10_000 }).toBe(true);
    await details.click();
    const report = page.locator('dialog.report-dialog');
    await expect.poll(() => report.isVisible(), { timeout: 10_000 }).toBe(true);
    found.push(...(await seriousViolations(page, 'report dialog')));
    await page.keyboard.press('Escape');
    await expect.poll(() => report.isVisible(), { timeout: 10_000 }).toBe(false);

    expect(found).toEqual([]);
  });

  test('the consent dialog for another host, then the embedded view with details', async () => {
    const app = await openApp(`?lang=${lang}&embed=1&data=${foreignUrl}fixtures/mixed.csv#incident=${paktika.id}`, {
      waitReady: false,
      viewport: { width: 640, height: 420 },
    });
    const { page } = app;
    const found: string[] = [];
    const consent = page.locator('dialog.consent-dialog');
    await expect.poll(() => consent.isVisible(), { timeout: 30_000 }).toBe(true);
    found.push(...(await seriousViolations(page, 'consent')));
    await page.screenshot({ path: shotPath(`a11y-${lang}-consent`) });
    // Escape stays offline: the embedded dataset opens, at the linked incident.
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.explorer.ready);
    await expect.poll(async () => (await state(page)).incident, { timeout: 10_000 }).toBe(paktika.id);
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    found.push(...(await seriousViolations(page, 'embed')));
    await screenshot(page, `a11y-${lang}-embed`);
    expect(found).toEqual([]);
  });

  test('the Embed dialog, and the embedded view with nothing selected', async () => {
    const { page } = await openApp(`?lang=${lang}#incident=${paktika.id}`);
    const found: string[] = [];
    await page.locator('.share-button').click();
    await page.locator('[data-share="embed"]').click();
    const dialog = page.locator('dialog.embed-dialog');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    found.push(...(await seriousViolations(page, 'embed dialog')));
    await page.screenshot({ path: shotPath(`a11y-${lang}-embed-dialog`) });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(0);

    // Its link to the full view over the map, at a small iframe's size.
    const embed = await openApp(`?lang=${lang}&embed=1`, { viewport: { width: 400, height: 300 } });
    expect(await embed.page.locator('.embed-full-view').isVisible()).toBe(true);
    found.push(...(await seriousViolations(embed.page, 'embed, nothing selected')));
    expect(found).toEqual([]);
  });

  test('story mode: the column on a wide screen, the card on a phone and in an embed', async () => {
    const story = `?lang=${lang}&data=../fixtures/story.geojson`;
    const found: string[] = [];
    const { page } = await openApp(`${story}#step=2`);
    const region = page.locator('section.story');
    expect(await region.getAttribute('aria-labelledby')).toBe('story-title');
    expect(await page.locator('.story-step[aria-current="step"]').getAttribute('data-step')).toBe('2');
    found.push(...(await seriousViolations(page, 'story column')));
    // A step shown is said: the live status names it.
    await page.locator('.story-next').click();
    await expect.poll(() => page.locator('.story [role="status"]').textContent()).toMatch(/3/);
    await page.setViewportSize({ width: 390, height: 844 });
    await mapIdle(page);
    found.push(...(await seriousViolations(page, 'story phone')));
    await screenshot(page, `a11y-${lang}-story-phone`);
    const { page: embed } = await openApp(`?embed=1&${story.slice(1)}#step=2`, {
      viewport: { width: 640, height: 420 },
    });
    expect(await embed.locator('section.story').isVisible()).toBe(true);
    found.push(...(await seriousViolations(embed, 'story embed')));
    await screenshot(embed, `a11y-${lang}-story-embed`);
    expect(found).toEqual([]);
  });
});

/** Elements (and their ::before and ::after) whose computed animation or transition lasts longer than 0 s. */
function movingStyles(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seconds = (list: string) =>
      Math.max(
        ...list.split(',').map((t) => (t.trim().endsWith('ms') ? Number.parseFloat(t) / 1000 : Number.parseFloat(t))),
      );
    const moving: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(element, pseudo);
        const animated = style.animationName !== 'none' && seconds(style.animationDuration) > 0;
        const transition = seconds(style.transitionDuration) + seconds(style.transitionDelay) > 0;
        if (animated || transition) {
          const name = `${element.tagName.toLowerCase()}.${String(element.className).replace(/\s+/g, '.')}${pseudo ?? ''}`;
          moving.push(`${name}: ${style.animationName} ${style.animationDuration} / ${style.transitionDuration}`);
        }
      }
    }
    return moving;
  });
}

describe('motion and colour preferences', () => {
  test('under prefers-reduced-motion nothing eases or animates: the map jumps, no CSS motion', async () => {
    const { page } = await openApp('?lang=ur#map=8/25/62&date=2024-12-31', { reducedMotion: 'reduce' });
    expect(await movingStyles(page)).toEqual([]);
    // Chosen from the list, off screen: the map is there at once.
    await page.locator(`.incident-list li[data-id="${paktika.id}"] .incident-item`).click();
    // MapLibre has no isEasing(); an easeTo under way is isMoving() from its first frame.
    expect(await page.evaluate(() => window.explorer.map.isMoving())).toBe(false);
    expect((await state(page)).incident).toBe(paktika.id);
    // Nor does a step to an incident off screen.
    await page.evaluate(() => window.explorer.map.jumpTo({ center: [62, 25], zoom: 8 }));
    const stepped = await page.evaluate(() => {
      window.explorer.prev();
      return window.explorer.map.isMoving();
    });
    expect(stepped).toBe(false);
    // With the details, dialogs' and list's elements all on the page now.
    expect(await movingStyles(page)).toEqual([]);
  });

  test('without the preference the map eases (so the check above can fail)', async () => {
    const { page } = await openApp('#map=8/25/62&date=2024-12-31');
    await page.locator(`.incident-list li[data-id="${paktika.id}"] .incident-item`).click();
    expect(await page.evaluate(() => window.explorer.map.isMoving())).toBe(true);
  });

  test('in forced colours, controls keep their edges, focus shows, the slider and the selected row stand out', async () => {
    const { page } = await openApp(`#incident=${paktika.id}`, { forcedColors: 'active' });
    expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);
    const look = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((element) => {
          const style = getComputedStyle(element);
          return {
            border: `${style.borderTopStyle} ${style.borderTopWidth}`,
            borderStart: `${style.borderInlineStartStyle} ${style.borderInlineStartColor}`,
            outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
            background: style.backgroundColor,
            adjust: style.getPropertyValue('forced-color-adjust'),
          };
        });
    // Header tools, the timeline's buttons and the language menu keep a border.
    for (const selector of ['.tools .tool', '.timeline-buttons button', '.language-select']) {
      expect((await look(selector)).border, selector).not.toMatch(/^none|0px$/);
    }
    // The selected row: in the theme's highlight colours, unlike the others.
    const selected = await look('.incident-list li.selected .incident-item');
    const other = await look('.incident-list li:not(.selected) .incident-item');
    expect(selected.adjust).toBe('none');
    expect(selected.background).not.toBe(other.background);
    expect(selected.background).not.toBe('rgba(0, 0, 0, 0)');
    // A category's colour is still its key: the swatches keep their colours.
    const swatch = await look('.incident-list li.selected .swatch');
    expect(swatch.adjust).toBe('none');
    expect(swatch.background).not.toBe('rgba(0, 0, 0, 0)');
    // Focus on a button and on the slider draws a ring.
    for (const selector of ['.timeline-buttons button.play', '.timeline-slider']) {
      await page.locator(selector).focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      expect((await look(`${selector}:focus-visible`)).outline, selector).toMatch(/^solid 3px/);
    }
    await page.locator('.incident-list li.selected').scrollIntoViewIfNeeded();
    await screenshot(page, 'a11y-forced-colours');
    await page.locator('.legend').screenshot({ path: shotPath('a11y-forced-colours-legend') });
  });
});

describe('the Cite dialog (Share menu, Cite this view)', () => {
  for (const lang of ['en', 'fa-AF'] as const) {
    test(`?lang=${lang}: axe finds nothing serious; focus is in the dialog, Tab goes through it`, async () => {
      const { page } = await openApp(`?lang=${lang}#incident=${paktika.id}`);
      await page.locator('.share-button').click();
      await page.locator('[data-share="cite"]').click();
      const dialog = page.locator('dialog.cite-dialog');
      await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await seriousViolations(page, 'cite dialog')).toEqual([]);
      await screenshot(page, `a11y-${lang}-cite-dialog`);
      // Modal: focus starts in it, and Tab reaches each box and button in turn, Close last.
      const focused = () =>
        page.evaluate(() => {
          const active = document.activeElement;
          return active?.closest('dialog.cite-dialog') ? `${active.tagName}.${active.className}` : 'outside';
        });
      const order = [await focused()];
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        order.push(await focused());
      }
      expect(order).toEqual([
        'INPUT.',
        'BUTTON.tool cite-copy',
        'TEXTAREA.',
        'BUTTON.tool cite-copy',
        'TEXTAREA.',
        'BUTTON.tool cite-copy',
        'TEXTAREA.',
        'BUTTON.tool cite-copy',
        'BUTTON.tool primary',
      ]);
    });
  }
});
