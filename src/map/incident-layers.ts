import { greatCircle } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, LineString, Point } from 'geojson';
import {
  type GeoJSONSource,
  type LayerSpecification,
  type MapLayerMouseEvent,
  type Map as MapLibreMap,
  Popup,
  type SymbolLayerSpecification,
} from 'maplibre-gl';
import type { Incident, Place } from '../data/types';
import { fanOffsets } from './marker-layout';

export interface IncidentLayerOptions {
  places: readonly Place[];
  colors: ReadonlyMap<string, string>;
  /** Attribution shown for the dataset (its sources, GeoNames for its places). */
  attribution: string;
  onSelect: (id: string) => void;
}

export interface IncidentLayerView {
  /** Revealed incidents in reveal order; the last is the newest. */
  revealed: readonly Incident[];
  selected: string | null;
}

const SOURCE = 'incidents';
const PLACES = 'incident-places';
const JOURNEYS = 'journeys';
export const MARKER_LAYER = 'incident-markers';
const IMAGE_PX = 32;
const PIXEL_RATIO = 2;

/** Locations known only to a district, province or country are drawn hollow. */
const isVague = (incident: Incident) =>
  incident.locationPrecision === 'district' ||
  incident.locationPrecision === 'province' ||
  incident.locationPrecision === 'country';

function drawImage(size: number, paint: (ctx: CanvasRenderingContext2D, r: number) => void): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available');
  paint(ctx, size / 2);
  return ctx.getImageData(0, 0, size, size);
}

function circle(ctx: CanvasRenderingContext2D, r: number, radius: number) {
  ctx.beginPath();
  ctx.arc(r, r, radius, 0, Math.PI * 2);
}

/**
 * Draws revealed incidents as markers coloured by category (hollow where only the
 * area is known), the newest one haloed and older ones fading, the polygons of
 * places with a revealed incident, and journeys as great-circle arcs. Hover shows
 * the title; a click selects.
 */
export class IncidentLayers {
  readonly #map: MapLibreMap;
  readonly #options: IncidentLayerOptions;
  readonly #placeById: Map<string, Place>;
  readonly #popup = new Popup({ closeButton: false, closeOnClick: false, className: 'incident-tooltip' });
  #hovered: string | null = null;
  readonly #layerIds: string[] = [];
  readonly #imageIds: string[] = [];

  constructor(map: MapLibreMap, options: IncidentLayerOptions) {
    this.#map = map;
    this.#options = options;
    this.#placeById = new Map(options.places.map((p) => [p.id, p]));
    this.#addImages();
    this.#addLayers();
    map.on('mousemove', MARKER_LAYER, this.#onHover);
    map.on('mouseleave', MARKER_LAYER, this.#onLeave);
    map.on('click', MARKER_LAYER, this.#onClick);
  }

  #addImage(id: string, image: ImageData, options: { pixelRatio: number }): void {
    this.#map.addImage(id, image, options);
    this.#imageIds.push(id);
  }

  #addLayer(layer: LayerSpecification): void {
    this.#map.addLayer(layer);
    this.#layerIds.push(layer.id);
  }

  #addImages(): void {
    const opts = { pixelRatio: PIXEL_RATIO };
    for (const [category, color] of this.#options.colors) {
      this.#addImage(
        `marker-solid-${category}`,
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
        `marker-hollow-${category}`,
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
    this.#addLayer({
      id: 'incident-anchors',
      type: 'circle',
      source: SOURCE,
      filter: ['get', 'fanned'],
      paint: { 'circle-radius': 2.5, 'circle-color': '#333', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 },
    });
    const iconBase: SymbolLayerSpecification['layout'] = {
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'icon-offset': ['get', 'offset'],
      'symbol-sort-key': ['get', 'rank'],
    };
    this.#addLayer({
      id: 'incident-newest-halo',
      type: 'symbol',
      source: SOURCE,
      filter: ['get', 'newest'],
      layout: { ...iconBase, 'icon-image': 'marker-halo', 'icon-size': ['get', 'size'] },
    });
    this.#addLayer({
      id: 'incident-selected-ring',
      type: 'symbol',
      source: SOURCE,
      filter: ['get', 'selected'],
      layout: { ...iconBase, 'icon-image': 'marker-selected', 'icon-size': ['get', 'size'] },
    });
    this.#addLayer({
      id: MARKER_LAYER,
      type: 'symbol',
      source: SOURCE,
      layout: { ...iconBase, 'icon-image': ['get', 'image'], 'icon-size': ['get', 'size'] },
      paint: { 'icon-opacity': ['get', 'opacity'] },
    });
  }

  /** Takes the layers, sources, images and handlers off the map. */
  remove(): void {
    const map = this.#map;
    map.off('mousemove', MARKER_LAYER, this.#onHover);
    map.off('mouseleave', MARKER_LAYER, this.#onLeave);
    map.off('click', MARKER_LAYER, this.#onClick);
    this.#popup.remove();
    for (const layer of this.#layerIds) if (map.getLayer(layer)) map.removeLayer(layer);
    for (const source of [SOURCE, PLACES, JOURNEYS]) if (map.getSource(source)) map.removeSource(source);
    for (const image of this.#imageIds) if (map.hasImage(image)) map.removeImage(image);
  }

  render(view: IncidentLayerView): void {
    const { revealed, selected } = view;
    const newest = revealed.length - 1;
    const offsets = fanOffsets(revealed.map((i) => i.coordinates));
    const markers: Feature<Point>[] = revealed.map((incident, index) => {
      const age = newest - index;
      const isNewest = age === 0;
      const isSelected = incident.id === selected;
      const size = isNewest ? 1.35 : isSelected ? 1.2 : 1;
      const offset = offsets[index];
      return {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: incident.coordinates },
        properties: {
          id: incident.id,
          title: incident.title,
          image: `marker-${isVague(incident) ? 'hollow' : 'solid'}-${incident.category}`,
          size,
          // Older incidents recede but never vanish.
          opacity: isNewest || isSelected ? 1 : Math.max(0.45, 1 - age * 0.06),
          offset: [offset[0] / size, offset[1] / size],
          fanned: offset[0] !== 0 || offset[1] !== 0,
          newest: isNewest,
          selected: isSelected,
          rank: isSelected ? 1e9 : index,
        },
      };
    });
    (this.#map.getSource(SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features: markers });

    const selectedPlace = revealed.find((i) => i.id === selected)?.place;
    const placeIds = new Set(revealed.map((i) => i.place).filter((p): p is string => p !== undefined));
    const areas: Feature<Geometry>[] = [...placeIds]
      .map((id) => this.#placeById.get(id))
      .filter((p): p is Place => p !== undefined && p.geometry.type !== 'Point')
      .map((p) => ({
        type: 'Feature',
        geometry: p.geometry,
        properties: { id: p.id, selected: p.id === selectedPlace },
      }));
    (this.#map.getSource(PLACES) as GeoJSONSource).setData({ type: 'FeatureCollection', features: areas });

    const journeys: Feature<LineString>[] = [];
    for (const incident of revealed) {
      const from = incident.origin ? this.#placeById.get(incident.origin) : undefined;
      if (from?.geometry.type !== 'Point') continue;
      const arc = greatCircle(from.geometry.coordinates, incident.coordinates, { npoints: 64 });
      if (arc.geometry.type !== 'LineString') continue;
      journeys.push({
        type: 'Feature',
        geometry: arc.geometry,
        properties: {
          id: incident.id,
          color: this.#options.colors.get(incident.category) ?? '#444',
          opacity: incident.id === revealed[newest]?.id || incident.id === selected ? 1 : 0.55,
        },
      });
    }
    (this.#map.getSource(JOURNEYS) as GeoJSONSource).setData({ type: 'FeatureCollection', features: journeys });
  }

  #onHover = (event: MapLayerMouseEvent): void => {
    const feature = event.features?.[0];
    if (!feature) return;
    this.#map.getCanvas().style.cursor = 'pointer';
    const id = String(feature.properties.id);
    if (id === this.#hovered) return;
    this.#hovered = id;
    // Array properties come back from queries serialised as JSON.
    const raw: unknown = feature.properties.offset;
    const offset = (Array.isArray(raw) ? raw : JSON.parse(String(raw))) as [number, number];
    const size = Number(feature.properties.size);
    this.#popup
      .setLngLat((feature.geometry as Point).coordinates as [number, number])
      .setOffset([offset[0] * size, offset[1] * size - 10])
      .setText(String(feature.properties.title))
      .addTo(this.#map);
  };

  #onLeave = (): void => {
    this.#hovered = null;
    this.#map.getCanvas().style.cursor = '';
    this.#popup.remove();
  };

  #onClick = (event: MapLayerMouseEvent): void => {
    const feature = event.features?.[0];
    if (feature) this.#options.onSelect(String(feature.properties.id));
  };
}
