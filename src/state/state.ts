// The explorer's state as plain data, and the one function that changes it.
// Every user action (a step, a scrub, a filter, a link opened) is an Action;
// `reduce` makes the next state from it. Views read the state through the
// selectors (selectors.ts) and never keep their own copy. Pure.

import type { IncidentFilter } from '../analysis/filters';
import type { DatasetOutline } from '../analysis/outline';
import { DEFAULT_TIME_VIEW, type TimeView } from '../analysis/time-window';
import type { Story } from '../data/types';
import {
  cursorAtDate,
  cursorAtEnd,
  cursorAtIncident,
  cursorFromLink,
  selectIncident,
  stepBack,
  stepForward,
  type Timeline,
  type TimelineCursor,
} from '../timeline/cursor';
import type { LinkState } from '../url/hash';
import { filterResult, followCursor, openingAxis, searchKey, stepped } from './selectors';

export type TimeAxis = 'calendar' | 'even';

/** The dataset an action is applied to: its incidents in reveal order, and its outline when held in part. */
export interface StateDataset {
  timeline: Timeline;
  /** What the page knows of a dataset it holds only part of (a bundle); null when it holds it whole. */
  outline: DatasetOutline | null;
  /** The dataset's story (docs/story.md); absent or null when it has none. */
  story?: Story | null;
}

/** A search answered by the dataset worker (which keeps the text): its words, and 1 where an incident holds them all. */
export interface SearchAnswer {
  words: string;
  mask: Uint8Array | null;
}

export interface AtlasState {
  /** How many incidents are revealed, the slider's day, the selected incident. */
  cursor: TimelineCursor;
  filter: IncidentFilter;
  /** Cumulative or window mode, the window's length, whether uncertain dates show. */
  time: TimeView;
  /** The days the time axis is zoomed to, or null for the whole timeline. */
  span: [string, string] | null;
  /** The time axis: by date, or one even step per incident (see openingAxis). */
  axis: TimeAxis;
  playing: boolean;
  /**
   * Searches the dataset worker answered, newest last (a few kept: each mask is a
   * byte an incident). Empty when the page holds the text and searches it itself.
   */
  answers: readonly SearchAnswer[];
  /** The answer the filter uses while the current search's is awaited: what was shown stays. */
  searchShown: SearchAnswer | null;
  /**
   * The story step shown (1-based), or null. A step sets the cursor, filter, time
   * view and axis zoom; the reader's own change of any of them ends it (see LEAVES_STEP).
   */
  storyStep: number | null;
}

export type Action =
  /** A dataset (or a link on it) opened: everything from the link, the rest as a dataset first opens. */
  | { type: 'open'; link: LinkState }
  /** Back, Forward or an edited address: the link's view replaces the state. */
  | { type: 'followLink'; link: LinkState }
  /** Other incidents of a dataset known in outline arrived (a bundle's days); the date and filter stay. */
  | { type: 'incidentsReplaced' }
  | { type: 'scrub'; day: string }
  | { type: 'select'; id: string | null }
  | { type: 'step'; direction: 1 | -1 }
  | { type: 'play' }
  | { type: 'playStep' }
  | { type: 'pause' }
  /** The filter as a whole (tidied here); `typing` while the search text is being typed. */
  | { type: 'setFilter'; filter: IncidentFilter; typing?: boolean }
  /** A date range chosen on the page: narrows, zooms the axis to it and moves a date outside it in. */
  | { type: 'setRange'; from: string | null; to: string | null; q?: string }
  | { type: 'setTimeView'; time: TimeView }
  | { type: 'setSpan'; span: [string, string] | null }
  | { type: 'setAxis'; axis: TimeAxis }
  /** The even axis's slider: revealed through incident `index` (reveal order) and it selected; -1: nothing. */
  | { type: 'scrubStep'; index: number }
  | { type: 'searchAnswered'; answer: SearchAnswer }
  /** Story step `step` (1-based) shown; a step the story does not have changes nothing. */
  | { type: 'goToStep'; step: number }
  /** The reader closed the story: no step is shown, the view stays as it is. */
  | { type: 'closeStory' };

/** The most answered searches kept. */
const KEPT_ANSWERS = 8;

/** The state a dataset opens in when no link says otherwise: everything revealed, nothing filtered. */
export function initialState(dataset: StateDataset): AtlasState {
  return {
    cursor: cursorAtEnd(dataset.timeline),
    filter: { categories: [], countries: [], actors: [], q: '' },
    time: DEFAULT_TIME_VIEW,
    span: null,
    axis: 'calendar',
    playing: false,
    answers: [],
    searchShown: null,
    storyStep: null,
  };
}

/**
 * The reader's own changes of what a step sets: the step ends (null), so a link
 * never names a step whose view it no longer shows. Panning the map and zooming
 * the time axis keep it: they look around the step rather than leave it.
 */
const LEAVES_STEP: ReadonlySet<Action['type']> = new Set<Action['type']>([
  'scrub',
  'scrubStep',
  'select',
  'step',
  'play',
  'setFilter',
  'setRange',
  'setTimeView',
]);

/**
 * The state after `action`, on `dataset` (see next): a change the reader makes
 * of what the story step set ends the step.
 */
export function reduce(state: AtlasState, action: Action, dataset: StateDataset): AtlasState {
  const next = reduceAction(state, action, dataset);
  if (next === state || next.storyStep === null || !LEAVES_STEP.has(action.type)) return next;
  return { ...next, storyStep: null };
}

/**
 * The state after `action`, on `dataset`. A move of the cursor, a selection or a
 * step that changes nothing returns `state` itself, so the views skip the work.
 * Moving the cursor (scrub, select, step), a date range, a link and pause stop
 * playback, as the reader has taken over; filters, the time view and the axis
 * zoom leave it playing.
 */
function reduceAction(state: AtlasState, action: Action, dataset: StateDataset): AtlasState {
  const { timeline } = dataset;
  switch (action.type) {
    case 'open':
    case 'followLink': {
      const linked = fromLink(action.type === 'open' ? initialState(dataset) : state, action.link, dataset);
      // A link naming a step shows the step (its other keys stand where the story has no such step).
      const step = action.link.step;
      return (step !== undefined && atStep(linked, step, dataset)) || { ...linked, storyStep: null };
    }
    case 'goToStep':
      return atStep(state, action.step, dataset) ?? state;
    case 'closeStory':
      return state.storyStep === null ? state : { ...state, storyStep: null };
    case 'incidentsReplaced': {
      const cursor = cursorAtDate(timeline, state.cursor.date, state.cursor.incident);
      return { ...state, cursor, answers: [], searchShown: null };
    }
    case 'scrubStep':
      return moveCursor(state, cursorAtIncident(timeline, action.index), dataset, true);
    case 'setAxis':
      return action.axis === state.axis ? state : { ...state, axis: action.axis };
    case 'scrub':
      return moveCursor(state, cursorAtDate(timeline, action.day, state.cursor.incident), dataset, true);
    case 'select':
      return moveCursor(state, selectIncident(timeline, state.cursor, action.id), dataset, true);
    case 'step': {
      const kept = stepped(state, dataset);
      const step = action.direction > 0 ? stepForward : stepBack;
      return moveCursor(state, step(timeline, state.cursor, kept), dataset, true);
    }
    case 'playStep': {
      if (!state.playing) return state;
      const next = stepForward(timeline, state.cursor, stepped(state, dataset));
      // At the end, playing stops.
      if (next === state.cursor) return { ...state, playing: false };
      return moveCursor(state, next, dataset, false);
    }
    case 'play': {
      if (state.playing || timeline.incidents.length === 0 || filterResult(state, dataset).count === 0) return state;
      // Playing steps at once, then once a tick (playStep). At the end, it starts the story again from the beginning.
      const kept = stepped(state, dataset);
      const atEnd = stepForward(timeline, state.cursor, kept) === state.cursor;
      const start = { revealedCount: 0, date: timeline.firstDay, incident: null };
      // A zoomed axis follows the cursor back to the start, then to the first step, as playback goes.
      const from = atEnd ? moveCursor(state, start, dataset, false) : state;
      const next = stepForward(timeline, from.cursor, kept);
      if (next === from.cursor) return from;
      return moveCursor({ ...from, playing: true }, next, dataset, false);
    }
    case 'pause':
      return paused(state);
    case 'setFilter':
      return withFilter(state, tidyFilter(action.filter), dataset);
    case 'setRange':
      return withRange(paused(state), action, dataset);
    case 'setTimeView': {
      const { time } = action;
      const before = state.time;
      if (
        time.mode === before.mode &&
        time.windowDays === before.windowDays &&
        time.showPossible === before.showPossible
      ) {
        return state;
      }
      const windowChosen =
        time.mode === 'window' && (time.mode !== before.mode || time.windowDays !== before.windowDays);
      const next = { ...state, time };
      return windowChosen ? { ...next, span: followCursor(next, dataset) } : next;
    }
    case 'setSpan': {
      const { span } = action;
      if (span?.[0] === state.span?.[0] && span?.[1] === state.span?.[1]) return state;
      return { ...state, span };
    }
    case 'searchAnswered': {
      const { answer } = action;
      const answers = [...state.answers.filter((a) => a.words !== answer.words), answer].slice(-KEPT_ANSWERS);
      const current = searchKey(state.filter.q) === answer.words;
      return { ...state, answers, searchShown: current ? answer : state.searchShown };
    }
  }
}

/**
 * The state story step `n` (1-based) asks for, or null when the story has no
 * such step: its cursor (incident and date; else everything revealed), its
 * filter (names the dataset does not have dropped; no search or range), window
 * mode when it gives a window (else cumulative) and its axis zoom.
 */
function atStep(state: AtlasState, n: number, dataset: StateDataset): AtlasState | null {
  const step = Number.isInteger(n) && n >= 1 ? dataset.story?.steps[n - 1] : undefined;
  if (!step) return null;
  const { timeline } = dataset;
  const filter: IncidentFilter = { ...knownNames(step.filter ?? {}, dataset), q: '' };
  const time: TimeView = step.window
    ? { ...state.time, mode: 'window', windowDays: step.window }
    : { ...state.time, mode: 'cumulative' };
  const incident = step.incident !== undefined && timeline.incidents.has(step.incident) ? step.incident : undefined;
  const cursor = cursorFromLink(timeline, { date: step.date, incident }) ?? cursorAtEnd(timeline);
  const next = withFilter({ ...paused(state), time, span: step.span ?? null, storyStep: n }, filter, dataset);
  return { ...next, cursor: sameCursor(cursor, state.cursor) ? state.cursor : cursor };
}

/** The categories, countries and actors of a link or story step that the dataset has; others are dropped. */
function knownNames(
  names: { categories?: string[]; countries?: string[]; actors?: string[] },
  dataset: StateDataset,
): Pick<IncidentFilter, 'categories' | 'countries' | 'actors'> {
  const { packed } = dataset.timeline.incidents;
  const known = (wanted: string[] | undefined, all: readonly string[]) => {
    const allNames = new Set(all);
    return (wanted ?? []).filter((name) => allNames.has(name));
  };
  return {
    categories: known(names.categories, packed.categories),
    countries: known(names.countries, packed.countries),
    actors: known(names.actors, packed.actorNames),
  };
}

/** Whether two cursors stand at the same place: the same count revealed, day and selection. */
function sameCursor(a: TimelineCursor, b: TimelineCursor): boolean {
  return a.revealedCount === b.revealedCount && a.date === b.date && a.incident === b.incident;
}

function paused(state: AtlasState): AtlasState {
  return state.playing ? { ...state, playing: false } : state;
}

/**
 * The cursor moved (pausing playback when `pause`). A zoomed time axis follows it
 * when a change of date would leave it off the axis; see followCursor.
 */
function moveCursor(state: AtlasState, cursor: TimelineCursor, dataset: StateDataset, pause: boolean): AtlasState {
  const base = pause ? paused(state) : state;
  if (sameCursor(cursor, state.cursor)) return base;
  const next = { ...base, cursor };
  return { ...next, span: followCursor(next, dataset) };
}

/** A filter without the date range's absent ends (null or undefined), as getState() gives it. */
export function tidyFilter(filter: IncidentFilter): IncidentFilter {
  const { from, to, contested, ...rest } = filter;
  return { ...rest, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(contested ? { contested } : {}) };
}

/** The state with `filter`, the search answer it needs looked up; clearing a range unzooms an axis it zoomed to. */
function withFilter(state: AtlasState, filter: IncidentFilter, dataset: StateDataset): AtlasState {
  const before = state.filter;
  let span = state.span;
  const hadRange = before.from || before.to;
  const hasRange = filter.from || filter.to;
  if (hadRange && !hasRange && span) {
    const { firstDay, lastDay } = dataset.timeline;
    const first = before.from && before.from > firstDay ? before.from : firstDay;
    const last = before.to && before.to < lastDay ? before.to : lastDay;
    if (span[0] === first && span[1] === last) span = null;
  }
  const words = searchKey(filter.q);
  // No search shows everything, and stays shown while the next search's answer is awaited.
  const answer = words === '' ? { words, mask: null } : state.answers.find((a) => a.words === words);
  return { ...state, filter, span, searchShown: answer ?? state.searchShown };
}

/**
 * A date range chosen on the page: the incidents are narrowed to it, the time
 * axis is zoomed to it, and a date outside it moves to its last day, so what it
 * keeps is in view. Cleared, the axis shows the whole timeline again.
 */
function withRange(
  state: AtlasState,
  { from, to, q }: { from: string | null; to: string | null; q?: string },
  dataset: StateDataset,
): AtlasState {
  const { timeline } = dataset;
  const filter = tidyFilter({ ...state.filter, from, to, ...(q === undefined ? {} : { q }) });
  const next = withFilter(state, filter, dataset);
  if (from === null && to === null) return { ...next, span: null };
  const first = from && from > timeline.firstDay ? from : timeline.firstDay;
  const last = to && to < timeline.lastDay ? to : timeline.lastDay;
  const span: [string, string] | null = first <= last ? [first, last] : null;
  const day = state.cursor.date;
  const cursor =
    span && (day < first || day > last) ? cursorAtDate(timeline, last, state.cursor.incident) : state.cursor;
  return { ...next, span, cursor };
}

/**
 * The state a link asks for over `base`: its filter, mode, window, zoom and
 * cursor. Names and ids the dataset does not have are dropped (linkProblems
 * says which); without a date or incident, everything is revealed.
 */
function fromLink(base: AtlasState, link: LinkState, dataset: StateDataset): AtlasState {
  const { timeline } = dataset;
  const filter: IncidentFilter = {
    ...knownNames(link, dataset),
    q: link.q ?? '',
    ...(link.from ? { from: link.from } : {}),
    ...(link.to ? { to: link.to } : {}),
    ...(link.contested ? { contested: true } : {}),
  };
  const time: TimeView = {
    mode: link.mode ?? 'cumulative',
    windowDays: link.window ?? DEFAULT_TIME_VIEW.windowDays,
    showPossible: link.possible ?? true,
  };
  // An unknown incident leaves the link's date (see linkProblems).
  const incident = link.incident !== undefined && timeline.incidents.has(link.incident) ? link.incident : undefined;
  const cursorLink =
    incident === undefined && link.incident !== undefined ? { date: link.date } : { ...link, incident };
  const cursor = cursorFromLink(timeline, cursorLink) ?? cursorAtEnd(timeline);
  const axis = openingAxis(link, dataset);
  const next = withFilter({ ...paused(base), time, span: link.span ?? null, axis }, filter, dataset);
  return { ...next, cursor: sameCursor(cursor, base.cursor) ? base.cursor : cursor };
}
