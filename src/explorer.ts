import { bbox } from '@turf/turf';
import { type LngLatBoundsLike, Map as MapLibreMap, NavigationControl, type StyleSpecification } from 'maplibre-gl';
import { formatIncidentDate } from './data/incident-date';
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
import { revealOrder } from './timeline/reveal-order';
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
  dataset: Dataset;
  style: StyleSpecification | string;
  /** Attribution for the basemap and data, shown in the map's attribution control. */
  attribution: string[];
  reducedMotion: boolean;
  /** Milliseconds between incidents while playing. */
  playInterval?: number;
}

type Listener = (state: ExplorerState) => void;

/**
 * Wires the dataset, the timeline cursor, the URL, the map and the page together.
 * One cursor flows one way: an action makes a new cursor, then the URL, map, list,
 * details and timeline render from it. This is also `window.explorer`.
 */
export class Explorer {
  readonly map: MapLibreMap;
  readonly ready: Promise<void>;
  readonly #timeline: Timeline;
  readonly #incidents: ReadonlyMap<string, Incident>;
  readonly #options: ExplorerOptions;
  readonly #elements: ExplorerElements;
  readonly #listeners = new Set<Listener>();
  readonly #playback: Playback;
  #cursor: TimelineCursor;
  #layers: IncidentLayers | null = null;
  #timelineControl: TimelineControl;
  #list: IncidentList;
  #details: IncidentDetails;

  constructor(elements: ExplorerElements, options: ExplorerOptions) {
    this.#options = options;
    this.#elements = elements;
    const { dataset } = options;
    this.#timeline = buildTimeline(revealOrder(dataset.incidents));
    this.#incidents = new Map(dataset.incidents.map((i) => [i.id, i]));
    this.#cursor = cursorAtEnd(this.#timeline);
    const colors = categoryColors(this.#timeline.incidents.map((i) => i.category));

    this.#playback = new Playback({
      interval: options.playInterval ?? 1600,
      step: () => this.#playStep(),
      onChange: () => this.#renderPage(),
    });

    this.#timelineControl = new TimelineControl({
      firstDay: this.#timeline.firstDay,
      lastDay: this.#timeline.lastDay,
      ticks: this.#timeline.incidents.map((i) => ({
        day: i.startDay,
        color: colors.get(i.category) ?? '#444',
        title: `${formatIncidentDate(i.date)}: ${i.title}`,
      })),
      onScrub: (day) => this.#go(cursorAtDate(this.#timeline, day, this.#cursor.incident), 'scrub'),
      onPlayToggle: () => (this.#playback.playing ? this.pause() : this.play()),
      onStep: (direction) => (direction > 0 ? this.next() : this.prev()),
    });
    this.#list = new IncidentList({ colors, onSelect: (id) => this.select(id) });
    this.#details = new IncidentDetails({
      places: new Map(dataset.places.map((p) => [p.id, p])),
      incidents: this.#incidents,
      colors,
      onSelect: (id) => this.select(id),
      linkFor: () => location.href,
    });
    elements.timeline.replaceChildren(this.#timelineControl.element);
    elements.panel.replaceChildren(this.#details.element, this.#list.element);
    bindTimelineKeys(document, {
      step: (direction) => (direction > 0 ? this.next() : this.prev()),
      togglePlay: () => (this.#playback.playing ? this.pause() : this.play()),
    });

    const { link, problems } = parseHash(location.hash);
    for (const problem of problems) elements.messages.show(problem);
    const linked = this.#cursorFromLink(link);
    if (linked) this.#cursor = linked;

    this.map = new MapLibreMap({
      container: elements.map,
      style: options.style,
      ...(link.map ? { center: [link.map.lon, link.map.lat], zoom: link.map.zoom } : {}),
      attributionControl: { customAttribution: options.attribution },
      maxPitch: 0,
      dragRotate: false,
      cooperativeGestures: false,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    const legend = new LegendControl({ colors, counts: countBy(dataset.incidents, (i) => i.category) });
    this.map.addControl(legend, 'top-left');
    // The first view fits the dataset, leaving room for the legend over the map's corner.
    if (!link.map) {
      this.map.fitBounds(this.#datasetBounds(), {
        padding: { top: 40, right: 60, bottom: 40, left: 40 + legend.width() },
        maxZoom: 8,
        animate: false,
      });
    }

    this.ready = new Promise<void>((resolve, reject) => {
      this.map.once('error', (event) => {
        if (!this.#layers) reject(event.error);
      });
      this.map.once('load', () => {
        this.#layers = new IncidentLayers(this.map, {
          places: dataset.places,
          colors,
          attribution: dataset.attribution ?? '',
          onSelect: (id) => this.select(id),
        });
        this.#render('load');
        // On a phone the attribution folds behind its (i) button instead of covering the map.
        if (elements.map.clientWidth < 640) {
          elements.map.querySelector('.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
        }
        if (this.#cursor.incident) this.#bringIntoView(this.#cursor.incident);
        this.map.once('idle', () => resolve());
      });
    });
    this.#renderPage();
    this.map.on('moveend', () => {
      this.#writeUrl('pan');
      this.#emit();
    });
    window.addEventListener('popstate', () => this.#fromUrl());
    window.addEventListener('hashchange', () => this.#fromUrl());
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

  revealedIds(): string[] {
    return this.#timeline.incidents.slice(0, this.#cursor.revealedCount).map((i) => i.id);
  }

  setDate(date: string): void {
    const link = parseHash(`date=${encodeURIComponent(date)}`);
    if (!link.link.date) throw new RangeError(`setDate: "${date}" is not a day written YYYY-MM-DD`);
    this.#go(cursorAtDate(this.#timeline, link.link.date, this.#cursor.incident), 'scrub');
  }

  select(id: string | null): void {
    if (id !== null && !this.#incidents.has(id)) {
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
    if (cause !== 'play' && cause !== 'history') this.pause();
    if (
      cursor.revealedCount === before.revealedCount &&
      cursor.date === before.date &&
      cursor.incident === before.incident
    ) {
      return;
    }
    this.#cursor = cursor;
    this.#render(cause);
    if (cursor.incident && cursor.incident !== before.incident) this.#bringIntoView(cursor.incident);
  }

  #render(cause: ChangeCause): void {
    this.#renderPage();
    this.#layers?.render({ revealed: this.#revealed(), selected: this.#cursor.incident });
    this.#writeUrl(cause);
    this.#emit();
  }

  #renderPage(): void {
    const revealed = this.#revealed();
    this.#timelineControl.update({
      date: this.#cursor.date,
      revealedCount: this.#cursor.revealedCount,
      total: this.#timeline.incidents.length,
      playing: this.#playback.playing,
    });
    this.#list.render(revealed, this.#cursor.incident);
    this.#details.render(this.#cursor.incident);
  }

  #revealedCache: { count: number; list: readonly Incident[] } = { count: -1, list: [] };
  #revealed(): readonly Incident[] {
    if (this.#revealedCache.count !== this.#cursor.revealedCount) {
      this.#revealedCache = {
        count: this.#cursor.revealedCount,
        list: this.#timeline.incidents.slice(0, this.#cursor.revealedCount),
      };
    }
    return this.#revealedCache.list;
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
    if (mode === 'none' || !this.map) return;
    const hash = formatHash(this.#link());
    if (hash === location.hash) return;
    const url = `${location.pathname}${location.search}${hash}`;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  #fromUrl(): void {
    if (location.hash === formatHash(this.#link())) return;
    const { link, problems } = parseHash(location.hash);
    for (const problem of problems) this.#elements.messages.show(problem);
    const cursor = this.#cursorFromLink(link) ?? cursorAtEnd(this.#timeline);
    if (link.map) {
      const current = this.#link().map;
      if (!current || current.zoom !== link.map.zoom || current.lat !== link.map.lat || current.lon !== link.map.lon) {
        this.map.jumpTo({ center: [link.map.lon, link.map.lat], zoom: link.map.zoom });
      }
    }
    this.#go(cursor, 'history');
  }

  #cursorFromLink(link: LinkState): TimelineCursor | null {
    if (link.incident !== undefined && !this.#timeline.indexById.has(link.incident)) {
      this.#elements.messages.show(
        `Sorry, this dataset has no incident "${link.incident}". ${link.date ? 'The link’s date is shown instead.' : 'The whole timeline is shown instead.'}`,
      );
      return cursorFromLink(this.#timeline, { date: link.date });
    }
    if (link.upto !== undefined && !this.#timeline.indexById.has(link.upto)) {
      this.#elements.messages.show(
        `Sorry, this dataset has no incident "${link.upto}"; the link’s date is used instead.`,
      );
    }
    return cursorFromLink(this.#timeline, link);
  }

  // ---- camera --------------------------------------------------------------

  #datasetBounds(): LngLatBoundsLike {
    const points = this.#timeline.incidents.map((i) => i.coordinates);
    if (points.length === 0) return [60, 23, 78, 40];
    const [w, s, e, n] = bbox({ type: 'MultiPoint', coordinates: points });
    // A single point (or a tight cluster) still gets some context around it.
    const pad = Math.max(0, 0.5 - Math.min(e - w, n - s) / 2);
    return [w - pad, s - pad, e + pad, n + pad];
  }

  #bringIntoView(id: string): void {
    const incident = this.#incidents.get(id);
    if (!incident) return;
    const [lon, lat] = incident.coordinates;
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

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
