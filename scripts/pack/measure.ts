// The measured run behind docs/scale-out.md: generate N synthetic rows (20 million by default) outside
// the repo, pack them, serve the bundle on 127.0.0.1 and read a 30-day window and a year through the
// reader, counting requests and bytes. `--sweep` repacks a denser slice at several row-group sizes.
//
//   NODE_OPTIONS=--max-old-space-size=12000 npx tsx scripts/pack/measure.ts [--rows N] [--dir DIR] [--reuse] [--sweep]

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

async function packAndRead(csv: string, out: string, rowGroupRows: number | undefined, windows: [string, string][]) {
  const started = performance.now();
  const packed = await pack(csv, out, { rowGroupRows, log, name: 'Synthetic incidents' });
  const packSeconds = seconds(started);
  const server = await startRangeServer(out);
  try {
    const bundle = await openBundle(`${server.url}manifest.json`);
    const m = bundle.manifest;
    const footers = m.files.map((f) => f.bytes - f.footerStart);
    const reads = [];
    for (const [from, to] of windows) {
      reads.push(await readCase(bundle, from, to));
      reads.push(await readCase(bundle, from, to, MAP_COLUMNS));
      if (global.gc) global.gc();
    }
    return {
      rowGroupRows: m.rowGroupRows,
      packSeconds,
      steps: packed.steps,
      inputBytes: packed.inputBytes,
      outputBytes: packed.outputBytes,
      manifestBytes: packed.manifestBytes,
      files: m.files.length,
      partition: m.partition,
      rowGroups: m.files.reduce((n, f) => n + f.rowGroups.length, 0),
      largestFooter: Math.max(...footers),
      medianFooter: footers.sort((a, b) => a - b)[Math.floor(footers.length / 2)],
      rows: m.rows,
      reads,
    };
  } finally {
    await server.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '20000000' },
      dir: { type: 'string', default: join(tmpdir(), 'atlas-scale-out') },
      reuse: { type: 'boolean', default: false },
      sweep: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const dir = values.dir as string;
  const { execSync } = await import('node:child_process');
  execSync(`mkdir -p ${JSON.stringify(dir)}`);
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
    log(
      `generated ${rows.toLocaleString('en')} rows, ${(bytes / 1e9).toFixed(2)} GB in ${results.generate && seconds(started)} s`,
    );
  } else results.generate = { reused: true, bytes: statSync(csv).size };

  if (values.sweep) {
    // A tenth of the rows over a tenth of the days: the same rows per day as the full run, packed faster.
    const slice = join(dir, `synthetic-slice-${rows / 10}.csv`);
    if (!existsSync(slice)) await writeSyntheticCsv(slice, rows / 10, { seed: 21, from: '2022-01-01', days: 110 });
    const sweep = [];
    for (const size of [4096, 16_384, 65_536, 131_072]) {
      sweep.push(await packAndRead(slice, join(dir, `sweep-${size}`), size, [['2022-02-01', '2022-03-02']]));
      log(JSON.stringify(sweep.at(-1)));
    }
    results.sweep = sweep;
  } else {
    results.run = await packAndRead(csv, join(dir, 'bundle'), undefined, [
      ['2022-06-01', '2022-06-30'],
      ['2022-01-01', '2022-12-31'],
    ]);
  }
  const file = join(dir, values.sweep ? 'sweep.json' : 'results.json');
  writeFileSync(file, JSON.stringify(results, null, 2));
  process.stdout.write(`${readFileSync(file, 'utf8')}\n`);
}

main().catch((error: unknown) => {
  log(`measure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
