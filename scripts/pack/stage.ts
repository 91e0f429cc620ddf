// The stage: every input row mapped once and written as Parquet split by series and month, in one
// parallel pass; then each bundle file is only a sort of a few months, however large the input.

import type { DuckDBConnection } from '@duckdb/node-api';
import type { BundleSeries } from '../../src/data/bundle/manifest';
import type { InputLayout } from './input-layouts';
import { query } from './manifest-build';

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The COPY that stages `source` in `dir`/series=…/period=…/: `day`, `long` or `open` rows by month
 * of their first day, and rows that cannot be packed under series=skipped by the reason.
 */
export function stageSql(layout: InputLayout, source: string, longSpan: number, dir: string): string {
  const prepare = Object.entries(layout.prepare).map(([name, sql]) => `${sql} AS ${name}`);
  const fields = Object.entries(layout.fields).map(([name, sql]) => `${sql} AS ${name}`);
  return `COPY (
    WITH prepared AS (SELECT *, ${prepare.join(', ')} FROM ${source}
      WHERE NOT coalesce(starts_with(${layout.dateColumn}, '#'), false)),
    mapped AS (SELECT ${fields.join(',\n')} FROM prepared),
    placed AS (SELECT *,
      abs(lat0) > 90 AND abs(lat0) <= 180 AND abs(lon0) <= 90 AS swapped,
      CASE WHEN abs(lat0) > 90 AND abs(lon0) <= 90 THEN lon0 ELSE lat0 END AS lat,
      CASE WHEN abs(lat0) > 90 AND abs(lon0) <= 90 THEN lat0 ELSE lon0 END AS lon
      FROM mapped),
    checked AS (SELECT *,
      CAST(first_date - DATE '1970-01-01' AS INTEGER) AS day,
      CASE WHEN NOT open_end THEN CAST(last_date - DATE '1970-01-01' AS INTEGER) END AS last_day,
      CASE
        WHEN first_date IS NULL OR (NOT open_end AND (last_date IS NULL OR last_date < first_date)) THEN 'date'
        WHEN lat IS NULL OR lon IS NULL OR NOT (abs(lat) <= 90 AND abs(lon) <= 180) OR isnan(lat) OR isnan(lon)
          THEN 'coordinates'
      END AS problem
      FROM placed)
    SELECT *,
      CASE WHEN problem IS NOT NULL THEN 'skipped' WHEN open_end THEN 'open'
        WHEN last_date - first_date > ${longSpan} THEN 'long' ELSE 'day' END AS series,
      coalesce(problem, strftime(first_date, '%Y-%m')) AS period
    FROM checked
  ) TO ${sqlString(dir)} (FORMAT parquet, PARTITION_BY (series, period), COMPRESSION snappy, OVERWRITE_OR_IGNORE)`;
}

/** Staged Parquet under `dir`, with its series and period as columns. */
export function staged(dir: string, series = '*', period = '*'): string {
  return `read_parquet(${sqlString(`${dir}/series=${series}/period=${period}/*.parquet`)},
    hive_partitioning = true, hive_types = {'series': VARCHAR, 'period': VARCHAR})`;
}

export interface Period {
  series: BundleSeries;
  /** YYYY-MM of the first days. */
  month: string;
  lo: number;
  hi: number;
  rows: number;
}

export interface StageSummary {
  periods: Period[];
  skipped: { date: number; coordinates: number };
  swapped: number;
  /** A few skipped rows per reason, as text for the log. */
  examples: string[];
}

/** What the stage holds: rows per series and month, the skipped rows by reason, the swapped ones. */
export async function summarize(connection: DuckDBConnection, dir: string): Promise<StageSummary> {
  const rows = await query(
    connection,
    `SELECT series, period, count(*) AS n, min(day) AS lo, max(day) AS hi, count(*) FILTER (WHERE swapped) AS swapped
     FROM ${staged(dir)} GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const skipped = { date: 0, coordinates: 0 };
  const periods: Period[] = [];
  let swapped = 0;
  for (const r of rows) {
    if (r.series === 'skipped') skipped[r.period as 'date' | 'coordinates'] = Number(r.n);
    else {
      periods.push({
        series: r.series as BundleSeries,
        month: String(r.period),
        lo: Number(r.lo),
        hi: Number(r.hi),
        rows: Number(r.n),
      });
      swapped += Number(r.swapped);
    }
  }
  const examples: string[] = [];
  for (const reason of ['date', 'coordinates'] as const) {
    if (skipped[reason] === 0) continue;
    const cells = await query(
      connection,
      `SELECT ${reason === 'date' ? 'date' : "concat_ws(', ', lat0, lon0)"} AS cell
       FROM ${staged(dir, 'skipped', reason)} LIMIT 3`,
    );
    const shown = cells.map((c) => JSON.stringify(c.cell ?? '')).join(', ');
    examples.push(
      `skipped ${skipped[reason]} row(s) without a usable ${reason === 'date' ? 'date' : 'latitude/longitude'} (such as ${shown})`,
    );
  }
  return { periods, skipped, swapped, examples };
}

export interface FileGroup {
  path: string;
  series: BundleSeries;
  months: string[];
  rows: number;
}

/**
 * The bundle's files. The `day` series is cut by `unit` (year or month), the rare `long` and `open`
 * ones by year; then consecutive pieces share a file while it holds at most `fileRows` rows, so
 * sparse years do not make a file each. Files go by series, then by time.
 */
export function groupFiles(periods: readonly Period[], unit: 'year' | 'month', fileRows: number): FileGroup[] {
  const pieces: { series: BundleSeries; label: string; months: string[]; rows: number }[] = [];
  for (const p of periods) {
    const label = p.series === 'day' && unit === 'month' ? p.month : p.month.slice(0, 4);
    const last = pieces.at(-1);
    if (last && last.series === p.series && last.label === label) {
      last.months.push(p.month);
      last.rows += p.rows;
    } else pieces.push({ series: p.series, label, months: [p.month], rows: p.rows });
  }
  const files: (FileGroup & { first: string; last: string })[] = [];
  for (const piece of pieces) {
    const file = files.at(-1);
    if (file && file.series === piece.series && file.rows + piece.rows <= fileRows) {
      file.months.push(...piece.months);
      file.rows += piece.rows;
      file.last = piece.label;
    } else
      files.push({
        path: '',
        series: piece.series,
        months: [...piece.months],
        rows: piece.rows,
        first: piece.label,
        last: piece.label,
      });
  }
  const order: BundleSeries[] = ['day', 'long', 'open'];
  return files
    .sort((a, b) => order.indexOf(a.series) - order.indexOf(b.series) || a.months[0].localeCompare(b.months[0]))
    .map(({ first, last, ...f }) => ({
      ...f,
      path: `data/${f.series === 'day' ? '' : `${f.series}-`}${first === last ? first : `${first}_${last}`}.parquet`,
    }));
}
