// The bytes of a file whose server ignores Range: they cannot be asked for
// again, so they are kept, compressed a page at a time as the download passes
// (a table's text deflates to a quarter or less), and a page is inflated only
// when a record in it is read. Pure (fflate is plain JavaScript): runs in
// workers and in Node.
import { deflateSync, inflateSync } from 'fflate';
import { checkRange } from './byte-runs';
import type { RecordSpan, SpanSource } from './byte-source';

/**
 * Bytes a page: a record is read by inflating its page or two, so a page is
 * kept small enough to inflate in about a millisecond; larger ones compress
 * hardly better.
 */
export const PAGE_BYTES = 256 * 1024;
/**
 * Deflate level 1: on table text the fastest level is within a few per cent of
 * the slower ones' size, so it keeps pace with a download for little more memory.
 */
export const PAGE_LEVEL = 1;
/** Pages kept inflated, the most recently read: the rows a list shows lie mostly in a page or two. */
export const PAGES_KEPT = 8;

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * A ByteSource of bytes given in order (push, then finish), kept deflated in
 * pages of `pageBytes`. Bytes given so far can be read before finish; `size`
 * is how many have been given.
 */
export class PagedBytes implements SpanSource {
  readonly kind = 'pages';
  readonly pageBytes: number;
  readonly #level: Level;
  readonly #kept: number;
  /** Each full page, deflated. */
  readonly #pages: Uint8Array[] = [];
  /** The page being filled, as it came. */
  #filling: Uint8Array;
  #filled = 0;
  #size = 0;
  #deflated = 0;
  #finished = false;
  /** Pages inflated, by index, the most recently read last. */
  readonly #inflated = new Map<number, Uint8Array>();

  constructor(options: { pageBytes?: number; level?: Level; pagesKept?: number } = {}) {
    this.pageBytes = options.pageBytes ?? PAGE_BYTES;
    if (!(Number.isSafeInteger(this.pageBytes) && this.pageBytes > 0)) {
      throw new RangeError(`a page of ${this.pageBytes} bytes`);
    }
    this.#level = options.level ?? PAGE_LEVEL;
    this.#kept = Math.max(1, options.pagesKept ?? PAGES_KEPT);
    this.#filling = new Uint8Array(this.pageBytes);
  }

  /** Bytes given so far. */
  get size(): number {
    return this.#size;
  }

  /** The deflated pages' bytes: what the source costs once finished, for the memory report. */
  get compressedBytes(): number {
    return this.#deflated;
  }

  /** Memory held now: the deflated pages, the page being filled and the pages kept inflated. */
  get bytes(): number {
    let inflated = 0;
    for (const page of this.#inflated.values()) inflated += page.length;
    return this.#deflated + this.#filling.length + inflated;
  }

  push(chunk: Uint8Array): void {
    if (this.#finished) throw new Error('bytes given after finish()');
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(chunk.length - at, this.pageBytes - this.#filled);
      this.#filling.set(chunk.subarray(at, at + take), this.#filled);
      this.#filled += take;
      this.#size += take;
      at += take;
      if (this.#filled === this.pageBytes) this.#deflatePage();
    }
  }

  /** The bytes have all been given: the last page is deflated and the page buffer let go. */
  finish(): void {
    if (this.#finished) return;
    if (this.#filled > 0) this.#deflatePage();
    this.#finished = true;
    this.#filling = new Uint8Array(0);
  }

  read(start: number, end: number): Promise<Uint8Array> {
    try {
      return Promise.resolve(this.#read(start, end));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  readMany(spans: readonly RecordSpan[]): Promise<Uint8Array[]> {
    try {
      for (const { start, length } of spans) checkRange(start, start + length, this.#size);
      // In the order of their starts, so each page is inflated once however the spans are listed.
      const order = spans.map((_, k) => k).sort((a, b) => spans[a].start - spans[b].start);
      const read: Uint8Array[] = new Array(spans.length);
      for (const k of order) read[k] = this.#read(spans[k].start, spans[k].start + spans[k].length);
      return Promise.resolve(read);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #read(start: number, end: number): Uint8Array {
    checkRange(start, end, this.#size);
    const read = new Uint8Array(end - start);
    const size = this.pageBytes;
    for (let page = Math.floor(start / size); page * size < end; page++) {
      const bytes = this.#page(page);
      const from = Math.max(start, page * size);
      const to = Math.min(end, page * size + bytes.length);
      read.set(bytes.subarray(from - page * size, to - page * size), from - start);
    }
    return read;
  }

  /** Page `page`'s bytes: the page being filled as it is, a full one inflated (or kept from a recent read). */
  #page(page: number): Uint8Array {
    if (page === this.#pages.length) return this.#filling.subarray(0, this.#filled);
    const kept = this.#inflated.get(page);
    if (kept) {
      this.#inflated.delete(page);
      this.#inflated.set(page, kept);
      return kept;
    }
    const length = Math.min(this.pageBytes, this.#size - page * this.pageBytes);
    const bytes = inflateSync(this.#pages[page], { out: new Uint8Array(length) });
    this.#inflated.set(page, bytes);
    if (this.#inflated.size > this.#kept) this.#inflated.delete(this.#inflated.keys().next().value as number);
    return bytes;
  }

  #deflatePage(): void {
    const page = deflateSync(this.#filling.subarray(0, this.#filled), { level: this.#level });
    this.#pages.push(page);
    this.#deflated += page.length;
    this.#filled = 0;
  }
}
