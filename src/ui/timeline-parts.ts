// The timeline control's parts: what it draws on its canvases (ticks and
// histogram bars), its tick marks, its buttons' icons and its option inputs.
import type { Histogram } from '../analysis/histogram';
import { type DayColumns, MAX_WINDOW_DAYS, WINDOW_PRESETS } from '../analysis/time-window';
import { dayFromNumber } from '../data/dates/incident-date';
import { t } from '../i18n/page-language';
import type { AxisRange } from '../timeline/time-span';
import { el } from './dom';

/** Up to this many incidents get a tick element each (with its title as a tooltip). */
const DOM_TICKS = 400;

/** Rows uncertain-date spans are spread over. */
const SPAN_LANES = 3;

export interface TimelineTicks {
  /** Day numbers (days since 1970-01-01). */
  days: ArrayLike<number>;
  /** Index into `palette`. */
  category: ArrayLike<number>;
  palette: readonly string[];
  /** The tooltip of tick i; only asked for when ticks are few enough to be elements. */
  title: (index: number) => string;
}

/**
 * Draws many ticks on a canvas: one column per pixel, in the colour of the last
 * incident falling there, darker where more fall, so a million cost a pass over
 * a typed array and a few hundred rectangles. Incidents the filter leaves out are skipped.
 */
export function drawTicks(
  canvas: HTMLCanvasElement,
  ticks: TimelineTicks,
  range: AxisRange,
  mask: Uint8Array | null,
): void {
  const ctx = sizeCanvas(canvas);
  if (!ctx) return;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const counts = new Uint32Array(width);
  const last = new Int32Array(width).fill(-1);
  const { days, category } = ticks;
  for (let i = 0; i < days.length; i++) {
    if (mask && !mask[i]) continue;
    const x = Math.round(((days[i] - range.min) / (range.max - range.min)) * (width - 1));
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

/**
 * Sizes a canvas to its box at the screen's pixel ratio; its context then draws
 * in CSS pixels from the inline start: from the right in a right-to-left page,
 * where time runs leftwards as the native slider does.
 */
export function sizeCanvas(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0) return null;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  if (getComputedStyle(canvas).direction === 'rtl') ctx.setTransform(-ratio, 0, 0, ratio, canvas.width, 0);
  else ctx.scale(ratio, ratio);
  return ctx;
}

/** Stacked bars, one colour per category, scaled to the tallest bin. */
export function drawHistogram(
  canvas: HTMLCanvasElement,
  h: Histogram,
  palette: readonly string[],
  range: AxisRange,
): void {
  const ctx = sizeCanvas(canvas);
  if (!ctx || h.max === 0) return;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  // Day d ends where the slider stands for it, so its bar runs from d - 1 to d.
  const x = (day: number) => ((day - 1 - range.min) / (range.max - range.min)) * width;
  for (let b = 0; b + 1 < h.edges.length; b++) {
    const left = Math.max(0, x(h.edges[b]));
    const right = Math.min(width, x(h.edges[b + 1]));
    if (right <= left) continue;
    const barWidth = Math.max(1, right - left - (right - left > 4 ? 1 : 0));
    let y = height;
    for (let c = 0; c < h.categories; c++) {
      const n = h.counts[b * h.categories + c];
      if (n === 0) continue;
      const barHeight = (n / h.max) * (height - 2);
      ctx.fillStyle = palette[c] ?? '#444';
      ctx.globalAlpha = 0.75;
      ctx.fillRect(left, y - barHeight, barWidth, barHeight);
      y -= barHeight;
    }
  }
}

/** A tick per incident, in reveal order, as columns. */
export function histogramTotals(h: Histogram): number[] {
  const totals: number[] = [];
  for (let b = 0; b + 1 < h.edges.length; b++) {
    let total = 0;
    for (let c = 0; c < h.categories; c++) total += h.counts[b * h.categories + c];
    totals.push(total);
  }
  return totals;
}

/** The bins of a histogram drawn (none yet: no bins): each one's first and last day and its total. */
export function histogramBins(h: Histogram | null): {
  unit: string;
  bins: { first: string; last: string; count: number }[];
} {
  if (!h) return { unit: 'day', bins: [] };
  return {
    unit: h.unit,
    bins: histogramTotals(h).map((count, b) => ({
      first: dayFromNumber(h.edges[b]),
      last: dayFromNumber(h.edges[b + 1] - 1),
      count,
    })),
  };
}

/**
 * The playback buttons' icons (16 by 16): drawn, not characters, as many fonts lack ⏮ ⏭ ⏸.
 * Drawn for a left-to-right timeline; styles.css mirrors them in a right-to-left one.
 */
export const ICONS = {
  previous: 'M3 3h2v10H3zM13 3v10L6 8z',
  next: 'M11 3h2v10h-2zM3 3v10l7-5z',
  play: 'M4 2v12l10-6z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
};

export function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const shape = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  shape.setAttribute('d', path);
  shape.setAttribute('fill', 'currentColor');
  svg.append(shape);
  return svg;
}

/**
 * The ticks' container: an element per incident when there are few (an uncertain
 * date a span, spans that overlap in separate lanes), else one canvas drawn by drawTicks.
 */
export function tickMarks(
  ticks: TimelineTicks,
  days: DayColumns,
): { element: HTMLElement; elements: HTMLElement[]; canvas: HTMLCanvasElement | null } {
  const element = el('div', { class: 'timeline-ticks', 'aria-hidden': 'true' });
  const elements: HTMLElement[] = [];
  let canvas: HTMLCanvasElement | null = null;
  const { days: starts, category, palette } = ticks;
  if (starts.length <= DOM_TICKS) {
    // Spans that overlap go in separate lanes, so each can be seen and hovered.
    const laneEnds: number[] = [];
    for (let i = 0; i < starts.length; i++) {
      const mark = el('span', { class: 'timeline-tick', title: ticks.title(i) });
      mark.style.background = palette[category[i]] ?? '#444';
      // An uncertain date (a month, an interval) is a span from its first to its last possible day.
      const { first, last } = days;
      if (last[i] > first[i]) {
        mark.classList.add('span');
        let lane = laneEnds.findIndex((end) => end < first[i]);
        if (lane < 0) lane = laneEnds.length < SPAN_LANES ? laneEnds.length : SPAN_LANES - 1;
        laneEnds[lane] = Math.max(laneEnds[lane] ?? -Infinity, last[i]);
        mark.style.top = `${1 + lane * 4}px`;
      }
      element.append(mark);
      elements.push(mark);
    }
  } else {
    // Many incidents: one canvas instead of an element per tick.
    canvas = el('canvas', { class: 'timeline-tick-canvas' });
    element.append(canvas);
  }
  return { element, elements, canvas };
}

/** Places the tick elements on an axis showing `range`, hiding those off it or left out by the filter's `mask`. */
export function placeTicks(elements: HTMLElement[], days: DayColumns, range: AxisRange, mask: Uint8Array | null): void {
  const { first, last } = days;
  const fraction = (day: number) => (day - range.min) / (range.max - range.min);
  elements.forEach((mark, i) => {
    // A span covers its days as the histogram does: from the end of the day before its first.
    const span = mark.classList.contains('span');
    const left = span ? fraction(first[i] - 1) : fraction(first[i]);
    const right = fraction(Math.min(last[i], range.max));
    // A span that only touches an end of the axis has none of its days on it.
    const outside = span ? left >= 1 || fraction(last[i]) <= 0 : left > 1 || left < 0;
    mark.hidden = outside || (mask !== null && !mask[i]);
    mark.style.insetInlineStart = `${Math.max(0, left) * 100}%`;
    if (span) mark.style.width = `${(Math.min(1, right) - Math.max(0, left)) * 100}%`;
  });
}

/** The timeline's options: the mode menu, the window's length, uncertain dates shown, and the axis zoom buttons. */
export function timeViewInputs() {
  const mode = el(
    'select',
    { class: 'timeline-mode', 'aria-label': t('timeline.mode') },
    el('option', { value: 'cumulative' }, t('timeline.cumulative')),
    ...WINDOW_PRESETS.map((n) =>
      el('option', { value: String(n) }, n === 1 ? t('timeline.dayOnly') : t('timeline.lastDays', { count: n })),
    ),
    el('option', { value: 'custom' }, t('timeline.customDays')),
  );
  const windowDays = el('input', {
    type: 'number',
    class: 'timeline-window-days',
    min: '1',
    max: String(MAX_WINDOW_DAYS),
    step: '1',
    'aria-label': t('timeline.windowDays'),
    hidden: '',
  });
  const possible = el('input', { type: 'checkbox', class: 'timeline-possible' });
  const unzoom = el('button', { type: 'button', class: 'timeline-unzoom', hidden: '' }, t('timeline.unzoom'));
  const zoomIn = el(
    'button',
    {
      type: 'button',
      class: 'timeline-zoom',
      'aria-label': t('timeline.zoomIn'),
      title: t('timeline.zoomInTitle'),
    },
    '+',
  );
  const zoomOut = el(
    'button',
    { type: 'button', class: 'timeline-zoom', 'aria-label': t('timeline.zoomOut'), title: t('timeline.zoomOut') },
    '−',
  );
  return { mode, windowDays, possible, unzoom, zoomIn, zoomOut };
}

/** The axis menu: by date, or one even step per incident. */
export function axisInput(): { label: HTMLLabelElement; select: HTMLSelectElement } {
  const select = el(
    'select',
    { class: 'timeline-axis-select' },
    el('option', { value: 'calendar' }, t('axis.calendar')),
    el('option', { value: 'even' }, t('axis.even')),
  );
  const label = el('label', { class: 'timeline-axis-choice' }, t('axis.label'), select);
  return { label, select };
}
