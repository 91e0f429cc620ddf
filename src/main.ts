// The page's entry, kept small: it makes `window.explorer` and starts reading the
// first dataset in its worker at once, then fetches and starts the app (app.ts,
// most of it the map library). The worker no longer waits for all of that to be
// fetched and run: at a million rows it starts reading a few hundred ms sooner.
import 'maplibre-gl/dist/maplibre-gl.css';
import './ui/styles.css';
import defaultIncidentsUrl from '../geojson/incidents.geojson?url';
import defaultPlacesUrl from '../geojson/places.geojson?url';
import { LoadRelay, loadDataset } from './data/dataset-loader';
import type { Explorer } from './explorer';

/** `window.explorer`: exists as soon as the page's script runs; `ready` resolves once the map shows the data. */
export type ExplorerApi = Pick<
  Explorer,
  | 'map'
  | 'ready'
  | 'getState'
  | 'revealedIds'
  | 'setDate'
  | 'select'
  | 'next'
  | 'prev'
  | 'play'
  | 'pause'
  | 'on'
  | 'markerPosition'
  | 'incidentAt'
  | 'shownIds'
  | 'setFilter'
  | 'setTimeView'
  | 'setTimeSpan'
  | 'histogram'
>;

declare global {
  interface Window {
    explorer: ExplorerApi;
  }
}

let instance: Explorer | null = null;
let settle: { resolve: () => void; reject: (error: unknown) => void } = { resolve: () => {}, reject: () => {} };
const ready = new Promise<void>((resolve, reject) => {
  settle = { resolve, reject };
});
function live(): Explorer {
  if (!instance) throw new Error('The explorer is still loading; await window.explorer.ready first');
  return instance;
}
window.explorer = {
  ready,
  get map() {
    return live().map;
  },
  getState: () => live().getState(),
  revealedIds: () => live().revealedIds(),
  setDate: (date) => live().setDate(date),
  select: (id) => live().select(id),
  next: () => live().next(),
  prev: () => live().prev(),
  play: () => live().play(),
  pause: () => live().pause(),
  on: (event, callback) => live().on(event, callback),
  markerPosition: (id) => live().markerPosition(id),
  incidentAt: (x, y) => live().incidentAt(x, y),
  shownIds: () => live().shownIds(),
  setFilter: (filter) => live().setFilter(filter),
  setTimeView: (view) => live().setTimeView(view),
  setTimeSpan: (span) => live().setTimeSpan(span),
  histogram: () => live().histogram(),
};

const params = new URLSearchParams(location.search);
const placesUrl = new URL(defaultPlacesUrl, location.href).href;
const embedded = {
  url: new URL(defaultIncidentsUrl, location.href).href,
  name: 'Pakistan–Afghanistan, Sept–Dec 2024',
};
const dataUrl = params.get('data');
const linked = dataUrl ? { url: new URL(dataUrl, location.href).href, name: dataUrl } : null;
const relay = new LoadRelay();
const firstLoad = loadDataset(linked ?? embedded, placesUrl, relay.callbacks);
// The app reports a failed load once it has started; until then the rejection waits for it.
firstLoad.catch(() => {});

import('./app')
  .then(({ start }) =>
    start({
      params,
      placesUrl,
      embedded,
      linked,
      firstLoad,
      relay,
      setExplorer: (explorer) => {
        instance = explorer;
      },
      settle,
    }),
  )
  .catch((error: unknown) => {
    console.error(error);
    settle.reject(error);
    const box = document.createElement('p');
    box.className = 'fatal';
    box.textContent = `Incident Atlas could not start: ${(error as Error).message ?? String(error)}`;
    document.body.prepend(box);
  });
