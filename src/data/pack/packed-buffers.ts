// The point buffers of a packed dataset, and the joining of them and the id
// table (id-column.ts) to the rest: the part of packing that can be made apart
// (on another worker, meanwhile) and is then joined by withBuffers. Pure.
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

/** `packed` with its point buffers and id table. */
export function withBuffers(packed: PackedWithoutBuffers, points: PackedPoints, idTable: Int32Array): PackedDataset {
  return { ...packed, incidents: { ...packed.incidents, points, idTable } };
}

/** The hash of each id in reveal order, from `hashes` in the order the ids were added. */
export function revealHashes(hashes: Int32Array, sorted: Pick<RevealSort, 'permutation' | 'identity'>): Int32Array {
  return permuted(hashes, sorted.permutation, sorted.identity);
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
