// A loaded Parquet file's long text read back from it a row at a time, as the
// load read it (see rereadParquetRows): the worker keeps the open file, the
// columns read and each incident's row, not the text. Search goes through the
// index the load made.
import { SliceCache } from '../import/parquet/byte-buffers';
import { type ParquetFile, readParquetRows } from '../import/parquet/parquet-file';
import { type ParquetShape, rereadParquetRows } from '../import/parquet/read-parquet';
import { type IncidentText, textOf } from '../pack/long-text';
import type { TextBackend } from './text-service';

/**
 * The most of the file's slices kept between reads: a row group's column
 * chunks, so the batches of an export, which read rows of the same groups one
 * after another, fetch each group's bytes once (a file without an offset index
 * is read a column chunk at a time).
 */
const KEPT_BYTES = 256 * 1024 * 1024;
/** Rows read at once, and kept, for a read of many rows close together (an export's batch). */
const WINDOW_ROWS = 16_384;
/** Reads of fewer rows (the details, a card) read only theirs. */
const WINDOW_FROM = 64;
/** What is kept is let go after this long without a read. */
const KEPT_MS = 30_000;

export interface ParquetTextsOptions {
  shape: ParquetShape;
  /** Each incident's row in the file, in reveal order (see PackedIncidents.rowInFile). */
  rowInFile: Uint32Array;
  /** Searches every incident's text (see TextBackend.search). */
  search: (q: string) => Uint8Array | null;
}

export class ParquetTexts implements TextBackend {
  readonly #options: ParquetTextsOptions;
  readonly #slices: SliceCache;
  readonly #shape: ParquetShape;
  /**
   * The cells of the last window of rows read: an export reads its batches in
   * reveal order, mostly the file's, and a page of a column holds thousands of
   * rows, so each batch would otherwise decode the pages its neighbours did.
   */
  #window: { from: number; cells: string[][] } | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: ParquetTextsOptions) {
    this.#options = options;
    this.#slices = new SliceCache(options.shape.file.buffer, KEPT_BYTES);
    this.#shape = { ...options.shape, file: { ...options.shape.file, buffer: this.#slices } };
  }

  async texts(ranks: readonly number[]): Promise<IncidentText[]> {
    const { rowInFile } = this.#options;
    const rows = ranks.map((rank) => {
      if (!Number.isInteger(rank) || rank < 0 || rank >= rowInFile.length) {
        throw new RangeError(`No incident at rank ${rank}`);
      }
      return rowInFile[rank];
    });
    try {
      const incidents = await rereadParquetRows(this.#shape, rows, (file, wanted, headers) =>
        this.#cells(file, wanted, headers),
      );
      return incidents.map((incident, k) => {
        if (!incident) {
          throw new Error(
            `row ${rows[k] + 2} of the file no longer reads as the incident it was; the file may have changed since it was opened`,
          );
        }
        return textOf(incident);
      });
    } finally {
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = setTimeout(() => {
        this.#slices.clear();
        this.#window = null;
      }, KEPT_MS);
    }
  }

  search(q: string): Uint8Array | null {
    return this.#options.search(q);
  }

  /** The cells of `rows`: from the window kept, or read (a window of them when they are many and close together). */
  async #cells(file: ParquetFile, rows: readonly number[], headers: readonly string[]): Promise<string[][]> {
    let first = Number.POSITIVE_INFINITY;
    let last = -1;
    for (const row of rows) {
      first = Math.min(first, row);
      last = Math.max(last, row);
    }
    const kept = this.#window;
    if (kept && first >= kept.from && last < kept.from + kept.cells.length) {
      return rows.map((row) => kept.cells[row - kept.from]);
    }
    if (rows.length < WINDOW_FROM || last - first >= WINDOW_ROWS) return readParquetRows(file, rows, headers);
    const end = Math.min(file.rowCount, first + WINDOW_ROWS);
    const span = Array.from({ length: end - first }, (_, i) => first + i);
    const window = { from: first, cells: await readParquetRows(file, span, headers) };
    this.#window = window;
    return rows.map((row) => window.cells[row - first]);
  }
}
