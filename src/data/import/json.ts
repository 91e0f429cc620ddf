// Reading untrusted JSON safely: only own properties, never the prototype chain.
import type { Geometry } from 'geojson';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The names a plain object inherits (`constructor`, `toString`, `__proto__`...). */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A property the object itself has (so `__proto__` and friends read as
 * missing). `obj` is a plain object (from JSON.parse or a literal), so only a
 * name Object.prototype has can be inherited; other names are read directly,
 * which costs a fraction of asking whether each is the object's own.
 */
export function own(obj: Json, key: string): unknown {
  if (INHERITED.has(key)) return Object.hasOwn(obj, key) ? obj[key] : undefined;
  return obj[key];
}

export function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export const GEOMETRY_TYPES: readonly Geometry['type'][] = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
];
