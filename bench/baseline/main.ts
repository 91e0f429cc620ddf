// The usual approach the benchmark compares against: every incident in a MapLibre
// GeoJSON source, the timeline applied with setFilter (which re-tiles the source).
import 'maplibre-gl/dist/maplibre-gl.css';
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { CATEGORIES, generateIncidents } from '../generate';

setWorkerUrl(workerUrl);
const count = Number(new URLSearchParams(location.search).get('n') ?? 1000);

declare global {
  interface Window {
    baseline: {
      ready: Promise<number>;
      map: MapLibreMap;
      setDay: (day: number) => void;
      /** Narrows to categories (indexes into CATEGORIES; empty: all) with the day kept. */
      setCategories: (categories: number[]) => void;
    };
  }
}

const started = performance.now();
const map = new MapLibreMap({
  container: 'map',
  style: {
    version: 8,
    sources: {},
    layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#efebe2' } }],
  },
  bounds: [60, 28, 76, 38],
});
const ready = new Promise<number>((resolve) => {
  map.on('load', () => {
    performance.mark('atlas-load-start');
    const rows = generateIncidents(count);
    map.addSource('incidents', {
      type: 'geojson',
      data: {
        type: 'FeatureCollection',
        features: rows.map((r) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
          properties: { day: r.day, category: r.category },
        })),
      },
    });
    map.addLayer({
      id: 'incidents',
      type: 'circle',
      source: 'incidents',
      paint: {
        'circle-radius': 5,
        'circle-color': [
          'match',
          ['get', 'category'],
          0,
          '#c53030',
          1,
          '#dd6b20',
          2,
          '#2b6cb0',
          3,
          '#2f855a',
          '#6b46c1',
        ],
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1,
      },
    });
    map.once('idle', () => resolve(performance.now() - started));
  });
});
void CATEGORIES;
let day = Number.POSITIVE_INFINITY;
let categories: number[] = [];
/** The usual way: one filter expression for the day and the categories, re-tiled on each change. */
const apply = () => {
  const byDay = ['<=', ['get', 'day'], day === Number.POSITIVE_INFINITY ? 1e9 : day];
  map.setFilter(
    'incidents',
    (categories.length > 0 ? ['all', byDay, ['in', ['get', 'category'], ['literal', categories]]] : byDay) as never,
  );
};
window.baseline = {
  ready,
  map,
  setDay: (d) => {
    day = d;
    apply();
  },
  setCategories: (c) => {
    categories = c;
    apply();
  },
};
