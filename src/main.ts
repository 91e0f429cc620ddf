import 'maplibre-gl/dist/maplibre-gl.css';
import './ui/styles.css';
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import defaultIncidentsUrl from '../geojson/incidents.geojson?url';
import defaultPlacesUrl from '../geojson/places.geojson?url';
import { DatasetLoadError, type LoadedDataset, loadDataset } from './data/dataset-loader';
import { toAtlasCSV, toAtlasGeoJSON } from './data/export';
import { describeProblem } from './data/validate';
import { Explorer } from './explorer';
import { BASEMAP_WATER, basemapStyle, GEONAMES, NATURAL_EARTH, NOTO, OPENSTREETMAP } from './map/basemap-style';
import { chooseColumns } from './ui/column-dialog';
import { DataControls } from './ui/data-controls';
import { nextTask } from './ui/dom';
import { bindFileDrop, downloadText } from './ui/drop-zone';
import { Messages } from './ui/messages';

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
  markerPosition: (id) => live().markerPosition(id),
  incidentAt: (x, y) => live().incidentAt(x, y),
  shownIds: () => live().shownIds(),
  setFilter: (filter) => live().setFilter(filter),
  setTimeView: (view) => live().setTimeView(view),
  setTimeSpan: (span) => live().setTimeSpan(span),
  histogram: () => live().histogram(),
};

setWorkerUrl(workerUrl);

const fileSlug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'incidents';

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const messages = new Messages();
  document.body.append(messages.element);
  if (params.get('embed') === '1') document.body.classList.add('embed');
  const datasetName = document.querySelector('.dataset-name') as HTMLElement;

  const styleUrl = params.get('style');
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const base = new URL(import.meta.env.BASE_URL, location.href).href;
  const mapElement = document.getElementById('map') as HTMLElement;
  // The basemap's water is the page behind the map's canvas, not a layer of its style.
  if (!styleUrl) mapElement.style.backgroundColor = BASEMAP_WATER;
  // The header is complete before the map is made, so the map is not resized when it fills in.
  const controls = new DataControls({
    onOpenFile: (file) => void open({ file }, false),
    onExport: (format) => {
      const dataset = explorer.dataset;
      // What is on screen: revealed, kept by the filter, in the window.
      const revealed = explorer.shownIncidents();
      const meta = { name: dataset.name, attribution: dataset.attribution };
      const slug = fileSlug(dataset.name);
      if (format === 'geojson') {
        downloadText(
          `${JSON.stringify(toAtlasGeoJSON(revealed, meta), null, 1)}\n`,
          `${slug}.geojson`,
          'application/geo+json',
        );
      } else {
        downloadText(toAtlasCSV(revealed, meta), `${slug}.csv`, 'text/csv');
      }
    },
  });
  document.querySelector('.app-header')?.append(controls.element);

  const PHASES = { reading: 'Reading', parsing: 'Parsing', checking: 'Checking', indexing: 'Indexing' } as const;
  const placesUrl = new URL(defaultPlacesUrl, location.href).href;
  const embedded = {
    url: new URL(defaultIncidentsUrl, location.href).href,
    name: 'Pakistan–Afghanistan, Sept–Dec 2024',
  };
  const dataUrl = params.get('data');
  const linked = dataUrl ? { url: new URL(dataUrl, location.href).href, name: dataUrl } : null;
  /** Starts reading a dataset in the worker (see open). */
  const load = (source: { url: string; name: string } | { file: File }) => {
    const name = 'file' in source ? source.file.name : source.name;
    return loadDataset(source, placesUrl, {
      onProgress: (fraction, phase) => controls.progress(fraction, `${PHASES[phase]} ${name}`),
      chooseColumns,
    });
  };
  // The first dataset is read while the map is made, so its worker does not wait for the page's start-up.
  const firstLoad = load(linked ?? embedded);
  // The map is made, and the load followed, in tasks of their own: none holds the page long.
  await nextTask();

  const explorer = new Explorer(
    {
      map: mapElement,
      timeline: document.getElementById('timeline') as HTMLElement,
      panel: document.getElementById('panel') as HTMLElement,
      messages,
    },
    {
      style: styleUrl
        ? new URL(styleUrl, location.href).href
        : { ...basemapStyle(base), ...(reducedMotion ? { transition: { duration: 0, delay: 0 } } : {}) },
      attribution: styleUrl ? [GEONAMES] : [NATURAL_EARTH, OPENSTREETMAP, GEONAMES, NOTO],
      reducedMotion,
    },
  );
  instance = explorer;
  explorer.ready.then(
    () => {
      document.body.dataset.ready = 'true';
      settle?.resolve();
    },
    (error) => settle?.reject(error),
  );

  let busy = false;
  bindFileDrop(mapElement, (file) => void open({ file }, false));

  /**
   * Opens a dataset from a URL or a file in the worker (or takes the load
   * `started` of it). On success it replaces the one on screen; on failure a
   * message says why and the current dataset stays.
   */
  async function open(
    source: { url: string; name: string } | { file: File },
    fromLink: boolean,
    recordSource = true,
    started?: Promise<LoadedDataset>,
  ): Promise<boolean> {
    if (busy) {
      messages.show('A dataset is still loading; try again when it has finished.');
      return false;
    }
    busy = true;
    // Benchmarks measure the main thread from here: the dataset loading, not the page starting.
    performance.mark('atlas-load-start');
    document.body.dataset.loading = 'true';
    const name = 'file' in source ? source.file.name : source.name;
    // A load already under way has shown its progress since it started.
    if (!started) controls.progress(null, `Opening ${name}`);
    explorer.map.calm = true;
    try {
      const loaded = await (started ?? load(source));
      const { dataset, problems } = loaded;
      if (dataset.incidents.count === 0) {
        const first = problems[0];
        messages.show(
          `No incident in ${name} could be read${first ? ` (${describeProblem(first)})` : ''}.${explorer.dataset.incidents.length ? ' The dataset on screen stays.' : ''}`,
        );
        return false;
      }
      if (dataset.name === 'Incidents') dataset.name = name;
      controls.progress(null, `Drawing ${name}`);
      // Still calm: setDataset lifts it once the markers' data is on the GPU.
      await explorer.setDataset(dataset, { fromLink });
      datasetName.textContent = dataset.name;
      const skipped = problems.filter((p) => p.skipped).length;
      controls.summarise({
        name,
        loaded: dataset.incidents.count,
        problems,
        how: loaded.layout ? `${loaded.format}, ${loaded.layout}` : loaded.format,
      });
      if (skipped > 0) {
        messages.show(
          `${skipped} ${loaded.format === 'CSV' ? 'row' : 'feature'}${skipped > 1 ? 's' : ''} could not be loaded; the rest are shown. See Details.`,
        );
      }
      // The address records where the data came from when it came from a URL.
      if (!recordSource) return true;
      const search = new URLSearchParams(location.search);
      if ('url' in source && source.url !== embedded.url) search.set('data', source.name);
      else search.delete('data');
      const query = search.toString();
      history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
      return true;
    } catch (error) {
      const reason =
        error instanceof DatasetLoadError ? error.message : `Something went wrong: ${(error as Error).message}`;
      messages.show(`${reason}${explorer.dataset.incidents.length ? ' The dataset on screen stays.' : ''}`);
      return false;
    } finally {
      explorer.map.calm = false;
      busy = false;
      delete document.body.dataset.loading;
      controls.done();
    }
  }

  await nextTask();
  const opened = await open(linked ?? embedded, true, true, firstLoad);
  if (!opened && linked) {
    // A failed ?data= stays in the address, so reloading tries it again; the link's view still applies.
    messages.show('Showing the embedded dataset instead.');
    await open(embedded, true, false);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  settle?.reject(error);
  const box = document.createElement('p');
  box.className = 'fatal';
  box.textContent = `Incident Atlas could not start: ${(error as Error).message ?? String(error)}`;
  document.body.prepend(box);
});
