import edtf, { type EdtfParsed, type EdtfParsedDate, parse } from 'edtf';
import { type DataText, english, say } from '../text/messages';
import { quoteCellText } from '../text/quote';
import type { DateSpan } from '../types';

export const DAY_MS = 86_400_000;

/** Date.UTC without its quirk of reading years 0–99 as 1900–1999. */
function utc(year: number, month: number, day: number): number {
  if (year >= 100) return Date.UTC(year, month, day);
  const date = new Date(Date.UTC(2000, month, day));
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

/** Whether a parsed EDTF day exists (edtf accepts 29 February in any year). */
function isRealDay(date: EdtfParsedDate | null): boolean {
  if (date?.type !== 'Date' || date.values.length < 3 || date.unspecified) return true;
  const [year, month, day] = date.values;
  const check = new Date(utc(year, month, day));
  return check.getUTCDate() === day && check.getUTCMonth() === month;
}

/** Parses an EDTF string into the span it covers, or explains why it cannot. */
export function parseIncidentDate(text: string): ParsedIncidentDate {
  // Datasets are often sorted by date, so an incident's date is often the last one's.
  if (lastParsed !== null && lastParsed.text === text) return lastParsed.result;
  const result = readIncidentDate(text);
  lastParsed = { text, result };
  return result;
}
type ParsedIncidentDate =
  | { readonly ok: true; readonly span: Readonly<DateSpan> }
  | { readonly ok: false; readonly message: string; readonly text: DataText };

function fail(text: DataText): ParsedIncidentDate {
  return { ok: false, message: english(text), text };
}
let lastParsed: { text: string; result: ParsedIncidentDate } | null = null;

/**
 * The longest date text read. The longest real EDTF forms (qualified day intervals)
 * are under 40 characters, and the edtf parser's time grows quickly with length.
 */
export const MAX_DATE_LENGTH = 64;
/** Every character EDTF uses (and `u`, an older draft's unspecified digit). */
const EDTF_CHARACTERS = /^[\dXYESTZu~?%/.:+\-[\]{}, ]+$/;

function readIncidentDate(text: string): ParsedIncidentDate {
  if (typeof text !== 'string' || text.trim() === '') {
    return fail(say('data.date.empty'));
  }
  const trimmed = text.trim();
  const fast = plainSpan(trimmed);
  if (fast) return { ok: true, span: fast };
  const quoted = quoteCellText(trimmed);
  // Refused before any parser sees it: the text's length and characters are checked in one pass.
  if (trimmed.length > MAX_DATE_LENGTH) {
    return fail(say('data.date.tooLong', { value: quoted, max: MAX_DATE_LENGTH }));
  }
  if (!EDTF_CHARACTERS.test(trimmed)) {
    return fail(say('data.date.notEdtf', { value: quoted }));
  }
  // Lists ([a,b]) and sets ({a,b}) are the only EDTF forms that start so.
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    return fail(say('data.date.list', { value: quoted }));
  }
  let parsed: EdtfParsed;
  let value: ReturnType<typeof edtf>;
  try {
    parsed = parse(trimmed);
    value = edtf(parsed);
  } catch {
    const [first, second, ...rest] = trimmed.split('/');
    if (rest.length === 0 && second !== undefined && plainPart(first) && plainPart(second)) {
      return fail(say('data.date.endFirst', { value: quoted, start: first, end: second }));
    }
    return fail(say('data.date.notEdtf', { value: quoted }));
  }
  if (value.type === 'List' || value.type === 'Set') {
    return fail(say('data.date.list', { value: quoted }));
  }
  const parts = parsed.type === 'Interval' ? [firstPart(parsed), secondPart(parsed)] : [parsed as EdtfParsedDate];
  if (!parts.every(isRealDay)) {
    return fail(say('data.date.noSuchDay', { value: quoted }));
  }
  const isInterval = value.type === 'Interval';
  const start = isInterval && !firstPart(parsed) ? Number.NaN : value.min;
  const end = isInterval && !secondPart(parsed) ? Number.POSITIVE_INFINITY : value.max;
  if (!Number.isFinite(start)) {
    return fail(say('data.date.noStart', { value: quoted }));
  }
  if (end < start) {
    return fail(say('data.date.endsBefore', { value: quoted }));
  }
  return { ok: true, span: { start, end } };
}

const PLAIN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** The span of a plain `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 1000–9999), or null. */
function plainPart(text: string): DateSpan | null {
  const match = PLAIN.exec(text);
  if (!match || match[1] < '1000') return null;
  const year = Number(match[1]);
  if (match[2] === undefined) return { start: utc(year, 0, 1), end: utc(year + 1, 0, 1) - 1 };
  const month = Number(match[2]) - 1;
  if (month < 0 || month > 11) return null;
  if (match[3] === undefined) return { start: utc(year, month, 1), end: utc(year, month + 1, 1) - 1 };
  const day = Number(match[3]);
  const start = utc(year, month, day);
  if (new Date(start).getUTCDate() !== day) return null;
  return { start, end: start + DAY_MS - 1 };
}

/**
 * Fast path for the plain dates and intervals most datasets use (the edtf grammar
 * costs a fraction of a millisecond per call, minutes over a large file). Anything
 * else, or anything invalid, goes to edtf for the full rules and its messages.
 */
function plainSpan(text: string): DateSpan | null {
  const slash = text.indexOf('/');
  if (slash < 0) return plainPart(text);
  const a = plainPart(text.slice(0, slash));
  const b = plainPart(text.slice(slash + 1));
  if (!a || !b) return null;
  // As edtf rules: the end must start after the start does (2024-01-01/2024 is refused
  // there, with its message); an interval from a date to itself is that date.
  if (b.start === a.start && b.end === a.end) return a;
  return b.start > a.start ? { start: a.start, end: b.end } : null;
}

function firstPart(parsed: EdtfParsed): EdtfParsedDate | null {
  const first = parsed.values[0];
  return typeof first === 'object' ? first : null;
}
function secondPart(parsed: EdtfParsed): EdtfParsedDate | null {
  const second = parsed.values[1];
  return typeof second === 'object' ? second : null;
}

/** The UTC day (YYYY-MM-DD) a millisecond instant falls on. */
export function dayOf(ms: number): string {
  const n = Math.floor(ms / DAY_MS);
  let day = dayNames.get(n);
  if (day === undefined) {
    day = new Date(ms).toISOString().slice(0, 10);
    // Large files name a few thousand days a million times over.
    if (dayNames.size >= 100_000) dayNames.clear();
    dayNames.set(n, day);
  }
  return day;
}
const dayNames = new Map<number, string>();

/** Milliseconds at the start of a YYYY-MM-DD day, or NaN if it is not a real day. */
export function dayStart(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return Number.NaN;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = utc(y, m - 1, d);
  const check = new Date(ms);
  return check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? ms : Number.NaN;
}

/** The last millisecond of a YYYY-MM-DD day. */
export function dayEnd(day: string): number {
  return dayStart(day) + DAY_MS - 1;
}

export function addDays(day: string, days: number): string {
  return dayOf(dayStart(day) + days * DAY_MS);
}

/** Whole days since 1970-01-01 (what the date slider counts in). */
export function dayNumber(day: string): number {
  return Math.round(dayStart(day) / DAY_MS);
}
export function dayFromNumber(n: number): string {
  return dayOf(n * DAY_MS);
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const monthFormat = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** One end of a date as written: a year, a month or a day (month 0-based), and how sure it is. */
export interface DatePiece {
  year: number;
  month?: number;
  day?: number;
  approximate: boolean;
  uncertain: boolean;
}

/**
 * The shape of a date as a reader says it, for the page's languages to word
 * (see i18n/date-phrases.ts): one piece, an interval, or an interval open at one end.
 */
export type DatePhrase =
  | { kind: 'one'; piece: DatePiece }
  | { kind: 'orLater'; piece: DatePiece }
  | { kind: 'orEarlier'; piece: DatePiece }
  | { kind: 'fromEndUnknown'; piece: DatePiece }
  | { kind: 'between'; start: DatePiece; end: DatePiece };

function pieceOf(date: EdtfParsedDate): DatePiece | null {
  const values = date.values;
  if (date.type !== 'Date' || date.unspecified) return null;
  return {
    year: values[0],
    month: values[1],
    day: values[2],
    approximate: Boolean(date.approximate),
    uncertain: Boolean(date.uncertain),
  };
}

/** The UTC time of a piece's first day. */
export function pieceStart(p: DatePiece): number {
  return utc(p.year, p.month ?? 0, p.day ?? 1);
}

function formatPiece(p: DatePiece): string {
  if (p.day !== undefined && p.month !== undefined) return dayFormat.format(pieceStart(p));
  if (p.month !== undefined) return monthFormat.format(pieceStart(p));
  return String(p.year);
}

function qualify(text: string, p: DatePiece): string {
  if (p.approximate && p.uncertain) return `about ${text}, uncertain`;
  if (p.approximate) return `about ${text}`;
  if (p.uncertain) return `${text}, uncertain`;
  return text;
}

/** The phrase a date is said in, or null for a form we do not phrase (shown as written). */
export function datePhrase(text: string): DatePhrase | null {
  // Dates that loaded are short; anything else is shown as written, not parsed.
  if (text.length > MAX_DATE_LENGTH) return null;
  let parsed: EdtfParsed;
  try {
    parsed = parse(text.trim());
  } catch {
    return null;
  }
  if (parsed.type === 'Date') {
    const piece = pieceOf(parsed as EdtfParsedDate);
    return piece ? { kind: 'one', piece } : null;
  }
  if (parsed.type !== 'Interval') return null;
  const first = firstPart(parsed);
  const second = secondPart(parsed);
  const a = first ? pieceOf(first) : null;
  const b = second ? pieceOf(second) : null;
  if ((first && !a) || (second && !b)) return null;
  if (a && !b) return text.trim().endsWith('..') ? { kind: 'orLater', piece: a } : { kind: 'fromEndUnknown', piece: a };
  if (!a && b) return { kind: 'orEarlier', piece: b };
  if (!a || !b) return null;
  return { kind: 'between', start: a, end: b };
}

/**
 * A date as a reader says it in English: "24 Dec 2024", "Sept 2024", "about 21 Dec 2024",
 * "between 16 and 22 Dec 2024", "24 Dec 2024 or later". Falls back to the text
 * as written when the form is one we do not phrase. (The page words it in its
 * language with i18n/date-phrases.ts; this is the CLI's and the exports'.)
 */
export function formatIncidentDate(text: string): string {
  let formatted = formattedDates.get(text);
  if (formatted === undefined) {
    formatted = formatDate(text);
    // The list formats the same few thousand dates over and over as it scrolls and steps.
    if (formattedDates.size >= 10_000) formattedDates.clear();
    formattedDates.set(text, formatted);
  }
  return formatted;
}
const formattedDates = new Map<string, string>();

function formatDate(text: string): string {
  const phrase = datePhrase(text);
  if (!phrase) return text;
  if (phrase.kind !== 'between') {
    const said = qualify(formatPiece(phrase.piece), phrase.piece);
    if (phrase.kind === 'orLater') return `${said} or later`;
    if (phrase.kind === 'orEarlier') return `${said} or earlier`;
    return phrase.kind === 'fromEndUnknown' ? `from ${said}, end unknown` : said;
  }
  const { start: a, end: b } = phrase;
  const plain = !a.approximate && !a.uncertain && !b.approximate && !b.uncertain;
  if (plain && a.day !== undefined && b.day !== undefined && a.year === b.year) {
    if (a.month === b.month) return `between ${a.day} and ${formatPiece(b)}`;
    const short = dayFormat.format(pieceStart(a)).replace(/ \d+$/, '');
    return `between ${short} and ${formatPiece(b)}`;
  }
  return `between ${qualify(formatPiece(a), a)} and ${qualify(formatPiece(b), b)}`;
}
