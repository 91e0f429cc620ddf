// Links and files made to hurt: a cell that would freeze the parser, links to
// other hosts, a server that stalls, a style that breaks, 70,000 categories,
// and the Content-Security-Policy the site ships with. Each test fails on a
// build without the protection it names.
import { fileURLToPath } from 'node:url';
import type { Page, Request } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { appsForThisFile, exportItem, fixturesUrl, mapIdle, pixelsAtScreen, revealedIds, state } from './app';
import { seedIds } from './dataset';
import { readHeadersFile } from './static-server';

const openApp = appsForThisFile();
const foreignUrl = inject('foreignUrl');
const otherHostUrl = inject('otherHostUrl');
const foreignHost = new URL(foreignUrl).host;
const otherHost = new URL(otherHostUrl).host;
/** The generated 100,000-row table (global-setup.ts): a few seconds to read, long enough to cancel. */
const LARGE = fileURLToPath(new URL('../../test-results/generated/100000.csv', import.meta.url));

/** Opens a file as a person does, through the Open button. */
async function openFile(page: Page, name: string, text: string) {
  await page.locator('#open-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
}

/** Waits until no load is under way (body[data-loading] gone). */
async function loadsEnded(page: Page, timeout = 60_000) {
  await expect
    .poll(async () => (await page.evaluate(() => document.body.dataset.loading)) ?? 'idle', { timeout })
    .toBe('idle');
}

/** The text of every message shown. */
const messages = (page: Page) => page.locator('.messages .message').allTextContents();

/** What the second server has received since last asked, `host/path` each. */
async function received(): Promise<string[]> {
  return (await fetch(`${foreignUrl}received`)).json() as Promise<string[]>;
}

/** Every request the page makes to `host`, from now on. */
function requestsTo(page: Page, host: string): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).host === host) seen.push(request);
  });
  return seen;
}

describe('hostile files and links', () => {
  test('a CSV whose date cell is 100,000 characters loads its other rows and names the bad one', async () => {
    const { page } = await openApp();
    const long = `Y${'1'.repeat(99_999)}`;
    const csv = `date,latitude,longitude,title\n2024-12-01,34.5,69.1,First\n${long},34.6,69.2,Second\n2024-12-03,34.7,69.3,Third\n`;
    await openFile(page, 'long-date.csv', csv);
    await loadsEnded(page);
    expect(await revealedIds(page)).toEqual(['row-2', 'row-4']);
    await expect.poll(() => page.locator('.dataset-status').textContent()).toBe('2 incidents loaded, 1 skipped');
    await page.getByRole('button', { name: 'Details of skipped rows and warnings' }).click();
    const listed = await page.locator('.report-dialog .problem-list li').allTextContents();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatch(/^row 3: date "Y1{60,}…" \(100,000 characters\) is not a date/);
    expect(listed[0].length).toBeLessThan(300);
  });

  test('70,000 distinct categories load; the 40 most frequent have colours, the rest are "Other"', async () => {
    const { page } = await openApp();
    // 40 frequent categories of 30 rows each, each in a place of its own, then 70,000 of one row
    // each, each naming an actor of its own too.
    const source = '"[{""title"":""A report"",""publisher"":""Someone""}]"';
    const rows = ['id,date,latitude,longitude,location_precision,title,category,actors,sources_json'];
    for (let c = 0; c < 40; c++) {
      for (let r = 0; r < 30; r++) {
        rows.push(`f${c}-${r},2024-01-01,${(20 + c * 0.5).toFixed(2)},50.00,exact,F ${c},frequent-${c},,${source}`);
      }
    }
    for (let u = 0; u < 70_000; u++) {
      const lat = (-40 + (u % 700) * 0.1).toFixed(2);
      const lon = (-100 + Math.floor(u / 700) * 0.5).toFixed(2);
      rows.push(`u${u},2024-01-02,${lat},${lon},exact,U ${u},unique-${u},actor-${u},${source}`);
    }
    await openFile(page, 'categories.csv', `${rows.join('\n')}\n`);
    await loadsEnded(page, 90_000);
    expect((await state(page)).revealedCount).toBe(71_200);

    const legend = page.locator('.legend ul[aria-label="Incident categories"] li');
    expect(await legend.count()).toBe(41);
    expect(await legend.last().textContent()).toBe('Other (70,000 values): 70,000');
    expect(await legend.first().textContent()).toBe('Frequent 0 (30)');
    const facet = page.locator('.facet', { hasText: 'Categories' });
    expect(await facet.getByRole('checkbox').count()).toBe(40);
    expect(await facet.locator('.facet-other').textContent()).toBe('Other (70,000 values)70,000');

    // Colours on the map: a frequent category in its legend colour, an unique one in the Other colour.
    const swatches = await page
      .locator('.legend ul[aria-label="Incident categories"] .legend-swatch')
      .evaluateAll((spans) => spans.map((span) => getComputedStyle(span).backgroundColor));
    const rgb = (css: string) => (css.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    for (const [id, swatch] of [
      ['f7-0', swatches[7]],
      ['u69999', swatches[40]],
      ['u65536', swatches[40]],
    ] as const) {
      await page.evaluate((target) => window.explorer.select(target), id);
      await page.evaluate((target) => {
        const map = window.explorer.map;
        const at = window.explorer.markerPosition(target);
        if (at) map.jumpTo({ center: map.unproject([at.x, at.y]), zoom: 11 });
      }, id);
      await mapIdle(page);
      const at = await page.evaluate((target) => window.explorer.markerPosition(target), id);
      expect(at, id).not.toBeNull();
      const [pixel] = await pixelsAtScreen(page, [at as { x: number; y: number }]);
      const want = rgb(swatch);
      expect(Math.hypot(pixel[0] - want[0], pixel[1] - want[1], pixel[2] - want[2]), id).toBeLessThan(40);
    }

    // Any folded category is found by typing.
    const find = facet.getByRole('combobox', { name: 'Add a category to the filter' });
    await find.fill('unique-6999');
    const suggestions = await page
      .locator('#category-names option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(suggestions[0]).toBe('unique-6999');
    expect(suggestions.length).toBeLessThanOrEqual(20);
    await find.fill('unique-69999');
    await find.press('Enter');
    await expect.poll(async () => (await state(page)).filter.categories).toEqual(['unique-69999']);
    expect(await page.evaluate(() => window.explorer.shownIds())).toEqual(['u69999']);

    // 70,000 actors: none is an option until typed, then only the first matches are.
    expect(await page.locator('#actor-names option').count()).toBe(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('.facet summary', { hasText: 'Actors' }).click();
    const actor = page.getByRole('combobox', { name: 'Add an actor to the filter' });
    await actor.fill('actor-4242');
    expect(await page.locator('#actor-names option').count()).toBe(11);
    await actor.fill('ACTOR-42420');
    await actor.press('Enter');
    await expect.poll(async () => (await state(page)).filter.actors).toEqual(['actor-42420']);
    expect(await page.evaluate(() => window.explorer.shownIds())).toEqual(['u42420']);
  });
});

describe('consent before other hosts', () => {
  const link = `?data=${foreignUrl}fixtures/mixed.csv&style=${foreignUrl}fixtures/plain-style.json`;

  test('a link to data and a style on another host asks first, and nothing is fetched from it until Continue', async () => {
    let seen: Request[] = [];
    const app = await openApp(link, {
      waitReady: false,
      prepare: async (page) => {
        seen = requestsTo(page, foreignHost);
      },
    });
    const { page } = app;
    const dialog = page.getByRole('dialog', { name: 'Contact other sites?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('listitem').allTextContents()).toEqual([
      `${foreignHost}: the incidents this link opens, the map style this link names`,
    ]);
    // Left open a moment: still nothing asked of that host.
    await page.waitForTimeout(1000);
    expect(seen).toEqual([]);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await page.evaluate(() => window.explorer.ready);
    expect(await page.evaluate(() => window.explorer.map.getStyle().name)).toBe("A user's own style (test fixture)");
    expect((await revealedIds(page)).length).toBe(3);
    expect(seen.map((request) => new URL(request.url()).pathname).sort()).toEqual([
      '/fixtures/mixed.csv',
      '/fixtures/plain-style.json',
    ]);
    // No Referer tells that host which page opened it.
    for (const request of seen) expect(await request.headerValue('referer')).toBeNull();
    // The data and style were asked for by the reader: not counted as leaks.
    app.foreignRequests.length = 0;
  });

  test('Stay offline opens the embedded dataset and basemap and never contacts the host', async () => {
    let seen: Request[] = [];
    const { page } = await openApp(link, {
      waitReady: false,
      prepare: async (page) => {
        seen = requestsTo(page, foreignHost);
      },
    });
    await page
      .getByRole('dialog', { name: 'Contact other sites?' })
      .getByRole('button', { name: 'Stay offline' })
      .click();
    await page.evaluate(() => window.explorer.ready);
    expect(await revealedIds(page)).toEqual(seedIds);
    expect(await page.evaluate(() => window.explorer.map.getStyle().name)).toBe('Incident Atlas offline basemap');
    expect((await messages(page)).join(' ')).toContain(
      `Stayed offline: the incidents at ${foreignHost} were not opened`,
    );
    expect(seen).toEqual([]);
  });

  test('the hosts a style names for its symbols are asked about too; refused, the embedded basemap is used', async () => {
    let others: Request[] = [];
    const app = await openApp(`?style=${foreignUrl}style-elsewhere.json`, {
      waitReady: false,
      prepare: async (page) => {
        others = requestsTo(page, otherHost);
      },
    });
    const { page } = app;
    const dialog = page.getByRole('dialog', { name: 'Contact other sites?' });
    await dialog.getByRole('button', { name: 'Continue' }).click();
    // The style names its sprite on a third host: asked about before the map is given it.
    await expect.poll(async () => (await dialog.getByRole('listitem').allTextContents()).join()).toContain(otherHost);
    expect(await page.locator('#consent-intro').textContent()).toContain('loads from other sites too');
    await dialog.getByRole('button', { name: 'Stay offline' }).click();
    await page.evaluate(() => window.explorer.ready);
    expect(await page.evaluate(() => window.explorer.map.getStyle().name)).toBe('Incident Atlas offline basemap');
    expect((await messages(page)).join(' ')).toContain(`needs ${otherHost}, which you did not allow`);
    expect(others).toEqual([]);
    // Only the style itself came from the first host, as the reader allowed.
    expect(app.foreignRequests.map((url) => new URL(url).pathname)).toEqual(['/style-elsewhere.json']);
    app.foreignRequests.length = 0;
  });

  test("a host the style did not name (a TileJSON's tiles) is refused when the map asks for it", async () => {
    let others: Request[] = [];
    const app = await openApp(`?style=${foreignUrl}style-tilejson.json`, {
      waitReady: false,
      prepare: async (page) => {
        others = requestsTo(page, otherHost);
      },
    });
    const { page } = app;
    await page.getByRole('dialog', { name: 'Contact other sites?' }).getByRole('button', { name: 'Continue' }).click();
    await page.evaluate(() => window.explorer.ready);
    const said = (await messages(page)).join(' ');
    expect(said).toContain(
      `The map asked for something from ${otherHost}, which you have not allowed; it was not loaded.`,
    );
    // Without its tiles the style cannot be shown: the embedded basemap is.
    expect(said).toContain("The link's map style failed");
    expect(await page.evaluate(() => window.explorer.map.getStyle().name)).toBe('Incident Atlas offline basemap');
    expect(others).toEqual([]);
    expect(app.foreignRequests.map((url) => new URL(url).pathname).sort()).toEqual([
      '/style-tilejson.json',
      '/tiles.json',
    ]);
    app.foreignRequests.length = 0;
  });

  test('a redirect from an allowed host to another is not followed', async () => {
    await received();
    const app = await openApp(`?data=${foreignUrl}redirect.csv`, { waitReady: false });
    const { page } = app;
    await page.getByRole('dialog', { name: 'Contact other sites?' }).getByRole('button', { name: 'Continue' }).click();
    await page.evaluate(() => window.explorer.ready);
    expect((await messages(page)).join(' ')).toContain('sends it on to another address');
    expect(await revealedIds(page)).toEqual(seedIds);
    // Asked of the server: Chromium reports the redirect's target as a request even when it is not made.
    expect(await received()).toEqual([`${foreignHost}/redirect.csv`]);
    app.foreignRequests.length = 0;
  });

  test('an answer remembered for the session is not asked again', async () => {
    const app = await openApp(link, { waitReady: false });
    const { page } = app;
    const dialog = page.getByRole('dialog', { name: 'Contact other sites?' });
    await dialog.getByRole('checkbox', { name: /Remember my answer/ }).check();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await page.evaluate(() => window.explorer.ready);
    await page.reload();
    await page.evaluate(() => window.explorer.ready);
    expect(await dialog.count()).toBe(0);
    expect((await revealedIds(page)).length).toBe(3);
    app.foreignRequests.length = 0;
  });
});

describe('time bounds and Cancel', () => {
  test('a server that stops sending ends the load with a message naming it; the embedded dataset is shown', async () => {
    const { page } = await openApp('?data=/stall/stall.csv', { waitReady: false });
    await expect
      .poll(async () => (await messages(page)).join(' '), { timeout: 40_000 })
      .toContain('/stall/stall.csv stopped arriving: nothing came for 20 seconds');
    await page.evaluate(() => window.explorer.ready);
    expect(await revealedIds(page)).toEqual(seedIds);
    // The link stays as it was, so reloading tries it again.
    expect(page.url()).toContain('?data=/stall/stall.csv');
  });

  test('Cancel ends a load at once and the dataset on screen stays; the next file opens', async () => {
    const { page } = await openApp();
    await page.locator('#open-file').setInputFiles(LARGE);
    const cancel = page.getByRole('button', { name: /^Cancel/ });
    await expect.poll(() => cancel.isVisible()).toBe(true);
    await cancel.click();
    await loadsEnded(page);
    expect((await messages(page)).join(' ')).toContain(
      'Opening 100000.csv was cancelled. The dataset on screen stays.',
    );
    expect(await revealedIds(page)).toEqual(seedIds);
    await openFile(page, 'next.csv', 'date,latitude,longitude,title\n2024-12-01,34.5,69.1,Next\n');
    await loadsEnded(page);
    expect(await revealedIds(page)).toEqual(['row-2']);
  });

  test('opening another file while one loads cancels the first', async () => {
    const { page } = await openApp();
    await page.locator('#open-file').setInputFiles(LARGE);
    await expect.poll(() => page.getByRole('button', { name: /^Cancel/ }).isVisible()).toBe(true);
    await openFile(page, 'instead.csv', 'date,latitude,longitude,title\n2024-12-01,34.5,69.1,Instead\n');
    await loadsEnded(page);
    expect(await revealedIds(page)).toEqual(['row-2']);
    // Replaced, not cancelled by the reader: nothing to say about it.
    expect((await messages(page)).join(' ')).not.toContain('cancelled');
  });

  test("Cancel on a link's load that stalls leaves the embedded dataset", async () => {
    const { page } = await openApp('?data=/stall/stall.csv', { waitReady: false });
    const cancel = page.getByRole('button', { name: /^Cancel/ });
    await expect.poll(() => cancel.isVisible(), { timeout: 20_000 }).toBe(true);
    await cancel.click();
    await page.evaluate(() => window.explorer.ready);
    expect(await revealedIds(page)).toEqual(seedIds);
    expect((await messages(page)).join(' ')).toContain('Opening /stall/stall.csv was cancelled.');
  });
});

describe('a broken map style is not fatal', () => {
  test('a style whose sprite is missing falls back to the embedded basemap with a message', async () => {
    const { page } = await openApp(
      '?style=../fixtures/broken-sprite-style.json#incident=2024-12-24-paktika-airstrikes',
      {
        expectedErrors: /Failed to load resource: the server responded with a status of 404/,
      },
    );
    expect(await page.evaluate(() => window.explorer.map.getStyle().name)).toBe('Incident Atlas offline basemap');
    const said = (await messages(page)).join(' ');
    expect(said).toContain("The link's map style failed (Could not load the map style's symbols (sprite)");
    expect(said).toContain('the embedded basemap is shown instead');
    expect((await state(page)).incident).toBe('2024-12-24-paktika-airstrikes');
  });

  test('a style that is not JSON, or not a style, is not used; the embedded basemap is', async () => {
    const { page } = await openApp('?style=../fixtures/mixed.csv');
    expect(await page.evaluate(() => window.explorer.map.getStyle().name)).toBe('Incident Atlas offline basemap');
    expect((await messages(page)).join(' ')).toContain('is not used: it is not JSON');
    const again = await openApp(`?style=${encodeURIComponent(`${fixturesUrl}shapes.geojson`)}`);
    expect((await messages(again.page)).join(' ')).toContain('it is not a map style');
    const missing = await openApp('?style=../fixtures/no-such-style.json', {
      expectedErrors: /Failed to load resource: the server responded with a status of 404/,
    });
    expect((await messages(missing.page)).join(' ')).toContain(
      'is not used: it could not be fetched (the server answered 404)',
    );
  });
});

describe('Content-Security-Policy', () => {
  test('the site runs under the shipped policy with no violation: the seed, a CSV opened, both exports', async () => {
    const { page } = await openApp('', {
      waitReady: false,
      // The one violation the test makes on purpose, at its end.
      expectedErrors: /Executing inline script violates the following Content Security Policy/,
      prepare: async (page) => {
        await page.addInitScript(() => {
          const w = window as unknown as { __violations: string[] };
          w.__violations = [];
          document.addEventListener('securitypolicyviolation', (event) =>
            w.__violations.push(`${event.violatedDirective} ${event.blockedURI}`),
          );
        });
      },
    });
    const response = await page.reload();
    // The policy the site ships with, but for the second origin the tests add to connect-src.
    const shipped = readHeadersFile(fileURLToPath(new URL('../../public/_headers', import.meta.url)));
    const served = response?.headers()['content-security-policy'] ?? '';
    expect(served.replace(/ http:\/\/(127\.0\.0\.1|localhost):\d+/g, '')).toBe(shipped['Content-Security-Policy']);
    expect(shipped['Content-Security-Policy']).toContain("script-src 'self';");
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await page.evaluate(() => window.explorer.ready);
    await openFile(page, 'small.csv', 'date,latitude,longitude,title\n2024-12-01,34.5,69.1,First\n');
    await loadsEnded(page);
    expect(await revealedIds(page)).toEqual(['row-2']);
    for (const label of ['GeoJSON', 'CSV']) {
      const item = await exportItem(page, label);
      const [download] = await Promise.all([page.waitForEvent('download'), item.click()]);
      expect(await download.failure()).toBeNull();
    }
    await mapIdle(page);
    const violations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    expect(await violations()).toEqual([]);
    // The policy is enforced, and the listener hears it: an inline script is refused.
    await page.evaluate(() =>
      document.head.append(Object.assign(document.createElement('script'), { textContent: '1' })),
    );
    await expect.poll(violations).toEqual(['script-src-elem inline']);
  });
});
