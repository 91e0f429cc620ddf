// pack(): turns a CSV or Parquet table of any size into a bundle (time-partitioned, sorted Parquet
// files and a manifest) with DuckDB: one parallel pass maps and stages every row, then each file is
// sorted on its own, so memory bounds only the largest file, never the input.

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, DuckDBPendingResultState } from '@duckdb/node-api';
import { BUNDLE_COLUMNS, BUNDLE_FORMAT, BUNDLE_VERSION, type BundleManifest } from '../../src/data/bundle/manifest';
import { detectInputLayout, UnknownColumnsError } from './input-layouts';
import { aggregates, fileEntries, query } from './manifest-build';
import { SQL_MACROS } from './sql-macros';
import { groupFiles, staged, stageSql, summarize } from './stage';

export interface PackOptions {
  /** The dataset's name in the manifest (the input's file name by default) and its attribution. */
  name?: string;
  attribution?: string;
  /** Rows per row group (DuckDB rounds up to a multiple of 2,048). */
  rowGroupRows?: number;
  /**
   * Files cover whole years, or whole months (`auto`: once a year holds more than `fileRows` rows);
   * consecutive ones are put in one file while it holds at most `fileRows` rows.
   */
  partition?: 'auto' | 'year' | 'month';
  fileRows?: number;
  compression?: 'snappy' | 'zstd' | 'uncompressed';
  /** Rows dated over more days than this go to their own `long-YYYY` files (and open-ended ones to `open-YYYY`). */
  longSpanDays?: number;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface PackResult {
  manifest: BundleManifest;
  inputBytes: number;
  outputBytes: number;
  manifestBytes: number;
  seconds: number;
  /** Seconds per step: reading and mapping every row, sorting and writing the files, counting. */
  steps: { read: number; write: number; manifest: number };
}

export const DEFAULT_ROW_GROUP_ROWS = 16_384;
export const DEFAULT_FILE_ROWS = 500_000;
export const DEFAULT_LONG_SPAN_DAYS = 7;

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The input's files: one path, or every match of a glob (`data/*.csv`), through DuckDB's glob(). */
async function inputFiles(connection: DuckDBConnection, input: string): Promise<string[]> {
  if (!/[*?[]/.test(input)) {
    if (!existsSync(input)) throw new Error(`${input}: no such file`);
    return [resolve(input)];
  }
  const files = (await query(connection, `SELECT file FROM glob(${sqlString(input)}) ORDER BY file`)).map((r) =>
    String(r.file),
  );
  if (files.length === 0) throw new Error(`${input}: no file matches`);
  return files;
}

function reader(files: string[]): string {
  const list = `[${files.map(sqlString).join(', ')}]`;
  if (files.every((f) => /\.parquet$/i.test(f))) return `read_parquet(${list}, union_by_name = true)`;
  if (files.some((f) => /\.parquet$/i.test(f)))
    throw new Error('the input mixes Parquet and CSV files; pack one kind at a time');
  return `read_csv(${list}, all_varchar = true, header = true, union_by_name = true)`;
}

/** Runs a statement task by task, logging DuckDB's progress (percent of the input read) every 5 seconds. */
async function withProgress(connection: DuckDBConnection, label: string, sql: string, log: (l: string) => void) {
  const started = Date.now();
  let logged = started;
  const pending = await connection.start(sql);
  for (;;) {
    const state = pending.runTask();
    if (state === DuckDBPendingResultState.RESULT_READY) break;
    if (Date.now() - logged >= 5000) {
      logged = Date.now();
      const pct = connection.progress.percentage;
      log(`  ${label}: ${pct >= 0 ? `${pct.toFixed(0)}%, ` : ''}${((logged - started) / 1000).toFixed(0)} s`);
    }
    // Let other work run; wait a little when DuckDB's own threads hold every task.
    await new Promise((next) =>
      state === DuckDBPendingResultState.NO_TASKS_AVAILABLE ? setTimeout(next, 5) : setImmediate(next),
    );
  }
  await pending.getResult();
}

/** Packs `input` (a CSV or Parquet file, or a glob of them) into a bundle in `outdir`. */
export async function pack(input: string, outdir: string, options: PackOptions = {}): Promise<PackResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const out = resolve(outdir);
  mkdirSync(join(out, 'data'), { recursive: true });
  for (const old of readdirSync(join(out, 'data'))) if (old.endsWith('.parquet')) rmSync(join(out, 'data', old));
  const work = join(out, `.pack-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  const instance = await DuckDBInstance.create(':memory:', {
    preserve_insertion_order: 'false',
    temp_directory: join(work, 'spill'),
  });
  const connection = await instance.connect();
  try {
    await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false;');
    await connection.run(SQL_MACROS);
    const files = await inputFiles(connection, input);
    const inputBytes = files.reduce((n, f) => n + statSync(f).size, 0);
    const source = reader(files);
    const headers = (await query(connection, `DESCRIBE SELECT * FROM ${source}`)).map((r) => String(r.column_name));
    const layout = detectInputLayout(headers);
    if (!layout) throw new UnknownColumnsError(input, headers);
    log(`${input}: ${layout.label}, ${files.length} file(s), ${(inputBytes / 1e6).toFixed(1)} MB; reading…`);

    const longSpan = options.longSpanDays ?? DEFAULT_LONG_SPAN_DAYS;
    const stage = join(work, 'stage');
    await withProgress(connection, 'reading', stageSql(layout, source, longSpan, stage), log);
    const summary = await summarize(connection, stage);
    for (const line of summary.examples) log(`  ${line}`);
    const read = performance.now();

    const fileRows = options.fileRows ?? DEFAULT_FILE_ROWS;
    const perYear = new Map<string, number>();
    for (const p of summary.periods) perYear.set(p.month.slice(0, 4), (perYear.get(p.month.slice(0, 4)) ?? 0) + p.rows);
    const unit =
      options.partition === 'year' || options.partition === 'month'
        ? options.partition
        : Math.max(0, ...perYear.values()) > fileRows
          ? 'month'
          : 'year';
    const groups = groupFiles(summary.periods, unit, fileRows);
    if (groups.length === 0) throw new Error('no row could be packed: every row was skipped (see the reasons above)');
    const rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
    const compression = options.compression ?? 'snappy';
    log(`  sorting and writing ${groups.length} file(s)…`);
    for (const [i, group] of groups.entries()) {
      const sources = group.months.map((m) => staged(stage, group.series, m));
      await connection.run(
        `COPY (SELECT ${BUNDLE_COLUMNS.join(', ')} FROM (${sources.map((s) => `SELECT * FROM ${s}`).join(' UNION ALL ')})
          ORDER BY day, id)
        TO ${sqlString(join(out, group.path))}
        (FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE ${rowGroupRows})`,
      );
      if (groups.length <= 12 || (i + 1) % 6 === 0 || i === groups.length - 1) {
        log(`  wrote ${group.path} (${i + 1} of ${groups.length})`);
      }
    }
    const written = performance.now();

    const paths = groups.map((g) => g.path);
    await connection.run(
      `CREATE VIEW packed AS SELECT * FROM read_parquet([${paths.map((p) => sqlString(join(out, p))).join(', ')}])`,
    );
    const counts = await aggregates(connection, 'packed');
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      name: options.name ?? basename(files[0]).replace(/\.[^.]+$/, ''),
      ...(options.attribution ? { attribution: options.attribution } : {}),
      source: layout.kind,
      created: new Date().toISOString(),
      ...counts,
      partition: unit,
      compression: compression.toUpperCase(),
      rowGroupRows,
      longSpanDays: longSpan,
      skipped: summary.skipped,
      swapped: summary.swapped,
      files: await fileEntries(connection, out, paths, new Map(groups.map((g) => [g.path, g.series]))),
    };
    const text = JSON.stringify(manifest);
    writeFileSync(join(out, 'manifest.json.tmp'), text);
    renameSync(join(out, 'manifest.json.tmp'), join(out, 'manifest.json'));
    const done = performance.now();
    return {
      manifest,
      inputBytes,
      outputBytes: manifest.files.reduce((n, f) => n + f.bytes, 0),
      manifestBytes: Buffer.byteLength(text),
      seconds: (done - started) / 1000,
      steps: { read: (read - started) / 1000, write: (written - read) / 1000, manifest: (done - written) / 1000 },
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(work, { recursive: true, force: true });
  }
}
