// A table cell's values as the layouts read them: loose dates, decimals with
// a point or a comma, one-line text, slugs and ids, lists, cells protected
// against spreadsheet formulas. Pure.
import { dayOf, dayStart, MAX_DATE_LENGTH, parseIncidentDate } from '../../dates/incident-date';
import { type DataText, english, say } from '../../text/messages';
import { quoteCellText } from '../../text/quote';
import { ID_PATTERN } from '../validate';

export type LooseDate = { ok: true; date: string; day?: string } | { ok: false; message: string; text: DataText };

/** A date that could not be read: `text` says why, `message` in English. */
function notDate(text: DataText): LooseDate {
  return { ok: false, message: english(text), text };
}

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
  // A table names a few thousand days over and over: each is read once. Results are never changed by callers.
  if (typeof input !== 'string' || input.length > MAX_DATE_LENGTH) return readLooseDate(input);
  let result = LOOSE_DATES.get(input);
  if (result === undefined) {
    result = Object.freeze(readLooseDate(input));
    if (LOOSE_DATES.size >= LOOSE_DATES_KEPT) LOOSE_DATES.clear();
    LOOSE_DATES.set(input, result);
  }
  return result;
}
/** Dates read, by the text read; cleared when full, so a table of all-different dates costs no more than this. */
const LOOSE_DATES = new Map<string, LooseDate>();
const LOOSE_DATES_KEPT = 1 << 16;

function readLooseDate(input: string | number): LooseDate {
  if (typeof input === 'number') {
    return Number.isFinite(input) && Math.abs(input) < 8.64e15
      ? { ok: true, date: dayOf(input), day: dayOf(input) }
      : notDate(say('data.cell.notMilliseconds', { value: String(input) }));
  }
  const text = input.trim();
  if (text === '') return notDate(say('data.cell.emptyDate'));
  const fail = (why?: DataText): LooseDate =>
    notDate(
      why
        ? say('data.cell.notDateWhy', { value: quoteCellText(text), why })
        : say('data.cell.notDate', { value: quoteCellText(text) }),
    );
  // No date is written this long; refused before any pattern or parser looks at it.
  if (text.length > MAX_DATE_LENGTH) return fail(say('data.cell.dateTooLong', { max: MAX_DATE_LENGTH }));
  const ymd = (y: number, m: number, d: number): LooseDate => {
    const day = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
    if (m < 1 || m > 12 || d < 1 || Number.isNaN(dayStart(day))) return fail(say('data.cell.noSuchDay'));
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
    return mo === undefined
      ? fail(say('data.cell.notMonth', { value: quoteCellText(m[2]) }))
      : ymd(fullYear(m[3]), mo, Number(m[1]));
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
export function isOneLine(text: string): boolean {
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
export function list(text: string, separator = ';'): string[] {
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
