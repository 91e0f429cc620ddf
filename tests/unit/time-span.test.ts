import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dayNumber } from '../../src/data/dates/incident-date';
import {
  type AxisRange,
  axisRange,
  axisSpan,
  cursorPlace,
  rangeShowing,
  wholeDays,
  zoomRange,
} from '../../src/timeline/time-span';

// The seed's timeline: 1 Sept to 24 Dec 2024, so positions 31 Aug (nothing revealed) to 24 Dec.
const seedWhole: AxisRange = { min: dayNumber('2024-08-31'), max: dayNumber('2024-12-24') };

describe('axisRange and axisSpan', () => {
  test('days first..last take the positions from the day before first to last', () => {
    expect(axisRange(['2024-10-01', '2024-10-31'], seedWhole)).toEqual({
      min: dayNumber('2024-09-30'),
      max: dayNumber('2024-10-31'),
    });
    expect(axisSpan({ min: dayNumber('2024-09-30'), max: dayNumber('2024-10-31') }, seedWhole)).toEqual([
      '2024-10-01',
      '2024-10-31',
    ]);
  });

  test('the whole timeline is no span, and a span is cut to the timeline', () => {
    expect(axisRange(null, seedWhole)).toBe(seedWhole);
    expect(axisSpan(seedWhole, seedWhole)).toBeNull();
    expect(axisRange(['2024-01-01', '2025-06-30'], seedWhole)).toEqual(seedWhole);
  });

  test('the cursor is on the axis from its left end (nothing of the span revealed) to its right end', () => {
    const range = { min: 100, max: 130 };
    expect(cursorPlace(range, 99)).toBe('before');
    expect(cursorPlace(range, 100)).toBe('on');
    expect(cursorPlace(range, 130)).toBe('on');
    expect(cursorPlace(range, 131)).toBe('after');
  });
});

describe('zoomRange and wholeDays', () => {
  test('the wheel over 23 Dec, beside the cursor on 24 Dec, keeps 24 Dec on the axis', () => {
    // What issue #28 saw: rounding the zoomed ends to the nearest day gave 10–23 Dec.
    const whole = seedWhole;
    let exact: AxisRange = whole;
    let range: AxisRange = whole;
    const pointer = dayNumber('2024-12-23');
    for (let turn = 0; turn < 10; turn++) {
      const at = (pointer - range.min) / (range.max - range.min);
      exact = zoomRange(exact.max - exact.min, range.min + at * (range.max - range.min), at, 0.8, whole, 14);
      range = wholeDays(exact);
    }
    expect(exact.max - exact.min).toBe(14);
    expect(axisSpan(range, whole)).toEqual(['2024-12-10', '2024-12-24']);
  });

  test('a zoom holds the pivot at its fraction, within the timeline, no shorter than the least', () => {
    expect(zoomRange(100, 150, 0.5, 0.5, { min: 100, max: 200 }, 14)).toEqual({ min: 125, max: 175 });
    // Near an end the timeline's end holds instead.
    expect(zoomRange(100, 190, 0.5, 0.5, { min: 100, max: 200 }, 14)).toEqual({ min: 150, max: 200 });
    expect(zoomRange(20, 150, 0.5, 0.5, { min: 100, max: 200 }, 14)).toEqual({ min: 143, max: 157 });
    // Out no further than the whole; a timeline shorter than the least is shown whole.
    expect(zoomRange(90, 150, 0.5, 2, { min: 100, max: 200 }, 14)).toEqual({ min: 100, max: 200 });
    expect(zoomRange(10, 105, 0.5, 0.5, { min: 100, max: 110 }, 14)).toEqual({ min: 100, max: 110 });
  });

  test('properties: inside the timeline, the pivot kept on it, whole days covering the exact range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 3, noNaN: true }),
        fc.double({ min: 1, max: 6000, noNaN: true }),
        (start, wholeLength, pivotAt, at, factor, length) => {
          const whole = { min: start, max: start + wholeLength };
          const pivot = whole.min + pivotAt * wholeLength;
          const zoomed = zoomRange(length, pivot, at, factor, whole, 14);
          const tolerance = 1e-6 * Math.max(1, wholeLength);
          expect(zoomed.min).toBeGreaterThanOrEqual(whole.min - tolerance);
          expect(zoomed.max).toBeLessThanOrEqual(whole.max + tolerance);
          expect(zoomed.max - zoomed.min).toBeCloseTo(
            Math.min(wholeLength, Math.max(Math.min(14, wholeLength), length * factor)),
            6,
          );
          // The pivot stays on the axis, at its fraction unless an end of the timeline is in the way.
          expect(pivot).toBeGreaterThanOrEqual(zoomed.min - tolerance);
          expect(pivot).toBeLessThanOrEqual(zoomed.max + tolerance);
          if (zoomed.min > whole.min + tolerance && zoomed.max < whole.max - tolerance) {
            expect((pivot - zoomed.min) / (zoomed.max - zoomed.min)).toBeCloseTo(at, 6);
          }
          const days = wholeDays(zoomed);
          expect(Number.isInteger(days.min) && Number.isInteger(days.max)).toBe(true);
          expect(days.min).toBeLessThanOrEqual(zoomed.min + 1e-6);
          expect(days.max).toBeGreaterThanOrEqual(zoomed.max - 1e-6);
          expect(zoomed.min - days.min).toBeLessThan(1);
          expect(days.max - zoomed.max).toBeLessThan(1);
          expect(days.min).toBeGreaterThanOrEqual(whole.min);
          expect(days.max).toBeLessThanOrEqual(whole.max);
        },
      ),
    );
  });

  test('whole days: a sum of fractions a hair past a day is that day', () => {
    expect(wholeDays({ min: 100.0000000001, max: 114.9999999999 })).toEqual({ min: 100, max: 115 });
    expect(wholeDays({ min: 100.12, max: 114.12 })).toEqual({ min: 100, max: 115 });
  });
});

describe('rangeShowing', () => {
  const whole = { min: 0, max: 1000 };
  const range = { min: 100, max: 200 };

  test('a cursor on the axis leaves it as it is', () => {
    expect(rangeShowing(range, 100, 30, whole)).toBe(range);
    expect(rangeShowing(range, 200, 0, whole)).toBe(range);
  });

  test('a cursor after the axis ends it; one before starts it with its window', () => {
    expect(rangeShowing(range, 500, 30, whole)).toEqual({ min: 400, max: 500 });
    expect(rangeShowing(range, 50, 0, whole)).toEqual({ min: 50, max: 150 });
    expect(rangeShowing(range, 50, 30, whole)).toEqual({ min: 20, max: 120 });
    // A window longer than the axis: the cursor at its right end, the window filling it.
    expect(rangeShowing({ min: 600, max: 700 }, 500, 365, whole)).toEqual({ min: 400, max: 500 });
  });

  test('within the timeline', () => {
    expect(rangeShowing(range, 10, 30, whole)).toEqual({ min: 0, max: 100 });
    expect(rangeShowing({ min: 100, max: 5000 }, 5, 0, whole)).toEqual({ min: 0, max: 1000 });
    // A span wholly after the timeline, cut to it, is empty: the whole timeline then.
    expect(rangeShowing(axisRange(['2030-01-01', '2030-12-31'], seedWhole), seedWhole.max, 0, seedWhole)).toBe(
      seedWhole,
    );
  });

  test('properties: as long, within the timeline, the cursor on it, moved no more than needed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 400 }),
        (start, length, day, lead) => {
          const from = Math.min(start, 1000 - Math.min(length, 1000));
          const shown = { min: from, max: from + Math.min(length, 1000) };
          const moved = rangeShowing(shown, day, lead, whole);
          expect(moved.max - moved.min).toBe(shown.max - shown.min);
          expect(moved.min).toBeGreaterThanOrEqual(whole.min);
          expect(moved.max).toBeLessThanOrEqual(whole.max);
          expect(cursorPlace(moved, day)).toBe('on');
          if (cursorPlace(shown, day) === 'after') expect(moved.max).toBe(day);
          if (cursorPlace(shown, day) === 'before') expect(moved.max).toBeLessThan(shown.max);
        },
      ),
    );
  });
});
