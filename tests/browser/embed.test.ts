// Embedding (issue #33): the embed view at iframe sizes, the Share menu's Embed
// dialog, and the postMessage API, driven from a host page on another origin
// (docs/embed-example.html, served by the second server) as a newsroom's
// article would.
import type { Frame, Page } from 'playwright-core';
import { afterEach, describe, expect, inject, test } from 'vitest';
import type { ExplorerState } from '../../src/app/public-api';
import { appsForThisFile, appUrl, screenshot, sharedBrowser, state } from './app';
import { byId, seedStory } from './dataset';

const openApp = appsForThisFile();
const foreignUrl = inject('foreignUrl');
const otherHostUrl = inject('otherHostUrl');
const appOrigin = new URL(appUrl).origin;
const foreignOrigin = new URL(foreignUrl).origin;
const paktika = byId('2024-12-24-paktika-airstrikes');

/** A box in CSS pixels. */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const inside = (a: Box, b: Box) =>
  a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;

describe('?embed=1 at iframe sizes', () => {
  for (const [width, height] of [
    [300, 250],
    [400, 300],
    [640, 480],
    [1000, 600],
  ] as const) {
    test(`${width}x${height}: the timeline's controls, the map and a link to the full view are all in reach`, async () => {
      const { page } = await openApp('?embed=1#date=2024-12-20', { viewport: { width, height } });
      const view = { x: 0, y: 0, width, height };
      for (const control of [
        page.getByRole('slider', { name: /date|timeline/i }),
        page.getByRole('button', { name: 'Play' }),
        page.getByRole('button', { name: 'Previous incident' }),
        page.getByRole('button', { name: 'Next incident' }),
      ]) {
        const box = await control.boundingBox();
        expect(box && inside(box, view)).toBe(true);
      }
      const map = await page.locator('#map').boundingBox();
      expect(map?.height).toBeGreaterThanOrEqual(height * 0.55);
      // With nothing selected, the full view is still one link away, named in the page's words.
      const full = page.getByRole('link', { name: 'Open in Incident Atlas ↗' });
      const box = await full.boundingBox();
      expect(box && map && inside(box, map)).toBe(true);
      const href = new URL((await full.getAttribute('href')) ?? '');
      expect(href.searchParams.get('embed')).toBeNull();
      expect(href.hash).toBe(await page.evaluate(() => location.hash));
      expect(href.hash).toContain('date=2024-12-20');
      // The attribution is folded behind its button at any size: the map is the article's.
      expect(await page.locator('.maplibregl-ctrl-attrib').getAttribute('class')).not.toMatch(/compact-show/);
      if (width === 300 || width === 640) await screenshot(page, `embed-${width}x${height}`);

      // A selection: its card over the map carries the link instead, following the view.
      await page.getByRole('button', { name: 'Next incident' }).click();
      const selected = (await state(page)).incident;
      expect(selected).not.toBeNull();
      const card = page.locator('.incident-card');
      expect(inside((await card.boundingBox()) as Box, map as Box)).toBe(true);
      expect(await page.locator('.embed-full-view').isVisible()).toBe(false);
      expect(await card.getByRole('link', { name: /Open in Incident Atlas/ }).getAttribute('href')).toContain(
        `incident=${selected}`,
      );
      if (width === 300 || width === 640) await screenshot(page, `embed-${width}x${height}-selected`);
      // Closed, the corner link is back, and it too follows the view.
      await card.getByRole('button', { name: 'Close details' }).click();
      await expect.poll(() => full.isVisible()).toBe(true);
      expect(await full.getAttribute('href')).not.toContain('embed=1');
    });
  }

  test('the link to the full view is worded in the page language', async () => {
    const { page } = await openApp('?lang=ur&embed=1', { viewport: { width: 400, height: 300 } });
    expect(await page.locator('.embed-full-view').innerText()).toBe('Incident Atlas میں کھولیں ↗');
  });
});

/** The Embed dialog's snippet, opened from the Share menu of the app at `path`. */
async function embedSnippet(page: Page, size?: RegExp): Promise<string> {
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByRole('button', { name: 'Embed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed this view' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  if (size) await dialog.getByRole('radio', { name: size }).check();
  return dialog.getByRole('textbox', { name: 'HTML to paste' }).inputValue();
}

describe('the Embed dialog', () => {
  test('gives an iframe of the view on screen, at a chosen size, and copies it', async () => {
    const { page } = await openApp(`?lang=en#incident=${paktika.id}&cat=airstrike`, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const html = await embedSnippet(page);
    const src = snippetSrc(html);
    expect(src.searchParams.get('embed')).toBe('1');
    expect(src.searchParams.get('lang')).toBe('en');
    expect(src.hash).toContain(`incident=${paktika.id}`);
    expect(src.hash).toContain('cat=airstrike');
    // The query's & is written as &amp; in the attribute.
    expect(html).toContain('?lang=en&amp;embed=1#');
    expect(html).toMatch(/title="[^"]+: map and timeline, Incident Atlas" loading="lazy" allow="fullscreen"/);
    expect(html).toContain('width="640" height="480"');
    await screenshot(page, 'embed-dialog');

    const dialog = page.getByRole('dialog', { name: 'Embed this view' });
    await dialog.getByRole('radio', { name: 'Full width (responsive)' }).check();
    const responsive = await dialog.getByRole('textbox', { name: 'HTML to paste' }).inputValue();
    expect(responsive).toMatch(/^<div style="[^"]*aspect-ratio/);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => dialog.getByRole('status').innerText()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(responsive);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog.embed-dialog').count()).toBe(0);
  });

  test('without the clipboard, Copy selects the text to copy by hand', async () => {
    const { page } = await openApp('', {});
    await embedSnippet(page, /300 × 250/);
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: undefined });
    });
    const dialog = page.getByRole('dialog', { name: 'Embed this view' });
    await dialog.getByRole('button', { name: 'Copy' }).click();
    expect(await dialog.getByRole('status').innerText()).toMatch(/selected: copy it with Ctrl\+C/);
    const selected = await page.evaluate(() => {
      const area = document.activeElement as HTMLTextAreaElement;
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    expect(selected).toMatch(/^<iframe .* width="300" height="250" /);
  });
});

/** The src of the iframe in an Embed snippet, its attribute escapes read back. */
function snippetSrc(html: string): URL {
  const src = /src="([^"]+)"/.exec(html)?.[1] ?? '';
  return new URL(src.replaceAll('&amp;', '&'));
}

/** A host page on another origin, with the app in an iframe, and what the test sees of both. */
interface Host {
  page: Page;
  app: () => Frame;
  /** The atlas: events the host page received. */
  events: () => Promise<{ type: string; version: number; state: ExplorerState }[]>;
  /** Console warnings of the app's frame. */
  warnings: string[];
}

const contexts: { close: () => Promise<void> }[] = [];
const pageErrors: string[] = [];
const offOrigin: string[] = [];
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  expect(offOrigin.splice(0)).toEqual([]);
  expect(pageErrors.splice(0)).toEqual([]);
});

/** Opens docs/embed-example.html from `hostUrl` (a second origin), embedding the app at `appQuery` (its query and hash). */
async function openHost(hostUrl: string, appQuery: string): Promise<Host> {
  const context = await (await sharedBrowser()).newContext({ viewport: { width: 1000, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const warnings: string[] = [];
  page.on('console', (message) => {
    const fromApp = message.location().url.startsWith(appOrigin);
    if (message.type() === 'warning' && fromApp) warnings.push(message.text());
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The app, in its frame, asks nothing of any origin but its own.
  page.on('request', (request) => {
    const url = request.url();
    if (request.frame() === page.mainFrame() || /^(data|blob):/.test(url)) return;
    if (new URL(url).origin !== appOrigin) offOrigin.push(url);
  });
  const app = `${appUrl}${appQuery}`;
  await page.goto(`${hostUrl}docs/embed-example.html?app=${encodeURIComponent(app)}`);
  const frame = () => {
    const found = page.frames().find((f) => f !== page.mainFrame());
    if (!found) throw new Error('no iframe');
    return found;
  };
  return {
    page,
    app: frame,
    events: () => page.evaluate(() => (window as unknown as { atlasEvents: [] }).atlasEvents),
    warnings,
  };
}

async function frameReady(host: Host): Promise<void> {
  await expect.poll(() => host.page.frames().length, { timeout: 30_000 }).toBe(2);
  await expect
    .poll(() => host.app().evaluate(() => document.body.dataset.ready ?? 'no'), { timeout: 60_000 })
    .toBe('true');
}

const last = async (host: Host) => (await host.events()).at(-1);

describe('the message API, from a host page on another origin', () => {
  test('atlas:ready, then commands from the buttons change the app and each change is told', async () => {
    const host = await openHost(foreignUrl, '?embed=1#date=2024-12-01');
    await frameReady(host);
    await expect.poll(async () => (await host.events())[0]?.type, { timeout: 10_000 }).toBe('atlas:ready');
    const [ready] = await host.events();
    expect(ready.version).toBe(1);
    expect(ready.state.date).toBe('2024-12-01');
    expect(ready.state).toEqual(await host.app().evaluate(() => window.explorer.getState()));

    const { page } = host;
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    await expect.poll(async () => (await last(host))?.state.incident).toBe(paktika.id);
    expect((await last(host))?.type).toBe('atlas:change');
    expect(await host.app().evaluate(() => window.explorer.getState().incident)).toBe(paktika.id);

    await page.locator('#date').fill('2024-12-10');
    await page.getByRole('button', { name: 'Set date' }).click();
    await expect.poll(async () => (await last(host))?.state.date).toBe('2024-12-10');
    const revealed = await host.app().evaluate(() => window.explorer.getState().revealedCount);

    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(async () => (await last(host))?.state.revealedCount).toBe(revealed + 1);
    const after = await host.app().evaluate(() => window.explorer.getState());
    expect((await last(host))?.state.incident).toBe(after.incident);
    expect(after.incident).not.toBeNull();

    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect.poll(async () => (await last(host))?.state.filter.categories).toEqual(['diplomacy']);
    expect(await host.app().evaluate(() => window.explorer.getState().shownCount)).toBe(
      (await last(host))?.state.shownCount,
    );
    // The seed's story: step 3 shows its incident, and the change is told with the step.
    const stepThree = seedStory().steps[2];
    await page.locator('#step').fill('3');
    await page.getByRole('button', { name: 'Go to step' }).click();
    await expect.poll(async () => (await last(host))?.state.step).toBe(3);
    expect((await last(host))?.state.incident).toBe(stepThree.incident);
    expect(await host.app().evaluate(() => window.explorer.getState().step)).toBe(3);
    await screenshotHost(host, 'embed-host');
  });

  test('a malformed message warns and changes nothing', async () => {
    const host = await openHost(foreignUrl, '?embed=1#date=2024-12-01');
    await frameReady(host);
    await expect.poll(async () => (await host.events()).length, { timeout: 10_000 }).toBe(1);
    const before = await host.app().evaluate(() => window.explorer.getState());
    await host.page.evaluate(() => {
      const frame = document.querySelector('iframe')?.contentWindow;
      frame?.postMessage({ type: 'atlas:setDate', date: 20241224 }, '*');
      frame?.postMessage({ type: 'atlas:setDate', date: 'soon' }, '*');
      frame?.postMessage({ type: 'atlas:fly' }, '*');
      frame?.postMessage({ type: 'atlas:setFilter', filter: { countries: Array(5000).fill('x') } }, '*');
      frame?.postMessage({ type: 'somebody-else', date: 1 }, '*');
    });
    await expect.poll(() => host.warnings.length).toBe(4);
    expect(host.warnings[0]).toMatch(/atlas:setDate: date is a day written YYYY-MM-DD, not number 20241224/);
    expect(host.warnings[1]).toMatch(/atlas:setDate ignored: setDate: "soon" is not a day/);
    expect(host.warnings[2]).toMatch(/atlas:fly is not a command/);
    expect(host.warnings[3]).toMatch(/filter.countries has 5000 names/);
    expect(await host.app().evaluate(() => window.explorer.getState())).toEqual(before);
    expect(await host.events()).toHaveLength(1);
  });

  test('?embed-origin=: an allowed host commands it and hears back; another is ignored with a warning', async () => {
    const allowed = await openHost(foreignUrl, `?embed=1&embed-origin=${encodeURIComponent(foreignOrigin)}`);
    await frameReady(allowed);
    await expect.poll(async () => (await allowed.events())[0]?.type, { timeout: 10_000 }).toBe('atlas:ready');
    await allowed.page.getByRole('button', { name: 'Select', exact: true }).click();
    await expect.poll(async () => (await last(allowed))?.state.incident).toBe(paktika.id);

    // The same page from a third host (localhost), which the link does not allow.
    const other = await openHost(otherHostUrl, `?embed=1&embed-origin=${encodeURIComponent(foreignOrigin)}`);
    await frameReady(other);
    const before = await other.app().evaluate(() => window.explorer.getState());
    await other.page.getByRole('button', { name: 'Select', exact: true }).click();
    await expect
      .poll(() => other.warnings.join('\n'))
      .toMatch(
        new RegExp(`atlas:select from ${new URL(otherHostUrl).origin} ignored: embed-origin allows ${foreignOrigin}`),
      );
    expect(other.warnings.join('\n')).toMatch(/not one embed-origin allows/);
    expect(await other.app().evaluate(() => window.explorer.getState())).toEqual(before);
    // Nor is it told anything.
    expect(await other.events()).toEqual([]);
  });

  test("the Embed dialog's snippet, pasted into a page, embeds that view and speaks the API", async () => {
    const { page } = await openApp(`#incident=${paktika.id}`);
    const html = await embedSnippet(page, /640 × 480/);
    const host = await openHost(foreignUrl, '?embed=1');
    await frameReady(host);
    await host.page.evaluate((snippet) => {
      (window as unknown as { atlasEvents: unknown[] }).atlasEvents = [];
      // biome-ignore lint/style/noNonNullAssertion: the example page has it
      document.getElementById('frame-box')!.innerHTML = snippet;
    }, html);
    await expect
      .poll(async () => (await host.events()).find((e) => e.type === 'atlas:ready')?.state.incident, {
        timeout: 60_000,
      })
      .toBe(paktika.id);
    const box = await host.page.locator('#frame-box iframe').boundingBox();
    expect([box?.width, box?.height]).toEqual([640, 480]);
    expect(await host.page.locator('#frame-box iframe').getAttribute('title')).toMatch(/Incident Atlas/);
    await host.page.getByRole('button', { name: 'Clear selection' }).click();
    await expect.poll(async () => (await last(host))?.state.incident).toBeNull();
  });
});

/** A screenshot of the host page, app and log together. */
async function screenshotHost(host: Host, name: string): Promise<void> {
  await host.page.screenshot({
    path: new URL(`../../test-results/screenshots/${name}.png`, import.meta.url).pathname,
  });
}
