import type { Map as MapLibreMap } from 'maplibre-gl';
import { FrameGate } from './frame-gate';

/** While calm, the least time between two frames the map asks for itself, ms. */
export const CALM_FRAME_MS = 400;
/** While calm and still loading what it shows, the most time between two frames the map asks for itself, ms. */
export const CALM_LOADING_MS = 1600;

/** What the user does to the map: any of these lifts the calm for a moment. */
const INPUT_EVENTS = ['pointerdown', 'wheel', 'keydown', 'touchstart'] as const;

/**
 * Has a map draw less while something else needs the processor: "calm".
 * Without a GPU each frame of the whole map is drawn on the processor cores
 * that read a dataset in its workers, so the app makes the map calm while a
 * dataset loads and until its markers' data is on the GPU. While calm, the
 * frames the map asks for itself (a tile or a glyph range arriving, a
 * transition) are drawn at most once every `CALM_FRAME_MS`, later but never
 * lost; while its tiles still load it draws once they have (or after
 * `CALM_LOADING_MS`), not as each arrives. The user's moves are drawn at once.
 * It wraps `triggerRepaint` on the map itself (MapLibre asks for every frame
 * through it); the wrapper goes when the map is removed.
 */
export class FrameSpacing {
  // Drawn once the basemap's tiles are in, not once the style and every source have
  // loaded: a source's tiles are asked for only in a frame, so a source given data
  // counts as loading until one is drawn, and the frame that asks for the basemap's
  // tiles would always wait the whole patience.
  readonly #gate: FrameGate;
  readonly #wake = () => this.#gate.wake();
  /** While calm, what else the map waits for before it draws what has loaded (see holdWhile). */
  readonly #holds: (() => boolean)[] = [];
  /** Whether a frame is being drawn: from its 'render' event to the end of its task. */
  #rendering = false;

  constructor(map: MapLibreMap) {
    const draw = map.triggerRepaint.bind(map);
    this.#gate = new FrameGate(draw, CALM_FRAME_MS, undefined, {
      settled: () => map.areTilesLoaded() && !this.#holds.some((busy) => busy()),
      patience: CALM_LOADING_MS,
    });
    // A frame asked for by the one just drawn (its 'render' event comes last, before it
    // asks) is a follow-up: MapLibre asks for one after the first frame that shows new
    // labels, to place them again. While calm, it waits for the next frame anything else
    // asks for (see FrameGate.request).
    map.on('render', () => {
      this.#rendering = true;
      queueMicrotask(() => (this.#rendering = false));
    });
    map.triggerRepaint = () => this.#gate.request(map.isMoving(), this.#rendering);
    const container = map.getCanvasContainer();
    for (const type of INPUT_EVENTS) container.addEventListener(type, this.#wake, { capture: true, passive: true });
    map.once('remove', () => {
      this.#gate.cancel();
      for (const type of INPUT_EVENTS) container.removeEventListener(type, this.#wake, { capture: true });
      // MapLibre's own triggerRepaint again.
      delete (map as { triggerRepaint?: unknown }).triggerRepaint;
    });
  }

  get calm(): boolean {
    return this.#gate.calm;
  }

  set calm(value: boolean) {
    this.#gate.calm = value;
  }

  /**
   * While calm and `busy()`, a frame waits as it does for tiles still loading
   * (at most CALM_LOADING_MS); call the map's triggerRepaint once no longer busy.
   */
  holdWhile(busy: () => boolean): void {
    this.#holds.push(busy);
  }

  /** While calm, the frames the map asks for itself wait until `until` settles, however long (see FrameGate.holdUntil). */
  holdUntil(until: Promise<unknown>): void {
    this.#gate.holdUntil(until);
  }
}
