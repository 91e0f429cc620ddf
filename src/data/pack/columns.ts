// Helpers for PackBuilder's columns: typed arrays that grow as rows arrive and
// are put into reveal order by a permutation, and tables of names numbered in
// order of first appearance. Pure.

/** A part's name index `index` as this builder numbers it (learnt once, in `cache`). */
export function lookUp(cache: Int32Array, index: number, names: readonly string[], table: Map<string, number>): number {
  let mine = cache[index];
  if (mine < 0) {
    mine = indexIn(table, names[index]);
    cache[index] = mine;
  }
  return mine;
}

/** The index of `key` in a table of names in order of first appearance, added when new. */
export function indexIn(table: Map<string, number>, key: string): number {
  let index = table.get(key);
  if (index === undefined) {
    index = table.size;
    table.set(key, index);
  }
  return index;
}

/** A typed array with room for at least `needed` items, its contents kept. */
export function withRoom<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const grown = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * `array[permutation[i]]` for each i, in a new array of the same kind; with
 * `identity` (the permutation leaves each index in place), the array itself
 * when it is just as long.
 */
export function permuted<T extends Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array>(
  array: T,
  permutation: Uint32Array,
  identity = false,
): T {
  if (identity) return array.length === permutation.length ? array : (array.slice(0, permutation.length) as T);
  const out = new (array.constructor as new (length: number) => T)(permutation.length);
  for (let i = 0; i < permutation.length; i++) out[i] = array[permutation[i]];
  return out;
}

/** Where each entry's run of `length` items starts in `units`: the runs in the order `permutation` gives. */
export function runsIn<T extends Uint32Array | Uint16Array>(
  units: T,
  start: Float64Array | Uint32Array,
  length: Uint32Array,
  permutation: Uint32Array,
  identity: boolean,
  used: number,
): { items: T; offsets: Uint32Array } {
  const count = permutation.length;
  const offsets = new Uint32Array(count + 1);
  if (identity) {
    // The runs lie in order, one after another, from 0: they are the items as they are.
    offsets.set(start.subarray(0, count));
    offsets[count] = used;
    const items = (units.length === used ? units : units.slice(0, used)) as T;
    return { items, offsets };
  }
  const items = new (units.constructor as new (length: number) => T)(used);
  let at = 0;
  // Copied by loops: a subarray per entry would be two million objects at a million.
  for (let i = 0; i < count; i++) {
    const from = permutation[i];
    offsets[i] = at;
    for (let k = start[from], to = k + length[from]; k < to; k++) items[at++] = units[k];
  }
  offsets[count] = at;
  return { items, offsets };
}
