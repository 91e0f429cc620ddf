import type { Feature, Point } from 'geojson';
import {
  type LngLatBoundsLike,
  Map as MapLibreMap,
  NavigationControl,
  type RequestTransformFunction,
} from 'maplibre-gl';
import { applyFilter, type FilterResult, type IncidentFilter, NO_FILTER, searchWords } from './analysis/filters';
import type { DatasetOutline } from './analysis/outline';
import {
  type DayColumns,
  DEFAULT_TIME_VIEW,
  MAX_WINDOW_DAYS,
  type ShownList,
  type ShownQuery,
  shownIncidents,
  type TimeView,
  windowStartDay,
} from './analysis/time-window';
import { dayNumber, formatIncidentDate } from './data/dates/incident-date';
import { toAtlasFeature } from './data/export/export';
import { categoryColors } from './data/pack/category-colors';
import type { PackedDataset } from './data/pack/packed-types';
import { IncidentStore, type StoredDataset, storeDataset } from './data/store/incident-store';
import { cut, quoteCell } from './data/text/quote';
import type { Dataset, Incident } from './data/types';
import { IncidentLayers } from './map/incident-layers';
import { LegendControl } from './map/legend-control';
import { accommodateRenderer, type RendererAccommodations, type RendererChoice } from './map/software';
import { type StyleChoice, startMap } from './map/start-up';
import {
  buildTimeline,
  cursorAtDate,
  cursorAtEnd,
  cursorFromLink,
  linkForCursor,
  selectIncident,
  stepBack,
  stepForward,
  type Timeline,
  type TimelineCursor,
} from './timeline/cursor';
import { Playback } from './timeline/playback';
import { axisRange, axisSpan, rangeShowing } from './timeline/time-span';
import { clip, formatCount, nextTask, SHOWN_CHARS } from './ui/dom';
import { FilterPanel } from './ui/filter-panel';
import { IncidentCard } from './ui/incident-card';
import { IncidentDetails } from './ui/incident-details';
import { IncidentList } from './ui/incident-list';
import { bindTimelineKeys } from './ui/keyboard';
import type { Messages } from './ui/messages';
import { TimelineControl } from './ui/timeline-control';
import { formatHash, type LinkState, type MapView, parseHash, roundView } from './url/hash';
import { type ChangeCause, historyMode } from './url/history-policy';

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

export interface ExplorerElements {
  map: HTMLElement;
  timeline: HTMLElement;
  panel: HTMLElement;
  messages: Messages;
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
  /** Whether the map takes its software-renderer path (see map/software); default `auto`. */
  renderer?: RendererChoice;
}

type Listener = (state: ExplorerState) => void;

/**
 * Wires a dataset, the timeline cursor, the URL, the map and the page together.
 * One cursor flows one way: an action makes a new cursor, then the URL, map, list,
 * details and timeline render from it. `setDataset` swaps in another dataset.
 * This is also `window.explorer`.
 */
export class Explorer {
  readonly map: MapLibreMap;
  /** What the map does differently when WebGL draws in software (see map/software). */
  readonly renderer: RendererAccommodations;
  readonly ready: Promise<void>;
  readonly #options: ExplorerOptions;
  readonly #elements: ExplorerElements;
  readonly #listeners = new Set<Listener>();
  readonly #playback: Playback;
  readonly #mapLoaded: Promise<void>;
  #settleReady: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  #dataset: StoredDataset = { name: '', incidents: IncidentStore.of([]), places: [] };
  #timeline: Timeline = buildTimeline(this.#dataset.incidents);
  #cursor: TimelineCursor = cursorAtEnd(this.#timeline);
  #layers: IncidentLayers | null = null;
  #legend: LegendControl | null = null;
  #timelineControl: TimelineControl | null = null;
  #list: IncidentList | null = null;
  #details: IncidentDetails | null = null;
  #card: IncidentCard | null = null;
  /** Where focus goes back to when the details close: what the incident was chosen from. */
  #chosenFrom: 'list' | 'map' | null = null;
  /** The incident the details and card show. */
  #detailsFor: string | null = null;
  #filterPanel: FilterPanel | null = null;
  #legendResult: FilterResult | null = null;
  #filter: IncidentFilter = NO_FILTER;
  #filterResult: FilterResult = applyFilter(this.#dataset.incidents.packed, NO_FILTER);
  #time: TimeView = DEFAULT_TIME_VIEW;
  #span: [string, string] | null = null;
  #days: DayColumns = this.#dataset.incidents.packed.days;
  #shown: ShownList = shownIncidents(this.#days, this.#query());
  #lastCause: ChangeCause | 'typing' | null = null;
  /** What the page knows of a dataset it holds only part of (a bundle); null when it holds it whole. */
  #outline: DatasetOutline | null = null;
  #colors: ReadonlyMap<string, string> = new Map();

  constructor(elements: ExplorerElements, options: ExplorerOptions) {
    this.#options = options;
    this.#elements = elements;
    this.ready = new Promise<void>((resolve, reject) => {
      this.#settleReady = { resolve, reject };
    });
    this.#playback = new Playback({
      interval: options.playInterval ?? 1600,
      step: () => this.#playStep(),
      onChange: () => this.#renderPage(),
    });

    // An empty timeline holds its place from before the map is made until the first
    // dataset's own arrives, so the map is made at its size and never resized (its canvas
    // reallocated) for the timeline.
    const placeholder = TimelineControl.placeholder();
    elements.timeline.replaceChildren(placeholder.element);

    this.map = new MapLibreMap({
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
    this.renderer = accommodateRenderer(this.map, options.renderer ?? 'auto');
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    // Never rejects: a link's style that fails falls back to the embedded one, later errors are reported.
    this.#mapLoaded = startMap(this.map, {
      chosen: options.style,
      fallback: options.fallbackStyle,
      report: (message) => elements.messages.show(message),
      onFallback: options.onFallback,
    }).then(() => {
      // On a phone or in an embed the attribution folds behind its (i) button instead of covering the map.
      if (elements.map.clientWidth <= 700 || document.body.classList.contains('embed')) {
        elements.map.querySelector('.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
      }
    });

    bindTimelineKeys(document, {
      step: (direction) => (direction > 0 ? this.next() : this.prev()),
      togglePlay: () => (this.#playback.playing ? this.pause() : this.play()),
      close: () => this.#closeDetails(),
    });
    this.map.on('moveend', () => {
      // A move made while applying a link must not rewrite the entry being returned to.
      if (!this.#applyingLink) this.#writeUrl('pan');
      this.#emit();
    });
    window.addEventListener('popstate', () => this.#fromUrl());
    window.addEventListener('hashchange', () => this.#fromUrl());
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
    const incidents = dataset.incidents;
    const timeline = buildTimeline(incidents, outline);
    const categoryCounts = incidents.categoryCounts();
    // The same colours the dataset's worker drew the markers in (it grouped them, see PackedIncidents).
    const colors = categoryColors(incidents.categories, categoryCounts);
    const { palette, colorGroup } = incidents.packed;
    // Until the markers' data is on the GPU, the map draws only what the user does (see
    // FrameSpacing): without a GPU, each frame is drawn by the processor the upload waits for,
    // and a frame of the map between the pieces held a million markers' upload back by
    // a few hundred ms. Held from here, as taking the old markers and legend away asks
    // for a frame too. (Should this throw, the caller's lifting the calm ends the hold.)
    this.renderer.calm = true;
    let release = () => {};
    this.renderer.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    this.pause();
    this.renderer.datasetArriving();
    this.#layers?.remove();
    this.#layers = null;
    if (this.#legend) this.map.removeControl(this.#legend);
    // The old controls stay on screen until the new ones replace them, but are not told of the
    // new dataset's state: they would look its indexes up in the old one's names.
    this.#timelineControl = null;
    this.#filterPanel = null;
    this.#list = null;
    this.#details = null;
    this.#card?.element.remove();
    this.#card = null;

    // The old dataset's worker, which kept its text, is let go.
    if (!this.#dataset.incidents.sharesTextsWith(incidents)) this.#dataset.incidents.close();
    this.#outline?.release?.();
    this.#outline = outline ?? null;
    this.#colors = colors;
    this.#dataset = dataset;
    this.#searched = new Map();
    this.#searching = new Map();
    this.#timeline = timeline;
    this.#days = incidents.packed.days;
    const parsed = fromLink ? parseHash(location.hash) : { link: {}, problems: [] };
    for (const problem of parsed.problems) this.#elements.messages.show(problem);
    this.#applyAnalysis(parsed.link);
    // The map's part first: the markers' data goes to the GPU in pieces (see
    // IncidentPointsLayer.fed), and the controls are built once it is there. Without a
    // GPU, the page's frames (the new controls drawn) are drawn by the process that takes
    // the pieces: built while they went, they held a million markers' back 100-250 ms.
    // (The placeholder timeline is as tall as the real one, so the fit below holds.)
    this.#legend = new LegendControl({ categories: incidents.categories, colors, counts: categoryCounts });
    this.map.addControl(this.#legend, 'top-left');
    const layers = this.#newLayers();
    this.#layers = layers;
    // Set before the camera moves: the move writes the link, which must not be the old dataset's.
    this.#cursor = this.#cursorFromLink(parsed.link) ?? cursorAtEnd(this.#timeline);
    const view = parsed.link.map;
    if (view) {
      this.map.jumpTo({ center: [view.lon, view.lat], zoom: view.zoom });
    } else {
      // The first view fits the dataset, leaving room for the legend over the map's corner.
      this.map.fitBounds(this.#datasetBounds(), {
        padding: { top: 40, right: 60, bottom: 40, left: 40 + this.#legend.width() },
        maxZoom: 8,
        animate: false,
      });
    }
    // The map's sources are given their features now, so that their tiles are made
    // while the markers' data goes to the GPU; the page shows the state once its controls are there.
    this.#renderMap();
    await layers.fed;
    release();
    // (`fed` resolves too when another dataset has replaced this one meanwhile.)
    if (this.#layers !== layers) return;
    this.renderer.calm = false;
    this.#timelineControl = new TimelineControl({
      firstDay: this.#timeline.firstDay,
      lastDay: this.#timeline.lastDay,
      days: this.#days,
      // An outline's incidents change with the days shown: its bars are drawn from it, without ticks.
      ticks: {
        days: outline ? [] : incidents.packed.days.first,
        // Ticks and bars are coloured by colour group: a few, however many categories there are.
        category: colorGroup,
        palette,
        title: (i) => {
          const incident = incidents.get(i);
          return `${formatIncidentDate(incident.date)}: ${clip(incident.title, SHOWN_CHARS.title)}`;
        },
      },
      histogram: outline && ((days, maxBins) => outline.histogram(days, maxBins, this.#filter.categories)),
      onScrub: (day) => this.#go(cursorAtDate(this.#timeline, day, this.#cursor.incident), 'scrub'),
      onPlayToggle: () => (this.#playback.playing ? this.pause() : this.play()),
      onStep: (direction) => (direction > 0 ? this.next() : this.prev()),
      onTimeView: (time) => this.setTimeView(time),
      onZoom: (span) => this.setTimeSpan(span),
    });
    this.#filterPanel = new FilterPanel({
      categories: incidents.categories,
      categoryCounts,
      countryCounts: incidents.countryCounts(),
      colors,
      actorNames: incidents.packed.actorNames,
      countries: incidents.packed.countries,
      total: outline?.total ?? incidents.length,
      contested: incidents.packed.contested?.length ?? 0,
      // A bundle's rows are fetched for the days shown, without their text: only their titles are searched.
      searchScope: outline ? 'Search the titles of the incidents fetched' : undefined,
      firstDay: this.#timeline.firstDay,
      lastDay: this.#timeline.lastDay,
      onChange: (filter, cause) => this.#setFilter(filter, cause),
      onRange: (from, to, q) => this.#setRange(from, to, q),
    });
    this.#list = new IncidentList({ colors, onSelect: (id) => this.#choose(id, 'list') });
    const places = new Map(dataset.places.map((p) => [p.id, p]));
    const embedded = document.body.classList.contains('embed');
    // The card and the details show the same incident: its text is read back once for both.
    // Read through the store on screen: a dataset in outline swaps it (see replaceIncidents).
    const whole = incidents.textElsewhere ? lastRead((id) => readWhole(this.#timeline.incidents, id)) : undefined;
    this.#card = new IncidentCard({
      places,
      incident: (id) => this.#timeline.incidents.byId(id),
      colors,
      onClose: () => this.select(null),
      onMore: () => {
        if (embedded) this.#embedDetails(true);
        this.#details?.focusHeading();
      },
      fullView: embedded ? () => fullViewLink(location.href) : null,
      readWhole: whole,
    });
    this.#elements.map.append(this.#card.element);
    this.#details = new IncidentDetails({
      places,
      incident: (id) => this.#timeline.incidents.byId(id),
      colors,
      onSelect: (id) => this.select(id),
      linkFor: () => location.href,
      onFocusLeaving: (closedId) => this.#restoreFocus(closedId),
      readWhole: whole,
    });
    this.#elements.timeline.replaceChildren(this.#timelineControl.element);
    this.#elements.panel.replaceChildren(this.#filterPanel.element, this.#details.element, this.#list.element);

    // Everything is in place; the first render of the list, timeline and markers
    // runs in a task of its own, so no one task holds the page long.
    await nextTask();
    this.#render('load', { map: false });
    if (this.#cursor.incident) this.#bringIntoView(this.#cursor.incident);
    await layers.drawn;
    this.#settleReady?.resolve();
  }

  /**
   * Shows other incidents of the dataset on screen, known in outline (a bundle's rows for
   * the days now shown), keeping the page's controls, the date, the filter and the map's view.
   * Their categories and countries must be indexed as the outline's are (see packBundleRows).
   */
  replaceIncidents(input: PackedDataset): void {
    const outline = this.#outline;
    // Another dataset is on its way in: these incidents are not shown.
    if (!outline || !this.#layers) {
      input.texts?.close();
      return;
    }
    const incidents = storeDataset(input).incidents;
    if (!this.#dataset.incidents.sharesTextsWith(incidents)) this.#dataset.incidents.close();
    this.#dataset = { ...this.#dataset, incidents };
    this.#timeline = buildTimeline(incidents, outline);
    this.#days = incidents.packed.days;
    this.#searched = new Map();
    this.#searching = new Map();
    this.#cursor = cursorAtDate(this.#timeline, this.#cursor.date, this.#cursor.incident);
    this.#refilter();
    this.#layers.remove();
    this.#layers = this.#newLayers();
    this.#render('load');
  }

  /** The incident layers for the dataset on screen. */
  #newLayers(): IncidentLayers {
    const dataset = this.#dataset;
    return new IncidentLayers(this.map, {
      incidents: dataset.incidents,
      places: dataset.places,
      colors: this.#colors,
      // MapLibre shows attribution as HTML; a dataset's is text.
      attribution: escapeHtml(cut(dataset.attribution ?? '', 500)),
      days: this.#days,
      onSelect: (id) => this.#choose(id, 'map'),
    });
  }

  /** How many incidents the filter keeps in all: the outline's count where it can tell, else those held. */
  #matching(): number {
    return this.#outline?.matching(this.#filter) ?? this.#filterResult.count;
  }

  // ---- public API -------------------------------------------------------

  getState(): ExplorerState {
    const center = this.map.getCenter();
    return {
      date: this.#cursor.date,
      incident: this.#cursor.incident,
      revealedCount: this.#cursor.revealedCount,
      view: { center: [center.lng, center.lat], zoom: this.map.getZoom() },
      shownCount: this.#shown.count,
      matchCount: this.#matching(),
      filter: this.#filter,
      time: this.#time,
      span: this.#span,
    };
  }

  /** Ids of the incidents shown (on the map and in the list), in reveal order. */
  shownIds(): string[] {
    const { incidents } = this.#timeline;
    return Array.from({ length: this.#shown.count }, (_, n) => incidents.id(this.#shown.at(n)));
  }

  /**
   * Narrows the incidents by category, country, actor, search text and date range
   * (`from`, `to`: days YYYY-MM-DD, null for no bound); parts not given stay as they are.
   */
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
    const next = { ...this.#filter, ...filter };
    if (next.from && next.to && next.to < next.from) {
      throw new RangeError(`setFilter: the range ends (${next.to}) before it starts (${next.from})`);
    }
    this.#setFilter(next, 'filter');
  }

  /** Chooses cumulative or window mode, the window's length in days, and whether uncertain dates show. */
  setTimeView(view: Partial<TimeView>): void {
    const time = { ...this.#time, ...view };
    if (time.mode !== 'cumulative' && time.mode !== 'window') {
      throw new RangeError(`setTimeView: the mode is "cumulative" or "window", not "${time.mode}"`);
    }
    if (!(Number.isInteger(time.windowDays) && time.windowDays >= 1 && time.windowDays <= MAX_WINDOW_DAYS)) {
      throw new RangeError(
        `setTimeView: a window is a whole number of days from 1 to ${MAX_WINDOW_DAYS}, not ${time.windowDays}`,
      );
    }
    if (
      time.mode === this.#time.mode &&
      time.windowDays === this.#time.windowDays &&
      time.showPossible === this.#time.showPossible
    ) {
      return;
    }
    const windowChosen =
      time.mode === 'window' && (time.mode !== this.#time.mode || time.windowDays !== this.#time.windowDays);
    this.#time = time;
    if (windowChosen) this.#followCursor();
    this.#render('filter');
  }

  /** Zooms the time axis to the days from `span[0]` to `span[1]`, or back to the whole timeline (null). */
  setTimeSpan(span: [string, string] | null): void {
    if (span && !(dayNumber(span[0]) <= dayNumber(span[1]))) {
      throw new RangeError(
        `setTimeSpan: [${span.join(', ')}] is not two days YYYY-MM-DD, the first not after the last`,
      );
    }
    if (span?.[0] === this.#span?.[0] && span?.[1] === this.#span?.[1]) return;
    this.#span = span;
    // Only the timeline and the link change: the map and the list show the same incidents.
    this.#renderPage();
    this.#writeUrl('pan');
    this.#emit();
  }

  /** The histogram the timeline draws: each bin's first and last day and how many incidents the filter keeps in it. */
  histogram(): { unit: string; bins: { first: string; last: string; count: number }[] } {
    return this.#timelineControl?.histogramBins() ?? { unit: 'day', bins: [] };
  }

  /** The id of the revealed incident drawn under a point of the map (CSS pixels from its top left), or null. */
  incidentAt(x: number, y: number): string | null {
    return this.#layers?.incidentAt({ x, y })?.id ?? null;
  }

  /**
   * Incident `id` whole, as Export GeoJSON writes it (a Feature in our schema:
   * summary, sources, claims and all), its text read back where the worker
   * keeps it; null when the dataset has no such incident.
   */
  async incident(id: string): Promise<Feature<Point> | null> {
    const whole = await readWhole(this.#timeline.incidents, id);
    return whole ? toAtlasFeature(whole) : null;
  }

  /** Where an incident's marker is drawn on the map (CSS pixels from its top left), or null if not revealed. */
  markerPosition(id: string): { x: number; y: number } | null {
    return this.#layers?.markerPosition(id) ?? null;
  }

  /**
   * Reveal indexes of the incidents shown, in reveal order: what Export writes,
   * read in full through the store. A copy, so moving on does not change an export under way.
   */
  shownIndexes(): Uint32Array {
    return Uint32Array.from({ length: this.#shown.count }, (_, n) => this.#shown.at(n));
  }

  revealedIds(): string[] {
    const { incidents } = this.#timeline;
    return Array.from({ length: this.#cursor.revealedCount }, (_, i) => incidents.id(i));
  }

  setDate(date: string): void {
    const link = parseHash(`date=${encodeURIComponent(date)}`);
    if (!link.link.date) throw new RangeError(`setDate: "${date}" is not a day written YYYY-MM-DD`);
    this.#go(cursorAtDate(this.#timeline, link.link.date, this.#cursor.incident), 'scrub');
  }

  select(id: string | null): void {
    if (id !== null && !this.#timeline.incidents.has(id)) {
      this.#elements.messages.show(`There is no incident ${quoteCell(id)} in this dataset.`);
      return;
    }
    this.#go(selectIncident(this.#timeline, this.#cursor, id), 'select');
  }

  next(): void {
    this.#go(stepForward(this.#timeline, this.#cursor, this.#stepped()), 'step');
  }

  prev(): void {
    this.#go(stepBack(this.#timeline, this.#cursor, this.#stepped()), 'step');
  }

  play(): void {
    if (this.#playback.playing || this.#timeline.incidents.length === 0 || this.#filterResult.count === 0) return;
    // At the end, playing starts the story again from the beginning.
    if (stepForward(this.#timeline, this.#cursor, this.#stepped()) === this.#cursor) {
      this.#go({ revealedCount: 0, date: this.#timeline.firstDay, incident: null }, 'play');
    }
    this.#playback.play();
  }

  pause(): void {
    this.#playback.pause();
  }

  on(event: 'change', callback: Listener): () => void {
    if (event !== 'change') throw new Error(`Unknown event "${event}"; only "change" is emitted`);
    this.#listeners.add(callback);
    return () => this.#listeners.delete(callback);
  }

  // ---- state flow ----------------------------------------------------------

  /**
   * An incident chosen in the list or on the map: selected, and focus moves to
   * what now shows it (the card over the map when the page shows one, else the
   * details), so the next Tab reaches its sources and Copy link.
   */
  #choose(id: string, from: 'list' | 'map'): void {
    this.select(id);
    if (this.#cursor.incident !== id) return;
    this.#chosenFrom = from;
    if (from === 'map' && this.#card?.visible) this.#card.focusTitle();
    else this.#details?.focusHeading();
  }

  /** Escape: closes the details (focus returns where the incident was chosen); false if none were open. */
  #closeDetails(): boolean {
    if (this.#cursor.incident === null) return false;
    // An embed's full details close back to its card first.
    if (document.body.classList.contains('embed-details')) {
      this.#embedDetails(false);
      this.#card?.focusMore();
      return true;
    }
    this.select(null);
    return true;
  }

  /** An embed's full details over the map: while open, what they cover takes no focus and is not read out. */
  #embedDetails(open: boolean): void {
    document.body.classList.toggle('embed-details', open);
    this.#elements.map.inert = open;
    this.#elements.timeline.inert = open;
  }

  /** The details or card closed while they had focus: it goes back to the map or the list row it came from. */
  #restoreFocus(closedId: string | null): void {
    const from = this.#chosenFrom;
    this.#chosenFrom = null;
    if (from === 'map') this.map.getCanvas().focus();
    else if (!this.#list?.focusItem(closedId)) this.#timelineControl?.focusPlay();
  }

  /**
   * The incidents Next, Previous and Play go through: those the filter keeps, less,
   * while uncertain dates are hidden, those whose date is more than a day (at its own
   * date such an incident is only possibly there, so it would be selected unseen).
   */
  #stepped(): Uint32Array | null {
    if (this.#time.showPossible) return this.#filterResult.kept;
    const key = this.#filterResult;
    if (this.#steppedFor !== key) {
      const { first, last } = this.#days;
      const kept = this.#filterResult.kept;
      const list: number[] = [];
      const count = kept ? kept.length : first.length;
      for (let n = 0; n < count; n++) {
        const i = kept ? kept[n] : n;
        if (last[i] === first[i]) list.push(i);
      }
      this.#steppedKept = Uint32Array.from(list);
      this.#steppedFor = key;
    }
    return this.#steppedKept;
  }
  #steppedFor: FilterResult | null = null;
  #steppedKept: Uint32Array | null = null;

  /**
   * A zoomed time axis follows the cursor when a change of date (a step, playback,
   * a selection, setDate) or a window just chosen would leave it off the axis: the
   * axis moves, its length kept, to show the date and as much of its window as fits.
   * Zooming, filters and links leave it where it is (the timeline then says where
   * the date is); the slider and the window band cannot take the date off the axis.
   */
  #followCursor(): void {
    const span = this.#span;
    if (!span) return;
    const first = dayNumber(this.#timeline.firstDay);
    // As the timeline control has it: at least a day long.
    const whole = { min: first, max: Math.max(dayNumber(this.#timeline.lastDay), first + 1) };
    const lead = this.#time.mode === 'window' ? this.#time.windowDays : 0;
    const range = axisRange(span, whole);
    const shown = rangeShowing(range, dayNumber(this.#cursor.date), lead, whole);
    if (shown !== range) this.#span = axisSpan(shown, whole);
  }

  #playStep(): boolean {
    const next = stepForward(this.#timeline, this.#cursor, this.#stepped());
    if (next === this.#cursor) return false;
    this.#go(next, 'play');
    return true;
  }

  #go(cursor: TimelineCursor, cause: ChangeCause): void {
    const before = this.#cursor;
    if (cause !== 'play') this.pause();
    if (
      cursor.revealedCount === before.revealedCount &&
      cursor.date === before.date &&
      cursor.incident === before.incident
    ) {
      return;
    }
    this.#cursor = cursor;
    if (cause === 'step' || cause === 'play' || cause === 'select' || cause === 'scrub') this.#followCursor();
    this.#render(cause);
    if (cause === 'step' || cause === 'select') this.#announce();
    if (cursor.incident && cursor.incident !== before.incident) this.#bringIntoView(cursor.incident);
  }

  /** What is shown at the cursor: see shownIncidents. */
  #query(): ShownQuery {
    const to = dayNumber(this.#cursor.date);
    return {
      revealed: this.#cursor.revealedCount,
      from: windowStartDay(this.#time, to),
      to,
      showPossible: this.#time.showPossible,
      mask: this.#filterResult.mask,
      kept: this.#filterResult.kept,
    };
  }

  /** Shows the state on the map, then on the page (`map: false` when the map shows it already). */
  #render(cause: ChangeCause | 'typing', { map = true } = {}): void {
    if (map) this.#renderMap();
    this.#renderPage();
    // Successive edits of the search text replace one history entry; the first makes it.
    const urlCause = cause === 'typing' ? (this.#lastCause === 'typing' ? 'scrub' : 'filter') : cause;
    this.#lastCause = cause;
    this.#writeUrl(urlCause);
    this.#emit();
  }

  /** Works out what is shown, and shows it on the map. */
  #renderMap(): void {
    const query = this.#query();
    this.#shown = shownIncidents(this.#days, query);
    const newest = this.#shown.count > 0 ? this.#shown.at(this.#shown.count - 1) : -1;
    this.#layers?.render({
      revealedCount: this.#cursor.revealedCount,
      newest,
      selected: this.#cursor.incident,
      markers: { mask: query.mask, from: query.from, to: query.to, showPossible: query.showPossible },
    });
  }

  /**
   * A date range chosen on the page: the incidents are narrowed to it, the time
   * axis is zoomed to it, and a date outside it moves to its last day, so what
   * it keeps is in view. Cleared, the axis shows the whole timeline again.
   */
  #setRange(from: string | null, to: string | null, q?: string): void {
    this.pause();
    const { firstDay, lastDay } = this.#timeline;
    this.#filter = tidyFilter({ ...this.#filter, from, to, ...(q === undefined ? {} : { q }) });
    this.#refilter();
    if (from === null && to === null) {
      this.#span = null;
    } else {
      const first = from && from > firstDay ? from : firstDay;
      const last = to && to < lastDay ? to : lastDay;
      this.#span = first <= last ? [first, last] : null;
      const day = this.#cursor.date;
      if (first <= last && (day < first || day > last)) {
        this.#cursor = cursorAtDate(this.#timeline, last, this.#cursor.incident);
      }
    }
    this.#render('filter');
  }

  /** Search masks the dataset worker has answered with, by the search's words, for the dataset shown. */
  #searched = new Map<string, Uint8Array | null>();
  /** Searches asked of the dataset worker and not answered yet, by their words. */
  #searching = new Map<string, Promise<Uint8Array | null>>();
  /** The store #filterResult was worked out for. */
  #filterStore: IncidentStore | null = null;

  /**
   * Works out what the filter keeps. Where the dataset worker keeps the text,
   * a search not answered yet is asked of it and what is shown stays until
   * the answer comes, then is drawn.
   */
  #refilter(): void {
    const store = this.#timeline.incidents;
    if (!store.textElsewhere) {
      this.#filterResult = this.#filterOf(store);
      this.#filterStore = store;
      return;
    }
    const key = searchWords(this.#filter.q).join(' ');
    const mask = key === '' ? null : this.#searched.get(key);
    if (mask !== undefined) {
      this.#filterResult = this.#filterOf(store, mask);
      this.#filterStore = store;
      return;
    }
    // A new dataset (or a link's search) shows nothing found until the answer comes, not another dataset's result.
    if (this.#filterStore !== store) {
      this.#filterResult = this.#filterOf(store, new Uint8Array(store.length));
      this.#filterStore = store;
    }
    if (this.#searching.has(key)) return;
    const asked = store.search(key);
    this.#searching.set(key, asked);
    asked.then(
      (found) => {
        if (this.#timeline.incidents !== store) return;
        this.#searching.delete(key);
        // Only the last few searches are kept: each mask is a byte an incident.
        if (this.#searched.size >= 8) this.#searched.clear();
        this.#searched.set(key, found);
        if (searchWords(this.#filter.q).join(' ') !== key) return;
        this.#filterResult = this.#filterOf(store, found);
        // What the search found is drawn; the link and the history already hold the search.
        this.#renderMap();
        this.#renderPage();
        this.#emit();
      },
      (error: Error) => {
        if (this.#timeline.incidents !== store) return;
        this.#searching.delete(key);
        this.#elements.messages.show(`The search could not be made: ${error.message}`);
      },
    );
  }

  /** What the filter keeps of a store (see applyFilter); the facets count the whole dataset where an outline says. */
  #filterOf(store: IncidentStore, textMask?: Uint8Array | null): FilterResult {
    const result = applyFilter(store.packed, this.#filter, textMask);
    const outline = this.#outline;
    if (!outline) return result;
    return { ...result, categoryCounts: outline.categoryCounts, countryCounts: outline.countryCounts };
  }

  #setFilter(filter: IncidentFilter, cause: 'filter' | 'typing'): void {
    const before = this.#filter;
    this.#filter = tidyFilter(filter);
    // Clearing a range (Clear filters) also unzooms an axis the range had zoomed to.
    const hadRange = before.from || before.to;
    const hasRange = this.#filter.from || this.#filter.to;
    if (hadRange && !hasRange && this.#span) {
      const { firstDay, lastDay } = this.#timeline;
      const [first, last] = [
        before.from && before.from > firstDay ? before.from : firstDay,
        before.to && before.to < lastDay ? before.to : lastDay,
      ];
      if (this.#span[0] === first && this.#span[1] === last) this.#span = null;
    }
    this.#refilter();
    this.#render(cause);
  }

  /** Takes the filter, mode, window and zoom from a link; names it does not know are reported and dropped. */
  #applyAnalysis(link: LinkState): void {
    const { packed } = this.#timeline.incidents;
    const known = (names: string[] | undefined, all: readonly string[], what: string) => {
      const allNames = new Set(all);
      const unknown = (names ?? []).filter((name) => !allNames.has(name));
      if (unknown.length > 0) {
        const more = unknown.length > 5 ? ` and ${formatCount(unknown.length - 5)} more` : '';
        this.#elements.messages.show(
          `This dataset has no ${what} ${unknown.slice(0, 5).map(quoteCell).join(', ')}${more}; the filter leaves ${unknown.length > 1 ? 'them' : 'it'} out.`,
        );
      }
      return (names ?? []).filter((name) => allNames.has(name));
    };
    this.#filter = {
      categories: known(link.categories, packed.categories, 'category'),
      countries: known(link.countries, packed.countries, 'country'),
      actors: known(link.actors, packed.actorNames, 'actor'),
      q: link.q ?? '',
      ...(link.from ? { from: link.from } : {}),
      ...(link.to ? { to: link.to } : {}),
      ...(link.contested ? { contested: true } : {}),
    };
    this.#refilter();
    this.#time = {
      mode: link.mode ?? 'cumulative',
      windowDays: link.window ?? DEFAULT_TIME_VIEW.windowDays,
      showPossible: link.possible ?? true,
    };
    this.#span = link.span ?? null;
  }

  #announce(): void {
    const { incident } = this.#cursor;
    const revealedCount = formatCount(this.#cursor.revealedCount);
    const total = formatCount(this.#outline?.total ?? this.#timeline.incidents.length);
    const selected = incident ? this.#timeline.incidents.byId(incident) : undefined;
    this.#timelineControl?.announce(
      selected
        ? `${selected.title}, ${formatIncidentDate(selected.date)}. ${revealedCount} of ${total} incidents revealed.`
        : `${revealedCount} of ${total} incidents revealed.`,
    );
  }

  #renderPage(): void {
    const total = this.#outline?.total ?? this.#timeline.incidents.length;
    const matching = this.#matching();
    this.#timelineControl?.update({
      date: this.#cursor.date,
      revealedCount: this.#cursor.revealedCount,
      total,
      shown: this.#shown.count,
      kept: matching,
      playing: this.#playback.playing,
      hasNext: stepForward(this.#timeline, this.#cursor, this.#stepped()) !== this.#cursor,
      hasPrev: stepBack(this.#timeline, this.#cursor, this.#stepped()) !== this.#cursor,
      time: this.#time,
      mask: this.#filterResult.mask,
      span: this.#span,
    });
    this.#filterPanel?.update(
      this.#filter,
      this.#filterResult,
      { cursorDay: this.#cursor.date, span: this.#span },
      matching,
    );
    if (this.#legend && this.#legendResult !== this.#filterResult) {
      // The legend counts what the filter keeps of each category.
      this.#legendResult = this.#filterResult;
      const { categories } = this.#timeline.incidents;
      const chosen = new Set(this.#filter.categories);
      const counts = this.#filterResult.categoryCounts;
      this.#legend.setCounts(chosen.size === 0 ? counts : counts.map((n, c) => (chosen.has(categories[c]) ? n : 0)));
    }
    const empty =
      this.#outline?.note ??
      (this.#cursor.revealedCount === 0
        ? 'Nothing revealed yet: press Play, Next incident or move the date slider.'
        : this.#filterResult.count === 0
          ? 'No incident matches the filter.'
          : this.#time.mode === 'window'
            ? 'No incident in the window: move the date or widen the window.'
            : 'No incident matching the filter is revealed yet.');
    const closed = this.#detailsFor;
    const cardHadFocus = this.#card?.element.contains(document.activeElement) ?? false;
    // The details first: opening or closing them changes the list's height, which it scrolls by.
    this.#details?.render(this.#cursor.incident);
    this.#card?.render(this.#cursor.incident);
    this.#detailsFor = this.#cursor.incident;
    this.#list?.render(this.#timeline.incidents, this.#shown, this.#cursor.incident, empty);
    if (this.#cursor.incident === null) {
      if (document.body.classList.contains('embed-details')) this.#embedDetails(false);
      if (cardHadFocus) this.#restoreFocus(closed);
    }
  }

  #emit(): void {
    if (!this.map) return;
    const state = this.getState();
    for (const listener of this.#listeners) listener(state);
  }

  // ---- URL -----------------------------------------------------------------

  #link(): LinkState {
    const center = this.map?.getCenter();
    const view: MapView | undefined = center
      ? roundView({ zoom: this.map.getZoom(), lat: center.lat, lon: center.lng })
      : undefined;
    const time = this.#time;
    return {
      map: view,
      ...linkForCursor(this.#timeline, this.#cursor),
      ...(time.mode === 'window' ? { mode: 'window' as const, window: time.windowDays } : {}),
      ...(time.showPossible ? {} : { possible: false as const }),
      ...(this.#span ? { span: this.#span } : {}),
      ...(this.#filter.categories.length > 0 ? { categories: [...this.#filter.categories] } : {}),
      ...(this.#filter.countries.length > 0 ? { countries: [...this.#filter.countries] } : {}),
      ...(this.#filter.actors.length > 0 ? { actors: [...this.#filter.actors] } : {}),
      ...(this.#filter.q.trim() !== '' ? { q: this.#filter.q.trim() } : {}),
      ...(this.#filter.from ? { from: this.#filter.from } : {}),
      ...(this.#filter.to ? { to: this.#filter.to } : {}),
      ...(this.#filter.contested ? { contested: true as const } : {}),
    };
  }

  #writeUrl(cause: ChangeCause): void {
    const mode = historyMode(cause);
    // Until a dataset is on screen the link on the page is still the one the user opened.
    if (mode === 'none' || !this.map || !this.#layers) return;
    const hash = formatHash(this.#link());
    this.#appliedHash = hash;
    if (hash === location.hash) return;
    const url = `${location.pathname}${location.search}${hash}`;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    this.#card?.updateLink();
  }

  /** Applies the page's hash after Back, Forward or an edit of the address (popstate and hashchange both call it). */
  #fromUrl(): void {
    if (!this.#layers) return;
    const hash = location.hash;
    if (hash === this.#appliedHash || hash === formatHash(this.#link())) return;
    this.#appliedHash = hash;
    const { link, problems } = parseHash(hash);
    for (const problem of problems) this.#elements.messages.show(problem);
    this.#applyAnalysis(link);
    const cursor = this.#cursorFromLink(link) ?? cursorAtEnd(this.#timeline);
    this.#applyingLink = true;
    try {
      if (link.map) {
        const current = this.#link().map;
        if (
          !current ||
          current.zoom !== link.map.zoom ||
          current.lat !== link.map.lat ||
          current.lon !== link.map.lon
        ) {
          this.map.jumpTo({ center: [link.map.lon, link.map.lat], zoom: link.map.zoom });
        }
      }
      const before = this.#cursor;
      this.#go(cursor, 'history');
      // The filter, mode or zoom may have changed where the cursor did not.
      if (this.#cursor === before) this.#render('history');
      this.#card?.updateLink();
    } finally {
      this.#applyingLink = false;
    }
  }

  #applyingLink = false;
  #appliedHash: string | null = null;

  #cursorFromLink(link: LinkState): TimelineCursor | null {
    if (link.incident !== undefined && !this.#timeline.incidents.has(link.incident)) {
      this.#elements.messages.show(
        `Sorry, this dataset has no incident ${quoteCell(link.incident)}. ${link.date ? 'The link’s date is shown instead.' : 'The whole timeline is shown instead.'}`,
      );
      return cursorFromLink(this.#timeline, { date: link.date });
    }
    if (link.upto !== undefined && !this.#timeline.incidents.has(link.upto)) {
      this.#elements.messages.show(
        `Sorry, this dataset has no incident ${quoteCell(link.upto)}; the link’s date is used instead.`,
      );
    }
    return cursorFromLink(this.#timeline, link);
  }

  // ---- camera --------------------------------------------------------------

  #datasetBounds(): LngLatBoundsLike {
    const { lon, lat, count } = this.#timeline.incidents.packed;
    let [w, s, e, n] = this.#outline?.bounds ?? [Infinity, Infinity, -Infinity, -Infinity];
    if (count === 0 && !this.#outline) return [60, 23, 78, 40];
    for (let i = 0; i < (this.#outline ? 0 : count); i++) {
      w = Math.min(w, lon[i]);
      e = Math.max(e, lon[i]);
      s = Math.min(s, lat[i]);
      n = Math.max(n, lat[i]);
    }
    // A single point (or a tight cluster) still gets some context around it.
    const pad = Math.max(0, 0.5 - Math.min(e - w, n - s) / 2);
    return [w - pad, s - pad, e + pad, n + pad];
  }

  #bringIntoView(id: string): void {
    const index = this.#timeline.incidents.indexOf(id);
    if (index < 0) return;
    const { packed } = this.#timeline.incidents;
    const [lon, lat] = [packed.lon[index], packed.lat[index]];
    const point = this.map.project([lon, lat]);
    const canvas = this.map.getCanvas();
    const margin = 40;
    // The card over the map's lower edge (phone, embed) hides what is under it.
    const covered = this.#card?.coveredHeight() ?? 0;
    const inside =
      point.x >= margin &&
      point.y >= margin &&
      point.x <= canvas.clientWidth - margin &&
      point.y <= canvas.clientHeight - margin - covered;
    if (inside) return;
    const offset: [number, number] = [0, -covered / 2];
    this.map.easeTo({ center: [lon, lat], offset, duration: this.#options.reducedMotion ? 0 : 700 });
  }
}

/** A filter without the date range's absent ends (null or undefined), as getState() gives it. */
function tidyFilter(filter: IncidentFilter): IncidentFilter {
  const { from, to, contested, ...rest } = filter;
  return { ...rest, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(contested ? { contested } : {}) };
}

/** This page's link without `embed=1`: the same view in the full app. */
function fullViewLink(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('embed');
  return url.href;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `read`, answering a repeat of the last id with the same promise (a failure is asked again next time). */
function lastRead<T>(read: (id: string) => Promise<T>): (id: string) => Promise<T> {
  let last: { id: string; answer: Promise<T> } | null = null;
  return (id) => {
    if (last?.id === id) return last.answer;
    const answer = read(id);
    last = { id, answer };
    answer.catch(() => {
      if (last?.answer === answer) last = null;
    });
    return answer;
  };
}

/** Incident `id` whole, its long text read back from the dataset worker. */
async function readWhole(incidents: IncidentStore, id: string): Promise<Incident | undefined> {
  const index = incidents.indexOf(id);
  return index < 0 ? undefined : (await incidents.read([index]))[0];
}
