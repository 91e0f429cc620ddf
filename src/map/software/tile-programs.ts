import type { Map as MapLibreMap, MapSourceDataEvent } from 'maplibre-gl';
import { whenGpuDone } from '../gpu-fence';
import type { FrameSpacing } from './frame-spacing';
import { skyCanShow } from './hidden-sky';
import {
  type BucketLike,
  internalsOf,
  type LayerLike,
  type PaintLike,
  type TileLike,
  type TilesSeen,
} from './internals';

/**
 * Programs MapLibre 6 draws every frame with besides its layers': the tiles'
 * clipping masks; the sky where it can show (see hidden-sky.ts); a background
 * layer's, if the style has one.
 */
function framePrograms(map: MapLibreMap): string[] {
  const background = map.getLayersOrder().some((id) => map.getLayer(id)?.type === 'background');
  return ['clippingMask', ...(skyCanShow(map) ? ['sky'] : []), ...(background ? ['background'] : [])];
}

/** A program a layer is drawn with: the shader's name and the layer's configuration of its inputs. */
export interface ProgramNeed {
  name: string;
  configuration: unknown;
}

const constantOr = (paint: PaintLike, name: string, fallback: unknown): unknown => {
  const value = paint.get(name) as { constantOr?: (fallback: unknown) => unknown } | undefined;
  return value && typeof value.constantOr === 'function' ? value.constantOr(fallback) : value;
};

/**
 * The programs MapLibre 6 draws `layer`'s part of a tile (`bucket`) with, as
 * its draw functions choose them (draw_fill, draw_line, draw_circle,
 * draw_symbol). Layers drawn with patterns, gradients or images of their own,
 * and other layer types, are left to the frame.
 */
export function programsFor(layer: LayerLike, bucket: BucketLike): ProgramNeed[] {
  const paint = layer.paint;
  if (!paint || layer.visibility === 'none') return [];
  const own = bucket.programConfigurations?.get(layer.id);
  switch (layer.type) {
    case 'fill': {
      if (!own || constantOr(paint, 'fill-pattern', 1)) return [];
      const fill = { name: 'fill', configuration: own };
      return paint.get('fill-antialias') ? [fill, { name: 'fillOutline', configuration: own }] : [fill];
    }
    case 'line': {
      if (!own || constantOr(paint, 'line-pattern', 1) || paint.get('line-gradient')) return [];
      if (constantOr(paint, 'line-opacity', 1) === 0 || constantOr(paint, 'line-width', 1) === 0) return [];
      return [{ name: constantOr(paint, 'line-dasharray', 1) ? 'lineSDF' : 'line', configuration: own }];
    }
    case 'circle':
      return own ? [{ name: 'circle', configuration: own }] : [];
    case 'symbol': {
      const needs: ProgramNeed[] = [];
      for (const isText of [false, true]) {
        const buffers = isText ? bucket.text : bucket.icon;
        if (constantOr(paint, isText ? 'text-opacity' : 'icon-opacity', 1) === 0) continue;
        // (Whether any is visible is known only once the frame has placed them.)
        if (!buffers?.segments?.get().length) continue;
        const configuration = buffers.programConfigurations?.get(layer.id);
        if (!configuration) continue;
        const name =
          bucket.iconsInText && isText ? 'symbolTextAndIcon' : isText || bucket.sdfIcons ? 'symbolSDF' : 'symbolIcon';
        needs.push({ name, configuration });
      }
      return needs;
    }
    default:
      return [];
  }
}

/**
 * Makes the GPU programs a map will draw each tile's layers with as the tile
 * arrives, one program a task, instead of in the frame that first draws it;
 * and the ones every frame draws with once the style is there. Without a GPU,
 * making a program waits for the GPU process to link it, and the frame that
 * first drew the basemap's tiles made several: the page's longest task while a
 * large dataset loads. A program already made costs the frame nothing. While
 * calm, the map holds its frames until the programs asked for are made (see
 * FrameSpacing.holdWhile): else the frame comes as soon as the tiles have, and
 * makes them itself.
 */
export class TileProgramMaker {
  readonly #map: MapLibreMap;
  readonly #queued = new Set<string>();
  readonly #queue: (() => void)[] = [];
  #scheduled = false;
  /** What this has seen of the tiles, for checkInternals. */
  readonly seen: TilesSeen = { tiles: 0, withoutGetBucket: 0, buckets: new Map() };

  constructor(map: MapLibreMap, spacing: FrameSpacing) {
    this.#map = map;
    map.on('sourcedata', this.#onData);
    map.once('style.load', () => {
      for (const name of framePrograms(map)) this.later(() => this.#make({ name, configuration: null }));
    });
    // A calm map draws what has loaded once its programs are made.
    spacing.holdWhile(() => this.#queue.length > 0 || this.#scheduled);
  }

  /** Runs `make` (which makes a program) in a task of its own, once the GPU has done all it was given. */
  later(make: () => void): void {
    this.#queue.push(make);
    this.#schedule();
  }

  readonly #onData = (event: MapSourceDataEvent): void => {
    const tile = event.tile as TileLike | undefined;
    if (tile && typeof tile === 'object') {
      this.seen.tiles++;
      if (typeof tile.getBucket !== 'function') this.seen.withoutGetBucket++;
    }
    const style = internalsOf(this.#map).style;
    if (typeof tile?.getBucket !== 'function' || !Array.isArray(style?._order) || !style.getLayer) return;
    for (const id of style._order) {
      const layer = style.getLayer(id);
      if (!layer || layer.source !== event.sourceId) continue;
      const bucket = tile.getBucket(layer);
      if (!bucket) continue;
      if (!this.seen.buckets.has(layer.type)) this.seen.buckets.set(layer.type, { layer, bucket });
      for (const need of programsFor(layer, bucket)) {
        // As the program cache tells programs apart (the projection does not change here).
        const key = `${need.name}${(need.configuration as { cacheKey?: string } | null)?.cacheKey ?? ''}`;
        if (this.#queued.has(key)) continue;
        this.#queued.add(key);
        this.#queue.push(() => this.#make(need));
      }
    }
    this.#schedule();
  };

  /**
   * Makes the next program once the GPU has done all it was given: a program
   * asked for while the GPU process is still drawing a frame waits for that
   * frame too.
   */
  #schedule(): void {
    if (this.#scheduled || this.#queue.length === 0) return;
    this.#scheduled = true;
    void whenGpuDone(this.#map.getCanvas().getContext('webgl2')).then(() => {
      this.#scheduled = false;
      this.#queue.shift()?.();
      this.#schedule();
      if (!this.#scheduled) this.#map.triggerRepaint();
    });
  }

  /** Makes one program as the frame would ask for it (Painter.useProgram), if the map is as this expects. */
  #make(need: ProgramNeed): void {
    const map = internalsOf(this.#map);
    const cache = map.painter?.programCache;
    const projection = map.style?.projection;
    if (!cache || typeof cache.getProgram !== 'function' || !projection?.shaderVariantName || map.terrain) return;
    if (map.showOverdrawInspector) return;
    try {
      cache.getProgram({
        name: need.name,
        programConfiguration: need.configuration,
        projectionShaderVariant: {
          name: projection.shaderVariantName,
          define: projection.shaderDefine,
          prelude: projection.shaderPreludeCode,
        },
        showOverdrawInspector: false,
        useTerrain: false,
        defines: [],
      });
    } catch {
      // A program that cannot be made fails again, and is reported, in the frame that needs it.
    }
  }
}
