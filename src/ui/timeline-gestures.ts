// The timeline's pointer maths: dragging the window band along the axis, and
// zooming the calendar axis with the wheel or the zoom buttons.
import { dayFromNumber, dayNumber } from '../data/dates/incident-date';
import { type AxisRange, axisSpan, wholeDays, zoomRange } from '../timeline/time-span';

/** Fewest days the time axis can be zoomed to. */
const MIN_SPAN_DAYS = 14;

/**
 * The wheel this near (CSS px) the slider's thumb, or an end of the axis, zooms
 * about that point rather than the pointer, so the date or the end day is not
 * cut off by a pointer a few pixels beside it (a thumb is 16 px wide).
 */
const HOLD_PX = 16;

/** What the gestures read of the timeline control, and what they ask of it. */
export interface AxisHost {
  /** The cursor's day (YYYY-MM-DD), or null before the first draw. */
  date(): string | null;
  /** The part of the axis shown, and the whole timeline. */
  range(): AxisRange;
  full: AxisRange;
  /** Whether time runs right to left. */
  rtl(): boolean;
  /** The drawing area's box (the histogram's). */
  box(): DOMRect;
  /** Whether the calendar axis is shown (the even axis neither zooms nor drags by days). */
  calendar(): boolean;
  onScrub: (day: string) => void;
  onZoom: (span: [string, string] | null) => void;
}

/** Dragging the window band moves the cursor with it, a day at a time. */
export function bindBand(band: HTMLElement, host: AxisHost): void {
  let grab: { x: number; day: number } | null = null;
  band.addEventListener('pointerdown', (event) => {
    const date = host.date();
    if (!date || !host.calendar()) return;
    grab = { x: event.clientX, day: dayNumber(date) };
    band.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  band.addEventListener('pointermove', (event) => {
    if (!grab) return;
    const range = host.range();
    const width = host.box().width || 1;
    // Later is rightwards, or leftwards in a right-to-left page.
    const moved = host.rtl() ? grab.x - event.clientX : event.clientX - grab.x;
    const days = Math.round((moved / width) * (range.max - range.min));
    // The band stops at the axis's ends, as the slider's thumb does (or where it was, if off the axis).
    const [low, high] = [Math.min(range.min, grab.day), Math.max(range.max, grab.day)];
    const day = Math.min(high, Math.max(low, grab.day + days));
    const date = host.date();
    if (date && day !== dayNumber(date)) host.onScrub(dayFromNumber(day));
  });
  const release = () => {
    grab = null;
  };
  band.addEventListener('pointerup', release);
  band.addEventListener('pointercancel', release);
}

/** Zooms the calendar axis: the wheel over the track, and the zoom buttons. */
export class AxisZoom {
  readonly #host: AxisHost;
  #exactRange: AxisRange | null = null;

  constructor(host: AxisHost) {
    this.#host = host;
  }

  /** Position of a day along the track from its inline start, 0..1. */
  #fraction(day: number): number {
    const range = this.#host.range();
    return (day - range.min) / (range.max - range.min);
  }

  /** The wheel zooms the time axis around the day under the pointer, or the date or an end near it (see HOLD_PX). */
  wheel(event: WheelEvent): void {
    const date = this.#host.date();
    if (!date || event.deltaY === 0 || !this.#host.calendar()) return;
    event.preventDefault();
    const factor = event.deltaY > 0 ? 1.25 : 0.8;
    const box = this.#host.box();
    const width = box.width || 1;
    // Measured from the axis's first day: its left end, or its right end in a right-to-left page.
    const x = this.#host.rtl() ? box.right - event.clientX : event.clientX - box.left;
    const day = dayNumber(date);
    const cursor = this.#fraction(day);
    if (cursor >= 0 && cursor <= 1 && Math.abs(x - cursor * width) <= HOLD_PX) this.#zoom(factor, cursor, day);
    else this.#zoom(factor, x <= HOLD_PX ? 0 : width - x <= HOLD_PX ? 1 : x / width);
  }

  /** The zoom buttons: around the cursor's day when it is in view, else around the middle. */
  button(factor: number): void {
    const date = this.#host.date();
    if (!date) return;
    const day = dayNumber(date);
    const at = this.#fraction(day);
    if (at >= 0 && at <= 1) this.#zoom(factor, at, day);
    else this.#zoom(factor, 0.5);
  }

  /**
   * Zooms the axis by `factor` (below 1: in) keeping position `day` at fraction
   * `at` of the track; without a day, the one there now.
   */
  #zoom(factor: number, at: number, day?: number): void {
    const range = this.#host.range();
    const { full } = this.#host;
    // Zooming on from the last wheel turn keeps its fractions of a day, so the day
    // under the pointer stays there however many turns it takes.
    const exact = this.#exactRange;
    const drawn = exact && wholeDays(exact);
    const base = exact && drawn?.min === range.min && drawn.max === range.max ? exact : range;
    const pivot = day ?? base.min + at * (base.max - base.min);
    this.#exactRange = zoomRange(base.max - base.min, pivot, at, factor, full, MIN_SPAN_DAYS);
    // Whole days, rounded outwards: the day held (the date, the last day) stays on the axis.
    this.#host.onZoom(axisSpan(wholeDays(this.#exactRange), full));
  }
}
