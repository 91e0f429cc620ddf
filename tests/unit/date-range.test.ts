import { describe, expect, test } from 'vitest';
import { periodOf } from '../../src/ui/date-range';

describe('periodOf: the range a search for a year, month or day meant', () => {
  test.each([
    ['2014', { from: '2014-01-01', to: '2014-12-31', name: '2014' }],
    [' 2024-02 ', { from: '2024-02-01', to: '2024-02-29', name: 'Feb 2024' }],
    ['2023-02', { from: '2023-02-01', to: '2023-02-28', name: 'Feb 2023' }],
    ['2024-12', { from: '2024-12-01', to: '2024-12-31', name: 'Dec 2024' }],
    ['2024-12-24', { from: '2024-12-24', to: '2024-12-24', name: '24 Dec 2024' }],
    // A year before 1000 keeps its four digits (it once made the next year "501" and threw).
    ['0500-12', { from: '0500-12-01', to: '0500-12-31', name: 'Dec 500' }],
  ])('%s', (text, period) => {
    expect(periodOf(text)).toEqual(period);
  });

  test.each(['Kabul 2014', '14', '2014-13', '2014-02-30', '20145', ''])('%s is no period', (text) => {
    expect(periodOf(text)).toBeNull();
  });
});
