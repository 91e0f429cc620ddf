import type { Incident } from '../../../types';
import { parseDecimal } from '../cells';
import type { Draft, RowContext } from '../row';

type Converter = (ctx: RowContext) => Draft | null;

export interface Layout {
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
export type PlainRow = (cells: readonly string[], number: number) => Incident | null;

/** Where a column is among a table's `fields`, -1 when it is not one of them (its cells read as ''). */
export const positionIn = (fields: readonly string[], column: string | undefined) =>
  column === undefined || column === '' ? -1 : fields.indexOf(column);

/** Cell `at` of a row ('' when the row is shorter or the column is not there). */
export const cellAt = (cells: readonly string[], at: number): string => (at < 0 ? '' : (cells[at] ?? ''));

/** The point of a plain row: a latitude and a longitude within range, else null (readPoint reports). */
export function plainPoint(latText: string, lonText: string): [number, number] | null {
  const lat = parseDecimal(latText);
  const lon = parseDecimal(lonText);
  if (lat === undefined || lon === undefined || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) return null;
  return [lon, lat];
}

/** A plain row's count of people (see readCount): undefined when empty, null when readCount would report it. */
export function plainCount(text: string): number | undefined | null {
  const t = text.trim();
  if (t === '') return undefined;
  const n = parseDecimal(t);
  return n === undefined || n < 0 ? null : n;
}
