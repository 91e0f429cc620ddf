// The evenly spaced axis's drawing: a bar per step in its category's colour
// (a column per pixel when steps outnumber them), the dates of the steps that
// have room for a label, and a mark where a long gap in time falls between two
// steps. What is drawn grows with the track's pixels, not with the incidents.
import { dayFromNumber } from '../data/dates/incident-date';
import { formatIncidentDate, t } from '../i18n/page-language';
import { type EvenSteps, gapMarks, incidentAtStep, labelledSteps, stepCount, stepDay } from '../timeline/even-axis';
import { el } from './dom';
import { sizeCanvas } from './timeline-parts';

/** Room around a label or a gap mark's text, CSS px. */
const PADDING = 14;

/** A gap of days in words: days up to two months, then months up to two years, then years. */
export function gapText(days: number): string {
  if (days >= 730) return t('axis.gapYears', { count: Math.round(days / 365.25) });
  if (days >= 60) return t('axis.gapMonths', { count: Math.round(days / 30.44) });
  return t('axis.gapDays', { count: days });
}

export class EvenAxisView {
  /** The dates under the track, and the gap marks over it. */
  readonly labels: HTMLElement;
  readonly gaps: HTMLElement;
  readonly #measure: HTMLElement;

  constructor() {
    this.labels = el('div', { class: 'timeline-step-labels', 'aria-hidden': 'true' });
    this.gaps = el('div', { class: 'timeline-gaps', 'aria-hidden': 'true' });
    this.#measure = el('span', { class: 'timeline-step-label measure' });
    this.labels.append(this.#measure);
  }

  /** How wide a text is drawn as a label, with room around it. */
  #width(text: string): number {
    this.#measure.textContent = text;
    return this.#measure.getBoundingClientRect().width + PADDING;
  }

  /**
   * Draws the steps on `canvas` (the histogram's place), their labels and gap marks, over a track
   * `width` px wide; `category(i)` is incident i's colour group in `palette`.
   */
  draw(canvas: HTMLCanvasElement, steps: EvenSteps, category: ArrayLike<number>, palette: readonly string[]): void {
    const n = stepCount(steps);
    const width = canvas.clientWidth;
    this.#drawBars(canvas, steps, category, palette);
    const dateOf = (k: number) => formatIncidentDate(dayFromNumber(stepDay(steps, k)));
    const labelWidth = n > 0 ? Math.max(this.#width(dateOf(1)), this.#width(dateOf(n))) : 0;
    const labels = labelledSteps(steps, width, labelWidth).map((k) => {
      const centre = Math.min(Math.max((k / n) * width, labelWidth / 2), width - labelWidth / 2);
      const label = el('span', { class: 'timeline-step-label' }, dateOf(k));
      label.style.insetInlineStart = `${centre - labelWidth / 2}px`;
      label.style.width = `${labelWidth}px`;
      label.dataset.step = String(k);
      return label;
    });
    this.labels.replaceChildren(this.#measure, ...labels);
    const markWidth = this.#width(gapText(800));
    const marks = gapMarks(steps, width, markWidth).map((gap) => {
      const mark = el('span', { class: 'timeline-gap' }, gapText(gap.days));
      mark.style.insetInlineStart = `${((gap.after + 0.5) / n) * 100}%`;
      mark.dataset.after = String(gap.after);
      mark.dataset.days = String(gap.days);
      return mark;
    });
    this.gaps.replaceChildren(...marks);
  }

  /** A bar per step, or, with more steps than pixels, a column per pixel in the colour of a step there. */
  #drawBars(
    canvas: HTMLCanvasElement,
    steps: EvenSteps,
    category: ArrayLike<number>,
    palette: readonly string[],
  ): void {
    const ctx = sizeCanvas(canvas);
    const n = stepCount(steps);
    if (!ctx || n === 0) return;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    ctx.globalAlpha = 0.8;
    const bar = (k: number, x: number, w: number) => {
      ctx.fillStyle = palette[category[incidentAtStep(steps, k)]] ?? '#444';
      ctx.fillRect(x, 6, w, height - 6);
    };
    if (n * 4 <= width) {
      const w = Math.max(2, Math.min(6, (width / n) * 0.3));
      for (let k = 1; k <= n; k++) bar(k, (k / n) * width - w / 2, w);
    } else {
      for (let x = 0; x < width; x++) bar(Math.max(1, Math.min(n, Math.round(((x + 1) / width) * n))), x, 1);
    }
  }
}
