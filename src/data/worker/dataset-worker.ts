/// <reference lib="webworker" />
// Reads a dataset off the main thread: fetches or reads the file (open-source.ts),
// works out its format, streams it (a GeoJSON a feature at a time; a table here,
// table-stream.ts, or on two table workers, parallel-table.ts; a Parquet file by
// random access, parquet-load.ts) with progress and the memory check, and hands
// the page its typed columns (replies.ts). It then answers the page's requests
// for long text and searches.

import { Fingerprinter } from '../fingerprint';
import { GeoJSONPacker } from '../import/geojson-pack';
import { isParquetSource } from '../import/parquet/read-parquet';
import { isParquet, sniffFormat } from '../import/sniff';
import { memoryBudget, memoryRefusalText } from '../pack/memory-budget';
import type { ByteSource } from '../store/byte-source';
import { DataError, type DataText, say } from '../text/messages';
import type { Place } from '../types';
import { megabytesOf, openSource, PARALLEL_BYTES, placesFrom } from './open-source';
import { ParallelTable } from './parallel-table';
import { finishParquetTable, forgetPendingParquet, openParquet, parquetWaits } from './parquet-load';
import type { WorkerReply, WorkerRequest } from './protocol';
import { kept, PROGRESS_EVERY_MS, post, postFailure, send } from './replies';
import { STALL_MS, StalledError, within } from './stall';
import { finishTable, forgetPendingTable, TableStream } from './table-stream';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'read' || request.type === 'search') {
    answer(request);
    return;
  }
  try {
    if (request.type === 'open') await open(request);
    else if (request.type === 'mapping') {
      if (parquetWaits()) await finishParquetTable(request.mapping);
      else finishTable(request.mapping);
    }
  } catch (error) {
    const text = error instanceof DataError && error.text ? { text: error.text } : {};
    post({ type: 'failed', message: (error as Error).message || String(error), ...text });
  }
};

/** Answers the page's request for long text or a search. */
async function answer(request: Extract<WorkerRequest, { type: 'read' | 'search' }>): Promise<void> {
  const { id } = request;
  try {
    const { backend } = kept;
    if (!backend) throw new Error('No dataset is loaded.');
    if (request.type === 'read') post({ type: 'texts', id, texts: await backend.texts(request.ranks) });
    else {
      const mask = backend.search(request.q);
      self.postMessage({ type: 'found', id, mask } satisfies WorkerReply, mask ? [mask.buffer] : []);
    }
  } catch (error) {
    post({ type: 'text-failed', id, message: (error as Error).message || String(error) });
  }
}

async function open(request: Extract<WorkerRequest, { type: 'open' }>): Promise<void> {
  forgetPendingTable();
  forgetPendingParquet();
  kept.rereadFrom = null;
  kept.fingerprint = undefined;
  if (await isParquetSource(request.name, request.file)) return openParquet(request);
  // Fetched while the file is read: only GeoJSON needs them, before its first feature is checked.
  const places = placesFrom(request.placesUrl);
  const { name } = request;
  const source = await openSource(request);
  if (source === null) return;
  const reader = source.stream.getReader();
  const decoder = new TextDecoder();
  // Text is kept until the format is known; GeoJSON is read a feature at a time
  // from its bytes, tables a block of whole records at a time, while the rest downloads.
  let head = '';
  /** The bytes the head was decoded from, until the format is known. */
  let firstBytes: Uint8Array[] = [];
  let geojson: GeoJSONPacker | null = null;
  /** Where a large GeoJSON's summaries and sources are read back from (see GeoJSONPacker's readBack). */
  let geojsonBack: { source: ByteSource; places: Place[] } | null = null;
  let table: TableStream | ParallelTable | null = null;
  let loaded = 0;
  /** Every byte read passes through it: the dataset's fingerprint (see data/fingerprint.ts). */
  const fingerprinter = new Fingerprinter();
  let lastProgress = Number.NEGATIVE_INFINITY;
  let lastPhase = '';
  // A few times a second is enough for a progress bar; every piece (a thousand for a large
  // file) would have the page draw it again each time.
  const budget = memoryBudget((navigator as Navigator & { deviceMemory?: number }).deviceMemory);
  /** Reports progress; returns why the load must stop for want of memory, or null. */
  const reportProgress = (): DataText | null => {
    const phase = table?.phase ?? 'reading';
    const now = performance.now();
    if (phase !== lastPhase || now - lastProgress >= PROGRESS_EVERY_MS) {
      const rows = table?.rows ?? geojson?.rows ?? 0;
      post({ type: 'progress', phase, loaded, total: source.total, rows });
      lastPhase = phase;
      lastProgress = now;
      // Text read back from the file is not held; pages hold it compressed; anything else holds it as read
      // (a GeoJSON, streamed, its summaries and sources: never its whole text).
      const readBack = (table instanceof ParallelTable && table.rereads) || geojsonBack !== null;
      // A GeoJSON's lines, polygons and translations are kept whole in its records, in the worker and in the page.
      const shapes = geojson && loaded > 0 ? (2 * geojson.shapeBytes) / loaded : 0;
      const textKept = (readBack ? (source.pages ? 0.4 : 0) : 1) + shapes;
      return memoryRefusalText(name, { loaded, total: source.total, rows, textKept }, budget);
    }
    return null;
  };
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await within(reader.read(), STALL_MS, () => void reader.cancel());
    } catch (error) {
      if (!(error instanceof StalledError)) throw error;
      postFailure(say('data.load.stalled', { name, why: error.text, loaded: megabytesOf(loaded) }));
      return;
    }
    const { done, value } = next;
    if (value) {
      loaded += value.byteLength;
      fingerprinter.update(value);
      source.pages?.push(value);
    }
    if (done) {
      source.pages?.finish();
      kept.fingerprint = fingerprinter.fingerprint();
    }
    if (table instanceof ParallelTable) {
      if (value) table.push(value);
      if (done) break;
      await table.room();
      const refused = reportProgress();
      if (refused !== null) return stop(reader, refused);
      continue;
    }
    if (geojson) {
      if (value) geojson.push(value);
      // Settled: not JSON, and its message is complete; the rest is not read.
      if (geojson.settled && !done) await reader.cancel();
      if (done || geojson.settled) break;
      const refused = reportProgress();
      if (refused !== null) return stop(reader, refused);
      continue;
    }
    if (value && !table) firstBytes.push(value);
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    if (table) table.push(text);
    else {
      head += text;
      if (head.length >= SNIFF_CHARS || done) {
        // A link whose name did not say Parquet: read again, by Range, only the columns needed.
        if (isParquet(name, head)) {
          if (!done) await reader.cancel();
          return openParquet(request);
        }
        const sniffed = sniffFormat(name, head.slice(0, SNIFF_CHARS), source.total ?? loaded);
        if ('error' in sniffed) {
          if (!done) await reader.cancel();
          postFailure(sniffed.text);
          return;
        }
        if (sniffed.format === 'geojson') {
          // Incidents are checked as they are read: the places they name must be known first.
          const known = await places;
          // A small file keeps its text as read, as a small table does.
          const large = source.reread !== null && (source.total ?? PARALLEL_BYTES) >= PARALLEL_BYTES;
          geojsonBack = large ? { source: source.reread as ByteSource, places: known } : null;
          if (!large) source.pages = null;
          geojson = new GeoJSONPacker({ name, places: known, readBack: large });
          for (const bytes of firstBytes) geojson.push(bytes);
        } else {
          const delimiter = sniffed.format === 'tsv' ? '\t' : '';
          const large =
            (source.total ?? PARALLEL_BYTES) >= PARALLEL_BYTES &&
            (navigator.hardwareConcurrency ?? 1) >= 2 &&
            typeof Worker === 'function';
          if (large) {
            // Read from its bytes: the table workers decode their own blocks.
            const parallel = new ParallelTable(delimiter, name, source.total, request.file ?? null, source.reread);
            for (const bytes of firstBytes) parallel.push(bytes);
            table = parallel;
          } else {
            table = new TableStream(delimiter, name);
            table.push(head);
          }
        }
        firstBytes = [];
        head = '';
      }
    }
    if (done) break;
    const refused = reportProgress();
    if (refused !== null) return stop(reader, refused);
  }
  if (geojson) {
    post({ type: 'progress', phase: 'indexing', loaded: 0, total: null });
    const { dataset, problems, spans } = geojson.end();
    send(dataset, problems, 'GeoJSON', null, geojsonBack ? { ...geojsonBack, name, spans } : undefined);
  } else await table?.end();
}

/** Ends a load that cannot go on: stops the reading and says why. */
async function stop(reader: ReadableStreamDefaultReader<Uint8Array>, why: DataText): Promise<void> {
  await reader.cancel();
  postFailure(why);
}

/** How much of the text decides its format. */
const SNIFF_CHARS = 4096;
