// The whole task by keyboard alone, in English and in Urdu: open a file, filter,
// play and pause, step, choose an incident from the list, and take its link.
// Only the keyboard acts (Tab, Enter, Space, arrows; the file chooser is answered
// as a person would); page.evaluate only reads. Every stop Tab reaches must show
// where focus is.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, screenshot, state } from './app';
import { seed } from './dataset';

const openApp = appsForThisFile();
const SEED_FILE = fileURLToPath(new URL('../../geojson/incidents.geojson', import.meta.url));
const diplomacy = seed.filter((f) => (f.properties as { category?: string }).category === 'diplomacy').map((f) => f.id);

/** What has focus, in words for a failure message, and whether it is drawn so a sighted reader can see it. */
function focusNow(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (!active || active === document.body) return { what: 'body', visible: true, isBody: true };
    const style = getComputedStyle(active);
    const ring =
      (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const label = active.getAttribute('aria-label') ?? active.textContent?.trim().slice(0, 30) ?? '';
    return {
      what: `${active.tagName.toLowerCase()}.${String(active.className).replace(/\s+/g, '.')} "${label}"`,
      visible: active.matches(':focus-visible') && ring,
      isBody: false,
    };
  });
}

/**
 * Presses `key` (Tab or Shift+Tab) until `done` holds, at most 80 times; records
 * each stop whose focus is not drawn in `unseen`. False if `done` never held.
 */
async function tabUntil(page: Page, done: () => Promise<boolean>, unseen: string[], key = 'Tab'): Promise<boolean> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(key);
    const focus = await focusNow(page);
    if (!focus.visible) unseen.push(focus.what);
    if (await done()) return true;
  }
  return false;
}

const activeIs = (page: Page, selector: string) =>
  page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

/** The play button's icon: it changes from the triangle to the bars while playing, in any language. */
const playIcon = (page: Page) =>
  page.locator('.timeline-buttons button.play path').first().getAttribute('d', { timeout: 5000 });

/** The text of the timeline's live region, what a screen reader says after a step. */
const announced = (page: Page) => page.locator('.timeline [aria-live]').first().textContent();

/**
 * Which arrow key steps forward (reveals more) with focus on the page: ArrowRight is
 * tried, then ArrowLeft where the cursor could not move (at an end).
 */
async function forwardArrow(page: Page): Promise<'ArrowLeft' | 'ArrowRight'> {
  for (const key of ['ArrowRight', 'ArrowLeft'] as const) {
    const before = (await state(page)).revealedCount;
    await page.keyboard.press(key);
    const after = (await state(page)).revealedCount;
    if (after > before) return key;
    if (after < before) return key === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
  }
  throw new Error('neither arrow moved the timeline');
}

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;

describe.each(['en', 'ur'])('the whole task by keyboard, ?lang=%s', (lang) => {
  test('open data, filter, play and pause, step, choose from the list, take the link', async () => {
    const rtl = lang === 'ur';
    // Before the first incident: opening the file visibly changes what is revealed.
    const { page } = await openApp(`?lang=${lang}#date=2024-08-01`, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    expect((await state(page)).revealedCount).toBe(0);
    const unseen: string[] = [];

    // 1. Open data: Tab to the button beside the file input, Enter, and answer the file chooser.
    // Waited for from the start: Playwright takes the chooser over only once it is asked to.
    const chooser = page.waitForEvent('filechooser');
    expect(await tabUntil(page, () => activeIs(page, '#open-file + button'), unseen)).toBe(true);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(SEED_FILE);
    await expect.poll(async () => (await state(page)).revealedCount, { timeout: 60_000 }).toBe(seed.length);
    await expect
      .poll(async () => (await page.evaluate(() => document.body.dataset.loading)) ?? 'idle', { timeout: 60_000 })
      .toBe('idle');

    // 2. Filter: Tab to the Diplomacy checkbox and tick it with Space.
    expect(await tabUntil(page, () => activeIs(page, 'input[type="checkbox"][value="diplomacy"]'), unseen)).toBe(true);
    await page.keyboard.press('Space');
    expect(await page.locator('input[value="diplomacy"]').isChecked()).toBe(true);
    await expect
      .poll(() => page.evaluate(() => window.explorer.shownIds()), { timeout: 10_000 })
      .toEqual(seed.map((f) => f.id).filter((id) => diplomacy.includes(id)));

    // 3. Play and pause with Space, focus on the page itself (Shift+Tab back past the first control).
    expect(await tabUntil(page, () => activeIs(page, 'body'), unseen, 'Shift+Tab')).toBe(true);
    const still = await playIcon(page);
    await page.keyboard.press('Space');
    await expect.poll(() => playIcon(page), { timeout: 10_000 }).not.toBe(still);
    await expect.poll(async () => (await state(page)).revealedCount, { timeout: 15_000 }).toBeGreaterThan(0);
    await page.keyboard.press('Space');
    await expect.poll(() => playIcon(page), { timeout: 10_000 }).toBe(still);
    const paused = await state(page);
    await page.waitForTimeout(1200);
    expect((await state(page)).revealedCount).toBe(paused.revealedCount);

    // 4. Step with the arrows, still on the page. Which arrow goes forward is seen, not assumed:
    // in a right-to-left language the timeline runs right to left, so ArrowLeft is Next (SPEC).
    const forward = await forwardArrow(page);
    expect(forward, 'the arrow that steps to the next incident').toBe(rtl ? 'ArrowLeft' : 'ArrowRight');
    const back = forward === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
    for (let i = 0; i < 2 * diplomacy.length && (await state(page)).incident !== diplomacy[0]; i++) {
      const at = diplomacy.indexOf((await state(page)).incident ?? '');
      await page.keyboard.press(at > 0 ? back : forward);
    }
    expect((await state(page)).incident).toBe(diplomacy[0]);
    await page.keyboard.press(forward);
    // Through the incidents the filter keeps, one at a time.
    expect((await state(page)).incident).toBe(diplomacy[1]);
    expect(await focusNow(page)).toMatchObject({ isBody: true });
    // The step is said aloud, in the page's language.
    const said = (await announced(page)) ?? '';
    expect(said.length).toBeGreaterThan(0);
    if (rtl) {
      expect(said, 'the announcement is in Urdu').toMatch(ARABIC_SCRIPT);
    }

    // 5. Choose an incident from the list (the first, revealed whatever the step did): Tab to its row, Enter.
    const target = diplomacy[0];
    expect(await tabUntil(page, () => activeIs(page, `li[data-id="${target}"] .incident-item`), unseen)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await state(page)).incident, { timeout: 10_000 }).toBe(target);
    const details = page.locator('.incident-details');
    await expect.poll(() => details.isVisible(), { timeout: 10_000 }).toBe(true);
    const heading = await details.locator('h2').textContent();
    // The seed's own title in the page's language (its Urdu translation in Urdu).
    const chosen = seed.find((f) => f.id === target)?.properties;
    const translations = (chosen as { translations?: Record<string, { title?: string }> } | undefined)?.translations;
    expect(heading).toBe(rtl ? translations?.[lang]?.title : chosen?.title);
    await screenshot(page, `keyboard-walk-${lang}`);

    // 6. Copy link: Tab on into the details to their Copy link button, Enter; the clipboard holds this incident's link.
    expect(await tabUntil(page, () => activeIs(page, '.incident-details .copy-link'), unseen)).toBe(true);
    await page.keyboard.press('Enter');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).hash).toContain(`incident=${target}`);
    expect(new URL(link).search).toContain(`lang=${lang}`);

    // Tab on out of the details: what follows shows focus too.
    await tabUntil(page, async () => !(await activeIs(page, '.incident-details *')), unseen);
    expect(unseen).toEqual([]);
  });
});
