import { type LngLatBoundsLike, Map as MapLibreMap, NavigationControl, type StyleSpecification } from 'maplibre-gl';
import { formatIncidentDate } from './data/incident-date';
import { IncidentStore, type StoredDataset, storeDataset } from './data/incident-store';
import type { PackedDataset } from './data/packed';
import type { Dataset, Incident } from './data/types';
import { categoryColors } from './map/category-colors';
import { IncidentLayers } from './map/incident-layers';
import { LegendControl } from './map/legend-control';
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
import { formatCount } from './ui/dom';
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
}

export interface ExplorerElements {
  map: HTMLElement;
  timeline: HTMLElement;
  panel: HTMLElement;
  messages: Messages;
}

export interface ExplorerOptions {
  style: StyleSpecification | string;
  /** Attribution for the basemap and data, shown in the map's attribution control. */
  attribution: string[];
  reducedMotion: boolean;
  /** Milliseconds between incidents while playing. */
  playInterval?: number;
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

    this.map = new MapLibreMap({
      container: elements.map,
      style: options.style,
      center: [69.5, 33.5],
      zoom: 4,
      attributionControl: { customAttribution: options.attribution },
      maxPitch: 0,
      dragRotate: false,
      cooperativeGestures: false,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.#mapLoaded = new Promise<void>((resolve, reject) => {
      const onError = (event: { error: unknown }) => reject(event.error);
      this.map.once('error', onError);
      this.map.once('load', () => {
        this.map.off('error', onError);
        // On a phone the attribution folds behind its (i) button instead of covering the map.
        if (elements.map.clientWidth < 640) {
          elements.map.querySelector('.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
        }
        resolve();
      });
    });
    this.#mapLoaded.catch((error) => this.#settleReady?.reject(error));

    // An empty timeline holds its place while the first dataset loads, so the map is
    // not resized (and its canvas reallocated) when the real one arrives.
    const placeholder = TimelineControl.placeholder();
    elements.timeline.replaceChildren(placeholder.element);

    bindTimelineKeys(document, {
      step: (direction) => (direction > 0 ? this.next() : this.prev()),
      togglePlay: () => (this.#playback.playing ? this.pause() : this.play()),
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
   * and the map fits the incidents.
   */
  async setDataset(input: Dataset | PackedDataset, { fromLink = false } = {}): Promise<void> {
    await this.#mapLoaded;
    this.pause();
    this.#layers?.remove();
    if (this.#legend) this.map.removeControl(this.#legend);

    const dataset = storeDataset(input);
    const incidents = dataset.incidents;
    this.#dataset = dataset;
    this.#timeline = buildTimeline(incidents);
    const colors = categoryColors(incidents.categories);
    this.#timelineControl = new TimelineControl({
      firstDay: this.#timeline.firstDay,
      lastDay: this.#timeline.lastDay,
      ticks: {
        days: incidents.packed.day,
        category: incidents.packed.category,
        palette: incidents.categories.map((c) => colors.get(c) ?? '#444'),
        title: (i) => {
          const incident = incidents.get(i);
          return `${formatIncidentDate(incident.date)}: ${incident.title}`;
        },
      },
      onScrub: (day) => this.#go(cursorAtDate(this.#timeline, day, this.#cursor.incident), 'scrub'),
      onPlayToggle: () => (this.#playback.playing ? this.pause() : this.play()),
      onStep: (direction) => (direction > 0 ? this.next() : this.prev()),
    });
    this.#list = new IncidentList({ colors, onSelect: (id) => this.select(id) });
    this.#details = new IncidentDetails({
      places: new Map(dataset.places.map((p) => [p.id, p])),
      incident: (id) => incidents.byId(id),
      colors,
      onSelect: (id) => this.select(id),
      linkFor: () => location.href,
      onFocusLeaving: (closedId) => {
        if (!this.#list?.focusItem(closedId)) this.#timelineControl?.focusPlay();
      },
    });
    this.#elements.timeline.replaceChildren(this.#timelineControl.element);
    this.#elements.panel.replaceChildren(this.#details.element, this.#list.element);

    const parsed = fromLink ? parseHash(location.hash) : { link: {}, problems: [] };
    for (const problem of parsed.problems) this.#elements.messages.show(problem);
    this.#cursor = this.#cursorFromLink(parsed.link) ?? cursorAtEnd(this.#timeline);

    this.#legend = new LegendControl({ colors, counts: incidents.countByCategory() });
    this.map.addControl(this.#legend, 'top-left');
    this.#layers = new IncidentLayers(this.map, {
      incidents,
      places: dataset.places,
      colors,
      // MapLibre shows attribution as HTML; a dataset's is text.
      attribution: escapeHtml(dataset.attribution ?? ''),
      onSelect: (id) => this.select(id),
    });
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
    this.#render('load');
    if (this.#cursor.incident) this.#bringIntoView(this.#cursor.incident);
    await this.#layers.drawn;
    this.#settleReady?.resolve();
  }

  // ---- public API -------------------------------------------------------

  getState(): ExplorerState {
    const center = this.map.getCenter();
    return {
      date: this.#cursor.date,
      incident: this.#cursor.incident,
      revealedCount: this.#cursor.revealedCount,
      view: { center: [center.lng, center.lat], zoom: this.map.getZoom() },
    };
  }

  /** The id of the revealed incident drawn under a point of the map (CSS pixels from its top left), or null. */
  incidentAt(x: number, y: number): string | null {
    return this.#layers?.incidentAt({ x, y })?.id ?? null;
  }

  /** Where an incident's marker is drawn on the map (CSS pixels from its top left), or null if not revealed. */
  markerPosition(id: string): { x: number; y: number } | null {
    return this.#layers?.markerPosition(id) ?? null;
  }

  /** The revealed incidents themselves, in reveal order (what Export writes). */
  revealedIncidents(): readonly Incident[] {
    return this.#timeline.incidents.slice(0, this.#cursor.revealedCount);
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
      this.#elements.messages.show(`There is no incident "${id}" in this dataset.`);
      return;
    }
    this.#go(selectIncident(this.#timeline, this.#cursor, id), 'select');
  }

  next(): void {
    this.#go(stepForward(this.#timeline, this.#cursor), 'step');
  }

  prev(): void {
    this.#go(stepBack(this.#timeline, this.#cursor), 'step');
  }

  play(): void {
    if (this.#playback.playing || this.#timeline.incidents.length === 0) return;
    // At the end, playing starts the story again from the beginning.
    if (this.#cursor.revealedCount >= this.#timeline.incidents.length) {
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

  #playStep(): boolean {
    if (this.#cursor.revealedCount >= this.#timeline.incidents.length) return false;
    this.#go(stepForward(this.#timeline, this.#cursor), 'play');
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
    this.#render(cause);
    if (cause === 'step' || cause === 'select') this.#announce();
    if (cursor.incident && cursor.incident !== before.incident) this.#bringIntoView(cursor.incident);
  }

  #render(cause: ChangeCause): void {
    this.#renderPage();
    this.#layers?.render({ revealedCount: this.#cursor.revealedCount, selected: this.#cursor.incident });
    this.#writeUrl(cause);
    this.#emit();
  }

  #announce(): void {
    const { incident } = this.#cursor;
    const revealedCount = formatCount(this.#cursor.revealedCount);
    const total = formatCount(this.#timeline.incidents.length);
    const selected = incident ? this.#timeline.incidents.byId(incident) : undefined;
    this.#timelineControl?.announce(
      selected
        ? `${selected.title}, ${formatIncidentDate(selected.date)}. ${revealedCount} of ${total} incidents revealed.`
        : `${revealedCount} of ${total} incidents revealed.`,
    );
  }

  #renderPage(): void {
    this.#timelineControl?.update({
      date: this.#cursor.date,
      revealedCount: this.#cursor.revealedCount,
      total: this.#timeline.incidents.length,
      playing: this.#playback.playing,
    });
    this.#list?.render(this.#timeline.incidents, this.#cursor.revealedCount, this.#cursor.incident);
    this.#details?.render(this.#cursor.incident);
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
    return { map: view, ...linkForCursor(this.#timeline, this.#cursor) };
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
  }

  /** Applies the page's hash after Back, Forward or an edit of the address (popstate and hashchange both call it). */
  #fromUrl(): void {
    if (!this.#layers) return;
    const hash = location.hash;
    if (hash === this.#appliedHash || hash === formatHash(this.#link())) return;
    this.#appliedHash = hash;
    const { link, problems } = parseHash(hash);
    for (const problem of problems) this.#elements.messages.show(problem);
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
      this.#go(cursor, 'history');
    } finally {
      this.#applyingLink = false;
    }
  }

  #applyingLink = false;
  #appliedHash: string | null = null;

  #cursorFromLink(link: LinkState): TimelineCursor | null {
    if (link.incident !== undefined && !this.#timeline.incidents.has(link.incident)) {
      this.#elements.messages.show(
        `Sorry, this dataset has no incident "${link.incident}". ${link.date ? 'The link’s date is shown instead.' : 'The whole timeline is shown instead.'}`,
      );
      return cursorFromLink(this.#timeline, { date: link.date });
    }
    if (link.upto !== undefined && !this.#timeline.incidents.has(link.upto)) {
      this.#elements.messages.show(
        `Sorry, this dataset has no incident "${link.upto}"; the link’s date is used instead.`,
      );
    }
    return cursorFromLink(this.#timeline, link);
  }

  // ---- camera --------------------------------------------------------------

  #datasetBounds(): LngLatBoundsLike {
    const { lon, lat, count } = this.#timeline.incidents.packed;
    if (count === 0) return [60, 23, 78, 40];
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < count; i++) {
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
    const inside =
      point.x >= margin &&
      point.y >= margin &&
      point.x <= canvas.clientWidth - margin &&
      point.y <= canvas.clientHeight - margin;
    if (inside) return;
    if (this.#options.reducedMotion) this.map.jumpTo({ center: [lon, lat] });
    else this.map.easeTo({ center: [lon, lat], duration: 700 });
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
