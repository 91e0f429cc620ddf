export interface PlaybackOptions {
  /** Milliseconds between steps. */
  interval: number;
  /** Called each tick; returns false when there is nothing more to show. */
  step: () => boolean;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** The handle while a step runs: playing, with no timer set. */
const TICKING = Symbol('ticking');

/**
 * The clock of playback: while playing, steps once an interval until a step
 * finds nothing more or `pause` is called. The first step is the caller's (the
 * `play` action takes it), so the first tick comes an interval later.
 */
export class Playback {
  #handle: unknown = null;
  readonly #options: PlaybackOptions;

  constructor(options: PlaybackOptions) {
    this.#options = options;
  }

  get playing(): boolean {
    return this.#handle !== null;
  }

  play(): void {
    if (this.playing) return;
    this.#schedule();
  }

  pause(): void {
    if (!this.playing) return;
    const clear = this.#options.clearTimer ?? ((h) => clearTimeout(h as number));
    // (A pause within a step has no timer to clear.)
    if (this.#handle !== TICKING) clear(this.#handle);
    this.#handle = null;
  }

  #schedule(): void {
    const set = this.#options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#handle = set(this.#tick, this.#options.interval);
  }

  #tick = (): void => {
    // Playing while the step runs, so a pause() in it (a listener's) is seen.
    this.#handle = TICKING;
    const more = this.#options.step();
    if (this.#handle !== TICKING) return;
    this.#handle = null;
    if (more) this.#schedule();
  };
}
