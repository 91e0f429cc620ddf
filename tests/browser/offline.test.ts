// Offline install (issue #33, docs/offline.md): the built site's manifest and service worker; after one
// visit, with the network off (the browser offline and the server gone), a reload still shows the seed
// dataset on the basemap in English and Urdu; a new version waits for the reader's Reload.
// Each test serves the built app from a server of its own, so it can change the version or stop it.
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { closeBrowser, pixelAt, revealedIds, screenshot, sharedBrowser, state, waitForDataset } from './app';
import { readHeadersFile, serveStatic } from './static-server';

const AIRSTRIKE = '2024-12-24-paktika-airstrikes';

/** Where the global setup built the app. */
const DIST = fileURLToPath(new URL('../../test-results/dist/', import.meta.url));
const HEADERS = readHeadersFile(`${DIST}_headers`);
/** The precache above this is a mistake (a data file or a source map swept in), not the app. */
const PRECACHE_BUDGET = 10 * 1024 * 1024;

/** The service worker's precache list, as the build wrote it into sw.js. */
function precacheList(swText: string): { url: string; revision: string | null }[] {
  return [...swText.matchAll(/\{url:"([^"]+)",revision:(?:"([^"]*)"|null)\}/g)].map((m) => ({
    url: m[1],
    revision: m[2] ?? null,
  }));
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

interface Site {
  origin: string;
  server: Server;
  /** Serve the next version: an index.html with a marker, and a sw.js that lists it with a new revision. */
  next: boolean;
  /** Every path the server received. */
  received: string[];
}

/** The built app at /atlas/ on a server of the test's own, with the shipped headers. */
async function serveSite(): Promise<Site> {
  const site = { next: false, received: [] as string[] } as Site;
  const send = (body: string, type: string) => (_request: unknown, response: import('node:http').ServerResponse) => {
    response.writeHead(200, { ...HEADERS, 'content-type': type, 'cache-control': 'no-cache' });
    response.end(body);
  };
  const indexHtml = readFileSync(`${DIST}index.html`, 'utf8');
  const swText = readFileSync(`${DIST}sw.js`, 'utf8');
  const index = (request: unknown, response: import('node:http').ServerResponse) =>
    send(
      site.next ? indexHtml.replace('<head>', '<head>\n<meta name="atlas-build" content="next" />') : indexHtml,
      'text/html; charset=utf-8',
    )(request, response);
  const sw = (request: unknown, response: import('node:http').ServerResponse) =>
    send(site.next ? swText.replace(/(\{url:"index\.html",revision:")[^"]+"/, '$1next"') : swText, 'text/javascript')(
      request,
      response,
    );
  const { server, origin } = await serveStatic(
    { '/atlas/': DIST },
    {
      headers: { '/atlas/': HEADERS },
      log: site.received,
      routes: { '/atlas/': index, '/atlas/index.html': index, '/atlas/sw.js': sw },
    },
  );
  site.server = server;
  site.origin = origin;
  return site;
}

interface Visit {
  context: BrowserContext;
  page: Page;
  /** Requests that failed, and requests to another origin. */
  failed: string[];
  foreign: string[];
  errors: string[];
}

const visits: Visit[] = [];
const sites: Site[] = [];

async function visit(site: Site, path = ''): Promise<Visit> {
  const context = await (await sharedBrowser()).newContext({
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'allow',
  });
  const page = await context.newPage();
  const opened: Visit = { context, page, failed: [], foreign: [], errors: [] };
  context.on('requestfailed', (request) => opened.failed.push(`${request.url()} ${request.failure()?.errorText}`));
  context.on('request', (request) => {
    const url = request.url();
    if (!/^(data|blob):/.test(url) && new URL(url).origin !== site.origin) opened.foreign.push(url);
  });
  page.on('pageerror', (error) => opened.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') opened.errors.push(message.text());
  });
  visits.push(opened);
  await page.goto(`${site.origin}/atlas/${path}`);
  await page.evaluate(() => window.explorer.ready);
  return opened;
}

/** Waits until the service worker is active and controls the page; returns its scope, the files cached and the caches. */
async function installed(page: Page): Promise<{ scope: string; cached: number; names: string[] }> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
    }
    let cached = 0;
    const names = await caches.keys();
    for (const name of names) cached += (await (await caches.open(name)).keys()).length;
    return { scope: registration.scope, cached, names };
  });
}

afterEach(async () => {
  for (const opened of visits.splice(0)) {
    expect(opened.foreign).toEqual([]);
    expect(opened.errors).toEqual([]);
    await opened.context.close();
  }
  for (const site of sites.splice(0)) await new Promise((resolve) => site.server.close(resolve));
});
afterAll(closeBrowser);

describe('offline install', () => {
  test('the build has a relative manifest with PNG icons, and precaches what the app needs and nothing else', () => {
    const manifest = JSON.parse(readFileSync(`${DIST}manifest.webmanifest`, 'utf8'));
    // Relative: the site installs from whatever path it is served under.
    expect(manifest).toMatchObject({ start_url: './', scope: './', id: './', display: 'standalone' });
    const sizes = Object.fromEntries(
      manifest.icons.map((icon: { src: string; purpose?: string; sizes: string }) => [
        `${icon.purpose ?? 'any'} ${icon.sizes}`,
        pngSize(`${DIST}${icon.src}`).join('x'),
      ]),
    );
    expect(sizes).toEqual({ 'any 192x192': '192x192', 'any 512x512': '512x512', 'maskable 512x512': '512x512' });
    const html = readFileSync(`${DIST}index.html`, 'utf8');
    expect(html).toContain('<link rel="manifest" href="./manifest.webmanifest">');
    // No inline script: the policy (script-src 'self') would refuse it.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    const list = precacheList(readFileSync(`${DIST}sw.js`, 'utf8'));
    const urls = list.map((entry) => entry.url);
    expect(new Set(urls).size).toBe(urls.length);
    const shipped = (pattern: RegExp) => urls.filter((url) => pattern.test(url));
    expect(urls).toContain('index.html');
    expect(urls).toContain('manifest.webmanifest');
    // The app and its workers, the page's fonts, the embedded dataset and its places.
    for (const part of ['index', 'dataset-worker', 'table-worker', 'points-worker', 'bundle-worker', 'geoparquet']) {
      expect(shipped(new RegExp(`^assets/${part}-[\\w-]+\\.js$`))).toHaveLength(1);
    }
    expect(shipped(/^assets\/maplibre-gl-worker-[\w-]+\.mjs$/)).toHaveLength(1);
    expect(shipped(/^assets\/index-[\w-]+\.css$/)).toHaveLength(1);
    expect(shipped(/^assets\/.*\.woff2$/)).toHaveLength(4);
    expect(shipped(/^assets\/incidents-.*\.geojson$/)).toHaveLength(1);
    expect(shipped(/^assets\/places-.*\.geojson$/)).toHaveLength(1);
    // Every basemap layer and glyph range the build copied.
    const basemap = readdirSync(`${DIST}basemap`, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(geojson|pbf)$/.test(file))
      .map((file) => `basemap/${file}`);
    expect(basemap.length).toBeGreaterThan(30);
    expect(shipped(/^basemap\//).sort()).toEqual(basemap.sort());
    // Not the texts beside them, nor the host's headers file.
    expect(shipped(/\.(md|txt)$|_headers/)).toEqual([]);
    const bytes = urls.reduce((sum, url) => sum + readFileSync(`${DIST}${url}`).length, 0);
    expect(bytes).toBeLessThan(PRECACHE_BUDGET);
    console.info(`precache: ${urls.length} files, ${(bytes / 1024 / 1024).toFixed(2)} MiB`);
  });

  test('after one visit, with the network off, a reload shows the seed dataset on the basemap, in English and Urdu', async () => {
    const site = await serveSite();
    sites.push(site);
    const { page, context, failed } = await visit(site);
    const { scope, cached, names } = await installed(page);
    // Registered from a sub-path, the worker covers that path only.
    expect(scope).toBe(`${site.origin}/atlas/`);
    // The precache and nothing else: no file is cached as it is fetched.
    expect(names).toEqual([`workbox-precache-v2-${site.origin}/atlas/`]);
    expect(cached).toBe(precacheList(readFileSync(`${DIST}sw.js`, 'utf8')).length);

    // The network off: the browser offline, and the server gone too.
    await context.setOffline(true);
    await new Promise((resolve) => site.server.close(resolve));
    sites.splice(sites.indexOf(site), 1);
    const received = site.received.length;
    await page.reload();
    await page.evaluate(() => window.explorer.ready);
    await waitForDataset(page, 13);
    expect(await page.evaluate(() => document.querySelector('.dataset-name')?.textContent)).toMatch(/Pakistan/);
    // The basemap's land is drawn (the canvas is opaque there) and the sea is left to the page's water.
    await page.evaluate(() => window.explorer.map.jumpTo({ center: [66, 27], zoom: 4.5 }));
    await waitForDataset(page, 13);
    const land = await pixelAt(page, [66.5, 28.6]);
    const sea = await pixelAt(page, [63.5, 22.5]);
    expect(land[3]).toBe(255);
    expect(Math.min(...land.slice(0, 3))).toBeGreaterThan(200);
    expect(sea[3]).toBe(0);
    // Labels need glyphs: the map has drawn some of its place names.
    expect(
      await page.evaluate(() => window.explorer.map.queryRenderedFeatures().some((f) => f.layer.type === 'symbol')),
    ).toBe(true);
    await screenshot(page, 'offline-reload');

    // In Urdu: its font (a woff2 of the build) and the Arabic glyph ranges come from the cache too.
    await page.goto(`${site.origin}/atlas/?lang=ur`);
    await page.evaluate(() => window.explorer.ready);
    await waitForDataset(page, 13);
    const fontLoaded = await page.evaluate(async () => {
      await document.fonts.load('16px "Noto Nastaliq Urdu"', 'نقشہ');
      await document.fonts.ready;
      return [...document.fonts].some((face) => face.family.includes('Nastaliq') && face.status === 'loaded');
    });
    expect(fontLoaded).toBe(true);
    await screenshot(page, 'offline-reload-ur');
    expect(failed).toEqual([]);
    expect(site.received.length).toBe(received);
    expect(await installed(page)).toEqual({ scope, cached, names });
  });

  test('a new version shows "Reload to update", in the page\'s language, and waits; Reload opens it on the same view', async () => {
    const site = await serveSite();
    sites.push(site);
    const { page, failed } = await visit(site);
    await installed(page);
    expect(await page.locator('meta[name="atlas-build"]').count()).toBe(0);

    // The site is updated; the reader comes back (a reload checks for a new service worker).
    site.next = true;
    await page.reload();
    await page.evaluate(() => window.explorer.ready);
    const reload = page.getByRole('button', { name: 'Reload', exact: true });
    await reload.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.locator('.messages').textContent())
      .toContain('A new version of Incident Atlas is ready. Reload to update.');
    // Until the reader chooses, the page is the version they opened.
    expect(await page.locator('meta[name="atlas-build"]').count()).toBe(0);
    expect((await revealedIds(page)).length).toBe(13);
    await screenshot(page, 'offline-update-ready');

    // The message speaks the page's language; Reload keeps the view the reader is on.
    await page.goto(`${site.origin}/atlas/?lang=ur#incident=${AIRSTRIKE}`);
    await page.evaluate(() => window.explorer.ready);
    const urduReload = page.getByRole('button', { name: 'دوبارہ کھولیں', exact: true });
    await urduReload.waitFor({ timeout: 30_000 });
    expect(await page.locator('.messages').textContent()).toContain('Incident Atlas کا نیا ورژن تیار ہے۔');
    const before = page.url();
    await Promise.all([page.waitForEvent('load'), urduReload.click()]);
    await page.evaluate(() => window.explorer.ready);
    expect(await page.locator('meta[name="atlas-build"]').count()).toBe(1);
    expect(page.url()).toBe(before);
    expect((await state(page)).incident).toBe(AIRSTRIKE);
    await expect.poll(() => page.locator('.message-action').count()).toBe(0);
    expect(failed).toEqual([]);
  });
});
