// Builds the manifest's numbers with DuckDB: the counts the page draws before it fetches a row, and
// per file the row groups' days and byte ranges, so a reader plans its Range requests without footers.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BundleFile, BundleManifest, BundleSeries, NameCount } from '../../src/data/bundle/manifest';

type Row = Record<string, unknown>;

export async function query(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Row[];
}

const num = (v: unknown): number => Number(v);
const dayOrOpen = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** At most this many categories get their own per-day counts (the app folds the rest into "Other"). */
const DAY_CATEGORIES = 40;

/** Where the footer of a Parquet file starts: its last 8 bytes are the footer's length and `PAR1`. */
function footerStart(path: string): { bytes: number; footerStart: number } {
  const bytes = statSync(path).size;
  const tail = Buffer.alloc(8);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, tail, 0, 8, bytes - 8);
  } finally {
    closeSync(fd);
  }
  if (tail.toString('latin1', 4) !== 'PAR1') throw new Error(`${path} does not end as a Parquet file should`);
  return { bytes, footerStart: bytes - 8 - tail.readUInt32LE(0) };
}

/** The manifest entries of written files (`paths` relative to `outdir`), from their Parquet metadata. */
export async function fileEntries(
  connection: DuckDBConnection,
  outdir: string,
  paths: string[],
  series: ReadonlyMap<string, BundleSeries>,
): Promise<BundleFile[]> {
  const full = paths.map((p) => `${outdir}/${p}`);
  const groups = await query(
    connection,
    `SELECT file_name, row_group_id, any_value(row_group_num_rows) AS rows,
      min(coalesce(NULLIF(dictionary_page_offset, 0), data_page_offset)) AS byte_start,
      max(coalesce(NULLIF(dictionary_page_offset, 0), data_page_offset) + total_compressed_size) AS byte_end,
      min(CASE WHEN path_in_schema = 'day' THEN CAST(stats_min AS INTEGER) END) AS first_day,
      max(CASE WHEN path_in_schema = 'day' THEN CAST(stats_max AS INTEGER) END) AS last_day,
      max(CASE WHEN path_in_schema = 'last_day' THEN CAST(stats_max AS INTEGER) END) AS max_last_day,
      max(CASE WHEN path_in_schema = 'last_day' THEN stats_null_count END) AS open_rows
    FROM parquet_metadata([${full.map(sqlString).join(', ')}])
    GROUP BY file_name, row_group_id ORDER BY file_name, row_group_id`,
  );
  return paths.map((path, i) => {
    const mine = groups.filter((g) => g.file_name === full[i]);
    const rowGroups = mine.map((g) => ({
      firstDay: num(g.first_day),
      lastDay: num(g.last_day),
      maxLastDay: num(g.open_rows) > 0 ? null : dayOrOpen(g.max_last_day),
      rows: num(g.rows),
      byteStart: num(g.byte_start),
      byteEnd: num(g.byte_end),
    }));
    const open = rowGroups.some((g) => g.maxLastDay === null);
    return {
      path,
      series: series.get(path) ?? 'day',
      ...footerStart(full[i]),
      rows: rowGroups.reduce((n, g) => n + g.rows, 0),
      firstDay: Math.min(...rowGroups.map((g) => g.firstDay)),
      lastDay: Math.max(...rowGroups.map((g) => g.lastDay)),
      maxLastDay: open ? null : Math.max(...rowGroups.map((g) => g.maxLastDay as number)),
      rowGroups,
    };
  });
}

function nameCounts(rows: Row[]): NameCount[] {
  return rows.map((r) => ({ name: String(r.name), count: num(r.n) }));
}

/** Counts, bounds and spans of the rows `table` holds (already only the rows packed). */
export async function aggregates(
  connection: DuckDBConnection,
  table: string,
): Promise<
  Pick<
    BundleManifest,
    'rows' | 'bounds' | 'firstDay' | 'lastDay' | 'maxLastDay' | 'days' | 'categories' | 'countries' | 'spans'
  >
> {
  const [t] = await query(
    connection,
    `SELECT count(*) AS n, min(lon) AS w, min(lat) AS s, max(lon) AS e, max(lat) AS north,
      min(day) AS first_day, max(day) AS last_day, max(last_day) AS max_last_day,
      count(*) FILTER (WHERE last_day IS NULL) AS open_ended,
      count(*) FILTER (WHERE last_day IS DISTINCT FROM day) AS multi_day
    FROM ${table}`,
  );
  if (num(t.n) === 0) throw new Error('no row could be packed: every row was skipped (see the reasons above)');
  const categories = nameCounts(
    await query(connection, `SELECT category AS name, count(*) AS n FROM ${table} GROUP BY 1 ORDER BY 2 DESC, 1`),
  );
  const countries = nameCounts(
    await query(
      connection,
      `SELECT country AS name, count(*) AS n FROM ${table} WHERE country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
    ),
  );
  const first = num(t.first_day);
  const length = num(t.last_day) - first + 1;
  const shown = categories.slice(0, DAY_CATEGORIES).map((c) => c.name);
  const index = new Map(shown.map((name, i) => [name, i]));
  const counts = new Array<number>(length).fill(0);
  const byCategory = shown.map(() => new Array<number>(length).fill(0));
  const other = categories.length > DAY_CATEGORIES ? new Array<number>(length).fill(0) : undefined;
  for (const r of await query(connection, `SELECT day, category, count(*) AS n FROM ${table} GROUP BY 1, 2`)) {
    const d = num(r.day) - first;
    const n = num(r.n);
    counts[d] += n;
    const k = index.get(String(r.category));
    if (k !== undefined) byCategory[k][d] += n;
    else if (other) other[d] += n;
  }
  return {
    rows: num(t.n),
    bounds: [num(t.w), num(t.s), num(t.e), num(t.north)],
    firstDay: first,
    lastDay: num(t.last_day),
    maxLastDay: num(t.open_ended) > 0 ? null : num(t.max_last_day),
    days: { first, counts, categories: shown, byCategory, ...(other ? { otherCategories: other } : {}) },
    categories,
    countries,
    spans: { multiDay: num(t.multi_day), openEnded: num(t.open_ended) },
  };
}
