import { Map as MapLibreMap, NavigationControl, type RequestTransformFunction } from 'maplibre-gl';
import type { DatasetOutline } from '../analysis/outline';
import { categoryColors } from '../data/pack/category-colors';
import type { PackedDataset } from '../data/pack/packed-types';
import { IncidentStore, type StoredDataset, storeDataset } from '../data/store/incident-store';
import type { Dataset } from '../data/types';
import { mapLocale } from '../map/map-locale';
import { MapView } from '../map/map-view';
import { accommodateRenderer, type RendererAccommodations, type RendererChoice } from '../map/software';
import { type StyleChoice, startMap } from '../map/start-up';
import { linkProblems } from '../state/link-problems';
import type { StateDataset } from '../state/state';
import { Store } from '../state/store';
import { buildTimeline } from '../timeline/cursor';
import { Playback } from '../timeline/playback';
import { nextTask } from '../ui/dom';
import { bindTimelineKeys } from '../ui/keyboard';
import type { Messages } from '../ui/messages';
import { type PageDataset, type PageElements, PageView } from '../ui/page-view';
import { dataChangedWarning } from '../url/dataset-link';
import { type LinkState, parseHash } from '../url/hash';
import { type ExplorerState, PublicApi } from './public-api';
import { searchTheWorker } from './search';
import { StoryView } from './story-view';
import { UrlSync } from './url-sync';

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

/**
 * The composition root of one explorer: makes the map, the store and the views
 * (map, page, address, announcements) and wires each action through the store to
 * them (docs/architecture.md). `api` is `window.explorer`'s methods.
 */
export class Explorer {
  readonly map: MapLibreMap;
  /** What the map does differently when WebGL draws in software (see map/software). */
  readonly renderer: RendererAccommodations;
  /** `window.explorer`'s methods. */
  readonly api: PublicApi;
  readonly ready: Promise<void>;
  readonly #store: Store;
  readonly #mapView: MapView;
  readonly #page: PageView;
  readonly #url: UrlSync;
  readonly #story: StoryView;
  readonly #messages: Messages;
  readonly #mapLoaded: Promise<void>;
  #settleReady = (): void => {};
  #dataset: StoredDataset = { name: '', incidents: IncidentStore.of([]), places: [] };
  /** The dataset on screen with the colours and counts its map and page were built with. */
  #shown: PageDataset | null = null;

  constructor(elements: PageElements & { messages: Messages }, options: ExplorerOptions) {
    this.#messages = elements.messages;
    this.ready = new Promise<void>((resolve) => (this.#settleReady = resolve));
    const store = new Store({ timeline: buildTimeline(this.#dataset.incidents), outline: null });
    this.#store = store;
    const embedded = document.body.classList.contains('embed');
    // Made before the map, whose size then already leaves room for the timeline.
    this.#page = new PageView({
      elements,
      store,
      embedded,
      focusMap: () => this.map.getCanvas().focus(),
      select: (id) => this.api.select(id),
    });
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
      locale: mapLocale(),
    });
    this.renderer = accommodateRenderer(this.map, options.renderer ?? 'auto');
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    // Never rejects: a link's style that fails falls back to the embedded one, later errors are reported.
    this.#mapLoaded = startMap(this.map, {
      chosen: options.style,
      fallback: options.fallbackStyle,
      report: (message) => this.#messages.show(message),
      onFallback: options.onFallback,
      compact: embedded,
    }).then(() => {
      // On a phone or in an embed the attribution folds behind its (i) button instead of covering the map.
      if (elements.map.clientWidth <= 700 || embedded) {
        elements.map.querySelector('.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
      }
    });
    // A card over the map's foot: the incident's, or on a phone the story's.
    const coveredHeight = () => Math.max(this.#page.coveredHeight(), this.#story.coveredHeight());
    this.#mapView = new MapView(this.map, {
      onSelect: (id) => this.#page.choose(id, 'map'),
      coveredHeight,
      reducedMotion: options.reducedMotion,
    });
    this.#url = new UrlSync({
      store,
      view: () => this.#mapView.view(),
      jumpTo: (view) => this.#mapView.jumpTo(view),
      follow: (link, problems) => {
        for (const problem of [...problems, ...linkProblems(link, store.dataset)]) this.#messages.show(problem);
        this.#warnIfDataChanged(link);
        store.dispatch({ type: 'followLink', link });
      },
      written: () => this.#page.linkChanged(),
      fingerprint: () => this.#dataset.fingerprint,
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
    store.subscribe(this.#mapView.follow);
    // After the map's follow: a step's own view wins over bringing its incident into view.
    this.#story = new StoryView({
      store,
      map: this.map,
      mapView: this.#mapView,
      after: elements.map,
      embedded,
      reducedMotion: options.reducedMotion,
      coveredHeight,
    });
    store.subscribe(this.#story.render);
    store.subscribe(({ state }) => (state.playing ? playback.play() : playback.pause()));
    store.subscribe(searchTheWorker(store, (message) => this.#messages.show(message)));
    this.api = new PublicApi({
      store,
      map: this.map,
      mapView: this.#mapView,
      page: this.#page,
      messages: this.#messages,
    });
    // A dataset opening tells listeners once its page is there (see setDataset).
    store.subscribe(({ action }) => action.type !== 'open' && this.api.emit());

    bindTimelineKeys(document, {
      step: (direction) => store.dispatch({ type: 'step', direction }),
      togglePlay: () => store.dispatch({ type: store.state.playing ? 'pause' : 'play' }),
      close: () => this.#page.closeDetails(),
    });
    this.map.on('moveend', () => {
      this.#url.moved();
      this.api.emit();
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
    // Until the markers' data is on the GPU, the map draws only what the user does (see map/software).
    // (Should this throw, the caller's lifting the calm ends the hold.)
    this.renderer.calm = true;
    let release = () => {};
    this.renderer.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    this.#url.active = false;
    this.#store.dispatch({ type: 'pause' });
    this.renderer.datasetArriving();
    this.#mapView.clear();
    this.#page.detach();
    // The old dataset's worker, which kept its text, is let go.
    if (!this.#dataset.incidents.sharesTextsWith(incidents)) this.#dataset.incidents.close();
    this.#store.dataset.outline?.release?.();
    this.#dataset = dataset;
    const state: StateDataset = {
      timeline: buildTimeline(incidents, outline),
      outline: outline ?? null,
      story: dataset.story ?? null,
    };
    const { link, problems } = fromLink ? parseHash(location.hash) : { link: {}, problems: [] };
    for (const problem of [...problems, ...linkProblems(link, state)]) this.#messages.show(problem);
    this.#warnIfDataChanged(link);
    // The map's part first: the markers' data goes to the GPU in pieces, and the page's controls are built
    // once it is there (built meanwhile, their frames held the upload back without a GPU).
    const layers = this.#mapView.show(shownData);
    this.#store.dispatch({ type: 'open', link }, state);
    this.#mapView.frame(link.map, state);
    this.#story.framed(link.map !== undefined);
    await layers.fed;
    release();
    // (`fed` resolves too when another dataset has replaced this one meanwhile.)
    if (this.#mapView.layers !== layers) return;
    this.renderer.calm = false;
    this.#page.show(shownData);
    // The first render of the page runs in a task of its own, so no one task holds the page long.
    await nextTask();
    if (this.#mapView.layers !== layers) return;
    this.#url.active = true;
    this.#page.draw(this.#store);
    this.#url.write('load');
    this.api.emit();
    const { incident } = this.#store.state.cursor;
    // A story step shown frames its incident itself (StoryView), after its own view.
    if (incident && this.#store.state.storyStep === null) this.#mapView.bringIntoView(incident, this.#store.dataset);
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
    if (!outline || !this.#mapView.layers || !this.#shown) {
      input.texts?.close();
      return;
    }
    const { incidents } = storeDataset(input);
    if (!this.#dataset.incidents.sharesTextsWith(incidents)) this.#dataset.incidents.close();
    this.#dataset = { ...this.#dataset, incidents };
    this.#shown = { ...this.#shown, dataset: this.#dataset, days: incidents.packed.days };
    this.#mapView.show(this.#shown, { keepLegend: true });
    const { story } = this.#store.dataset;
    this.#store.dispatch(
      { type: 'incidentsReplaced' },
      { timeline: buildTimeline(incidents, outline), outline, story },
    );
  }

  /** What the image of the view shows beside the map: the legend's rows and the timeline's readout, as text. */
  viewParts(): { legend: ReturnType<MapView['legendRows']>; readout: { date: string; count: string } } {
    return { legend: this.#mapView.legendRows(), readout: this.#page.timelineReadout() };
  }

  /** A link made with other data than the dataset on screen may not show what its maker saw: says so. */
  #warnIfDataChanged(link: LinkState): void {
    const warning = dataChangedWarning(link, this.#dataset.fingerprint);
    if (warning) this.#messages.show(warning);
  }

  /** The bundle view follows the state's changes (see BundleHost). */
  on(event: 'change', callback: (state: ExplorerState) => void): () => void {
    return this.api.on(event, callback);
  }
}
