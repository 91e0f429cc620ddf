import { dayFromNumber, dayNumber, formatIncidentDate } from '../data/incident-date';
import { el } from './dom';

/** Up to this many incidents get a tick element each (with its title as a tooltip). */
const DOM_TICKS = 400;

function drawTicks(canvas: HTMLCanvasElement, fractions: readonly number[], colors: readonly string[]): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0) return;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  ctx.globalAlpha = 0.35;
  for (let i = 0; i < fractions.length; i++) {
    ctx.fillStyle = colors[i];
    ctx.fillRect(Math.round(fractions[i] * (width - 1)), 2, 1, height - 2);
  }
}

export interface TimelineTick {
  day: string;
  color: string;
  title: string;
}

export interface TimelineControlOptions {
  /** Leftmost day (nothing revealed) and rightmost day (everything revealed). */
  firstDay: string;
  lastDay: string;
  ticks: readonly TimelineTick[];
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
    if (options.ticks.length <= DOM_TICKS) {
      for (const tick of options.ticks) {
        const position = ((dayNumber(tick.day) - min) / (max - min)) * 100;
        const mark = el('span', { class: 'timeline-tick', title: tick.title });
        mark.style.left = `${position}%`;
        mark.style.background = tick.color;
        ticks.append(mark);
      }
    } else {
      // Many incidents: one canvas instead of an element per tick.
      const canvas = el('canvas', { class: 'timeline-tick-canvas' });
      ticks.append(canvas);
      const fractions = options.ticks.map((tick) => (dayNumber(tick.day) - min) / (max - min));
      const colors = options.ticks.map((tick) => tick.color);
      new ResizeObserver(() => drawTicks(canvas, fractions, colors)).observe(ticks);
    }
    const axis = el(
      'div',
      { class: 'timeline-axis', 'aria-hidden': 'true' },
      el('span', {}, formatIncidentDate(dayFromNumber(min + 1))),
      el('span', {}, formatIncidentDate(dayFromNumber(max))),
    );
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
    this.#countLabel.textContent = `${view.revealedCount} of ${view.total} incidents`;
    this.#slider.setAttribute('aria-valuetext', `${label}, ${view.revealedCount} of ${view.total} incidents revealed`);
    this.#play.textContent = view.playing ? '⏸' : '▶';
    this.#play.setAttribute('aria-label', view.playing ? 'Pause' : 'Play');
    this.#play.title = view.playing ? 'Pause (Space)' : 'Play (Space)';
    this.#prev.disabled = view.revealedCount === 0;
    this.#next.disabled = view.revealedCount >= view.total;
  }
}
