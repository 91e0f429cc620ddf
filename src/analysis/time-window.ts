// What the timeline shows at a cursor: everything up to its day (cumulative) or
// only a span of days ending there (window). An incident known only to a month
// or an interval is "possibly" in view while the window holds part of its
// interval but not all of it. Days are day numbers (days since 1970-01-01). Pure.

import type { DayColumns } from '../data/dates/day-columns';
import { lowerBound, upperBound } from '../data/pack/sorted';

export { type DayColumns, dayColumns, lastDayOf, MAX_LONG, OPEN_END } from '../data/dates/day-columns';

export type TimeMode = 'cumulative' | 'window';

export interface TimeView {
  mode: TimeMode;
  /** Length of the window in days (window mode). */
  windowDays: number;
  /** Whether incidents possibly in view (uncertain dates straddling an edge) are shown. */
  showPossible: boolean;
}

export const DEFAULT_TIME_VIEW: TimeView = { mode: 'cumulative', windowDays: 7, showPossible: true };

/** Window lengths offered by name; any whole number of days from 1 to MAX_WINDOW_DAYS may be chosen. */
export const WINDOW_PRESETS = [1, 7, 30] as const;
export const MAX_WINDOW_DAYS = 3660;

/** First day in view at cursor day `day`: -Infinity when cumulative. */
export function windowStartDay(view: Pick<TimeView, 'mode' | 'windowDays'>, day: number): number {
  return view.mode === 'window' ? day - view.windowDays + 1 : Number.NEGATIVE_INFINITY;
}

export type Membership = 'in' | 'possible' | 'out';

/**
 * Whether an incident whose date covers days `first`..`last` is in the days
 * `from`..`to`: in when its whole interval is, possibly when they overlap, else out.
 */
export function membership(first: number, last: number, from: number, to: number): Membership {
  if (first > to || last < from) return 'out';
  return first >= from && last <= to ? 'in' : 'possible';
}

/** How many incidents with an interval have ended by the end of day `day`: their markers turn certain one by one. */
export function spansEndedBy(days: DayColumns, day: number): number {
  return upperBound(days.spanEnds, day);
}

/**
 * The first incident (reveal order) that can reach day `from`, the long ones
 * (DayColumns.long) aside: none else before it ends that late.
 */
export function firstReaching(days: DayColumns, from: number): number {
  if (from === Number.NEGATIVE_INFINITY || days.reach === Number.POSITIVE_INFINITY) return 0;
  return lowerBound(days.first, from - days.reach);
}

/** How many of the long incidents come before reveal index `index` (they are drawn apart from the range after it). */
export function longBefore(days: DayColumns, index: number): number {
  return lowerBound(days.long, index);
}

/** What is shown at a cursor: revealed, kept by the filter, and in (or possibly in) the days shown. */
export interface ShownQuery {
  revealed: number;
  /** First day shown (-Infinity: cumulative) and the cursor's day. */
  from: number;
  to: number;
  showPossible: boolean;
  /** 1 where the filter keeps an incident; null when it keeps all. */
  mask: Uint8Array | null;
  /** Reveal indexes the filter keeps, ascending; null when it keeps all. */
  kept: Uint32Array | null;
}

/** The incidents shown, in reveal order, as a list the page can index into without building it when it need not. */
export interface ShownList {
  count: number;
  /** Reveal index of the n-th incident shown. */
  at(n: number): number;
  /** Place in the list of reveal index `rank`, or -1 when it is not shown. */
  indexOf(rank: number): number;
}

/** Whether reveal index `i` is shown. */
export function isShown(days: DayColumns, query: ShownQuery, i: number): boolean {
  if (i < 0 || i >= query.revealed || (query.mask && !query.mask[i])) return false;
  const m = membership(days.first[i], days.last[i], query.from, query.to);
  return m === 'in' || (m === 'possible' && query.showPossible);
}

/**
 * The incidents shown. Everything up to the cursor with uncertain ones shown is
 * a prefix of the kept incidents, looked up by binary search; otherwise the
 * incidents that can reach the window are scanned.
 */
export function shownIncidents(days: DayColumns, query: ShownQuery): ShownList {
  const { revealed, kept, mask } = query;
  if (query.from === Number.NEGATIVE_INFINITY && query.showPossible) {
    const count = kept ? lowerBound(kept, revealed) : revealed;
    return {
      count,
      at: (n) => (kept ? kept[n] : n),
      indexOf: (rank) => {
        if (rank < 0 || rank >= revealed || (mask && !mask[rank])) return -1;
        return kept ? lowerBound(kept, rank) : rank;
      },
    };
  }
  const list: number[] = [];
  const from = firstReaching(days, query.from);
  for (let k = 0; k < days.long.length && days.long[k] < Math.min(from, revealed); k++) {
    if (isShown(days, query, days.long[k])) list.push(days.long[k]);
  }
  for (let i = from; i < revealed; i++) if (isShown(days, query, i)) list.push(i);
  const ranks = Uint32Array.from(list);
  return {
    count: ranks.length,
    at: (n) => ranks[n],
    indexOf: (rank) => {
      const n = lowerBound(ranks, rank);
      return ranks[n] === rank ? n : -1;
    },
  };
}
