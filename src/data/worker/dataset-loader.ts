import type { ColumnMapping, LayoutGuess, Row } from '../import/table/layouts';
import type { PackedDataset } from '../pack/packed';
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
  format: 'GeoJSON' | 'CSV';
  /** The table layout recognised (UCDP GED, ACLED, ...), null for GeoJSON. */
  layout: string | null;
}

export class DatasetLoadError extends Error {}
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
      fail(new DatasetLoadError(`The file could not be read (${event.message || 'its reader stopped'}).`));
    };
    worker.onmessageerror = () =>
      fail(new DatasetLoadError('The file could not be read: its reader sent the page something it could not take.'));
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
            fail(
              new DatasetLoadError('Opening was cancelled: the date, latitude and longitude columns were not chosen.'),
            );
          }
          break;
        }
        case 'done':
          finish();
          resolve({ dataset: reply.dataset, problems: reply.problems, format: reply.format, layout: reply.layout });
          break;
        case 'failed':
          fail(new DatasetLoadError(reply.message));
          break;
      }
    };
    if ('file' in source) send({ type: 'open', name: source.file.name, file: source.file, placesUrl });
    else send({ type: 'open', name: source.name, url: source.url, placesUrl });
  });
}
