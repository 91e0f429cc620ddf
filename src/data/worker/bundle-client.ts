// The page's side of the bundle worker: opens a bundle, asks for the rows of some days (each read
// can be cancelled by its signal), and gives each read's rows a TextReader for their long text.

import type { BundleManifest } from '../bundle/manifest';
import type { PackedDataset } from '../pack/packed-types';
import type { TextReader } from '../store/text-reader';
import { DataError, type DataText, say } from '../text/messages';
import type { BundleReply, BundleRequest, BundleText, RowsFetched } from './bundle-protocol';

/** How long the page waits for some text or a search before saying it could not. */
const TEXT_TIMEOUT_MS = 60_000;

/** A read stopped by its signal: nothing is wrong with the bundle. */
export class RowsCancelled extends Error {
  constructor() {
    super('The read was cancelled.');
    this.name = 'RowsCancelled';
  }
}

export interface RowsRead {
  from: number;
  to: number;
  /** The rows packed, their long text read through `dataset.texts`. */
  dataset: PackedDataset;
  fetched: RowsFetched;
}

type Pending = { resolve: (reply: BundleReply) => void; reject: (error: Error) => void };

export class BundleClient {
  readonly url: string;
  readonly manifest: BundleManifest;
  /** Of the manifest's bytes (see data/fingerprint.ts). */
  readonly fingerprint: string;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 1;
  #closed = false;

  private constructor(worker: Worker, url: string, manifest: BundleManifest, fingerprint: string) {
    this.#worker = worker;
    this.url = url;
    this.manifest = manifest;
    this.fingerprint = fingerprint;
    worker.onmessage = (event: MessageEvent<BundleReply>) => {
      const reply = event.data;
      if (reply.type === 'opened' || reply.id === null) return;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.type === 'failed')
        pending.reject(reply.cancelled ? new RowsCancelled() : new DataError(reply.text ?? reply.message));
      else pending.resolve(reply);
    };
    const fail = (why: DataText) => {
      for (const pending of this.#pending.values()) pending.reject(new DataError(why));
      this.#pending.clear();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail(say('data.bundle.readerStopped', { why: event.message || say('data.bundle.anError') }));
    };
    worker.onmessageerror = () => fail(say('data.bundle.readerSentBad'));
  }

  /** Starts a worker and opens the bundle whose manifest is at `url`; rejects with a sentence saying why not. */
  static open(url: string, signal?: AbortSignal): Promise<BundleClient> {
    const worker = new Worker(new URL('./bundle-worker.ts', import.meta.url), { type: 'module' });
    return new Promise<BundleClient>((resolve, reject) => {
      const stop = (error: Error) => {
        worker.terminate();
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = () => stop(new RowsCancelled());
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.onerror = (event) => {
        event.preventDefault();
        stop(new DataError(say('data.bundle.readerError', { why: event.message || say('data.load.readerStopped') })));
      };
      worker.onmessage = (event: MessageEvent<BundleReply>) => {
        const reply = event.data;
        if (reply.type === 'failed') stop(new DataError(reply.text ?? reply.message));
        else if (reply.type === 'opened') {
          signal?.removeEventListener('abort', onAbort);
          resolve(new BundleClient(worker, reply.url, reply.manifest, reply.fingerprint));
        }
      };
      worker.postMessage({ type: 'open', url } satisfies BundleRequest);
    });
  }

  /** The rows whose dates reach into days `from`..`to`; rejects with RowsCancelled when `signal` aborts. */
  async rows(from: number, to: number, signal?: AbortSignal): Promise<RowsRead> {
    if (signal?.aborted) throw new RowsCancelled();
    const id = this.#next++;
    const onAbort = () => this.#send({ type: 'cancel', id });
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reply = await this.#ask({ type: 'rows', id, from, to });
      if (reply.type !== 'rows') throw new Error('The bundle reader answered something else.');
      const dataset: PackedDataset = { ...reply.dataset, texts: new ReadTexts(this, id) };
      return { from: reply.from, to: reply.to, dataset, fetched: reply.fetched };
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Ends the worker: the bundle is no longer shown. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#worker.terminate();
    for (const pending of this.#pending.values()) pending.reject(new Error('The bundle was closed.'));
    this.#pending.clear();
  }

  /** Sends a request whose answer comes back under its id. */
  ask(request: Extract<BundleRequest, { type: 'read' | 'search' }>, timeout = TEXT_TIMEOUT_MS): Promise<BundleReply> {
    return this.#ask(request, timeout);
  }

  /** Tells the worker it may let the rows of read `rows` go. */
  forget(rows: number): void {
    this.#send({ type: 'forget', rows });
  }

  nextId(): number {
    return this.#next++;
  }

  #send(request: BundleRequest): void {
    if (!this.#closed) this.#worker.postMessage(request);
  }

  #ask(request: Extract<BundleRequest, { id: number }>, timeout?: number): Promise<BundleReply> {
    if (this.#closed) return Promise.reject(new Error('The bundle was closed.'));
    return new Promise<BundleReply>((resolve, reject) => {
      const timer =
        timeout === undefined
          ? undefined
          : setTimeout(() => {
              this.#pending.delete(request.id);
              reject(new DataError(say('data.bundle.timeout')));
            }, timeout);
      const done = () => clearTimeout(timer);
      this.#pending.set(request.id, {
        resolve: (reply) => {
          done();
          resolve(reply);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      this.#worker.postMessage(request);
    });
  }
}

/** The long text and searches of one read's rows (by their reveal rank), asked of the worker. */
class ReadTexts implements TextReader {
  readonly #client: BundleClient;
  readonly #rows: number;
  #closed = false;

  constructor(client: BundleClient, rows: number) {
    this.#client = client;
    this.#rows = rows;
  }

  async read(ranks: readonly number[]): Promise<BundleText[]> {
    const reply = await this.#client.ask({
      type: 'read',
      id: this.#client.nextId(),
      rows: this.#rows,
      ranks: [...ranks],
    });
    if (reply.type !== 'texts') throw new Error('The bundle reader answered something else.');
    return reply.texts;
  }

  async search(q: string): Promise<Uint8Array | null> {
    const reply = await this.#client.ask({ type: 'search', id: this.#client.nextId(), rows: this.#rows, q });
    if (reply.type !== 'found') throw new Error('The bundle reader answered something else.');
    return reply.mask;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#client.forget(this.#rows);
  }
}
