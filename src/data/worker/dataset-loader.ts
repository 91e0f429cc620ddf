import type { ColumnMapping, LayoutGuess, Row } from '../import/table/detect-layout';
import type { IncidentText } from '../pack/long-text';
import type { PackedDataset } from '../pack/packed-types';
import type { TextReader } from '../store/text-reader';
import { type DataText, english, say } from '../text/messages';
import type { DatasetProblem } from '../types';
import type { LoadPhase, WorkerReply, WorkerRequest } from './protocol';

export interface LoadCallbacks {
  /** `detail`: bytes read, the size when known, and rows read so far. */
  onProgress?: (
    fraction: number | null,
    phase: LoadPhase,
    detail: { loaded: number; total: number | null; rows: number },
  ) => void;
  /** Asked when the columns of a table could not be recognised; null cancels. `signal` ends the asking. */
  chooseColumns?: (
    headers: string[],
    preview: Row[],
    guess: LayoutGuess,
    signal?: AbortSignal,
  ) => Promise<ColumnMapping | null>;
}

export interface LoadedDataset {
  /** The incidents, packed in reveal order. */
  dataset: PackedDataset;
  /** Every problem found, in file order. */
  problems: DatasetProblem[];
  format: 'GeoJSON' | 'CSV' | 'Parquet';
  /** The table layout recognised (UCDP GED, ACLED, ...), null for GeoJSON. */
  layout: string | null;
}

export class DatasetLoadError extends Error {
  /** `text`: the message as a key and values, for the page's language (absent: only English is known). */
  constructor(
    message: string,
    readonly text?: DataText,
  ) {
    super(message);
  }
}

/** A DatasetLoadError whose message is `text` in English. */
function loadError(text: DataText): DatasetLoadError {
  return new DatasetLoadError(english(text), text);
}
/** The load was cancelled (its signal aborted): nothing is wrong with the file. */
export class LoadCancelled extends DatasetLoadError {}

/**
 * Opens a dataset (a URL or a File) in a Web Worker and resolves with what it
 * read and every problem it found. Rejects with a DatasetLoadError whose message
 * a person can read when the file is not data at all, or when its reader fails;
 * with LoadCancelled when `signal` aborts (the worker is stopped at once).
 */
export function loadDataset(
  source: { url: string; name: string } | { file: File },
  placesUrl: string | undefined,
  callbacks: LoadCallbacks = {},
  signal?: AbortSignal,
): Promise<LoadedDataset> {
  if (signal?.aborted) return Promise.reject(new LoadCancelled('Opening was cancelled.'));
  const worker = new Worker(new URL('./dataset-worker.ts', import.meta.url), { type: 'module' });
  const send = (message: WorkerRequest) => worker.postMessage(message);
  return new Promise<LoadedDataset>((resolve, reject) => {
    const onAbort = () => fail(new LoadCancelled('Opening was cancelled.'));
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error) => {
      finish();
      reject(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onerror = (event) => {
      event.preventDefault();
      fail(loadError(say('data.load.readerError', { why: event.message || say('data.load.readerStopped') })));
    };
    worker.onmessageerror = () => fail(loadError(say('data.load.readerSentBad')));
    worker.onmessage = async (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      switch (reply.type) {
        case 'progress':
          callbacks.onProgress?.(reply.total ? Math.min(1, reply.loaded / reply.total) : null, reply.phase, {
            loaded: reply.loaded,
            total: reply.total,
            rows: reply.rows ?? 0,
          });
          break;
        case 'needs-mapping': {
          const mapping = callbacks.chooseColumns
            ? await callbacks.chooseColumns(reply.headers, reply.preview, reply.guess, signal)
            : null;
          if (signal?.aborted) break;
          if (mapping) send({ type: 'mapping', mapping });
          else {
            fail(loadError(say('data.load.columnsNotChosen')));
          }
          break;
        }
        case 'done': {
          // The worker stays: it keeps the dataset's long text and answers for it (see TextReader).
          signal?.removeEventListener('abort', onAbort);
          const texts = new WorkerTexts(worker);
          const dataset = { ...reply.dataset, texts: reply.dataset.incidents.textElsewhere ? texts : undefined };
          if (!dataset.texts) texts.close();
          resolve({ dataset, problems: reply.problems, format: reply.format, layout: reply.layout });
          break;
        }
        case 'failed':
          fail(new DatasetLoadError(reply.message, reply.text));
          break;
      }
    };
    if ('file' in source) send({ type: 'open', name: source.file.name, file: source.file, placesUrl });
    else send({ type: 'open', name: source.name, url: source.url, placesUrl });
  });
}

/**
 * How long the page waits for the worker to answer a search, or a read of one
 * record, before saying it could not; a read of many records (an export's
 * batch of rows spread through a file read back by Range) is given more for
 * each, as each may be a request of its own. The worker bounds each request too.
 */
export const TEXT_TIMEOUT_MS = 30_000;
export const TEXT_TIMEOUT_PER_RECORD_MS = 100;
/** The longest the page waits for any answer: five minutes. */
export const TEXT_TIMEOUT_MAX_MS = 300_000;

type Pending = {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
};

/** The page's side of a loaded dataset's worker: asks it for long text and searches, by request id. */
export class WorkerTexts implements TextReader {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 1;
  #closed = false;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.type !== 'texts' && reply.type !== 'found' && reply.type !== 'text-failed') return;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      clearTimeout(pending.timer);
      if (reply.type === 'text-failed') pending.reject(new Error(reply.message));
      else pending.resolve((reply.type === 'texts' ? reply.texts : reply.mask) as never);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.#failAll(`the dataset's reader stopped (${event.message || 'an error'})`);
    };
    worker.onmessageerror = () => this.#failAll('its reader sent something the page could not take');
  }

  read(ranks: readonly number[]): Promise<IncidentText[]> {
    return this.#ask({ type: 'read', id: 0, ranks: [...ranks] });
  }

  search(q: string): Promise<Uint8Array | null> {
    return this.#ask({ type: 'search', id: 0, q });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#worker.terminate();
    this.#failAll('the dataset was closed');
  }

  #ask<T>(request: Extract<WorkerRequest, { type: 'read' | 'search' }>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The dataset was closed.'));
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const records = request.type === 'read' ? request.ranks.length : 0;
      const timer = setTimeout(
        () => {
          this.#pending.delete(id);
          reject(new Error('The dataset did not answer in time.'));
        },
        Math.min(TEXT_TIMEOUT_MAX_MS, TEXT_TIMEOUT_MS + records * TEXT_TIMEOUT_PER_RECORD_MS),
      );
      this.#pending.set(id, { resolve: resolve as (value: never) => void, reject, timer });
      this.#worker.postMessage({ ...request, id } satisfies WorkerRequest);
    });
  }

  #failAll(why: string): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`The text could not be read: ${why}.`));
      this.#pending.delete(id);
    }
  }
}
