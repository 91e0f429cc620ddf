import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { binEdges, binStart, chooseBinUnit, histogram, nextBinStart } from '../../../src/analysis/histogram';
import { dayFromNumber, dayNumber } from '../../../src/data/dates/incident-date';

const d = (day: string) => dayNumber(day);
const days = (edges: Int32Array) => Array.from(edges, (n) => dayFromNumber(n));

describe('bins', () => {
  test('the unit follows the span: days, then weeks, months and years', () => {
    expect(chooseBinUnit(30)).toBe('day');
    expect(chooseBinUnit(100)).toBe('day');
    expect(chooseBinUnit(101)).toBe('week');
    expect(chooseBinUnit(700)).toBe('week');
    expect(chooseBinUnit(3 * 365)).toBe('month');
    expect(chooseBinUnit(8 * 365)).toBe('month');
    expect(chooseBinUnit(20 * 365)).toBe('year');
  });

  test('weeks start on Monday, also across a year end', () => {
    expect(dayFromNumber(binStart(d('2024-12-25'), 'week'))).toBe('2024-12-23');
    expect(dayFromNumber(binStart(d('2024-12-23'), 'week'))).toBe('2024-12-23');
    expect(dayFromNumber(binStart(d('2025-01-01'), 'week'))).toBe('2024-12-30');
    expect(dayFromNumber(binStart(d('1969-12-31'), 'week'))).toBe('1969-12-29');
  });

  test('months and years are calendar months and years, leap days included', () => {
    expect(days(binEdges(d('2024-01-15'), d('2024-03-01'), 'month'))).toEqual([
      '2024-01-01',
      '2024-02-01',
      '2024-03-01',
      '2024-04-01',
    ]);
    // February 2024 has 29 days, February 2023 has 28.
    expect(nextBinStart(d('2024-02-01'), 'month') - d('2024-02-01')).toBe(29);
    expect(nextBinStart(d('2023-02-01'), 'month') - d('2023-02-01')).toBe(28);
    expect(dayFromNumber(binStart(d('2024-02-29'), 'month'))).toBe('2024-02-01');
    expect(nextBinStart(d('2024-01-01'), 'year') - d('2024-01-01')).toBe(366);
    expect(days(binEdges(d('2023-06-01'), d('2024-02-29'), 'year'))).toEqual([
      '2023-01-01',
      '2024-01-01',
      '2025-01-01',
    ]);
  });

  test('edges tile the span without gaps: every day falls in exactly one bin', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -40_000, max: 60_000 }),
        fc.integer({ min: 0, max: 4000 }),
        fc.constantFrom('day', 'week', 'month', 'year' as const),
        (first, length, unit) => {
          const edges = binEdges(first, first + length, unit);
          expect(edges[0]).toBeLessThanOrEqual(first);
          expect(edges.at(-1)).toBeGreaterThan(first + length);
          for (let b = 0; b + 1 < edges.length; b++) {
            expect(edges[b + 1]).toBeGreaterThan(edges[b]);
            expect(binStart(edges[b], unit)).toBe(edges[b]);
            expect(nextBinStart(edges[b], unit)).toBe(edges[b + 1]);
          }
        },
      ),
    );
  });
});

describe('histogram', () => {
  /** Incidents as (day, category) pairs, with `kept` false for those the filter leaves out. */
  const count = (
    incidents: [day: string, category: number, kept?: boolean][],
    categories: number,
    range: [string, string],
    maxBins?: number,
  ) => {
    const mask = Uint8Array.from(incidents, ([, , kept]) => (kept === false ? 0 : 1));
    return histogram(
      { day: incidents.map(([day]) => d(day)), category: incidents.map(([, category]) => category) },
      categories,
      mask,
      { first: d(range[0]), last: d(range[1]) },
      maxBins,
    );
  };
  /** Each bin as its first day and its counts by category. */
  const bins = (h: ReturnType<typeof histogram>) =>
    Array.from({ length: h.edges.length - 1 }, (_, b) => [
      dayFromNumber(h.edges[b]),
      Array.from(h.counts.subarray(b * h.categories, (b + 1) * h.categories)),
    ]);

  test('days: each kept incident in the bar of its day and category; outside the range or filtered out, in none', () => {
    const h = count(
      [
        ['2024-12-19', 0],
        ['2024-12-20', 0],
        ['2024-12-20', 1],
        ['2024-12-22', 2],
        ['2024-12-22', 2, false],
        ['2024-12-24', 1],
        ['2024-12-25', 0],
      ],
      3,
      ['2024-12-20', '2024-12-24'],
    );
    expect(h.unit).toBe('day');
    expect(bins(h)).toEqual([
      ['2024-12-20', [1, 1, 0]],
      ['2024-12-21', [0, 0, 0]],
      ['2024-12-22', [0, 0, 1]],
      ['2024-12-23', [0, 0, 0]],
      ['2024-12-24', [0, 1, 0]],
    ]);
    expect(dayFromNumber(h.edges[5])).toBe('2024-12-25');
    expect(h.max).toBe(2);
  });

  test('weeks: Monday to Sunday, across a year end', () => {
    // 1 Nov 2024 to 10 Jan 2025 is 71 days: more than 20 day bars, so weeks, the first from Monday 28 October.
    const h = count(
      [
        ['2024-10-27', 0],
        ['2024-11-03', 0],
        ['2024-11-04', 1],
        ['2024-12-31', 2],
        ['2025-01-05', 2],
        ['2025-01-10', 0],
      ],
      3,
      ['2024-11-01', '2025-01-10'],
      20,
    );
    expect(h.unit).toBe('week');
    expect(bins(h)).toEqual([
      ['2024-10-28', [1, 0, 0]],
      ['2024-11-04', [0, 1, 0]],
      ['2024-11-11', [0, 0, 0]],
      ['2024-11-18', [0, 0, 0]],
      ['2024-11-25', [0, 0, 0]],
      ['2024-12-02', [0, 0, 0]],
      ['2024-12-09', [0, 0, 0]],
      ['2024-12-16', [0, 0, 0]],
      ['2024-12-23', [0, 0, 0]],
      ['2024-12-30', [0, 0, 2]],
      ['2025-01-06', [1, 0, 0]],
    ]);
    expect(h.max).toBe(2);
  });

  test('months: calendar months, the leap day in February', () => {
    // 15 January to 10 April 2024 is 87 days: more than 10 weeks, so months.
    const h = count(
      [
        ['2024-01-31', 0],
        ['2024-02-29', 1],
        ['2024-03-01', 1],
        ['2024-03-15', 0, false],
        ['2024-04-10', 2],
      ],
      3,
      ['2024-01-15', '2024-04-10'],
      10,
    );
    expect(h.unit).toBe('month');
    expect(bins(h)).toEqual([
      ['2024-01-01', [1, 0, 0]],
      ['2024-02-01', [0, 1, 0]],
      ['2024-03-01', [0, 1, 0]],
      ['2024-04-01', [0, 0, 1]],
    ]);
    expect(dayFromNumber(h.edges[4])).toBe('2024-05-01');
    expect(h.max).toBe(1);
  });

  test('years: the last day of one year and the first of the next are in different bars', () => {
    const h = count(
      [
        ['2000-12-31', 0],
        ['2001-01-01', 0],
        ['2001-07-01', 1],
        ['2024-12-31', 1],
      ],
      2,
      ['2000-06-01', '2024-12-31'],
    );
    expect(h.unit).toBe('year');
    expect(h.edges).toHaveLength(26);
    expect(bins(h).filter(([, counts]) => (counts as number[]).some((n) => n > 0))).toEqual([
      ['2000-01-01', [1, 0]],
      ['2001-01-01', [1, 1]],
      ['2024-01-01', [0, 1]],
    ]);
    expect(h.max).toBe(2);
  });

  test('no mask counts everything; a mask that keeps nothing gives empty bars', () => {
    const columns = { day: [d('2024-12-20'), d('2024-12-20'), d('2024-12-21')], category: [0, 1, 0] };
    const range = { first: d('2024-12-20'), last: d('2024-12-21') };
    expect(Array.from(histogram(columns, 2, null, range).counts)).toEqual([1, 1, 1, 0]);
    const none = histogram(columns, 2, new Uint8Array(3), range);
    expect(Array.from(none.counts)).toEqual([0, 0, 0, 0]);
    expect(none.max).toBe(0);
  });

  test('every kept incident within the range is counted once, whatever the unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 3000 }),
        fc.array(
          fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), category: fc.nat(2), kept: fc.boolean() }),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        (span, incidents) => {
          const first = 19_500;
          const columns = {
            day: incidents.map((i) => first + Math.floor(i.at * span)),
            category: incidents.map((i) => i.category),
          };
          const mask = Uint8Array.from(incidents, (i) => (i.kept ? 1 : 0));
          const h = histogram(columns, 3, mask, { first, last: first + span });
          const total = h.counts.reduce((sum, n) => sum + n, 0);
          expect(total).toBe(incidents.filter((i) => i.kept).length);
          for (let c = 0; c < 3; c++) {
            let inCategory = 0;
            for (let b = 0; b + 1 < h.edges.length; b++) inCategory += h.counts[b * 3 + c];
            expect(inCategory).toBe(incidents.filter((i) => i.kept && i.category === c).length);
          }
        },
      ),
    );
  });
});
