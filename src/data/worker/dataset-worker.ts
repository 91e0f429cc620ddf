/// <reference lib="webworker" />
// Reads a dataset off the main thread: fetches or reads the file (open-source.ts),
// works out its format, streams it (a GeoJSON a feature at a time; a table here,
// table-stream.ts, or on two table workers, ParallelTable; a Parquet file by
// random access, parquet-load.ts) with progress and the memory check, and hands
// the page its typed columns (replies.ts). It then answers the page's requests
// for long text and searches.

import { GeoJSONPacker } from '../import/geojson-pack';
import { isParquetSource } from '../import/parquet/read-parquet';
import { REGION_OUTLINES } from '../import/places/region-outlines';
import { isParquet, sniffFormat } from '../import/sniff';
import {
  BlockDealer,
  type BlockResult,
  ByteCutter,
  bodyByteStart,
  type MergedTable,
  mergeParts,
  readTableHead,
  type TableBytes,
} from '../import/table/blocks';
import { detectLayout, type LayoutGuess } from '../import/table/detect-layout';
import { RecordStarts } from '../import/table/record-starts';
import type { TableShape } from '../import/table/reread';
import { memoryBudget, memoryRefusal } from '../pack/memory-budget';
import { idTableOf, packedPoints, packedPositions, revealHashes, withBuffers } from '../pack/packed-buffers';
import type { PackedPoints, PointColumns } from '../pack/packed-types';
import { pointFan } from '../pack/point-buffers';
import type { ByteSource } from '../store/byte-source';
import type { Place } from '../types';
import { megabytesOf, openSource, PARALLEL_BYTES, placesFrom } from './open-source';
import { finishParquetTable, forgetPendingParquet, openParquet, parquetWaits } from './parquet-load';
import type { LoadPhase, TableWorkerReply, TableWorkerRequest, WorkerReply, WorkerRequest } from './protocol';
import { kept, PROGRESS_EVERY_MS, post, send } from './replies';
import { STALL_MS, StalledError, within } from './stall';
import { ATTRIBUTION, finishTable, forgetPendingTable, refuseWide, TableStream } from './table-stream';

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
    post({ type: 'failed', message: (error as Error).message || String(error) });
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
  let lastProgress = Number.NEGATIVE_INFINITY;
  let lastPhase = '';
  // A few times a second is enough for a progress bar; every piece (a thousand for a large
  // file) would have the page draw it again each time.
  const budget = memoryBudget((navigator as Navigator & { deviceMemory?: number }).deviceMemory);
  /** Reports progress; returns why the load must stop for want of memory, or null. */
  const reportProgress = (): string | null => {
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
      // A GeoJSON's lines and polygons are kept whole in its records, in the worker and in the page.
      const shapes = geojson && loaded > 0 ? (2 * geojson.shapeBytes) / loaded : 0;
      const textKept = (readBack ? (source.pages ? 0.4 : 0) : 1) + shapes;
      return memoryRefusal(name, { loaded, total: source.total, rows, textKept }, budget);
    }
    return null;
  };
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await within(reader.read(), STALL_MS, () => void reader.cancel());
    } catch (error) {
      if (!(error instanceof StalledError)) throw error;
      post({
        type: 'failed',
        message: `${name} stopped arriving: ${error.message} after ${megabytesOf(loaded)} had come. Check the link and the connection, then open it again.`,
      });
      return;
    }
    const { done, value } = next;
    if (value) {
      loaded += value.byteLength;
      source.pages?.push(value);
    }
    if (done) source.pages?.finish();
    if (table instanceof ParallelTable) {
      if (value) table.push(value);
      if (done) break;
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
          post({ type: 'failed', message: sniffed.error });
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
async function stop(reader: ReadableStreamDefaultReader<Uint8Array>, message: string): Promise<void> {
  await reader.cancel();
  post({ type: 'failed', message });
}

/** papaparse guesses separator and line break from the first MiB. */
const FIRST_BYTES = 1024 * 1024;

/** `pieces` (of `length` bytes in all) as one array. */
function joinBytes(pieces: readonly Uint8Array[], length: number): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  const joined = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return joined;
}

/** How much of the text decides its format. */
const SNIFF_CHARS = 4096;

/**
 * Reads a large table on two table workers (see table-blocks.ts): once its
 * first MiB has come, the header and layout are read from it and the rest is
 * cut into blocks as it arrives, dealt to the workers in turn; their parts are
 * merged when the text ends. Every piece of text is kept until then: when the
 * layout needs the page's help, or the blocks cannot settle the table (see
 * mergeParts), it is read on this worker as any table is (TableStream).
 */
class ParallelTable {
  readonly #delimiter: string;
  readonly #name: string;
  /**
   * The file's bytes so far, until the parts are merged, to be read again on
   * one worker should the blocks not settle the table: all of them for a
   * download, only the first MiB for a File, which can be read again.
   */
  #kept: Uint8Array[] = [];
  /** Bytes pushed so far. */
  #keptLength = 0;
  readonly #file: Blob | null;
  /** While the one-worker way reads the File again from its start; pieces that come meanwhile wait in #queued. */
  #replay: Promise<void> | null = null;
  #queued: Uint8Array[] = [];
  #cutter: ByteCutter | null = null;
  #dealer: BlockDealer<TableBytes> | null = null;
  #workers: Worker[] = [];
  #results: Promise<BlockResult[] | string> | null = null;
  #guess: LayoutGuess | null = null;
  #oneWorker: TableStream | null = null;

  /** The file's size in bytes, when known. */
  readonly #total: number | null;

  /** Where the text is read back from once loaded (see OpenedSource.reread), and where each row lies in it. */
  readonly #reread: ByteSource | null;
  #starts: RecordStarts | null = null;
  #shape: TableShape | null = null;

  constructor(delimiter: string, name: string, total: number | null, file: Blob | null, reread: ByteSource | null) {
    this.#file = file;
    this.#reread = reread;
    this.#delimiter = delimiter;
    this.#name = name;
    this.#total = total;
    // Started now, so they are running by the time the first MiB has come (a worker takes a
    // while to start while the page starts up); stopped if the table is read here after all.
    try {
      for (let w = 0; w < 2; w++) {
        const worker = new Worker(new URL('./table-worker.ts', import.meta.url), { type: 'module' });
        worker.onerror = (event) => {
          event.preventDefault();
          this.#unstarted = true;
        };
        this.#workers.push(worker);
      }
    } catch {
      this.#stopWorkers();
    }
  }
  /** Whether a table worker failed before it was given the table. */
  #unstarted = false;

  get phase(): LoadPhase {
    return this.#oneWorker ? this.#oneWorker.phase : this.#cutter ? 'checking' : 'parsing';
  }

  /** Rows counted so far. */
  get rows(): number {
    return this.#oneWorker ? this.#oneWorker.rows : (this.#cutter?.rows ?? 0);
  }

  /** Whether the rows' text will be read back from the file rather than kept. */
  get rereads(): boolean {
    return this.#starts !== null;
  }

  push(bytes: Uint8Array): void {
    if (this.#oneWorker) {
      if (this.#replay) this.#queued.push(bytes);
      else this.#readHere(bytes);
      return;
    }
    if (!this.#file || !this.#cutter) this.#kept.push(bytes);
    this.#keptLength += bytes.length;
    if (this.#cutter) this.#cutter.push(bytes);
    else if (this.#keptLength >= FIRST_BYTES) this.#begin();
  }

  /** Decodes the text for the one-worker way, once the table goes that way. */
  readonly #decoder = new TextDecoder();

  async end(): Promise<void> {
    // A table that ended within its first MiB is read here.
    if (!this.#cutter) this.#readOnOneWorker();
    const cutter = this.#cutter;
    if (cutter && !this.#oneWorker) {
      const whole = cutter.end();
      this.#dealer?.end();
      const results = whole ? ((await this.#results) ?? 'no table workers') : 'the table ends inside a quoted field';
      if (typeof results !== 'string' && !this.#oneWorker) {
        post({ type: 'progress', phase: 'indexing', loaded: 0, total: null });
        const guess = this.#guess as LayoutGuess;
        // The point buffers and id table are begun on the table workers as soon as the order is known.
        const pending: { buffers?: Promise<[PackedPoints, Int32Array]> } = {};
        const options = { name: this.#name, attribution: ATTRIBUTION[guess.kind], longText: !this.#starts };
        this.#settleStarts();
        // The workers' parts are held by the merge alone (taken out of `results`), and the merged
        // builder only until it is packed, so neither is alive beside the copies made after it.
        this.#results = null;
        let merged: MergedTable | string | null = mergeParts(results.splice(0), options, (sorted, hashes) => {
          pending.buffers = this.#buffersElsewhere(sorted.points, revealHashes(hashes, sorted));
        });
        if (typeof merged !== 'string' && pending.buffers) {
          const { problems } = merged;
          // Packed while the table workers make the point buffers and id table.
          const packed = merged.builder.pack(merged.sorted, merged.meta);
          merged = null;
          const dataset = withBuffers(packed, ...(await pending.buffers));
          this.#stopWorkers();
          send(dataset, problems, 'CSV', guess.label);
          return;
        }
      }
    }
    this.#readOnOneWorker();
    await this.#replay;
    this.#settleStarts();
    const table = this.#oneWorker as unknown as TableStream;
    table.push(this.#decoder.decode());
    table.end();
  }

  /** Reads the head from the text so far and starts the workers, or goes the one-worker way. */
  #begin(): void {
    const first = joinBytes(this.#kept, this.#keptLength);
    // A character cut in two at the end of the first MiB is beyond the first rows the head reads.
    let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(first);
    // Byte-order marks (three bytes each) before the header are not the table's.
    let bom = 0;
    while (bom < 2 && text.startsWith('\uFEFF')) {
      text = text.slice(1);
      bom++;
    }
    const head = readTableHead(text, this.#delimiter);
    if (head) refuseWide(head.fields, this.#name);
    const guess = head ? detectLayout(head.fields) : null;
    const bodyAt = head ? bodyByteStart(first, 3 * bom, head.headerText) : -1;
    if (!head || !guess?.confident || !guess.mapping || bodyAt < 0 || this.#workers.length === 0 || this.#unstarted) {
      this.#readOnOneWorker();
      return;
    }
    this.#guess = guess;
    if (this.#reread) {
      // Where each row lies, so its text can be read back from the file instead of being kept:
      // told by the block cutter's scan (see below), so the bytes are looked through once.
      this.#starts = new RecordStarts({
        newline: head.newline,
        delimiter: head.delimiter,
        header: false,
        offset: bodyAt,
      });
      const { delimiter, newline, fields, headers } = head;
      this.#shape = {
        guess,
        name: this.#name,
        attribution: ATTRIBUTION[guess.kind],
        delimiter,
        newline,
        fields,
        headers,
      };
    }
    const longText = !this.#starts;
    const options = { name: this.#name, attribution: ATTRIBUTION[guess.kind], longText };
    const outcomes: Promise<BlockResult | string>[] = [];
    for (const [w, worker] of this.#workers.entries()) {
      outcomes.push(
        new Promise((resolve) => {
          worker.onmessage = (event: MessageEvent<TableWorkerReply>) => {
            const reply = event.data;
            if (reply.type === 'read') this.#dealer?.read(w);
            else if (reply.type === 'result') resolve(reply.result);
            else if (reply.type === 'fallback') {
              resolve(reply.reason);
              // No need to wait for the end: the rest of the text goes to this worker's own reader.
              if (!this.#oneWorker && this.#cutter) this.#readOnOneWorker();
            }
          };
          worker.onerror = (event) => {
            event.preventDefault();
            resolve(`a table worker failed: ${event.message}`);
            if (!this.#oneWorker && this.#cutter) this.#readOnOneWorker();
          };
          // A reply that cannot be received is a worker that failed: its part is read here instead.
          worker.onmessageerror = () => {
            resolve('a table worker sent a reply that could not be received');
            if (!this.#oneWorker && this.#cutter) this.#readOnOneWorker();
          };
        }),
      );
      // Each reads about half, more when the other is slowed down; a byte is at most a character.
      const expectedChars = this.#total === null ? 0 : Math.ceil(0.6 * Math.max(0, this.#total - head.bodyStart));
      worker.postMessage({
        type: 'begin',
        head,
        guess,
        options,
        expectedChars,
        outlines: REGION_OUTLINES,
      } satisfies TableWorkerRequest);
    }
    this.#results = Promise.all(outcomes).then(
      (all) => all.find((outcome): outcome is string => typeof outcome === 'string') ?? (all as BlockResult[]),
    );
    const dealer = new BlockDealer<TableBytes>(this.#workers.length, (w, block) => {
      const worker = this.#workers[w];
      if (!block) worker?.postMessage({ type: 'end' } satisfies TableWorkerRequest);
      else worker?.postMessage({ type: 'block', block } satisfies TableWorkerRequest, [block.bytes.buffer]);
    });
    this.#dealer = dealer;
    const starts = this.#starts;
    // Cut where papaparse cuts records (its quoting rules, given the delimiter), each record told to the starts.
    const onRecord = starts
      ? (start: number, end: number, row: boolean) => starts.found(bodyAt + start, bodyAt + end, row)
      : undefined;
    this.#cutter = new ByteCutter(head.newline, (block) => dealer.deal(block), undefined, {
      delimiter: head.delimiter,
      onRecord,
    });
    this.#cutter.push(first.subarray(bodyAt));
  }

  /**
   * Point buffers and id table made on the table workers (idle once their parts
   * are in): positions and spatial index on one, fan-out and id table on the
   * other; each half is made here instead if its worker fails.
   */
  async #buffersElsewhere(columns: PointColumns, hashes: Int32Array): Promise<[PackedPoints, Int32Array]> {
    const { lon, lat } = columns;
    // Copied, not transferred: lon and lat are the dataset's too.
    const [positions, { fan, idTable }] = await Promise.all([
      this.#ask(
        0,
        { type: 'positions', lon, lat },
        (reply) => (reply.type === 'positions' ? reply.positions : null),
        () => packedPositions(lon, lat),
      ),
      this.#ask(
        1,
        { type: 'fan', lon, lat, hashes },
        (reply) => (reply.type === 'fan' ? reply : null),
        () => ({ fan: pointFan(lon, lat), idTable: idTableOf(hashes) }),
      ),
    ]);
    return [packedPoints(columns, { positions, fan }), idTable];
  }

  /** Asks table worker `w` something; `here` answers instead when the worker is gone or fails. */
  #ask<T>(
    w: number,
    request: TableWorkerRequest,
    answer: (reply: TableWorkerReply) => T | null,
    here: () => T,
  ): Promise<T> {
    const worker = this.#workers[w];
    if (!worker) return Promise.resolve(here());
    return new Promise((resolve) => {
      worker.onmessage = (event: MessageEvent<TableWorkerReply>) => {
        const value = answer(event.data);
        if (value !== null) resolve(value);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        resolve(here());
      };
      worker.onmessageerror = () => resolve(here());
      worker.postMessage(request);
    });
  }

  /** From here on, the table is read here, from its first piece. */
  #readOnOneWorker(): void {
    if (this.#oneWorker) return;
    // Seen in a performance trace of the worker (and by tests): the table is read again here.
    performance.mark('atlas-table-one-worker');
    this.#stopWorkers();
    const table = new TableStream(this.#delimiter, this.#name, !this.#starts);
    this.#oneWorker = table;
    // The cutter's scan told the starts only of the bytes it was given: they are found again, from the first byte.
    const shape = this.#shape;
    if (this.#starts && shape) this.#starts = new RecordStarts({ newline: shape.newline, delimiter: shape.delimiter });
    const file = this.#file;
    if (file && this.#cutter) {
      // Only the first MiB was kept: the bytes read so far are read again from the File.
      const read = this.#keptLength;
      this.#kept = [];
      this.#replay = (async () => {
        const reader = file.slice(0, read).stream().getReader();
        for (let next = await reader.read(); !next.done; next = await reader.read()) this.#readHere(next.value);
        for (const bytes of this.#queued) this.#readHere(bytes);
        this.#queued = [];
        this.#replay = null;
      })();
      return;
    }
    for (const bytes of this.#kept) this.#readHere(bytes);
    this.#kept = [];
  }

  /** Bytes for the one-worker way, in order from the first: its rows' places are found as they are read. */
  #readHere(bytes: Uint8Array): void {
    this.#starts?.push(bytes);
    this.#oneWorker?.push(this.#decoder.decode(bytes, { stream: true }));
  }

  /** The bytes have all come: the rows' places are known, and the text is to be read back from there. */
  #settleStarts(): void {
    const starts = this.#starts;
    if (!starts || !this.#reread || !this.#shape) return;
    starts.end();
    // The rows the table was read as, counted by whichever way read it, once it has all been read (see send).
    const oneWorker = this.#oneWorker;
    const cutterRows = this.#cutter?.rows ?? -1;
    const rows = oneWorker ? () => oneWorker.rows : () => cutterRows;
    kept.rereadFrom = { source: this.#reread, spans: starts, shape: this.#shape, rows };
  }

  #stopWorkers(): void {
    for (const worker of this.#workers) worker.terminate();
    this.#workers = [];
  }
}
