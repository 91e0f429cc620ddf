// Incident counts over time for the timeline's histogram: bins of days, ISO
// weeks, calendar months or years, chosen so the span shown has a readable
// number of bars, split by category and following the filter. Days are day
// numbers (days since 1970-01-01, UTC, as dates are written), so time zones
// do not move a bin edge. Pure.
import { DAY_MS } from '../data/dates/incident-date';

export type BinUnit = 'day' | 'week' | 'month' | 'year';

/** The finest unit that gives at most `maxBins` bins over `spanDays` days. */
export function chooseBinUnit(spanDays: number, maxBins = 100): BinUnit {
  if (spanDays <= maxBins) return 'day';
  if (spanDays / 7 <= maxBins) return 'week';
  if (spanDays / 30.44 <= maxBins) return 'month';
  return 'year';
}

/** The first day of the bin holding `day`. Weeks start on Monday. */
export function binStart(day: number, unit: BinUnit): number {
  switch (unit) {
    case 'day':
      return day;
    case 'week':
      // 1970-01-01 was a Thursday: three days after a Monday.
      return day - ((((day + 3) % 7) + 7) % 7);
    case 'month': {
      const date = new Date(day * DAY_MS);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
    }
    case 'year':
      return Date.UTC(new Date(day * DAY_MS).getUTCFullYear(), 0, 1) / DAY_MS;
  }
}

/** The first day of the bin after the one starting on `start`. */
export function nextBinStart(start: number, unit: BinUnit): number {
  switch (unit) {
    case 'day':
      return start + 1;
    case 'week':
      return start + 7;
    case 'month': {
      const date = new Date(start * DAY_MS);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS;
    }
    case 'year':
      return Date.UTC(new Date(start * DAY_MS).getUTCFullYear() + 1, 0, 1) / DAY_MS;
  }
}

/** Bin edges covering days `first`..`last`: edges[b] is bin b's first day; the last edge ends the last bin. */
export function binEdges(first: number, last: number, unit: BinUnit): Int32Array {
  const edges: number[] = [];
  for (let start = binStart(first, unit); start <= last; start = nextBinStart(start, unit)) edges.push(start);
  edges.push(nextBinStart(edges.at(-1) ?? binStart(first, unit), unit));
  if (edges.length === 1) edges.unshift(binStart(first, unit));
  return Int32Array.from(edges);
}

export interface Histogram {
  unit: BinUnit;
  edges: Int32Array;
  /** Count of bin b, category c at counts[b * categories + c]. */
  counts: Uint32Array;
  categories: number;
  /** Largest bin total. */
  max: number;
}

/**
 * Counts incidents by the bin of their first day and their category, leaving out
 * those the filter's `mask` does not keep. One pass over the columns.
 */
export function histogram(
  columns: { day: ArrayLike<number>; category: ArrayLike<number> },
  categories: number,
  mask: Uint8Array | null,
  range: { first: number; last: number },
  maxBins = 100,
): Histogram {
  const unit = chooseBinUnit(range.last - range.first + 1, maxBins);
  const edges = binEdges(range.first, range.last, unit);
  const bins = edges.length - 1;
  const counts = new Uint32Array(bins * categories);
  const { day, category } = columns;
  for (let i = 0; i < day.length; i++) {
    const d = day[i];
    if (d < edges[0] || d >= edges[bins] || (mask && !mask[i])) continue;
    let lo = 0;
    let hi = bins;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= d) lo = mid;
      else hi = mid;
    }
    counts[lo * categories + category[i]]++;
  }
  let max = 0;
  for (let b = 0; b < bins; b++) {
    let total = 0;
    for (let c = 0; c < categories; c++) total += counts[b * categories + c];
    max = Math.max(max, total);
  }
  return { unit, edges, counts, categories, max };
}
