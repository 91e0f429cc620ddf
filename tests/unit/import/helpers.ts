import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { detectLayout, type LayoutGuess, type Row } from '../../../src/data/import/table/detect-layout';
import { rowsToDataset } from '../../../src/data/import/table/tabular';
import type { DatasetProblem, DatasetReport } from '../../../src/data/types';

/** Absolute path of a fixture in tests/unit/import/fixtures. */
export const fixturePath = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
export const readFixture = (name: string) => readFileSync(fixturePath(name), 'utf8');
export const readJsonFixture = <T>(name: string): T => JSON.parse(readFixture(name)) as T;

/** Parses a table the way the app does: papaparse, header row, blank lines skipped, BOM dropped. */
export function parseTable(
  text: string,
  delimiter = '',
): { headers: string[]; rows: Row[]; errors: Papa.ParseError[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = Papa.parse<Row>(body, { header: true, skipEmptyLines: 'greedy', delimiter });
  return { headers: parsed.meta.fields ?? [], rows: parsed.data, errors: parsed.errors };
}

/** Reads a table fixture through detectLayout and rowsToDataset. */
export function loadTable(name: string): { guess: LayoutGuess; report: DatasetReport; rows: Row[] } {
  const { headers, rows, errors } = parseTable(readFixture(name), name.endsWith('.tsv') ? '\t' : '');
  if (errors.length > 0) throw new Error(`${name}: ${errors.map((e) => e.message).join('; ')}`);
  const guess = detectLayout(headers);
  return { guess, report: rowsToDataset(rows, guess, { name }), rows };
}

/** [row, field, skipped] of each problem, for compact comparisons. */
export const rowProblems = (problems: DatasetProblem[]) => problems.map((p) => [p.row, p.field, p.skipped]);
