// What the timeline says: its count, its slider's value text on either axis,
// and the note for a date off the zoomed axis.
import { t } from '../i18n/page-language';
import { incidentAtStep, positionOf, stepCount } from '../timeline/even-axis';
import type { TimelineControlView } from './timeline-control';

/** How many incidents are shown, of those kept (in the window, or up to the date). */
export function countText(view: TimelineControlView): string {
  const filtered = view.kept !== view.total;
  const key =
    view.time.mode === 'window'
      ? filtered
        ? 'timeline.windowOfMatching'
        : 'timeline.windowOf'
      : filtered
        ? 'timeline.shownOfMatching'
        : 'timeline.shownOf';
  return t(key, { shown: view.shown, kept: view.kept });
}

/**
 * The slider's value in words: on the calendar axis the date (and where it is
 * when off the axis) with the count; on the even axis the step's incident, its
 * date and title as `title(index)` says them.
 */
export function sliderText(
  view: TimelineControlView,
  place: 'before' | 'on' | 'after',
  label: string,
  counted: string,
  title: (index: number) => string,
): string {
  if (view.axis === 'even') {
    const steps = stepCount(view.steps);
    const position = positionOf(view.steps, view.revealedCount);
    if (position === 0) return t('axis.valueNone', { count: steps });
    const incident = title(incidentAtStep(view.steps, position));
    return t('axis.valueText', { step: position, count: steps, incident });
  }
  const key =
    place === 'after'
      ? 'timeline.valueTextAfter'
      : place === 'before'
        ? 'timeline.valueTextBefore'
        : 'timeline.valueText';
  const count = view.time.mode === 'window' ? counted : t('timeline.revealed', { count: counted });
  return t(key, { date: label, count });
}

/** The note at the end of a zoomed axis that a date lies beyond: where it is, and an arrow that way. */
export function offAxisNote(button: HTMLButtonElement, place: 'before' | 'after', label: string, rtl: boolean): void {
  button.dataset.side = place;
  // The arrow points to the end of the axis the date lies beyond: later is leftwards in a right-to-left page.
  const after = place === 'after';
  const arrow = after === rtl ? '←' : '→';
  button.textContent = after ? `${label} ${arrow}` : `${arrow} ${label}`;
  button.setAttribute('aria-label', t(after ? 'timeline.offAxisAfter' : 'timeline.offAxisBefore', { date: label }));
  button.title = t(after ? 'timeline.offAxisAfterTitle' : 'timeline.offAxisBeforeTitle');
}
