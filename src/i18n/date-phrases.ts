import { type DatePhrase, type DatePiece, datePhrase, pieceStart } from '../data/dates/incident-date';
import type { Translator } from './translator';

// Dates as a reader says them, in the page's language and calendar: "24 Dec 2024",
// "about 21 Dec 2024", "between 16 and 22 Dec 2024", "24 Dec 2024 or later". Pure.

// English news abbreviates months (24 Dec 2024); the Arabic-script languages write them whole.
const monthStyle = (tr: Translator) => (tr.language.tag === 'en' ? 'short' : 'long');
const day = (tr: Translator) => tr.dateFormat({ day: 'numeric', month: monthStyle(tr), year: 'numeric' });

function lastDayOf(p: DatePiece): number {
  const next = p.month === undefined ? Date.UTC(p.year + 1, 0, 1) : Date.UTC(p.year, p.month + 1, 1);
  return next - 86_400_000;
}

/** A piece in words. A Gregorian month or year in another calendar is the days it spans. */
function pieceText(p: DatePiece, tr: Translator): string {
  if (p.day !== undefined && p.month !== undefined) return day(tr).format(pieceStart(p));
  if (tr.calendar !== 'gregory') return day(tr).formatRange(pieceStart(p), lastDayOf(p));
  if (p.month !== undefined) return tr.dateFormat({ month: monthStyle(tr), year: 'numeric' }).format(pieceStart(p));
  return tr.dateFormat({ year: 'numeric' }).format(pieceStart(p));
}

function qualified(p: DatePiece, tr: Translator): string {
  const date = pieceText(p, tr);
  if (p.approximate && p.uncertain) return tr.t('date.aboutUncertain', { date });
  if (p.approximate) return tr.t('date.about', { date });
  if (p.uncertain) return tr.t('date.uncertain', { date });
  return date;
}

function part(parts: Intl.DateTimeFormatPart[], type: string): string | undefined {
  return parts.find((x) => x.type === type)?.value;
}

const YEAR_PARTS = new Set(['year', 'era', 'relatedYear', 'yearName']);

/** A day's parts without its year (and the separator before or after it): "28 Nov" of "28 Nov 2024". */
function withoutYear(parts: Intl.DateTimeFormatPart[]): string {
  const yearAt = (i: number) => YEAR_PARTS.has(parts[i]?.type ?? '');
  // A separator goes with the year it comes before, or with a year that opens the date.
  const kept = parts.filter(
    (p, i) => !yearAt(i) && !(p.type === 'literal' && (yearAt(i + 1) || (i === 1 && yearAt(0)))),
  );
  return kept
    .map((p) => p.value)
    .join('')
    .trim();
}

/** The start of a plain day interval, shortened as the end says the rest: "16" of "16 and 22 Dec 2024". */
function shortStart(a: DatePiece, b: DatePiece, tr: Translator): string {
  const format = day(tr);
  const from = format.formatToParts(pieceStart(a));
  const to = format.formatToParts(pieceStart(b));
  const sameYear = part(from, 'year') === part(to, 'year') && part(from, 'era') === part(to, 'era');
  if (!sameYear) return format.format(pieceStart(a));
  if (part(from, 'month') === part(to, 'month')) return part(from, 'day') ?? format.format(pieceStart(a));
  return withoutYear(from);
}

function phrase(said: DatePhrase, tr: Translator): string {
  if (said.kind === 'one') return qualified(said.piece, tr);
  if (said.kind === 'orLater') return tr.t('date.orLater', { date: qualified(said.piece, tr) });
  if (said.kind === 'orEarlier') return tr.t('date.orEarlier', { date: qualified(said.piece, tr) });
  if (said.kind === 'fromEndUnknown') return tr.t('date.fromEndUnknown', { date: qualified(said.piece, tr) });
  const { start: a, end: b } = said;
  const plainDays =
    !a.approximate && !a.uncertain && !b.approximate && !b.uncertain && a.day !== undefined && b.day !== undefined;
  const start = plainDays ? shortStart(a, b, tr) : qualified(a, tr);
  return tr.t('date.between', { start, end: qualified(b, tr) });
}

const phrased = new WeakMap<Translator, Map<string, string>>();

/** An incident's EDTF date in words, or the text as written when it is a form not phrased. */
export function sayDate(text: string, tr: Translator): string {
  let cache = phrased.get(tr);
  if (!cache) {
    cache = new Map();
    phrased.set(tr, cache);
  }
  let said = cache.get(text);
  if (said === undefined) {
    const shape = datePhrase(text);
    said = shape ? phrase(shape, tr) : text;
    // The list says the same few thousand dates over and over as it scrolls and steps.
    if (cache.size >= 10_000) cache.clear();
    cache.set(text, said);
  }
  return said;
}
