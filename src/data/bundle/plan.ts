// Which files and row groups of a bundle a range of days needs, and what reading them costs, from the
// manifest alone: the reader fetches nothing it did not plan, and the page can say the cost up front.

import type { BundleFile, BundleManifest } from './manifest';

/**
 * Which rows a day range asks for. `start`: rows whose first possible day lies in it (what the
 * histogram counts). `overlap`: rows whose interval [day, last_day] meets it, so an incident dated
 * "March 2024" or "24 Dec or later" is in a window that holds any of its days (what the map shows).
 */
export type DayMatch = 'start' | 'overlap';

/** A run of consecutive row groups of one file that the range needs. */
export interface PlannedRun {
  /** Indexes of its first and last row group in the file. */
  firstGroup: number;
  lastGroup: number;
  /** Rows of the file it covers, end exclusive. */
  rowStart: number;
  rowEnd: number;
  /** Bytes of the file it covers, end exclusive. */
  byteStart: number;
  byteEnd: number;
}

export interface PlannedFile {
  /** Index in `manifest.files`. */
  index: number;
  file: BundleFile;
  runs: PlannedRun[];
}

export interface DayPlan {
  fromDay: number;
  toDay: number;
  match: DayMatch;
  files: PlannedFile[];
  rowGroups: number;
  /** Rows in those row groups: an upper bound of the rows the range holds. */
  rows: number;
  /** Footers plus row groups, every column read: an upper bound of the bytes fetched. */
  bytes: number;
  /** A footer and one request per run for each file: the requests when every column is read. */
  requests: number;
}

/** Whether a row group (or file) with these days can hold a row the range asks for. */
function needed(
  span: { firstDay: number; lastDay: number; maxLastDay: number | null },
  fromDay: number,
  toDay: number,
  match: DayMatch,
): boolean {
  if (span.firstDay > toDay) return false;
  if (match === 'start') return span.lastDay >= fromDay;
  return span.maxLastDay === null || span.maxLastDay >= fromDay;
}

/** Plans reading the days fromDay..toDay (both included) of a bundle; pure. */
export function planDays(
  manifest: BundleManifest,
  fromDay: number,
  toDay: number,
  options: { match?: DayMatch } = {},
): DayPlan {
  if (!Number.isInteger(fromDay) || !Number.isInteger(toDay) || toDay < fromDay) {
    throw new RangeError(`planDays: expected whole days fromDay ≤ toDay, got ${fromDay} and ${toDay}`);
  }
  const match = options.match ?? 'overlap';
  const plan: DayPlan = { fromDay, toDay, match, files: [], rowGroups: 0, rows: 0, bytes: 0, requests: 0 };
  manifest.files.forEach((file, index) => {
    if (!needed(file, fromDay, toDay, match)) return;
    const groups = file.rowGroups.flatMap((group, g) => (needed(group, fromDay, toDay, match) ? [g] : []));
    const runs = groupRuns(file, groups);
    plan.rowGroups += groups.length;
    for (const g of groups) plan.rows += file.rowGroups[g].rows;
    if (runs.length === 0) return;
    plan.files.push({ index, file, runs });
    plan.bytes += file.bytes - file.footerStart + runs.reduce((n, r) => n + r.byteEnd - r.byteStart, 0);
    plan.requests += 1 + runs.length;
  });
  return plan;
}

/** How many rows start on the days fromDay..toDay, from the manifest's day counts alone. */
export function rowsStartingIn(manifest: BundleManifest, fromDay: number, toDay: number): number {
  const { first, counts } = manifest.days;
  let total = 0;
  for (let d = Math.max(fromDay, first); d <= Math.min(toDay, first + counts.length - 1); d++)
    total += counts[d - first];
  return total;
}

/** The runs of consecutive row groups among `groups` (indexes in `file`, ascending), with their rows and bytes. */
export function groupRuns(file: BundleFile, groups: readonly number[]): PlannedRun[] {
  const runs: PlannedRun[] = [];
  let rowStart = 0;
  let next = 0;
  file.rowGroups.forEach((group, g) => {
    const rowEnd = rowStart + group.rows;
    if (groups[next] === g) {
      next++;
      const last = runs.at(-1);
      if (last && last.lastGroup === g - 1) {
        last.lastGroup = g;
        last.rowEnd = rowEnd;
        last.byteEnd = group.byteEnd;
      } else {
        runs.push({
          firstGroup: g,
          lastGroup: g,
          rowStart,
          rowEnd,
          byteStart: group.byteStart,
          byteEnd: group.byteEnd,
        });
      }
    }
    rowStart = rowEnd;
  });
  return runs;
}
