import type { Map as MapLibreMap } from 'maplibre-gl';

/*
 * The MapLibre internals the software-renderer accommodations read. None is
 * public API, so maplibre-gl is pinned to an exact version, each use checks
 * what it reads (a MapLibre without it draws as it always did), and
 * checkInternals names what is not as expected, so that a test fails on an
 * upgrade instead of the accommodations quietly doing nothing.
 */

interface Evaluated {
  constantOr(value: unknown): unknown;
}
export interface PaintLike {
  get(name: string): Evaluated | unknown;
}
/** A style layer as the style keeps it (StyleLayer). */
export interface LayerLike {
  id: string;
  type: string;
  source?: string;
  visibility?: string;
  paint?: PaintLike;
}
interface ConfigurationSet {
  get(layerId: string): unknown;
}
interface SymbolBuffers {
  programConfigurations?: ConfigurationSet;
  segments?: { get(): unknown[] };
}
/** What a tile holds of one layer: its vertices and the configuration of its program's inputs. */
export interface BucketLike {
  programConfigurations?: ConfigurationSet;
  text?: SymbolBuffers;
  icon?: SymbolBuffers;
  sdfIcons?: boolean;
  iconsInText?: boolean;
}
/** A tile, as a `sourcedata` event carries it. */
export interface TileLike {
  getBucket?(layer: LayerLike): BucketLike | undefined;
}
type Draw = (...args: unknown[]) => void;
interface ProgramCacheLike {
  getProgram(variant: object): unknown;
}
export interface PainterLike {
  drawFunctions?: { sky?: Draw; [name: string]: Draw | undefined };
  programCache?: ProgramCacheLike;
}
export interface MapInternals {
  painter?: PainterLike;
  style?: {
    _order?: string[];
    getLayer?(id: string): LayerLike | undefined;
    projection?: { shaderVariantName?: string; shaderDefine?: string; shaderPreludeCode?: unknown };
  };
  terrain?: unknown;
  showOverdrawInspector?: boolean;
}

export const internalsOf = (map: MapLibreMap): MapInternals => map as unknown as MapInternals;

/** What TileProgramMaker has seen of the tiles: how many, and the first bucket of each layer type. */
export interface TilesSeen {
  tiles: number;
  /** Tiles with no getBucket. */
  withoutGetBucket: number;
  buckets: Map<string, { layer: LayerLike; bucket: BucketLike }>;
}

const isFunction = (value: unknown): boolean => typeof value === 'function';

/**
 * The internals the accommodations read that `map` lacks or has in another
 * shape, each named as `map.…` with what it should be; [] when all are as
 * expected. With `seen` (the tiles TileProgramMaker looked at), the tiles'
 * buckets are checked too.
 */
export function checkInternals(map: MapLibreMap, seen?: TilesSeen): string[] {
  const missing: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) missing.push(what);
  };
  const { painter, style } = internalsOf(map);
  need(typeof painter?.drawFunctions === 'object', 'map.painter.drawFunctions (an object)');
  need(isFunction(painter?.drawFunctions?.sky), 'map.painter.drawFunctions.sky (a function)');
  need(isFunction(painter?.programCache?.getProgram), 'map.painter.programCache.getProgram (a function)');
  need(Array.isArray(style?._order), 'map.style._order (an array of layer ids)');
  need(isFunction(style?.getLayer), 'map.style.getLayer (a function)');
  const projection = style?.projection;
  need(typeof projection?.shaderVariantName === 'string', 'map.style.projection.shaderVariantName (a string)');
  need(typeof projection?.shaderDefine === 'string', 'map.style.projection.shaderDefine (a string)');
  need(projection?.shaderPreludeCode !== undefined, 'map.style.projection.shaderPreludeCode');
  const layers = (Array.isArray(style?._order) && isFunction(style?.getLayer) ? (style?._order ?? []) : [])
    .map((id) => style?.getLayer?.(id))
    .filter((layer) => layer && layer.type !== 'custom');
  if (layers.length > 0) {
    need(
      layers.every((layer) => isFunction(layer?.paint?.get)),
      "map.style.getLayer(id).paint.get (a function), each layer's",
    );
  }
  if (!seen) return missing;
  need(seen.tiles > 0, "a tile on the map's sourcedata events (event.tile)");
  need(seen.withoutGetBucket === 0, 'event.tile.getBucket (a function)');
  need(seen.tiles === 0 || seen.buckets.size > 0, 'event.tile.getBucket(layer) (a bucket for some layer)');
  for (const [type, { bucket }] of seen.buckets) {
    if (type === 'symbol') {
      for (const part of ['text', 'icon'] as const) {
        need(isFunction(bucket[part]?.segments?.get), `a symbol bucket's ${part}.segments.get (a function)`);
        need(
          isFunction(bucket[part]?.programConfigurations?.get),
          `a symbol bucket's ${part}.programConfigurations.get (a function)`,
        );
      }
    } else {
      need(isFunction(bucket.programConfigurations?.get), `a ${type} bucket's programConfigurations.get (a function)`);
    }
  }
  return missing;
}
