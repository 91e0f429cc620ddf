// The incidents an export writes, read in full (text included) a batch at a
// time through the store's asynchronous read. Pure.
import type { IncidentStore } from '../store/incident-store';
import type { Incident } from '../types';

/** Incidents per batch: a few thousand, so a batch of long texts stays a few megabytes. */
export const EXPORT_BATCH_SIZE = 2000;

export interface BatchOptions {
  size?: number;
  /** Called as each batch is handed on, with how many incidents have been so far. */
  onBatch?: (done: number) => void;
}

/**
 * The incidents at `indexes` (reveal indexes, in the order to write them),
 * `size` at a time. The next batch is read while the current one is written,
 * so at most two are held.
 */
export async function* readBatches(
  store: Pick<IncidentStore, 'read'>,
  indexes: ArrayLike<number>,
  { size = EXPORT_BATCH_SIZE, onBatch }: BatchOptions = {},
): AsyncGenerator<Incident[]> {
  const count = indexes.length;
  const read = (from: number) =>
    store.read(Array.from({ length: Math.min(size, count - from) }, (_, n) => indexes[from + n]));
  let next = count > 0 ? read(0) : null;
  try {
    for (let from = 0; next; from += size) {
      const batch = await next;
      next = from + size < count ? read(from + size) : null;
      onBatch?.(from + batch.length);
      yield batch;
    }
  } finally {
    // Stopped early: the batch read ahead is not wanted, nor is its failure.
    next?.catch(() => {});
  }
}
