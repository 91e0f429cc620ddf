import { mkdirSync, readFileSync } from 'node:fs';
import type { MapEventType } from 'maplibre-gl';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, expect, inject } from 'vitest';
import type { ExplorerState } from '../../src/app/public-api';
import { launchChromium } from './chromium';

export const appUrl = inject('appUrl');
export const fixturesUrl = inject('fixturesUrl');
const origin = new URL(appUrl).origin;
const SCREENSHOTS = new URL('../../test-results/screenshots/', import.meta.url);

let browser: Browser | null = null;
export async function sharedBrowser(): Promise<Browser> {
  browser ??= await launchChromium();
  return browser;
}
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

export interface OpenedApp {
  page: Page;
  /** Every URL the page asked for that is not on the app's own origin. */
  foreignRequests: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  /** Errors the test provokes on purpose (a 404 it serves), left out of the check after it. */
  expectedErrors?: RegExp;
  close: () => Promise<void>;
}

export interface OpenOptions extends BrowserContextOptions {
  waitReady?: boolean;
  prepare?: (page: Page) => Promise<void>;
  /** Console errors the test provokes on purpose (see OpenedApp). */
  expectedErrors?: RegExp;
}

/**
 * Opens the built app at `path` (query and hash) and waits for `window.explorer.ready`.
 * `prepare` runs on the page before it is opened (routes, init scripts).
 */
export async function openApp(path = '', options: OpenOptions = {}): Promise<OpenedApp> {
  const { waitReady = true, prepare, expectedErrors, ...contextOptions } = options;
  const context = await (await sharedBrowser()).newContext({
    viewport: { width: 1280, height: 800 },
    // The app's service worker would precache megabytes in every test's fresh context; tests of it allow it.
    serviceWorkers: 'block',
    ...contextOptions,
  });
  const page = await context.newPage();
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (/^(data|blob):/.test(url)) return;
    if (new URL(url).origin !== origin) foreignRequests.push(url);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await prepare?.(page);
  await page.goto(appUrl + path);
  if (waitReady) await page.evaluate(() => window.explorer.ready);
  return { page, foreignRequests, errors, expectedErrors, close: () => context.close() };
}

export function state(page: Page): Promise<ExplorerState> {
  return page.evaluate(() => window.explorer.getState());
}
export function revealedIds(page: Page): Promise<string[]> {
  return page.evaluate(() => window.explorer.revealedIds());
}

/** One event of the map, as recordMapEvents keeps it. */
export interface MapEventRecord {
  at: number;
  calm: boolean;
  moving: boolean;
  /** The map's size, CSS pixels, as `WIDTHxHEIGHT`. */
  size: string;
}

/** Before the page opens: records every `type` event of the map from the moment it is made. */
export async function recordMapEvents(page: Page, type: keyof MapEventType): Promise<void> {
  await page.addInitScript((eventType) => {
    const w = window as unknown as { __mapEvents?: Record<string, MapEventRecord[]> };
    const list: MapEventRecord[] = [];
    w.__mapEvents = { ...w.__mapEvents, [eventType]: list };
    const hook = setInterval(() => {
      try {
        const map = window.explorer.map;
        clearInterval(hook);
        map.on(eventType, () => {
          const box = map.getContainer();
          list.push({
            at: performance.now(),
            calm: window.explorer.renderer.calm,
            moving: map.isMoving(),
            size: `${box.clientWidth}x${box.clientHeight}`,
          });
        });
      } catch {
        // The explorer is not made yet.
      }
    }, 1);
  }, type);
}

/** The `type` events recordMapEvents has kept so far. */
export function mapEvents(page: Page, type: keyof MapEventType): Promise<MapEventRecord[]> {
  return page.evaluate(
    (eventType) =>
      (window as unknown as { __mapEvents: Record<string, MapEventRecord[]> }).__mapEvents[eventType] ?? [],
    type,
  );
}

/** Waits for the map to finish drawing what it was asked to. */
export function mapIdle(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.explorer.map;
        if (map.loaded() && !map.isMoving() && map.areTilesLoaded()) {
          map.once('idle', () => resolve());
          map.triggerRepaint();
        } else map.once('idle', () => resolve());
      }),
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // While a load is busy (a dialog open over it) the map holds its frames and may not reach idle:
  // the picture is taken anyway after a while.
  await Promise.race([mapIdle(page), page.waitForTimeout(10_000)]);
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname });
}

/**
 * Reads the map's pixel colour at a geographic point, from the WebGL frame just
 * drawn (right after 'render', before the buffer is cleared). Offset in CSS pixels.
 */
export function pixelAt(page: Page, lngLat: [number, number], offset: [number, number] = [0, 0]): Promise<number[]> {
  return page.evaluate(
    ({ lngLat, offset }) =>
      new Promise<number[]>((resolve) => {
        const map = window.explorer.map;
        map.once('render', () => {
          const canvas = map.getCanvas();
          const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext;
          const ratio = canvas.width / canvas.clientWidth;
          const p = map.project(lngLat);
          const x = Math.round((p.x + offset[0]) * ratio);
          const y = Math.round(canvas.height - (p.y + offset[1]) * ratio);
          const out = new Uint8Array(4);
          gl.readPixels(x, y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
          resolve([...out]);
        });
        map.triggerRepaint();
      }),
    { lngLat, offset },
  );
}

/** Reads the map's pixel colours at screen points (CSS pixels from the map's top left), from one drawn frame. */
export function pixelsAtScreen(page: Page, points: { x: number; y: number }[]): Promise<number[][]> {
  return page.evaluate(
    (points) =>
      new Promise<number[][]>((resolve) => {
        const map = window.explorer.map;
        map.once('render', () => {
          const canvas = map.getCanvas();
          const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext;
          const ratio = canvas.width / canvas.clientWidth;
          resolve(
            points.map((p) => {
              const out = new Uint8Array(4);
              gl.readPixels(
                Math.round(p.x * ratio),
                Math.round(canvas.height - p.y * ratio),
                1,
                1,
                gl.RGBA,
                gl.UNSIGNED_BYTE,
                out,
              );
              return [...out];
            }),
          );
        });
        map.triggerRepaint();
      }),
    points,
  );
}

/**
 * Opens apps for one test file and checks, after each test, what every browser test
 * must hold: no request left the app's origin and the page raised no error.
 */
export function appsForThisFile(): typeof openApp {
  const apps: OpenedApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) {
      expect(app.foreignRequests).toEqual([]);
      expect(app.errors.filter((error) => !app.expectedErrors?.test(error))).toEqual([]);
      await app.close();
    }
  });
  afterAll(closeBrowser);
  return async (path, options) => {
    const app = await openApp(path, options);
    apps.push(app);
    return app;
  };
}

/** Waits until no load is running (body[data-loading] gone) and the given number of incidents is revealed. */
export async function waitForDataset(page: Page, count: number): Promise<void> {
  await expect
    .poll(async () => (await page.evaluate(() => document.body.dataset.loading)) ?? 'idle', { timeout: 60_000 })
    .toBe('idle');
  expect((await revealedIds(page)).length).toBe(count);
  await mapIdle(page);
}

/** Opens the header's Export menu and returns its item for a format ("GeoJSON", "CSV", "GeoParquet"). */
export async function exportItem(page: Page, label: string) {
  const item = page.getByRole('button', { name: `Export ${label}` });
  if (!(await item.isVisible())) await page.locator('.export-button').click();
  return item;
}

/** Clicks an export item and returns the downloaded file's name and bytes. */
export async function exportDownload(page: Page, label: string) {
  const item = await exportItem(page, label);
  const [download] = await Promise.all([page.waitForEvent('download'), item.click()]);
  expect(await download.failure()).toBeNull();
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}
