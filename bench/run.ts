// npm run bench: builds the app and a baseline page, serves both, and measures in
// headless Chromium, for synthetic datasets of 10k, 100k and 1M incidents:
// load to first render (the app's: the median of several loads), per-step time (setDate -> the new state drawn), an empty
// repaint, picking, the longest main-thread task while loading, category filters
// and search (with the longest task while filtering), and the JS heap.
// Ratios are against the baseline (GeoJSON source + setFilter) in the same run.
// It also times a timeline step (explorer.next) and a 3-pixel pan to the map's
// idle, counting the frames on the way; BENCH_REF=COMMIT measures that for the
// app built at COMMIT too ('app at ref'), in the same browser. BENCH_KINDS
// (e.g. app,app-ref) picks what is measured.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../tests/browser/chromium';
import { serveStatic } from '../tests/browser/static-server';
import { buildAt } from './build-at';
import { CATEGORIES, generateIncidents, isoDay, SPAN_DAYS, toCsv } from './generate';
import { type DrawnPage, LONGTASKS, longestTasks } from './page-probes';
import { stepsAndPans } from './step-idle';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}test-results/bench/`;
const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const STEPS = 30;
const LOAD_TIMEOUT = Number(process.env.BENCH_LOAD_TIMEOUT ?? 300_000);
/** Loads of the app per size: this machine is shared, and one load can be a few hundred ms off. */
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 5);
/** A commit whose app is measured too (steps and pans to idle only), as 'app-ref'. */
const REF = process.env.BENCH_REF;

interface Stats {
  median: number;
  max: number;
}
const stats = (values: number[]): Stats => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
};

/** `times` more loads of the app, each in a new page. */
async function loadAgain(browser: Browser, url: string, times: number) {
  const loads: Awaited<ReturnType<typeof loadApp>>[] = [];
  for (let k = 0; k < times; k++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    loads.push(await loadApp(await context.newPage(), url));
    await context.close();
  }
  return loads;
}

/** A measurement's load time as the median of every load, and its longest task while loading as the worst. */
function summariseLoads(
  first: { loadMs: number; longestTask?: { all: number; whileLoading: number } },
  more: Awaited<ReturnType<typeof loadApp>>[],
) {
  if (more.length === 0) return {};
  const all = [first, ...more];
  const loads = all.map((load) => load.loadMs);
  return {
    loadMs: stats(loads).median,
    loadRuns: loads,
    longestTask: {
      all: Math.max(...all.map((load) => load.longestTask?.all ?? Number.NaN)),
      whileLoading: Math.max(...all.map((load) => load.longestTask?.whileLoading ?? Number.NaN)),
    },
  };
}

/** Opens the app at `url`: ms from navigation to the dataset drawn (NaN: not in time), and the longest tasks. */
async function loadApp(page: Page, url: string) {
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
  return { loadMs, longestTask: Number.isNaN(loadMs) ? undefined : await longestTasks(page) };
}

async function measureApp(page: Page, url: string, n: number) {
  const { loadMs, longestTask } = await loadApp(page, url);
  if (Number.isNaN(loadMs) || !longestTask) return { n, loadMs, error: 'did not finish loading in time' };
  const days = Array.from({ length: STEPS }, (_, i) => isoDay(Math.floor(((i + 1) / (STEPS + 1)) * SPAN_DAYS)));
  const steps = await page.evaluate(async (days) => {
    const map = window.explorer.map;
    const times: number[] = [];
    for (const day of days) {
      const t0 = performance.now();
      const drawn = (window as unknown as DrawnPage).__drawn(map, 'render');
      window.explorer.setDate(day);
      await drawn;
      times.push(performance.now() - t0);
    }
    return times;
  }, days);
  const idle = await stepsToIdle(page);
  const repaint = await emptyRepaints(page);
  const redraw = await emptyRepaints(page, true);
  const picking = await pickTimes(page);
  const filter = await measureFilters(page);
  // Two zoom levels out the same incidents sit sixteen times as densely under the pointer.
  await page.evaluate(async () => {
    const map = window.explorer.map;
    const drawn = (window as unknown as DrawnPage).__drawn(map, 'idle');
    map.jumpTo({ zoom: map.getZoom() - 2 });
    await drawn;
  });
  const pickingZoomedOut = await pickTimes(page);
  const heap = await page.evaluate(
    () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
  );
  return {
    n,
    loadMs,
    step: stats(steps),
    repaint: stats(repaint),
    redraw: stats(redraw),
    ...idle,
    pick: stats(picking),
    pickZoomedOut: stats(pickingZoomedOut),
    longestTask,
    ...filter,
    heapMB: heap / 2 ** 20,
  };
}

/** Steps (explorer.next) and 3-pixel pans, in turns, each timed to the map's idle, with their frames. */
async function stepsToIdle(page: Page) {
  const { step, pan } = await stepsAndPans(page);
  return {
    stepIdle: stats(step.times),
    stepFrames: stats(step.frames),
    panIdle: stats(pan.times),
    panFrames: stats(pan.frames),
  };
}

/** The app at `url`: load, then steps and pans to idle only. */
async function measureStepsOnly(page: Page, url: string, n: number) {
  const { loadMs } = await loadApp(page, url);
  if (Number.isNaN(loadMs)) return { n, loadMs, error: 'did not finish loading in time' };
  // Mid-timeline, as the steps above leave it.
  await page.evaluate(
    async (day) => {
      const map = window.explorer.map;
      const drawn = (window as unknown as DrawnPage).__drawn(map, 'idle');
      window.explorer.setDate(day);
      await drawn;
    },
    isoDay(Math.floor((STEPS / (STEPS + 1)) * SPAN_DAYS)),
  );
  return { n, loadMs, ...(await stepsToIdle(page)) };
}

/** Category filters the app and the baseline both apply, in turn (indexes into CATEGORIES); [] clears. */
const CATEGORY_FILTERS = [[0], [0, 2], [3], [1, 2, 4], []];

/**
 * Filters and search at the last date: from the call to the frame that shows the
 * result (the mask, facet counts, histogram and list are recomputed and the mask
 * sent to the GPU in between), and the longest main-thread task meanwhile. The
 * times wait for the GPU to draw the frame; the longest task is taken from a
 * second pass that does not (the wait blocks the main thread, and is not the page's work).
 */
async function measureFilters(page: Page): Promise<{ filter: Stats; search: Stats; filterLongestTask: number }> {
  // Titles are "Synthetic incident syn-<number>": a rare word, a common one, two words, then none.
  const changes = [
    ...CATEGORY_FILTERS.map((categories) => ({ kind: 'filter', categories: categories.map((c) => CATEGORIES[c]) })),
    ...['syn-12345', 'syn-1', 'incident syn-9', 'synthetic', ''].map((q) => ({ kind: 'search', q })),
  ];
  const run = (sync: boolean) =>
    page.evaluate(
      // No named functions in here: tsx would wrap them in a helper the page does not have.
      async ({ changes, sync }) => {
        const explorer = window.explorer;
        const tasks = (window as unknown as { __tasks: [number, number][] }).__tasks;
        const map = explorer.map;
        const start = performance.now();
        const filter: number[] = [];
        const search: number[] = [];
        for (const { kind, ...change } of changes) {
          const t0 = performance.now();
          const drawn = (window as unknown as DrawnPage).__drawn(map, 'render', sync);
          explorer.setFilter(change);
          await drawn;
          (kind === 'filter' ? filter : search).push(performance.now() - t0);
        }
        return { filter, search, longest: Math.max(0, ...tasks.filter(([at]) => at >= start).map(([, d]) => d)) };
      },
      { changes, sync },
    );
  const r = await run(true);
  const { longest } = await run(false);
  return { filter: stats(r.filter), search: stats(r.search), filterLongestTask: longest };
}

/**
 * Frames with nothing changed. With `redraw`, the camera is nudged by a ten-millionth
 * of a degree each time (no visible change), which makes the app draw every revealed
 * marker again instead of copying the ones it keeps between frames: the time to draw
 * the same points with nothing changed, which a step is compared with.
 */
/** `incidentAt` at 200 points spread over the map, ms each. */
function pickTimes(page: Page): Promise<number[]> {
  return page.evaluate(() => {
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
}

function emptyRepaints(page: Page, redraw = false): Promise<number[]> {
  return page.evaluate(async (redraw) => {
    const map = (window.explorer ?? window.baseline).map;
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const drawn = (window as unknown as DrawnPage).__drawn(map, 'render');
      if (redraw) {
        const c = map.getCenter();
        map.jumpTo({ center: [c.lng + (i % 2 ? 1e-4 : -1e-4), c.lat] });
      } else map.triggerRepaint();
      await drawn;
      times.push(performance.now() - t0);
    }
    return times;
  }, redraw);
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
  const longestTask = await longestTasks(page);
  const days = Array.from({ length: STEPS }, (_, i) => Math.floor(((i + 1) / (STEPS + 1)) * SPAN_DAYS));
  // setFilter re-tiles in the worker: the new state is on screen at the next idle.
  const steps = await page.evaluate(async (days) => {
    const map = window.baseline.map;
    const times: number[] = [];
    for (const day of days) {
      const t0 = performance.now();
      const done = (window as unknown as DrawnPage).__drawn(map, 'idle');
      window.baseline.setDay(day);
      await done;
      times.push(performance.now() - t0);
    }
    return times;
  }, days);
  const repaint = await emptyRepaints(page);
  // The same category filters, as the usual approach applies them: the new state is on screen at the next idle.
  const filter = await page.evaluate(async (categoryFilters) => {
    const map = window.baseline.map;
    const times: number[] = [];
    for (const categories of categoryFilters) {
      const t0 = performance.now();
      const done = (window as unknown as DrawnPage).__drawn(map, 'idle');
      window.baseline.setCategories(categories);
      await done;
      times.push(performance.now() - t0);
    }
    return times;
  }, CATEGORY_FILTERS);
  const heap = await page.evaluate(
    () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
  );
  return {
    n,
    loadMs,
    step: stats(steps),
    repaint: stats(repaint),
    filter: stats(filter),
    longestTask,
    heapMB: heap / 2 ** 20,
  };
}

/** A map with nothing but the baseline's background: the app's markers on the same canvas as the baseline's. */
const BARE_STYLE = {
  version: 8,
  sources: {},
  layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#efebe2' } }],
};

type Kind = 'baseline' | 'app' | 'app-bare' | 'app-ref';
const KINDS = (process.env.BENCH_KINDS?.split(',') ?? ['baseline', 'app', 'app-bare', 'app-ref']).filter(
  (kind): kind is Kind => kind !== 'app-ref' || REF !== undefined,
);
type Result = { kind: Kind; n: number; loadMs: number } & Partial<{
  step: Stats;
  repaint: Stats;
  redraw: Stats;
  /** A step (explorer.next) to the map's idle, ms, and the frames drawn meanwhile. */
  stepIdle: Stats;
  stepFrames: Stats;
  /** A 3-pixel pan to the map's idle (every revealed marker drawn again), ms, and its frames. */
  panIdle: Stats;
  panFrames: Stats;
  pick: Stats;
  pickZoomedOut: Stats;
  longestTask: { all: number; whileLoading: number };
  filter: Stats;
  search: Stats;
  filterLongestTask: number;
  heapMB: number;
  /** Every load of the app, ms (loadMs is their median). */
  loadRuns: number[];
  error: string;
}>;

async function main() {
  mkdirSync(`${out}data`, { recursive: true });
  console.log('Building the app and the baseline page…');
  await build({ root, logLevel: 'warn', build: { outDir: `${out}app`, emptyOutDir: true } });
  if (REF) await buildAt(REF, `${out}app-ref`, `${out}tree`);
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
  writeFileSync(`${out}data/bare-style.json`, JSON.stringify(BARE_STYLE));
  const { server, origin } = await serveStatic({
    '/app/': `${out}app`,
    '/baseline/': `${out}baseline`,
    '/app-ref/': `${out}app-ref`,
    '/data/': `${out}data`,
  });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: await findChromium(),
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  const results: Result[] = [];
  const urls: Record<Kind, (n: number) => string> = {
    baseline: (n) => `${origin}/baseline/?n=${n}`,
    app: (n) => `${origin}/app/?data=/data/${n}.csv`,
    'app-bare': (n) => `${origin}/app/?data=/data/${n}.csv&style=/data/bare-style.json`,
    'app-ref': (n) => `${origin}/app-ref/?data=/data/${n}.csv`,
  };
  try {
    for (const n of sizes) {
      for (const kind of KINDS) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        console.log(`Measuring ${kind} at ${n.toLocaleString('en-GB')} incidents…`);
        const result =
          kind === 'baseline'
            ? await measureBaseline(page, urls[kind](n), n)
            : kind === 'app-ref'
              ? await measureStepsOnly(page, urls[kind](n), n)
              : await measureApp(page, urls[kind](n), n);
        await context.close();
        // The app's load again, each in a new page: its median and its worst longest task are reported.
        const loads = kind === 'app' ? await loadAgain(browser, urls[kind](n), LOAD_RUNS - 1) : [];
        results.push({ kind, ...result, ...summariseLoads(result, loads) });
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  const idleRatio = (r: Result) => (r.stepIdle?.median ?? Number.NaN) / (r.panIdle?.median ?? Number.NaN);
  const rows = sizes.map((n) => {
    const find = (kind: Kind) => results.find((r) => r.kind === kind && r.n === n) ?? { kind, n, loadMs: Number.NaN };
    const [app, bare, baseline, atRef] = [find('app'), find('app-bare'), find('baseline'), find('app-ref')];
    const median = (r: Result) => r.step?.median ?? Number.NaN;
    return {
      n,
      app,
      appOnBareMap: bare,
      baseline,
      appAtRef: atRef,
      ratios: {
        /** Same canvas (background only), same points: setFilter's step over the app's. */
        stepBaselineOverAppSameMap: median(baseline) / median(bare),
        /** The baseline's step over the app's with its full basemap. */
        stepBaselineOverApp: median(baseline) / median(app),
        /** The app's step over drawing the same points again with nothing changed (≤ 1: the filter costs nothing). */
        stepOverRedraw: median(app) / (app.redraw?.median ?? Number.NaN),
        /** The app's step over a repaint that copies the markers it keeps between frames. */
        stepOverEmptyRepaint: median(app) / (app.repaint?.median ?? Number.NaN),
        /** A step to idle over a 3-pixel pan to idle (target ≤ 1.2), with the full basemap, on a bare map, and at REF. */
        stepIdleOverPanIdle: idleRatio(app),
        stepIdleOverPanIdleBare: idleRatio(bare),
        stepIdleOverPanIdleAtRef: idleRatio(atRef),
        loadAppOverBaseline: app.loadMs / baseline.loadMs,
        /** The baseline's category filter (setFilter, re-tiled) over the app's (mask on typed arrays + one upload). */
        filterBaselineOverApp: (baseline.filter?.median ?? Number.NaN) / (app.filter?.median ?? Number.NaN),
      },
    };
  });
  const f = (v: unknown, digits = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');
  const step = (r: Result) => `${f(r.step?.median, 1)} / ${f(r.step?.max, 1)}`;
  console.log(
    `\n| incidents | load ms: app (median of ${LOAD_RUNS}) / baseline | longest task while loading ms: app (worst of ${LOAD_RUNS}) / baseline | longest task incl. start-up ms: app / baseline | step ms median / max: app | app on bare map | baseline | step: baseline / app on bare map | app redraw / copy ms | step / redraw (app) | pick ms median / max | pick ms two zoom levels out | heap MB: app / baseline |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const { app, appOnBareMap: bare, baseline: b } = r;
    console.log(
      `| ${r.n.toLocaleString('en-GB')} | ${f(app.loadMs)} / ${f(b.loadMs)} | ${f(app.longestTask?.whileLoading)} / ${f(b.longestTask?.whileLoading)} | ${f(app.longestTask?.all)} / ${f(b.longestTask?.all)} | ${step(app)} | ${step(bare)} | ${step(b)} | ${f(r.ratios.stepBaselineOverAppSameMap, 1)}x | ${f(app.redraw?.median, 1)} / ${f(app.repaint?.median, 1)} | ${f(r.ratios.stepOverRedraw, 2)} | ${f(app.pick?.median, 2)} / ${f(app.pick?.max, 2)} | ${f(app.pickZoomedOut?.median, 2)} / ${f(app.pickZoomedOut?.max, 2)} | ${f(app.heapMB)} / ${f(b.heapMB)} |`,
    );
  }
  for (const r of rows) {
    if (r.app.loadRuns)
      console.log(`App loads at ${r.n.toLocaleString('en-GB')}: ${r.app.loadRuns.map((ms) => f(ms)).join(', ')} ms`);
  }
  console.log(
    '\n| incidents | category filter ms median / max: app / baseline | baseline / app | search ms median / max: app | longest task while filtering ms: app |',
  );
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const { app, baseline: b } = r;
    console.log(
      `| ${r.n.toLocaleString('en-GB')} | ${f(app.filter?.median, 1)} / ${f(app.filter?.max, 1)} / ${f(b.filter?.median, 1)} / ${f(b.filter?.max, 1)} | ${f(r.ratios.filterBaselineOverApp, 1)}x | ${f(app.search?.median, 1)} / ${f(app.search?.max, 1)} | ${f(app.filterLongestTask)} |`,
    );
  }
  for (const r of rows) {
    const line = (name: string, x: Result, ratio: number) =>
      x.stepIdle &&
      console.log(
        `| ${r.n.toLocaleString('en-GB')} | ${name} | ${f(x.stepIdle?.median, 1)} / ${f(x.stepIdle?.max, 1)} | ${f(x.panIdle?.median, 1)} / ${f(x.panIdle?.max, 1)} | ${f(ratio, 2)} | ${f(x.stepFrames?.median)} / ${f(x.stepFrames?.max)} | ${f(x.panFrames?.median)} / ${f(x.panFrames?.max)} |`,
      );
    if (r === rows[0]) {
      console.log(
        '\n| incidents | app | step to idle ms median / max | 3-px pan to idle ms median / max | step / pan | frames per step median / max | frames per pan median / max |',
      );
      console.log('|---|---|---|---|---|---|---|');
    }
    line('full basemap', r.app, r.ratios.stepIdleOverPanIdle);
    line('bare map', r.appOnBareMap, r.ratios.stepIdleOverPanIdleBare);
    line(`full basemap, at ${REF}`, r.appAtRef, r.ratios.stepIdleOverPanIdleAtRef);
  }
  mkdirSync(`${root}bench`, { recursive: true });
  writeFileSync(`${root}bench/results.json`, `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
  console.log('\nWrote bench/results.json');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
