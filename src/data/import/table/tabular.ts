// Tables (CSV/TSV rows as papaparse gives them) to incidents in our schema. Each
// row becomes one GeoJSON Feature which goes through the one validator,
// IncidentReader, a row at a time; problems are reported by spreadsheet row
// number and column. Pure.

import { addDays, dayOf, dayStart, MAX_DATE_LENGTH, parseIncidentDate } from '../../dates/incident-date';
import type { IdSet } from '../../pack/id-set';
import { quoteCell } from '../../text/quote';
import {
  type DatasetProblem,
  type DatasetReport,
  type Incident,
  LOCATION_PRECISIONS,
  type LocationPrecision,
} from '../../types';
import { type CountryOutlines, describeCountryFit, fitCountry } from '../places/country-outlines';
import { ID_PATTERN, type IncidentDraft, IncidentReader, type RelatedCheck, readSources } from '../validate';
import { placeLine, titlePlace, ucdpWho, whoAndWhere } from './imported-names';
import { type ColumnMapping, cell, HeaderIndex, isHxlRow, type LayoutGuess, type Row } from './layouts';

export type { ColumnMapping, LayoutGuess, LayoutKind, Row } from './layouts';
export { detectLayout, isHxlRow } from './layouts';

// ---- values ------------------------------------------------------------------

const DATE_EXAMPLES =
  'expected a date such as 2024-12-05, 2024-12, 05 December 2024, 05-Dec-24 or 05/12/2024 (day/month/year)';

export type LooseDate = { ok: true; date: string; day?: string } | { ok: false; message: string };

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTHS = new Map<string, number>([
  ...MONTH_NAMES.map((name, i) => [name, i + 1] as [string, number]),
  ...MONTH_NAMES.map((name, i) => [name.slice(0, 3), i + 1] as [string, number]),
  ['sept', 9],
]);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A two-digit year as spreadsheets read it: 00–69 are 2000–2069, 70–99 are 1970–1999. */
function fullYear(text: string): number {
  const n = Number(text);
  if (text.length > 2) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/**
 * Reads the dates people and exporters write: EDTF/ISO dates, ISO date-times
 * (the day as written is kept), epoch milliseconds, YYYYMMDD, and day-month-year
 * forms (`05 December 2024`, `05-Dec-24`, `05/12/2024`). Returns an EDTF string.
 */
export function parseLooseDate(input: string | number): LooseDate {
  // Tables are often sorted by date, so a row's date is often the last row's.
  if (lastLooseDate !== null && lastLooseDate.input === input) return lastLooseDate.result;
  const result = readLooseDate(input);
  lastLooseDate = { input, result };
  return result;
}
let lastLooseDate: { input: string | number; result: LooseDate } | null = null;

function readLooseDate(input: string | number): LooseDate {
  if (typeof input === 'number') {
    return Number.isFinite(input) && Math.abs(input) < 8.64e15
      ? { ok: true, date: dayOf(input), day: dayOf(input) }
      : { ok: false, message: `${input} is not a time in milliseconds; ${DATE_EXAMPLES}` };
  }
  const text = input.trim();
  if (text === '') return { ok: false, message: `is empty; ${DATE_EXAMPLES}` };
  const fail = (why = ''): LooseDate => ({
    ok: false,
    message: `${quoteCell(text)} is not a date${why}; ${DATE_EXAMPLES}`,
  });
  // No date is written this long; refused before any pattern or parser looks at it.
  if (text.length > MAX_DATE_LENGTH)
    return fail(` (it is longer than the ${MAX_DATE_LENGTH} characters a date may have)`);
  const ymd = (y: number, m: number, d: number): LooseDate => {
    const day = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
    if (m < 1 || m > 12 || d < 1 || Number.isNaN(dayStart(day))) return fail(' (there is no such day)');
    return { ok: true, date: day, day };
  };
  const month = (name: string) => MONTHS.get(name.toLowerCase());
  let m: RegExpExecArray | null;

  // ISO day, optionally with a time of day: the day as written.
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i.exec(
    text,
  );
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d+$/.test(text)) {
    if (text.length === 4) return { ok: true, date: text };
    if (text.length === 8) return ymd(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6)));
    const ms = Number(text);
    if (ms >= 1e11 && ms < 8.64e15) return { ok: true, date: dayOf(ms), day: dayOf(ms) };
    return fail();
  }
  m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/.exec(text);
  if (m) return ymd(fullYear(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([A-Za-z]+)\.?,?[\s\-/.]*(\d{4}|\d{2})$/.exec(text);
  if (m) {
    const mo = month(m[2]);
    return mo === undefined ? fail(` (${quoteCell(m[2])} is not a month)`) : ymd(fullYear(m[3]), mo, Number(m[1]));
  }
  m = /^([A-Za-z]+)\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{4})$/.exec(text);
  if (m && month(m[1]) !== undefined) return ymd(Number(m[3]), month(m[1]) as number, Number(m[2]));
  m = /^([A-Za-z]+)\.?[\s-]+(\d{4})$/.exec(text);
  if (m && month(m[1]) !== undefined) return { ok: true, date: `${m[2]}-${pad(month(m[1]) as number, 2)}` };
  if (/^[\dXYSu~?%/.:+\-[\]{},T Z]+$/.test(text) && parseIncidentDate(text).ok) return { ok: true, date: text };
  return fail();
}

/** A decimal number as written in a cell (`34.5`, `-70`, `1e2`, and `34,5` with a decimal comma), else undefined. */
export function parseDecimal(text: string): number | undefined {
  const plain = shortDecimal(text);
  if (plain !== undefined) return plain;
  const t = text.trim();
  if (isPlainDecimal(t)) return Number(t);
  if (/^[+-]?\d+,\d+$/.test(t)) return Number(t.replace(',', '.'));
  return undefined;
}

/** 10^k for k up to 22, each a double exactly (written as literals, so no rounding of a power). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * A cell such as `35.66023`, `-70` or `.5` read without Number's general parser
 * (most coordinates are written so): at most 15 digits, so they make an integer a
 * double holds exactly, as is the power of ten it is divided by; the one division
 * of exact values is rounded as Number rounds the decimal, to the nearest double.
 * Anything else (white space, an exponent, more digits): undefined.
 */
function shortDecimal(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  const sign = n > 0 ? text.charCodeAt(0) : 0;
  if (sign === MINUS || sign === PLUS) i = 1;
  let digits = 0;
  let mantissa = 0;
  /** Digits after the point; -1 before one. */
  let fraction = -1;
  for (; i < n; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 48 && unit <= 57) {
      mantissa = mantissa * 10 + (unit - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (unit === POINT && fraction < 0) fraction = 0;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
  return sign === MINUS ? -value : value;
}
const MINUS = 45;
const PLUS = 43;
const POINT = 46;

/** Collapses runs of white space (including line breaks) to one space. */
export function oneLine(text: string): string {
  return isOneLine(text) ? text : text.replace(/\s+/g, ' ').trim();
}

/**
 * Whether `text` is already on one line: printable ASCII with no space at
 * either end or next to another. Most cells are, and a loop says so for less
 * than the regular expression would cost.
 */
function isOneLine(text: string): boolean {
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 32) {
      if (space) return false;
      space = true;
    } else if (unit < 32 || unit >= 127) return false;
    else space = false;
  }
  return !space || text.length === 0;
}

/** Lower-case words joined by dashes: `Explosions/Remote violence` -> `explosions-remote-violence`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** An id usable in a URL: kept when it already is one, else made into a slug; '' when nothing is left. */
export function toIdSlug(text: string): string {
  const t = text.trim();
  if (ID_PATTERN.test(t)) return t;
  return t
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._~-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '');
}

/**
 * Whether `t` is written `[+-]digits[.digits][e[+-]digits]` (digits on at least
 * one side of the point): what Number() reads the same in every locale. A loop,
 * as this runs twice per row.
 */
function isPlainDecimal(t: string): boolean {
  let i = 0;
  const n = t.length;
  const digitsFrom = (from: number) => {
    let at = from;
    while (at < n && t.charCodeAt(at) >= 48 && t.charCodeAt(at) <= 57) at++;
    return at;
  };
  if (i < n && (t[i] === '+' || t[i] === '-')) i++;
  let end = digitsFrom(i);
  let digits = end - i;
  i = end;
  if (i < n && t[i] === '.') {
    end = digitsFrom(i + 1);
    digits += end - i - 1;
    i = end;
  }
  if (digits === 0) return false;
  if (i < n && (t[i] === 'e' || t[i] === 'E')) {
    i++;
    if (i < n && (t[i] === '+' || t[i] === '-')) i++;
    end = digitsFrom(i);
    if (end === i) return false;
    i = end;
  }
  return i === n;
}

/** Splits `a; b;c` into trimmed, non-empty parts. */
function list(text: string, separator = ';'): string[] {
  if (text === '') return [];
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Text cells that could start a spreadsheet formula are written with a leading `'`; see export.ts. */
const PROTECTED = /^'+[=+\-@\t\r]/;
export function unprotectCell(text: string): string {
  return text.charCodeAt(0) === 39 && PROTECTED.test(text) ? text.slice(1) : text;
}

// ---- one row -----------------------------------------------------------------

interface SourceDraft {
  title: string;
  publisher: string;
  author?: string;
  url?: string;
  published?: string;
}

/** The properties of one feature in our schema, as a row gives them. Fixed keys only. */
type Draft = IncidentDraft;

interface RowContext {
  /** The text of the row's cell in `column` ('' when it has none). */
  cell(column: string | undefined): string;
  /** Spreadsheet row number. */
  number: number;
  /** Reports a problem on this row; `skipped` ones leave the row out. */
  report: (column: string, message: string, skipped: boolean) => void;
}

/**
 * The row a reader is at, given as papaparse's `header: true` makes it (an
 * object keyed by column name) or as its list of cells in the header's order:
 * one object for every row, so no row object is made where the cells are given.
 */
class RowCursor implements RowContext {
  number = 0;
  index = 0;
  #row: Row = {};
  #cells: readonly string[] | null = null;
  /** Where each column is in a list of cells. */
  #positions = new Map<string, number>();
  #fields: readonly string[] = [];

  constructor(private readonly problems: DatasetProblem[]) {}

  readonly report = (column: string, message: string, skipped: boolean) => {
    this.problems.push({ index: this.index, row: this.number, field: column, message, skipped });
  };

  atRow(row: Row): void {
    this.#row = row;
    this.#cells = null;
  }

  /** `fields` are the header's names, each named once (see listable). */
  atCells(cells: readonly string[], fields: readonly string[]): void {
    if (fields !== this.#fields) {
      this.#fields = fields;
      this.#positions = new Map(fields.map((field, at) => [field, at]));
    }
    this.#cells = cells;
  }

  cell(column: string | undefined): string {
    const cells = this.#cells;
    if (cells === null) return cell(this.#row, column);
    if (column === undefined || column === '') return '';
    const at = this.#positions.get(column);
    return at === undefined ? '' : (cells[at] ?? '');
  }

  /**
   * Whether every cell of the row is empty or white space, those past the
   * header's too: a row with text only there is a row to name, not to drop.
   */
  isBlank(): boolean {
    const cells = this.#cells;
    if (cells === null) return isBlank(this.#row);
    for (let j = 0; j < cells.length; j++) if (cells[j].trim() !== '') return false;
    return true;
  }

  /** The row as papaparse's `header: true` makes it. */
  row(): Row {
    return this.#cells === null ? this.#row : rowOf(this.#cells, this.#fields);
  }
}

/**
 * Whether rows can be read as lists of cells under these header names: each
 * name once, and none that an object keyed by them would treat otherwise.
 */
export function listable(fields: readonly string[]): boolean {
  return new Set(fields).size === fields.length && !fields.includes('__proto__') && !fields.includes('__parsed_extra');
}

/**
 * A row of cells keyed by the header's names, as papaparse's `header: true`
 * keys it: the cells past the header's length go, in a list, under `__parsed_extra`.
 */
export function rowOf(cells: readonly string[], fields: readonly string[]): Row {
  const row: Record<string, unknown> = {};
  const extra: string[] = [];
  for (let j = 0; j < cells.length; j++) {
    // defineProperty, so a field named __proto__ is a cell like any other.
    if (j < fields.length) Object.defineProperty(row, fields[j], { value: cells[j], enumerable: true, writable: true });
    else extra.push(cells[j]);
  }
  if (extra.length > 0 && !Object.hasOwn(row, '__parsed_extra')) row.__parsed_extra = extra;
  return row as Row;
}

/** Reads a latitude and longitude pair, swapping them when clearly swapped. */
function readPoint(ctx: RowContext, latColumn: string, lonColumn: string): { lat: number; lon: number } | null {
  const latText = ctx.cell(latColumn).trim();
  const lonText = ctx.cell(lonColumn).trim();
  const lat = parseDecimal(latText);
  const lon = parseDecimal(lonText);
  let ok = true;
  if (lat === undefined) {
    ctx.report(
      latColumn,
      latText === ''
        ? 'is empty; expected a latitude in decimal degrees (-90 to 90)'
        : `${quoteCell(latText)} is not a number; expected a latitude in decimal degrees (-90 to 90)`,
      true,
    );
    ok = false;
  }
  if (lon === undefined) {
    ctx.report(
      lonColumn,
      lonText === ''
        ? 'is empty; expected a longitude in decimal degrees (-180 to 180)'
        : `${quoteCell(lonText)} is not a number; expected a longitude in decimal degrees (-180 to 180)`,
      true,
    );
    ok = false;
  }
  if (!ok || lat === undefined || lon === undefined) return null;
  if (Math.abs(lat) > 90 && Math.abs(lat) <= 180 && Math.abs(lon) <= 90) {
    ctx.report(
      latColumn,
      `${lat} is not a latitude (more than 90) but the longitude ${lon} could be one: they look swapped, so read as latitude ${lon}, longitude ${lat}`,
      false,
    );
    return { lat: lon, lon: lat };
  }
  if (Math.abs(lat) > 90) {
    ctx.report(latColumn, `${lat} is outside -90 to 90; expected a latitude in decimal degrees`, true);
    ok = false;
  }
  if (Math.abs(lon) > 180) {
    ctx.report(lonColumn, `${lon} is outside -180 to 180; expected a longitude in decimal degrees`, true);
    ok = false;
  }
  return ok ? { lat, lon } : null;
}

function readCount(ctx: RowContext, column: string | undefined): number | undefined {
  if (column === undefined) return undefined;
  const text = ctx.cell(column).trim();
  if (text === '') return undefined;
  const n = parseDecimal(text);
  if (n === undefined || n < 0) {
    ctx.report(column, `${quoteCell(text)} is not a number of people; left out`, false);
    return undefined;
  }
  return n;
}

/** Reads a required date cell; reports and returns null when it is missing or not a date. */
function readDate(ctx: RowContext, column: string): Extract<LooseDate, { ok: true }> | null {
  const result = parseLooseDate(ctx.cell(column));
  if (!result.ok) {
    ctx.report(column, result.message, true);
    return null;
  }
  return result;
}

// ---- layouts -------------------------------------------------------------------

type Converter = (ctx: RowContext) => Draft | null;

interface Layout {
  convert: Converter;
  /** Which column a schema field came from, to name it in problems. */
  columnOf: (field: string) => string;
  /**
   * For rows given as lists of cells in the order of `fields` (see listable):
   * the incident that convert and the incident reader make of a row in which
   * nothing calls for a problem, made straight from its cells; null for any
   * other row, which then goes that long way. Only some layouts have one.
   */
  plain?: (fields: readonly string[]) => PlainRow;
}

/** See Layout.plain: `number` is the row's spreadsheet row number. */
type PlainRow = (cells: readonly string[], number: number) => Incident | null;

/** Where a column is among a table's `fields`, -1 when it is not one of them (its cells read as ''). */
const positionIn = (fields: readonly string[], column: string | undefined) =>
  column === undefined || column === '' ? -1 : fields.indexOf(column);

/** Cell `at` of a row ('' when the row is shorter or the column is not there). */
const cellAt = (cells: readonly string[], at: number): string => (at < 0 ? '' : (cells[at] ?? ''));

/** The point of a plain row: a latitude and a longitude within range, else null (readPoint reports). */
function plainPoint(latText: string, lonText: string): [number, number] | null {
  const lat = parseDecimal(latText);
  const lon = parseDecimal(lonText);
  if (lat === undefined || lon === undefined || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) return null;
  return [lon, lat];
}

/** A plain row's count of people (see readCount): undefined when empty, null when readCount would report it. */
function plainCount(text: string): number | undefined | null {
  const t = text.trim();
  if (t === '') return undefined;
  const n = parseDecimal(t);
  return n === undefined || n < 0 ? null : n;
}

function genericLayout(mapping: ColumnMapping, name: string): Layout {
  // Every row cites the file: one list for all (see IncidentReader's sources).
  const sources = [{ title: name, publisher: 'imported file' }];
  const placeColumns = mapping.place ?? [];
  return {
    columnOf: (field) =>
      ({
        id: mapping.id,
        title: mapping.title,
        date: mapping.date,
        category: mapping.category,
        country: mapping.country,
      })[field] ?? (field === 'geometry' ? `${mapping.lat}/${mapping.lon}` : field),
    convert(ctx) {
      const start = readDate(ctx, mapping.date);
      const point = readPoint(ctx, mapping.lat, mapping.lon);
      if (!start || !point) return null;
      let date = start.date;
      if (mapping.dateEnd && ctx.cell(mapping.dateEnd).trim() !== '') {
        const end = parseLooseDate(ctx.cell(mapping.dateEnd));
        if (!end.ok) ctx.report(mapping.dateEnd, `${end.message}; only the start date is used`, false);
        else if (start.day && end.day && end.day < start.day) {
          ctx.report(
            mapping.dateEnd,
            `${end.day} is before the start ${start.day}; only the start date is used`,
            false,
          );
        } else if (!start.date.includes('/') && !end.date.includes('/') && end.date !== start.date) {
          date = `${start.date}/${end.date}`;
        }
      }
      const id = mapping.id ? toIdSlug(ctx.cell(mapping.id)) : '';
      const category = mapping.category ? oneLine(ctx.cell(mapping.category)) : 'other';
      const actors = mapping.actors?.length ? mapping.actors.flatMap((column) => list(ctx.cell(column))) : [];
      const place = placeColumns.length > 0 ? placeLine(placeColumns.map((column) => ctx.cell(column))) : '';
      return {
        id: id || `row-${ctx.number}`,
        title: (mapping.title && oneLine(ctx.cell(mapping.title))) || `Row ${ctx.number}`,
        date,
        lat: point.lat,
        lon: point.lon,
        summary: mapping.summary ? ctx.cell(mapping.summary).trim() : undefined,
        category: category || undefined,
        place: place || undefined,
        country: mapping.country ? oneLine(ctx.cell(mapping.country)) || undefined : undefined,
        location_precision: 'exact',
        actors: actors.length > 1 ? [...new Set(actors)] : actors,
        fatalities: readCount(ctx, mapping.fatalities),
        sources,
      };
    },
    plain(fields) {
      const at = (column: string | undefined) => positionIn(fields, column);
      const [date, dateEnd, lat, lon, id, title, category, summary, fatalities] = [
        mapping.date,
        mapping.dateEnd,
        mapping.lat,
        mapping.lon,
        mapping.id,
        mapping.title,
        mapping.category,
        mapping.summary,
        mapping.fatalities,
      ].map(at);
      const actorColumns = (mapping.actors ?? []).map(at);
      const placeAt = placeColumns.map(at);
      const countryAt = at(mapping.country);
      const read = readSources(sources);
      return (cells, number) => {
        const start = parseLooseDate(cellAt(cells, date));
        if (!start.ok || (dateEnd >= 0 && cellAt(cells, dateEnd).trim() !== '')) return null;
        const point = plainPoint(cellAt(cells, lat), cellAt(cells, lon));
        const idText = cellAt(cells, id);
        const incidentId = idText === '' ? `row-${number}` : ID_PATTERN.test(idText) ? idText : null;
        const categoryText = mapping.category ? oneLine(cellAt(cells, category)) : 'other';
        const count = mapping.fatalities ? plainCount(cellAt(cells, fatalities)) : undefined;
        if (point === null || incidentId === null || categoryText === '' || count === null || read.length === 0) {
          return null;
        }
        const parsed = parseIncidentDate(start.date);
        if (!parsed.ok) return null;
        const actors = actorColumns.length > 0 ? actorColumns.flatMap((column) => list(cellAt(cells, column))) : [];
        const place = placeAt.length > 0 ? placeLine(placeAt.map((column) => cellAt(cells, column))) : '';
        const country = countryAt >= 0 ? oneLine(cellAt(cells, countryAt)) : '';
        const incident: Incident = {
          id: incidentId,
          title: (mapping.title && oneLine(cellAt(cells, title))) || `Row ${number}`,
          summary: mapping.summary ? cellAt(cells, summary).trim() : '',
          date: start.date,
          start: parsed.span.start,
          end: parsed.span.end,
          startDay: dayOf(parsed.span.start),
          order: undefined,
          category: categoryText,
          place: place || undefined,
          locationPrecision: 'exact',
          actors: actors.length > 1 ? [...new Set(actors)] : actors,
          fatalities: count,
          related: [],
          origin: undefined,
          sources: read,
          coordinates: point,
        };
        if (country !== '') incident.country = country;
        return incident;
      };
    },
  };
}

function atlasLayout(h: HeaderIndex): Layout {
  const col = {
    id: h.find('id') ?? 'id',
    title: h.find('title'),
    summary: h.find('summary'),
    date: h.find('date') ?? 'date',
    order: h.find('order'),
    category: h.find('category'),
    place: h.find('place'),
    country: h.find('country'),
    precision: h.find('location_precision'),
    lat: h.find('latitude') ?? 'latitude',
    lon: h.find('longitude') ?? 'longitude',
    actors: h.find('actors'),
    fatalities: h.find('fatalities'),
    related: h.find('related'),
    origin: h.find('origin'),
    sources: h.find('sources_json', 'sources'),
  };
  return {
    columnOf: (field) =>
      (
        ({
          id: col.id,
          title: col.title,
          date: col.date,
          category: col.category,
          place: col.place,
          location_precision: col.precision,
          sources: col.sources,
          related: col.related,
          origin: col.origin,
          order: col.order,
          country: col.country,
          geometry: `${col.lat}/${col.lon}`,
        }) as Record<string, string | undefined>
      )[field] ?? field,
    convert(ctx) {
      const text = (column: string | undefined) => unprotectCell(ctx.cell(column));
      const dateText = ctx.cell(col.date).trim();
      if (dateText === '') ctx.report(col.date, 'is empty; expected an EDTF date such as 2024-12-24 or 2024-09', true);
      const point = readPoint(ctx, col.lat, col.lon);
      if (dateText === '' || !point) return null;
      const orderText = ctx.cell(col.order).trim();
      let order: number | undefined;
      if (orderText !== '') {
        if (/^[+-]?\d+$/.test(orderText)) order = Number(orderText);
        else ctx.report(col.order ?? 'order', `${quoteCell(orderText)} is not a whole number; ignored`, false);
      }
      let sources: unknown;
      const sourcesText = ctx.cell(col.sources).trim();
      if (sourcesText !== '') {
        try {
          sources = JSON.parse(unprotectCell(sourcesText));
        } catch {
          ctx.report(col.sources ?? 'sources_json', 'is not a JSON list of sources; ignored', false);
        }
      }
      const precision = ctx.cell(col.precision).trim();
      return {
        id: ctx.cell(col.id).trim() || `row-${ctx.number}`,
        title: text(col.title).trim() || `Row ${ctx.number}`,
        summary: text(col.summary),
        date: dateText,
        order,
        category: text(col.category).trim() || undefined,
        place: text(col.place).trim() === '' ? undefined : text(col.place),
        country: text(col.country).trim() || undefined,
        location_precision: precision || undefined,
        lat: point.lat,
        lon: point.lon,
        actors: list(text(col.actors)),
        fatalities: readCount(ctx, col.fatalities),
        related: list(ctx.cell(col.related)),
        origin: ctx.cell(col.origin).trim() || undefined,
        sources,
      };
    },
    plain(fields) {
      const at = (column: string | undefined) => positionIn(fields, column);
      const [id, title, summary, date, order, category, place, country, precision, lat, lon] = [
        col.id,
        col.title,
        col.summary,
        col.date,
        col.order,
        col.category,
        col.place,
        col.country,
        col.precision,
        col.lat,
        col.lon,
      ].map(at);
      const [actors, fatalities, related, origin, sources] = [
        col.actors,
        col.fatalities,
        col.related,
        col.origin,
        col.sources,
      ].map(at);
      return (cells, number) => {
        const text = (column: number) => unprotectCell(cellAt(cells, column));
        const dateText = cellAt(cells, date).trim();
        const point = plainPoint(cellAt(cells, lat), cellAt(cells, lon));
        const orderText = cellAt(cells, order).trim();
        const precisionText = cellAt(cells, precision).trim() as LocationPrecision;
        const idText = cellAt(cells, id).trim() || `row-${number}`;
        const categoryText = text(category).trim();
        const count = col.fatalities ? plainCount(cellAt(cells, fatalities)) : undefined;
        if (
          dateText === '' ||
          point === null ||
          (orderText !== '' && !/^[+-]?\d+$/.test(orderText)) ||
          !LOCATION_PRECISIONS.includes(precisionText) ||
          !ID_PATTERN.test(idText) ||
          categoryText === '' ||
          count === null ||
          cellAt(cells, origin).trim() !== ''
        ) {
          return null;
        }
        const sourcesText = cellAt(cells, sources).trim();
        let given: unknown;
        try {
          given = sourcesText === '' ? undefined : JSON.parse(unprotectCell(sourcesText));
        } catch {
          return null;
        }
        const read = readSources(given);
        const parsed = parseIncidentDate(dateText);
        if (read.length === 0 || !parsed.ok) return null;
        const placeText = text(place);
        const countryText = text(country).trim();
        const incident: Incident = {
          id: idText,
          title: text(title).trim() || `Row ${number}`,
          summary: text(summary),
          date: dateText,
          start: parsed.span.start,
          end: parsed.span.end,
          startDay: dayOf(parsed.span.start),
          order: orderText === '' ? undefined : Number(orderText),
          category: categoryText,
          place: placeText.trim() === '' ? undefined : placeText,
          locationPrecision: precisionText,
          actors: list(text(actors)),
          fatalities: count,
          related: list(cellAt(cells, related)),
          origin: undefined,
          sources: read,
          coordinates: point,
        };
        if (countryText !== '') incident.country = countryText;
        return incident;
      };
    },
  };
}

const UCDP_WHERE_PREC: Record<string, LocationPrecision> = {
  '1': 'exact',
  '2': 'town',
  '3': 'district',
  '4': 'province',
  '5': 'district',
  '6': 'country',
  '7': 'country',
};
const UCDP_VIOLENCE: Record<string, [string, string]> = {
  '1': ['state-based', 'State-based armed conflict'],
  '2': ['non-state', 'Non-state conflict'],
  '3': ['one-sided', 'One-sided violence'],
};

/** Splits UCDP's `;`-separated list, leaving `;` inside "quoted" entries alone. */
function splitSemicolons(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => oneLine(p)).filter((p) => p !== '');
}

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

/**
 * An EDTF date for a UCDP start and end day and its `date_prec` code: the day
 * when they are the same; `YYYY-MM` for a month (code 4) and `YYYY` for a year
 * (code 5) when the range is exactly that; else the interval.
 */
export function ucdpDate(start: string, end: string, prec: string): string {
  if (end === '' || end <= start) return start;
  const lastOfMonth = addDays(end, 1).endsWith('-01');
  if (prec === '4' && start.slice(0, 7) === end.slice(0, 7) && start.endsWith('-01') && lastOfMonth) {
    return start.slice(0, 7);
  }
  if (prec === '5' && start.slice(0, 4) === end.slice(0, 4) && start.endsWith('-01-01') && end.endsWith('-12-31')) {
    return start.slice(0, 4);
  }
  return `${start}/${end}`;
}

function ucdpLayout(h: HeaderIndex): Layout {
  const c = (...names: string[]) => h.find(...names);
  const col = {
    id: c('id'),
    start: c('date_start') ?? 'date_start',
    end: c('date_end'),
    datePrec: c('date_prec'),
    wherePrec: c('where_prec'),
    lat: c('latitude') ?? 'latitude',
    lon: c('longitude') ?? 'longitude',
    violence: c('type_of_violence'),
    conflict: c('conflict_name'),
    dyad: c('dyad_name'),
    sideA: c('side_a'),
    sideB: c('side_b'),
    article: c('source_article'),
    office: c('source_office'),
    sourceDate: c('source_date'),
    whereDescription: c('where_description'),
    whereCoordinates: c('where_coordinates'),
    adm1: c('adm_1'),
    adm2: c('adm_2'),
    country: c('country'),
    best: c('best', 'best_est'),
    low: c('low', 'low_est'),
    high: c('high', 'high_est'),
    deathsA: c('deaths_a'),
    deathsB: c('deaths_b'),
    civilians: c('deaths_civilians'),
    unknown: c('deaths_unknown'),
  };
  return {
    columnOf: (field) =>
      (
        ({
          id: col.id,
          date: col.start,
          geometry: `${col.lat}/${col.lon}`,
          category: col.violence,
          country: col.country,
        }) as Record<string, string | undefined>
      )[field] ?? field,
    convert(ctx) {
      const get = (column: string | undefined) => oneLine(ctx.cell(column));
      const start = readDate(ctx, col.start);
      const point = readPoint(ctx, col.lat, col.lon);
      if (!start || !point) return null;
      let endDay = '';
      if (col.end && get(col.end) !== '') {
        const end = parseLooseDate(get(col.end));
        if (end.ok && end.day && end.day < (start.day ?? '')) {
          ctx.report(col.end, `${end.day} is before the start date; only the start date is used`, false);
        } else if (end.ok && end.day) endDay = end.day;
        else
          ctx.report(
            col.end,
            `${end.ok ? `${quoteCell(get(col.end))} is not a day` : end.message}; only the start date is used`,
            false,
          );
      }
      const date = start.day ? ucdpDate(start.day, endDay, get(col.datePrec)) : start.date;

      const wherePrec = get(col.wherePrec);
      let precision = Object.hasOwn(UCDP_WHERE_PREC, wherePrec) ? UCDP_WHERE_PREC[wherePrec] : undefined;
      if (precision === undefined) {
        if (col.wherePrec) {
          ctx.report(
            col.wherePrec,
            `${quoteCell(wherePrec)} is not a UCDP location precision code (1 to 7); treated as exact`,
            false,
          );
        }
        precision = 'exact';
      }

      const ucdpId = get(col.id);
      const id = ucdpId ? `ucdp-${toIdSlug(ucdpId)}` : `row-${ctx.number}`;
      const violence = Object.hasOwn(UCDP_VIOLENCE, get(col.violence)) ? UCDP_VIOLENCE[get(col.violence)] : undefined;
      const sideA = get(col.sideA);
      const sideB = get(col.sideB);
      const conflict = get(col.conflict) || get(col.dyad) || [sideA, sideB].filter(Boolean).join(' - ') || 'UCDP event';
      const description = get(col.whereDescription);
      // where_coordinates is the name of the place UCDP put the point at: the place when the source gave no description.
      const place =
        placeLine([description || get(col.whereCoordinates), get(col.adm2), get(col.adm1)]) ||
        get(col.country) ||
        undefined;
      const where = titlePlace([
        description,
        get(col.adm2),
        get(col.whereCoordinates),
        get(col.adm1),
        get(col.country),
      ]);
      const who = ucdpWho({
        sideA,
        sideB,
        dyad: get(col.dyad),
        conflict: get(col.conflict),
        violence: get(col.violence),
      });

      const best = readCount(ctx, col.best);
      const summary: string[] = [];
      if (best !== undefined) {
        const low = get(col.low);
        const high = get(col.high);
        const range = low !== '' && high !== '' ? ` (low ${low}, high ${high})` : '';
        summary.push(`Best estimate ${best} ${best === 1 ? 'death' : 'deaths'}${range}.`);
      }
      const deaths = [
        ['side A', col.deathsA],
        ['side B', col.deathsB],
        ['civilians', col.civilians],
        ['unknown', col.unknown],
      ]
        .filter(([, column]) => column !== undefined && get(column) !== '')
        .map(([label, column]) => `${label} ${get(column)}`);
      if (deaths.length > 0) summary.push(`Deaths by party: ${deaths.join(', ')}.`);
      if (sideA || sideB) summary.push(`Side A: ${sideA || 'unknown'}; side B: ${sideB || 'unknown'}.`);
      if (violence) summary.push(`UCDP type of violence: ${violence[1].toLowerCase()} (${conflict}).`);

      const articles = splitSemicolons(ctx.cell(col.article)).map(unquote);
      const offices = splitSemicolons(ctx.cell(col.office));
      const dates = splitSemicolons(ctx.cell(col.sourceDate));
      const sources: SourceDraft[] = articles.map((title, i) => {
        const publisher = (offices.length === articles.length ? offices[i] : offices.join('; ')) || 'UCDP GED';
        const published = dates.length === articles.length ? dates[i] : undefined;
        return /^\d{4}-\d{2}-\d{2}$/.test(published ?? '') ? { title, publisher, published } : { title, publisher };
      });
      if (sources.length === 0) {
        sources.push({ title: `UCDP GED event ${ucdpId || ctx.number}`, publisher: 'Uppsala Conflict Data Program' });
      }
      return {
        id,
        title: whoAndWhere(who, where),
        summary: summary.join(' '),
        date,
        lat: point.lat,
        lon: point.lon,
        category: violence ? violence[0] : 'other',
        place,
        country: get(col.country) || undefined,
        location_precision: precision,
        actors: [sideA, sideB].filter(Boolean),
        fatalities: best,
        sources,
      };
    },
  };
}

const ACLED_GEO_PREC: Record<string, LocationPrecision> = { '1': 'town', '2': 'district', '3': 'province' };

function acledLayout(h: HeaderIndex): Layout {
  const c = (...names: string[]) => h.find(...names);
  const col = {
    id: c('event_id_cnty', 'data_id', 'event_id_no_cnty'),
    date: c('event_date') ?? 'event_date',
    timePrec: c('time_precision'),
    type: c('event_type'),
    subType: c('sub_event_type'),
    actors: h.all(['actor1', 'assoc_actor_1', 'ally_actor_1', 'actor2', 'assoc_actor_2', 'ally_actor_2']),
    actor1: c('actor1'),
    actor2: c('actor2'),
    fatalities: c('fatalities'),
    notes: c('notes'),
    source: c('source'),
    geoPrec: c('geo_precision'),
    lat: c('latitude') ?? 'latitude',
    lon: c('longitude') ?? 'longitude',
    country: c('country'),
    admin1: c('admin1'),
    admin2: c('admin2'),
    admin3: c('admin3'),
    location: c('location'),
  };
  return {
    columnOf: (field) =>
      (
        ({
          id: col.id,
          date: col.date,
          geometry: `${col.lat}/${col.lon}`,
          category: col.type,
          country: col.country,
        }) as Record<string, string | undefined>
      )[field] ?? field,
    convert(ctx) {
      const get = (column: string | undefined) => oneLine(ctx.cell(column));
      const parsed = readDate(ctx, col.date);
      const point = readPoint(ctx, col.lat, col.lon);
      if (!parsed || !point) return null;
      let date = parsed.date;
      const timePrec = get(col.timePrec);
      if (parsed.day && timePrec === '2') date = `${addDays(parsed.day, -3)}/${addDays(parsed.day, 3)}`;
      else if (parsed.day && timePrec === '3') date = parsed.day.slice(0, 7);
      else if (timePrec !== '' && timePrec !== '1' && col.timePrec) {
        ctx.report(
          col.timePrec,
          `${quoteCell(timePrec)} is not an ACLED time precision (1, 2 or 3); the day is used`,
          false,
        );
      }
      const geoPrec = get(col.geoPrec);
      const precision = Object.hasOwn(ACLED_GEO_PREC, geoPrec) ? ACLED_GEO_PREC[geoPrec] : 'town';
      if (col.geoPrec && geoPrec !== '' && !Object.hasOwn(ACLED_GEO_PREC, geoPrec)) {
        ctx.report(
          col.geoPrec,
          `${quoteCell(geoPrec)} is not an ACLED geo precision (1, 2 or 3); treated as town`,
          false,
        );
      }
      const acledId = get(col.id);
      const label = acledId || String(ctx.number);
      const eventType = get(col.type);
      const names = [get(col.location), get(col.admin3), get(col.admin2), get(col.admin1)];
      const where = titlePlace([...names, get(col.country)]);
      const what = get(col.subType) || eventType || 'Event';
      const actors = col.actors.flatMap((column) => list(ctx.cell(column)).map(oneLine));
      const notes = ctx.cell(col.notes).trim();
      const fallbackSummary = [
        `${eventType || what}${get(col.actor1) ? `: ${get(col.actor1)}` : ''}${get(col.actor2) ? ` and ${get(col.actor2)}` : ''}`,
        [get(col.location), get(col.admin1), get(col.country)].filter(Boolean).join(', '),
      ]
        .filter(Boolean)
        .join(', ');
      const publishers = list(ctx.cell(col.source)).map(oneLine);
      return {
        id: (acledId && toIdSlug(acledId)) || `row-${ctx.number}`,
        title: where ? `${what} in ${where}` : what,
        summary: notes || `${fallbackSummary}.`,
        date,
        lat: point.lat,
        lon: point.lon,
        category: slugify(eventType) || 'other',
        place: placeLine(names) || get(col.country) || undefined,
        country: get(col.country) || undefined,
        location_precision: precision,
        actors: [...new Set(actors)],
        fatalities: readCount(ctx, col.fatalities),
        sources: (publishers.length > 0 ? publishers : ['ACLED']).map((publisher) => ({
          title: `ACLED event ${label}`,
          publisher,
        })),
      };
    },
  };
}

function layoutFor(guess: LayoutGuess, headers: HeaderIndex, name: string): Layout | string {
  switch (guess.kind) {
    case 'atlas':
      return atlasLayout(headers);
    case 'ucdp':
      return ucdpLayout(headers);
    case 'acled':
      return acledLayout(headers);
    default: {
      const m = guess.mapping;
      const missing = m
        ? (
            [
              ['date', m.date],
              ['latitude', m.lat],
              ['longitude', m.lon],
            ] as const
          )
            .filter(([, column]) => !column)
            .map(([what]) => what)
        : ['date', 'latitude', 'longitude'];
      if (!m || missing.length > 0) {
        return `no column was chosen for the ${missing.join(', ')}; a table needs date, latitude and longitude columns`;
      }
      return genericLayout(m, name);
    }
  }
}

// ---- the table ---------------------------------------------------------------

/** Column names of the rows, from the first rows (papaparse leaves short rows without their missing keys). */
export function headersOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows.slice(0, 50)) for (const key of Object.keys(row)) seen.add(key);
  seen.delete('__parsed_extra');
  return [...seen];
}

/** Whether every cell is white space (or empty): the first cell's first character most often says it is not. */
export function isWhiteSpace(cells: readonly string[]): boolean {
  const first = cells[0];
  if (first !== undefined && first.length > 0 && first.trim() === first) return false;
  return cells.every((cell) => cell.trim() === '');
}

function isBlank(row: Row): boolean {
  for (const key in row) {
    const value: unknown = row[key];
    if (typeof value === 'string' && value.trim() !== '') return false;
    // The cells past the header's, as papaparse keeps them.
    if (Array.isArray(value) && value.some((cell) => typeof cell === 'string' && cell.trim() !== '')) return false;
  }
  return true;
}

/**
 * Turns table rows (papaparse `header: true`) into incidents in our schema, a
 * chunk at a time, each incident going to `sink` as it is read. The header is
 * spreadsheet row 1, so the first row is row `firstRow` (2); a leading HXL
 * hashtag row is left out silently. Every row with a usable date and
 * coordinates loads; problems name the spreadsheet row and the column.
 */
export class TableReader {
  name: string;
  attribution: string | undefined;
  private readonly problems: DatasetProblem[] = [];
  private readonly firstRow: number;
  private layout: Layout | null = null;
  private readonly reader: IncidentReader;
  private rowsRead = 0;
  private started = false;
  /** Columns the atlas layout takes the dataset's name and attribution from, until a value is found. */
  private nameColumn: string | undefined;
  private attributionColumn: string | undefined;
  /** Row indexes the name and attribution were found on (-1: not found, or not from a column). */
  private nameAt = -1;
  private attributionAt = -1;
  /** The columns, when known before any row (else they are read from the first rows). */
  private readonly headers: string[] | undefined;
  /** The outlines a row's point is checked against the country it names (none: not checked). */
  private readonly outlines: CountryOutlines | undefined;
  /** Index of the row being read, which the country check names. */
  private at = 0;

  constructor(
    private readonly guess: LayoutGuess,
    options: { name: string; firstRow?: number; attribution?: string; headers?: string[]; outlines?: CountryOutlines },
    /** `index`: the row index (0 for the first row after the header) the incident was read from. */
    sink: (incident: Incident, index: number) => void,
  ) {
    this.name = options.name;
    this.attribution = options.attribution;
    this.firstRow = options.firstRow ?? 2;
    this.headers = options.headers;
    this.outlines = options.outlines;
    this.reader = new IncidentReader(
      [],
      this.outlines === undefined
        ? sink
        : (incident, index) => {
            this.checkCountry(incident);
            sink(incident, index);
          },
    );
    this.cursor = new RowCursor(this.reader.problems);
  }

  /**
   * Reads the next rows; `offset` is the index of the first of them in the
   * table when rows are read out of order, in blocks (see table-blocks.ts).
   */
  add(rows: readonly Row[], offset = this.rowsRead): void {
    if (rows.length === 0) return;
    this.rowsRead = offset + rows.length;
    if (!this.started) this.start(rows);
    if (!this.layout) return;
    const cursor = this.cursor;
    for (let r = 0; r < rows.length; r++) {
      cursor.atRow(rows[r]);
      this.readRow(offset + r);
    }
  }

  /**
   * Reads rows given as lists of cells in the order of the header's `fields`
   * (see listable), as `add` reads the rows papaparse's `header: true` makes of
   * them: `lists[from..]`, but for those whose every cell is white space (no
   * rows to papaparse), the first of them the row at `offset` in the table.
   * The columns must have been given (the `headers` option).
   */
  addLists(lists: readonly (readonly string[])[], from: number, fields: readonly string[], offset: number): void {
    if (!this.started) this.start([]);
    if (!this.layout) return;
    const cursor = this.cursor;
    const plain = this.plainFor(fields);
    let index = offset;
    for (let r = from; r < lists.length; r++) {
      const cells = lists[r];
      if (isWhiteSpace(cells)) continue;
      // The first row may be HXL tags, and a row may name the dataset: those go the long way.
      if (plain !== null && index !== 0 && !this.namesDataset(cells, fields)) {
        const incident = plain(cells, this.firstRow + index);
        this.at = index;
        if (incident !== null && this.reader.acceptPlain(incident, index)) {
          index++;
          continue;
        }
      }
      cursor.atCells(cells, fields);
      this.readRow(index++);
    }
    this.rowsRead = index;
  }

  /** The layout's plain reader for rows of these fields (see Layout.plain), made once. */
  private plainFor(fields: readonly string[]): PlainRow | null {
    if (this.plain?.fields !== fields) this.plain = { fields, read: this.layout?.plain?.(fields) ?? null };
    return this.plain.read;
  }
  private plain: { fields: readonly string[]; read: PlainRow | null } | null = null;

  /** Whether a row gives the dataset's name or attribution, not found yet (see readMeta). */
  private namesDataset(cells: readonly string[], fields: readonly string[]): boolean {
    const given = (column: string | undefined) =>
      column !== undefined && unprotectCell(cellAt(cells, positionIn(fields, column))).trim() !== '';
    return given(this.nameColumn) || given(this.attributionColumn);
  }

  private readonly cursor: RowCursor;

  /** Reads the row the cursor is at, row `index` of the table. */
  private readRow(index: number): void {
    const cursor = this.cursor;
    if (index === 0 && isHxlRow(cursor.row())) return;
    if (cursor.isBlank()) return;
    if (this.nameColumn !== undefined || this.attributionColumn !== undefined) this.readMeta(index);
    cursor.index = index;
    cursor.number = this.firstRow + index;
    const draft = (this.layout as Layout).convert(cursor);
    if (!draft) return;
    const before = this.reader.problems.length;
    this.at = index;
    this.reader.readDraft(draft, index);
    this.nameProblems(before);
  }

  /**
   * Warns (the row loads) when an incident's point lies more than the
   * tolerance outside the country its row names, saying when latitude and
   * longitude look swapped (see fitCountry).
   */
  private checkCountry(incident: Incident): void {
    const country = incident.country;
    if (country === undefined || this.outlines === undefined || this.layout === null) return;
    const [lon, lat] = incident.coordinates;
    const fit = fitCountry(this.outlines, country, lon, lat);
    if (fit !== 'outside' && fit !== 'swapped') return;
    this.reader.problems.push({
      index: this.at,
      row: this.firstRow + this.at,
      id: incident.id,
      field: this.layout.columnOf('geometry'),
      message: describeCountryFit(fit, { lat, lon, country }),
      skipped: false,
    });
  }

  /** Problems the incident reader reported from `from` on name the row and the column. */
  private nameProblems(from: number): void {
    const problems = this.reader.problems;
    const layout = this.layout as Layout;
    for (let p = from; p < problems.length; p++) {
      const problem = problems[p];
      if (problem.row === undefined) {
        problems[p] = { ...problem, row: this.firstRow + problem.index, field: layout.columnOf(problem.field) };
      }
    }
  }

  /** The columns the layout was worked out from (see start), once rows have come; for reading rows again later. */
  columns: string[] | undefined;

  /** Works out the layout from the first rows' columns. */
  private start(rows: readonly Row[]): void {
    this.started = true;
    this.columns = this.headers ?? headersOf(rows);
    const headers = new HeaderIndex(this.columns);
    const layout = layoutFor(this.guess, headers, this.name);
    if (typeof layout === 'string') {
      this.problems.push({ index: -1, field: 'columns', message: layout, skipped: true });
      return;
    }
    this.layout = layout;
    if (this.guess.kind === 'atlas') {
      this.nameColumn = headers.find('dataset');
      this.attributionColumn = this.attribution === undefined ? headers.find('attribution') : undefined;
    }
  }

  /** The atlas layout's dataset name and attribution: the first value each column gives. */
  private readMeta(index: number): void {
    const first = (column: string) => unprotectCell(this.cursor.cell(column)).trim();
    if (this.nameColumn !== undefined && first(this.nameColumn) !== '') {
      this.name = first(this.nameColumn);
      this.nameColumn = undefined;
      this.nameAt = index;
    }
    if (this.attributionColumn !== undefined && first(this.attributionColumn) !== '') {
      this.attribution = first(this.attributionColumn);
      this.attributionColumn = undefined;
      this.attributionAt = index;
    }
  }

  /**
   * What this reader found in the blocks it was given, for merging with other
   * readers' (see table-blocks.ts): problems with their rows named, related ids
   * left unchecked (that needs every block's ids), and where the name and
   * attribution were found.
   */
  partial(): BlockFindings {
    if (!this.started) this.start([]);
    return {
      problems: [...this.problems, ...this.reader.problems],
      related: this.reader.withRelated,
      skippedIds: this.reader.skippedIds,
      relatedField: this.layout ? this.layout.columnOf('related') : 'related',
      name: { value: this.name, at: this.nameAt },
      attribution: { value: this.attribution, at: this.attributionAt },
    };
  }

  /** The ids of the incidents read so far, in the order they went to the sink. */
  get ids(): IdSet {
    return this.reader.ids;
  }

  /** Checks related ids and returns every problem, by row. */
  finish(): DatasetProblem[] {
    if (!this.started) this.start([]);
    const problems = this.reader.problems;
    const before = problems.length;
    this.reader.finish();
    if (this.layout) this.nameProblems(before);
    return byRow([...this.problems, ...problems]);
  }
}

/** What a TableReader found in some blocks of a table (see TableReader.partial). */
export interface BlockFindings {
  problems: DatasetProblem[];
  related: RelatedCheck[];
  /** Ids of rows skipped after their id was checked (see IncidentReader.skippedIds). */
  skippedIds: string[];
  /** The column related ids come from, as problems name it. */
  relatedField: string;
  /** The dataset's name and attribution, and the row index they were found on (-1: not from a row). */
  name: { value: string; at: number };
  attribution: { value: string | undefined; at: number };
}

/** Problems in row order (stable), those about the whole file last. */
export function byRow(problems: DatasetProblem[]): DatasetProblem[] {
  return problems.sort(
    (a, b) => (a.index < 0 ? Number.MAX_SAFE_INTEGER : a.index) - (b.index < 0 ? Number.MAX_SAFE_INTEGER : b.index),
  );
}

/** Turns table rows into a dataset in our schema (see TableReader). */
export function rowsToDataset(
  rows: Row[],
  guess: LayoutGuess,
  options: { name: string; firstRow?: number; attribution?: string; outlines?: CountryOutlines },
): DatasetReport {
  const incidents: Incident[] = [];
  const reader = new TableReader(guess, options, (incident) => incidents.push(incident));
  reader.add(rows);
  const problems = reader.finish();
  return { dataset: { name: reader.name, attribution: reader.attribution, incidents, places: [] }, problems };
}
