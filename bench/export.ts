// Exporting N generated incidents, text included, each format: the whole file
// built as one string from every incident (as main.ts did before streaming)
// against exportChunks over batches read on demand. Each run is a child
// process, so its peak memory is its own.
//   npx tsx bench/export.ts [count=200000]
import { execFileSync } from 'node:child_process';
import { open, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readBatches } from '../src/data/export/batches';
import { toAtlasCSV } from '../src/data/export/export';
import { type ExportFormat, exportChunks, toAtlasGeoJSONText } from '../src/data/export/stream';
import type { Incident } from '../src/data/types';

const WORDS =
  'district convoy border crossing talks delegation statement strike village police market road province'.split(' ');

/** Incident `i` of a deterministic dataset: about 1 KB of text each, as UCDP or ACLED rows have. */
function incidentAt(i: number): Incident {
  const word = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length];
  const day = 16436 + (i % 3650);
  const start = day * 86_400_000;
  const summary = Array.from({ length: 60 }, (_, k) => word(k)).join(' ');
  return {
    id: `syn-${i}`,
    title: `Synthetic incident ${i}: ${word(1)} ${word(2)} near ${word(3)}`,
    summary: `${summary}. "Quoted", with commas; line\nbreaks too.`,
    date: new Date(start).toISOString().slice(0, 10),
    startDay: new Date(start).toISOString().slice(0, 10),
    start,
    end: start + 86_399_999,
    category: ['attack', 'airstrike', 'diplomacy', 'statement'][i % 4],
    place: i % 3 === 0 ? `Place ${i % 500}` : undefined,
    country: i % 2 === 0 ? 'Pakistan' : 'Afghanistan',
    locationPrecision: i % 5 === 0 ? 'district' : 'town',
    actors: [`Actor ${i % 40}`, `Actor ${(i * 3) % 40}`],
    fatalities: i % 4 === 0 ? i % 30 : undefined,
    related: [],
    sources: [
      { title: `Report ${i % 997} on the ${word(4)}`, publisher: 'Dawn', url: `https://example.org/report/${i}` },
    ],
    coordinates: [61 + ((i * 0.7919) % 14), 29 + ((i * 0.3137) % 8)],
  };
}

interface RunResult {
  mode: string;
  format: ExportFormat;
  seconds: number;
  cpuSeconds: number;
  /** Longest wait for one chunk: what would block a page's thread at once. */
  longestStepMs: number;
  peakHeapMB: number;
  peakRssMB: number;
  fileMB: number;
}

async function peakRssMB(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** One run, in this process: `whole` builds the string from every incident; `stream` writes chunks as they come. */
async function run(mode: 'whole' | 'stream', format: ExportFormat, count: number): Promise<RunResult> {
  const path = `${tmpdir()}/atlas-export-bench.${format}`;
  const meta = { name: 'Bench', attribution: 'Generated' };
  let peakHeap = 0;
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let longestStep = 0;
  const file = await open(path, 'w');
  try {
    if (mode === 'whole') {
      if (format === 'geoparquet') throw new Error('There was no whole-file GeoParquet export');
      const incidents = Array.from({ length: count }, (_, i) => incidentAt(i));
      sample();
      const text = format === 'csv' ? toAtlasCSV(incidents, meta) : toAtlasGeoJSONText(incidents, meta);
      longestStep = performance.now() - started;
      sample();
      await file.writeFile(text);
    } else {
      const store = { read: async (indexes: readonly number[]) => indexes.map(incidentAt) };
      const indexes = Uint32Array.from({ length: count }, (_, i) => i);
      let asked = performance.now();
      for await (const chunk of exportChunks(format, meta, readBatches(store, indexes))) {
        longestStep = Math.max(longestStep, performance.now() - asked);
        sample();
        await file.write(chunk);
        asked = performance.now();
      }
    }
  } finally {
    await file.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const { size } = await stat(path);
  return {
    mode,
    format,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    longestStepMs: longestStep,
    peakHeapMB: peakHeap / 2 ** 20,
    peakRssMB: await peakRssMB(),
    fileMB: size / 2 ** 20,
  };
}

async function main(): Promise<void> {
  const [, , first, second, third] = process.argv;
  if (first === '--run') {
    const result = await run(second as 'whole' | 'stream', third as ExportFormat, Number(process.argv[5]));
    process.stdout.write(JSON.stringify(result));
    return;
  }
  const count = Number(first ?? 200_000);
  const runs: [string, ExportFormat][] = [
    ['whole', 'csv'],
    ['stream', 'csv'],
    ['whole', 'geojson'],
    ['stream', 'geojson'],
    ['stream', 'geoparquet'],
  ];
  console.log(`${count.toLocaleString('en')} incidents, Node ${process.version}`);
  console.log('mode    format      seconds  CPU s  longest step ms  peak heap MB  peak RSS MB  file MB');
  for (const [mode, format] of runs) {
    const out = execFileSync(
      process.execPath,
      [
        ...process.execArgv,
        '--max-old-space-size=8192',
        fileURLToPath(import.meta.url),
        '--run',
        mode,
        format,
        String(count),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    const r = JSON.parse(out) as RunResult;
    console.log(
      `${r.mode.padEnd(8)}${r.format.padEnd(12)}${r.seconds.toFixed(2).padStart(7)}${r.cpuSeconds.toFixed(2).padStart(7)}${r.longestStepMs.toFixed(0).padStart(17)}${r.peakHeapMB.toFixed(0).padStart(14)}${r.peakRssMB.toFixed(0).padStart(13)}${r.fileMB.toFixed(1).padStart(9)}`,
    );
  }
}

await main();
