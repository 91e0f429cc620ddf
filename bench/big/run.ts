// npm run bench:big: opens real-sized exports (a UCDP GED CSV, the same events as
// GeoJSON, an ACLED CSV) in the built app, through its file chooser, and measures
// the load against a floor (one worker reading the same file), the browser's memory,
// the page's heap, a search and the details of one incident. See docs/benchmarks-big.md.
import { readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../../tests/browser/chromium';
import { readHeadersFile, serveStatic } from '../../tests/browser/static-server';
import { LONGTASKS, longestTasks } from '../page-probes';
import type { FloorResult } from './floor/worker';
import { type BigFileMeta, generateAll, optionsFromEnv } from './generate';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = `${root}test-results/bench-big/`;
/** How long a load (or a floor) may take before it is recorded as not finished, ms. */
const TIMEOUT = Number(process.env.BENCH_BIG_TIMEOUT ?? 15 * 60_000);
/** How long a search or the details may take, ms. */
const STEP_TIMEOUT = 120_000;
const MB = 1024 * 1024;

/** What the runner uses of the app's `window.explorer` (docs/api.md). */
interface AppWindow {
  explorer: {
    ready: Promise<void>;
    getState(): { revealedCount: number; shownCount: number; matchCount: number };
    setFilter(filter: { q: string }): void;
    shownIds(): string[];
    select(id: string | null): void;
  };
  __tasks: [number, number][];
  __load: { started?: number; ended?: number; messages: string[] };
}

// ---- the browser's memory --------------------------------------------------

/** Every process of the browser this runner launched: its descendants running the Chromium binary. */
function browserPids(executable: string): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The name in brackets may hold spaces; the parent's pid is the second field after it.
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!ours.has(pid) && ours.has(parent)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  return [...ours].filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/exe`) === executable;
    } catch {
      return false;
    }
  });
}

/** The summed VmRSS of the browser's processes, bytes. */
function browserRss(executable: string): number {
  let kib = 0;
  for (const pid of browserPids(executable)) {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kib += match ? Number(match[1]) : 0;
    } catch {
      // Gone meanwhile.
    }
  }
  return kib * 1024;
}

/** Samples the browser's RSS every 200 ms until stopped; returns the peak. */
function sampleRss(executable: string): { stop: () => { peak: number; samples: number } } {
  let peak = browserRss(executable);
  let samples = 1;
  const timer = setInterval(() => {
    peak = Math.max(peak, browserRss(executable));
    samples++;
  }, 200);
  return {
    stop: () => {
      clearInterval(timer);
      return { peak: Math.max(peak, browserRss(executable)), samples: samples + 1 };
    },
  };
}

// ---- measurements ----------------------------------------------------------

interface FloorFigures {
  /** papaparse in one worker (tables). */
  papaMs?: number;
  papaRows?: number;
  /** The file's stream through a TextDecoder in one worker. */
  readMs: number;
  readLines: number;
  readFeatures: number;
  /** Each run's time, ms. */
  runs?: { read: number[]; papa: number[] };
  error?: string;
}

/** Opens the floor page at `mode`, gives it the file, and waits for its answer. */
async function floorRun(browser: Browser, origin: string, file: BigFileMeta, mode: 'papa' | 'read') {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/floor/?mode=${mode}`);
    await page.locator('#file').setInputFiles(file.path);
    await page.waitForFunction(() => window.__floor !== undefined, undefined, { timeout: TIMEOUT, polling: 100 });
    return (await page.evaluate(() => window.__floor)) as (FloorResult & { ms: number }) | { error: string };
  } finally {
    await context.close();
  }
}

/** Whether the app's load is traced, every thread's JavaScript sampled (its times are then not comparable). */
const TRACE = process.env.BENCH_BIG_TRACE === '1';
const TRACE_CATEGORIES = ['disabled-by-default-v8.cpu_profiler', 'v8.execute', 'devtools.timeline', '__metadata'];

/** Floor runs per file: one run on this shared machine can be far off (a quarter of a second at 25 MB). */
const FLOOR_RUNS = Number(process.env.BENCH_BIG_FLOOR_RUNS ?? 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** The floor for `file`: the median of FLOOR_RUNS runs of each mode, each in a new page. */
async function measureFloor(browser: Browser, origin: string, file: BigFileMeta): Promise<FloorFigures> {
  const modes = file.kind === 'geojson' ? (['read'] as const) : (['read', 'papa'] as const);
  const runs: Record<'read' | 'papa', (FloorResult & { ms: number })[]> = { read: [], papa: [] };
  try {
    for (let k = 0; k < FLOOR_RUNS; k++) {
      for (const mode of modes) {
        const result = await floorRun(browser, origin, file, mode);
        if ('error' in result) throw new Error(result.error);
        runs[mode].push(result);
      }
    }
  } catch (error) {
    return { readMs: Number.NaN, readLines: 0, readFeatures: 0, error: (error as Error).message.split('\n')[0] };
  }
  const [read, papa] = [runs.read[0], runs.papa[0]];
  return {
    readMs: median(runs.read.map((r) => r.ms)),
    readLines: read.lines,
    readFeatures: read.features,
    ...(papa ? { papaMs: median(runs.papa.map((r) => r.ms)), papaRows: papa.rows } : {}),
    runs: { read: runs.read.map((r) => r.ms), papa: runs.papa.map((r) => r.ms) },
  };
}

interface SearchFigures {
  /** From setFilter to the result being what it should (checked at once, then at each frame), ms; NaN: never. */
  ms: number;
  /** Until the frame after that. */
  framedMs: number;
  count: number;
  expected: number;
  /** The longest main-thread task from the call to that frame, ms. */
  longestTask: number;
}

/** Searches for `q` and waits for exactly `id` (or `expected` incidents) to be shown. */
async function search(page: Page, q: string, id: string | null, expected: number): Promise<SearchFigures> {
  // No named functions in here: tsx would wrap them in a helper the page does not have.
  const result = await page.evaluate(
    async ({ q, id, expected, timeout }) => {
      const w = window as unknown as AppWindow;
      const explorer = w.explorer;
      const t0 = performance.now();
      explorer.setFilter({ q });
      let ms = Number.NaN;
      let count = -1;
      for (;;) {
        count = explorer.getState().shownCount;
        // shownIds() only once it is short: at millions it would be a list of millions.
        if (id !== null ? count === 1 && explorer.shownIds()[0] === id : count === expected) {
          ms = performance.now() - t0;
          break;
        }
        if (performance.now() - t0 > timeout) break;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const framedMs = performance.now() - t0;
      // Long tasks are reported a little after they end.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const longestTask = Math.max(0, ...w.__tasks.filter(([at, d]) => at + d >= t0).map(([, d]) => d));
      return { ms, framedMs, count, longestTask };
    },
    { q, id, expected: id === null ? expected : 1, timeout: STEP_TIMEOUT },
  );
  return { ...result, expected: id === null ? expected : 1 };
}

/** Clears the search and waits until every incident is shown again. */
async function clearSearch(page: Page, loaded: number): Promise<void> {
  await page.evaluate(() => (window as unknown as AppWindow).explorer.setFilter({ q: '' }));
  await page.waitForFunction(
    (loaded) => (window as unknown as AppWindow).explorer.getState().shownCount === loaded,
    loaded,
    { timeout: STEP_TIMEOUT, polling: 'raf' },
  );
}

/** Selects `id` and waits for the details to show `snippet` (checked at once, then at each frame). */
function details(page: Page, id: string, snippet: string) {
  return page.evaluate(
    async ({ id, snippet, timeout }) => {
      const t0 = performance.now();
      (window as unknown as AppWindow).explorer.select(id);
      let ms = Number.NaN;
      for (;;) {
        if ((document.querySelector('.incident-details')?.textContent ?? '').includes(snippet)) {
          ms = performance.now() - t0;
          break;
        }
        if (performance.now() - t0 > timeout) break;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return { ms, framedMs: performance.now() - t0 };
    },
    { id, snippet, timeout: STEP_TIMEOUT },
  );
}

/** The page's main heap, bytes: its JS objects, the array buffers and external strings it holds, the DOM's own heap; `total` is the first two. */
interface HeapFigures {
  js: number;
  buffers: number;
  dom: number;
  total: number;
}

interface AppFigures {
  /** 'loaded', or why not: `refused: <the app's message>`, `timeout after N s`, `failed: <error>`. */
  outcome: string;
  loadMs: number;
  /** Incidents the app says it loaded. */
  loaded?: number;
  status?: string;
  messages?: string[];
  longestTaskWhileLoading?: number;
  rss: { before: number; peak: number; after: number; samples: number };
  heap?: { before: HeapFigures; after: HeapFigures };
  /** The marker searched twice (the first search may set things up), then a common word. */
  search?: { marker: SearchFigures; markerAgain: SearchFigures; common: SearchFigures };
  details?: { ms: number; framedMs: number };
  /** The machine's 1-minute load average as the load started and once it ended (2 cores: above 2, others wait). */
  loadAverage: { before: number; after: number };
  errors: string[];
}

const INSTALL_LOAD_WATCH = () => {
  const w = window as unknown as AppWindow;
  w.__load = { messages: [] };
  const load = w.__load;
  // body[data-loading] is there while a load is under way.
  new MutationObserver(() => {
    const loading = document.body.dataset.loading !== undefined;
    if (loading && load.started === undefined) load.started = performance.now();
    if (!loading && load.started !== undefined && load.ended === undefined) load.ended = performance.now();
  }).observe(document.body, { attributes: true, attributeFilter: ['data-loading'] });
  // Each message the page shows from now on (a refusal, skipped rows...).
  const box = document.querySelector('.messages');
  if (box) {
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof HTMLElement && node.classList.contains('message')) {
            load.messages.push((node.querySelector('p') ?? node).textContent ?? '');
          }
        }
      }
    }).observe(box, { childList: true });
  }
};

async function measureApp(browser: Browser, executable: string, origin: string, file: BigFileMeta) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  let crashed = () => {};
  const crash = new Promise<'crashed'>((resolve) => {
    crashed = () => resolve('crashed');
  });
  page.on('crash', () => crashed());
  await page.addInitScript(LONGTASKS);
  await page.goto(`${origin}/atlas/`);
  await page.evaluate(() => (window as unknown as AppWindow).explorer.ready);
  // The embedded dataset drawn and the basemap in: what the file's load adds is measured from here.
  await page.waitForTimeout(1500);
  const cdp = await context.newCDPSession(page);
  // After a collection: the page's JS heap, and the array buffers and external strings it holds (the app's typed arrays).
  const heapUsed = async (): Promise<HeapFigures> => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, backingStorageSize, embedderHeapUsedSize } = await cdp.send('Runtime.getHeapUsage');
    return {
      js: usedSize,
      buffers: backingStorageSize,
      dom: embedderHeapUsedSize,
      total: usedSize + backingStorageSize,
    };
  };
  const heapBefore = await heapUsed();
  const rssBefore = browserRss(executable);
  const status = () => page.evaluate(() => document.querySelector('.dataset-status')?.textContent ?? '');
  const statusBefore = await status();
  await page.evaluate(INSTALL_LOAD_WATCH);

  const sampler = sampleRss(executable);
  const figures: AppFigures = {
    loadAverage: { before: loadavg()[0], after: Number.NaN },
    outcome: '',
    loadMs: Number.NaN,
    rss: { before: rssBefore, peak: 0, after: 0, samples: 0 },
    errors,
  };
  const started = performance.now();
  // A trace of the load with every thread's JavaScript sampled (see bench/big/trace-summary.ts).
  const tracing = TRACE ? `${out}${file.name}.trace.json` : null;
  if (tracing) await browser.startTracing(page, { path: tracing, categories: TRACE_CATEGORIES });
  try {
    await page.locator('#open-file, input[type=file]').first().setInputFiles(file.path);
    const ended = await Promise.race([
      page
        .waitForFunction(() => (window as unknown as AppWindow).__load.ended !== undefined, undefined, {
          timeout: TIMEOUT,
          polling: 100,
        })
        .then(() => 'ended' as const),
      crash,
    ]);
    if (ended === 'crashed') throw new Error('the page crashed');
  } catch (error) {
    const { peak, samples } = sampler.stop();
    figures.loadAverage.after = loadavg()[0];
    const message = (error as Error).message.split('\n')[0];
    figures.outcome = /Timeout/i.test(message)
      ? `timeout after ${((performance.now() - started) / 1000).toFixed(0)} s`
      : `failed: ${message}`;
    figures.rss = { before: rssBefore, peak, after: Number.NaN, samples };
    await context.close().catch(() => {});
    return figures;
  }
  const { peak, samples } = sampler.stop();
  figures.loadAverage.after = loadavg()[0];
  if (tracing) {
    await browser.stopTracing();
    console.log(`  trace of the load: ${tracing}`);
  }
  const report = await page.evaluate(() => {
    const w = window as unknown as AppWindow;
    return {
      load: w.__load,
      // Marked by the app as a load starts (bench/page-probes.ts reads it too).
      mark: performance.getEntriesByName('atlas-load-start').at(-1)?.startTime,
      status: document.querySelector('.dataset-status')?.textContent ?? '',
    };
  });
  const startedAt =
    report.mark !== undefined && report.mark >= (report.load.started ?? 0) - 50 ? report.mark : report.load.started;
  figures.loadMs = (report.load.ended ?? Number.NaN) - (startedAt ?? Number.NaN);
  figures.status = report.status;
  figures.messages = report.load.messages;
  figures.longestTaskWhileLoading = (await longestTasks(page)).whileLoading;
  const loaded = /^([\d,]+) incidents? loaded/.exec(report.status);
  if (report.status === statusBefore || !loaded) {
    figures.outcome = `refused: ${report.load.messages.join(' / ') || '(no message)'}`;
    figures.loadMs = Number.NaN;
  } else {
    figures.outcome = 'loaded';
    figures.loaded = Number(loaded[1].replaceAll(',', ''));
  }
  figures.rss = { before: rssBefore, peak, after: Number.NaN, samples };
  try {
    figures.heap = { before: heapBefore, after: await heapUsed() };
    figures.rss.after = browserRss(executable);
    if (figures.outcome === 'loaded' && figures.loaded !== undefined) {
      const marker = await search(page, file.marker, file.markerId, 1);
      await clearSearch(page, figures.loaded);
      const markerAgain = await search(page, file.marker, file.markerId, 1);
      await clearSearch(page, figures.loaded);
      const common = await search(page, file.commonWord, null, file.commonCount);
      await clearSearch(page, figures.loaded);
      figures.search = { marker, markerAgain, common };
      figures.details = await details(page, file.markerId, file.snippet);
    }
  } catch (error) {
    // A page that crashes or hangs after loading keeps the figures taken so far.
    errors.push(`after the load: ${(error as Error).message.split('\n')[0]}`);
  }
  await context.close().catch(() => {});
  return figures;
}

// ---- the run ---------------------------------------------------------------

async function main() {
  const { scale, kinds, dir } = optionsFromEnv();
  console.log(`Files at scale ${scale} in ${dir}…`);
  const files = await generateAll({ scale, kinds, dir, log: (line) => console.log(`  ${line}`) });

  console.log('Building the app and the floor page…');
  // Rolldown's note on slow plugins, printed when the machine is busy, is left out: it is not the app's.
  const quiet = { checks: { bundlerTimings: false } };
  await build({
    root,
    base: '/atlas/',
    logLevel: 'warn',
    build: { outDir: `${out}dist`, emptyOutDir: true, rolldownOptions: quiet },
  });
  await build({
    root: `${root}bench/big/floor`,
    base: './',
    configFile: false,
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: `${out}floor`, emptyOutDir: true, target: 'es2022', rolldownOptions: quiet },
  });
  const { server, origin } = await serveStatic(
    { '/atlas/': `${out}dist`, '/floor/': `${out}floor` },
    { headers: { '/atlas/': readHeadersFile(`${out}dist/_headers`) } },
  );
  const executablePath = await findChromium();
  const executable = realpathSync(executablePath);
  const launch = () =>
    chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'], headless: true });

  const rows: ReturnType<typeof row>[] = [];
  let chromiumVersion = '';
  try {
    for (const file of files) {
      console.log(`${file.name} (${(file.bytes / MB).toFixed(0)} MiB): the floor…`);
      // A browser of its own for each: the app's memory is measured from a browser that has done nothing else.
      const floorBrowser = await launch();
      chromiumVersion = floorBrowser.version();
      const floor = await measureFloor(floorBrowser, origin, file).finally(() => floorBrowser.close());
      console.log(`${file.name}: the app…`);
      const appBrowser = await launch();
      const app = await measureApp(appBrowser, executable, origin, file).finally(() => appBrowser.close());
      console.log(`  ${app.outcome}${app.outcome === 'loaded' ? ` in ${(app.loadMs / 1000).toFixed(1)} s` : ''}`);
      rows.push(row(file, floor, app));
    }
  } finally {
    server.close();
  }

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    chromium: chromiumVersion,
  };
  printTable(rows, machine);
  writeFileSync(
    `${out}results.json`,
    `${JSON.stringify({ date: new Date().toISOString(), scale, timeoutMs: TIMEOUT, machine, rows }, null, 2)}\n`,
  );
  console.log(`\nWrote ${out}results.json`);
}

function row(file: BigFileMeta, floor: FloorFigures, app: AppFigures) {
  const floorMs = file.kind === 'geojson' ? floor.readMs : (floor.papaMs ?? Number.NaN);
  const rssGrowth = app.rss.peak - app.rss.before;
  const heap = app.heap ? app.heap.after.total : Number.NaN;
  const { path: _path, version: _version, ...meta } = file;
  return {
    file: meta,
    floor: { ...floor, ms: floorMs, kind: file.kind === 'geojson' ? 'read (TextDecoder stream)' : 'papaparse' },
    app,
    // Only a load that finished has ratios: a refusal's memory says nothing about the app's.
    ratios:
      app.outcome === 'loaded'
        ? {
            loadOverFloor: app.loadMs / floorMs,
            rssGrowthOverFile: rssGrowth / file.bytes,
            heapOverFile: heap / file.bytes,
          }
        : { loadOverFloor: Number.NaN, rssGrowthOverFile: Number.NaN, heapOverFile: Number.NaN },
  };
}

const f = (value: number | undefined, digits = 0) =>
  value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '—';
const s = (ms: number | undefined) => f(ms === undefined ? undefined : ms / 1000, 1);

function printTable(rows: ReturnType<typeof row>[], machine: { cpu: string; cores: number; memoryGiB: number }) {
  console.log(`\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB`);
  console.log(
    '\n| file | rows | MiB | floor s | load s | load / floor | RSS growth MiB | growth / file | heap MiB | heap / file | search marker ms (frame), again | search common ms (frame) | longest task in search ms | details ms (frame) | load avg | outcome |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const { file, floor, app, ratios } = r;
    const search = app.search;
    console.log(
      `| ${file.name} | ${file.rows.toLocaleString('en-GB')} | ${f(file.bytes / MB)} | ${s(floor.ms)} | ${s(app.loadMs)} | ${f(ratios.loadOverFloor, 2)} | ${f((app.rss.peak - app.rss.before) / MB)} | ${f(ratios.rssGrowthOverFile, 2)} | ${f((app.heap?.after.total ?? Number.NaN) / MB)} | ${f(ratios.heapOverFile, 2)} | ${f(search?.marker.ms)} (${f(search?.marker.framedMs)}), ${f(search?.markerAgain.ms)} | ${f(search?.common.ms)} (${f(search?.common.framedMs)}) | ${f(Math.max(...[search?.marker, search?.markerAgain, search?.common].map((x) => x?.longestTask ?? Number.NaN)))} | ${f(app.details?.ms, 1)} (${f(app.details?.framedMs)}) | ${f(app.loadAverage.before, 1)}–${f(app.loadAverage.after, 1)} | ${app.outcome} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
