/**
 * Spaces out frame requests. While calm, `request` draws at once only when the
 * last frame it let through is at least `period` ms old; a request sooner is
 * folded into one frame drawn when the period is up, so no request is lost, only
 * drawn later. While calm and not `settled` (the map still loading what it
 * shows), a request waits for one that finds it settled, or for `patience` ms
 * after the last frame: a picture half loaded is not drawn again and again. An
 * urgent request, any request within `period` after `wake` (the user touching
 * the map), and every request while not calm are drawn at once.
 */
export class FrameGate {
  readonly #draw: () => void;
  readonly #period: number;
  readonly #now: () => number;
  readonly #settled: () => boolean;
  readonly #patience: number;
  #calm = false;
  #lastFrame = Number.NEGATIVE_INFINITY;
  #wokeAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    draw: () => void,
    period: number,
    now: () => number = () => performance.now(),
    { settled = () => true, patience = period }: { settled?: () => boolean; patience?: number } = {},
  ) {
    this.#draw = draw;
    this.#period = period;
    this.#now = now;
    this.#settled = settled;
    this.#patience = Math.max(period, patience);
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
    if (!this.#calm || urgent || now - this.#wokeAt < this.#period) {
      this.cancel();
      this.#pass(now);
      return;
    }
    // Due after a period when what the map shows has loaded, else once patience runs out.
    const due = this.#lastFrame + (this.#settled() ? this.#period : this.#patience);
    if (now >= due) {
      this.cancel();
      this.#pass(now);
    } else if (this.#timer === undefined || due < this.#timerDue) {
      this.cancel();
      this.#timerDue = due;
      this.#timer = setTimeout(() => this.#flush(), due - now);
    }
  }
  #timerDue = Number.POSITIVE_INFINITY;

  /** The user is touching the map: draw what waits, and every request for the next period, at once. */
  wake(): void {
    this.#wokeAt = this.#now();
    this.#flush();
  }

  /** Forgets a frame that was waiting (the map is being removed). */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerDue = Number.POSITIVE_INFINITY;
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
