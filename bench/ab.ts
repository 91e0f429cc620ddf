// npm run bench:ab -- REF [REF]: the app built at two commits (the second defaults
// to the working tree) loading the same synthetic CSV in one headless Chromium,
// in turns (A B, B A, ...), each load in a new page; prints every load's time
// from opening the page to the data drawn, and the medians. One load of a
// million rows can be a few hundred ms off on a shared machine, so a change to
// the load is judged by this, not by one bench run. It also prints each load's
// longest main-thread task while loading (from the page's 'atlas-load-start')
// and its blocking time (each task's time past 50 ms, summed), and their
// medians. BENCH_AB_SIZE (default 1,000,000) and BENCH_AB_RUNS (default 7) set
// the size and the loads each.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from '../tests/browser/chromium';
import { serveStatic } from '../tests/browser/static-server';
import { buildAt } from './build-at';
import { generateIncidents, toCsv } from './generate';
import { LONGTASKS, longestTasks } from './page-probes';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}test-results/bench-ab/`;
const n = Number(process.env.BENCH_AB_SIZE ?? 1_000_000);
const runs = Number(process.env.BENCH_AB_RUNS ?? 7);
const [refA, refB] = process.argv.slice(2);
if (!refA) {
  console.error('usage: npm run bench:ab -- REF [REF]   (the second defaults to the working tree)');
  process.exit(2);
}

mkdirSync(`${out}data`, { recursive: true });
await buildAt(refA, `${out}a`, `${out}tree`);
await buildAt(refB, `${out}b`, `${out}tree`);
const file = `${out}data/${n}.csv`;
if (!existsSync(file)) writeFileSync(file, toCsv(generateIncidents(n)));

const { server, origin } = await serveStatic({ '/a/': `${out}a`, '/b/': `${out}b`, '/data/': `${out}data` });
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: await findChromium(), args: CHROMIUM_ARGS });
const times: Record<'a' | 'b', number[]> = { a: [], b: [] };
const longest: Record<'a' | 'b', number[]> = { a: [], b: [] };
const blocking: Record<'a' | 'b', number[]> = { a: [], b: [] };
try {
  for (let r = 0; r < runs; r++) {
    for (const side of r % 2 ? (['b', 'a'] as const) : (['a', 'b'] as const)) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript(LONGTASKS);
      await page.goto(`${origin}/${side}/?data=/data/${n}.csv`);
      times[side].push(await page.evaluate(() => window.explorer.ready.then(() => Math.round(performance.now()))));
      const tasks = await longestTasks(page);
      longest[side].push(Math.round(tasks.whileLoading));
      blocking[side].push(Math.round(tasks.blockingWhileLoading));
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
console.log(`Load of ${n.toLocaleString('en-GB')} rows, ms from opening the page to the data drawn:`);
console.log(`A (${refA}): ${times.a.join(', ')}; median ${median(times.a)}`);
console.log(`B (${refB ?? 'working tree'}): ${times.b.join(', ')}; median ${median(times.b)}`);
console.log('Longest main-thread task while loading, ms:');
console.log(`A: ${longest.a.join(', ')}; median ${median(longest.a)}`);
console.log(`B: ${longest.b.join(', ')}; median ${median(longest.b)}`);
console.log('Blocking time while loading (each task past 50 ms, summed), ms:');
console.log(`A: ${blocking.a.join(', ')}; median ${median(blocking.a)}`);
console.log(`B: ${blocking.b.join(', ')}; median ${median(blocking.b)}`);
