/// <reference lib="webworker" />
// Reads a dataset off the main thread: fetches or reads the file, works out its
// format and layout, parses it (CSV streaming, with progress), validates it and
// packs it into typed arrays for the page.

import { CsvRows } from '../import/csv-stream';
import { GeoJSONPacker, type GeoJSONSpans } from '../import/geojson-pack';
import { CountryOutlines } from '../import/places/country-outlines';
import { REGION_OUTLINES } from '../import/places/region-outlines';
import { sniffFormat } from '../import/sniff';
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
import { type ColumnMapping, detectLayout, type LayoutGuess, type Row, tooManyColumns } from '../import/table/layouts';
import { RecordStarts } from '../import/table/record-starts';
import { rereadRows, type TableShape } from '../import/table/reread';
import { TableReader } from '../import/table/tabular';
import { readPlaces } from '../import/validate';
import { type LongTexts, splitLongText } from '../pack/long-text';
import { memoryBudget, memoryRefusal } from '../pack/memory-budget';
import {
  idTableOf,
  PackBuilder,
  type PackedDataset,
  type PackedPoints,
  type PointColumns,
  packedPoints,
  packedPositions,
  revealHashes,
  transferablesOf,
  withBuffers,
} from '../pack/packed';
import { pointFan } from '../pack/point-buffers';
import type { ByteSource } from '../store/byte-source';
import { fileSource } from '../store/local-sources';
import { PagedBytes } from '../store/paged-bytes';
import { rangeSource } from '../store/range-source';
import { cut } from '../text/quote';
import type { DatasetProblem, Place } from '../types';
import type { LoadPhase, TableWorkerReply, TableWorkerRequest, WorkerReply, WorkerRequest } from './protocol';
import { type RecordSpans, SourceTexts } from './source-texts';
import { fetchWithin, readTextWithin, STALL_MS, StalledError, within } from './stall';
import { KeptTexts, type TextBackend } from './text-service';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerReply) => self.postMessage(message);
let pendingRows: { rows: Row[]; name: string; guess: LayoutGuess } | null = null;

const ATTRIBUTION: Partial<Record<LayoutGuess['kind'], string>> = {
  ucdp: 'UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, CC BY 4.0',
  acled: 'Armed Conflict Location & Event Data (ACLED), acleddata.com',
};

/** The loaded dataset's long text, once the page has its columns (see text-service.ts). */
let backend: TextBackend | null = null;
/** Set while a table is read whose text is to be read back from its file (see ParallelTable). */
let rereadFrom: { source: ByteSource; spans: RecordSpans; shape: TableShape; rows: () => number } | null = null;

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'read' || request.type === 'search') {
    answer(request);
    return;
  }
  try {
    if (request.type === 'open') await open(request);
    else if (request.type === 'mapping') finishTable(request.mapping);
  } catch (error) {
    post({ type: 'failed', message: (error as Error).message || String(error) });
  }
};

/** Answers the page's request for long text or a search. */
async function answer(request: Extract<WorkerRequest, { type: 'read' | 'search' }>): Promise<void> {
  const { id } = request;
  try {
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
  pendingRows = null;
  rereadFrom = null;
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
      const textKept = table instanceof ParallelTable && table.rereads ? (source.pages ? 0.4 : 0) : 1;
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
        const sniffed = sniffFormat(name, head.slice(0, SNIFF_CHARS), source.total ?? loaded);
        if ('error' in sniffed) {
          if (!done) await reader.cancel();
          post({ type: 'failed', message: sniffed.error });
          return;
        }
        if (sniffed.format === 'geojson') {
          // Incidents are checked as they are read: the places they name must be known first.
          geojson = new GeoJSONPacker({ name, places: await places });
          for (const bytes of firstBytes) geojson.push(bytes);
          // Its long text is kept as read: pages of it would never be read.
          source.pages = null;
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
    send(dataset, problems, 'GeoJSON', null, spans);
  } else await table?.end();
}

/** Ends a load that cannot go on: stops the reading and says why. */
async function stop(reader: ReadableStreamDefaultReader<Uint8Array>, message: string): Promise<void> {
  await reader.cancel();
  post({ type: 'failed', message });
}

/** The largest places file read (they are a few hundred places). */
const MAX_PLACES_BYTES = 64 * 1024 * 1024;

/** The places at `url` (none without one); a fetch that fails is a load that fails, once awaited. */
function placesFrom(url: string | undefined): Promise<Place[]> {
  if (url === undefined) return Promise.resolve([]);
  const places = fetchWithin(url)
    .then((response) => {
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      return readTextWithin(response, MAX_PLACES_BYTES);
    })
    .then((text) => JSON.parse(text) as unknown)
    .then(
      (json: unknown) => readPlaces(json).places,
      (error: Error) => {
        throw new Error(`The places file could not be read: ${error.message}.`);
      },
    );
  // A table never waits for them; its load must not end in an unhandled rejection.
  places.catch(() => {});
  return places;
}

/**
 * Tables this large (bytes), or of a size not given, are read on two workers at
 * once (see table-blocks.ts); one that ends within its first MiB is not.
 */
const PARALLEL_BYTES = 4 * 1024 * 1024;
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
/** How often, at most, the reading of a file reports its progress. */
const PROGRESS_EVERY_MS = 100;

/** The file's bytes as a stream, with its size when known; null (after a 'failed' reply) when it cannot be read. */
/** A file being read: its bytes as a stream, its size when known, and where its text can be read back from. */
interface OpenedSource {
  stream: ReadableStream<Uint8Array>;
  total: number | null;
  /**
   * Where the records' text is read back from once loaded: the File, the URL
   * by Range, or `pages` (fed every byte as it streams) where the server
   * ignores Range; null for a small download, whose text is kept as read.
   */
  reread: ByteSource | null;
  pages: PagedBytes | null;
}

async function openSource(request: Extract<WorkerRequest, { type: 'open' }>): Promise<OpenedSource | null> {
  if (request.file) {
    const file = request.file;
    post({ type: 'progress', phase: 'reading', loaded: 0, total: file.size });
    return { stream: file.stream(), total: file.size, reread: fileSource(file), pages: null };
  }
  let response: Response;
  try {
    response = await fetchWithin(request.url as string);
  } catch (error) {
    const why =
      error instanceof StalledError
        ? `the server did not answer: ${error.message}`
        : /sends it on to another address/.test((error as Error).message)
          ? (error as Error).message
          : `${cut((error as Error).message, 200)}; the server may be down, or may not let other sites read the file (CORS)`;
    post({ type: 'failed', message: `${request.name} could not be fetched (${why}).` });
    return null;
  }
  if (!response.ok) {
    post({
      type: 'failed',
      message: `${request.name} could not be fetched: the server answered ${response.status}.`,
    });
    return null;
  }
  const total = Number(response.headers.get('content-length')) || null;
  const stream = response.body ?? (await response.blob()).stream();
  // A small download keeps its text as read; a large one is read back by Range, or
  // kept compressed where the server ignores Range (asked once, before its bytes pass).
  if (total !== null && total < PARALLEL_BYTES) return { stream, total, reread: null, pages: null };
  const ranged = await rangeSource(request.url as string, {
    size: total ?? undefined,
    etag: response.headers.get('ETag'),
    lastModified: response.headers.get('Last-Modified'),
  }).catch(() => null);
  const pages = ranged ? null : new PagedBytes();
  return { stream, total, reread: ranged ?? pages, pages };
}

/** Reads the rows of pending table with the mapping the user chose. */
function finishTable(mapping: ColumnMapping): void {
  if (!pendingRows) throw new Error('No table is waiting for its columns');
  const { rows, name, guess } = pendingRows;
  pendingRows = null;
  const chosen: LayoutGuess =
    guess.confident && guess.mapping === mapping ? guess : { ...guess, kind: 'generic', mapping };
  post({ type: 'progress', phase: 'checking', loaded: 0, total: null });
  const table = tableFor(chosen, name);
  table.reader.add(rows);
  finishPacked(table, chosen.label);
}

/** A table reader that packs each incident as it is read, checking each against its country's outline. */
function tableFor(guess: LayoutGuess, name: string, longText = true): { reader: TableReader; builder: PackBuilder } {
  const builder = new PackBuilder([], { longText, index: true });
  const outlines = new CountryOutlines(REGION_OUTLINES);
  const reader = new TableReader(guess, { name, attribution: ATTRIBUTION[guess.kind], outlines }, (incident, index) =>
    builder.add(incident, index),
  );
  return { reader, builder };
}

function finishPacked(table: { reader: TableReader; builder: PackBuilder }, layout: string): void {
  const problems = table.reader.finish();
  post({ type: 'progress', phase: 'indexing', loaded: 0, total: null });
  const meta = { name: table.reader.name, attribution: table.reader.attribution, places: [] };
  const dataset = table.builder.finish(meta, table.reader.ids.hashes());
  send(dataset, problems, 'CSV', layout);
}

/** Hands the page the dataset's columns and short records; the long text stays here, to be asked for. */
function send(
  dataset: PackedDataset,
  problems: DatasetProblem[],
  format: 'GeoJSON' | 'CSV',
  layout: string | null,
  spans?: GeoJSONSpans,
) {
  const { page, texts } = splitLongText(dataset);
  backend = rereadFrom ? sourceTexts(rereadFrom, texts, problems) : new KeptTexts(texts);
  rereadFrom = null;
  if (!spans) {
    const reply: WorkerReply = { type: 'done', dataset: page, problems, format, layout };
    self.postMessage(reply, transferablesOf(page));
    return;
  }
  // A GeoJSON file's incidents: where each one's feature lies in it, in reveal order (see GeoJSONSpans).
  const reply = { type: 'done', dataset: page, problems, format, layout, spans } satisfies WorkerReply & {
    spans: GeoJSONSpans;
  };
  self.postMessage(reply, [
    ...transferablesOf(page),
    spans.start.buffer as ArrayBuffer,
    spans.length.buffer as ArrayBuffer,
  ]);
}

/**
 * The backend that reads text back from the file; only what it needs is kept
 * (the table's shape, where its rows lie, the search index), not the table
 * readers nor the short records the page has. Should the rows found and the
 * rows read ever disagree, nothing is read from a wrong row: a warning says so.
 */
function sourceTexts(from: NonNullable<typeof rereadFrom>, texts: LongTexts, problems: DatasetProblem[]): TextBackend {
  const { source, spans, shape } = from;
  const rows = from.rows();
  const search = new KeptTexts({ ...texts, records: new Uint8Array(0), search: new Uint16Array(0) });
  if (spans.count !== rows) {
    problems.push({
      index: -1,
      field: 'file',
      message: `The summaries and sources could not be located in the file (${spans.count} records for ${rows} rows); they are not shown.`,
      skipped: false,
    });
    return search;
  }
  return new SourceTexts({
    source,
    spans,
    rowInFile: texts.rowInFile,
    reread: (records, indexes) => rereadRows(shape, records, indexes),
    search: (q) => search.search(q),
    noun: 'row',
  });
}

/** A size in bytes as the stalled-download message gives it. */
function megabytesOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Ends the load (its message is the reply) when a table has more columns than the page would lay out. */
function refuseWide(fields: readonly string[], name: string): void {
  const refused = tooManyColumns(fields, name);
  if (refused) throw new Error(refused);
}

/**
 * Parses CSV/TSV text as it arrives, a block of whole records at a time. When
 * the columns say what the table is, each block's rows are checked and packed
 * as they come and then let go, so a million rows never sit in memory as
 * objects; otherwise the rows are kept and the page is asked which columns
 * hold what.
 */
class TableStream {
  readonly #rows: CsvRows;
  readonly #name: string;
  #headers: string[] = [];
  #guess: LayoutGuess | null = null;
  #table: { reader: TableReader; builder: PackBuilder } | null = null;
  readonly #kept: Row[] = [];
  /** Whether records keep their long text (not when it is read back from the file; see PackBuilder). */
  readonly #longText: boolean;

  constructor(delimiter: string, name: string, longText = true) {
    this.#name = name;
    this.#longText = longText;
    this.#rows = new CsvRows(
      delimiter,
      (fields) => this.#begin(fields),
      (rows) => this.#add(rows),
    );
  }

  get phase(): LoadPhase {
    return this.#table ? 'checking' : 'parsing';
  }

  /** Rows read so far. */
  get rows(): number {
    return this.#rowCount;
  }
  #rowCount = 0;

  push(text: string): void {
    this.#rows.push(text);
  }

  end(): void {
    this.#rows.end();
    if (this.#guess === null) this.#begin([]);
    const guess = this.#guess as LayoutGuess;
    if (this.#table) finishPacked(this.#table, guess.label);
    else {
      pendingRows = { rows: this.#kept, name: this.#name, guess };
      post({ type: 'needs-mapping', headers: this.#headers, preview: this.#kept.slice(0, 6), guess });
    }
  }

  #begin(fields: string[]): void {
    refuseWide(fields, this.#name);
    this.#headers = fields;
    this.#guess = detectLayout(fields);
    if (this.#guess.confident && this.#guess.mapping) this.#table = tableFor(this.#guess, this.#name, this.#longText);
  }

  #add(rows: Row[]): void {
    this.#rowCount += rows.length;
    if (this.#table) this.#table.reader.add(rows);
    else for (const row of rows) this.#kept.push(row);
  }
}

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
    rereadFrom = { source: this.#reread, spans: starts, shape: this.#shape, rows };
  }

  #stopWorkers(): void {
    for (const worker of this.#workers) worker.terminate();
    this.#workers = [];
  }
}
