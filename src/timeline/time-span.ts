// The part of the timeline the time axis shows, and how zooming and following
// the cursor move it. Positions are day numbers as the date slider has them:
// at position d every day up to d is revealed, so an axis showing the days
// first..last runs from position first - 1 to position last. Pure.
import { dayFromNumber, dayNumber } from '../data/dates/incident-date';

/** The positions at the time axis's two ends (see above); in the middle of a zoom, fractions of a day. */
export interface AxisRange {
  min: number;
  max: number;
}

/** The range the days `span[0]`..`span[1]` take on the axis, within the whole timeline's (`whole`); null: the whole. */
export function axisRange(span: readonly [string, string] | null, whole: AxisRange): AxisRange {
  if (!span) return whole;
  return { min: Math.max(whole.min, dayNumber(span[0]) - 1), max: Math.min(whole.max, dayNumber(span[1])) };
}

/** The days an axis range shows, first and last; null when that is the whole timeline. */
export function axisSpan(range: AxisRange, whole: AxisRange): [string, string] | null {
  if (range.min <= whole.min && range.max >= whole.max) return null;
  return [dayFromNumber(range.min + 1), dayFromNumber(range.max)];
}

/** Where the cursor's day is against the axis: on it (the slider can stand there), before it or after it. */
export function cursorPlace(range: AxisRange, day: number): 'before' | 'on' | 'after' {
  return day < range.min ? 'before' : day > range.max ? 'after' : 'on';
}

/**
 * The range, as long as `range`, moved the least that puts position `day` on it
 * and, as far as they fit, the `lead` days before it (a window's), within the
 * whole timeline. A range that shows `day` already is returned as it is; an
 * empty one (a span wholly outside the timeline) gives the whole timeline.
 */
export function rangeShowing(range: AxisRange, day: number, lead: number, whole: AxisRange): AxisRange {
  if (!(range.max > range.min)) return whole;
  if (cursorPlace(range, day) === 'on') return range;
  const length = Math.min(range.max - range.min, whole.max - whole.min);
  let min = range.min;
  if (day > min + length) min = day - length;
  if (day - lead < min) min = Math.max(day - lead, day - length);
  min = Math.min(Math.max(min, whole.min), whole.max - length);
  return { min, max: min + length };
}

/**
 * A zoom of the axis: `factor` times `length` (below 1: in), no shorter than
 * `minLength` nor longer than the whole timeline, with the position `pivot`
 * at fraction `at` of it, as far as the timeline's ends allow. The ends are
 * exact (fractions of a day), so turn after turn of the wheel holds the pivot.
 */
export function zoomRange(
  length: number,
  pivot: number,
  at: number,
  factor: number,
  whole: AxisRange,
  minLength: number,
): AxisRange {
  const wholeLength = whole.max - whole.min;
  const zoomed = Math.min(wholeLength, Math.max(Math.min(minLength, wholeLength), length * factor));
  const min = Math.min(Math.max(pivot - at * zoomed, whole.min), whole.max - zoomed);
  return { min, max: min + zoomed };
}

/** Less than this past a whole day counts as the whole day (what a sum of fractions leaves over). */
const SLACK = 1e-6;

/**
 * The whole days a zoomed range covers: a day partly on it is kept, so a zoom
 * never cuts off the day it held at an end (rounding to the nearest did: 23.04
 * became 23 and the last day, 24, left the axis).
 */
export function wholeDays(range: AxisRange): AxisRange {
  return { min: Math.floor(range.min + SLACK), max: Math.ceil(range.max - SLACK) };
}
