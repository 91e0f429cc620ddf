/**
 * Spaces out frame requests. While calm, `request` draws at once only when the
 * last frame it let through is at least `period` ms old; a request sooner is
 * folded into one frame drawn when the period is up, so no request is lost, only
 * drawn later. While calm and not `settled` (the map still loading what it
 * shows), a request waits for one that finds it settled, or for `patience` ms
 * after the last frame: a picture half loaded is not drawn again and again. An
 * urgent request, any request within `period` after `wake` (the user touching
 * the map), and every request while not calm are drawn at once. While calm and
 * held (see holdUntil), a request waits however long the hold lasts; a
 * follow-up waits for the next frame anything else asks for.
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
  /** The holds (see holdUntil) not yet released. */
  readonly #holds = new Set<object>();
  /** Whether a request waits, with no timer: for the holds to be released, or (a follow-up) for the next frame. */
  #waiting = false;

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

  /** Turning calm off draws a frame that was waiting, at once, and ends every hold. */
  set calm(value: boolean) {
    this.#calm = value;
    if (value) return;
    this.#holds.clear();
    this.#flush();
  }

  /**
   * Asks for a frame. A `followUp` (the map asking for one more frame at the end
   * of one, to finish what it drew) does not, while calm, bring a frame of its
   * own: it waits for the next frame anything else asks for, or for calm to end.
   */
  request(urgent = false, followUp = false): void {
    const now = this.#now();
    const woke = now - this.#wokeAt < this.#period;
    if (this.#calm && !woke && !urgent && followUp) {
      if (this.#timer === undefined) this.#waiting = true;
      return;
    }
    if (this.#calm && !woke && this.#holds.size > 0) {
      this.cancel();
      this.#waiting = true;
      return;
    }
    if (!this.#calm || urgent || woke) {
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

  /**
   * While calm, requests wait until `until` settles, with no patience, or calm
   * is turned off; the frame waiting is then drawn (as the period allows).
   * Urgent requests (the app moving the map) wait too; those after `wake` (the
   * user) still draw at once.
   */
  holdUntil(until: Promise<unknown>): void {
    const hold = {};
    this.#holds.add(hold);
    const release = () => {
      if (!this.#holds.delete(hold)) return;
      if (this.#holds.size === 0 && this.#waiting) {
        this.#waiting = false;
        this.request();
      }
    };
    until.then(release, release);
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
    this.#waiting = false;
    this.#timerDue = Number.POSITIVE_INFINITY;
  }

  #flush(): void {
    if (this.#timer === undefined && !this.#waiting) return;
    this.cancel();
    this.#pass(this.#now());
  }

  #pass(now: number): void {
    this.#lastFrame = now;
    this.#draw();
  }
}
