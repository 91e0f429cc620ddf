// The point buffers of a packed dataset, and the joining of them and the id
// table (id-column.ts) to the rest: the part of packing that can be made apart
// (the positions on another worker, meanwhile) and is then joined by
// withBuffers. Pure.
import { permuted } from './columns';
import type {
  PackedDataset,
  PackedPoints,
  PackedPositions,
  PackedWithoutBuffers,
  PointColumns,
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

/** Point positions and spatial index (see pointPositions), the index as its data. */
export function packedPositions(lon: Float64Array, lat: Float64Array): PackedPositions {
  const { position, index, grid } = pointPositions(lon, lat);
  return { position, index: index.data as ArrayBuffer, grid };
}

/** The point buffers of a dataset, its spatial index as the index's data; the positions may have been made elsewhere. */
export function packedPoints(
  columns: PointColumns,
  positions: PackedPositions = packedPositions(columns.lon, columns.lat),
): PackedPoints {
  const { lon, lat, vague } = columns;
  return { count: lon.length, ...positions, vague, ...pointFan(lon, lat) };
}
