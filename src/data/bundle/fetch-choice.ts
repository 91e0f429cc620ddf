// Which days of a bundle the page fetches for what it shows, and when it fetches none: the days a
// window covers, or in cumulative mode the span of the time axis (the whole timeline when it is not
// zoomed), and nothing past a row budget, when the page shows the histogram alone. Moving a window
// over days read before costs little: the worker keeps the row groups it decoded (row-cache.ts).
// Days are day numbers. Pure.

import type { BundleManifest } from './manifest';
import { planDays, rowsStartingIn } from './plan';

/**
 * The most rows (of the row groups a range needs) the page fetches and decodes at once. Decoding
 * runs at about 60,000 rows a second in a worker (docs/scale-out.md), so this is about five seconds,
 * and the packed rows take some tens of MB on the page.
 */
export const ROW_BUDGET = 300_000;

/**
 * The most bytes the manifest may say a range costs (every column of its row groups, and footers)
 * for the page to fetch it: far above what the row budget costs in any real bundle (300,000 rows
 * are about 16 MB), a bound on what a wrong or hostile manifest can make the page download.
 */
export const BYTE_BUDGET = 512 * 1024 * 1024;

/** What the timeline shows: its mode, the window's length, the cursor's day and the axis's zoom. */
export interface ShownView {
  mode: 'cumulative' | 'window';
  windowDays: number;
  /** The cursor's day. */
  date: number;
  /** The days the time axis is zoomed to, first and last; null for the whole timeline. */
  span: readonly [number, number] | null;
}

export interface DayRange {
  from: number;
  to: number;
}

/** The bundle's days: its first `day` to the last day any bounded date reaches. */
export function bundleDays(manifest: BundleManifest): DayRange {
  let to = manifest.lastDay;
  for (const file of manifest.files) if (file.maxLastDay !== null && file.maxLastDay > to) to = file.maxLastDay;
  return { from: manifest.firstDay, to };
}

/** The days shown: the window's, or in cumulative mode the axis's span (the bundle's days when not zoomed). */
export function daysShown(view: ShownView, whole: DayRange): DayRange {
  if (view.mode === 'window') return { from: view.date - view.windowDays + 1, to: view.date };
  return view.span ? { from: view.span[0], to: view.span[1] } : { ...whole };
}

export type FetchChoice =
  /** The rows held cover the days shown. */
  | { kind: 'held' }
  /** Fetch these days; `rows` (those of the row groups they need) bounds the rows decoded. */
  | { kind: 'fetch'; from: number; to: number; rows: number }
  /** The days shown need more rows (or bytes) than the budget: none are fetched. `starting` rows start on those days. */
  | { kind: 'too-many'; rows: number; bytes: number; starting: number };

/** Whether `held` holds every day of `shown`. */
export function covers(held: DayRange | null, shown: DayRange): boolean {
  return held !== null && held.from <= shown.from && shown.to <= held.to;
}

/**
 * What to fetch for the days shown, given the days whose rows are held: nothing when those cover
 * them, else exactly the days shown, unless the row groups they need hold more rows than `budget`
 * (what decoding costs) or more bytes than BYTE_BUDGET; from the manifest alone.
 */
export function chooseFetch(
  manifest: BundleManifest,
  shown: DayRange,
  held: DayRange | null,
  budget = ROW_BUDGET,
): FetchChoice {
  if (covers(held, shown)) return { kind: 'held' };
  const { rows, bytes } = planDays(manifest, shown.from, shown.to);
  if (rows > budget || bytes > BYTE_BUDGET) {
    return { kind: 'too-many', rows, bytes, starting: rowsStartingIn(manifest, shown.from, shown.to) };
  }
  return { kind: 'fetch', ...shown, rows };
}
