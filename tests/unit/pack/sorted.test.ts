import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lowerBound, upperBound } from '../../../src/data/pack/sorted';

describe('lowerBound and upperBound', () => {
  test('count the items below, and at most, a value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (items, value) => {
        const sorted = Int32Array.from(items).sort();
        expect(lowerBound(sorted, value)).toBe(items.filter((item) => item < value).length);
        expect(upperBound(sorted, value)).toBe(items.filter((item) => item <= value).length);
      }),
    );
  });

  test('an empty array, and values past either end', () => {
    expect([lowerBound([], 3), upperBound([], 3)]).toEqual([0, 0]);
    const days = Float64Array.of(1, 2, 2, 5);
    expect([lowerBound(days, 0), upperBound(days, 0), lowerBound(days, 9), upperBound(days, 9)]).toEqual([0, 0, 4, 4]);
    expect([lowerBound(days, 2), upperBound(days, 2)]).toEqual([1, 3]);
  });
});
