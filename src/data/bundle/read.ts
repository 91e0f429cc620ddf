// Reads the rows of some days from a bundle over HTTP Range: per file, its footer and then only the
// column chunks of the row groups the plan names, so a 30-day window of a huge bundle costs megabytes.

import { type AsyncBuffer, type Compressors, type FileMetaData, parquetMetadata, parquetRead } from 'hyparquet';
import { BUNDLE_COLUMNS, BUNDLE_SERIES, type BundleColumn, type BundleManifest, parseManifest } from './manifest';
import { type DayMatch, type DayPlan, type PlannedFile, planDays } from './plan';
import { type FetchLike, type FetchStats, prefetchedAsyncBuffer, rangeAsyncBuffer } from './range-fetch';

/** A bundle opened: its manifest, and the URL its files' paths are relative to. */
export interface OpenBundle {
  url: string;
  manifest: BundleManifest;
}

/** The columns read, one entry per row: numbers in typed arrays, text as strings ('' where the cell is empty). */
export interface BundleColumnArrays {
  day: Int32Array;
  /** Infinity for an open end. */
  last_day: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** NaN where unknown. */
  fatalities: Float64Array;
  id: string[];
  category: string[];
  location_precision: string[];
  country: string[];
  date: string[];
  title: string[];
  place: string[];
  actors: string[];
  summary: string[];
  sources: string[];
}

export interface BundleRows {
  fromDay: number;
  toDay: number;
  match: DayMatch;
  /** Rows found, sorted by (day, id). */
  length: number;
  columns: Partial<BundleColumnArrays>;
  plan: DayPlan;
  fetched: FetchStats;
}

export interface ReadDaysOptions {
  /** The fetch to use (tests pass one that counts); the global fetch by default. */
  fetch?: FetchLike;
  /** Which columns to return; all by default. `day` (and `last_day` for `overlap`) are read regardless. */
  columns?: readonly BundleColumn[];
  match?: DayMatch;
  signal?: AbortSignal;
  /** Decompressors for codecs hyparquet lacks (ZSTD, GZIP, ...); SNAPPY needs none. */
  compressors?: Compressors;
  /** Column chunks separated by at most this many unwanted bytes are fetched in one request. */
  maxGap?: number;
}

const NUMBER_COLUMNS = new Set<BundleColumn>(['day', 'last_day', 'lon', 'lat', 'fatalities']);

function defaultFetch(): FetchLike {
  if (typeof fetch !== 'function') throw new Error('readDays: no fetch function given and none global');
  return fetch.bind(globalThis);
}

/** Fetches and checks `manifest.json` (a plain GET). */
export async function openBundle(
  url: string,
  options: { fetch?: FetchLike; signal?: AbortSignal } = {},
): Promise<OpenBundle> {
  const response = await (options.fetch ?? defaultFetch())(url, { signal: options.signal });
  if (!response.ok) throw new Error(`${url}: the bundle's manifest could not be fetched (${response.status})`);
  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch {
    throw new Error(`${url}: the bundle's manifest is not JSON`);
  }
  return { url: response.url || url, manifest: parseManifest(json) };
}

/** The byte ranges of the wanted columns' chunks in the planned row groups, near ones merged. */
function chunkRanges(metadata: FileMetaData, planned: PlannedFile, columns: Set<string>, maxGap: number) {
  const ranges: { start: number; end: number }[] = [];
  for (const run of planned.runs) {
    for (let g = run.firstGroup; g <= run.lastGroup; g++) {
      for (const chunk of metadata.row_groups[g].columns) {
        const meta = chunk.meta_data;
        if (!meta || !columns.has(meta.path_in_schema[0])) continue;
        const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
        ranges.push({ start, end: start + Number(meta.total_compressed_size) });
      }
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.start <= last.end + maxGap) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

function checkFile(metadata: FileMetaData, planned: PlannedFile, url: string, compressors?: Compressors): void {
  const groups = planned.file.rowGroups;
  const same =
    metadata.row_groups.length === groups.length &&
    groups.every((g, i) => Number(metadata.row_groups[i].num_rows) === g.rows);
  if (!same) throw new Error(`${url}: its row groups are not the ones the manifest lists; was the bundle rewritten?`);
  const codec = metadata.row_groups[0]?.columns[0]?.meta_data?.codec;
  if (codec && codec !== 'UNCOMPRESSED' && codec !== 'SNAPPY' && !compressors?.[codec]) {
    throw new Error(
      `${url} is compressed with ${codec}, which hyparquet cannot decompress by itself: pass options.compressors with a ${codec} decompressor, or pack with --compression snappy`,
    );
  }
}

type Cell = string | number | bigint | boolean | null | undefined;

/** One file's planned runs, decoded: per column, one cell per row of the runs. */
async function readFile(
  bundle: OpenBundle,
  planned: PlannedFile,
  columns: BundleColumn[],
  fetchFn: FetchLike,
  stats: FetchStats,
  options: ReadDaysOptions,
): Promise<Map<string, ArrayLike<Cell>[]>> {
  const url = new URL(planned.file.path, bundle.url).href;
  const remote = rangeAsyncBuffer(fetchFn, url, planned.file.bytes, { signal: options.signal, stats });
  const metadata = parquetMetadata(await remote.slice(planned.file.footerStart, planned.file.bytes));
  checkFile(metadata, planned, url, options.compressors);
  const file: AsyncBuffer = prefetchedAsyncBuffer(
    remote,
    chunkRanges(metadata, planned, new Set(columns), options.maxGap ?? 16_384),
  );
  const out = new Map<string, ArrayLike<Cell>[]>(columns.map((c) => [c, []]));
  await Promise.all(
    planned.runs.map(async (run, r) => {
      const cells = new Map<string, Cell[]>(columns.map((c) => [c, new Array(run.rowEnd - run.rowStart)]));
      await parquetRead({
        file,
        metadata,
        columns,
        rowStart: run.rowStart,
        rowEnd: run.rowEnd,
        compressors: options.compressors,
        onChunk({ columnName, columnData, rowStart }) {
          const target = cells.get(columnName);
          if (!target) return;
          for (let i = 0; i < columnData.length; i++) {
            const at = rowStart + i - run.rowStart;
            if (at >= 0 && at < target.length) target[at] = columnData[i] as Cell;
          }
        },
      });
      for (const [name, values] of cells) (out.get(name) as ArrayLike<Cell>[])[r] = values;
    }),
  );
  return out;
}

/** The rows of some row groups: their cells per read column, and which of them the range keeps. */
interface Part {
  cells: ArrayLike<Cell>[];
  rows: number[];
}

/** The kept rows in order, as (part, row) pairs in two typed arrays: the series merged by (day, id). */
function mergeOrder(
  series: Part[][],
  dayAt: number,
  idAt: number,
): { parts: Part[]; part: Uint32Array; row: Uint32Array } {
  const parts = series.flat();
  const total = parts.reduce((n, p) => n + p.rows.length, 0);
  const part = new Uint32Array(total);
  const row = new Uint32Array(total);
  // Per series: the index in `parts` of its current part, the position in that part's rows, its end.
  let start = 0;
  const heads = series.map((list) => {
    const head = { at: start, pos: 0, end: start + list.length };
    start += list.length;
    return head;
  });
  const live = (h: (typeof heads)[number]) => {
    while (h.at < h.end && h.pos >= parts[h.at].rows.length) {
      h.at++;
      h.pos = 0;
    }
    return h.at < h.end;
  };
  const cell = (h: (typeof heads)[number], at: number) => parts[h.at].cells[at][parts[h.at].rows[h.pos]];
  for (let n = 0; n < total; n++) {
    let best: (typeof heads)[number] | undefined;
    for (const h of heads) {
      if (!live(h)) continue;
      if (!best) best = h;
      else {
        const d = Number(cell(h, dayAt)) - Number(cell(best, dayAt));
        if (d < 0 || (d === 0 && String(cell(h, idAt)) < String(cell(best, idAt)))) best = h;
      }
    }
    const h = best as (typeof heads)[number];
    part[n] = h.at;
    row[n] = parts[h.at].rows[h.pos++];
  }
  return { parts, part, row };
}

function emptyColumn(name: BundleColumn, length: number): Int32Array | Float64Array | string[] {
  if (name === 'day') return new Int32Array(length);
  if (NUMBER_COLUMNS.has(name)) return new Float64Array(length);
  return new Array<string>(length);
}

function number(cell: Cell, missing: number): number {
  if (cell === null || cell === undefined) return missing;
  return Number(cell);
}

/**
 * The rows of days fromDay..toDay (day numbers, both included) of an opened bundle, fetched with
 * HTTP Range: the footer of each file the plan needs, then the chunks of its planned row groups.
 */
export async function readDays(
  bundle: OpenBundle,
  fromDay: number,
  toDay: number,
  options: ReadDaysOptions = {},
): Promise<BundleRows> {
  const match = options.match ?? 'overlap';
  const plan = planDays(bundle.manifest, fromDay, toDay, { match });
  const wanted = [...new Set(options.columns ?? BUNDLE_COLUMNS)];
  for (const name of wanted) {
    if (!(BUNDLE_COLUMNS as readonly string[]).includes(name)) throw new Error(`readDays: no column "${name}"`);
  }
  const merging = new Set(plan.files.map((f) => f.file.series)).size > 1;
  const read = BUNDLE_COLUMNS.filter(
    (c) => wanted.includes(c) || c === 'day' || (c === 'last_day' && match === 'overlap') || (c === 'id' && merging),
  );
  const fetchFn = options.fetch ?? defaultFetch();
  const stats: FetchStats = { requests: 0, bytes: 0 };
  // One failure stops the other files' requests.
  const controller = new AbortController();
  const stop = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  let decoded: Map<string, ArrayLike<Cell>[]>[];
  try {
    const inner = { ...options, signal: controller.signal };
    decoded = await Promise.all(
      plan.files.map((f) =>
        readFile(bundle, f, read, fetchFn, stats, inner).catch((error: unknown) => {
          controller.abort(error);
          throw error;
        }),
      ),
    );
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }

  // Keep the rows the range asks for. Each series (the day files, the long files) is sorted by
  // (day, id) in file order; the two are merged.
  const parts: Part[][] = BUNDLE_SERIES.map(() => []);
  decoded.forEach((file, f) => {
    const days = file.get('day') as ArrayLike<Cell>[];
    const lastDays = file.get('last_day');
    days.forEach((runDays, r) => {
      const rows: number[] = [];
      for (let i = 0; i < runDays.length; i++) {
        const day = Number(runDays[i]);
        const last = lastDays ? number(lastDays[r][i], Infinity) : day;
        if (day <= toDay && (match === 'start' ? day >= fromDay : last >= fromDay)) rows.push(i);
      }
      parts[BUNDLE_SERIES.indexOf(plan.files[f].file.series)].push({
        cells: read.map((c) => (file.get(c) as ArrayLike<Cell>[])[r]),
        rows,
      });
    });
  });
  const order = mergeOrder(parts, read.indexOf('day'), read.indexOf('id'));
  const length = order.part.length;
  const columns: Partial<Record<BundleColumn, Int32Array | Float64Array | string[]>> = {};
  for (const name of wanted) {
    const at = read.indexOf(name);
    const target = emptyColumn(name, length);
    const missing = name === 'last_day' ? Infinity : Number.NaN;
    for (let n = 0; n < length; n++) {
      const cell = order.parts[order.part[n]].cells[at][order.row[n]];
      if (Array.isArray(target)) target[n] = cell === null || cell === undefined ? '' : String(cell);
      else target[n] = number(cell, missing);
    }
    columns[name] = target;
  }
  return {
    fromDay,
    toDay,
    match,
    length,
    columns: columns as Partial<BundleColumnArrays>,
    plan,
    fetched: stats,
  };
}
