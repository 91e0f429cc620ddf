// Parquet values as the text cells a table's reader takes (see table/cells.ts):
// what a CSV export of the same rows would hold, so the one reader makes the
// same incidents and problems of both. Pure.

import type { DecodedArray, ParquetParsers, SchemaElement } from 'hyparquet';
import { dayFromNumber } from '../../dates/incident-date';
import { readWkbPoint } from './wkb';

/** The most days from 1970 a JavaScript Date can name (about 273,790 years). */
const MAX_DAYS = 100_000_000;
const DAY_MS = 86_400_000n;

/** A day number (days since 1970-01-01) as `YYYY-MM-DD`; one no calendar date can name, as text that is no date. */
function isoDay(days: number): string {
  return Number.isInteger(days) && Math.abs(days) <= MAX_DAYS ? dayFromNumber(days) : `day ${days} from 1970`;
}

/** The day of an instant `count` units of `perDay` since 1970, rounding down (before 1970 too). */
function dayOfInstant(count: bigint, perDay: bigint): string {
  let days = count / perDay;
  if (count < 0n && days * perDay !== count) days -= 1n;
  return isoDay(Number(days));
}

/**
 * How hyparquet is to decode the types that are not text or numbers: dates and
 * timestamps (INT96 too) as the ISO day (a timestamp's day in UTC, which is the
 * day as written for one not adjusted to UTC), geometries as their point.
 */
export const PARQUET_PARSERS: Partial<ParquetParsers> = {
  dateFromDays: (days: number) => isoDay(days),
  timestampFromMilliseconds: (ms: bigint) => dayOfInstant(ms, DAY_MS),
  timestampFromMicroseconds: (us: bigint) => dayOfInstant(us, DAY_MS * 1000n),
  timestampFromNanoseconds: (ns: bigint) => dayOfInstant(ns, DAY_MS * 1_000_000n),
  geometryFromBytes: (bytes: Uint8Array | undefined) => (bytes ? readWkbPoint(bytes) : undefined),
  geographyFromBytes: (bytes: Uint8Array | undefined) => (bytes ? readWkbPoint(bytes) : undefined),
};

/** The text of one value: '' for null, numbers as JavaScript writes them, lists `; `-separated. */
export function cellText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? '' : objectText(value);
    default:
      return '';
  }
}

function objectText(value: object): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (value instanceof Uint8Array) return Array.from(value, (byte) => byte.toString(16).padStart(2, '0')).join('');
  // A list of names (actors, sources) is written as our CSV writes it.
  if (Array.isArray(value))
    return value
      .map(cellText)
      .filter((text) => text !== '')
      .join('; ');
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item));
}

/**
 * The shortest decimal that reads back as the same 32-bit float: `33.7`, not
 * the `33.70000076293945` the float is as a double, as any CSV writer writes it.
 */
export function floatText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = Number(value.toPrecision(digits));
    if (Math.fround(text) === value) return String(text);
  }
  return String(value);
}

/** The cells of a column's values, decoded by hyparquet with PARQUET_PARSERS. */
export function columnTexts(values: DecodedArray, element: SchemaElement): string[] {
  const texts = new Array<string>(values.length);
  const single = element.type === 'FLOAT';
  for (let i = 0; i < values.length; i++) {
    const value: unknown = values[i];
    texts[i] = single && typeof value === 'number' ? floatText(value) : cellText(value);
  }
  return texts;
}
