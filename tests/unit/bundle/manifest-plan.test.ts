// The manifest parser names the field at fault; the plan picks the row groups a day range needs, and
// only those, from a small hand-made manifest.

import { describe, expect, test } from 'vitest';
import { dayFromIso, isoFromDay } from '../../../src/data/bundle/days';
import { type BundleManifest, BundleManifestError, parseManifest } from '../../../src/data/bundle/manifest';
import { planDays, rowsStartingIn } from '../../../src/data/bundle/plan';
import { manifestJson } from './fixture-manifest';

function manifest(): BundleManifest {
  return parseManifest(manifestJson());
}

describe('parseManifest', () => {
  test('accepts what pack writes', () => {
    expect(manifest().files).toHaveLength(3);
  });

  test.each([
    ['not an object', () => 'text', 'manifest'],
    ['another format', (m: Record<string, unknown>) => ({ ...m, format: 'geojson' }), 'format'],
    ['a later version', (m: Record<string, unknown>) => ({ ...m, version: 2 }), 'version'],
    ['a row count in words', (m: Record<string, unknown>) => ({ ...m, rows: 'seventy' }), 'rows'],
    ['bounds with three numbers', (m: Record<string, unknown>) => ({ ...m, bounds: [1, 2, 3] }), 'bounds'],
    [
      'a day count short',
      (m: Record<string, unknown>) => ({ ...m, days: { ...(m.days as object), counts: [1, 2] } }),
      'days.counts',
    ],
    [
      'a byte range past the file',
      (m: Record<string, unknown>) => {
        const files = m.files as { rowGroups: { byteEnd: number }[] }[];
        files[1].rowGroups[1].byteEnd = 999_999;
        return m;
      },
      'files[1].rowGroups[1].byteEnd',
    ],
    [
      'a path out of the folder',
      (m: Record<string, unknown>) => {
        (m.files as { path: string }[])[0].path = '../secret.parquet';
        return m;
      },
      'files[0].path',
    ],
    [
      'an unknown series',
      (m: Record<string, unknown>) => {
        (m.files as { series: string }[])[2].series = 'maybe';
        return m;
      },
      'files[2].series',
    ],
    [
      'row groups that do not add up',
      (m: Record<string, unknown>) => {
        (m.files as { rows: number }[])[0].rows = 41;
        return m;
      },
      'files[0].rows',
    ],
  ])('refuses %s, naming the field', (_, change, field) => {
    let error: unknown;
    try {
      parseManifest(change(manifestJson()));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BundleManifestError);
    expect((error as BundleManifestError).field).toBe(field);
    expect((error as Error).message).toMatch(new RegExp(`^Bundle manifest: ${field.replace(/[[\].]/g, '\\$&')} `));
  });
});

describe('planDays', () => {
  test('overlap: the groups whose rows can reach into the range, in runs; the open series whenever it started', () => {
    const plan = planDays(manifest(), 114, 120);
    expect(plan.files.map((f) => [f.file.path, f.runs.map((r) => [r.firstGroup, r.lastGroup])])).toEqual([
      ['data/a.parquet', [[1, 2]]],
      ['data/open-a.parquet', [[0, 0]]],
    ]);
    expect(plan.files[0].runs[0]).toMatchObject({ rowStart: 10, rowEnd: 30, byteStart: 1004, byteEnd: 3004 });
    expect(plan.rowGroups).toBe(3);
    expect(plan.rows).toBe(25);
    // Each file's footer (from footerStart to its end) and its runs.
    expect(plan.bytes).toBe(5000 - 4004 + 2000 + (2000 - 1004 + 1000));
    expect(plan.requests).toBe(4);
  });

  test('start: only the groups whose first days fall in the range', () => {
    const plan = planDays(manifest(), 114, 120, { match: 'start' });
    expect(plan.files.map((f) => [f.file.path, f.runs.map((r) => [r.firstGroup, r.lastGroup])])).toEqual([
      ['data/a.parquet', [[2, 2]]],
      ['data/open-a.parquet', [[0, 0]]],
    ]);
  });

  test('across files, and nothing at all outside the data', () => {
    const plan = planDays(manifest(), 128, 147, { match: 'start' });
    expect(plan.files.map((f) => [f.file.path, f.runs.length])).toEqual([
      ['data/a.parquet', 1],
      ['data/b.parquet', 1],
      ['data/open-a.parquet', 1],
    ]);
    expect(plan.files[1].runs[0]).toMatchObject({ firstGroup: 0, lastGroup: 1, rowStart: 0, rowEnd: 25 });
    expect(planDays(manifest(), 0, 99).files).toEqual([]);
    expect(planDays(manifest(), 200, 300, { match: 'start' }).files).toEqual([]);
    expect(planDays(manifest(), 200, 300).files.map((f) => f.file.series)).toEqual(['open']);
  });

  test('refuses a range that ends before it starts', () => {
    expect(() => planDays(manifest(), 120, 110)).toThrow(RangeError);
  });

  test('rowsStartingIn counts from the manifest alone', () => {
    expect(rowsStartingIn(manifest(), 100, 109)).toBe(20);
    expect(rowsStartingIn(manifest(), 0, 1000)).toBe(70);
    expect(rowsStartingIn(manifest(), 150, 150)).toBe(1);
  });
});

describe('day numbers', () => {
  test('YYYY-MM-DD and back, leap days and old years included', () => {
    expect(dayFromIso('1970-01-01')).toBe(0);
    expect(dayFromIso('2024-12-24')).toBe(20081);
    expect(isoFromDay(dayFromIso('2024-02-29'))).toBe('2024-02-29');
    expect(isoFromDay(dayFromIso('0050-06-01'))).toBe('0050-06-01');
    expect(() => dayFromIso('2023-02-29')).toThrow(/not a day/);
    expect(() => dayFromIso('24-12-2024')).toThrow(/YYYY-MM-DD/);
  });
});
