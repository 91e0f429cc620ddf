import type { Feature, Point } from 'geojson';
import { NavigationControl, type RequestTransformFunction } from 'maplibre-gl';
import type { IncidentFilter } from '../analysis/filters';
import type { DatasetOutline } from '../analysis/outline';
import { MAX_WINDOW_DAYS, type TimeView } from '../analysis/time-window';
import { dayNumber } from '../data/dates/incident-date';
import { toAtlasFeature } from '../data/export/export';
import { categoryColors } from '../data/pack/category-colors';
import type { PackedDataset } from '../data/pack/packed-types';
import { IncidentStore, type StoredDataset, storeDataset } from '../data/store/incident-store';
import { quoteCell } from '../data/text/quote';
import type { Dataset } from '../data/types';
import { CalmMap } from '../map/calm-map';
import { skipHiddenSky } from '../map/hidden-sky';
import { MapView } from '../map/map-view';
import { ProgramPrewarm } from '../map/program-prewarm';
import { ProgramWarmUp } from '../map/program-warm-up';
import { type StyleChoice, startMap } from '../map/start-up';
import { linkProblems } from '../state/link-problems';
import { matchingCount, shown } from '../state/selectors';
import type { Action, StateDataset } from '../state/state';
import { Store } from '../state/store';
import { buildTimeline } from '../timeline/cursor';
import { Playback } from '../timeline/playback';
import { nextTask } from '../ui/dom';
import { bindTimelineKeys } from '../ui/keyboard';
import type { Messages } from '../ui/messages';
import { type PageDataset, type PageElements, PageView, readWhole } from '../ui/page-view';
import { parseHash } from '../url/hash';
import { searchTheWorker } from './search';
import { UrlSync } from './url-sync';

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
}

export interface ExplorerOptions {
  /** The basemap's style, and the attribution shown in the map's attribution control. */
  style: StyleChoice;
  /** The embedded basemap, should `style` (a link's) fail before the map loads; null when `style` is it. */
  fallbackStyle: StyleChoice | null;
  /** What the map asks of other hosts goes through this (see net/guard.ts). */
  transformRequest?: RequestTransformFunction;
  /** The map took the embedded basemap instead of a link's style (why, in words). */
  onFallback?: (reason: string) => void;
  reducedMotion: boolean;
  /** Milliseconds between incidents while playing. */
  playInterval?: number;
}

/**
 * The composition root of one explorer: makes the map, the store and the views
 * (map, page, address, announcements) and wires each action through the store to
 * them (docs/architecture.md). Its public methods are `window.explorer`: each
 * checks its arguments and dispatches an action.
 */
export class Explorer {
  readonly map: CalmMap;
  readonly ready: Promise<void>;
  readonly #store: Store;
  readonly #mapView: MapView;
  readonly #page: PageView;
  readonly #url: UrlSync;
  readonly #messages: Messages;
  readonly #mapLoaded: Promise<void>;
  readonly #warmUp: ProgramWarmUp;
  readonly #listeners = new Set<(state: ExplorerState) => void>();
  #settleReady = (): void => {};
  #dataset: StoredDataset = { name: '', incidents: IncidentStore.of([]), places: [] };
  /** The dataset on screen with the colours and counts its map and page were built with. */
  #shown: PageDataset = {
    dataset: this.#dataset,
    colors: new Map(),
    categoryCounts: new Uint32Array(0),
    days: this.#dataset.incidents.packed.days,
  };

  constructor(elements: PageElements & { messages: Messages }, options: ExplorerOptions) {
    this.#messages = elements.messages;
    this.ready = new Promise<void>((resolve) => (this.#settleReady = resolve));
    const store = new Store({ timeline: buildTimeline(this.#dataset.incidents), outline: null });
    this.#store = store;
    const embedded = document.body.classList.contains('embed');
    // Made before the map, whose size then already leaves room for the timeline.
    this.#page = new PageView({ elements, store, embedded, focusMap: () => this.map.getCanvas().focus() });
    this.map = new CalmMap({
      container: elements.map,
      style: options.style.style,
      center: [69.5, 33.5],
      zoom: 4,
      attributionControl: false,
      transformRequest: options.transformRequest,
      maxPitch: 0,
      dragRotate: false,
      cooperativeGestures: false,
      fadeDuration: 0,
    });
    skipHiddenSky(this.map);
    this.#warmUp = new ProgramWarmUp(this.map, new ProgramPrewarm(this.map));
    this.map.once('style.load', () => this.#warmUp.add());
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    // Never rejects: a link's style that fails falls back to the embedded one, later errors are reported.
    this.#mapLoaded = startMap(this.map, {
      chosen: options.style,
      fallback: options.fallbackStyle,
      report: (message) => this.#messages.show(message),
      onFallback: options.onFallback,
    }).then(() => {
      // On a phone or in an embed the attribution folds behind its (i) button instead of covering the map.
      if (elements.map.clientWidth <= 700 || embedded) {
        elements.map.querySelector('.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
      }
    });
    this.#mapView = new MapView(this.map, {
      onSelect: (id) => this.#page.choose(id, 'map'),
      coveredHeight: () => this.#page.coveredHeight(),
      reducedMotion: options.reducedMotion,
    });
    this.#url = new UrlSync({
      store,
      view: () => this.#mapView.view(),
      jumpTo: (view) => this.#mapView.jumpTo(view),
      follow: (link, problems) => {
        for (const problem of [...problems, ...linkProblems(link, store.dataset)]) this.#messages.show(problem);
        store.dispatch({ type: 'followLink', link });
      },
      written: () => this.#page.linkChanged(),
    });
    const playback = new Playback({
      interval: options.playInterval ?? 1600,
      step: () => {
        store.dispatch({ type: 'playStep' });
        return store.state.playing;
      },
    });
    // The views, in the order they draw each change: the map first, so its frame is asked for before the page's work.
    store.subscribe(this.#mapView.render);
    store.subscribe(this.#page.render);
    store.subscribe(this.#url.render);
    store.subscribe(({ state }) => (state.playing ? playback.play() : playback.pause()));
    store.subscribe(searchTheWorker(store, (message) => this.#messages.show(message)));
    store.subscribe(() => this.#emit());

    bindTimelineKeys(document, {
      step: (direction) => store.dispatch({ type: 'step', direction }),
      togglePlay: () => store.dispatch({ type: store.state.playing ? 'pause' : 'play' }),
      close: () => this.#page.closeDetails(),
    });
    this.map.on('moveend', () => {
      this.#url.moved();
      this.#emit();
    });
  }

  /** The dataset on screen. */
  get dataset(): StoredDataset {
    return this.#dataset;
  }

  /**
   * Shows a dataset, replacing the one on screen. With `fromLink`, the page's
   * hash picks the date, incident and view; otherwise everything is revealed
   * and the map fits the incidents. With an `outline` (a bundle's), the
   * incidents are those of the days shown, replaced as they change (see
   * replaceIncidents), and the timeline, histogram, totals and facet counts
   * are the outline's.
   */
  async setDataset(
    input: Dataset | PackedDataset,
    { fromLink = false, outline }: { fromLink?: boolean; outline?: DatasetOutline } = {},
  ): Promise<void> {
    await this.#mapLoaded;
    // What the new dataset needs is made before the one on screen goes, so a fault leaves that one whole.
    const dataset = storeDataset(input);
    const { incidents } = dataset;
    const categoryCounts = incidents.categoryCounts();
    // The same colours the dataset's worker drew the markers in (it grouped them, see PackedIncidents).
    const colors = categoryColors(incidents.categories, categoryCounts);
    const shownData = { dataset, colors, categoryCounts, days: incidents.packed.days };
    this.#shown = shownData;
    // Until the markers' data is on the GPU, the map draws only what the user does (see CalmMap).
    // (Should this throw, the caller's lifting the calm ends the hold.)
    this.map.calm = true;
    let release = () => {};
    this.map.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    this.#url.active = false;
    this.#store.dispatch({ type: 'pause' });
    this.#warmUp.remove();
    this.#mapView.clear();
    this.#page.detach();
    // The old dataset's worker, which kept its text, is let go.
    if (!this.#dataset.incidents.sharesTextsWith(incidents)) this.#dataset.incidents.close();
    this.#store.dataset.outline?.release?.();
    this.#dataset = dataset;
    const state: StateDataset = { timeline: buildTimeline(incidents, outline), outline: outline ?? null };
    const { link, problems } = fromLink ? parseHash(location.hash) : { link: {}, problems: [] };
    for (const problem of [...problems, ...linkProblems(link, state)]) this.#messages.show(problem);
    // The map's part first: the markers' data goes to the GPU in pieces, and the page's controls are built
    // once it is there (built meanwhile, their frames held the upload back without a GPU).
    const layers = this.#mapView.show(shownData);
    this.#store.dispatch({ type: 'open', link }, state);
    this.#mapView.frame(link.map, state);
    await layers.fed;
    release();
    // (`fed` resolves too when another dataset has replaced this one meanwhile.)
    if (this.#mapView.layers !== layers) return;
    this.map.calm = false;
    this.#page.show(shownData);
    // The first render of the page runs in a task of its own, so no one task holds the page long.
    await nextTask();
    this.#url.active = true;
    this.#page.draw(this.#store);
    this.#url.write('load');
    this.#emit();
    const { incident } = this.#store.state.cursor;
    if (incident) this.#mapView.bringIntoView(incident, this.#store.dataset);
    await layers.drawn;
    this.#settleReady();
  }

  /**
   * Shows other incidents of the dataset on screen, known in outline (a bundle's rows for
   * the days now shown), keeping the page's controls, the date, the filter and the map's view.
   * Their categories and countries must be indexed as the outline's are (see packBundleRows).
   */
  replaceIncidents(input: PackedDataset): void {
    const { outline } = this.#store.dataset;
    // Another dataset is on its way in: these incidents are not shown.
    if (!outline || !this.#mapView.layers) {
      input.texts?.close();
      return;
    }
    const { incidents } = storeDataset(input);
    if (!this.#dataset.incidents.sharesTextsWith(incidents)) this.#dataset.incidents.close();
    this.#dataset = { ...this.#dataset, incidents };
    this.#mapView.show({ ...this.#shown, dataset: this.#dataset, days: incidents.packed.days }, { keepLegend: true });
    this.#store.dispatch({ type: 'incidentsReplaced' }, { timeline: buildTimeline(incidents, outline), outline });
  }

  // ---- public API (docs/api.md) ------------------------------------------

  getState(): ExplorerState {
    const { state, dataset } = this.#store;
    const center = this.map.getCenter();
    return {
      date: state.cursor.date,
      incident: state.cursor.incident,
      revealedCount: state.cursor.revealedCount,
      view: { center: [center.lng, center.lat], zoom: this.map.getZoom() },
      shownCount: shown(state, dataset).count,
      matchCount: matchingCount(state, dataset),
      filter: state.filter,
      time: state.time,
      span: state.span,
    };
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
      this.#messages.show(`There is no incident ${quoteCell(id)} in this dataset.`);
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

  #emit(): void {
    const state = this.getState();
    for (const listener of this.#listeners) listener(state);
  }
}
