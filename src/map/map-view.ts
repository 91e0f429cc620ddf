import type { LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl';
import type { DayColumns } from '../analysis/time-window';
import type { StoredDataset } from '../data/store/incident-store';
import { cut } from '../data/text/quote';
import { translator } from '../i18n/page-language';
import { filterResult, legendCounts, newestShown, shownQuery } from '../state/selectors';
import type { AtlasState, StateDataset } from '../state/state';
import type { Change } from '../state/store';
import type { MapView as LinkView } from '../url/hash';
import { roundView } from '../url/hash';
import { IncidentLayers } from './incident-layers';
import { LegendControl } from './legend-control';

export interface MapViewOptions {
  /** An incident chosen on the map (clicked, or Enter on the focused map). */
  onSelect: (id: string) => void;
  /** How much of the map's lower edge the page covers (the card on a phone or in an embed), CSS pixels. */
  coveredHeight: () => number;
  reducedMotion: boolean;
}

/** What the map draws of a dataset: its colours, days and attribution (see IncidentLayers). */
export interface MapDataset {
  dataset: StoredDataset;
  colors: ReadonlyMap<string, string>;
  days: DayColumns;
  categoryCounts: ArrayLike<number>;
}

/**
 * The map's view of the state: the incident layers and the legend of the
 * dataset on screen, drawn from each change in one go (one frame an action),
 * and the camera: the first view, and bringing a selected incident into view.
 */
export class MapView {
  readonly map: MapLibreMap;
  readonly #options: MapViewOptions;
  #layers: IncidentLayers | null = null;
  #legend: LegendControl | null = null;
  /** The filter result the legend counts were last written for. */
  #legendFor: unknown = null;

  constructor(map: MapLibreMap, options: MapViewOptions) {
    this.map = map;
    this.#options = options;
  }

  /** The incident layers on screen (null while none are). */
  get layers(): IncidentLayers | null {
    return this.#layers;
  }

  /** The legend's rows as text (see LegendControl.rows); none while no dataset is shown. */
  legendRows(): { color: string; label: string; english: boolean }[] {
    return this.#legend?.rows() ?? [];
  }

  /** Takes the dataset's layers and legend off the map. */
  clear(): void {
    this.#layers?.remove();
    this.#layers = null;
    if (this.#legend) this.map.removeControl(this.#legend);
    this.#legend = null;
    this.#legendFor = null;
  }

  /** Puts a dataset's layers (and, unless `keepLegend`, a new legend) on the map; returns the layers. */
  show(shown: MapDataset, { keepLegend = false } = {}): IncidentLayers {
    const { dataset, colors, days } = shown;
    this.#layers?.remove();
    if (!keepLegend || !this.#legend) {
      if (this.#legend) this.map.removeControl(this.#legend);
      this.#legend = new LegendControl({
        categories: dataset.incidents.categories,
        colors,
        counts: shown.categoryCounts,
      });
      this.map.addControl(this.#legend, 'top-left');
      this.#legendFor = null;
    }
    this.#layers = new IncidentLayers(this.map, {
      incidents: dataset.incidents,
      places: dataset.places,
      colors,
      // MapLibre shows attribution as HTML; a dataset's is text, in the data's English on another language's page.
      attribution: dataAttribution(dataset.attribution),
      days,
      onSelect: (id) => this.#options.onSelect(id),
    });
    return this.#layers;
  }

  /** The first view of a dataset: the link's, or one that fits its incidents beside the legend. */
  frame(view: LinkView | undefined, dataset: StateDataset): void {
    if (view) {
      this.map.jumpTo({ center: [view.lon, view.lat], zoom: view.zoom });
      return;
    }
    const legend = 40 + (this.#legend?.width() ?? 0);
    // Right to left, styles.css puts the legend in the top right corner and the zoom buttons in the left.
    const rtl = getComputedStyle(this.map.getContainer()).direction === 'rtl';
    this.map.fitBounds(datasetBounds(dataset), {
      padding: { top: 40, right: rtl ? legend : 60, bottom: 40, left: rtl ? 60 : legend },
      maxZoom: 8,
      animate: false,
    });
  }

  /** Moves the camera to a link's view, unless it is there already. */
  jumpTo(view: LinkView): void {
    const current = this.view();
    if (current.zoom !== view.zoom || current.lat !== view.lat || current.lon !== view.lon) {
      this.map.jumpTo({ center: [view.lon, view.lat], zoom: view.zoom });
    }
  }

  /** The camera as a link writes it. */
  view(): LinkView {
    const center = this.map.getCenter();
    return roundView({ zoom: this.map.getZoom(), lat: center.lat, lon: center.lng });
  }

  /** Draws a change: the markers, the highlights and the legend's counts. */
  readonly render = (change: Change): void => {
    this.draw(change.state, change.dataset);
  };

  /**
   * Brings a newly selected incident into view. Subscribed after the address is
   * written: a move that ends at once (reduced motion) writes the view to the
   * entry the action made, not before it.
   */
  readonly follow = (change: Change): void => {
    const { incident } = change.state.cursor;
    // A dataset opening frames its incident itself, once its controls are in place.
    if (change.action.type === 'open' || !incident || incident === change.before.cursor.incident) return;
    // A story step moves the camera itself, to its view and then its incident (app/story-view.ts).
    if (change.state.storyStep !== null && change.state.storyStep !== change.before.storyStep) return;
    this.bringIntoView(incident, change.dataset);
  };

  /** Draws the state on the map. */
  draw(state: AtlasState, dataset: StateDataset): void {
    const query = shownQuery(state, dataset);
    this.#layers?.render({
      revealedCount: state.cursor.revealedCount,
      newest: newestShown(state, dataset),
      selected: state.cursor.incident,
      markers: { mask: query.mask, from: query.from, to: query.to, showPossible: query.showPossible },
    });
    const result = filterResult(state, dataset);
    if (this.#legend && this.#legendFor !== result) {
      this.#legendFor = result;
      this.#legend.setCounts(legendCounts(state, dataset));
    }
  }

  /** Eases the map to incident `id` unless it is well inside the part of the map in view. */
  bringIntoView(id: string, dataset: StateDataset): void {
    const { incidents } = dataset.timeline;
    const index = incidents.indexOf(id);
    if (index < 0) return;
    const [lon, lat] = [incidents.packed.lon[index], incidents.packed.lat[index]];
    const point = this.map.project([lon, lat]);
    const canvas = this.map.getCanvas();
    const margin = 40;
    // The card over the map's lower edge (phone, embed) hides what is under it.
    const covered = this.#options.coveredHeight();
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

/** The incidents' extent (the outline's when held in part), padded so a single point has some context. */
function datasetBounds(dataset: StateDataset): LngLatBoundsLike {
  const { outline } = dataset;
  const { lon, lat, count } = dataset.timeline.incidents.packed;
  let [w, s, e, n] = outline?.bounds ?? [Infinity, Infinity, -Infinity, -Infinity];
  if (count === 0 && !outline) return [60, 23, 78, 40];
  for (let i = 0; i < (outline ? 0 : count); i++) {
    w = Math.min(w, lon[i]);
    e = Math.max(e, lon[i]);
    s = Math.min(s, lat[i]);
    n = Math.max(n, lat[i]);
  }
  const pad = Math.max(0, 0.5 - Math.min(e - w, n - s) / 2);
  return [w - pad, s - pad, e + pad, n + pad];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function dataAttribution(text: string | undefined): string {
  const escaped = escapeHtml(cut(text ?? '', 500));
  return escaped && translator().language.tag !== 'en' ? `<span lang="en" dir="ltr">${escaped}</span>` : escaped;
}
