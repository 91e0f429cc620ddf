import { greatCircle } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, LineString } from 'geojson';
import {
  type CustomLayerInterface,
  type ExpressionSpecification,
  type GeoJSONSource,
  type LayerSpecification,
  type Map as MapLibreMap,
  type MapMouseEvent,
  Popup,
} from 'maplibre-gl';
import { type DayColumns, isShown, membership, type ShownQuery } from '../analysis/time-window';
import { OTHER_COLOR } from '../data/pack/category-colors';
import { fanOffset, mercatorX, mercatorY, type PointBuffers, pickPoint } from '../data/pack/point-buffers';
import { unpackPoints } from '../data/pack/transfer';
import type { IncidentStore } from '../data/store/incident-store';
import { cut } from '../data/text/quote';
import type { Incident, Place } from '../data/types';
import { incidentText, isSource } from '../i18n/incident-text';
import { translator } from '../i18n/page-language';
import { highlightMarks } from './highlights';
import { IncidentPointsLayer, type MarkerView } from './incident-points-layer';
import { type Sent, sourceUpdate } from './source-updates';

export interface IncidentLayerOptions {
  /** Every incident, in reveal order. */
  incidents: IncidentStore;
  places: readonly Place[];
  colors: ReadonlyMap<string, string>;
  /** Attribution shown for the dataset (its sources, GeoNames for its places). */
  attribution: string;
  /** Each incident's first and last possible day (see dayColumns). */
  days: DayColumns;
  onSelect: (id: string) => void;
}

export interface IncidentLayerView {
  /** How many incidents, in reveal order, are revealed. */
  revealedCount: number;
  /** Reveal index of the newest incident shown (haloed), or -1. */
  newest: number;
  selected: string | null;
  /** The filter and the days in view (see MarkerView). */
  markers: MarkerView;
}

const PLACES = 'incident-places';
const JOURNEYS = 'journeys';
export const POINTS_LAYER = 'incident-points';

/** A journey's opacity: solid for the newest's and the selected one's (feature state `on`), else fainter. */
const JOURNEY_OPACITY: ExpressionSpecification = ['case', ['boolean', ['feature-state', 'on'], false], 1, 0.55];

/** How long the markers wait for the basemap's tiles before they are drawn anyway. */
const TILES_PATIENCE_MS = 20_000;

/**
 * Draws revealed incidents as markers coloured by category (hollow where only the
 * area is known), the newest one haloed and older ones fading, the polygons of
 * places with a revealed incident, and journeys as great-circle arcs. Hover shows
 * the title; a click selects. All markers, and the newest's and the selected
 * one's highlights, come from one WebGL layer (`IncidentPointsLayer`), so a step
 * re-tiles nothing. Only incidents with an area, shape or journey are looked at on
 * each step; their sources are given new data only when the areas or journeys
 * shown change, and which is selected or lit is feature state (no re-tiling either).
 */
export class IncidentLayers {
  readonly #map: MapLibreMap;
  readonly #options: IncidentLayerOptions;
  readonly #placeById: Map<string, Place>;
  readonly #popup = new Popup({ closeButton: false, closeOnClick: false, className: 'incident-tooltip' });
  #hovered: string | null = null;
  readonly #buffers: PointBuffers;
  readonly #points: IncidentPointsLayer;
  /** Resolves when the markers are first on screen. */
  readonly drawn: Promise<void>;
  /** Resolves when the markers' data is all on the GPU (see IncidentPointsLayer.fed), or the layers are removed before. */
  readonly fed: Promise<void>;
  readonly #withAreas: Uint32Array;
  #revealedCount = 0;
  #markers: MarkerView = { mask: null, from: Number.NEGATIVE_INFINITY, to: 0, showPossible: true };
  readonly #days: DayColumns;
  readonly #layerIds: string[] = [];
  readonly #sent: Record<string, Sent> = {};

  constructor(map: MapLibreMap, options: IncidentLayerOptions) {
    this.#map = map;
    this.#options = options;
    this.#placeById = new Map(options.places.map((p) => [p.id, p]));
    this.#buffers = unpackPoints(options.incidents.packed);
    this.#days = options.days;
    this.#points = new IncidentPointsLayer(POINTS_LAYER, this.#buffers, this.#days);
    // Markers wait until the rest of the map has drawn once (see IncidentPointsLayer.setEnabled).
    this.#points.setEnabled(false);
    // They wait too for their data to reach the GPU, which it takes in pieces (see IncidentPointsLayer.fed).
    this.fed = this.#points.fed;
    // Drawn once: a frame after the data is there that found everything the map shows
    // loaded. (Not its 'idle': that waits for one more frame, in which MapLibre places
    // the new labels again, and the markers are drawn in that one.)
    // A basemap tile that never comes (a link's tile server that stalls) keeps neither wait for ever.
    const drawnOnce = this.#points.fed.then(
      () =>
        new Promise<void>((resolve) => {
          const done = () => {
            map.off('render', check);
            clearTimeout(timer);
            resolve();
          };
          const check = () => {
            if (map.isStyleLoaded()) done();
          };
          const timer = setTimeout(done, TILES_PATIENCE_MS);
          map.on('render', check);
        }),
    );
    this.drawn = drawnOnce.then(
      () =>
        new Promise<void>((resolve) => {
          this.#points.setEnabled(true);
          const done = () => {
            map.off('idle', done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, TILES_PATIENCE_MS);
          map.on('idle', done);
        }),
    );
    // Only incidents with an area, a shape or a journey are looked at on each step.
    this.#withAreas = options.incidents.packed.special;
    // Adding the markers' layer starts their data on its way to the GPU.
    this.#addLayers();
    map.on('mousemove', this.#onHover);
    map.on('mouseout', this.#onLeave);
    map.on('click', this.#onClick);
  }

  #colorOf(incident: Incident): string {
    return this.#options.colors.get(incident.category) ?? OTHER_COLOR;
  }

  #addLayer(layer: LayerSpecification | CustomLayerInterface): void {
    this.#map.addLayer(layer);
    this.#layerIds.push(layer.id);
  }

  #addLayers(): void {
    const map = this.#map;
    const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
    // The dataset's attribution goes with a source its layers always use (the fill), so the map shows it.
    map.addSource(PLACES, { type: 'geojson', data: empty, promoteId: 'key', attribution: this.#options.attribution });
    map.addSource(JOURNEYS, { type: 'geojson', data: empty, promoteId: 'key' });

    this.#addLayer({
      id: 'incident-places-fill',
      type: 'fill',
      source: PLACES,
      paint: {
        'fill-color': '#d97706',
        'fill-opacity': ['case', ['boolean', ['feature-state', 'on'], false], 0.3, 0.14],
      },
    });
    this.#addLayer({
      id: 'incident-places-line',
      type: 'line',
      source: PLACES,
      paint: {
        'line-color': '#b45309',
        'line-width': ['case', ['boolean', ['feature-state', 'on'], false], 2.5, 1.2],
      },
    });
    this.#addLayer({
      id: 'journey-lines',
      type: 'line',
      source: JOURNEYS,
      layout: { 'line-cap': 'round' },
      paint: {
        'line-color': ['get', 'color'],
        'line-width': ['interpolate', ['linear'], ['zoom'], 4, 2, 9, 4],
        'line-dasharray': [2, 1.5],
        'line-opacity': JOURNEY_OPACITY,
      },
    });
    // Direction arrows are text, which needs glyphs; a user's ?style= may have none.
    if (map.getStyle().glyphs)
      this.#addLayer({
        id: 'journey-arrows',
        type: 'symbol',
        source: JOURNEYS,
        layout: {
          'symbol-placement': 'line',
          'symbol-spacing': 70,
          'text-field': '›',
          'text-font': ['Noto Sans Bold'],
          'text-size': 22,
          'text-keep-upright': false,
          'text-allow-overlap': true,
          // Arrows must not push city labels off the map.
          'text-ignore-placement': true,
        },
        paint: { 'text-color': ['get', 'color'], 'text-opacity': JOURNEY_OPACITY },
      });
    this.#addLayer(this.#points);
  }

  /** Takes the layers, sources and handlers off the map. */
  remove(): void {
    const map = this.#map;
    map.off('mousemove', this.#onHover);
    map.off('mouseout', this.#onLeave);
    map.off('click', this.#onClick);
    this.#popup.remove();
    for (const layer of this.#layerIds) if (map.getLayer(layer)) map.removeLayer(layer);
    for (const source of [PLACES, JOURNEYS]) if (map.getSource(source)) map.removeSource(source);
  }

  /** Whether the incident at reveal index `rank` is drawn: revealed, kept by the filter and in the days shown. */
  isShown(rank: number): boolean {
    return isShown(this.#days, this.#shownQuery(), rank);
  }

  #shownQuery(): ShownQuery {
    return { ...this.#markers, revealed: this.#revealedCount, kept: null };
  }

  /** Whether a shown incident is only possibly in the days shown (its uncertain date straddles an edge). */
  #isPossible(rank: number): boolean {
    const { from, to } = this.#markers;
    return membership(this.#days.first[rank], this.#days.last[rank], from, to) === 'possible';
  }

  render(view: IncidentLayerView): void {
    const { revealedCount, selected, newest } = view;
    this.#revealedCount = revealedCount;
    this.#markers = view.markers;
    this.#points.setRevealed(revealedCount);
    this.#points.setView(view.markers);
    const incidents = this.#options.incidents;
    const selectedRank = selected === null ? -1 : incidents.indexOf(selected);

    // The newest and the selected incident are drawn again on top, larger, with a halo or ring.
    this.#points.setMarks(
      highlightMarks({
        newest,
        selected: selectedRank,
        isShown: (rank) => this.isShown(rank),
        isPossible: (rank) => this.#isPossible(rank),
        colorOf: (rank) => this.#colorOf(incidents.get(rank)),
      }),
    );

    const revealedWithAreas: Incident[] = [];
    for (const rank of this.#withAreas) {
      if (rank >= revealedCount) break;
      if (this.isShown(rank)) revealedWithAreas.push(incidents.get(rank));
    }
    const selectedPlace = this.isShown(selectedRank) ? incidents.get(selectedRank).place : undefined;
    const placeIds = new Set(revealedWithAreas.map((i) => i.place).filter((p): p is string => p !== undefined));
    const areas: Feature<Geometry>[] = [...placeIds]
      .map((id) => this.#placeById.get(id))
      .filter((p): p is Place => p !== undefined && p.geometry.type !== 'Point')
      .map((p) => ({ type: 'Feature', geometry: p.geometry, properties: { id: p.id, key: `place:${p.id}` } }));
    // Incidents that came as a polygon or a line are drawn with that shape too.
    for (const incident of revealedWithAreas) {
      if (!incident.shape) continue;
      areas.push({
        type: 'Feature',
        geometry: incident.shape,
        properties: { id: incident.id, key: `shape:${incident.id}` },
      });
    }
    // The selected incident's place and shape are drawn stronger.
    const selectedAreas = [`place:${selectedPlace}`, `shape:${selected}`];
    this.#setFeatures(PLACES, areas, selectedAreas);

    const journeys: Feature<LineString>[] = [];
    const lit: string[] = [];
    for (const incident of revealedWithAreas) {
      const from = incident.origin ? this.#placeById.get(incident.origin) : undefined;
      if (from?.geometry.type !== 'Point') continue;
      const arc = greatCircle(from.geometry.coordinates, incident.coordinates, { npoints: 64 });
      if (arc.geometry.type !== 'LineString') continue;
      journeys.push({
        type: 'Feature',
        geometry: arc.geometry,
        properties: { id: incident.id, key: `journey:${incident.id}`, color: this.#colorOf(incident) },
      });
      // The newest's and the selected one's journeys are drawn solid.
      if ((newest >= 0 && incident.id === incidents.id(newest)) || incident.id === selected) {
        lit.push(`journey:${incident.id}`);
      }
    }
    this.#setFeatures(JOURNEYS, journeys, lit);
  }

  /**
   * Gives a source its features (each with a unique `key`) only if they are not the
   * ones it has: new data re-tiles it, two or three frames at the least. Which
   * features are drawn `on` (selected, lit) is feature state, drawn in the next frame.
   */
  #setFeatures(source: string, features: Feature[], on: readonly string[]): void {
    const map = this.#map;
    const update = sourceUpdate(
      this.#sent[source],
      features.map((f) => f.properties?.key as string),
      on,
    );
    if (update.setData) (map.getSource(source) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
    for (const id of update.off) map.removeFeatureState({ source, id }, 'on');
    for (const id of update.on) map.setFeatureState({ source, id }, { on: true });
    this.#sent[source] = update.sent;
  }

  /** Where an incident's marker is drawn, in CSS pixels from the map's top left; null if not revealed. */
  markerPosition(id: string): { x: number; y: number } | null {
    const rank = this.#options.incidents.indexOf(id);
    if (!this.isShown(rank)) return null;
    const { lon, lat } = this.#options.incidents.packed;
    const p = this.#map.project([lon[rank], lat[rank]]);
    const [dx, dy] = fanOffset(this.#buffers, rank);
    return { x: p.x + dx, y: p.y + dy };
  }

  /** The revealed incident drawn under a screen point (CSS pixels), or null. */
  incidentAt(point: { x: number; y: number }): Incident | null {
    const map = this.#map;
    const worldSize = 512 * 2 ** map.getZoom();
    const center = map.unproject([point.x, point.y]);
    const at = { x: mercatorX(center.lng), y: mercatorY(center.lat) };
    const query = this.#shownQuery();
    const rank = pickPoint(this.#buffers, this.#revealedCount, at, worldSize, (i) => isShown(this.#days, query, i));
    return rank < 0 ? null : this.#options.incidents.get(rank);
  }

  #onHover = (event: MapMouseEvent): void => {
    const incident = this.incidentAt(event.point);
    if (!incident) {
      this.#onLeave();
      return;
    }
    this.#map.getCanvas().style.cursor = 'pointer';
    if (incident.id === this.#hovered) return;
    this.#hovered = incident.id;
    const rank = Math.max(0, this.#options.incidents.indexOf(incident.id));
    const [dx, dy] = fanOffset(this.#buffers, rank);
    this.#popup
      .setLngLat(incident.coordinates as [number, number])
      .setOffset([dx, dy - 10])
      .setDOMContent(tooltipTitle(incident))
      .addTo(this.#map);
  };

  #onLeave = (): void => {
    if (this.#hovered === null) return;
    this.#hovered = null;
    this.#map.getCanvas().style.cursor = '';
    this.#popup.remove();
  };

  #onClick = (event: MapMouseEvent): void => {
    const incident = this.incidentAt(event.point);
    if (incident) this.#options.onSelect(incident.id);
  };
}

/** An incident's title for the hover tooltip, in the page's language where the dataset translates it, marked with its language. */
function tooltipTitle(incident: Incident): HTMLElement {
  const tag = translator().language.tag;
  const { title, titleTranslated } = incidentText(incident, tag);
  const span = document.createElement('span');
  span.textContent = cut(title, 300);
  if (titleTranslated) span.lang = tag;
  else if (!isSource(tag)) {
    // Shown in English on a page in another language: said so, as the list and details say it.
    span.lang = 'en';
    span.dir = 'ltr';
  }
  return span;
}
