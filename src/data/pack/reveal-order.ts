import { DAY_MS } from '../dates/incident-date';
import type { Incident } from '../types';

/**
 * The reveal order as a permutation of indices: by the day a date starts, then
 * by `order` among incidents of the same day (NaN: none), then by time of day
 * where one is given, then as the file lists them. Sorts typed arrays, so a
 * million incidents cost a fraction of a second and no object each.
 */
export function revealPermutation(start: Float64Array, order: Float64Array): Uint32Array {
  const count = start.length;
  const day = new Float64Array(count);
  const rank = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    day[i] = Math.floor(start[i] / DAY_MS);
    rank[i] = Number.isNaN(order[i]) ? Number.MAX_SAFE_INTEGER : order[i];
  }
  const permutation = new Uint32Array(count);
  for (let i = 0; i < count; i++) permutation[i] = i;
  const compare = (a: number, b: number) => day[a] - day[b] || rank[a] - rank[b] || start[a] - start[b] || a - b;
  // Many files list their incidents in date order already: one pass says so, and no sort is needed.
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) sorted = compare(i - 1, i) < 0;
  return sorted ? permutation : permutation.sort(compare);
}

/** Incidents in the order the timeline reveals them (see `revealPermutation`). */
export function revealOrder<T extends Pick<Incident, 'start' | 'order'>>(incidents: readonly T[]): T[] {
  const start = Float64Array.from(incidents, (i) => i.start);
  const order = Float64Array.from(incidents, (i) => i.order ?? Number.NaN);
  return Array.from(revealPermutation(start, order), (index) => incidents[index]);
}
