// The values a facet lists one by one (categories, countries): a file may hold
// tens of thousands of distinct values, and the legend, the filters and the
// map's colours show the most frequent and fold the rest into "Other". Pure.

/** How many of a facet's values are listed, coloured and drawn one by one. */
export const LISTED_VALUES = 40;

/**
 * The indexes of the `limit` values with the highest counts (ties: the value
 * first seen), in index order; every index when there are no more than `limit`.
 * One pass, keeping the best so far in order: linear in the number of values.
 */
export function mostFrequent(counts: ArrayLike<number>, limit = LISTED_VALUES): number[] {
  const n = counts.length;
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  // Best first; a later value displaces one only with a strictly higher count.
  const best: number[] = [];
  for (let i = 0; i < n; i++) {
    const count = counts[i];
    if (best.length === limit && count <= counts[best[limit - 1]]) continue;
    let at = best.length;
    while (at > 0 && counts[best[at - 1]] < count) at--;
    best.splice(at, 0, i);
    if (best.length > limit) best.pop();
  }
  return best.sort((a, b) => a - b);
}

/** How many incidents hold each value: `column` holds value indexes (offset by `base`, whose 0 is "none"). */
export function countValues(column: ArrayLike<number>, values: number, base = 0): Uint32Array {
  const counts = new Uint32Array(values);
  for (let i = 0; i < column.length; i++) {
    const v = column[i] - base;
    if (v >= 0) counts[v]++;
  }
  return counts;
}
