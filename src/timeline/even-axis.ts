// The evenly spaced time axis: the incidents Next and Play step through (those
// the filter keeps, in reveal order) one equal step apart, whatever their dates.
// Position k (0..K) has the first k steps revealed, so position 0 is nothing
// and step k stands at position k. Here are where its labels fit, where long
// gaps in time are marked, and when a dataset should open on it. Pure.

/**
 * The steps of the even axis: `kept` (reveal indexes, ascending) or, when null,
 * every one of `count` incidents; `day(i)` is incident i's first day (day number).
 */
export interface EvenSteps {
  kept: ArrayLike<number> | null;
  count: number;
  day: (index: number) => number;
}

/** How many steps there are. */
export function stepCount(steps: EvenSteps): number {
  return steps.kept ? steps.kept.length : steps.count;
}

/** Reveal index of step k (1..K); -1 for position 0, where nothing is revealed. */
export function incidentAtStep(steps: EvenSteps, k: number): number {
  if (k <= 0) return -1;
  return steps.kept ? steps.kept[k - 1] : k - 1;
}

/** The position of a cursor that has `revealedCount` incidents revealed: how many steps are among them. */
export function positionOf(steps: EvenSteps, revealedCount: number): number {
  if (!steps.kept) return Math.max(0, Math.min(steps.count, revealedCount));
  // The first step not revealed: kept is ascending.
  let low = 0;
  let high = steps.kept.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (steps.kept[mid] < revealedCount) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The day of step k (1..K). */
export function stepDay(steps: EvenSteps, k: number): number {
  return steps.day(incidentAtStep(steps, k));
}

/** How many steps start on or before `day`: steps are in date order, so a binary search. */
export function stepsThroughDay(steps: EvenSteps, day: number): number {
  let low = 0;
  let high = stepCount(steps);
  while (low < high) {
    const mid = (low + high) >> 1;
    if (stepDay(steps, mid + 1) <= day) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Gaps shorter than this many days are never marked, however even the rest. */
export const MIN_GAP_DAYS = 7;
/** A gap is marked when it is this many times the steps' mean gap (their days' span over the gaps between them). */
export const GAP_FACTOR = 4;

/** A long gap in time between step `after` and step `after + 1`, of `days` days. */
export interface GapMark {
  after: number;
  days: number;
}

/**
 * The day gap from which a gap between two steps is marked: GAP_FACTOR times
 * the mean gap between steps, and at least MIN_GAP_DAYS. Infinity with fewer than two steps.
 */
export function gapThreshold(steps: EvenSteps): number {
  const n = stepCount(steps);
  if (n < 2) return Number.POSITIVE_INFINITY;
  const mean = (stepDay(steps, n) - stepDay(steps, 1)) / (n - 1);
  return Math.max(MIN_GAP_DAYS, GAP_FACTOR * mean);
}

/**
 * The long gaps to mark on a track `width` px wide, each needing `markWidth` px:
 * a pass over the steps, but at most as many marks as fit, the longest kept
 * when more are long (then returned in step order).
 */
export function gapMarks(steps: EvenSteps, width: number, markWidth: number): GapMark[] {
  const n = stepCount(steps);
  const threshold = gapThreshold(steps);
  const fit = Math.max(0, Math.floor(width / markWidth));
  if (n < 2 || fit === 0) return [];
  const gaps: GapMark[] = [];
  let before = stepDay(steps, 1);
  for (let k = 1; k < n; k++) {
    const day = stepDay(steps, k + 1);
    if (day - before >= threshold) gaps.push({ after: k, days: day - before });
    before = day;
  }
  // Marks closer than a mark's width would overlap: the longest gaps win.
  const byLength = [...gaps].sort((a, b) => b.days - a.days || a.after - b.after);
  const kept: GapMark[] = [];
  const stepWidth = width / n;
  for (const gap of byLength) {
    if (kept.length >= fit) break;
    if (kept.every((other) => Math.abs(other.after - gap.after) * stepWidth >= markWidth)) kept.push(gap);
  }
  return kept.sort((a, b) => a.after - b.after);
}

/**
 * The steps (1..K) whose dates are labelled on a track `width` px wide with
 * labels `labelWidth` px wide: the first step of each day, from the start,
 * each label whole on the track (centred on its step, held in at the ends) and
 * clear of the one before. Work grows with the labels that fit, not the steps:
 * the next day's step is found by binary search.
 */
export function labelledSteps(steps: EvenSteps, width: number, labelWidth: number): number[] {
  const n = stepCount(steps);
  if (n === 0 || width < labelWidth || labelWidth <= 0) return [];
  const centre = (k: number) => Math.min(Math.max((k / n) * width, labelWidth / 2), width - labelWidth / 2);
  const labelled: number[] = [];
  let before = Number.NEGATIVE_INFINITY;
  let k = 1;
  while (k <= n) {
    const at = centre(k);
    if (at - before >= labelWidth) {
      labelled.push(k);
      before = at;
      // The next day's first step.
      k = stepsThroughDay(steps, stepDay(steps, k)) + 1;
      continue;
    }
    // The first step far enough along; none, when the end holds labels in.
    const needed = Math.ceil(((before + labelWidth) * n) / width);
    if (needed <= k) break;
    k = needed;
  }
  return labelled;
}

/** Fewer incidents than this never open on the even axis. */
const MIN_CROWD = 3;

/**
 * Whether a dataset opens on the evenly spaced axis: when half or more of its
 * incidents start within a twentieth of the calendar axis (`first`..`last`,
 * day numbers), which crowds them into a sliver of its width. `days` is the
 * incidents' first days, ascending.
 */
export function crowded(days: ArrayLike<number>, first: number, last: number): boolean {
  const n = days.length;
  if (n < MIN_CROWD) return false;
  const reach = (last - first) / 20;
  // Incidents i..end-1 start within `reach` of incident i; `end` only moves on.
  let end = 0;
  for (let i = 0; i < n; i++) {
    while (end < n && days[end] <= days[i] + reach) end++;
    if ((end - i) * 2 >= n) return true;
  }
  return false;
}
