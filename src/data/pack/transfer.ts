// The buffers to transfer (not copy) when a packed dataset or a builder's part
// is posted to another thread, and the spatial index made again from its data
// on arrival. Pure.
import KDBush from 'kdbush';
import type { TokenIndex } from '../search/token-index';
import { idColumnBuffers } from './id-column';
import type { PackedDataset, PackedIncidents, PackPart } from './packed-types';
import type { PointBuffers } from './point-buffers';
import { ShortRecordBuilder, shortRecordBuffers } from './short-records';

/** The buffers of a part, to transfer rather than copy. */
export function partTransferables(part: PackPart): ArrayBuffer[] {
  return [
    part.start,
    part.end,
    part.order,
    part.lon,
    part.lat,
    part.category,
    part.country,
    part.precision,
    part.flags,
    part.sourceSet,
    part.recordStart,
    part.recordLength,
    part.recordShort,
    part.rowInFile,
    part.records,
    part.actorFrom,
    part.actorCount,
    part.actorList,
    part.searchUnits,
    part.searchStart,
    part.searchLength,
    part.idOffsets,
    ...(part.tokenIndex ? tokenIndexArrays(part.tokenIndex) : []),
  ]
    .map((array) => array.buffer as ArrayBuffer)
    .concat(part.short ? ShortRecordBuilder.transferables(part.short) : []);
}

/** The typed arrays of a token index, to transfer. */
function tokenIndexArrays(index: TokenIndex): (Uint32Array | Uint8Array)[] {
  return [index.tokenStarts, index.postingStarts, index.postings];
}

/** The buffers to transfer (not copy) when posting a packed dataset. */
export function transferablesOf(packed: PackedDataset): Transferable[] {
  const p = packed.incidents;
  const points = p.points;
  return [
    p.start,
    p.end,
    p.lon,
    p.lat,
    p.category,
    p.country,
    p.precision,
    p.sourceSet,
    p.idTable,
    p.records,
    p.recordStart,
    p.recordLength,
    p.recordShort,
    p.rowInFile,
    p.special,
    ...(p.contested ? [p.contested] : []),
    p.categoryCounts,
    p.countryCounts,
    p.colorGroup,
    p.actorOffsets,
    ...(p.actorList ? [p.actorList] : []),
    p.actors,
    p.search,
    p.searchOffsets,
    p.days.first,
    p.days.last,
    p.days.spanEnds,
    p.days.long,
    points.position,
    points.vague,
    points.offset,
  ]
    .concat((p.searchIndex ?? []).flatMap(({ index, rank }) => [...tokenIndexArrays(index), ...(rank ? [rank] : [])]))
    .map((array) => array.buffer as ArrayBuffer)
    .concat(points.index, idColumnBuffers(p.ids), p.short ? shortRecordBuffers(p.short) : []);
}

/** The point buffers of a packed dataset, with its spatial index restored. */
export function unpackPoints(packed: PackedIncidents): PointBuffers {
  return {
    ...packed.points,
    group: packed.colorGroup,
    palette: packed.palette,
    index: KDBush.from(packed.points.index),
  };
}
