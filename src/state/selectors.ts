// What the views read from the state: what is shown, what Next and Play step
// through, the counts, the link. Each is worked out from the state and the
// dataset alone; the costly ones (a pass over every incident) are remembered
// for the last state they were asked of, so every view of one action shares one
// pass. Pure.

import { applyFilter, type FilterResult, searchWords } from '../analysis/filters';
import { type ShownList, type ShownQuery, shownIncidents, windowStartDay } from '../analysis/time-window';
import { dayNumber } from '../data/dates/incident-date';
import { linkForCursor, stepBack, stepForward } from '../timeline/cursor';
import { crowded } from '../timeline/even-axis';
import { axisRange, axisSpan, rangeShowing } from '../timeline/time-span';
import type { LinkState } from '../url/hash';
import type { AtlasState, StateDataset } from './state';

/** The words of a search as the dataset worker is asked them: the key of its answers. */
export function searchKey(q: string): string {
  return searchWords(q).join(' ');
}

/**
 * Remembers `work` for the last arguments it was called with (compared by
 * identity): the state changes by replacing what changed, so an unchanged part
 * is the same object.
 */
function lastOf<A extends unknown[], R>(work: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | null = null;
  return (...args: A) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i])) return last.result;
    const result = work(...args);
    last = { args, result };
    return result;
  };
}

/**
 * The text mask the filter uses: none where the page searches the text itself;
 * where the dataset worker keeps it, its answer for the words, else the last
 * answer shown (what was shown stays until the answer comes), else nothing found.
 */
function textMask(state: AtlasState, dataset: StateDataset): Uint8Array | null | undefined {
  const store = dataset.timeline.incidents;
  if (!store.textElsewhere) return undefined;
  const words = searchKey(state.filter.q);
  if (words === '') return null;
  const answer = state.answers.find((a) => a.words === words) ?? state.searchShown;
  return answer ? answer.mask : emptyMask(store.length);
}

const emptyMask = lastOf((length: number) => new Uint8Array(length));

const filterOf = lastOf(
  (
    dataset: StateDataset,
    filter: AtlasState['filter'],
    mask: Uint8Array | null | undefined,
    outline: StateDataset['outline'],
  ): FilterResult => {
    const result = applyFilter(dataset.timeline.incidents.packed, filter, mask);
    // The facets count the whole dataset where an outline says.
    if (!outline) return result;
    return { ...result, categoryCounts: outline.categoryCounts, countryCounts: outline.countryCounts };
  },
);

/** What the filter keeps of the incidents held, with the counts beside each facet. */
export function filterResult(state: AtlasState, dataset: StateDataset): FilterResult {
  return filterOf(dataset, state.filter, textMask(state, dataset), dataset.outline);
}

/** How many incidents the filter keeps in all: the outline's count where it can tell, else those held. */
export function matchingCount(state: AtlasState, dataset: StateDataset): number {
  return dataset.outline?.matching(state.filter) ?? filterResult(state, dataset).count;
}

/** Incidents in the dataset: the outline's total where the page holds part of it. */
export function totalCount(dataset: StateDataset): number {
  return dataset.outline?.total ?? dataset.timeline.incidents.length;
}

const steppedOf = lastOf((dataset: StateDataset, result: FilterResult, showPossible: boolean): Uint32Array | null => {
  if (showPossible) return result.kept;
  const { first, last } = dataset.timeline.incidents.packed.days;
  const kept = result.kept;
  const list: number[] = [];
  const count = kept ? kept.length : first.length;
  for (let n = 0; n < count; n++) {
    const i = kept ? kept[n] : n;
    if (last[i] === first[i]) list.push(i);
  }
  return Uint32Array.from(list);
});

/**
 * The incidents Next, Previous and Play go through: those the filter keeps, less,
 * while uncertain dates are hidden, those whose date is more than a day (at its own
 * date such an incident is only possibly there, so it would be selected unseen).
 */
export function stepped(state: AtlasState, dataset: StateDataset): Uint32Array | null {
  return steppedOf(dataset, filterResult(state, dataset), state.time.showPossible);
}

/** Whether Next and Previous have somewhere to go. */
export function canStep(state: AtlasState, dataset: StateDataset): { next: boolean; prev: boolean } {
  const kept = stepped(state, dataset);
  const { timeline } = dataset;
  return {
    next: stepForward(timeline, state.cursor, kept) !== state.cursor,
    prev: stepBack(timeline, state.cursor, kept) !== state.cursor,
  };
}

/** What is shown at the cursor: see shownIncidents. */
export function shownQuery(state: AtlasState, dataset: StateDataset): ShownQuery {
  const to = dayNumber(state.cursor.date);
  const result = filterResult(state, dataset);
  return {
    revealed: state.cursor.revealedCount,
    from: windowStartDay(state.time, to),
    to,
    showPossible: state.time.showPossible,
    mask: result.mask,
    kept: result.kept,
  };
}

const shownOf = lastOf(
  (dataset: StateDataset, result: FilterResult, revealed: number, from: number, to: number, possible: boolean) =>
    shownIncidents(dataset.timeline.incidents.packed.days, {
      revealed,
      from,
      to,
      showPossible: possible,
      mask: result.mask,
      kept: result.kept,
    }),
);

/** The incidents on the map and in the list: revealed, kept by the filter, in the window. */
export function shown(state: AtlasState, dataset: StateDataset): ShownList {
  const q = shownQuery(state, dataset);
  return shownOf(dataset, filterResult(state, dataset), q.revealed, q.from, q.to, q.showPossible);
}

/** Reveal index of the newest incident shown (haloed on the map), or -1. */
export function newestShown(state: AtlasState, dataset: StateDataset): number {
  const list = shown(state, dataset);
  return list.count > 0 ? list.at(list.count - 1) : -1;
}

/** The legend's count per category (in the dataset's order): what the filter keeps, 0 for those not chosen. */
export function legendCounts(state: AtlasState, dataset: StateDataset): Uint32Array {
  const counts = filterResult(state, dataset).categoryCounts;
  const chosen = new Set(state.filter.categories);
  if (chosen.size === 0) return counts;
  const { categories } = dataset.timeline.incidents;
  return counts.map((n, c) => (chosen.has(categories[c]) ? n : 0));
}

/**
 * What the list says when it shows no incident: the outline's own note (a
 * bundle's days not fetched), else the key of the page's message saying why.
 */
export type EmptyListNote = { text: string } | { key: EmptyListKey };
export type EmptyListKey =
  | 'list.emptyNotRevealed'
  | 'list.emptyNoMatch'
  | 'list.emptyWindow'
  | 'list.emptyNotYetMatching';

export function emptyListNote(state: AtlasState, dataset: StateDataset): EmptyListNote {
  if (dataset.outline?.note) return { text: dataset.outline.note };
  if (state.cursor.revealedCount === 0) return { key: 'list.emptyNotRevealed' };
  if (filterResult(state, dataset).count === 0) return { key: 'list.emptyNoMatch' };
  if (state.time.mode === 'window') return { key: 'list.emptyWindow' };
  return { key: 'list.emptyNotYetMatching' };
}

/**
 * Where a zoomed time axis goes when the cursor moves, or a window is chosen,
 * that would leave the date off it: the axis moves, its length kept, to show the
 * date and as much of its window as fits. Unzoomed, or already showing it: as is.
 */
export function followCursor(state: AtlasState, dataset: StateDataset): [string, string] | null {
  const { span } = state;
  if (!span) return span;
  const { timeline } = dataset;
  const first = dayNumber(timeline.firstDay);
  // As the timeline control has it: at least a day long.
  const whole = { min: first, max: Math.max(dayNumber(timeline.lastDay), first + 1) };
  const lead = state.time.mode === 'window' ? state.time.windowDays : 0;
  const range = axisRange(span, whole);
  const showing = rangeShowing(range, dayNumber(state.cursor.date), lead, whole);
  return showing === range ? span : axisSpan(showing, whole);
}

/**
 * The axis a link opens on: the one it names; else, for a link that names no
 * date, incident or span (a first visit), the evenly spaced axis when the
 * calendar axis would crowd half or more of the incidents into a twentieth of
 * its width (see crowded); else the calendar axis.
 */
export function openingAxis(link: LinkState, dataset: StateDataset): 'calendar' | 'even' {
  if (link.axis) return link.axis;
  if (link.date || link.incident || link.upto || link.span || dataset.outline) return 'calendar';
  const { timeline } = dataset;
  const days = timeline.incidents.packed.days.first;
  return crowded(days, dayNumber(timeline.firstDay), dayNumber(timeline.lastDay)) ? 'even' : 'calendar';
}

/** The link's view of the state (all but the map's camera, which the map holds). */
export function linkOf(state: AtlasState, dataset: StateDataset): LinkState {
  const { time, filter, span } = state;
  return {
    ...linkForCursor(dataset.timeline, state.cursor),
    ...(time.mode === 'window' ? { mode: 'window' as const, window: time.windowDays } : {}),
    ...(time.showPossible ? {} : { possible: false as const }),
    ...(span ? { span } : {}),
    ...(state.axis === 'even' ? { axis: 'even' as const } : {}),
    ...(filter.categories.length > 0 ? { categories: [...filter.categories] } : {}),
    ...(filter.countries.length > 0 ? { countries: [...filter.countries] } : {}),
    ...(filter.actors.length > 0 ? { actors: [...filter.actors] } : {}),
    ...(filter.q.trim() !== '' ? { q: filter.q.trim() } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
    ...(filter.contested ? { contested: true as const } : {}),
    ...(state.storyStep !== null ? { step: state.storyStep } : {}),
  };
}
