import { type Histogram, histogram } from '../analysis/histogram';
import { type DayColumns, MAX_WINDOW_DAYS, type TimeView, WINDOW_PRESETS } from '../analysis/time-window';
import { dayFromNumber, dayNumber } from '../data/dates/incident-date';
import { formatIncidentDate, t } from '../i18n/page-language';
import { type EvenSteps, incidentAtStep, positionOf, stepCount, stepsThroughDay } from '../timeline/even-axis';
import { type AxisRange, axisRange, axisSpan, cursorPlace, rangeShowing } from '../timeline/time-span';
import { el } from './dom';
import { EvenAxisView } from './even-axis-view';
import { type AxisHost, AxisZoom, bindBand } from './timeline-gestures';
import {
  axisInput,
  drawHistogram,
  drawTicks,
  histogramBins,
  histogramTotals,
  ICONS,
  icon,
  placeTicks,
  type TimelineTicks,
  tickMarks,
  timeViewInputs,
} from './timeline-parts';
import { countText, offAxisNote, sliderText } from './timeline-text';
import type { Widget } from './widget';

/** The time axis: by date, or one even step per incident. */
export type TimeAxis = 'calendar' | 'even';

export interface TimelineControlOptions {
  /** The axis's first day (nothing revealed) and last day (everything revealed): left and right, or right and left in a right-to-left page. */
  firstDay: string;
  lastDay: string;
  ticks: TimelineTicks;
  /** Each incident's first and last possible day: uncertain dates are drawn as spans. */
  days: DayColumns;
  onScrub: (day: string) => void;
  /** The even axis's slider moved: revealed through incident `index` (reveal order), -1 for none. */
  onScrubStep: (index: number) => void;
  /** The reader chose the other axis. */
  onAxis: (axis: TimeAxis) => void;
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
  axis: TimeAxis;
  /** The even axis's steps: the incidents Next and Play go through. */
  steps: EvenSteps;
}

/**
 * The timeline: a histogram of incidents over time behind a native date slider
 * (from the day before the first incident to the last), a tick per incident when
 * there are few (a span for an uncertain date), Play/Pause and Previous/Next
 * incident buttons, the current date with how many incidents are shown, and the
 * mode: everything up to the date, or a window of days ending there, drawn as a
 * band that can be dragged. The wheel over the track zooms the time axis.
 * On the evenly spaced axis, each incident Next steps to is one step of the
 * slider instead, with its date below where it fits and long gaps marked.
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
  readonly #zoomGroup: HTMLElement;
  readonly #axisSelect: HTMLSelectElement;
  readonly #zoom: AxisZoom;
  readonly #even = new EvenAxisView();
  /** The steps the even axis was last drawn with. */
  #drawnSteps: EvenSteps | null = null;
  /** The whole timeline, and the part the axis shows. */
  readonly #full: AxisRange;
  #range: AxisRange;
  #view: TimelineControlView | null = null;
  #drawnMask: Uint8Array | null | undefined = undefined;
  #drawnRange: AxisRange | null = null;
  /** The track's size when the axis was last drawn. */
  #drawnSize = '';
  #drawn: Histogram | null = null;
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
    this.#slider.addEventListener('input', () => {
      const value = Number(this.#slider.value);
      if (this.#view?.axis === 'even') options.onScrubStep(incidentAtStep(this.#view.steps, value));
      else options.onScrub(dayFromNumber(value));
    });

    this.#histogram = el('canvas', { class: 'timeline-histogram', 'aria-hidden': 'true' });
    const ticks = tickMarks(options.ticks, options.days);
    this.#tickElements = ticks.elements;
    this.#tickCanvas = ticks.canvas;
    this.#band = el('div', { class: 'timeline-window', title: t('timeline.window'), hidden: '' });
    const host: AxisHost = {
      date: () => this.#view?.date ?? null,
      range: () => this.#range,
      full: this.#full,
      rtl: () => this.#rtl(),
      box: () => this.#histogram.getBoundingClientRect(),
      calendar: () => this.#view?.axis !== 'even',
      onScrub: options.onScrub,
      onZoom: options.onZoom,
    };
    bindBand(this.#band, host);
    this.#zoom = new AxisZoom(host);
    const axis = el('div', { class: 'timeline-axis', 'aria-hidden': 'true' }, el('span'), el('span'));
    this.#axis = axis;
    this.#offAxis = el('button', { type: 'button', class: 'timeline-off-axis', hidden: '' });
    this.#offAxis.addEventListener('click', () => this.#showCursor());
    this.#track = el(
      'div',
      { class: 'timeline-track' },
      this.#histogram,
      ticks.element,
      this.#even.gaps,
      this.#band,
      this.#slider,
      this.#offAxis,
      axis,
      this.#even.labels,
    );
    this.#track.addEventListener('wheel', (event) => this.#zoom.wheel(event), { passive: false });
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
    zoomIn.addEventListener('click', () => this.#zoom.button(0.5));
    zoomOut.addEventListener('click', () => this.#zoom.button(2));
    this.#zoomButtons = [zoomIn, zoomOut];
    this.#zoomGroup = el(
      'span',
      { class: 'timeline-zoom-group', role: 'group', 'aria-label': t('timeline.zoomGroup') },
      ...this.#zoomButtons,
    );
    const axisChoice = axisInput();
    this.#axisSelect = axisChoice.select;
    this.#axisSelect.addEventListener('change', () => options.onAxis(this.#axisSelect.value as TimeAxis));

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
        axisChoice.label,
        this.#zoomGroup,
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
      onScrubStep: () => {},
      onAxis: () => {},
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
      control.#axisSelect,
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
    const even = view.axis === 'even';
    const axisChanged = before?.axis !== view.axis;
    const rangeChanged = range.min !== this.#range.min || range.max !== this.#range.max || axisChanged;
    if (range.max > range.min) this.#range = range;
    this.#slider.min = even ? '0' : String(this.#range.min);
    this.#slider.max = even ? String(stepCount(view.steps)) : String(this.#range.max);
    // Off the axis, the slider can only stand at its end: greyed, with a note saying where the date is.
    this.#slider.value = String(even ? positionOf(view.steps, view.revealedCount) : value);
    this.#track.classList.toggle('even', even);
    if (document.activeElement !== this.#axisSelect) this.#axisSelect.value = view.axis;
    this.#zoomGroup.hidden = even;
    const place = even ? 'on' : cursorPlace(this.#range, value);
    this.#slider.classList.toggle('off-axis', place !== 'on');
    const beforeAll = view.revealedCount === 0 && view.date === this.#options.firstDay;
    const label = beforeAll
      ? t('timeline.before', { date: formatIncidentDate(dayFromNumber(value + 1)) })
      : formatIncidentDate(view.date);
    this.#offAxis.hidden = place === 'on';
    if (place !== 'on') offAxisNote(this.#offAxis, place, label, this.#rtl());
    this.#dateLabel.textContent = label;
    const windowed = view.time.mode === 'window';
    const counted = countText(view);
    this.#countLabel.textContent = counted;
    // Two lines are kept for it; should a count ever need more, the whole of it is here.
    this.#countLabel.title = counted;
    this.#slider.setAttribute('aria-valuetext', sliderText(view, place, label, counted, this.#options.ticks.title));
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
    this.#unzoom.hidden = span === null || even;
    const stepsChanged = before?.steps.kept !== view.steps.kept || before?.steps.count !== view.steps.count;
    this.#drawAxis(rangeChanged || before?.mask !== view.mask || (even && stepsChanged));
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
    if (view.axis === 'even') {
      this.#drawEven(view, redraw);
      return;
    }
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
      placeTicks(this.#tickElements, this.#options.days, range, view.mask);
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

  /** The even axis: its steps drawn (when they, or the track's size, changed) and the window's band placed. */
  #drawEven(view: TimelineControlView, redraw: boolean): void {
    const { steps } = view;
    if (redraw || this.#drawnSteps !== steps) {
      const { ticks } = this.#options;
      this.#even.draw(this.#histogram, steps, ticks.category, ticks.palette);
      this.#drawnSteps = steps;
      this.#drawnSize = this.#trackSize();
      // Back on the calendar axis, its histogram is drawn afresh.
      this.#drawnRange = null;
    }
    const n = Math.max(1, stepCount(steps));
    const day = dayNumber(view.date);
    const from = stepsThroughDay(steps, day - view.time.windowDays) / n;
    const to = positionOf(steps, view.revealedCount) / n;
    this.#band.hidden = view.time.mode !== 'window' || to <= from;
    if (!this.#band.hidden) {
      this.#band.style.insetInlineStart = `calc(9px + ${from} * (100% - 18px))`;
      this.#band.style.width = `calc(${to - from} * (100% - 18px))`;
      this.#band.classList.remove('cut-start', 'cut-end');
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
    return histogramBins(this.#drawn);
  }
}

/** Each bin's total over all categories. */
