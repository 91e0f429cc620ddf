import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { binEdges, binStart, chooseBinUnit, histogram, nextBinStart } from '../../../src/analysis/histogram';
import { dayFromNumber, dayNumber } from '../../../src/data/incident-date';

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
  test('counts every kept incident once, in the bin of its first day and its category', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 19_000, max: 21_000 }),
            category: fc.integer({ min: 0, max: 2 }),
            kept: fc.boolean(),
          }),
          {
            maxLength: 60,
          },
        ),
        fc.integer({ min: 20, max: 3000 }),
        fc.boolean(),
        (incidents, span, filtered) => {
          const columns = { day: incidents.map((i) => i.day), category: incidents.map((i) => i.category) };
          const mask = filtered ? Uint8Array.from(incidents, (i) => (i.kept ? 1 : 0)) : null;
          const range = { first: 19_500, last: 19_500 + span };
          const h = histogram(columns, 3, mask, range);
          const bins = h.edges.length - 1;
          incidents.forEach((incident, i) => {
            const inRange = incident.day >= h.edges[0] && incident.day < h.edges[bins];
            if (!inRange || (mask && !mask[i])) return;
            const b = h.edges.findLastIndex((edge) => edge <= incident.day);
            expect(b).toBeLessThan(bins);
          });
          for (let b = 0; b < bins; b++) {
            for (let c = 0; c < 3; c++) {
              const expected = incidents.filter(
                (x, i) => x.category === c && x.day >= h.edges[b] && x.day < h.edges[b + 1] && (!mask || mask[i]),
              ).length;
              expect(h.counts[b * 3 + c]).toBe(expected);
            }
          }
          expect(bins).toBeLessThanOrEqual(101);
        },
      ),
    );
  });
});
