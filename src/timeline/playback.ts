export interface PlaybackOptions {
  /** Milliseconds between steps. */
  interval: number;
  /** Called each tick; returns false when there is nothing more to show. */
  step: () => boolean;
  onChange: (playing: boolean) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Plays the timeline one incident per tick until the end or a pause. */
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
    this.#handle = 0;
    this.#options.onChange(true);
    this.#tick();
  }

  pause(): void {
    if (!this.playing) return;
    const clear = this.#options.clearTimer ?? ((h) => clearTimeout(h as number));
    clear(this.#handle);
    this.#handle = null;
    this.#options.onChange(false);
  }

  #tick = (): void => {
    if (!this.#options.step()) {
      this.pause();
      return;
    }
    // The step itself may have paused playback (e.g. a listener called pause()).
    if (!this.playing) return;
    const set = this.#options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#handle = set(this.#tick, this.#options.interval);
  };
}
