// npm run bench: builds the app and a baseline page, serves both, and measures in
// headless Chromium, for synthetic datasets of 10k, 100k and 1M incidents:
// load to first render, per-step time (setDate -> the new state drawn), an empty
// repaint, picking, the longest main-thread task while loading, and the JS heap.
// Ratios are against the baseline (GeoJSON source + setFilter) in the same run.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../tests/browser/chromium';
import { serveStatic } from '../tests/browser/static-server';
import { generateIncidents, isoDay, SPAN_DAYS, toCsv } from './generate';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}test-results/bench/`;
const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const STEPS = 30;
const LOAD_TIMEOUT = Number(process.env.BENCH_LOAD_TIMEOUT ?? 300_000);

interface Stats {
  median: number;
  max: number;
}
const stats = (values: number[]): Stats => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
};

/** Records long main-thread tasks from the very start of the page. */
const LONGTASKS = `
  window.__longest = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

async function measureApp(page: Page, url: string, n: number) {
  await page.addInitScript(LONGTASKS);
  await page.goto(url);
  const loadMs = await page.evaluate(
    (timeout) =>
      Promise.race([
        window.explorer.ready.then(() => performance.now()),
        new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), timeout)),
      ]),
    LOAD_TIMEOUT,
  );
  if (Number.isNaN(loadMs)) return { n, loadMs, error: 'did not finish loading in time' };
  const longestTask = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  const days = Array.from({ length: STEPS }, (_, i) => isoDay(Math.floor(((i + 1) / (STEPS + 1)) * SPAN_DAYS)));
  const steps = await page.evaluate(async (days) => {
    const map = window.explorer.map;
    const times: number[] = [];
    for (const day of days) {
      const t0 = performance.now();
      const drawn = new Promise((resolve) => map.once('render', resolve));
      window.explorer.setDate(day);
      await drawn;
      times.push(performance.now() - t0);
    }
    return times;
  }, days);
  const repaint = await emptyRepaints(page);
  const picking = await page.evaluate(() => {
    const canvas = window.explorer.map.getCanvas();
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const x = (i * 37) % canvas.clientWidth;
      const y = (i * 53) % canvas.clientHeight;
      const t0 = performance.now();
      window.explorer.incidentAt(x, y);
      times.push(performance.now() - t0);
    }
    return times;
  });
  const heap = await page.evaluate(
    () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
  );
  return {
    n,
    loadMs,
    step: stats(steps),
    repaint: stats(repaint),
    pick: stats(picking),
    longestTask,
    heapMB: heap / 2 ** 20,
  };
}

function emptyRepaints(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const map = (window.explorer ?? window.baseline).map;
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const drawn = new Promise((resolve) => map.once('render', resolve));
      map.triggerRepaint();
      await drawn;
      times.push(performance.now() - t0);
    }
    return times;
  });
}

async function measureBaseline(page: Page, url: string, n: number) {
  await page.addInitScript(LONGTASKS);
  await page.goto(url);
  const loadMs = await page.evaluate(
    (timeout) =>
      Promise.race([
        window.baseline.ready,
        new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), timeout)),
      ]),
    LOAD_TIMEOUT,
  );
  if (Number.isNaN(loadMs)) return { n, loadMs, error: 'did not finish loading in time' };
  const longestTask = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  const days = Array.from({ length: STEPS }, (_, i) => Math.floor(((i + 1) / (STEPS + 1)) * SPAN_DAYS));
  // setFilter re-tiles in the worker: the new state is on screen at the next idle.
  const steps = await page.evaluate(async (days) => {
    const map = window.baseline.map;
    const times: number[] = [];
    for (const day of days) {
      const t0 = performance.now();
      const done = new Promise((resolve) => map.once('idle', resolve));
      window.baseline.setDay(day);
      await done;
      times.push(performance.now() - t0);
    }
    return times;
  }, days);
  const repaint = await emptyRepaints(page);
  const heap = await page.evaluate(
    () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
  );
  return { n, loadMs, step: stats(steps), repaint: stats(repaint), longestTask, heapMB: heap / 2 ** 20 };
}

async function main() {
  mkdirSync(`${out}data`, { recursive: true });
  console.log('Building the app and the baseline page…');
  await build({ root, logLevel: 'warn', build: { outDir: `${out}app`, emptyOutDir: true } });
  await build({
    root: `${root}bench/baseline`,
    base: './',
    logLevel: 'warn',
    build: { outDir: `${out}baseline`, emptyOutDir: true },
  });
  for (const n of sizes) {
    const file = `${out}data/${n}.csv`;
    if (!existsSync(file)) writeFileSync(file, toCsv(generateIncidents(n)));
  }
  const { server, origin } = await serveStatic({
    '/app/': `${out}app`,
    '/baseline/': `${out}baseline`,
    '/data/': `${out}data`,
  });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: await findChromium(),
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  const results = [];
  try {
    for (const n of sizes) {
      for (const kind of ['baseline', 'app'] as const) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        console.log(`Measuring ${kind} at ${n.toLocaleString('en-GB')} incidents…`);
        const result =
          kind === 'app'
            ? await measureApp(page, `${origin}/app/?data=/data/${n}.csv`, n)
            : await measureBaseline(page, `${origin}/baseline/?n=${n}`, n);
        results.push({ kind, ...result });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  const rows = sizes.map((n) => {
    const app = results.find((r) => r.kind === 'app' && r.n === n) as Record<string, unknown> & {
      step?: Stats;
      loadMs: number;
    };
    const base = results.find((r) => r.kind === 'baseline' && r.n === n) as Record<string, unknown> & {
      step?: Stats;
      loadMs: number;
    };
    const appRepaint = (app.repaint as Stats | undefined)?.median ?? Number.NaN;
    return {
      n,
      app,
      baseline: base,
      ratios: {
        stepVsBaseline: (base.step?.median ?? Number.NaN) / (app.step?.median ?? Number.NaN),
        stepVsEmptyRepaint: (app.step?.median ?? Number.NaN) / appRepaint,
        loadVsBaseline: app.loadMs / base.loadMs,
      },
    };
  });
  const f = (v: unknown, digits = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');
  console.log(
    '\n| incidents | app load ms | baseline load ms | app step ms (median/max) | baseline step ms (median/max) | app empty repaint ms | step: baseline/app | step/empty repaint | pick ms (median/max) | longest task ms (app/baseline) | heap MB (app/baseline) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const a = r.app as Record<string, unknown> & { step?: Stats; repaint?: Stats; pick?: Stats };
    const b = r.baseline as Record<string, unknown> & { step?: Stats };
    console.log(
      `| ${r.n.toLocaleString('en-GB')} | ${f(a.loadMs)} | ${f(b.loadMs)} | ${f(a.step?.median, 1)} / ${f(a.step?.max, 1)} | ${f(b.step?.median, 1)} / ${f(b.step?.max, 1)} | ${f(a.repaint?.median, 1)} | ${f(r.ratios.stepVsBaseline, 1)}x | ${f(r.ratios.stepVsEmptyRepaint, 2)} | ${f(a.pick?.median, 2)} / ${f(a.pick?.max, 2)} | ${f(a.longestTask)} / ${f(b.longestTask)} | ${f(a.heapMB)} / ${f(b.heapMB)} |`,
    );
  }
  mkdirSync(`${root}bench`, { recursive: true });
  writeFileSync(`${root}bench/results.json`, `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
  console.log('\nWrote bench/results.json');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
