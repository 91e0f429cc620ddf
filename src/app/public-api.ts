import type { Feature, Point } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { IncidentFilter } from '../analysis/filters';
import { MAX_WINDOW_DAYS, type TimeView } from '../analysis/time-window';
import { dayNumber } from '../data/dates/incident-date';
import { toAtlasFeature } from '../data/export/export';
import { quoteCell } from '../data/text/quote';
import { t } from '../i18n/page-language';
import type { MapView } from '../map/map-view';
import { matchingCount, shown } from '../state/selectors';
import type { Action } from '../state/state';
import type { Store } from '../state/store';
import type { Messages } from '../ui/messages';
import { type PageView, readWhole } from '../ui/page-view';
import { parseHash } from '../url/hash';

/** What `getState()` gives: the state as the public API has it (docs/api.md). */
export interface ExplorerState {
  date: string;
  incident: string | null;
  revealedCount: number;
  view: { center: [number, number]; zoom: number };
  /** Incidents on the map and in the list now: revealed, kept by the filter, in the window. */
  shownCount: number;
  /** Incidents the filter keeps, at any date. */
  matchCount: number;
  filter: IncidentFilter;
  time: TimeView;
  /** The days the time axis is zoomed to, or null for the whole timeline. */
  span: [string, string] | null;
  /** The time axis: by date (`calendar`) or one even step per incident (`even`). */
  axis: 'calendar' | 'even';
  /** The story step shown (1-based), or null (docs/story.md). */
  step: number | null;
}

/** A story step as `story()` gives it: every field present, null where the step does not say. */
export interface ExplorerStoryStep {
  title: string;
  text: string;
  incident: string | null;
  date: string | null;
  view: { center: [number, number]; zoom: number } | null;
  filter: { categories: string[]; countries: string[]; actors: string[] } | null;
  window: number | null;
  span: [string, string] | null;
}

/** What the public API reads and drives. */
export interface PublicApiParts {
  store: Store;
  map: MapLibreMap;
  mapView: MapView;
  page: PageView;
  messages: Messages;
}

/**
 * `window.explorer`'s methods (docs/api.md): each checks its arguments and
 * dispatches an action, or reads the state through the selectors.
 */
export class PublicApi {
  readonly #store: Store;
  readonly #map: MapLibreMap;
  readonly #mapView: MapView;
  readonly #page: PageView;
  readonly #messages: Messages;
  readonly #listeners = new Set<(state: ExplorerState) => void>();

  constructor(parts: PublicApiParts) {
    this.#store = parts.store;
    this.#map = parts.map;
    this.#mapView = parts.mapView;
    this.#page = parts.page;
    this.#messages = parts.messages;
  }

  getState(): ExplorerState {
    const { state, dataset } = this.#store;
    const center = this.#map.getCenter();
    return {
      date: state.cursor.date,
      incident: state.cursor.incident,
      revealedCount: state.cursor.revealedCount,
      view: { center: [center.lng, center.lat], zoom: this.#map.getZoom() },
      shownCount: shown(state, dataset).count,
      matchCount: matchingCount(state, dataset),
      filter: state.filter,
      time: state.time,
      span: state.span,
      axis: state.axis,
      step: state.storyStep,
    };
  }

  /** The dataset's story (docs/story.md), or null when it has none. A copy: changing it changes nothing. */
  story(): { title?: string; steps: ExplorerStoryStep[] } | null {
    const { story } = this.#store.dataset;
    if (!story) return null;
    const steps = story.steps.map((step) => ({
      title: step.title,
      text: step.text,
      incident: step.incident ?? null,
      date: step.date ?? null,
      view: step.view ? { center: [...step.view.center] as [number, number], zoom: step.view.zoom } : null,
      filter: step.filter ? structuredClone(step.filter) : null,
      window: step.window ?? null,
      span: step.span ? ([...step.span] as [string, string]) : null,
    }));
    return { ...(story.title ? { title: story.title } : {}), steps };
  }

  /** Shows story step `n` (1-based); a RangeError when the story has no such step. */
  goToStep(n: number): void {
    const count = this.#store.dataset.story?.steps.length ?? 0;
    if (!(Number.isInteger(n) && n >= 1 && n <= count)) {
      throw new RangeError(
        count === 0
          ? 'goToStep: this dataset has no story'
          : `goToStep: a step is a whole number from 1 to ${count}, not ${String(n)}`,
      );
    }
    this.#dispatch({ type: 'goToStep', step: n });
  }

  /** Ids of the incidents shown (on the map and in the list), in reveal order. */
  shownIds(): string[] {
    const { incidents } = this.#store.dataset.timeline;
    const list = shown(this.#store.state, this.#store.dataset);
    return Array.from({ length: list.count }, (_, n) => incidents.id(list.at(n)));
  }

  /** Reveal indexes of the incidents shown: what Export writes. A copy, so moving on does not change an export under way. */
  shownIndexes(): Uint32Array {
    const list = shown(this.#store.state, this.#store.dataset);
    return Uint32Array.from({ length: list.count }, (_, n) => list.at(n));
  }

  revealedIds(): string[] {
    const { incidents } = this.#store.dataset.timeline;
    return Array.from({ length: this.#store.state.cursor.revealedCount }, (_, i) => incidents.id(i));
  }

  /** Narrows the incidents by category, country, actor, text, date range (`from`, `to`: YYYY-MM-DD or null) and contested figures; parts not given stay. */
  setFilter(filter: Partial<IncidentFilter>): void {
    for (const key of ['from', 'to'] as const) {
      const day = filter[key];
      if (day !== undefined && day !== null && !Number.isFinite(dayNumber(day))) {
        throw new RangeError(`setFilter: ${key} is a day written YYYY-MM-DD or null, not "${day}"`);
      }
    }
    if (filter.contested !== undefined && typeof filter.contested !== 'boolean') {
      throw new RangeError(`setFilter: contested is true or false, not "${String(filter.contested)}"`);
    }
    const next = { ...this.#store.state.filter, ...filter };
    if (next.from && next.to && next.to < next.from) {
      throw new RangeError(`setFilter: the range ends (${next.to}) before it starts (${next.from})`);
    }
    this.#dispatch({ type: 'setFilter', filter: next });
  }

  /** Chooses cumulative or window mode, the window's length in days, and whether uncertain dates show. */
  setTimeView(view: Partial<TimeView>): void {
    const time = { ...this.#store.state.time, ...view };
    if (time.mode !== 'cumulative' && time.mode !== 'window') {
      throw new RangeError(`setTimeView: the mode is "cumulative" or "window", not "${time.mode}"`);
    }
    if (!(Number.isInteger(time.windowDays) && time.windowDays >= 1 && time.windowDays <= MAX_WINDOW_DAYS)) {
      throw new RangeError(
        `setTimeView: a window is a whole number of days from 1 to ${MAX_WINDOW_DAYS}, not ${time.windowDays}`,
      );
    }
    this.#dispatch({ type: 'setTimeView', time });
  }

  /** Zooms the time axis to the days from `span[0]` to `span[1]`, or back to the whole timeline (null). */
  setTimeSpan(span: [string, string] | null): void {
    if (span && !(dayNumber(span[0]) <= dayNumber(span[1]))) {
      throw new RangeError(
        `setTimeSpan: [${span.join(', ')}] is not two days YYYY-MM-DD, the first not after the last`,
      );
    }
    this.#dispatch({ type: 'setSpan', span });
  }

  /** Chooses the time axis: `calendar` (by date) or `even` (one equal step per incident). */
  setAxis(axis: 'calendar' | 'even'): void {
    if (axis !== 'calendar' && axis !== 'even') {
      throw new RangeError(`setAxis: the axis is "calendar" or "even", not "${String(axis)}"`);
    }
    this.#dispatch({ type: 'setAxis', axis });
  }

  /** The histogram the timeline draws: each bin's first and last day and how many incidents the filter keeps in it. */
  histogram(): { unit: string; bins: { first: string; last: string; count: number }[] } {
    return this.#page.histogram();
  }

  /** The id of the revealed incident drawn under a point of the map (CSS pixels from its top left), or null. */
  incidentAt(x: number, y: number): string | null {
    return this.#mapView.layers?.incidentAt({ x, y })?.id ?? null;
  }

  /** Incident `id` whole, as Export GeoJSON writes it (a Feature in our schema), or null when there is none. */
  async incident(id: string): Promise<Feature<Point> | null> {
    const whole = await readWhole(this.#store.dataset.timeline.incidents, id);
    return whole ? toAtlasFeature(whole) : null;
  }

  /** Where an incident's marker is drawn on the map (CSS pixels from its top left), or null if not revealed. */
  markerPosition(id: string): { x: number; y: number } | null {
    return this.#mapView.layers?.markerPosition(id) ?? null;
  }

  setDate(date: string): void {
    const day = parseHash(`date=${encodeURIComponent(date)}`).link.date;
    if (!day) throw new RangeError(`setDate: "${date}" is not a day written YYYY-MM-DD`);
    this.#dispatch({ type: 'scrub', day });
  }

  select(id: string | null): void {
    if (id !== null && !this.#store.dataset.timeline.incidents.has(id)) {
      this.#messages.show(t('app.noSuchIncident', { id: quoteCell(id) }));
      return;
    }
    this.#dispatch({ type: 'select', id });
  }

  next(): void {
    this.#dispatch({ type: 'step', direction: 1 });
  }

  prev(): void {
    this.#dispatch({ type: 'step', direction: -1 });
  }

  play(): void {
    this.#dispatch({ type: 'play' });
  }

  pause(): void {
    this.#dispatch({ type: 'pause' });
  }

  on(event: 'change', callback: (state: ExplorerState) => void): () => void {
    if (event !== 'change') throw new Error(`Unknown event "${event}"; only "change" is emitted`);
    this.#listeners.add(callback);
    return () => this.#listeners.delete(callback);
  }

  #dispatch(action: Action): void {
    this.#store.dispatch(action);
  }

  /** Tells every `on('change')` listener the state now. */
  emit(): void {
    const state = this.getState();
    for (const listener of this.#listeners) listener(state);
  }
}
