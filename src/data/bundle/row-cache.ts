// Decoded row groups and Parquet footers of one opened bundle, kept by file and index so that moving
// a window over days already read fetches only the row groups it did not hold. Least recently used
// first out, bounded by rows held (and footers by count), so memory stays bounded however long the
// page is used. Pure.

import type { FileMetaData } from 'hyparquet';

/** A decoded cell, as hyparquet gives it. */
export type Cell = string | number | bigint | boolean | null | undefined;

/** One row group's decoded columns: per column name, one cell per row of the group. */
export type GroupCells = Map<string, ArrayLike<Cell>>;

/** Rows held by default: about twice the page's row budget, so a window dragged back and forth stays held. */
export const CACHE_ROWS = 600_000;
/** Footers held by default (each a few tens of kB decoded: a month's file of a large bundle). */
export const CACHE_FOOTERS = 64;

interface Entry {
  cells: GroupCells;
  rows: number;
}

export class RowGroupCache {
  readonly maxRows: number;
  readonly maxFooters: number;
  /** By `file/group`, least recently used first (a Map keeps insertion order). */
  readonly #groups = new Map<string, Entry>();
  readonly #footers = new Map<number, FileMetaData>();
  #rows = 0;

  constructor(options: { maxRows?: number; maxFooters?: number } = {}) {
    this.maxRows = options.maxRows ?? CACHE_ROWS;
    this.maxFooters = options.maxFooters ?? CACHE_FOOTERS;
  }

  /** Rows held, over all row groups. */
  get rows(): number {
    return this.#rows;
  }

  /** Row groups held. */
  get size(): number {
    return this.#groups.size;
  }

  /** Row group `group` of file `file`, when it is held with every one of `columns`. */
  get(file: number, group: number, columns: readonly string[]): GroupCells | undefined {
    const key = `${file}/${group}`;
    const entry = this.#groups.get(key);
    if (!entry || !columns.every((c) => entry.cells.has(c))) return undefined;
    this.#groups.delete(key);
    this.#groups.set(key, entry);
    return entry.cells;
  }

  /** Keeps a row group's columns (added to those held for it), then lets the least recently used go past the bound. */
  put(file: number, group: number, cells: GroupCells, rows: number): void {
    const key = `${file}/${group}`;
    const held = this.#groups.get(key);
    if (held) {
      this.#groups.delete(key);
      for (const [name, values] of cells) held.cells.set(name, values);
      this.#groups.set(key, held);
    } else {
      this.#groups.set(key, { cells: new Map(cells), rows });
      this.#rows += rows;
    }
    for (const [oldest, entry] of this.#groups) {
      if (this.#rows <= this.maxRows || oldest === key) break;
      this.#groups.delete(oldest);
      this.#rows -= entry.rows;
    }
  }

  footer(file: number): FileMetaData | undefined {
    return this.#footers.get(file);
  }

  putFooter(file: number, metadata: FileMetaData): void {
    this.#footers.delete(file);
    this.#footers.set(file, metadata);
    for (const oldest of this.#footers.keys()) {
      if (this.#footers.size <= this.maxFooters) break;
      this.#footers.delete(oldest);
    }
  }

  clear(): void {
    this.#groups.clear();
    this.#footers.clear();
    this.#rows = 0;
  }
}
