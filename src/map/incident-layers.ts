import { greatCircle } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, LineString, Point } from 'geojson';
import {
  type CustomLayerInterface,
  type GeoJSONSource,
  type LayerSpecification,
  type Map as MapLibreMap,
  type MapMouseEvent,
  Popup,
  type SymbolLayerSpecification,
} from 'maplibre-gl';
import { type DayColumns, isShown, membership, type ShownQuery } from '../analysis/time-window';
import { OTHER_COLOR } from '../data/pack/category-colors';
import { isVague } from '../data/pack/packed';
import { fanOffset, mercatorX, mercatorY, type PointBuffers, pickPoint } from '../data/pack/point-buffers';
import { unpackPoints } from '../data/pack/transfer';
import type { IncidentStore } from '../data/store/incident-store';
import { cut } from '../data/text/quote';
import type { Incident, Place } from '../data/types';
import { IncidentPointsLayer, type MarkerView } from './incident-points-layer';

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

const SOURCE = 'incidents';
const PLACES = 'incident-places';
const JOURNEYS = 'journeys';
export const MARKER_LAYER = 'incident-markers';
export const POINTS_LAYER = 'incident-points';
const IMAGE_PX = 32;

/**
 * What the newest and the selected incident's symbols share (features with
 * `offset` (ems), `rank` and `size`); the program warm-up draws with it too.
 */
export const HIGHLIGHT_LAYOUT: SymbolLayerSpecification['layout'] = {
  'icon-allow-overlap': true,
  'icon-ignore-placement': true,
  'icon-offset': ['get', 'offset'],
  'symbol-sort-key': ['get', 'rank'],
  'icon-size': ['get', 'size'],
};
/**
 * The paint of the symbols drawn with a feature's own opacity (the others have
 * none). A program is made for each mix of constant and data-driven paint, so
 * the program warm-up draws with this too: a new data-driven property here is
 * one there as well, and its program is made before any dataset.
 */
export const FADED_HIGHLIGHT_PAINT: SymbolLayerSpecification['paint'] = { 'icon-opacity': ['get', 'opacity'] };
const PIXEL_RATIO = 2;

function drawImage(size: number, paint: (ctx: CanvasRenderingContext2D, r: number) => void): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  // A CPU canvas: reading back a GPU one waits for the map's queued drawing.
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas is not available');
  paint(ctx, size / 2);
  return ctx.getImageData(0, 0, size, size);
}

function circle(ctx: CanvasRenderingContext2D, r: number, radius: number) {
  ctx.beginPath();
  ctx.arc(r, r, radius, 0, Math.PI * 2);
}

/** How long the markers wait for the basemap's tiles before they are drawn anyway. */
const TILES_PATIENCE_MS = 20_000;

/**
 * Draws revealed incidents as markers coloured by category (hollow where only the
 * area is known), the newest one haloed and older ones fading, the polygons of
 * places with a revealed incident, and journeys as great-circle arcs. Hover shows
 * the title; a click selects. All markers come from one WebGL layer
 * (`IncidentPointsLayer`); only the newest and the selected one are also symbols,
 * and only incidents with an area, shape or journey are looked at on each step.
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
  readonly #imageIds: string[] = [];

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
    // Layers first: adding the markers' starts their data on its way to the GPU. The
    // images are there before any feature is (the sources are empty until the first render).
    this.#addLayers();
    this.#addImages();
    map.on('mousemove', this.#onHover);
    map.on('mouseout', this.#onLeave);
    map.on('click', this.#onClick);
  }

  #colorOf(incident: Incident): string {
    return this.#options.colors.get(incident.category) ?? OTHER_COLOR;
  }

  #addImage(id: string, image: ImageData, options: { pixelRatio: number }): void {
    this.#map.addImage(id, image, options);
    this.#imageIds.push(id);
  }

  #addLayer(layer: LayerSpecification | CustomLayerInterface): void {
    this.#map.addLayer(layer);
    this.#layerIds.push(layer.id);
  }

  #addImages(): void {
    const opts = { pixelRatio: PIXEL_RATIO };
    // One pair per colour, not per category: a file may name tens of thousands of categories.
    for (const color of new Set([...this.#options.colors.values(), OTHER_COLOR])) {
      this.#addImage(
        `marker-solid-${color}`,
        drawImage(IMAGE_PX, (ctx, r) => {
          circle(ctx, r, r - 3);
          ctx.fillStyle = color;
          ctx.fill();
          ctx.lineWidth = 3;
          ctx.strokeStyle = '#ffffff';
          ctx.stroke();
        }),
        opts,
      );
      this.#addImage(
        `marker-hollow-${color}`,
        drawImage(IMAGE_PX, (ctx, r) => {
          circle(ctx, r, r - 2);
          ctx.fillStyle = 'rgba(255,255,255,0.9)';
          ctx.fill();
          circle(ctx, r, r - 6);
          ctx.lineWidth = 6;
          ctx.strokeStyle = color;
          ctx.stroke();
          circle(ctx, r, 3);
          ctx.fillStyle = color;
          ctx.fill();
        }),
        opts,
      );
    }
    this.#addImage(
      'marker-halo',
      drawImage(64, (ctx, r) => {
        const gradient = ctx.createRadialGradient(r, r, 8, r, r, r);
        gradient.addColorStop(0, 'rgba(255, 214, 10, 0.95)');
        gradient.addColorStop(0.55, 'rgba(255, 214, 10, 0.55)');
        gradient.addColorStop(1, 'rgba(255, 214, 10, 0)');
        circle(ctx, r, r);
        ctx.fillStyle = gradient;
        ctx.fill();
      }),
      opts,
    );
    this.#addImage(
      'marker-selected',
      drawImage(52, (ctx, r) => {
        circle(ctx, r, r - 3);
        ctx.lineWidth = 5;
        ctx.strokeStyle = '#111111';
        ctx.stroke();
      }),
      opts,
    );
  }

  #addLayers(): void {
    const map = this.#map;
    const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
    map.addSource(PLACES, { type: 'geojson', data: empty });
    map.addSource(JOURNEYS, { type: 'geojson', data: empty });
    map.addSource(SOURCE, { type: 'geojson', data: empty, attribution: this.#options.attribution });

    this.#addLayer({
      id: 'incident-places-fill',
      type: 'fill',
      source: PLACES,
      paint: {
        'fill-color': '#d97706',
        'fill-opacity': ['case', ['get', 'selected'], 0.3, 0.14],
      },
    });
    this.#addLayer({
      id: 'incident-places-line',
      type: 'line',
      source: PLACES,
      paint: {
        'line-color': '#b45309',
        'line-width': ['case', ['get', 'selected'], 2.5, 1.2],
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
        'line-opacity': ['get', 'opacity'],
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
        paint: { 'text-color': ['get', 'color'], 'text-opacity': ['get', 'opacity'] },
      });
    this.#addLayer(this.#points);
    this.#addLayer({
      id: 'incident-newest-halo',
      type: 'symbol',
      source: SOURCE,
      filter: ['get', 'newest'],
      layout: { ...HIGHLIGHT_LAYOUT, 'icon-image': 'marker-halo' },
    });
    this.#addLayer({
      id: 'incident-selected-ring',
      type: 'symbol',
      source: SOURCE,
      filter: ['get', 'selected'],
      layout: { ...HIGHLIGHT_LAYOUT, 'icon-image': 'marker-selected' },
    });
    this.#addLayer({
      id: MARKER_LAYER,
      type: 'symbol',
      source: SOURCE,
      layout: { ...HIGHLIGHT_LAYOUT, 'icon-image': ['get', 'image'] },
      paint: FADED_HIGHLIGHT_PAINT,
    });
  }

  /** Takes the layers, sources, images and handlers off the map. */
  remove(): void {
    const map = this.#map;
    map.off('mousemove', this.#onHover);
    map.off('mouseout', this.#onLeave);
    map.off('click', this.#onClick);
    this.#popup.remove();
    for (const layer of this.#layerIds) if (map.getLayer(layer)) map.removeLayer(layer);
    for (const source of [SOURCE, PLACES, JOURNEYS]) if (map.getSource(source)) map.removeSource(source);
    for (const image of this.#imageIds) if (map.hasImage(image)) map.removeImage(image);
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
    const highlighted = [...new Set([newest, selectedRank])].filter((rank) => this.isShown(rank));
    const markers: Feature<Point>[] = highlighted.map((rank) => {
      const incident = incidents.get(rank);
      const isNewest = rank === newest;
      const size = isNewest ? 1.35 : 1.2;
      const offset = fanOffset(this.#buffers, rank);
      return {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: incident.coordinates },
        properties: {
          id: incident.id,
          image: `marker-${isVague(incident) ? 'hollow' : 'solid'}-${this.#colorOf(incident)}`,
          size,
          // Drawn faint, like its marker, when its date only possibly falls in the days shown.
          opacity: this.#isPossible(rank) ? 0.5 : 1,
          offset: [offset[0] / size, offset[1] / size],
          newest: isNewest,
          selected: rank === selectedRank,
          rank: rank === selectedRank ? 1e9 : rank,
        },
      };
    });
    (this.#map.getSource(SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features: markers });

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
      .map((p) => ({
        type: 'Feature',
        geometry: p.geometry,
        properties: { id: p.id, selected: p.id === selectedPlace },
      }));
    // Incidents that came as a polygon or a line are drawn with that shape too.
    for (const incident of revealedWithAreas) {
      if (!incident.shape) continue;
      areas.push({
        type: 'Feature',
        geometry: incident.shape,
        properties: { id: incident.id, selected: incident.id === selected },
      });
    }
    (this.#map.getSource(PLACES) as GeoJSONSource).setData({ type: 'FeatureCollection', features: areas });

    const journeys: Feature<LineString>[] = [];
    for (const incident of revealedWithAreas) {
      const from = incident.origin ? this.#placeById.get(incident.origin) : undefined;
      if (from?.geometry.type !== 'Point') continue;
      const arc = greatCircle(from.geometry.coordinates, incident.coordinates, { npoints: 64 });
      if (arc.geometry.type !== 'LineString') continue;
      journeys.push({
        type: 'Feature',
        geometry: arc.geometry,
        properties: {
          id: incident.id,
          color: this.#colorOf(incident),
          opacity: (newest >= 0 && incident.id === incidents.id(newest)) || incident.id === selected ? 1 : 0.55,
        },
      });
    }
    (this.#map.getSource(JOURNEYS) as GeoJSONSource).setData({ type: 'FeatureCollection', features: journeys });
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
      .setText(cut(incident.title, 300))
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
