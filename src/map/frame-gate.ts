/**
 * Spaces out frame requests. While calm, `request` draws at once only when the
 * last frame it let through is at least `period` ms old; a request sooner is
 * folded into one frame drawn when the period is up, so no request is lost, only
 * drawn later. An urgent request, any request within `period` after `wake` (the
 * user touching the map), and every request while not calm are drawn at once.
 */
export class FrameGate {
  readonly #draw: () => void;
  readonly #period: number;
  readonly #now: () => number;
  #calm = false;
  #lastFrame = Number.NEGATIVE_INFINITY;
  #wokeAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(draw: () => void, period: number, now: () => number = () => performance.now()) {
    this.#draw = draw;
    this.#period = period;
    this.#now = now;
  }

  get calm(): boolean {
    return this.#calm;
  }

  /** Turning calm off draws a frame that was waiting, at once. */
  set calm(value: boolean) {
    this.#calm = value;
    if (!value) this.#flush();
  }

  request(urgent = false): void {
    const now = this.#now();
    const due = this.#lastFrame + this.#period;
    if (!this.#calm || urgent || now >= due || now - this.#wokeAt < this.#period) {
      this.cancel();
      this.#pass(now);
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#flush(), due - now);
    }
  }

  /** The user is touching the map: draw what waits, and every request for the next period, at once. */
  wake(): void {
    this.#wokeAt = this.#now();
    this.#flush();
  }

  /** Forgets a frame that was waiting (the map is being removed). */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #flush(): void {
    if (this.#timer === undefined) return;
    this.cancel();
    this.#pass(this.#now());
  }

  #pass(now: number): void {
    this.#lastFrame = now;
    this.#draw();
  }
}
