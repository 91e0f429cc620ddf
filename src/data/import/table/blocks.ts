// Reading a large table on two workers at once. The text is cut into blocks of
// whole records (a cut falls on a line break outside quotes, and the records
// before it are counted, so each block knows its first row's number); each
// worker parses, checks and packs the blocks it is given, exactly as the
// one-worker path reads rows (the header is put before each block, so papaparse
// gives the same rows); then the parts are merged in block order and the
// checks that need the whole table run once: ids used in two workers' blocks,
// and related ids. Whatever the blocks cannot settle (a cut that turned out to
// fall inside a quoted field, a count that papaparse does not agree with, an id
// in two workers' blocks) is reported as a reason, and the caller reads the
// table the one-worker way instead. Pure: runs in workers and in Node.
import Papa from 'papaparse';
import { idTableOf } from '../../pack/id-column';
import { IdSet } from '../../pack/id-set';
import { PackBuilder } from '../../pack/packed';
import { packedPoints, revealHashes, withBuffers } from '../../pack/packed-buffers';
import type { PackedDataset, PackPart, RevealSort } from '../../pack/packed-types';
import type { DatasetProblem } from '../../types';
import { CountryOutlines, type OutlineSource } from '../places/country-outlines';
import { checkRelated, type RelatedCheck } from '../validate';
import { type LayoutGuess, type Row, safeHeader } from './detect-layout';
import { type RecordListener, RecordScanner } from './record-starts';
import { listable, rowOf } from './row';
import { type BlockFindings, byRow, headersOf, isWhiteSpace, TableReader } from './tabular';

/**
 * Text per block: a few thousand rows, so that few of a block's parsed rows are
 * alive at once (a worker's young-generation collections copy every one that is)
 * and the last block dealt keeps a worker busy only briefly.
 */
export const BLOCK_CHARS = 256 * 1024;

/** How a table starts: what every block needs to be read as part of it. */
export interface TableHead {
  /** The header record as written (line break included), put before each block. */
  headerText: string;
  /** Where the first record after the header starts in the text given. */
  bodyStart: number;
  delimiter: string;
  newline: string;
  /** The header's column names, as papaparse reads them. */
  fields: string[];
  /** The columns of the first rows, as TableReader reads them from the first rows. */
  headers: string[];
}

/** Rows the first text must hold for its first rows to be read as the one-worker path reads them. */
const HEAD_ROWS = 50;

/**
 * The head of a table from its first text (a byte-order mark already removed),
 * which must be at least the first MiB or the whole table, as papaparse guesses
 * separator and line break from it; null when that text holds too few records
 * to be sure of its first rows.
 */
export function readTableHead(text: string, delimiter: string): TableHead | null {
  const rows = Papa.parse<Row>(text, {
    delimiter,
    skipEmptyLines: 'greedy',
    header: true,
    transformHeader: safeHeader,
    preview: HEAD_ROWS + 1,
  });
  // The last row read may be cut short by the end of the text: those before it are whole.
  if (rows.data.length <= HEAD_ROWS) return null;
  const newline = rows.meta.linebreak;
  const bodyStart = firstRecordEnd(text, newline);
  const fields = rows.meta.fields ?? [];
  // A table that does not start with its header (a blank line first, say) is read the one-worker way.
  const header = Papa.parse<string[]>(text.slice(0, bodyStart), { delimiter: rows.meta.delimiter });
  if (bodyStart < 0 || header.data[0]?.map(safeHeader).join('\u0000') !== fields.join('\u0000')) return null;
  return {
    headerText: text.slice(0, bodyStart),
    bodyStart,
    delimiter: rows.meta.delimiter,
    newline: rows.meta.linebreak,
    fields,
    headers: headersOf(rows.data.slice(0, HEAD_ROWS)),
  };
}

/**
 * Where a table's body starts in its bytes: after `from` (its byte-order
 * marks) and as many line breaks as its header's text holds. Counted in line
 * breaks, not in the header's length encoded again: bytes that are not UTF-8
 * each decode to a character of three bytes, while a line break's byte is the
 * same however the bytes around it decode. -1 when the bytes do not hold it.
 */
export function bodyByteStart(bytes: Uint8Array, from: number, headerText: string): number {
  const lineEnd = headerText.charCodeAt(headerText.length - 1);
  if (lineEnd !== 10 && lineEnd !== 13) return -1;
  let breaks = 0;
  for (let i = 0; i < headerText.length; i++) if (headerText.charCodeAt(i) === lineEnd) breaks++;
  for (let at = from, found = 0; at < bytes.length; at++) {
    if (bytes[at] === lineEnd && ++found === breaks) return at + 1;
  }
  return -1;
}

/** Where the first record ends (after its line break), or -1 when the text holds no whole record. */
function firstRecordEnd(text: string, newline: string): number {
  let at = 0;
  for (;;) {
    const quote = text.indexOf('"', at);
    const end = text.indexOf(newline, at);
    if (end < 0) return -1;
    if (quote < 0 || end < quote) return end + newline.length;
    const close = text.indexOf('"', quote + 1);
    if (close < 0) return -1;
    at = close + 1;
  }
}

export interface TableBlock {
  index: number;
  text: string;
  /** Index of its first row in the table (0: the row after the header). */
  offset: number;
  /** The rows papaparse should find in it (records that are not empty lines). */
  rows: number;
}

/** A block as it travels to a table worker: its text as UTF-8 bytes (transferred, not copied). */
export interface TableBytes {
  index: number;
  bytes: Uint8Array;
  offset: number;
  rows: number;
}

/**
 * Cuts a table's UTF-8 bytes after its header into blocks of whole records,
 * counting them: a record ends at a line break outside double quotes (see
 * RecordScanner), and a line break and a double quote are single bytes that
 * no other character's bytes contain. The text is never decoded, joined or
 * copied here on its way to the workers: pieces are kept as they came, and
 * joined only into blocks.
 */
export class ByteCutter {
  #pieces: Uint8Array[] = [];
  #length = 0;
  /** Bytes already cut into blocks: the scanner counts offsets from the first byte given. */
  #cut = 0;
  #rows = 0;
  #index = 0;
  #offset = 0;
  readonly #scanner: RecordScanner;

  /** Rows counted so far, in the blocks cut and the bytes after them. */
  get rows(): number {
    return this.#offset + this.#rows;
  }

  /**
   * Given the table's `delimiter`, records are cut as papaparse cuts them and
   * rows counted as 'greedy' counts them (white space only is no row);
   * without, every quote opens or closes a quoted field and every record that
   * is not empty is counted. `onRecord` is told each record (offsets from the
   * first byte given), so RecordStarts can use this scan of the bytes.
   */
  constructor(
    newline: string,
    private readonly onBlock: (block: TableBytes) => void,
    private readonly blockBytes = BLOCK_CHARS,
    syntax: { delimiter?: string; onRecord?: RecordListener } = {},
  ) {
    const { delimiter, onRecord } = syntax;
    this.#scanner = new RecordScanner({ newline, delimiter }, (start, end, row) => {
      if (delimiter === undefined ? end > start : row) this.#rows++;
      onRecord?.(start, end, row);
    });
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#pieces.push(bytes);
    this.#length += bytes.length;
    this.#scanner.push(bytes);
    const lineStart = this.#scanner.pendingStart - this.#cut;
    if (lineStart >= this.blockBytes) this.#emit(lineStart, this.#rows);
  }

  /** The bytes have ended; false when they end inside a quoted field. */
  end(): boolean {
    const whole = this.#scanner.end();
    if (this.#length > 0) this.#emit(this.#length, this.#rows);
    return whole;
  }

  #emit(cut: number, rows: number): void {
    const block = new Uint8Array(cut);
    let filled = 0;
    while (filled < cut) {
      const piece = this.#pieces[0];
      const take = Math.min(piece.length, cut - filled);
      block.set(take === piece.length ? piece : piece.subarray(0, take), filled);
      filled += take;
      if (take === piece.length) this.#pieces.shift();
      else this.#pieces[0] = piece.subarray(take);
    }
    this.onBlock({ index: this.#index++, bytes: block, offset: this.#offset, rows });
    this.#offset += rows;
    this.#length -= cut;
    this.#cut += cut;
    this.#rows -= rows;
  }
}

/**
 * Deals blocks to workers as they ask for more: a block goes to the worker
 * with the fewest blocks still to read, while it has fewer than `ahead`, so a
 * worker that the rest of the page slows down is given less, and both finish
 * together. Once the text has ended and every block is dealt, each worker is
 * told so (`send` with null).
 */
export class BlockDealer<Block = TableBlock> {
  readonly #waiting: Block[] = [];
  readonly #toRead: number[];
  #ended = false;
  #told = false;
  /** Who waits for room (see room), and how many waiting blocks each can stand. */
  #roomWaiters: [number, () => void][] = [];
  #released = false;

  constructor(
    workers: number,
    private readonly send: (worker: number, block: Block | null) => void,
    private readonly ahead = 3,
  ) {
    this.#toRead = new Array(workers).fill(0);
  }

  deal(block: Block): void {
    this.#waiting.push(block);
    this.#dealOut();
  }

  /** Worker `worker` has read one of its blocks. */
  read(worker: number): void {
    this.#toRead[worker]--;
    this.#dealOut();
  }

  /**
   * Resolves once at most `most` blocks wait to be dealt (at once if they
   * already do), or once the dealer is released: what the reader of the bytes
   * waits for, so that a file read faster than the workers read its blocks
   * does not pile up, whole, in memory.
   */
  room(most: number): Promise<void> {
    if (this.#released || this.#waiting.length <= most) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push([most, resolve]));
  }

  /** No one need wait for room any more (the workers are gone). */
  release(): void {
    this.#released = true;
    for (const [, resolve] of this.#roomWaiters.splice(0)) resolve();
  }

  /** Every block has been dealt in. */
  end(): void {
    this.#ended = true;
    this.#dealOut();
  }

  #dealOut(): void {
    while (this.#waiting.length > 0) {
      let worker = 0;
      for (let w = 1; w < this.#toRead.length; w++) if (this.#toRead[w] < this.#toRead[worker]) worker = w;
      if (this.#toRead[worker] >= this.ahead) break;
      this.#toRead[worker]++;
      this.send(worker, this.#waiting.shift() as Block);
    }
    if (this.#roomWaiters.length > 0) {
      const waiting = this.#waiting.length;
      const still = this.#roomWaiters.filter(([most]) => waiting > most);
      for (const [most, resolve] of this.#roomWaiters) if (waiting <= most) resolve();
      this.#roomWaiters = still;
    }
    if (this.#ended && !this.#told && this.#waiting.length === 0) {
      this.#told = true;
      for (let w = 0; w < this.#toRead.length; w++) this.send(w, null);
    }
  }
}

/** What one worker hands back: its packed part, what it found, and which of its entries came from which block. */
export interface BlockResult {
  part: PackPart;
  findings: BlockFindings;
  /** Block index, and the part's entries from..to read from that block. */
  ranges: [number, number, number][];
  /** The table of the worker's id set, whose ids are the part's (see IdSet.slots). */
  idSlots: Int32Array;
}

/** Reads the blocks one worker is given (in order), packing what it reads. */
export class BlockReader {
  readonly #builder: PackBuilder;
  readonly #reader: TableReader;
  readonly #ranges: [number, number, number][] = [];
  /** Whether rows are read as lists of cells (see listable), not as objects. */
  readonly #listable: boolean;

  /**
   * `expectedChars`, when known: about how much of the table's text this
   * worker will read, so that once the first block says how long a row is,
   * room is made for them all at once. `outlines`: the country outlines rows
   * are checked against (see TableReader).
   */
  constructor(
    private readonly head: TableHead,
    guess: LayoutGuess,
    options: { name: string; attribution?: string; longText?: boolean },
    private readonly expectedChars = 0,
    outlines?: OutlineSource,
  ) {
    this.#builder = new PackBuilder([], { longText: options.longText, index: true });
    this.#reader = new TableReader(
      guess,
      { ...options, headers: head.headers, outlines: outlines && new CountryOutlines(outlines) },
      (incident, index) => this.#builder.add(incident, index),
    );
    this.#listable = listable(head.fields);
  }

  /** Reads a block; returns why the table must be read the one-worker way instead, or null. */
  read(block: TableBlock): string | null {
    const { headerText, delimiter, newline, fields } = this.head;
    // Parsed as lists (the header first, so the block is read as part of the
    // table) and read as lists, as papaparse's `header: true` rows would be
    // read: no object is made of each row, and papaparse's own pass, which
    // asks for each cell whether to convert it, is left out.
    const parsed = Papa.parse<string[]>(headerText + block.text, {
      delimiter,
      newline: newline as '\n' | '\r' | '\r\n',
      // Rows of white space only are left out by rowsOf, as 'greedy' would: papaparse joins every row's cells to see.
      skipEmptyLines: true,
    });
    if (parsed.errors.some((error) => error.code === 'MissingQuotes')) {
      return `block ${block.index} ends inside a quoted field`;
    }
    // The first list is the header; lists of white space only are no rows, as 'greedy' would leave them out.
    const lists = parsed.data;
    let rows = 0;
    for (let r = 1; r < lists.length; r++) if (!isWhiteSpace(lists[r])) rows++;
    if (rows !== block.rows) {
      return `block ${block.index} holds ${rows} rows, not the ${block.rows} counted`;
    }
    const from = this.#builder.added;
    if (this.#listable) this.#reader.addLists(lists, 1, fields, block.offset);
    else {
      this.#reader.add(
        lists.slice(1).flatMap((cells) => (isWhiteSpace(cells) ? [] : [rowOf(cells, fields)])),
        block.offset,
      );
    }
    this.#ranges.push([block.index, from, this.#builder.added]);
    if (this.#ranges.length === 1 && this.expectedChars > 0 && block.text.length > 0) {
      const expected = Math.ceil((this.expectedChars / block.text.length) * rows);
      this.#builder.expect(expected);
      this.#reader.ids.reserve(expected);
    }
    return null;
  }

  finish(): BlockResult {
    return {
      part: this.#builder.part(),
      findings: this.#reader.partial(),
      ranges: this.#ranges,
      idSlots: this.#reader.ids.slots,
    };
  }
}

/** The workers' parts as one, ready to pack: in a builder, sorted, with its ids and what is known of the dataset. */
export interface MergedTable {
  builder: PackBuilder;
  sorted: RevealSort;
  /** The hash of each id, in the builder's order (see PackBuilder.pack). */
  hashes: Int32Array;
  meta: { name: string; attribution?: string; places: [] };
  problems: DatasetProblem[];
}

/**
 * One dataset from the workers' results, as reading the whole table on one
 * worker gives it; or why it cannot be (the caller then reads it that way).
 */
export function mergeBlocks(
  results: readonly BlockResult[],
  options: { name: string; attribution?: string; firstRow?: number; longText?: boolean },
): { dataset: PackedDataset; problems: DatasetProblem[] } | string {
  const merged = mergeParts(results, options);
  if (typeof merged === 'string') return merged;
  const { builder, sorted, meta, hashes, problems } = merged;
  const dataset = withBuffers(
    builder.pack(sorted, meta),
    packedPoints(sorted.points),
    idTableOf(revealHashes(hashes, sorted)),
  );
  return { dataset, problems };
}

/**
 * The workers' results merged and sorted, to be packed (see mergeBlocks), or
 * why they cannot be. `whenSorted` is told the reveal order as soon as it is
 * known, before the whole-table checks, so the point buffers can be begun.
 */
export function mergeParts(
  results: readonly BlockResult[],
  options: { name: string; attribution?: string; firstRow?: number; longText?: boolean },
  whenSorted?: (sorted: RevealSort, hashes: Int32Array) => void,
): MergedTable | string {
  const firstRow = options.firstRow ?? 2;
  const blocks = results
    .flatMap((result, worker) => result.ranges.map(([index, from, to]) => ({ index, from, to, worker })))
    .sort((a, b) => a.index - b.index);
  if (blocks.some((block, k) => block.index !== k)) return 'a block is missing';
  // Each worker's set of the ids it used, as it made it: each id was hashed once, in its worker.
  const sets = results.map(({ idSlots, part }) => IdSet.adopt(idSlots, part.idText, part.idOffsets));
  const setHashes = sets.map((set) => set.hashes());
  const builder = new PackBuilder([], { longText: options.longText });
  builder.reserve(results.map((result) => result.part));
  const hashes = new Int32Array(results.reduce((count, result) => count + result.part.count, 0));
  for (const { worker, from, to } of blocks) {
    hashes.set(setHashes[worker].subarray(from, to), builder.added);
    builder.absorb(results[worker].part, from, to);
  }
  const sorted = builder.sort();
  whenSorted?.(sorted, hashes);
  // Each worker renamed the ids repeated in its own blocks, so an id loaded twice
  // was loaded by two workers. An id in two workers' blocks (even on a row
  // skipped for another fault) might have been renamed, or renamed otherwise,
  // had one worker read both.
  const known = { has: (id: string) => sets.some((set) => set.has(id)) };
  for (let w = 1; w < sets.length; w++) {
    const { idText, idOffsets, count } = results[w].part;
    for (let j = 0; j < count; j++) {
      const id = idText.slice(idOffsets[j], idOffsets[j + 1]);
      for (let other = 0; other < w; other++) {
        if (sets[other].has(id)) return `the id "${id}" is used in blocks read by different workers`;
      }
    }
  }
  for (const result of results) {
    for (const id of result.findings.skippedIds) {
      if (known.has(id)) return `the id "${id}" is used in blocks read by different workers`;
    }
  }

  const related: RelatedCheck[] = results
    .flatMap((result) => result.findings.related)
    .sort((a, b) => a.index - b.index);
  const relatedProblems: DatasetProblem[] = [];
  checkRelated(related, known, relatedProblems);
  const relatedField = results[0]?.findings.relatedField ?? 'related';
  // The problems about the whole file (index -1) are the same in every worker's findings.
  const problems = [
    ...(results[0]?.findings.problems.filter((p) => p.index < 0) ?? []),
    ...results.flatMap((result) => result.findings.problems.filter((p) => p.index >= 0)),
    ...relatedProblems.map((p) => ({ ...p, row: firstRow + p.index, field: relatedField })),
  ];
  const first = <T>(found: { value: T; at: number }[], fallback: T): T =>
    found.filter((f) => f.at >= 0).sort((a, b) => a.at - b.at)[0]?.value ?? fallback;
  const name = first(
    results.map((r) => r.findings.name),
    options.name,
  );
  const attribution = first(
    results.map((r) => r.findings.attribution),
    options.attribution,
  );
  return { builder, sorted, hashes, meta: { name, attribution, places: [] }, problems: byRow(problems) };
}
