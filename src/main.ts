import 'maplibre-gl/dist/maplibre-gl.css';
import './ui/styles.css';
import './ui/fonts.css';
import './ui/a11y.css';
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import defaultIncidentsUrl from '../geojson/incidents.geojson?url';
import defaultPlacesUrl from '../geojson/places.geojson?url';
import { openBundleLink } from './app/bundle-view';
import { citeContent } from './app/cite-view';
import { bridgeToHost } from './app/embed-bridge';
import { Explorer } from './app/explorer';
import { openInLanguage, reopenInLanguage } from './app/language';
import { chooseStyle, readLink } from './app/link-sources';
import { installOffline } from './app/offline';
import type { PublicApi } from './app/public-api';
import { addImageItem, imageOfView } from './app/view-image';
import { readBatches } from './data/export/batches';
import { EXPORT_FORMATS, exportChunks } from './data/export/stream';
import { cut, SHOWN_CHARS } from './data/text/quote';
import { t } from './i18n/page-language';
import { BASEMAP_WATER, basemapStyle, credits } from './map/basemap-style';
import { rendererChoice } from './map/software';
import type { StyleChoice } from './map/start-up';
import { HostConsent } from './net/consent';
import { requestGuard } from './net/guard';
import { openCiteDialog } from './ui/cite-dialog';
import { DataControls } from './ui/data-controls';
import { type DataSource, DatasetOpener } from './ui/dataset-opener';
import { nextTask } from './ui/dom';
import { bindFileDrop } from './ui/drop-zone';
import { openEmbedDialog } from './ui/embed-dialog';
import { languageMenu } from './ui/language-menu';
import { MenuButton } from './ui/menu-button';
import { Messages } from './ui/messages';

/** `window.explorer`: exists as soon as the page's script runs; `ready` resolves once the map shows the data. */
export type ExplorerApi = Pick<Explorer, 'map' | 'renderer' | 'ready'> &
  Pick<
    PublicApi,
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
    | 'setAxis'
    | 'histogram'
    | 'incident'
    | 'story'
    | 'goToStep'
  > & {
    /** The view as a PNG, as Share → Save image saves it (docs/sharing.md, "Image"). */
    exportImage: () => Promise<Blob>;
    /** The dataset's fingerprint (`ds=` in links, docs/sharing.md), or null when it has none. */
    fingerprint(): string | null;
  };

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
  get renderer() {
    return live().renderer;
  },
  getState: () => live().api.getState(),
  revealedIds: () => live().api.revealedIds(),
  setDate: (date) => live().api.setDate(date),
  select: (id) => live().api.select(id),
  next: () => live().api.next(),
  prev: () => live().api.prev(),
  play: () => live().api.play(),
  pause: () => live().api.pause(),
  on: (event, callback) => live().api.on(event, callback),
  markerPosition: (id) => live().api.markerPosition(id),
  incidentAt: (x, y) => live().api.incidentAt(x, y),
  shownIds: () => live().api.shownIds(),
  setFilter: (filter) => live().api.setFilter(filter),
  setTimeView: (view) => live().api.setTimeView(view),
  setTimeSpan: (span) => live().api.setTimeSpan(span),
  setAxis: (axis) => live().api.setAxis(axis),
  histogram: () => live().api.histogram(),
  incident: (id) => live().api.incident(id),
  exportImage: () => imageOfView(live(), { title: datasetTitle }),
  fingerprint: () => live().dataset.fingerprint ?? null,
  story: () => live().api.story(),
  goToStep: (n) => live().api.goToStep(n),
};

setWorkerUrl(workerUrl);

/** The embedded dataset's own name, as its file gives it: shown in the page's language. */
const EMBEDDED_NAME = 'Pakistan–Afghanistan, Sept–Dec 2024';

/** The words of index.html the page's language replaces (the HTML keeps English for a page without script). */
function translateStatic(): void {
  document.getElementById('map')?.setAttribute('aria-label', t('app.mapLabel'));
  document.getElementById('panel')?.setAttribute('aria-label', t('app.panelLabel'));
}

/** The dataset's name as the page shows it: the embedded one's in the page's language. */
const datasetTitle = (name: string) => (name === EMBEDDED_NAME ? t('app.embeddedName') : cut(name, SHOWN_CHARS.name));

const fileSlug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'incidents';

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  // Everything the page says is worded once, in the language chosen here.
  const { translator, notice } = openInLanguage(params);
  const messages = new Messages();
  document.body.append(messages.element);
  if (notice) messages.show(notice, 'info');
  translateStatic();
  if (params.get('embed') === '1') document.body.classList.add('embed');
  // A host page's commands are taken from the start, and run once the app is ready (docs/embed.md).
  bridgeToHost(window.explorer, params);
  const datasetName = document.querySelector('.dataset-name') as HTMLElement;
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const base = new URL(import.meta.env.BASE_URL, location.href).href;
  const mapElement = document.getElementById('map') as HTMLElement;

  // The page is busy from here: a file opened or dropped now cancels the first load, not the other way round.
  let resolveExplorer: (explorer: Explorer) => void = () => {};
  const made = new Promise<Explorer>((resolve) => {
    resolveExplorer = resolve;
  });
  // The header is complete before the map is made, so the map is not resized when it fills in.
  const controls = new DataControls({
    onOpenFile: (file) => void opener.open({ file }, false),
    onExport: (format) => {
      if (!instance) return;
      const dataset = instance.dataset;
      const meta = { name: dataset.name, attribution: dataset.attribution };
      // What is on screen: revealed, kept by the filter, in the window; read in full a batch at a time.
      const indexes = instance.api.shownIndexes();
      const { label, extension, type } = EXPORT_FORMATS[format];
      controls
        .save({
          filename: `${fileSlug(dataset.name)}.${extension}`,
          type,
          label,
          count: indexes.length,
          chunks: (onBatch) => exportChunks(format, meta, readBatches(dataset.incidents, indexes, { onBatch })),
        })
        .catch((error: unknown) =>
          messages.show(
            t('app.exportFailed', { format: label, error: error instanceof Error ? error.message : String(error) }),
          ),
        );
    },
  });
  let shownFromLink = true;
  const header = document.querySelector('.app-header');
  // Embed, cite and image export each add an item to the Share menu.
  const share = new MenuButton({ id: 'share-menu', label: t('share.button'), buttonClass: 'share-button' });
  share.add(
    t('embed.menuItem'),
    () => openEmbedDialog({ href: location.href, datasetName: datasetName.textContent ?? '' }),
    { name: 'embed' },
  );
  addImageItem(share, { explorer: () => instance, naming: { title: datasetTitle, slug: fileSlug }, messages });
  header?.append(
    languageMenu({ translator, reopen: reopenInLanguage, losesDataset: () => !shownFromLink }).element,
    controls.element,
    share.element,
  );
  share.add(
    t('cite.menuItem'),
    () => {
      if (!instance) return;
      const { name } = instance.dataset;
      const embedded = name === EMBEDDED_NAME;
      const content = citeContent(instance, {
        title: embedded ? t('app.embeddedName') : name,
        embedded,
        fromFile: !shownFromLink,
      });
      openCiteDialog(content, () => share.button.focus());
    },
    { name: 'cite' },
  );
  const embedded: DataSource = {
    url: new URL(defaultIncidentsUrl, location.href).href,
    name: t('app.embeddedName'),
  };
  let showsBundle = false;
  const opener = new DatasetOpener({
    fallback: embedded,
    controls,
    messages,
    placesUrl: new URL(defaultPlacesUrl, location.href).href,
    show: async (dataset, fromLink, bundle) => {
      const explorer = await made;
      await explorer.setDataset(dataset, { fromLink, outline: bundle?.outline });
      showsBundle = bundle !== undefined;
      shownFromLink = fromLink;
      bundle?.follow(explorer, mapElement, messages);
      const name = dataset.name === EMBEDDED_NAME ? t('app.embeddedName') : dataset.name;
      datasetName.textContent = cut(name, SHOWN_CHARS.name);
    },
    // A link to a bundle's manifest.json: its rows are fetched for the days shown (docs/scale-out.md).
    openBundle: (url, signal, progress) => openBundleLink(url, { signal, onProgress: progress }),
    // A bundle is on screen even while the days shown hold no rows, or only its histogram.
    hasDataset: () => showsBundle || (instance?.dataset.incidents.length ?? 0) > 0,
    busy: (busy) => {
      if (busy) document.body.dataset.loading = 'true';
      else delete document.body.dataset.loading;
      if (instance) instance.renderer.calm = busy;
    },
  });
  bindFileDrop(mapElement, (file) => void opener.open({ file }, false));

  // Nothing is fetched from another host before the reader says so.
  const link = { consent: new HostConsent(sessionStore()), messages, origin: location.origin };
  const { data: linked, styleUrl } = await readLink(params, link);
  // The first dataset is read while the map is made, so its worker does not wait for the page's start-up.
  // A link whose data fails or is cancelled leaves the embedded dataset (the opener's fallback); a
  // failed ?data= stays in the address, so reloading tries it again.
  void opener.open(linked ?? embedded, true);
  const embeddedStyle: StyleChoice = {
    style: { ...basemapStyle(base), ...(reducedMotion ? { transition: { duration: 0, delay: 0 } } : {}) },
    attribution: [credits.naturalEarth(), credits.openStreetMap(), credits.geoNames(), credits.fonts()],
  };
  const { chosen, custom } = await chooseStyle(styleUrl, embeddedStyle, link);
  // The map is made, and the load followed, in tasks of their own: none holds the page long.
  await nextTask();

  const refusedHosts = new Set<string>();
  const explorer = new Explorer(
    {
      map: mapElement,
      timeline: document.getElementById('timeline') as HTMLElement,
      panel: document.getElementById('panel') as HTMLElement,
      messages,
    },
    {
      style: chosen,
      fallbackStyle: custom ? embeddedStyle : null,
      transformRequest: requestGuard(link.consent, location.origin, (host) => {
        if (refusedHosts.has(host)) return;
        refusedHosts.add(host);
        messages.show(t('app.hostRefused', { host }), 'info');
      }),
      onFallback: (reason) => {
        instance?.renderer.showWater(BASEMAP_WATER);
        messages.show(t('app.styleFallback', { reason }));
      },
      reducedMotion,
      renderer: rendererChoice(params),
    },
  );
  instance = explorer;
  // The embedded basemap has no water layer (see BASEMAP_WATER).
  if (!custom) explorer.renderer.showWater(BASEMAP_WATER);
  if (opener.loading) explorer.renderer.calm = true;
  resolveExplorer(explorer);
  explorer.ready.then(
    () => {
      document.body.dataset.ready = 'true';
      settle?.resolve();
    },
    (error) => settle?.reject(error),
  );
  // An embed is part of another site's page: it is not installed (docs/offline.md).
  const install = () => (params.get('embed') === '1' ? undefined : installOffline(messages));
  explorer.ready.then(install, install);
}

/** sessionStorage, or null where the browser refuses it (some private modes, sandboxed frames). */
function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  settle?.reject(error);
  const box = document.createElement('p');
  box.className = 'fatal';
  box.textContent = t('app.startFailed', { error: (error as Error).message ?? String(error) });
  document.body.prepend(box);
});
