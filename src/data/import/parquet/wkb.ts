// The point in a geometry written as WKB (Well-Known Binary, as GeoParquet
// stores it): incidents are points, so any other shape is named, not read. Pure.

/** A WKB geometry as an incident needs it: its point, or what it is instead. */
export type WkbPoint = { lon: number; lat: number } | { not: string };

const TYPE_NAMES = ['Geometry', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon'];
TYPE_NAMES[7] = 'GeometryCollection';

/** EWKB (PostGIS) flags in the type's high bits: Z, M and an SRID after the type. */
const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

/**
 * Reads the point of a WKB Point (ISO or EWKB, either byte order, with Z or M
 * ignored), or of a MultiPoint of exactly one point; anything else says what
 * it is (`a Polygon`, `an empty Point`, `not WKB`). Never throws.
 */
export function readWkbPoint(bytes: Uint8Array): WkbPoint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = readHead(view, 0);
  if (head === null) return { not: 'not WKB' };
  const { type, at } = head;
  if (type === 4) {
    // A MultiPoint of one point is a point; shapefiles often hold points so.
    if (at + 4 > view.byteLength) return { not: 'not WKB' };
    const count = view.getUint32(at, head.little);
    if (count !== 1) return { not: `a MultiPoint of ${count} points` };
    const inner = readHead(view, at + 4);
    if (inner === null || inner.type !== 1) return { not: 'not WKB' };
    return pointAt(view, inner.at, inner.little);
  }
  if (type !== 1) return { not: article(TYPE_NAMES[type] ?? `geometry of WKB type ${type}`) };
  return pointAt(view, at, head.little);
}

/** A geometry's byte order, base type and where its body starts; null when the bytes cannot be WKB. */
function readHead(view: DataView, from: number): { little: boolean; type: number; at: number } | null {
  if (from + 5 > view.byteLength) return null;
  const order = view.getUint8(from);
  if (order > 1) return null;
  const little = order === 1;
  const raw = view.getUint32(from + 1, little);
  let at = from + 5;
  // EWKB: a flag for an SRID that follows the type; ISO: thousands for Z, M and ZM.
  if ((raw & EWKB_SRID) !== 0) at += 4;
  const type = (raw & ~(EWKB_Z | EWKB_M | EWKB_SRID)) % 1000;
  return { little, type, at };
}

function pointAt(view: DataView, at: number, little: boolean): WkbPoint {
  if (at + 16 > view.byteLength) return { not: 'not WKB' };
  const lon = view.getFloat64(at, little);
  const lat = view.getFloat64(at + 8, little);
  // WKB writes an empty point as NaN coordinates.
  if (Number.isNaN(lon) && Number.isNaN(lat)) return { not: 'an empty Point' };
  return { lon, lat };
}

function article(name: string): string {
  return /^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}
