// npm run bench:frames: what happens while the app, built as the working tree
// is, loads a synthetic CSV in headless Chromium: for each load (a new page),
// from the page's 'atlas-load-start' to `explorer.ready`, every frame of the map
// (when, its JavaScript ms, its draw calls), every piece of marker data sent to
// the GPU (bufferSubData of more than 100 KB), every main-thread task over 50 ms,
// and the map's 'idle' events, in time order. It measures nothing to compare:
// it shows where a load's time and its long tasks go. BENCH_FRAMES_SIZE (default
// 1,000,000) and BENCH_FRAMES_RUNS (default 3) set the size and the loads.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../tests/browser/chromium';
import { serveStatic } from '../tests/browser/static-server';
import { generateIncidents, toCsv } from './generate';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}test-results/bench-frames/`;
const n = Number(process.env.BENCH_FRAMES_SIZE ?? 1_000_000);
const runs = Number(process.env.BENCH_FRAMES_RUNS ?? 3);

/** Put into each page before it starts: keeps what is listed above in `window.__timeline`. */
const RECORD = `
  const timeline = (window.__timeline = []);
  const now = () => Math.round(performance.now());
  let draws = 0;
  for (const name of ['drawElements', 'drawArrays', 'drawArraysInstanced', 'drawElementsInstanced']) {
    const draw = WebGL2RenderingContext.prototype[name];
    WebGL2RenderingContext.prototype[name] = function (...args) { draws++; return draw.apply(this, args); };
  }
  const subData = WebGL2RenderingContext.prototype.bufferSubData;
  WebGL2RenderingContext.prototype.bufferSubData = function (...args) {
    const bytes = args[4] ?? args[2].byteLength;
    if (bytes > 100000) timeline.push([now(), 'marker data', bytes + ' bytes']);
    return subData.apply(this, args);
  };
  const frame = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => frame((time) => {
    const start = performance.now();
    draws = 0;
    callback(time);
    if (draws > 0) timeline.push([Math.round(start), 'frame', Math.round(performance.now() - start) + ' ms, ' + draws + ' draws']);
  });
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) {
      if (task.duration > 50) timeline.push([Math.round(task.startTime), 'long task', Math.round(task.duration) + ' ms']);
    }
  }).observe({ type: 'longtask', buffered: true });
  const hook = setInterval(() => {
    const map = window.explorer?.map;
    if (!map) return;
    clearInterval(hook);
    map.on('idle', () => timeline.push([now(), 'idle', '']));
  }, 5);
`;

mkdirSync(`${out}data`, { recursive: true });
await build({ root, logLevel: 'warn', build: { outDir: `${out}app`, emptyOutDir: true } });
const file = `${out}data/${n}.csv`;
if (!existsSync(file)) writeFileSync(file, toCsv(generateIncidents(n)));

const { server, origin } = await serveStatic({ '/app/': `${out}app`, '/data/': `${out}data` });
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: await findChromium(), args: CHROMIUM_ARGS });
try {
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(RECORD);
    await page.goto(`${origin}/app/?data=/data/${n}.csv`);
    const ready = await page.evaluate(() => window.explorer.ready.then(() => Math.round(performance.now())));
    const start = await page.evaluate(() =>
      Math.round(performance.getEntriesByName('atlas-load-start').at(-1)?.startTime ?? 0),
    );
    const timeline = await page.evaluate(
      () => (window as unknown as { __timeline: [number, string, string][] }).__timeline,
    );
    console.log(`Load ${r + 1} of ${n.toLocaleString('en-GB')} rows: started at ${start} ms, ready at ${ready} ms`);
    for (const [at, what, detail] of timeline.sort((a, b) => a[0] - b[0])) {
      // A task that was running when the load started counts too.
      if (at >= start - 300) console.log(`  ${String(at).padStart(6)}  ${what.padEnd(12)} ${detail}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
