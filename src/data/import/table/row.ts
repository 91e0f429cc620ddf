import { type DataText, problemOf, say } from '../../text/messages';
import { quoteCellText } from '../../text/quote';
import type { DatasetProblem } from '../../types';
import type { IncidentDraft } from '../validate';
import { type LooseDate, parseDecimal, parseLooseDate } from './cells';
import { cell, type Row } from './detect-layout';

/** Whether every cell of a row (papaparse `header: true`) is white space. */
function isBlank(row: Row): boolean {
  for (const key in row) {
    const value: unknown = row[key];
    if (typeof value === 'string' && value.trim() !== '') return false;
    // The cells past the header's, as papaparse keeps them.
    if (Array.isArray(value) && value.some((cell) => typeof cell === 'string' && cell.trim() !== '')) return false;
  }
  return true;
}

export interface SourceDraft {
  title: string;
  publisher: string;
  author?: string;
  url?: string;
  published?: string;
}

/** The properties of one feature in our schema, as a row gives them. Fixed keys only. */
export type Draft = IncidentDraft;

export interface RowContext {
  /** The text of the row's cell in `column` ('' when it has none). */
  cell(column: string | undefined): string;
  /** Spreadsheet row number. */
  number: number;
  /** Reports a problem on this row; `skipped` ones leave the row out. */
  report: (column: string, text: DataText, skipped: boolean) => void;
}

/**
 * The row a reader is at, given as papaparse's `header: true` makes it (an
 * object keyed by column name) or as its list of cells in the header's order:
 * one object for every row, so no row object is made where the cells are given.
 */
export class RowCursor implements RowContext {
  number = 0;
  index = 0;
  #row: Row = {};
  #cells: readonly string[] | null = null;
  /** Where each column is in a list of cells. */
  #positions = new Map<string, number>();
  #fields: readonly string[] = [];

  constructor(private readonly problems: DatasetProblem[]) {}

  readonly report = (column: string, text: DataText, skipped: boolean) => {
    this.problems.push(problemOf(this.index, column, text, skipped, { row: this.number }));
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

/** Reports a latitude or longitude cell that is not a number (the row is skipped). */
function reportNotDegrees(ctx: RowContext, column: string, text: string, latitude: boolean): void {
  const expected = say(latitude ? 'data.cell.expectedLatitude' : 'data.cell.expectedLongitude');
  ctx.report(
    column,
    text === ''
      ? say('data.cell.emptyNumber', { expected })
      : say('data.cell.notNumber', { value: quoteCellText(text), expected }),
    true,
  );
}

/** Reads a latitude and longitude pair, swapping them when clearly swapped. */
export function readPoint(ctx: RowContext, latColumn: string, lonColumn: string): { lat: number; lon: number } | null {
  const latText = ctx.cell(latColumn).trim();
  const lonText = ctx.cell(lonColumn).trim();
  const lat = parseDecimal(latText);
  const lon = parseDecimal(lonText);
  if (lat === undefined) reportNotDegrees(ctx, latColumn, latText, true);
  if (lon === undefined) reportNotDegrees(ctx, lonColumn, lonText, false);
  if (lat === undefined || lon === undefined) return null;
  if (Math.abs(lat) > 90 && Math.abs(lat) <= 180 && Math.abs(lon) <= 90) {
    ctx.report(latColumn, say('data.cell.swapped', { lat: String(lat), lon: String(lon) }), false);
    return { lat: lon, lon: lat };
  }
  let ok = true;
  if (Math.abs(lat) > 90) {
    ctx.report(latColumn, say('data.cell.latitudeOutside', { value: String(lat) }), true);
    ok = false;
  }
  if (Math.abs(lon) > 180) {
    ctx.report(lonColumn, say('data.cell.longitudeOutside', { value: String(lon) }), true);
    ok = false;
  }
  return ok ? { lat, lon } : null;
}

export function readCount(ctx: RowContext, column: string | undefined): number | undefined {
  if (column === undefined) return undefined;
  const text = ctx.cell(column).trim();
  if (text === '') return undefined;
  const n = parseDecimal(text);
  if (n === undefined || n < 0) {
    ctx.report(column, say('data.cell.notPeople', { value: quoteCellText(text) }), false);
    return undefined;
  }
  return n;
}

/** Reads a required date cell; reports and returns null when it is missing or not a date. */
export function readDate(ctx: RowContext, column: string): Extract<LooseDate, { ok: true }> | null {
  const result = parseLooseDate(ctx.cell(column));
  if (!result.ok) {
    ctx.report(column, result.text, true);
    return null;
  }
  return result;
}
