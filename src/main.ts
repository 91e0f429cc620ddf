import 'maplibre-gl/dist/maplibre-gl.css';
import './ui/styles.css';
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import defaultIncidentsUrl from '../geojson/incidents.geojson?url';
import defaultPlacesUrl from '../geojson/places.geojson?url';
import type { DatasetReport } from './data/types';
import { readDataset } from './data/validate';
import { Explorer } from './explorer';
import { basemapStyle, GEONAMES, NATURAL_EARTH, NOTO, OPENSTREETMAP } from './map/basemap-style';
import { Messages } from './ui/messages';

/** `window.explorer`: exists as soon as the page's script runs; `ready` resolves once the map shows the data. */
export type ExplorerApi = Pick<
  Explorer,
  'map' | 'ready' | 'getState' | 'revealedIds' | 'setDate' | 'select' | 'next' | 'prev' | 'play' | 'pause' | 'on'
>;

declare global {
  interface Window {
    explorer: ExplorerApi;
  }
}

let instance: Explorer | null = null;
let settle: { resolve: () => void; reject: (error: unknown) => void } | null = null;
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
};

setWorkerUrl(workerUrl);

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  return response.json();
}

/** The dataset named by ?data=, or the embedded one; a bad ?data= falls back with a message. */
async function loadDataset(params: URLSearchParams, messages: Messages): Promise<DatasetReport> {
  const dataUrl = params.get('data');
  const places = await fetchJson(defaultPlacesUrl);
  if (dataUrl) {
    try {
      const report = readDataset(await fetchJson(new URL(dataUrl, location.href).href), places);
      if (report.dataset.incidents.length > 0) return report;
      messages.show(`No incident in ${dataUrl} could be read; showing the embedded dataset instead.`);
    } catch (error) {
      messages.show(`Could not open ${dataUrl} (${(error as Error).message}); showing the embedded dataset instead.`);
    }
  }
  return readDataset(await fetchJson(defaultIncidentsUrl), places);
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const messages = new Messages();
  document.body.append(messages.element);
  if (params.get('embed') === '1') document.body.classList.add('embed');

  const report = await loadDataset(params, messages);
  const skipped = report.problems.filter((p) => p.skipped).length;
  if (skipped > 0)
    messages.show(`${skipped} feature${skipped > 1 ? 's' : ''} could not be loaded; the rest are shown.`);
  const datasetName = document.querySelector('.dataset-name');
  if (datasetName) datasetName.textContent = report.dataset.name;

  const styleUrl = params.get('style');
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const base = new URL(import.meta.env.BASE_URL, location.href).href;
  const explorer = new Explorer(
    {
      map: document.getElementById('map') as HTMLElement,
      timeline: document.getElementById('timeline') as HTMLElement,
      panel: document.getElementById('panel') as HTMLElement,
      messages,
    },
    {
      dataset: report.dataset,
      style: styleUrl
        ? new URL(styleUrl, location.href).href
        : { ...basemapStyle(base), ...(reducedMotion ? { transition: { duration: 0, delay: 0 } } : {}) },
      attribution: styleUrl ? [GEONAMES] : [NATURAL_EARTH, OPENSTREETMAP, GEONAMES, NOTO],
      reducedMotion,
    },
  );
  instance = explorer;
  await explorer.ready;
  document.body.dataset.ready = 'true';
  settle?.resolve();
}

main().catch((error: unknown) => {
  console.error(error);
  settle?.reject(error);
  const box = document.createElement('p');
  box.className = 'fatal';
  box.textContent = `Incident Atlas could not start: ${(error as Error).message ?? String(error)}`;
  document.body.prepend(box);
});
