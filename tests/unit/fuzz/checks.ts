// What every reader owes its user, checked against counts made apart from it:
// every data row or feature is either loaded or named as skipped, a problem
// about the whole file only when nothing loads, and no message quoting more
// than about 80 characters of one cell.
import Papa from 'papaparse';
import { expect } from 'vitest';
import { isHxlRow, type Row, safeHeader } from '../../../src/data/import/table/detect-layout';
import type { DatasetProblem } from '../../../src/data/types';
import type { Opened } from './drive';
import { type Guard, limitFor } from './guard';

/** The text of a file as the dataset worker decodes it (a leading byte-order mark dropped). */
export const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/**
 * The data rows of a table as papaparse reads the whole text (the reader
 * under test parses it in pieces, as it arrives): the rows after the header
 * that are not blank, but a leading HXL hashtag row; with each one's
 * spreadsheet row number (the header is row 1, blank lines are not counted).
 */
export function dataRows(text: string, delimiter: string): Set<number> {
  const body = text.replace(/^\uFEFF/, '');
  // Rows as the app's CSV stream makes them (csv-stream.ts): its header names made safe (a column named
  // __proto__ would otherwise set a row's prototype, and its cell be lost).
  const rows = quietly(
    () =>
      Papa.parse<Row>(body, { delimiter, header: true, transformHeader: safeHeader, skipEmptyLines: 'greedy' }).data,
  );
  const numbers = new Set<number>();
  const hxl = rows.length > 0 && isHxlRow(rows[0]);
  for (let r = hxl ? 1 : 0; r < rows.length; r++) numbers.add(2 + r);
  return numbers;
}

/** Runs `read` without papaparse's console warning of each header it renames (thousands of lines of noise). */
function quietly<T>(read: () => T): T {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return read();
  } finally {
    console.warn = warn;
  }
}

/** How many features a GeoJSON text holds (a lone Feature is one), or null when it is not JSON or not features. */
export function featureCount(text: string): number | null {
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root) || !Object.hasOwn(root, 'type')) return null;
  const { type, features } = root as { type: unknown; features?: unknown };
  if (type === 'Feature') return 1;
  if (type === 'FeatureCollection' && Object.hasOwn(root, 'features') && Array.isArray(features)) {
    return features.length;
  }
  return null;
}

/**
 * Every data row or feature is accounted for: loaded, or named (by spreadsheet
 * row for a table, by index for GeoJSON) in a problem that says it was
 * skipped; a problem about the whole file that skips (index -1) only when
 * nothing loads (a warning about the file, such as a bbox ignored, may stand
 * beside loaded features). `expected` holds the row numbers or indexes;
 * null when the file is not one of features at all, when nothing may load and
 * the file must say why.
 */
export function expectAccounted(
  read: { loaded: number; packed: number; problems: DatasetProblem[]; mismatch: string | null },
  expected: Set<number> | null,
  by: 'row' | 'index',
): void {
  expect(read.mismatch, 'the packed dataset tells an incident otherwise than it was read').toBeNull();
  expect(read.packed, 'every incident read is packed').toBe(read.loaded);
  const fileLevel = read.problems.filter((p) => p.index < 0 && p.skipped);
  if (expected === null || fileLevel.length > 0) {
    expect(read.loaded, `nothing loads when the file is refused: ${fileLevel[0]?.message}`).toBe(0);
    expect(fileLevel.length, 'a file that loads nothing says why').toBeGreaterThan(0);
    return;
  }
  const named = new Set<number>();
  for (const problem of read.problems) {
    if (problem.index < 0) continue;
    const at = by === 'row' ? problem.row : problem.index;
    expect(at, `the problem names its ${by}: ${JSON.stringify(problem).slice(0, 300)}`).toBeTypeOf('number');
    expect(
      expected.has(at as number),
      `${by} ${at} is one of the file's (${JSON.stringify(problem).slice(0, 300)})`,
    ).toBe(true);
    if (problem.skipped) named.add(at as number);
  }
  expect(read.loaded + named.size, `loaded (${read.loaded}) + skipped and named (${named.size})`).toBe(expected.size);
}

/**
 * Opens `bytes` as a file, as the app does, within the hang guard, and checks
 * that it finished without throwing and accounted for every row or feature.
 * Returns what it read, for further checks.
 */
export async function openAndAccount(
  guard: Guard,
  input: { bytes: Uint8Array; name: string; pieces: number[]; choice: number[] },
  limitMs = limitFor(input.bytes.length),
): Promise<Opened> {
  const outcome = await guard.run('open', input, input.bytes.length, limitMs);
  if (outcome.kind === 'hung') throw new Error(`hung: no answer within ${outcome.ms} ms`);
  if (outcome.kind === 'threw') throw new Error(`threw: ${outcome.error}`);
  const opened = outcome.value;
  if (opened.kind !== 'loaded') return opened;
  const text = decode(input.bytes);
  if (opened.format === 'CSV') expectAccounted(opened, dataRows(text, opened.delimiter), 'row');
  else {
    const count = featureCount(text);
    expectAccounted(opened, count === null ? null : new Set(Array.from({ length: count }, (_, i) => i)), 'index');
  }
  return opened;
}

/**
 * The issue asks that a message quote at most about 80 characters of a cell: a
 * message that holds more than QUOTE_LIMIT characters of one cell in a row
 * quotes too much. (A little over 80, so a fix that quotes 80 and a few
 * characters of context passes.)
 */
export const QUOTE_LIMIT = 100;

/**
 * The first message that quotes more than QUOTE_LIMIT characters of one of
 * `cells` in a row, with how much; null when none does. Every window of
 * QUOTE_LIMIT + 1 characters of every long cell is hashed once (a rolling
 * hash), so 100 KB cells and messages are checked in linear time.
 */
export function overQuoted(messages: readonly string[], cells: readonly string[]): string | null {
  const width = QUOTE_LIMIT + 1;
  const long = cells.filter((cell) => cell.length >= width);
  if (long.length === 0) return null;
  const windows = new Set<number>();
  for (const cell of long) for (const h of rollingHashes(cell, width)) windows.add(h);
  for (const message of messages) {
    if (message.length < width) continue;
    let at = 0;
    for (const h of rollingHashes(message, width)) {
      const window = message.slice(at, at + width);
      if (windows.has(h) && long.some((cell) => cell.includes(window))) {
        return `a message quotes more than ${QUOTE_LIMIT} characters of a cell (${message.length} characters long): ${message.slice(0, 200)}…`;
      }
      at++;
    }
  }
  return null;
}

/** The hash of each `width`-character window of `text`, in order (polynomial, modulo 2^32). */
function* rollingHashes(text: string, width: number): Generator<number> {
  const BASE = 0x01000193;
  let top = 1;
  for (let i = 0; i < width - 1; i++) top = Math.imul(top, BASE);
  let h = 0;
  for (let i = 0; i < text.length; i++) {
    if (i >= width) h = (h - Math.imul(text.charCodeAt(i - width), top)) | 0;
    h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
    if (i >= width - 1) yield h;
  }
}

/** How many times as large as the samples the large inputs are (thousands of rows or features). */
export const SCALE = 32;

/**
 * How many cases loaded rows or features and how many named a skipped one:
 * the properties must not pass by reading nothing. The cases are random, so
 * a share is checked against a third of what the generators were seen to make:
 * a generator that stopped making such cases fails, chance alone does not.
 */
export class Tally {
  cases = 0;
  loaded = 0;
  skipped = 0;
  add(opened: Opened): void {
    this.cases++;
    if (opened.kind !== 'loaded') return;
    if (opened.loaded > 0) this.loaded++;
    if (opened.problems.some((p) => p.skipped && p.index >= 0)) this.skipped++;
  }
  /** About `loaded` of the cases loaded some `what`, and `skipped` of them named a skipped one. */
  expectShare(what: 'rows' | 'features', loaded: number, skipped = loaded): void {
    const floor = (share: number) => Math.floor((share * this.cases) / 3);
    expect(this.loaded, `cases that loaded ${what}, of ${this.cases}`).toBeGreaterThanOrEqual(floor(loaded));
    expect(this.skipped, `cases that skipped some of their ${what}, of ${this.cases}`).toBeGreaterThanOrEqual(
      floor(skipped),
    );
  }
}
