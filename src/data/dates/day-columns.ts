// Each incident's first and last possible day as float columns: what the
// shader, the window and the list read, made once when a dataset is packed. Pure.
import { DAY_MS } from './incident-date';

/** The last day an incident may have happened on (Infinity for an open end). */
export function lastDayOf(endMs: number): number {
  return endMs === Number.POSITIVE_INFINITY ? endMs : Math.floor(endMs / DAY_MS);
}

/** A day after any real one: the last day of an open-ended date, as a 32-bit float holds it. */
export const OPEN_END = 1e7;

/** Each incident's first and last possible day, in reveal order: what the shader and the list read. */
export interface DayColumns {
  first: Float32Array;
  /** OPEN_END for an open end. */
  last: Float32Array;
  /**
   * How far back (days) an incident other than the long ones can reach from its
   * first day: what the window looks back over to find the incidents that can
   * reach into it. Infinity only when more than MAX_LONG dates are open-ended.
   */
  reach: number;
  /**
   * Reveal indexes (ascending) of the few incidents whose interval is longer than
   * `reach` (open ends among them): looked at, and drawn, on their own, so one
   * date running for years does not make every window scan and draw everything.
   */
  long: Uint32Array;
  /** The last days of the incidents whose date is more than a day, ascending (open ends as OPEN_END). */
  spanEnds: Float32Array;
}

/** At most this many incidents are set apart as long (see DayColumns.long). */
export const MAX_LONG = 2048;

export function dayColumns(packed: { start: Float64Array; end: Float64Array }, maxLong = MAX_LONG): DayColumns {
  const first = new Float32Array(packed.start.length);
  for (let i = 0; i < first.length; i++) first[i] = Math.floor(packed.start[i] / DAY_MS);
  const last = new Float32Array(packed.end.length);
  const spanEnds: number[] = [];
  const lengths: number[] = [];
  for (let i = 0; i < last.length; i++) {
    const day = lastDayOf(packed.end[i]);
    last[i] = Math.min(day, OPEN_END);
    if (last[i] > first[i]) {
      spanEnds.push(last[i]);
      lengths.push(day - first[i]);
    }
  }
  // The reach is the length of the longest interval not set apart: with at most
  // maxLong intervals, all of them are set apart and the reach is 0.
  const reach = lengths.length <= maxLong ? 0 : Float64Array.from(lengths).sort()[lengths.length - 1 - maxLong];
  const long: number[] = [];
  for (let i = 0; i < last.length; i++) {
    if (lastDayOf(packed.end[i]) - first[i] > reach) long.push(i);
  }
  return { first, last, reach, long: Uint32Array.from(long), spanEnds: Float32Array.from(spanEnds).sort() };
}

/** Each incident's first and last millisecond, or none (see datesKept). */
export type DateColumns = { start: Float64Array; end: Float64Array };

/**
 * The first and last millisecond of every date, or empty columns when every
 * date is whole days (as nearly every file's are): they then follow from the
 * day columns (see startOf and endOf), which saves 16 bytes an incident.
 */
export function datesKept(
  start: Float64Array,
  end: Float64Array,
  days: Pick<DayColumns, 'first' | 'last'>,
): DateColumns {
  const none = { start: new Float64Array(0), end: new Float64Array(0) };
  for (let i = 0; i < start.length; i++) {
    if (startOf(none, days, i) !== start[i] || endOf(none, days, i) !== end[i]) return { start, end };
  }
  return none;
}

/** Incident `i`'s first millisecond. */
export function startOf(dates: Pick<DateColumns, 'start'>, days: Pick<DayColumns, 'first'>, i: number): number {
  return dates.start.length > 0 ? dates.start[i] : days.first[i] * DAY_MS;
}

/** Incident `i`'s last millisecond, Infinity for an open end. */
export function endOf(dates: Pick<DateColumns, 'end'>, days: Pick<DayColumns, 'last'>, i: number): number {
  if (dates.end.length > 0) return dates.end[i];
  const last = days.last[i];
  return last === OPEN_END ? Number.POSITIVE_INFINITY : (last + 1) * DAY_MS - 1;
}
