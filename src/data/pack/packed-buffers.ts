// The point buffers and the id table of a packed dataset: the part of packing
// that can be made apart from the rest (on another worker, meanwhile) and is
// then joined to it by withBuffers. Pure.
import { permuted } from './columns';
import type {
  PackedDataset,
  PackedPoints,
  PackedPositions,
  PackedWithoutBuffers,
  PointColumns,
  PointFan,
  RevealSort,
} from './packed-types';
import { pointFan, pointPositions } from './point-buffers';

/**
 * The id table's slots: 4/3 of the ids, so three quarters full whatever their
 * number. Linear probing then takes a few probes a lookup, and the table costs
 * about 5.3 bytes an incident, where a power of two cost up to twice that.
 */
function tableSize(count: number): number {
  return Math.max(16, Math.ceil((count * 4) / 3) + 1);
}

/** The slot a hash (32 bits, unsigned) starts its probe at, in a table of `size` slots. */
export function idSlot(hash: number, size: number): number {
  return (hash >>> 0) % size;
}

/** `packed` with its point buffers and id table. */
export function withBuffers(packed: PackedWithoutBuffers, points: PackedPoints, idTable: Int32Array): PackedDataset {
  return { ...packed, incidents: { ...packed.incidents, points, idTable } };
}

/** The hash of each id in reveal order, from `hashes` in the order the ids were added. */
export function revealHashes(hashes: Int32Array, sorted: Pick<RevealSort, 'permutation' | 'identity'>): Int32Array {
  return permuted(hashes, sorted.permutation, sorted.identity);
}

/** The id table `findId` reads: each id's place in reveal order (plus 1), at the slot its hash gives. */
export function idTableOf(hashes: Int32Array): Int32Array {
  const table = new Int32Array(tableSize(hashes.length));
  const size = table.length;
  for (let i = 0; i < hashes.length; i++) {
    let slot = idSlot(hashes[i], size);
    while (table[slot] !== 0) slot = slot + 1 === size ? 0 : slot + 1;
    table[slot] = i + 1;
  }
  return table;
}

export function packedPositions(lon: Float64Array, lat: Float64Array): PackedPositions {
  const { position, index, grid } = pointPositions(lon, lat);
  return { position, index: index.data as ArrayBuffer, grid };
}

/**
 * The point buffers of a dataset, its spatial index as the index's data; either
 * half (see pointPositions and pointFan) may have been made elsewhere already.
 */
export function packedPoints(
  columns: PointColumns,
  made: { positions?: PackedPositions; fan?: PointFan } = {},
): PackedPoints {
  const { lon, lat, vague } = columns;
  const { positions = packedPositions(lon, lat), fan = pointFan(lon, lat) } = made;
  return { count: lon.length, ...positions, vague, ...fan };
}
