// pack(): turns a CSV or Parquet table of any size into a bundle (time-partitioned, sorted Parquet
// files and a manifest) with DuckDB, which sorts and writes out of core so no row has to fit in memory.

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  BUNDLE_COLUMNS,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type BundleManifest,
  type BundleSeries,
} from '../../src/data/bundle/manifest';
import { detectInputLayout, type InputLayout, UnknownColumnsError } from './input-layouts';
import { aggregates, fileEntries, query } from './manifest-build';
import { SQL_MACROS } from './sql-macros';

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
  /** Seconds per step: reading and sorting, writing the files, counting. */
  steps: { stage: number; write: number; manifest: number };
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

/** Runs a statement, logging DuckDB's progress every few seconds while it runs. */
async function withProgress(connection: DuckDBConnection, label: string, sql: string, log: (l: string) => void) {
  const started = Date.now();
  const timer = setInterval(() => {
    const pct = connection.progress.percentage;
    log(`  ${label}: ${pct >= 0 ? `${pct.toFixed(0)}%, ` : ''}${((Date.now() - started) / 1000).toFixed(0)} s`);
  }, 5000);
  try {
    await connection.run(sql);
  } finally {
    clearInterval(timer);
  }
}

/** The staging query: every input row mapped, with why it cannot be packed (NULL when it can). */
function stagingSql(layout: InputLayout, source: string, longSpan: number): string {
  const prepare = Object.entries(layout.prepare).map(([name, sql]) => `${sql} AS ${name}`);
  const fields = Object.entries(layout.fields).map(([name, sql]) => `${sql} AS ${name}`);
  return `
    WITH src AS (SELECT *, row_number() OVER () AS __row FROM ${source}),
    prepared AS (SELECT *, ${prepare.join(', ')} FROM src WHERE NOT coalesce(starts_with(${layout.dateColumn}, '#'), false)),
    mapped AS (SELECT __row, ${fields.join(',\n')} FROM prepared),
    placed AS (SELECT *,
      abs(lat0) > 90 AND abs(lat0) <= 180 AND abs(lon0) <= 90 AS swapped,
      CASE WHEN abs(lat0) > 90 AND abs(lon0) <= 90 THEN lon0 ELSE lat0 END AS lat,
      CASE WHEN abs(lat0) > 90 AND abs(lon0) <= 90 THEN lat0 ELSE lon0 END AS lon
      FROM mapped)
    SELECT *,
      CAST(first_date - DATE '1970-01-01' AS INTEGER) AS day,
      CASE WHEN NOT open_end THEN CAST(last_date - DATE '1970-01-01' AS INTEGER) END AS last_day,
      CASE WHEN open_end THEN 'open' WHEN last_date - first_date > ${longSpan} THEN 'long' ELSE 'day' END AS series,
      CASE
        WHEN first_date IS NULL OR (NOT open_end AND (last_date IS NULL OR last_date < first_date)) THEN 'date'
        WHEN lat IS NULL OR lon IS NULL OR NOT (abs(lat) <= 90 AND abs(lon) <= 180) OR isnan(lat) OR isnan(lon)
          THEN 'coordinates'
      END AS problem
    FROM placed
    ORDER BY day NULLS LAST, id`;
}

/**
 * The files to write. Each series (see BundleFile.series) is cut by year or month of the first day
 * (the rare `long` and `open` rows always by year); consecutive periods then share a file while it
 * holds at most `fileRows` rows, so sparse years do not make a file each.
 */
async function partitions(connection: DuckDBConnection, unit: 'year' | 'month', fileRows: number) {
  const periods = await query(
    connection,
    `SELECT series, ${unit === 'month' ? "CASE WHEN series = 'day' THEN strftime(first_date, '%Y-%m') ELSE strftime(first_date, '%Y') END" : "strftime(first_date, '%Y')"} AS label,
      min(day) AS lo, max(day) AS hi, count(*) AS n
     FROM staged WHERE problem IS NULL GROUP BY 1, 2 ORDER BY 1, 3`,
  );
  const files: { label: string; lo: number; hi: number; n: number; series: BundleSeries }[] = [];
  for (const p of periods) {
    const series = p.series as BundleSeries;
    const last = files.at(-1);
    if (last && last.series === series && last.n + Number(p.n) <= fileRows) {
      last.hi = Number(p.hi);
      last.n += Number(p.n);
      last.label = `${last.label.split('_')[0]}_${p.label}`;
    } else {
      files.push({ label: String(p.label), lo: Number(p.lo), hi: Number(p.hi), n: Number(p.n), series });
    }
  }
  const order: BundleSeries[] = ['day', 'long', 'open'];
  files.sort((a, b) => order.indexOf(a.series) - order.indexOf(b.series) || a.lo - b.lo);
  return files.map((f) => ({ ...f, path: `data/${f.series === 'day' ? '' : `${f.series}-`}${f.label}.parquet` }));
}

/** Packs `input` (a CSV or Parquet file, or a glob of them) into a bundle in `outdir`. */
export async function pack(input: string, outdir: string, options: PackOptions = {}): Promise<PackResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const out = resolve(outdir);
  mkdirSync(join(out, 'data'), { recursive: true });
  for (const old of readdirSync(join(out, 'data'))) if (old.endsWith('.parquet')) rmSync(join(out, 'data', old));
  const dbPath = join(out, `.pack-${process.pid}.duckdb`);
  const instance = await DuckDBInstance.create(dbPath, { preserve_insertion_order: 'true' });
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
    log(
      `${input}: ${layout.label}, ${files.length} file(s), ${(inputBytes / 1e6).toFixed(1)} MB; reading and sorting…`,
    );

    const longSpan = options.longSpanDays ?? DEFAULT_LONG_SPAN_DAYS;
    await withProgress(
      connection,
      'reading and sorting',
      `CREATE TABLE staged AS ${stagingSql(layout, source, longSpan)}`,
      log,
    );
    const staged = performance.now();
    const [p] = await query(
      connection,
      `SELECT count(*) FILTER (WHERE problem = 'date') AS date, count(*) FILTER (WHERE problem = 'coordinates') AS coordinates,
        count(*) FILTER (WHERE problem IS NULL AND swapped) AS swapped FROM staged`,
    );
    const skipped = { date: Number(p.date), coordinates: Number(p.coordinates) };
    for (const reason of ['date', 'coordinates'] as const) {
      if (skipped[reason] === 0) continue;
      const examples = await query(
        connection,
        `SELECT __row + 1 AS row, ${reason === 'date' ? 'date' : "CAST(lat0 AS VARCHAR) || ', ' || CAST(lon0 AS VARCHAR)"} AS cell
         FROM staged WHERE problem = '${reason}' ORDER BY __row LIMIT 3`,
      );
      const shown = examples.map((e) => `row ${e.row}: ${JSON.stringify(e.cell ?? '')}`).join('; ');
      log(
        `  skipped ${skipped[reason]} row(s) without a usable ${reason === 'date' ? 'date' : 'latitude/longitude'} (${shown})`,
      );
    }

    const fileRows = options.fileRows ?? DEFAULT_FILE_ROWS;
    const [busiest] = await query(
      connection,
      `SELECT max(n) AS n FROM (SELECT count(*) AS n FROM staged WHERE problem IS NULL GROUP BY year(first_date))`,
    );
    const unit =
      options.partition === 'year' || options.partition === 'month'
        ? options.partition
        : Number(busiest?.n ?? 0) > fileRows
          ? 'month'
          : 'year';
    const parts = await partitions(connection, unit, fileRows);
    const rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
    const compression = options.compression ?? 'snappy';
    const paths: string[] = [];
    for (const [i, part] of parts.entries()) {
      const { path } = part;
      await connection.run(
        `COPY (SELECT ${BUNDLE_COLUMNS.join(', ')} FROM staged
          WHERE problem IS NULL AND day BETWEEN ${part.lo} AND ${part.hi}
            AND series = '${part.series}' ORDER BY day, id)
        TO ${sqlString(join(out, path))}
        (FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE ${rowGroupRows})`,
      );
      paths.push(path);
      if (parts.length <= 12 || (i + 1) % 6 === 0 || i === parts.length - 1) {
        log(`  wrote ${path} (${i + 1} of ${parts.length})`);
      }
    }
    const written = performance.now();

    await connection.run('CREATE VIEW packed AS SELECT * FROM staged WHERE problem IS NULL');
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
      skipped,
      swapped: Number(p.swapped),
      files: await fileEntries(connection, out, paths, new Map(parts.map((x) => [x.path, x.series]))),
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
      steps: { stage: (staged - started) / 1000, write: (written - staged) / 1000, manifest: (done - written) / 1000 },
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}.wal`, { force: true });
    rmSync(`${dbPath}.tmp`, { force: true, recursive: true });
  }
}
