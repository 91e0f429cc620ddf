import { Map as MapLibreMap, type MapOptions } from 'maplibre-gl';
import { FrameGate } from './frame-gate';

/** While calm, the least time between two frames the map asks for itself, ms. */
export const CALM_FRAME_MS = 400;
/** While calm and still loading what it shows, the most time between two frames the map asks for itself, ms. */
export const CALM_LOADING_MS = 1600;

/** What the user does to the map: any of these lifts the calm for a moment. */
const INPUT_EVENTS = ['pointerdown', 'wheel', 'keydown', 'touchstart'] as const;

/**
 * A MapLibre map that can be told to draw less while something else needs the
 * processor. While `calm` is set, the frames the map asks for itself (a basemap
 * tile or a glyph range arriving, a transition) are drawn at most once every
 * `CALM_FRAME_MS`, later but never lost. The user's moves are drawn at once.
 * Without a GPU each frame of the whole map is drawn on the processor cores that
 * read a dataset in its workers, so the app sets `calm` while a dataset loads,
 * and until its markers' data has gone to the GPU (see Explorer.setDataset).
 * While calm and still loading its tiles, it draws once they have loaded (or
 * after `CALM_LOADING_MS`), not as each arrives.
 */
export class CalmMap extends MapLibreMap {
  // While the basemap's tiles come in, it is drawn once they have. (Not once the style
  // has loaded, too: a source's tiles are asked for only in a frame, so until one is drawn
  // a source given data counts as loading, and the first frame with the style, which asks
  // for the basemap's tiles, waited the whole CALM_LOADING_MS: the basemap came 1.5 s late.)
  readonly #gate = new FrameGate(() => super.triggerRepaint(), CALM_FRAME_MS, undefined, {
    settled: () => this.areTilesLoaded() && !this.#holds.some((busy) => busy()),
    patience: CALM_LOADING_MS,
  });
  readonly #wake = () => this.#gate.wake();
  /** While calm, what else the map waits for before it draws what has loaded (see holdWhile). */
  readonly #holds: (() => boolean)[] = [];

  /** Whether a frame is being drawn: from its 'render' event to the end of its task. */
  #rendering = false;

  constructor(options: MapOptions) {
    super(options);
    // A frame asked for by the one just drawn (its 'render' event comes last, before it
    // asks) is a follow-up: MapLibre asks for one after the first frame that shows new
    // labels, to place them again, and a frame of the whole map costs a few hundred ms
    // of the processor without a GPU. While calm, it is left to the next frame anything
    // else asks for (see FrameGate.request).
    this.on('render', () => {
      this.#rendering = true;
      queueMicrotask(() => (this.#rendering = false));
    });
    const container = this.getCanvasContainer();
    for (const type of INPUT_EVENTS) container.addEventListener(type, this.#wake, { capture: true, passive: true });
  }

  get calm(): boolean {
    return this.#gate.calm;
  }

  set calm(value: boolean) {
    this.#gate.calm = value;
  }

  /**
   * While calm and `busy()`, a frame waits as it does for tiles still loading
   * (at most CALM_LOADING_MS); call triggerRepaint once no longer busy.
   */
  holdWhile(busy: () => boolean): void {
    this.#holds.push(busy);
  }

  /** While calm, the frames the map asks for itself wait until `until` settles, however long (see FrameGate.holdUntil). */
  holdUntil(until: Promise<unknown>): void {
    this.#gate.holdUntil(until);
  }

  override triggerRepaint(): void {
    // MapLibre's own constructor may ask for a frame before this class's fields exist.
    if (!(#gate in this)) super.triggerRepaint();
    else this.#gate.request(this.isMoving(), this.#rendering);
  }

  override remove(): void {
    this.#gate.cancel();
    const container = this.getCanvasContainer();
    for (const type of INPUT_EVENTS) container.removeEventListener(type, this.#wake, { capture: true });
    super.remove();
  }
}
