// The bundle's manifest.json: its types and a parser that names the field at fault, so a bad or
// foreign manifest fails with a sentence, not with a TypeError deep in the reader.

import { DataError, say } from '../text/messages';

export const BUNDLE_FORMAT = 'incident-atlas-bundle';
export const BUNDLE_VERSION = 1;

/** The columns of every bundle's Parquet files, in file order (the light ones first, so they read as one run). */
export const BUNDLE_COLUMNS = [
  'day',
  'last_day',
  'id',
  'lon',
  'lat',
  'category',
  'location_precision',
  'country',
  'fatalities',
  'date',
  'title',
  'place',
  'actors',
  'summary',
  'sources',
] as const;
export type BundleColumn = (typeof BUNDLE_COLUMNS)[number];

/** What the map and the timeline need: the first eleven columns, one contiguous run in each row group. */
export const MAP_COLUMNS: readonly BundleColumn[] = BUNDLE_COLUMNS.slice(0, 11);

export type BundleSeries = 'day' | 'long' | 'open';
export const BUNDLE_SERIES: readonly BundleSeries[] = ['day', 'long', 'open'];

/** One row group of one file: its days, its rows and where its bytes are. */
export interface BundleRowGroup {
  /** Smallest and largest `day` (first possible day) of its rows; rows are sorted by (day, id). */
  firstDay: number;
  lastDay: number;
  /** Largest `last_day` of its rows; null when one of them has an open end. */
  maxLastDay: number | null;
  rows: number;
  /** Byte range of its column chunks in the file, end exclusive. */
  byteStart: number;
  byteEnd: number;
}

export interface BundleFile {
  /** Relative to the manifest's URL. */
  path: string;
  /**
   * Which rows it holds: `day`, those dated over at most `longSpanDays` days (most); `long`, those
   * dated over more; `open`, those with an open end. Apart, so that one long date does not make every
   * row group before a window look as if it reached into it.
   */
  series: BundleSeries;
  bytes: number;
  rows: number;
  firstDay: number;
  lastDay: number;
  maxLastDay: number | null;
  /** Where the Parquet footer (metadata, its length and `PAR1`) starts; it runs to the end of the file. */
  footerStart: number;
  rowGroups: BundleRowGroup[];
}

export interface NameCount {
  name: string;
  count: number;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  name: string;
  attribution?: string;
  /** The table it was packed from: our CSV, UCDP GED or ACLED. */
  source: 'atlas' | 'ucdp' | 'acled';
  created: string;
  rows: number;
  /** [west, south, east, north] of every row's point. */
  bounds: [number, number, number, number];
  firstDay: number;
  lastDay: number;
  maxLastDay: number | null;
  partition: 'year' | 'month';
  compression: string;
  rowGroupRows: number;
  /**
   * In the `day` series, no row's last day is more than this many days after its first,
   * so a row group can only reach this far past its `lastDay`.
   */
  longSpanDays: number;
  /**
   * Rows per first day, dense from `first` (the histogram): `counts[i]` rows start on day `first + i`.
   * `byCategory[k]` splits them by `categories[k]` (the most frequent, at most 40); `otherCategories`
   * holds the rest when there are more.
   */
  days: { first: number; counts: number[]; categories: string[]; byCategory: number[][]; otherCategories?: number[] };
  /** Most frequent first. */
  categories: NameCount[];
  countries: NameCount[];
  /** Rows dated more than one day, and those with an open end (`2024-12-24/..`). */
  spans: { multiDay: number; openEnded: number };
  /** Input rows left out, by reason, and rows whose latitude and longitude were swapped back. */
  skipped: { date: number; coordinates: number };
  swapped: number;
  files: BundleFile[];
}

/** A manifest that is not one: `field` is the JSON path at fault (`files[2].rowGroups[0].byteEnd`). */
export class BundleManifestError extends DataError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    // The fault is a developer's (see scripts/pack): said in English, inside words the page translates.
    super(say('data.bundle.manifest', { field, problem }));
    this.name = 'BundleManifestError';
  }
}

type Json = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BundleManifestError(field, `should be an object, not ${describe(value)}`);
  }
  return value as Json;
}

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new BundleManifestError(field, `should be an array, not ${describe(value)}`);
  return value;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new BundleManifestError(field, `should be a string, not ${describe(value)}`);
  return value;
}

function whole(value: unknown, field: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new BundleManifestError(field, `should be a whole number ≥ ${min}, not ${describe(value)}`);
  }
  return value;
}

/** A day number: any whole number (days before 1970 are negative). */
function day(value: unknown, field: string): number {
  return whole(value, field, -1e8);
}

function dayOrOpen(value: unknown, field: string): number | null {
  return value === null ? null : day(value, field);
}

function counts(value: unknown, field: string, length?: number): number[] {
  const list = array(value, field);
  if (length !== undefined && list.length !== length) {
    throw new BundleManifestError(field, `should hold ${length} counts (one per day), not ${list.length}`);
  }
  return list.map((n, i) => whole(n, `${field}[${i}]`));
}

function nameCounts(value: unknown, field: string): NameCount[] {
  return array(value, field).map((entry, i) => {
    const o = object(entry, `${field}[${i}]`);
    return { name: string(o.name, `${field}[${i}].name`), count: whole(o.count, `${field}[${i}].count`) };
  });
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new BundleManifestError(field, `should be one of ${allowed.join(', ')}, not ${describe(value)}`);
  }
  return value as T;
}

function rowGroup(value: unknown, field: string, fileBytes: number): BundleRowGroup {
  const o = object(value, field);
  const group: BundleRowGroup = {
    firstDay: day(o.firstDay, `${field}.firstDay`),
    lastDay: day(o.lastDay, `${field}.lastDay`),
    maxLastDay: dayOrOpen(o.maxLastDay, `${field}.maxLastDay`),
    rows: whole(o.rows, `${field}.rows`, 1),
    byteStart: whole(o.byteStart, `${field}.byteStart`, 4),
    byteEnd: whole(o.byteEnd, `${field}.byteEnd`, 5),
  };
  if (group.lastDay < group.firstDay) throw new BundleManifestError(`${field}.lastDay`, 'is before its firstDay');
  if (group.byteEnd <= group.byteStart || group.byteEnd > fileBytes) {
    throw new BundleManifestError(
      `${field}.byteEnd`,
      `should lie after byteStart and within the file's ${fileBytes} bytes`,
    );
  }
  return group;
}

function file(value: unknown, field: string): BundleFile {
  const o = object(value, field);
  const bytes = whole(o.bytes, `${field}.bytes`, 12);
  const path = string(o.path, `${field}.path`);
  if (path === '' || /^[a-z][a-z\d+.-]*:|^\/|(^|\/)\.\.(\/|$)/i.test(path)) {
    throw new BundleManifestError(
      `${field}.path`,
      `should be a path inside the bundle's folder, not ${describe(path)}`,
    );
  }
  const rowGroups = array(o.rowGroups, `${field}.rowGroups`).map((g, i) =>
    rowGroup(g, `${field}.rowGroups[${i}]`, bytes),
  );
  const parsed: BundleFile = {
    path,
    series: oneOf(o.series, `${field}.series`, BUNDLE_SERIES),
    bytes,
    rows: whole(o.rows, `${field}.rows`),
    firstDay: day(o.firstDay, `${field}.firstDay`),
    lastDay: day(o.lastDay, `${field}.lastDay`),
    maxLastDay: dayOrOpen(o.maxLastDay, `${field}.maxLastDay`),
    footerStart: whole(o.footerStart, `${field}.footerStart`, 4),
    rowGroups,
  };
  if (parsed.footerStart >= bytes - 8) {
    throw new BundleManifestError(`${field}.footerStart`, `should lie before the file's last 8 bytes (${bytes})`);
  }
  const sum = rowGroups.reduce((n, g) => n + g.rows, 0);
  if (sum !== parsed.rows) {
    throw new BundleManifestError(`${field}.rows`, `is ${parsed.rows} but its row groups hold ${sum} rows`);
  }
  rowGroups.forEach((g, i) => {
    if (i > 0 && g.firstDay < rowGroups[i - 1].lastDay) {
      throw new BundleManifestError(`${field}.rowGroups[${i}].firstDay`, 'is before the previous row group ends');
    }
  });
  return parsed;
}

/** Checks a parsed manifest.json and returns it typed; throws BundleManifestError naming the first bad field. */
export function parseManifest(json: unknown): BundleManifest {
  const o = object(json, 'manifest');
  if (o.format !== BUNDLE_FORMAT) {
    throw new BundleManifestError('format', `should be "${BUNDLE_FORMAT}", not ${describe(o.format)}`);
  }
  if (o.version !== BUNDLE_VERSION) {
    throw new BundleManifestError(
      'version',
      `${describe(o.version)} is not a version this reader knows (${BUNDLE_VERSION})`,
    );
  }
  const bounds = array(o.bounds, 'bounds');
  if (bounds.length !== 4 || bounds.some((b) => typeof b !== 'number' || !Number.isFinite(b))) {
    throw new BundleManifestError('bounds', `should be [west, south, east, north] in degrees, not ${describe(bounds)}`);
  }
  const d = object(o.days, 'days');
  const first = day(d.first, 'days.first');
  const dayCounts = counts(d.counts, 'days.counts');
  const categories = array(d.categories, 'days.categories').map((c, i) => string(c, `days.categories[${i}]`));
  const byCategory = array(d.byCategory, 'days.byCategory').map((c, i) =>
    counts(c, `days.byCategory[${i}]`, dayCounts.length),
  );
  if (byCategory.length !== categories.length) {
    throw new BundleManifestError('days.byCategory', `should hold one array per category (${categories.length})`);
  }
  const spans = object(o.spans, 'spans');
  const skipped = object(o.skipped, 'skipped');
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    name: string(o.name, 'name'),
    source: oneOf(o.source, 'source', ['atlas', 'ucdp', 'acled'] as const),
    created: string(o.created, 'created'),
    rows: whole(o.rows, 'rows'),
    bounds: bounds as BundleManifest['bounds'],
    firstDay: day(o.firstDay, 'firstDay'),
    lastDay: day(o.lastDay, 'lastDay'),
    maxLastDay: dayOrOpen(o.maxLastDay, 'maxLastDay'),
    partition: oneOf(o.partition, 'partition', ['year', 'month'] as const),
    compression: string(o.compression, 'compression'),
    rowGroupRows: whole(o.rowGroupRows, 'rowGroupRows', 1),
    longSpanDays: whole(o.longSpanDays, 'longSpanDays'),
    days: { first, counts: dayCounts, categories, byCategory },
    categories: nameCounts(o.categories, 'categories'),
    countries: nameCounts(o.countries, 'countries'),
    spans: { multiDay: whole(spans.multiDay, 'spans.multiDay'), openEnded: whole(spans.openEnded, 'spans.openEnded') },
    skipped: {
      date: whole(skipped.date, 'skipped.date'),
      coordinates: whole(skipped.coordinates, 'skipped.coordinates'),
    },
    swapped: whole(o.swapped, 'swapped'),
    files: array(o.files, 'files').map((f, i) => file(f, `files[${i}]`)),
  };
  if (d.otherCategories !== undefined) {
    manifest.days.otherCategories = counts(d.otherCategories, 'days.otherCategories', dayCounts.length);
  }
  if (o.attribution !== undefined) manifest.attribution = string(o.attribution, 'attribution');
  const total = manifest.files.reduce((n, f) => n + f.rows, 0);
  if (total !== manifest.rows) {
    throw new BundleManifestError('rows', `is ${manifest.rows} but the files hold ${total} rows`);
  }
  const counted = dayCounts.reduce((n, c) => n + c, 0);
  if (counted !== manifest.rows) {
    throw new BundleManifestError('days.counts', `add up to ${counted}, not the manifest's ${manifest.rows} rows`);
  }
  manifest.files.forEach((f, i) => {
    const before = manifest.files.slice(0, i).findLast((g) => g.series === f.series);
    if (before && f.firstDay <= before.lastDay) {
      throw new BundleManifestError(
        `files[${i}].firstDay`,
        'is not after the previous file of its kind ends (files go in time order)',
      );
    }
    if (f.series === 'day' && f.maxLastDay !== null && f.maxLastDay - f.lastDay > manifest.longSpanDays) {
      throw new BundleManifestError(`files[${i}].maxLastDay`, `is more than longSpanDays after its lastDay`);
    }
  });
  return manifest;
}

/** Whether a link names a bundle: its path ends in `manifest.json`, the name `npm run pack` writes. */
export function isManifestUrl(url: string): boolean {
  try {
    return /(^|\/)manifest\.json$/i.test(new URL(url, 'http://localhost/').pathname);
  } catch {
    return false;
  }
}
