import { addDays, DAY_MS, dayEnd, dayOf, dayStart } from '../data/dates/incident-date';
import { lowerBound, upperBound } from '../data/pack/sorted';
import type { IncidentStore } from '../data/store/incident-store';

/**
 * Where the timeline stands: how many incidents (in reveal order) are shown,
 * the day the slider is on, and which incident is selected.
 */
export interface TimelineCursor {
  revealedCount: number;
  /** YYYY-MM-DD */
  date: string;
  incident: string | null;
}

/** The incidents in reveal order, with what the cursor needs to look them up. */
export interface Timeline {
  incidents: IncidentStore;
  /** Day before the first incident: the slider's left end, where nothing is revealed. */
  firstDay: string;
  /** Day the last incident starts on: the slider's right end. */
  lastDay: string;
}

/**
 * The timeline over a store of incidents (already in reveal order); with `days`, its ends are those
 * (a dataset the store holds only part of: a bundle's rows of the days shown).
 */
export function buildTimeline(
  incidents: IncidentStore,
  days: Pick<Timeline, 'firstDay' | 'lastDay'> | null = null,
): Timeline {
  if (days) return { incidents, firstDay: days.firstDay, lastDay: days.lastDay };
  const n = incidents.length;
  const first = n > 0 ? incidents.startDay(0) : new Date().toISOString().slice(0, 10);
  let last = n > 0 ? incidents.startDay(n - 1) : first;
  // An incident dated to a month or an interval may have happened up to its end: the
  // slider reaches the latest such (finite) end, so it can be shown as certain.
  const latest = incidents.packed.latestEnd;
  if (n > 0 && latest > dayEnd(last)) last = dayOf(latest);
  return { incidents, firstDay: addDays(first, -1), lastDay: last };
}

/** Reveal index of an incident id, undefined when the dataset has none. */
function indexOf(timeline: Timeline, id: string): number | undefined {
  const index = timeline.incidents.indexOf(id);
  return index < 0 ? undefined : index;
}

/** How many incidents start on or before the end of `day`. */
export function countThroughDay(timeline: Timeline, day: string): number {
  return upperBound(timeline.incidents.packed.days.first, Math.floor(dayStart(day) / DAY_MS));
}

/** Everything up to the end of `day`; keeps the selection if it is still revealed. */
export function cursorAtDate(timeline: Timeline, day: string, selected: string | null = null): TimelineCursor {
  const revealedCount = countThroughDay(timeline, day);
  const index = selected === null ? -1 : (indexOf(timeline, selected) ?? -1);
  return { revealedCount, date: day, incident: index >= 0 && index < revealedCount ? selected : null };
}

/** Revealed through the incident at `index` (in reveal order), with it selected. */
export function cursorAtIncident(timeline: Timeline, index: number): TimelineCursor {
  if (index < 0) return { revealedCount: 0, date: timeline.firstDay, incident: null };
  const { incidents } = timeline;
  return { revealedCount: index + 1, date: incidents.startDay(index), incident: incidents.id(index) };
}

/**
 * Reveals the next incident, with it selected. With a filter, `kept` (reveal
 * indexes it keeps, ascending) is stepped through and the others are passed over.
 */
export function stepForward(
  timeline: Timeline,
  cursor: TimelineCursor,
  kept: Uint32Array | null = null,
): TimelineCursor {
  const next = kept ? kept[lowerBound(kept, cursor.revealedCount)] : cursor.revealedCount;
  if (next === undefined || next >= timeline.incidents.length) return cursor;
  return cursorAtIncident(timeline, next);
}

/** Hides the newest revealed incident (of those `kept`), selecting the one before it. */
export function stepBack(timeline: Timeline, cursor: TimelineCursor, kept: Uint32Array | null = null): TimelineCursor {
  if (cursor.revealedCount <= 0) return cursor;
  if (!kept) return cursorAtIncident(timeline, cursor.revealedCount - 2);
  const shown = lowerBound(kept, cursor.revealedCount);
  return cursorAtIncident(timeline, shown >= 2 ? kept[shown - 2] : -1);
}

/**
 * Selects an incident. One already revealed is selected where the cursor stands;
 * one not yet revealed moves the cursor to it, so it is never selected unseen.
 */
export function selectIncident(timeline: Timeline, cursor: TimelineCursor, id: string | null): TimelineCursor {
  if (id === null) return { ...cursor, incident: null };
  const index = indexOf(timeline, id);
  if (index === undefined) return cursor;
  if (index < cursor.revealedCount) return { ...cursor, incident: id };
  return cursorAtIncident(timeline, index);
}

/** The timeline part of a link: see `cursorFromLink` for how it is read. */
export interface TimelineLink {
  date?: string;
  incident?: string;
  upto?: string;
}

/**
 * The cursor a link asks for. `upto` (the last revealed incident) fixes how many
 * are revealed; otherwise an incident wins over a date that would hide it (or that
 * is its own day), and a later date keeps everything up to that day revealed with
 * the incident selected. Unknown ids are ignored here; the caller reports them.
 */
export function cursorFromLink(timeline: Timeline, link: TimelineLink): TimelineCursor | null {
  const uptoIndex = link.upto === undefined ? undefined : indexOf(timeline, link.upto);
  const index = link.incident === undefined ? undefined : indexOf(timeline, link.incident);
  if (uptoIndex !== undefined && (index === undefined || index <= uptoIndex)) {
    const base = cursorAtIncident(timeline, uptoIndex);
    const date = link.date !== undefined && link.date >= base.date ? link.date : base.date;
    return { ...base, date, incident: index === undefined ? null : timeline.incidents.id(index) };
  }
  if (index !== undefined) {
    if (link.date !== undefined && dayStart(link.date) > dayStart(timeline.incidents.startDay(index))) {
      return { ...cursorAtDate(timeline, link.date), incident: timeline.incidents.id(index) };
    }
    return cursorAtIncident(timeline, index);
  }
  if (link.date !== undefined) return cursorAtDate(timeline, link.date);
  return null;
}

/** The link for a cursor: date and selection, plus `upto` when they alone would reopen another cursor. */
export function linkForCursor(timeline: Timeline, cursor: TimelineCursor): TimelineLink {
  const link: TimelineLink = { date: cursor.date };
  if (cursor.incident) link.incident = cursor.incident;
  const reread = cursorFromLink(timeline, link);
  if (cursor.revealedCount > 0 && reread?.revealedCount !== cursor.revealedCount) {
    link.upto = timeline.incidents.id(cursor.revealedCount - 1);
  }
  return link;
}

/** The whole timeline revealed, nothing selected: how a dataset first opens. */
export function cursorAtEnd(timeline: Timeline): TimelineCursor {
  return { revealedCount: timeline.incidents.length, date: timeline.lastDay, incident: null };
}
