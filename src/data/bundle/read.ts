// Reads the rows of some days from a bundle over HTTP Range: per file, its footer and then only the
// column chunks of the row groups the plan names, so a 30-day window of a huge bundle costs megabytes.

import { type AsyncBuffer, type Compressors, type FileMetaData, parquetMetadata, parquetRead } from 'hyparquet';
import { BUNDLE_COLUMNS, BUNDLE_SERIES, type BundleColumn, type BundleManifest, parseManifest } from './manifest';
import { type DayMatch, type DayPlan, groupRuns, type PlannedFile, planDays } from './plan';
import { type FetchLike, type FetchStats, prefetchedAsyncBuffer, rangeAsyncBuffer } from './range-fetch';
import type { Cell, GroupCells, RowGroupCache } from './row-cache';

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
  /** Row groups of the plan fetched now, and those the cache held. */
  groups: { fetched: number; held: number };
  /** With `origin`: where each row lies, its index in `manifest.files` and its row in that file. */
  origin?: { file: Uint32Array; row: Uint32Array };
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
  /** Decoded row groups and footers kept between reads: those held are not fetched again. */
  cache?: RowGroupCache;
  /** Whether to say where each row lies (BundleRows.origin), to read more of it later (readRows). */
  origin?: boolean;
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
        const end = start + Number(meta.total_compressed_size);
        // Nothing is fetched but the bytes the manifest gives the row group: what the page budgeted for.
        if (!(start >= run.byteStart && end <= run.byteEnd)) {
          throw new Error(`its column chunks are not where the manifest says; was the bundle rewritten?`);
        }
        ranges.push({ start, end });
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

/** One file's planned runs, decoded: per column, one cell per row of the runs. */
async function readFile(
  bundle: OpenBundle,
  planned: PlannedFile,
  columns: BundleColumn[],
  fetchFn: FetchLike,
  stats: FetchStats,
  options: ReadDaysOptions,
): Promise<Map<string, Cell[][]>> {
  const url = new URL(planned.file.path, bundle.url).href;
  const remote = rangeAsyncBuffer(fetchFn, url, planned.file.bytes, { signal: options.signal, stats });
  const metadata =
    options.cache?.footer(planned.index) ??
    parquetMetadata(await remote.slice(planned.file.footerStart, planned.file.bytes));
  checkFile(metadata, planned, url, options.compressors);
  options.cache?.putFooter(planned.index, metadata);
  let ranges: { start: number; end: number }[];
  try {
    ranges = chunkRanges(metadata, planned, new Set(columns), options.maxGap ?? 16_384);
  } catch (error) {
    throw new Error(`${url}: ${(error as Error).message}`);
  }
  const file: AsyncBuffer = prefetchedAsyncBuffer(remote, ranges);
  const out = new Map<string, Cell[][]>(columns.map((c) => [c, []]));
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
      for (const [name, values] of cells) (out.get(name) as Cell[][])[r] = values;
    }),
  );
  return out;
}

/** One row group decoded: its index in the file, the file's row it starts at, its cells. */
interface DecodedGroup {
  group: number;
  rowStart: number;
  cells: GroupCells;
}

/**
 * The row groups a file's plan names, decoded (only `columns`): those the cache holds from it, the
 * others fetched (runs of consecutive ones, as readFile reads them) and kept in it.
 */
async function readGroups(
  bundle: OpenBundle,
  planned: PlannedFile,
  columns: BundleColumn[],
  fetchFn: FetchLike,
  stats: FetchStats & { groups: number; held: number },
  options: ReadDaysOptions,
): Promise<DecodedGroup[]> {
  const { file, index } = planned;
  const groups = planned.runs.flatMap((run) =>
    Array.from({ length: run.lastGroup - run.firstGroup + 1 }, (_, k) => run.firstGroup + k),
  );
  const found = new Map<number, GroupCells>();
  const missing: number[] = [];
  for (const g of groups) {
    const held = options.cache?.get(index, g, columns);
    if (held) found.set(g, held);
    else missing.push(g);
  }
  stats.held += groups.length - missing.length;
  stats.groups += missing.length;
  if (missing.length > 0) {
    const runs = groupRuns(file, missing);
    const decoded = await readFile(bundle, { ...planned, runs }, columns, fetchFn, stats, options);
    runs.forEach((run, r) => {
      let at = 0;
      for (let g = run.firstGroup; g <= run.lastGroup; g++) {
        const rows = file.rowGroups[g].rows;
        const cells: GroupCells = new Map(
          columns.map((c) => [c, (decoded.get(c) as Cell[][])[r].slice(at, at + rows)] as const),
        );
        at += rows;
        options.cache?.put(index, g, cells, rows);
        found.set(g, cells);
      }
    });
  }
  const rowStarts: number[] = [];
  file.rowGroups.reduce((start, group) => {
    rowStarts.push(start);
    return start + group.rows;
  }, 0);
  return groups.map((g) => ({ group: g, rowStart: rowStarts[g], cells: found.get(g) as GroupCells }));
}

/** The rows of a row group: its cells per read column, which of them the range keeps, and where it lies. */
interface Part {
  cells: ArrayLike<Cell>[];
  rows: number[];
  /** Index in `manifest.files`, and the row of that file the group starts at. */
  file: number;
  rowStart: number;
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
  const stats = { requests: 0, bytes: 0, groups: 0, held: 0 };
  // One failure stops the other files' requests.
  const controller = new AbortController();
  const stop = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  let decoded: DecodedGroup[][];
  try {
    const inner = { ...options, signal: controller.signal };
    decoded = await Promise.all(
      plan.files.map((f) =>
        readGroups(bundle, f, read, fetchFn, stats, inner).catch((error: unknown) => {
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
  decoded.forEach((groups, f) => {
    for (const { cells, rowStart } of groups) {
      const days = cells.get('day') as ArrayLike<Cell>;
      const lastDays = cells.get('last_day');
      const rows: number[] = [];
      for (let i = 0; i < days.length; i++) {
        const day = Number(days[i]);
        const last = lastDays ? number(lastDays[i], Infinity) : day;
        if (day <= toDay && (match === 'start' ? day >= fromDay : last >= fromDay)) rows.push(i);
      }
      parts[BUNDLE_SERIES.indexOf(plan.files[f].file.series)].push({
        cells: read.map((c) => cells.get(c) as ArrayLike<Cell>),
        rows,
        file: plan.files[f].index,
        rowStart,
      });
    }
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
  const rows: BundleRows = {
    fromDay,
    toDay,
    match,
    length,
    columns: columns as Partial<BundleColumnArrays>,
    plan,
    fetched: { requests: stats.requests, bytes: stats.bytes },
    groups: { fetched: stats.groups, held: stats.held },
  };
  if (options.origin) {
    const origin = { file: new Uint32Array(length), row: new Uint32Array(length) };
    for (let n = 0; n < length; n++) {
      const part = order.parts[order.part[n]];
      origin.file[n] = part.file;
      origin.row[n] = part.rowStart + order.row[n];
    }
    rows.origin = origin;
  }
  return rows;
}

/**
 * Some columns of some rows of one file (`rows`: rows of the file, as BundleRows.origin gives them):
 * only the row groups holding them are read, only those columns. One object per row asked, in order,
 * its cells as text ('' where empty).
 */
export async function readRows(
  bundle: OpenBundle,
  fileIndex: number,
  rows: readonly number[],
  columns: readonly BundleColumn[],
  options: Pick<ReadDaysOptions, 'fetch' | 'signal' | 'compressors' | 'cache' | 'maxGap'> = {},
): Promise<Record<string, string>[]> {
  const file = bundle.manifest.files[fileIndex];
  if (!file) throw new Error(`readRows: the bundle has no file ${fileIndex}`);
  const starts: number[] = [];
  file.rowGroups.reduce((start, group) => {
    starts.push(start);
    return start + group.rows;
  }, 0);
  const groupOf = (row: number) => {
    if (!(Number.isInteger(row) && row >= 0 && row < file.rows))
      throw new Error(`readRows: no row ${row} in ${file.path}`);
    let g = starts.length - 1;
    while (starts[g] > row) g--;
    return g;
  };
  const groups = [...new Set(rows.map(groupOf))].sort((a, b) => a - b);
  const planned: PlannedFile = { index: fileIndex, file, runs: groupRuns(file, groups) };
  const stats = { requests: 0, bytes: 0, groups: 0, held: 0 };
  const decoded = await readGroups(
    bundle,
    planned,
    [...new Set(columns)],
    options.fetch ?? defaultFetch(),
    stats,
    options,
  );
  const byGroup = new Map(decoded.map((d) => [d.group, d]));
  return rows.map((row) => {
    const { cells, rowStart } = byGroup.get(groupOf(row)) as DecodedGroup;
    const record: Record<string, string> = {};
    for (const name of columns) {
      const cell = (cells.get(name) as ArrayLike<Cell>)[row - rowStart];
      record[name] = cell === null || cell === undefined ? '' : String(cell);
    }
    return record;
  });
}
