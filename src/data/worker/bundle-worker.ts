/// <reference lib="webworker" />
// Reads a bundle (docs/scale-out.md) off the main thread: its manifest, then the rows of the days the
// page shows, fetched by HTTP Range and decoded here (decoding is the slow part), packed for the page.
// Row groups and footers read are kept (row-cache.ts), so a window moved over days already read
// fetches only what it did not hold. For the rows of each read it answers for the long text of a few
// (their row group, those columns only) and searches their titles.

import { MAP_COLUMNS, parseManifest } from '../bundle/manifest';
import { type BundleNames, bundleNames, type MapColumnArrays, packBundleRows } from '../bundle/pack-rows';
import { type OpenBundle, readDays, readRows } from '../bundle/read';
import { RowGroupCache } from '../bundle/row-cache';
import { Fingerprinter } from '../fingerprint';
import { transferablesOf } from '../pack/transfer';
import { foldForSearch } from '../search/fold';
import { scanLines, searchWords } from '../search/scan';
import { DataError, errorText, say } from '../text/messages';
import type { Source } from '../types';
import type { BundleReply, BundleRequest, BundleText } from './bundle-protocol';
import { fetchWithin, readTextWithin } from './stall';

declare const self: DedicatedWorkerGlobalScope;

/** A manifest larger than this is refused: 20 million rows over three years made one of 187 kB. */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
/** A Range request that has not finished after this long is given up. */
const REQUEST_MS = 60_000;
/** Reads whose rows are kept for their text and searches: the one shown and a few just replaced. */
const KEPT_READS = 4;
/** The columns read when an incident is selected. */
const TEXT_COLUMNS = ['place', 'actors', 'summary', 'sources'] as const;
/** Codecs hyparquet decompresses by itself. */
const READABLE = new Set(['SNAPPY', 'UNCOMPRESSED']);

let bundle: OpenBundle | null = null;
let names: BundleNames | null = null;
const cache = new RowGroupCache();
/** The long text's row groups: few, as each holds every row's summary. */
const textCache = new RowGroupCache({ maxRows: 50_000 });
const running = new Map<number, AbortController>();
interface KeptRead {
  origin: { file: Uint32Array; row: Uint32Array };
  titles: string[];
  lines: { count: number; text: string; offsets: Uint32Array } | null;
}
const reads = new Map<number, KeptRead>();

const post = (message: BundleReply, transfer: Transferable[] = []) => self.postMessage(message, transfer);

/**
 * fetch for the bundle's files: no Referer, no cookies, no redirect followed (it could lead to a
 * host the reader was not asked about), and no request left waiting for ever.
 */
async function bundleFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const timeout = AbortSignal.timeout(REQUEST_MS);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const response = await fetch(url, {
    ...init,
    signal,
    redirect: 'manual',
    referrerPolicy: 'no-referrer',
    credentials: 'same-origin',
  });
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new Error(`${url}: the server sends it on to another address, which the page does not follow`);
  }
  return response;
}

self.onmessage = async (event: MessageEvent<BundleRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'open':
      try {
        await open(request.url);
      } catch (error) {
        const text = error instanceof DataError && error.text ? { text: error.text } : {};
        post({ type: 'failed', id: null, message: (error as Error).message || String(error), ...text });
      }
      return;
    case 'rows':
      await rows(request);
      return;
    case 'cancel':
      running.get(request.id)?.abort('cancelled');
      return;
    case 'read':
    case 'search':
      try {
        const kept = reads.get(request.rows);
        if (!kept || !bundle) throw new Error('those incidents are no longer shown');
        if (request.type === 'read') post({ type: 'texts', id: request.id, texts: await texts(kept, request.ranks) });
        else {
          const mask = search(kept, request.q);
          post({ type: 'found', id: request.id, mask }, mask ? [mask.buffer] : []);
        }
      } catch (error) {
        post({ type: 'failed', id: request.id, message: (error as Error).message || String(error) });
      }
      return;
    case 'forget':
      reads.delete(request.rows);
      return;
  }
};

async function open(url: string): Promise<void> {
  let response: Response;
  try {
    response = await fetchWithin(url);
  } catch (error) {
    throw new DataError(say('data.bundle.notFetched', { why: errorText(error) }));
  }
  if (!response.ok) throw new DataError(say('data.bundle.status', { status: String(response.status) }));
  let text: string;
  // A bundle's fingerprint is its manifest's: it names every row file with its size and the dataset's extent.
  const fingerprinter = new Fingerprinter();
  try {
    text = await readTextWithin(response, MAX_MANIFEST_BYTES, undefined, undefined, (bytes) =>
      fingerprinter.update(bytes),
    );
  } catch (error) {
    throw new DataError(say('data.bundle.unreadable', { why: errorText(error) }));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DataError(say('data.bundle.notJson'));
  }
  const manifest = parseManifest(json);
  if (!READABLE.has(manifest.compression.toUpperCase())) {
    throw new DataError(say('data.bundle.compression', { codec: manifest.compression }));
  }
  bundle = { url: response.url || url, manifest };
  names = bundleNames(manifest);
  cache.clear();
  textCache.clear();
  post({ type: 'opened', url: bundle.url, manifest, fingerprint: fingerprinter.fingerprint() });
}

async function rows(request: Extract<BundleRequest, { type: 'rows' }>): Promise<void> {
  const { id, from, to } = request;
  const controller = new AbortController();
  running.set(id, controller);
  try {
    if (!bundle || !names) throw new Error('No bundle is open.');
    const read = await readDays(bundle, from, to, {
      columns: MAP_COLUMNS,
      match: 'overlap',
      fetch: bundleFetch,
      signal: controller.signal,
      cache,
      origin: true,
    });
    const { manifest } = bundle;
    const dataset = packBundleRows(read.columns as MapColumnArrays, names, {
      name: manifest.name,
      attribution: manifest.attribution,
    });
    reads.set(id, { origin: read.origin as KeptRead['origin'], titles: read.columns.title ?? [], lines: null });
    for (const old of reads.keys()) if (reads.size > KEPT_READS) reads.delete(old);
    const fetched = { ...read.fetched, groups: read.groups.fetched, held: read.groups.held };
    post({ type: 'rows', id, from, to, dataset, fetched }, transferablesOf(dataset));
  } catch (error) {
    const cancelled = controller.signal.aborted && controller.signal.reason === 'cancelled';
    post({ type: 'failed', id, message: (error as Error).message || String(error), cancelled });
  } finally {
    running.delete(id);
  }
}

/** Text reads one after another: the card and the details ask for the same incident at once, and one fetch serves both. */
let textsQueue: Promise<unknown> = Promise.resolve();

function texts(kept: KeptRead, ranks: readonly number[]): Promise<BundleText[]> {
  const read = textsQueue.then(() => readTexts(kept, ranks));
  textsQueue = read.catch(() => {});
  return read;
}

/** The summary, sources, actors and place of the rows at `ranks`: their row groups only, those columns only. */
async function readTexts(kept: KeptRead, ranks: readonly number[]): Promise<BundleText[]> {
  const open = bundle as OpenBundle;
  const byFile = new Map<number, number[]>();
  for (const rank of ranks) {
    if (!(Number.isInteger(rank) && rank >= 0 && rank < kept.origin.file.length))
      throw new Error(`no incident ${rank}`);
    const file = kept.origin.file[rank];
    const rows = byFile.get(file);
    if (rows) rows.push(kept.origin.row[rank]);
    else byFile.set(file, [kept.origin.row[rank]]);
  }
  const found = new Map<string, Record<string, string>>();
  for (const [file, rowsInFile] of byFile) {
    const footer = cache.footer(file);
    if (footer && !textCache.footer(file)) textCache.putFooter(file, footer);
    const records = await readRows(open, file, rowsInFile, TEXT_COLUMNS, { fetch: bundleFetch, cache: textCache });
    rowsInFile.forEach((row, k) => {
      found.set(`${file}/${row}`, records[k]);
    });
  }
  return ranks.map((rank) => {
    const record = found.get(`${kept.origin.file[rank]}/${kept.origin.row[rank]}`) ?? {};
    return {
      summary: record.summary ?? '',
      sources: parseSources(record.sources ?? ''),
      actors: (record.actors ?? '')
        .split(';')
        .map((actor) => actor.trim())
        .filter((actor) => actor !== ''),
      ...(record.place ? { place: record.place } : {}),
    };
  });
}

/** The `sources` cell (JSON, see docs/scale-out.md) as the app's sources; what is not one is left out. */
function parseSources(cell: string): Source[] {
  if (cell === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(cell);
  } catch {
    return [];
  }
  if (!Array.isArray(json)) return [];
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return json.slice(0, 200).flatMap((entry): Source[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const o = entry as Record<string, unknown>;
    const title = text(o.title) ?? text(o.url);
    if (!title) return [];
    const source: Source = { title, publisher: text(o.publisher) ?? '' };
    for (const key of ['author', 'url', 'published'] as const) {
      const value = text(o[key]);
      if (value) source[key] = value;
    }
    return [source];
  });
}

/** 1 where the title of the row at each rank holds every word of `q`; null for no words. */
function search(kept: KeptRead, q: string): Uint8Array | null {
  const words = searchWords(q);
  if (words.length === 0) return null;
  if (!kept.lines) {
    const count = kept.titles.length;
    const offsets = new Uint32Array(count + 1);
    const lines: string[] = new Array(count);
    for (let i = 0; i < count; i++) {
      lines[i] = `${foldForSearch(kept.titles[i])}\n`;
      offsets[i + 1] = offsets[i] + lines[i].length;
    }
    kept.lines = { count, text: lines.join(''), offsets };
  }
  return scanLines(kept.lines, words);
}
