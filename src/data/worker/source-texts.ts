// A loaded dataset's long text read back from its source (the File, a URL by
// Range, or pages kept compressed) a record at a time, as the load read it: the
// worker keeps where each record lies, twelve bytes a row, not the text.
import { type IncidentText, textOf } from '../pack/long-text';
import { type ByteSource, type RecordSpan, readSpans } from '../store/byte-source';
import type { Incident } from '../types';
import type { TextBackend } from './text-service';

/** Where each record of the file lies, by its index in the file (see RecordStarts). */
export interface RecordSpans {
  readonly count: number;
  span(index: number): RecordSpan;
}

export interface SourceTextsOptions {
  source: ByteSource;
  spans: RecordSpans;
  /** Each incident's index in the file, in reveal order (see PackedIncidents.rowInFile). */
  rowInFile: Uint32Array;
  /** Turns records' bytes back into incidents, as the load read them (null: it no longer reads as one). */
  reread: (records: readonly Uint8Array[], indexes: readonly number[]) => (Incident | null)[];
  /** Searches every incident's text (see TextBackend.search). */
  search: (q: string) => Uint8Array | null;
  /** How the file's records are named in messages: 'row' or 'feature'. */
  noun: 'row' | 'feature';
}

export class SourceTexts implements TextBackend {
  readonly #options: SourceTextsOptions;

  constructor(options: SourceTextsOptions) {
    this.#options = options;
  }

  get kind(): ByteSource['kind'] {
    return this.#options.source.kind;
  }

  async texts(ranks: readonly number[]): Promise<IncidentText[]> {
    const { source, spans, rowInFile, reread, noun } = this.#options;
    const indexes = ranks.map((rank) => {
      if (!Number.isInteger(rank) || rank < 0 || rank >= rowInFile.length) {
        throw new RangeError(`No incident at rank ${rank}`);
      }
      return rowInFile[rank];
    });
    const records = await readSpans(
      source,
      indexes.map((index) => spans.span(index)),
    );
    const incidents = reread(records, indexes);
    return incidents.map((incident, k) => {
      if (!incident) {
        throw new Error(
          `${noun} ${noun === 'row' ? indexes[k] + 1 : indexes[k]} of the file no longer reads as the incident it was; the file may have changed since it was opened`,
        );
      }
      return textOf(incident);
    });
  }

  search(q: string): Uint8Array | null {
    return this.#options.search(q);
  }
}
