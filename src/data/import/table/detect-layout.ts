// Recognises the column layout of a table (our own CSV export, UCDP GED, ACLED
// or any table with a date, a latitude and a longitude) from its header. Pure.

import { type DataText, english, say } from '../../text/messages';

/** One table row as papaparse gives it with `header: true`: column name -> cell text. */
export type Row = Record<string, string>;

/**
 * Which column holds what, by column name as written in the header. The three
 * key columns (`date`, `lat`, `lon`) are '' when no column was found for them.
 */
export interface ColumnMapping {
  date: string;
  dateEnd?: string;
  lat: string;
  lon: string;
  title?: string;
  category?: string;
  id?: string;
  summary?: string;
  actors?: string[];
  fatalities?: string;
  /** Columns naming the place, finest first (town, then district, then province): joined into one line. */
  place?: string[];
  /** The column naming the country. */
  country?: string;
}

export type LayoutKind = 'atlas' | 'ucdp' | 'acled' | 'generic';

export interface LayoutGuess {
  kind: LayoutKind;
  /** What the table was recognised as, for people. */
  label: string;
  /** The columns found; partial ('' for a key column not found) or null when nothing was found. */
  mapping: ColumnMapping | null;
  /** False when a key column (date, latitude, longitude) is missing or ambiguous: ask the user. */
  confident: boolean;
}

export const LAYOUT_LABELS: Readonly<Record<LayoutKind, string>> = {
  atlas: 'Incident Atlas CSV',
  ucdp: 'UCDP Georeferenced Event Dataset (GED)',
  acled: 'ACLED export',
  generic: 'Table with date and coordinate columns',
};

/** How header names are compared: case, surrounding space, a BOM and space/dash versus underscore do not matter. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Looks up header names by their normalized form, keeping the first of duplicates. */
export class HeaderIndex {
  private readonly byName = new Map<string, string>();
  constructor(readonly headers: readonly string[]) {
    for (const header of headers) {
      const key = normalizeHeader(header);
      if (key !== '' && !this.byName.has(key)) this.byName.set(key, header);
    }
  }
  /** The header as written for the first of `names` present, or undefined. */
  find(...names: string[]): string | undefined {
    for (const name of names) {
      const found = this.byName.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  has(...names: string[]): boolean {
    return names.every((name) => this.byName.has(name));
  }
  /** Every header matching one of `names`, in the order of `names`. */
  all(names: readonly string[]): string[] {
    const found: string[] = [];
    for (const name of names) {
      const header = this.byName.get(name);
      if (header !== undefined) found.push(header);
    }
    return found;
  }
}

/** A cell's text, read as an own property only (a `constructor` or `__proto__` column name changes nothing). */
export function cell(row: Row, column: string | undefined): string {
  if (column === undefined || column === '' || !Object.hasOwn(row, column)) return '';
  const value = row[column];
  return typeof value === 'string' ? value : '';
}

/** Whether a row is an HXL hashtag row (`#date+year`, `#geo+lat`, ...) rather than data. */
export function isHxlRow(row: Row): boolean {
  let tags = 0;
  let filled = 0;
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    filled++;
    if (/^#[a-z][\w]*(\s*\+[\w-]+)*$/i.test(value.trim())) tags++;
  }
  return filled > 0 && tags * 2 > filled;
}

// Candidate names for the generic layout, best first.
const LAT_NAMES = ['latitude', 'lat', 'decimallatitude', 'decimal_latitude', 'y'];
const LON_NAMES = ['longitude', 'lon', 'lng', 'long', 'decimallongitude', 'decimal_longitude', 'x'];
const DATE_NAMES = [
  'date',
  'event_date',
  'date_start',
  'start_date',
  'datetime',
  'date_time',
  'timestamp',
  'time',
  'day',
];
const DATE_END_NAMES = ['date_end', 'end_date', 'enddate'];
const TITLE_NAMES = ['title', 'name', 'event', 'headline', 'description'];
const CATEGORY_NAMES = ['category', 'type', 'event_type'];
const ID_NAMES = ['id', 'event_id', 'uid', 'identifier'];
const SUMMARY_NAMES = ['summary', 'notes', 'note', 'details'];
const ACTOR_NAMES = ['actors', 'actor', 'actor1', 'actor2'];
const FATALITY_NAMES = ['fatalities', 'deaths', 'killed', 'casualties'];
/** The place itself; the first found is used. */
const PLACE_NAMES = ['place', 'place_name', 'location', 'location_name', 'locality', 'city', 'town', 'village'];
/** Areas it lies in, finest first; each found is used. */
const AREA_NAMES = [
  'admin3',
  'admin_3',
  'adm3',
  'adm_3',
  'admin2',
  'admin_2',
  'adm2',
  'adm_2',
  'district',
  'admin1',
  'admin_1',
  'adm1',
  'adm_1',
  'province',
];

function optional(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function compact(mapping: ColumnMapping): ColumnMapping {
  const out: ColumnMapping = { date: mapping.date, lat: mapping.lat, lon: mapping.lon };
  for (const key of ['dateEnd', 'title', 'category', 'id', 'summary', 'fatalities', 'country'] as const) {
    const value = optional(mapping[key]);
    if (value !== undefined) out[key] = value;
  }
  if (mapping.actors && mapping.actors.length > 0) out.actors = mapping.actors;
  if (mapping.place && mapping.place.length > 0) out.place = mapping.place;
  return out;
}

function known(kind: Exclude<LayoutKind, 'generic'>, mapping: ColumnMapping): LayoutGuess {
  const m = compact(mapping);
  return { kind, label: LAYOUT_LABELS[kind], mapping: m, confident: m.date !== '' && m.lat !== '' && m.lon !== '' };
}

/**
 * Header names that rows keyed by name cannot hold as they are: papaparse keeps the
 * cells past the header's under `__parsed_extra`, and `__proto__` is an object's
 * prototype. Such a column is renamed, so its cells are kept.
 */
const RESERVED_HEADERS = new Set(['__parsed_extra', '__proto__']);

/** A header name as the app reads it: a reserved one renamed `__proto__ (column 3)`. For papaparse's transformHeader. */
export function safeHeader(header: string, index: number): string {
  return RESERVED_HEADERS.has(header) ? `${header} (column ${index + 1})` : header;
}

/** The most columns a table may have: more is not a table of incidents, and each column costs the page. */
export const MAX_COLUMNS = 2000;

/** Why a table with these columns is refused, or null. */
export function tooManyColumns(fields: readonly string[], name: string): string | null {
  const text = tooManyColumnsText(fields, name);
  return text && english(text);
}

/** tooManyColumns as a message key and values, for the page's language. */
export function tooManyColumnsText(fields: readonly string[], name: string): DataText | null {
  if (fields.length <= MAX_COLUMNS) return null;
  return say('data.table.tooManyColumns', { name, count: fields.length, max: MAX_COLUMNS });
}

/** Recognises a table's layout from its header (names compared case-insensitively). */
export function detectLayout(headers: string[]): LayoutGuess {
  const h = new HeaderIndex(headers);
  const lat = h.find('latitude') ?? '';
  const lon = h.find('longitude') ?? '';

  if (h.has('id', 'date', 'latitude', 'longitude', 'location_precision')) {
    return known('atlas', {
      id: h.find('id'),
      date: h.find('date') ?? '',
      lat,
      lon,
      title: h.find('title'),
      category: h.find('category'),
      summary: h.find('summary'),
      actors: h.all(['actors']),
      fatalities: h.find('fatalities'),
    });
  }

  if (h.has('date_start') && ['type_of_violence', 'where_prec', 'date_prec', 'conflict_name'].some((n) => h.has(n))) {
    return known('ucdp', {
      id: h.find('id'),
      date: h.find('date_start') ?? '',
      dateEnd: h.find('date_end'),
      lat,
      lon,
      title: h.find('conflict_name'),
      category: h.find('type_of_violence'),
      summary: h.find('where_description'),
      actors: h.all(['side_a', 'side_b']),
      fatalities: h.find('best', 'best_est'),
    });
  }

  if (
    h.has('event_id_cnty') ||
    (h.has('event_date') && ['event_type', 'sub_event_type', 'actor1'].some((n) => h.has(n)))
  ) {
    return known('acled', {
      id: h.find('event_id_cnty', 'data_id'),
      date: h.find('event_date') ?? '',
      lat,
      lon,
      title: h.find('sub_event_type', 'event_type'),
      category: h.find('event_type'),
      summary: h.find('notes'),
      actors: h.all(['actor1', 'assoc_actor_1', 'ally_actor_1', 'actor2', 'assoc_actor_2', 'ally_actor_2']),
      fatalities: h.find('fatalities'),
    });
  }

  const lats = h.all(LAT_NAMES);
  const lons = h.all(LON_NAMES);
  const dates = h.all(DATE_NAMES);
  const found = lats.length + lons.length + dates.length;
  const mapping: ColumnMapping | null =
    found === 0
      ? null
      : compact({
          date: dates[0] ?? '',
          dateEnd:
            dates[0] !== undefined && normalizeHeader(dates[0]).includes('start')
              ? h.find(...DATE_END_NAMES)
              : undefined,
          lat: lats[0] ?? '',
          lon: lons[0] ?? '',
          title: h.find(...TITLE_NAMES),
          category: h.find(...CATEGORY_NAMES),
          id: h.find(...ID_NAMES),
          summary: h.find(...SUMMARY_NAMES),
          actors: h.all(ACTOR_NAMES),
          fatalities: h.find(...FATALITY_NAMES),
          place: [...h.all(PLACE_NAMES).slice(0, 1), ...h.all(AREA_NAMES)],
          country: h.find('country'),
        });
  // Two candidate columns for one of them (`date` and `time`, `lat` and `y`) need a person to choose.
  const confident = lats.length === 1 && lons.length === 1 && dates.length === 1;
  return {
    kind: 'generic',
    label: confident ? LAYOUT_LABELS.generic : 'Table (choose the date, latitude and longitude columns)',
    mapping,
    confident,
  };
}
