import { type Histogram, histogram } from '../analysis/histogram';
import { type DayColumns, MAX_WINDOW_DAYS, type TimeView, WINDOW_PRESETS } from '../analysis/time-window';
import { dayFromNumber, dayNumber } from '../data/dates/incident-date';
import { formatIncidentDate, t } from '../i18n/page-language';
import {
  type AxisRange,
  axisRange,
  axisSpan,
  cursorPlace,
  rangeShowing,
  wholeDays,
  zoomRange,
} from '../timeline/time-span';
import { el } from './dom';
import {
  drawHistogram,
  drawTicks,
  histogramTotals,
  ICONS,
  icon,
  type TimelineTicks,
  tickMarks,
  timeViewInputs,
} from './timeline-parts';
import type { Widget } from './widget';

/** Fewest days the time axis can be zoomed to. */
const MIN_SPAN_DAYS = 14;

/**
 * The wheel this near (CSS px) the slider's thumb, or an end of the axis, zooms
 * about that point rather than the pointer, so the date or the end day is not
 * cut off by a pointer a few pixels beside it (a thumb is 16 px wide).
 */
const HOLD_PX = 16;

export interface TimelineControlOptions {
  /** The axis's first day (nothing revealed) and last day (everything revealed): left and right, or right and left in a right-to-left page. */
  firstDay: string;
  lastDay: string;
  ticks: TimelineTicks;
  /** Each incident's first and last possible day: uncertain dates are drawn as spans. */
  days: DayColumns;
  onScrub: (day: string) => void;
  onPlayToggle: () => void;
  onStep: (direction: 1 | -1) => void;
  /** The analyst chose another mode, window length or handling of uncertain dates. */
  onTimeView: (view: TimeView) => void;
  /** The axis was zoomed to a span of days (first, last), or back to the whole timeline (null). */
  onZoom: (span: [string, string] | null) => void;
  /**
   * The bars over days `range.first`..`range.last` (day numbers), coloured by `ticks.palette`, when
   * they come from elsewhere than the ticks (a bundle's manifest); redrawn when the view's mask changes.
   */
  histogram?: (range: { first: number; last: number }, maxBins: number) => Histogram;
}

export interface TimelineControlView {
  date: string;
  revealedCount: number;
  total: number;
  /** Incidents shown at the cursor, and how many the filter keeps in all. */
  shown: number;
  kept: number;
  playing: boolean;
  /** Whether Next and Previous have an incident (kept by the filter) to go to. */
  hasNext: boolean;
  hasPrev: boolean;
  time: TimeView;
  /** The filter's mask (null: everything kept); a new one redraws the histogram. */
  mask: Uint8Array | null;
  /** The days the axis is zoomed to, or null for the whole timeline. */
  span: [string, string] | null;
}

/**
 * The timeline: a histogram of incidents over time behind a native date slider
 * (from the day before the first incident to the last), a tick per incident when
 * there are few (a span for an uncertain date), Play/Pause and Previous/Next
 * incident buttons, the current date with how many incidents are shown, and the
 * mode: everything up to the date, or a window of days ending there, drawn as a
 * band that can be dragged. The wheel over the track zooms the time axis.
 * Time runs in the page's reading direction: right to left in a right-to-left
 * page, as the native slider there does (docs/right-to-left.md).
 */
export class TimelineControl implements Widget {
  readonly element: HTMLElement;
  readonly #slider: HTMLInputElement;
  readonly #play: HTMLButtonElement;
  readonly #prev: HTMLButtonElement;
  readonly #next: HTMLButtonElement;
  readonly #dateLabel: HTMLElement;
  readonly #countLabel: HTMLElement;
  readonly #announcer: HTMLElement;
  readonly #resized: ResizeObserver;
  readonly #options: TimelineControlOptions;
  readonly #axis: HTMLElement;
  readonly #track: HTMLElement;
  readonly #histogram: HTMLCanvasElement;
  readonly #tickCanvas: HTMLCanvasElement | null;
  readonly #tickElements: HTMLElement[];
  readonly #band: HTMLElement;
  /** Shown when the date is off the zoomed axis: says where it is, and brings it on. */
  readonly #offAxis: HTMLButtonElement;
  readonly #mode: HTMLSelectElement;
  readonly #windowDays: HTMLInputElement;
  readonly #possible: HTMLInputElement;
  readonly #unzoom: HTMLButtonElement;
  readonly #zoomButtons: HTMLButtonElement[];
  /** The whole timeline, and the part the axis shows. */
  readonly #full: AxisRange;
  #range: AxisRange;
  #view: TimelineControlView | null = null;
  #drawnMask: Uint8Array | null | undefined = undefined;
  #drawnRange: AxisRange | null = null;
  /** The track's size when the axis was last drawn. */
  #drawnSize = '';
  #drawn: Histogram | null = null;
  #exactRange: AxisRange | null = null;
  /** The analyst chose "Last … days": the menu stays on it even when the length matches a preset. */
  #custom = false;

  constructor(options: TimelineControlOptions) {
    this.#options = options;
    const min = dayNumber(options.firstDay);
    const max = Math.max(dayNumber(options.lastDay), min + 1);
    this.#full = { min, max };
    this.#range = { min, max };

    // The arrow keys follow the mirrored timeline: in a right-to-left page, ← is the later incident.
    const [earlierKey, laterKey] = document.documentElement.dir === 'rtl' ? ['→', '←'] : ['←', '→'];
    this.#prev = el(
      'button',
      {
        type: 'button',
        class: 'step prev',
        'aria-label': t('timeline.previous'),
        title: t('timeline.previousTitle', { key: earlierKey }),
      },
      icon(ICONS.previous),
    );
    this.#play = el(
      'button',
      {
        type: 'button',
        class: 'play',
        'aria-label': t('timeline.play'),
        title: t('timeline.playTitle', { key: t('keys.space') }),
      },
      icon(ICONS.play),
    );
    this.#next = el(
      'button',
      {
        type: 'button',
        class: 'step next',
        'aria-label': t('timeline.next'),
        title: t('timeline.nextTitle', { key: laterKey }),
      },
      icon(ICONS.next),
    );
    this.#prev.addEventListener('click', () => options.onStep(-1));
    this.#next.addEventListener('click', () => options.onStep(1));
    this.#play.addEventListener('click', () => options.onPlayToggle());

    this.#slider = el('input', {
      type: 'range',
      class: 'timeline-slider',
      min: String(min),
      max: String(max),
      step: '1',
      'aria-label': t('timeline.slider'),
    });
    this.#slider.addEventListener('input', () => options.onScrub(dayFromNumber(Number(this.#slider.value))));

    this.#histogram = el('canvas', { class: 'timeline-histogram', 'aria-hidden': 'true' });
    const ticks = tickMarks(options.ticks, options.days);
    this.#tickElements = ticks.elements;
    this.#tickCanvas = ticks.canvas;
    this.#band = el('div', { class: 'timeline-window', title: t('timeline.window'), hidden: '' });
    this.#bindBand();
    const axis = el('div', { class: 'timeline-axis', 'aria-hidden': 'true' }, el('span'), el('span'));
    this.#axis = axis;
    this.#offAxis = el('button', { type: 'button', class: 'timeline-off-axis', hidden: '' });
    this.#offAxis.addEventListener('click', () => this.#showCursor());
    this.#track = el(
      'div',
      { class: 'timeline-track' },
      this.#histogram,
      ticks.element,
      this.#band,
      this.#slider,
      this.#offAxis,
      axis,
    );
    this.#track.addEventListener('wheel', (event) => this.#onWheel(event), { passive: false });
    // Its first report comes when the control is shown, usually after the axis was drawn at that width.
    this.#resized = new ResizeObserver(() => {
      if (this.#trackSize() !== this.#drawnSize) this.#drawAxis(true);
    });
    this.#resized.observe(this.#track);

    this.#dateLabel = el('output', { class: 'timeline-date' });
    this.#countLabel = el('span', { class: 'timeline-count' });
    this.#announcer = el('span', { class: 'visually-hidden', 'aria-live': 'polite' });

    const inputs = timeViewInputs();
    this.#mode = inputs.mode;
    this.#windowDays = inputs.windowDays;
    this.#possible = inputs.possible;
    this.#mode.addEventListener('change', () => this.#chooseMode());
    this.#windowDays.addEventListener('change', () => this.#chooseMode());
    this.#possible.addEventListener('change', () => this.#chooseMode());
    this.#unzoom = inputs.unzoom;
    this.#unzoom.addEventListener('click', () => options.onZoom(null));
    const { zoomIn, zoomOut } = inputs;
    zoomIn.addEventListener('click', () => this.#zoomButton(0.5));
    zoomOut.addEventListener('click', () => this.#zoomButton(2));
    this.#zoomButtons = [zoomIn, zoomOut];

    this.element = el(
      'section',
      { class: 'timeline', 'aria-label': t('timeline.label') },
      el('div', { class: 'timeline-buttons' }, this.#prev, this.#play, this.#next),
      this.#track,
      el('div', { class: 'timeline-readout' }, this.#dateLabel, this.#countLabel),
      el(
        'div',
        { class: 'timeline-options' },
        this.#mode,
        this.#windowDays,
        el(
          'label',
          {
            class: 'timeline-possible-label',
            title: t('timeline.possibleTitle'),
          },
          this.#possible,
          t('timeline.possible'),
        ),
        el(
          'span',
          { class: 'timeline-zoom-group', role: 'group', 'aria-label': t('timeline.zoomGroup') },
          ...this.#zoomButtons,
        ),
        this.#unzoom,
      ),
      this.#announcer,
    );
  }

  /** An empty, disabled timeline that holds its place (and the page's layout) while a dataset loads. */
  static placeholder(): TimelineControl {
    const today = new Date().toISOString().slice(0, 10);
    const control = new TimelineControl({
      firstDay: today,
      lastDay: today,
      ticks: { days: [], category: [], palette: [], title: () => '' },
      days: {
        first: new Float32Array(),
        last: new Float32Array(),
        reach: 0,
        long: new Uint32Array(),
        spanEnds: new Float32Array(),
      },
      onScrub: () => {},
      onPlayToggle: () => {},
      onStep: () => {},
      onTimeView: () => {},
      onZoom: () => {},
    });
    control.#dateLabel.textContent = t('timeline.loading');
    control.#countLabel.textContent = '\u00a0';
    for (const span of control.#axis.children) span.textContent = '\u00a0';
    for (const input of [
      control.#slider,
      control.#play,
      control.#prev,
      control.#next,
      control.#mode,
      control.#possible,
      ...control.#zoomButtons,
    ]) {
      input.disabled = true;
    }
    control.element.setAttribute('aria-busy', 'true');
    return control;
  }

  destroy(): void {
    this.#resized.disconnect();
    this.element.remove();
  }

  /** Tells screen-reader users what a step or selection did (not every playback tick). */
  announce(text: string): void {
    this.#announcer.textContent = text;
  }

  /** Focuses the Play/Pause button. */
  focusPlay(): void {
    this.#play.focus();
  }

  update(view: TimelineControlView): void {
    const before = this.#view;
    this.#view = view;
    const value = dayNumber(view.date);
    const span = view.span;
    const range = axisRange(span, this.#full);
    const rangeChanged = range.min !== this.#range.min || range.max !== this.#range.max;
    if (range.max > range.min) this.#range = range;
    this.#slider.min = String(this.#range.min);
    this.#slider.max = String(this.#range.max);
    // Off the axis, the slider can only stand at its end: greyed, with a note saying where the date is.
    this.#slider.value = String(value);
    const place = cursorPlace(this.#range, value);
    this.#slider.classList.toggle('off-axis', place !== 'on');
    const beforeAll = view.revealedCount === 0 && view.date === this.#options.firstDay;
    const label = beforeAll
      ? t('timeline.before', { date: formatIncidentDate(dayFromNumber(value + 1)) })
      : formatIncidentDate(view.date);
    this.#offAxis.hidden = place === 'on';
    if (place !== 'on') {
      this.#offAxis.dataset.side = place;
      // The arrow points to the end of the axis the date lies beyond: later is leftwards in a right-to-left page.
      const rtl = this.#rtl();
      const after = place === 'after';
      const arrow = after === rtl ? '←' : '→';
      this.#offAxis.textContent = after ? `${label} ${arrow}` : `${arrow} ${label}`;
      this.#offAxis.setAttribute(
        'aria-label',
        t(after ? 'timeline.offAxisAfter' : 'timeline.offAxisBefore', { date: label }),
      );
      this.#offAxis.title = t(after ? 'timeline.offAxisAfterTitle' : 'timeline.offAxisBeforeTitle');
    }
    this.#dateLabel.textContent = label;
    const filtered = view.kept !== view.total;
    const windowed = view.time.mode === 'window';
    const key = windowed
      ? filtered
        ? 'timeline.windowOfMatching'
        : 'timeline.windowOf'
      : filtered
        ? 'timeline.shownOfMatching'
        : 'timeline.shownOf';
    const counted = t(key, { shown: view.shown, kept: view.kept });
    this.#countLabel.textContent = counted;
    // Two lines are kept for it; should a count ever need more, the whole of it is here.
    this.#countLabel.title = counted;
    const valueKey =
      place === 'after'
        ? 'timeline.valueTextAfter'
        : place === 'before'
          ? 'timeline.valueTextBefore'
          : 'timeline.valueText';
    const count = windowed ? counted : t('timeline.revealed', { count: counted });
    this.#slider.setAttribute('aria-valuetext', t(valueKey, { date: label, count }));
    const playIcon = view.playing ? ICONS.pause : ICONS.play;
    if (this.#play.firstElementChild?.firstElementChild?.getAttribute('d') !== playIcon) {
      this.#play.replaceChildren(icon(playIcon));
    }
    this.#play.setAttribute('aria-label', t(view.playing ? 'timeline.pause' : 'timeline.play'));
    this.#play.title = t(view.playing ? 'timeline.pauseTitle' : 'timeline.playTitle', { key: t('keys.space') });
    this.#prev.disabled = !view.hasPrev;
    this.#next.disabled = !view.hasNext;

    const preset = !this.#custom && WINDOW_PRESETS.includes(view.time.windowDays as (typeof WINDOW_PRESETS)[number]);
    if (document.activeElement !== this.#mode) {
      this.#mode.value = windowed ? (preset ? String(view.time.windowDays) : 'custom') : 'cumulative';
    }
    this.#windowDays.hidden = !windowed || this.#mode.value !== 'custom';
    if (document.activeElement !== this.#windowDays) this.#windowDays.value = String(view.time.windowDays);
    this.#possible.checked = view.time.showPossible;
    this.#unzoom.hidden = span === null;
    this.#drawAxis(rangeChanged || before?.mask !== view.mask);
  }

  #chooseMode(): void {
    const view = this.#view;
    if (!view) return;
    const choice = this.#mode.value;
    this.#custom = choice === 'custom';
    let time: TimeView;
    if (choice === 'cumulative') time = { ...view.time, mode: 'cumulative' };
    else if (choice === 'custom') {
      const typed = this.#windowDays.value.trim() === '' ? Number.NaN : Math.round(Number(this.#windowDays.value));
      const days = Number.isFinite(typed) ? Math.min(MAX_WINDOW_DAYS, Math.max(1, typed)) : view.time.windowDays;
      this.#windowDays.hidden = false;
      time = { ...view.time, mode: 'window', windowDays: days };
    } else time = { ...view.time, mode: 'window', windowDays: Number(choice) };
    time = { ...time, showPossible: this.#possible.checked };
    this.#options.onTimeView(time);
  }

  /** Whether time runs right to left here (the page's, or an embedding page's, direction). */
  #rtl(): boolean {
    return getComputedStyle(this.#track).direction === 'rtl';
  }

  /** Position of a day along the track from its inline start (left, or right in a right-to-left page), 0..1. */
  #fraction(day: number): number {
    return (day - this.#range.min) / (this.#range.max - this.#range.min);
  }

  /** Redraws the histogram and ticks (when the filter or zoom changed) and places the window band. */
  #trackSize(): string {
    return `${this.#track.clientWidth}x${this.#track.clientHeight}`;
  }

  #drawAxis(redraw: boolean): void {
    const view = this.#view;
    if (!view) return;
    const range = this.#range;
    const [startLabel, endLabel] = this.#axis.children;
    startLabel.textContent = formatIncidentDate(dayFromNumber(range.min + 1));
    endLabel.textContent = formatIncidentDate(dayFromNumber(range.max));
    const sameRange = this.#drawnRange?.min === range.min && this.#drawnRange?.max === range.max;
    if (redraw || !sameRange || this.#drawnMask !== view.mask) {
      this.#drawnMask = view.mask;
      this.#drawnRange = range;
      const { ticks } = this.#options;
      const width = this.#histogram.clientWidth;
      this.#drawnSize = this.#trackSize();
      const days = { first: range.min + 1, last: range.max };
      const maxBins = Math.max(8, Math.min(120, Math.floor(width / 6)));
      const h = this.#options.histogram
        ? this.#options.histogram(days, maxBins)
        : histogram({ day: ticks.days, category: ticks.category }, ticks.palette.length, view.mask, days, maxBins);
      drawHistogram(this.#histogram, h, ticks.palette, range);
      this.#drawn = h;
      this.#histogram.dataset.unit = h.unit;
      this.#histogram.dataset.bins = String(h.edges.length - 1);
      // The bar counts, for tests and for anyone reading the page's structure.
      this.#histogram.dataset.counts = histogramTotals(h).join(',');
      if (this.#tickCanvas) drawTicks(this.#tickCanvas, ticks, range, view.mask);
      const { first, last } = this.#options.days;
      this.#tickElements.forEach((mark, i) => {
        // A span covers its days as the histogram does: from the end of the day before its first.
        const span = mark.classList.contains('span');
        const left = span ? this.#fraction(first[i] - 1) : this.#fraction(first[i]);
        const right = this.#fraction(Math.min(last[i], range.max));
        // A span that only touches an end of the axis has none of its days on it.
        const outside = span ? left >= 1 || this.#fraction(last[i]) <= 0 : left > 1 || left < 0;
        mark.hidden = outside || (view.mask !== null && !view.mask[i]);
        mark.style.insetInlineStart = `${Math.max(0, left) * 100}%`;
        if (span) mark.style.width = `${(Math.min(1, right) - Math.max(0, left)) * 100}%`;
      });
    }
    // The window's band is cut to the axis, and hidden when it is wholly off it.
    const day = dayNumber(view.date);
    const from = this.#fraction(day - view.time.windowDays);
    const to = this.#fraction(day);
    const [left, right] = [Math.max(0, from), Math.min(1, to)];
    this.#band.hidden = view.time.mode !== 'window' || right <= left;
    if (!this.#band.hidden) {
      // The track's drawings are inset 9px on each side, as the slider's thumb travel is.
      this.#band.style.insetInlineStart = `calc(9px + ${left} * (100% - 18px))`;
      this.#band.style.width = `calc(${right - left} * (100% - 18px))`;
      this.#band.classList.toggle('cut-start', from < 0);
      this.#band.classList.toggle('cut-end', to > 1);
    }
  }

  /** Moves the axis, its length kept, to show the date (and as much of its window as fits). */
  #showCursor(): void {
    const view = this.#view;
    if (!view) return;
    const lead = view.time.mode === 'window' ? view.time.windowDays : 0;
    const range = rangeShowing(this.#range, dayNumber(view.date), lead, this.#full);
    this.#options.onZoom(axisSpan(range, this.#full));
  }

  /** The date and the counts the timeline shows, as text. */
  readout(): { date: string; count: string } {
    return { date: this.#dateLabel.textContent ?? '', count: this.#countLabel.textContent ?? '' };
  }

  /** The bins last drawn: first and last day and the count of incidents the filter keeps. */
  histogramBins(): { unit: string; bins: { first: string; last: string; count: number }[] } {
    const h = this.#drawn;
    if (!h) return { unit: 'day', bins: [] };
    const totals = histogramTotals(h);
    return {
      unit: h.unit,
      bins: totals.map((count, b) => ({
        first: dayFromNumber(h.edges[b]),
        last: dayFromNumber(h.edges[b + 1] - 1),
        count,
      })),
    };
  }

  /** Dragging the window band moves the cursor with it, a day at a time. */
  #bindBand(): void {
    let grab: { x: number; day: number } | null = null;
    this.#band.addEventListener('pointerdown', (event) => {
      if (!this.#view) return;
      grab = { x: event.clientX, day: dayNumber(this.#view.date) };
      this.#band.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    this.#band.addEventListener('pointermove', (event) => {
      if (!grab) return;
      const width = this.#histogram.clientWidth || 1;
      // Later is rightwards, or leftwards in a right-to-left page.
      const moved = this.#rtl() ? grab.x - event.clientX : event.clientX - grab.x;
      const days = Math.round((moved / width) * (this.#range.max - this.#range.min));
      // The band stops at the axis's ends, as the slider's thumb does (or where it was, if off the axis).
      const [low, high] = [Math.min(this.#range.min, grab.day), Math.max(this.#range.max, grab.day)];
      const day = Math.min(high, Math.max(low, grab.day + days));
      if (this.#view && day !== dayNumber(this.#view.date)) this.#options.onScrub(dayFromNumber(day));
    });
    const release = () => {
      grab = null;
    };
    this.#band.addEventListener('pointerup', release);
    this.#band.addEventListener('pointercancel', release);
  }

  /** The wheel zooms the time axis around the day under the pointer, or the date or an end near it (see HOLD_PX). */
  #onWheel(event: WheelEvent): void {
    if (!this.#view || event.deltaY === 0) return;
    event.preventDefault();
    const factor = event.deltaY > 0 ? 1.25 : 0.8;
    const box = this.#histogram.getBoundingClientRect();
    const width = box.width || 1;
    // Measured from the axis's first day: its left end, or its right end in a right-to-left page.
    const x = this.#rtl() ? box.right - event.clientX : event.clientX - box.left;
    const day = dayNumber(this.#view.date);
    const cursor = this.#fraction(day);
    if (cursor >= 0 && cursor <= 1 && Math.abs(x - cursor * width) <= HOLD_PX) this.#zoom(factor, cursor, day);
    else this.#zoom(factor, x <= HOLD_PX ? 0 : width - x <= HOLD_PX ? 1 : x / width);
  }

  /** The zoom buttons: around the cursor's day when it is in view, else around the middle. */
  #zoomButton(factor: number): void {
    if (!this.#view) return;
    const day = dayNumber(this.#view.date);
    const at = this.#fraction(day);
    if (at >= 0 && at <= 1) this.#zoom(factor, at, day);
    else this.#zoom(factor, 0.5);
  }

  /**
   * Zooms the axis by `factor` (below 1: in) keeping position `day` at fraction
   * `at` of the track; without a day, the one there now.
   */
  #zoom(factor: number, at: number, day?: number): void {
    // Zooming on from the last wheel turn keeps its fractions of a day, so the day
    // under the pointer stays there however many turns it takes.
    const exact = this.#exactRange;
    const drawn = exact && wholeDays(exact);
    const base = exact && drawn?.min === this.#range.min && drawn.max === this.#range.max ? exact : this.#range;
    const pivot = day ?? base.min + at * (base.max - base.min);
    this.#exactRange = zoomRange(base.max - base.min, pivot, at, factor, this.#full, MIN_SPAN_DAYS);
    // Whole days, rounded outwards: the day held (the date, the last day) stays on the axis.
    this.#options.onZoom(axisSpan(wholeDays(this.#exactRange), this.#full));
  }
}

/** Each bin's total over all categories. */
