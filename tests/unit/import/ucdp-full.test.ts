import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { detectLayout, type Row } from '../../../src/data/layouts';
import { rowsToDataset } from '../../../src/data/tabular';
import type { DatasetReport } from '../../../src/data/types';

// The real UCDP GED 22.1 export for Pakistan (see tests/fixtures/README.md), parsed as the app parses it.
const text = readFileSync(new URL('../../fixtures/ucdp-ged-22.1-pakistan.csv', import.meta.url), 'utf8');

describe('the full UCDP GED sample', () => {
  const parsed = Papa.parse<Row>(text, { header: true, skipEmptyLines: 'greedy' });
  // Row 2 of the file is the HXL hashtag row; every other record is one event.
  const hxl = parsed.data[0];
  const events = parsed.data.length - 1;
  let report: DatasetReport;

  test('papaparse reads it without errors', () => {
    expect(parsed.errors).toEqual([]);
    expect(hxl.year).toBe('#date+year');
    expect(events).toBe(5568);
  });

  test('every event loads and none is skipped', { timeout: 60_000 }, () => {
    const guess = detectLayout(parsed.meta.fields ?? []);
    expect(guess).toMatchObject({ kind: 'ucdp', confident: true });
    report = rowsToDataset(parsed.data, guess, { name: 'ucdp-ged-22.1-pakistan.csv' });
    expect(report.dataset.incidents).toHaveLength(events);
    expect(report.problems.filter((p) => p.skipped)).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  test('ids are unique and come from the UCDP ids', () => {
    const ids = report.dataset.incidents.map((i) => i.id);
    expect(new Set(ids).size).toBe(events);
    expect(ids.every((id) => /^ucdp-\d+$/.test(id))).toBe(true);
  });

  test('dates follow date_prec: days, intervals, a few months and years', () => {
    const kinds = new Map<string, number>();
    for (const { date } of report.dataset.incidents) {
      const kind = date.includes('/') ? 'interval' : date.length === 10 ? 'day' : date.length === 7 ? 'month' : 'year';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    // date_prec is 1 for 5,287 events, each with start == end.
    expect(kinds.get('day')).toBe(5287);
    expect((kinds.get('month') ?? 0) + (kinds.get('year') ?? 0) + (kinds.get('interval') ?? 0)).toBe(events - 5287);
    expect(report.dataset.incidents.every((i) => Number.isFinite(i.start) && i.end >= i.start)).toBe(true);
  });

  test('categories, precisions, fatalities and sources are all filled', () => {
    const categories = new Set(report.dataset.incidents.map((i) => i.category));
    expect([...categories].sort()).toEqual(['one-sided', 'state-based']);
    expect(report.dataset.incidents.every((i) => i.fatalities !== undefined && i.sources.length > 0)).toBe(true);
    expect(report.dataset.incidents.every((i) => !/\n/.test(i.title))).toBe(true);
  });
});
