import { joinBytes } from '../import/parquet/byte-buffers';
import { REGION_OUTLINES } from '../import/places/region-outlines';
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
import { idTableOf } from '../pack/id-column';
import { packedPoints, packedPositions, revealHashes, withBuffers } from '../pack/packed-buffers';
import type { PackedPositions, PointColumns } from '../pack/packed-types';
import type { ByteSource } from '../store/byte-source';
import type {
  LoadPhase,
  PointsWorkerReply,
  PointsWorkerRequest,
  TableWorkerReply,
  TableWorkerRequest,
} from './protocol';
import { kept, post, send } from './replies';
import { ATTRIBUTION, refuseWide, TableStream } from './table-stream';

/** papaparse guesses separator and line break from the first MiB. */
const FIRST_BYTES = 1024 * 1024;
/**
 * Blocks (about 256 KiB each) that may wait for a table worker before the file
 * is read on: a few MiB, so a file read faster than it is parsed (a large export
 * is read in seconds and parsed in tens) does not pile up here whole.
 */
const WAITING_MOST = 16;

/**
 * Reads a large table on two table workers (see import/table/blocks.ts): once its
 * first MiB has come, the header and layout are read from it and the rest is
 * cut into blocks as it arrives, dealt to the workers in turn; their parts are
 * merged when the text ends. Every piece of text is kept until then: when the
 * layout needs the page's help, or the blocks cannot settle the table (see
 * mergeParts), it is read on this worker as any table is (TableStream).
 */
export class ParallelTable {
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
  /** Each table worker's answer, to be given for it when it is stopped first (see #stopWorkers). */
  readonly #settle: ((outcome: string) => void)[] = [];

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
      // Started while the table workers finish their last blocks, so it is ready when they are.
      const helper = whole ? new PointsHelper() : null;
      try {
        const results = whole ? ((await this.#results) ?? 'no table workers') : 'the table ends inside a quoted field';
        if (typeof results !== 'string' && !this.#oneWorker) {
          // Each table worker was stopped as its part came (see #begin): the rest is done here and on the helper.
          this.#stopWorkers();
          post({ type: 'progress', phase: 'indexing', loaded: 0, total: null });
          const guess = this.#guess as LayoutGuess;
          let positions: Promise<PackedPositions> | null = null;
          let idTable: Int32Array | null = null;
          const options = { name: this.#name, attribution: ATTRIBUTION[guess.kind], longText: !this.#starts };
          this.#settleStarts();
          // The workers' parts are held by the merge alone (taken out of `results`), and the merged
          // builder only until it is packed, so neither is alive beside the copies made after it.
          this.#results = null;
          let merged: MergedTable | string | null = mergeParts(results.splice(0), options, (sorted, hashes) => {
            positions = helper
              ? helper.positions(sorted.points)
              : Promise.resolve(packedPositions(sorted.points.lon, sorted.points.lat));
            idTable = idTableOf(revealHashes(hashes, sorted));
          });
          if (typeof merged !== 'string' && positions && idTable) {
            const { problems } = merged;
            const points = merged.sorted.points;
            const packed = merged.builder.pack(merged.sorted, merged.meta);
            merged = null;
            const buffers = packedPoints(points, await (positions as Promise<PackedPositions>));
            send(withBuffers(packed, buffers, idTable), problems, 'CSV', guess.label);
            return;
          }
        }
      } finally {
        helper?.stop();
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
          this.#settle.push(resolve);
          worker.onmessage = (event: MessageEvent<TableWorkerReply>) => {
            const reply = event.data;
            if (reply.type === 'read') this.#dealer?.read(w);
            else if (reply.type === 'result') {
              resolve(reply.result);
              // Its part is here: what its heap grew to while reading (mostly garbage) goes with it.
              worker.terminate();
            } else if (reply.type === 'fallback') {
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
    // A worker stopped before it answered (the other fell back) answers so, or the wait for both would never end.
    for (const settle of this.#settle.splice(0)) settle('the table workers were stopped');
    this.#dealer?.release();
  }

  /**
   * Resolves when the table workers can take more bytes: at once unless more
   * than WAITING_MOST blocks wait for them. The reader of the file waits for
   * it, so the bytes read ahead of the workers stay a few MiB.
   */
  room(): Promise<void> {
    return this.#dealer && !this.#oneWorker ? this.#dealer.room(WAITING_MOST) : Promise.resolve();
  }
}

/**
 * The points worker (see points-worker.ts): started at once, with its failure
 * noted from the start (a module that fails to load says so only once); its
 * work is done here instead when it failed or could not be started.
 */
class PointsHelper {
  #worker: Worker | null = null;
  #failed = false;
  /** Gives the answer here, when the worker fails while it works. */
  #onFail: (() => void) | null = null;

  constructor() {
    try {
      this.#worker = new Worker(new URL('./points-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      return;
    }
    const fail = () => {
      this.#failed = true;
      this.#onFail?.();
    };
    this.#worker.onerror = (event) => {
      event.preventDefault();
      fail();
    };
    this.#worker.onmessageerror = fail;
  }

  /** The points' positions and spatial index. */
  positions(points: PointColumns): Promise<PackedPositions> {
    const { lon, lat } = points;
    const worker = this.#worker;
    if (!worker || this.#failed) return Promise.resolve(packedPositions(lon, lat));
    return new Promise((resolve) => {
      let answered = false;
      const answer = (positions: PackedPositions) => {
        if (answered) return;
        answered = true;
        resolve(positions);
      };
      this.#onFail = () => answer(packedPositions(lon, lat));
      worker.onmessage = (event: MessageEvent<PointsWorkerReply>) => answer(event.data.positions);
      worker.postMessage({ lon, lat } satisfies PointsWorkerRequest);
    });
  }

  stop(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }
}
