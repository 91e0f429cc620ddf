// The measured run behind docs/scale-out.md: generate N synthetic rows (20 million by default) outside
// the repo, pack them, serve the bundle on 127.0.0.1 and read a 30-day window and a year through the
// reader, counting requests and bytes. `--sweep` repacks a denser slice at several row-group sizes.
//
//   npx tsx scripts/pack/measure.ts --phase pack [--rows N] [--dir DIR] [--reuse]   generate and pack
//   NODE_OPTIONS=--max-old-space-size=12000 npx tsx scripts/pack/measure.ts --phase read [--dir DIR]
//   npx tsx scripts/pack/measure.ts --sweep [--rows N] [--dir DIR]                  row-group sizes
// Reading runs in its own process so that none of DuckDB's memory is still around.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { dayFromIso } from '../../src/data/bundle/days';
import { type BundleColumn, MAP_COLUMNS } from '../../src/data/bundle/manifest';
import { planDays } from '../../src/data/bundle/plan';
import { type OpenBundle, openBundle, readDays } from '../../src/data/bundle/read';
import { pack } from './pack';
import { startRangeServer } from './range-server';
import { writeSyntheticCsv } from './synthetic';

const log = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(2));

async function readCase(bundle: OpenBundle, from: string, to: string, columns?: readonly BundleColumn[]) {
  const started = performance.now();
  const rows = await readDays(bundle, dayFromIso(from), dayFromIso(to), { columns });
  const all = planDays(bundle.manifest, dayFromIso(from), dayFromIso(to));
  return {
    days: `${from}..${to}`,
    columns: columns ? columns.length : 'all',
    rows: rows.length,
    requests: rows.fetched.requests,
    bytes: rows.fetched.bytes,
    seconds: seconds(started),
    files: rows.plan.files.length,
    rowGroups: rows.plan.rowGroups,
    planBytesAllColumns: all.bytes,
  };
}

async function packBundle(csv: string, out: string, rowGroupRows?: number) {
  const started = performance.now();
  const packed = await pack(csv, out, { rowGroupRows, log, name: 'Synthetic incidents' });
  const m = packed.manifest;
  const footers = m.files.map((f) => f.bytes - f.footerStart).sort((a, b) => a - b);
  return {
    rowGroupRows: m.rowGroupRows,
    packSeconds: seconds(started),
    steps: packed.steps,
    inputBytes: packed.inputBytes,
    outputBytes: packed.outputBytes,
    manifestBytes: packed.manifestBytes,
    files: m.files.length,
    partition: m.partition,
    rowGroups: m.files.reduce((n, f) => n + f.rowGroups.length, 0),
    largestFooter: footers.at(-1),
    medianFooter: footers[Math.floor(footers.length / 2)],
    rows: m.rows,
  };
}

async function readBundle(out: string, windows: [string, string][]) {
  const server = await startRangeServer(out);
  try {
    const bundle = await openBundle(`${server.url}manifest.json`);
    const reads = [];
    for (const [from, to] of windows) {
      reads.push(await readCase(bundle, from, to));
      if (global.gc) global.gc();
      reads.push(await readCase(bundle, from, to, MAP_COLUMNS));
      if (global.gc) global.gc();
      log(JSON.stringify(reads.slice(-2)));
    }
    return reads;
  } finally {
    await server.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      phase: { type: 'string', default: 'pack' },
      rows: { type: 'string', default: '20000000' },
      dir: { type: 'string', default: join(tmpdir(), 'atlas-scale-out') },
      reuse: { type: 'boolean', default: false },
      sweep: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const dir = values.dir as string;
  mkdirSync(dir, { recursive: true });
  const bundleDir = join(dir, 'bundle');
  const packFile = join(dir, 'pack.json');
  if (values.phase === 'read' && !values.sweep) {
    const results = JSON.parse(readFileSync(packFile, 'utf8'));
    results.reads = await readBundle(bundleDir, [
      ['2022-06-01', '2022-06-30'],
      ['2022-01-01', '2022-12-31'],
    ]);
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2));
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  const instance = await DuckDBInstance.create();
  const duckdb = (await (await instance.connect()).runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0].v;
  const machine = {
    cpu: cpus()[0].model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    duckdb,
  };
  log(`machine: ${JSON.stringify(machine)}`);
  const results: Record<string, unknown> = { machine, rows };

  const csv = join(dir, `synthetic-${rows}.csv`);
  if (!(values.reuse && existsSync(csv))) {
    const started = performance.now();
    const bytes = await writeSyntheticCsv(csv, rows, { seed: 20 }, (n) =>
      log(`  generated ${n.toLocaleString('en')} rows`),
    );
    results.generate = { seconds: seconds(started), bytes };
    log(`generated: ${JSON.stringify(results.generate)}`);
  } else results.generate = { reused: true, bytes: statSync(csv).size };

  if (values.sweep) {
    // A tenth of the rows over a tenth of the days: the same rows per day as the full run, packed faster.
    const slice = join(dir, `synthetic-slice-${rows / 10}.csv`);
    if (!existsSync(slice)) await writeSyntheticCsv(slice, rows / 10, { seed: 21, from: '2022-01-01', days: 110 });
    const sweep = [];
    for (const size of [4096, 16_384, 65_536, 131_072]) {
      const out = join(dir, `sweep-${size}`);
      const packed = await packBundle(slice, out, size);
      sweep.push({ ...packed, reads: await readBundle(out, [['2022-02-01', '2022-03-02']]) });
      log(JSON.stringify(sweep.at(-1)));
    }
    results.sweep = sweep;
    // The same slice with ZSTD pages: sizes only (hyparquet needs a ZSTD decoder to read them).
    const started = performance.now();
    const zstd = await pack(slice, join(dir, 'sweep-zstd'), { compression: 'zstd', log });
    results.zstd = { packSeconds: seconds(started), outputBytes: zstd.outputBytes, steps: zstd.steps };
    log(JSON.stringify(results.zstd));
  } else {
    results.pack = await packBundle(csv, bundleDir);
    writeFileSync(packFile, JSON.stringify(results, null, 2));
  }
  const file = values.sweep ? join(dir, 'sweep.json') : packFile;
  writeFileSync(file, JSON.stringify(results, null, 2));
  process.stdout.write(`${readFileSync(file, 'utf8')}\n`);
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause ? ` (cause: ${String(error.cause)})` : '';
  log(`measure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}${cause}`);
  process.exitCode = 1;
});
