import { dayFromNumber, dayNumber, formatIncidentDate } from '../data/incident-date';
import { el, formatCount } from './dom';

/** Up to this many incidents get a tick element each (with its title as a tooltip). */
const DOM_TICKS = 400;

/**
 * Draws many ticks on a canvas: one column per pixel, in the colour of the last
 * incident falling there, darker where more fall, so a million cost a pass over
 * a typed array and a few hundred rectangles.
 */
function drawTicks(canvas: HTMLCanvasElement, ticks: TimelineTicks, min: number, max: number): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0) return;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  const counts = new Uint32Array(width);
  const last = new Int32Array(width).fill(-1);
  const { days, category } = ticks;
  for (let i = 0; i < days.length; i++) {
    const x = Math.round(((days[i] - min) / (max - min)) * (width - 1));
    if (x < 0 || x >= width) continue;
    counts[x]++;
    last[x] = category[i];
  }
  for (let x = 0; x < width; x++) {
    if (counts[x] === 0) continue;
    ctx.globalAlpha = Math.min(0.9, 0.35 + 0.08 * Math.log2(counts[x]));
    ctx.fillStyle = ticks.palette[last[x]] ?? '#444';
    ctx.fillRect(x, 2, 1, height - 2);
  }
}

/** A tick per incident, in reveal order, as columns. */
export interface TimelineTicks {
  /** Day numbers (days since 1970-01-01). */
  days: ArrayLike<number>;
  /** Index into `palette`. */
  category: ArrayLike<number>;
  palette: readonly string[];
  /** The tooltip of tick i; only asked for when ticks are few enough to be elements. */
  title: (index: number) => string;
}

export interface TimelineControlOptions {
  /** Leftmost day (nothing revealed) and rightmost day (everything revealed). */
  firstDay: string;
  lastDay: string;
  ticks: TimelineTicks;
  onScrub: (day: string) => void;
  onPlayToggle: () => void;
  onStep: (direction: 1 | -1) => void;
}

export interface TimelineControlView {
  date: string;
  revealedCount: number;
  total: number;
  playing: boolean;
}

/**
 * The timeline: a native date slider from the day before the first incident to
 * the last, a tick per incident, Play/Pause and Previous/Next incident buttons,
 * and the current date with how many incidents are revealed.
 */
export class TimelineControl {
  readonly element: HTMLElement;
  readonly #slider: HTMLInputElement;
  readonly #play: HTMLButtonElement;
  readonly #prev: HTMLButtonElement;
  readonly #next: HTMLButtonElement;
  readonly #dateLabel: HTMLElement;
  readonly #countLabel: HTMLElement;
  readonly #announcer: HTMLElement;
  readonly #options: TimelineControlOptions;
  readonly #axis: HTMLElement;

  constructor(options: TimelineControlOptions) {
    this.#options = options;
    const min = dayNumber(options.firstDay);
    const max = Math.max(dayNumber(options.lastDay), min + 1);

    this.#prev = el(
      'button',
      { type: 'button', class: 'step prev', 'aria-label': 'Previous incident', title: 'Previous incident (←)' },
      '⏮',
    );
    this.#play = el('button', { type: 'button', class: 'play', 'aria-label': 'Play', title: 'Play (Space)' }, '▶');
    this.#next = el(
      'button',
      { type: 'button', class: 'step next', 'aria-label': 'Next incident', title: 'Next incident (→)' },
      '⏭',
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
      'aria-label': 'Timeline date',
    });
    this.#slider.addEventListener('input', () => options.onScrub(dayFromNumber(Number(this.#slider.value))));

    const ticks = el('div', { class: 'timeline-ticks', 'aria-hidden': 'true' });
    const { days, category, palette } = options.ticks;
    if (days.length <= DOM_TICKS) {
      for (let i = 0; i < days.length; i++) {
        const position = ((days[i] - min) / (max - min)) * 100;
        const mark = el('span', { class: 'timeline-tick', title: options.ticks.title(i) });
        mark.style.left = `${position}%`;
        mark.style.background = palette[category[i]] ?? '#444';
        ticks.append(mark);
      }
    } else {
      // Many incidents: one canvas instead of an element per tick.
      const canvas = el('canvas', { class: 'timeline-tick-canvas' });
      ticks.append(canvas);
      new ResizeObserver(() => drawTicks(canvas, options.ticks, min, max)).observe(ticks);
    }
    const axis = el(
      'div',
      { class: 'timeline-axis', 'aria-hidden': 'true' },
      el('span', {}, formatIncidentDate(dayFromNumber(min + 1))),
      el('span', {}, formatIncidentDate(dayFromNumber(max))),
    );
    this.#axis = axis;
    this.#dateLabel = el('output', { class: 'timeline-date' });
    this.#countLabel = el('span', { class: 'timeline-count' });
    this.#announcer = el('span', { class: 'visually-hidden', 'aria-live': 'polite' });

    this.element = el(
      'section',
      { class: 'timeline', 'aria-label': 'Timeline' },
      el('div', { class: 'timeline-buttons' }, this.#prev, this.#play, this.#next),
      el('div', { class: 'timeline-track' }, ticks, this.#slider, axis),
      el('div', { class: 'timeline-readout' }, this.#dateLabel, this.#countLabel),
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
      onScrub: () => {},
      onPlayToggle: () => {},
      onStep: () => {},
    });
    control.#dateLabel.textContent = 'Loading…';
    control.#countLabel.textContent = '\u00a0';
    for (const span of control.#axis.children) span.textContent = '\u00a0';
    for (const input of [control.#slider, control.#play, control.#prev, control.#next]) input.disabled = true;
    control.element.setAttribute('aria-busy', 'true');
    return control;
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
    const value = dayNumber(view.date);
    this.#slider.value = String(value);
    const before = view.revealedCount === 0 && view.date === this.#options.firstDay;
    const label = before ? `Before ${formatIncidentDate(dayFromNumber(value + 1))}` : formatIncidentDate(view.date);
    this.#dateLabel.textContent = label;
    const counted = `${formatCount(view.revealedCount)} of ${formatCount(view.total)} incidents`;
    this.#countLabel.textContent = counted;
    this.#slider.setAttribute('aria-valuetext', `${label}, ${counted} revealed`);
    this.#play.textContent = view.playing ? '⏸' : '▶';
    this.#play.setAttribute('aria-label', view.playing ? 'Pause' : 'Play');
    this.#play.title = view.playing ? 'Pause (Space)' : 'Play (Space)';
    this.#prev.disabled = view.revealedCount === 0;
    this.#next.disabled = view.revealedCount >= view.total;
  }
}
