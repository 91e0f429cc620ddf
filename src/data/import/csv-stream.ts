// Parses CSV/TSV text that arrives in pieces (a download, a file stream) as it
// arrives, so rows can be checked while the rest is still coming. papaparse
// does the cutting: given a Node-style stream it parses each piece it is fed
// and carries a record cut in two over to the next, exactly as it does when
// it chunks a whole string. The "stream" here is a few lines that papaparse
// accepts as one; nothing of Node is used. Pure.
import Papa from 'papaparse';
import { DataError, say } from '../text/messages';
import { type Row, safeHeader } from './table/detect-layout';

/** papaparse looks at up to the first MiB of its first piece to guess the line break. */
const FIRST_CHARS = 1024 * 1024;

type Listener = (value?: unknown) => void;

/** The part of a Node readable stream papaparse uses: it listens for data, end and error. */
class TextFeed {
  readonly readable = true;
  readonly #listeners = new Map<string, Listener>();
  read(): null {
    return null;
  }
  on(event: string, listener: Listener): void {
    this.#listeners.set(event, listener);
  }
  removeListener(event: string): void {
    this.#listeners.delete(event);
  }
  pause(): void {}
  resume(): void {}
  emit(event: 'data' | 'end', value?: string): void {
    this.#listeners.get(event)?.(value);
  }
}

/**
 * Parses CSV/TSV text given in pieces of any size into rows keyed by the
 * header, the rows papaparse's header mode gives for the whole text. Rows are
 * handed on as each piece is parsed; a record cut between pieces waits for the
 * next one.
 */
export class CsvRows {
  readonly #feed = new TextFeed();
  #fields: string[] | null = null;
  /** Text held back until the first piece is big enough for papaparse's guesses. */
  #first: string[] | null = [];
  #firstLength = 0;
  readonly #firstChars: number;
  /** Pieces waiting to be given to papaparse as one block, and their length. */
  #block: string[] = [];
  #blockLength = 0;
  #received = 0;
  #error: Error | null = null;
  #complete = false;

  /**
   * `delimiter` '' lets papaparse guess it. papaparse guesses the delimiter and
   * the line break from the first piece it is given, looking at up to its
   * first MiB, so the first `firstChars` characters are given to it at once.
   */
  constructor(
    delimiter: string,
    onHeader: (fields: string[]) => void,
    onRows: (rows: Row[]) => void,
    firstChars = FIRST_CHARS,
  ) {
    this.#firstChars = firstChars;
    Papa.parse<Row>(this.#feed as unknown as File, {
      header: true,
      transformHeader: safeHeader,
      delimiter,
      skipEmptyLines: 'greedy',
      chunk: (results) => {
        if (this.#fields === null) {
          this.#fields = results.meta.fields ?? [];
          onHeader(this.#fields);
        }
        onRows(results.data);
      },
      complete: () => {
        this.#complete = true;
      },
      error: (error: Error) => {
        this.#error = error;
      },
    });
  }

  /** Parses the whole records `piece` completes. */
  push(piece: string): void {
    if (this.#first) {
      this.#first.push(piece);
      this.#firstLength += piece.length;
      if (this.#firstLength >= this.#firstChars) this.#releaseFirst();
      return;
    }
    // Papaparse parses again whatever record is left unfinished each time it is fed (all
    // of the rest of the file, after a quote that never closes), so it is fed blocks of
    // at least a MiB, growing with the text: a few dozen feeds for the largest file.
    this.#block.push(piece);
    this.#blockLength += piece.length;
    this.#received += piece.length;
    if (this.#blockLength >= Math.max(this.#firstChars, this.#received / 8)) this.#flush();
  }

  #flush(): void {
    const text = this.#block.join('');
    this.#block = [];
    this.#blockLength = 0;
    if (text !== '') this.#feed.emit('data', text);
    this.#throwError();
  }

  /** The text has ended: parses the last record. */
  end(): void {
    if (this.#first) this.#releaseFirst();
    this.#flush();
    this.#feed.emit('end');
    this.#throwError();
    if (!this.#complete) throw new DataError(say('data.table.notToEnd'));
  }

  /** Gives papaparse the first piece, without a leading byte-order mark. */
  #releaseFirst(): void {
    const text = (this.#first ?? []).join('').replace(/^\uFEFF/, '');
    this.#first = null;
    if (text !== '') this.#feed.emit('data', text);
    this.#throwError();
  }

  #throwError(): void {
    if (this.#error) throw new DataError(say('data.table.notParsed', { why: this.#error.message }));
  }
}
