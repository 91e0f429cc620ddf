// What the page asks of the dataset worker once a dataset is loaded: the long
// text of the incidents it shows, and searches through all of it. The worker
// keeps that text (or reads it back from the file), so the page does not.
import type { IncidentText } from '../pack/long-text';

export interface TextReader {
  /** The summary and sources of the incidents at these reveal ranks, in the order asked. */
  read(ranks: readonly number[]): Promise<IncidentText[]>;
  /** 1 where the incident at each reveal rank holds every word of `q`; null when `q` has no words. */
  search(q: string): Promise<Uint8Array | null>;
  /** Lets the worker go: the dataset is no longer shown. */
  close(): void;
}
