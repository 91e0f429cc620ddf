// Makes a TokenIndex (see token-index.ts) from folded lines, one incident at a
// time. Postings are LEB128 gaps between ascending rows; while building, each
// token's gaps go into slices of a pool of fixed blocks that grow with the
// token (Lucene's byte pool): memory is about what the postings will take,
// never a (token, row) pair of 8 bytes each, and no array is copied to grow.
// finish() copies each token's bytes into one array. Pure.
import { type TokenIndex, tokenAt } from './token-index';

const SPACE = 32;
const NEWLINE = 10;
// FNV-1a over UTF-16 units.
const HASH_SEED = 0x811c9dc5;
const HASH_PRIME = 0x01000193;

// Pool blocks of 256 KiB; a slice never crosses one, so a slice's end wastes at most the largest slice.
const BLOCK_BITS = 18;
const BLOCK_SIZE = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_SIZE - 1;
// Slice sizes by level, each ending in 4 bytes for the address of the next; a token seen once takes 8 bytes.
const SLICE_SIZES = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];
const LINK = 4;
const MAX_ROW = 0x7fff_fffe;
const DECODE_PIECE = 1 << 20;

/** The first rows arrive in order; once a row comes before the one before, the rest are written whole. */
const SHUFFLED = 1;

/**
 * Builds a TokenIndex from folded lines (see foldForSearch), one incident at a
 * time, its rows in any order. Memory: about the finished postings (a byte
 * or two a posting) plus ~40 bytes a distinct token; finish() holds both the
 * pool and the finished index for a moment.
 */
export class TokenIndexBuilder {
  private rows = 0;
  private tokens = 0;
  /** Room for this many tokens in each array below (textStart one more). */
  private capacity = 256;
  /** Open addressing: 1 + token id, 0 for an empty slot; at most half full. */
  private table = new Int32Array(1 << 10);
  private tokenHash = new Int32Array(this.capacity);
  /** Token t's units are text[textStart[t] .. textStart[t + 1]). */
  private textStart = new Uint32Array(this.capacity + 1);
  private text = new Uint16Array(4096);
  /** The last row each token was noted in, -1 for none yet. */
  private lastRow = new Int32Array(this.capacity);
  /** Pool address of the token's first slice, of its next byte, and where its current slice's data ends. */
  private head = new Uint32Array(this.capacity);
  private write = new Uint32Array(this.capacity);
  private sliceEnd = new Uint32Array(this.capacity);
  private level = new Uint8Array(this.capacity);
  private state = new Uint8Array(this.capacity);
  /** Bytes of postings written per token. */
  private bytes = new Uint32Array(this.capacity);
  private blocks: Uint8Array[] = [];
  private poolUsed = 0;
  private scratch = new Uint16Array(256);
  private finished = false;

  /** Adds row `row`'s folded line. */
  add(row: number, foldedLine: string): void {
    if (foldedLine.length > this.scratch.length) this.scratch = new Uint16Array(foldedLine.length * 2);
    const units = this.scratch;
    for (let i = 0; i < foldedLine.length; i++) units[i] = foldedLine.charCodeAt(i);
    this.addUnits(row, units, 0, foldedLine.length);
  }

  /**
   * Adds row `row`'s folded line, units[from .. to) as UTF-16 code units (the
   * packed search text's form; a '\n' ending it is taken as a space).
   */
  addUnits(row: number, units: Uint16Array, from = 0, to = units.length): void {
    if (this.finished) throw new Error('TokenIndexBuilder: add after finish');
    if (!Number.isInteger(row) || row < 0 || row > MAX_ROW) throw new RangeError(`row ${row} is out of range`);
    if (row >= this.rows) this.rows = row + 1;
    let start = -1;
    let hash = 0;
    for (let i = from; i < to; i++) {
      const unit = units[i];
      if (unit === SPACE || unit === NEWLINE) {
        if (start >= 0) this.post(this.tokenOf(units, start, i, hash), row);
        start = -1;
        continue;
      }
      if (start < 0) {
        start = i;
        hash = HASH_SEED;
      }
      hash = Math.imul(hash ^ unit, HASH_PRIME);
    }
    if (start >= 0) this.post(this.tokenOf(units, start, to, hash), row);
  }

  /** The index of what was added; the builder takes no more and lets go of its memory. */
  finish(): TokenIndex {
    this.finished = true;
    const tokens = this.tokens;
    const { dictionary, tokenStarts } = this.dictionary();
    this.text = new Uint16Array(0);
    this.table = new Int32Array(0);

    let total = 0;
    for (let t = 0; t < tokens; t++) total += this.bytes[t];
    let postings = new Uint8Array(total);
    const postingStarts = new Uint32Array(tokens + 1);
    let at = 0;
    let rows = new Uint32Array(0);
    for (let t = 0; t < tokens; t++) {
      postingStarts[t] = at;
      if (!(this.state[t] & SHUFFLED)) {
        at = this.copyPostings(t, postings, at);
        continue;
      }
      // Rows that came out of order: sorted and written as gaps. Never longer than what was written.
      if (rows.length < this.bytes[t]) rows = new Uint32Array(this.bytes[t]);
      const n = this.readShuffled(t, rows);
      const sorted = rows.subarray(0, n).sort();
      let previous = -1;
      for (let k = 0; k < n; k++) {
        if (sorted[k] === previous) continue;
        at = putVarint(postings, at, sorted[k] - previous);
        previous = sorted[k];
      }
    }
    postingStarts[tokens] = at;
    if (at < postings.length) postings = postings.slice(0, at);
    this.blocks = [];
    return { rows: this.rows, dictionary, tokenStarts, postingStarts, postings };
  }

  /** Token id of units[start .. end), added when new. */
  private tokenOf(units: Uint16Array, start: number, end: number, hash: number): number {
    const mask = this.table.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.table[slot] - 1;
      if (id < 0) return this.newToken(slot, units, start, end, hash);
      if (this.tokenHash[id] !== hash) continue;
      const from = this.textStart[id];
      if (this.textStart[id + 1] - from !== length) continue;
      let same = true;
      for (let k = 0; k < length; k++) {
        if (this.text[from + k] !== units[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
  }

  private newToken(slot: number, units: Uint16Array, start: number, end: number, hash: number): number {
    const id = this.tokens++;
    if (id === this.capacity) this.growTokens();
    const from = this.textStart[id];
    if (from + end - start > this.text.length) this.text = grown(this.text, from + end - start);
    this.text.set(units.subarray(start, end), from);
    this.textStart[id + 1] = from + end - start;
    this.tokenHash[id] = hash;
    this.lastRow[id] = -1;
    const address = this.allocate(0);
    this.head[id] = address;
    this.write[id] = address;
    this.sliceEnd[id] = address + SLICE_SIZES[0] - LINK;
    this.table[slot] = id + 1;
    if (this.tokens * 2 > this.table.length) this.rehash();
    return id;
  }

  /** Notes that token t is in row `row`. */
  private post(t: number, row: number): void {
    const last = this.lastRow[t];
    // A token twice in a line, or a row added again straight after: once is enough.
    if (row === last) return;
    this.lastRow[t] = row;
    if (row > last && !(this.state[t] & SHUFFLED)) {
      this.putVarint(t, row - last);
      return;
    }
    if (!(this.state[t] & SHUFFLED)) {
      // A gap is never 0: a 0 marks where whole rows begin.
      this.putVarint(t, 0);
      this.state[t] |= SHUFFLED;
    }
    this.putVarint(t, row);
  }

  private putVarint(t: number, value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.putByte(t, (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.putByte(t, v);
  }

  private putByte(t: number, byte: number): void {
    let at = this.write[t];
    if (at === this.sliceEnd[t]) at = this.nextSlice(t, at);
    this.blocks[at >>> BLOCK_BITS][at & BLOCK_MASK] = byte;
    this.write[t] = at + 1;
    this.bytes[t]++;
  }

  /** Starts token t's next slice, its address written where the full one ends. */
  private nextSlice(t: number, at: number): number {
    const level = Math.min(this.level[t] + 1, SLICE_SIZES.length - 1);
    const address = this.allocate(level);
    const block = this.blocks[at >>> BLOCK_BITS];
    const offset = at & BLOCK_MASK;
    block[offset] = address & 0xff;
    block[offset + 1] = (address >>> 8) & 0xff;
    block[offset + 2] = (address >>> 16) & 0xff;
    block[offset + 3] = address >>> 24;
    this.level[t] = level;
    this.sliceEnd[t] = address + SLICE_SIZES[level] - LINK;
    return address;
  }

  private allocate(level: number): number {
    const size = SLICE_SIZES[level];
    const end = this.blocks.length * BLOCK_SIZE;
    if (this.poolUsed + size > end) {
      if (end + BLOCK_SIZE > 2 ** 32) throw new RangeError('TokenIndexBuilder: postings beyond 4 GiB');
      this.blocks.push(new Uint8Array(BLOCK_SIZE));
      this.poolUsed = end;
    }
    const address = this.poolUsed;
    this.poolUsed += size;
    return address;
  }

  /** Copies token t's bytes, slice by slice, into `out` from `at`; returns where they end. */
  private copyPostings(t: number, out: Uint8Array, at: number): number {
    let left = this.bytes[t];
    let from = this.head[t];
    let end = from + SLICE_SIZES[0] - LINK;
    let level = 0;
    let to = at;
    for (;;) {
      const n = Math.min(left, end - from);
      const block = this.blocks[from >>> BLOCK_BITS];
      const offset = from & BLOCK_MASK;
      // Most tokens have a few bytes: a loop, not a subarray object each.
      if (n < 64) for (let k = 0; k < n; k++) out[to++] = block[offset + k];
      else {
        out.set(block.subarray(offset, offset + n), to);
        to += n;
      }
      left -= n;
      if (left === 0) return to;
      from = readAddress(block, offset + n);
      level = Math.min(level + 1, SLICE_SIZES.length - 1);
      end = from + SLICE_SIZES[level] - LINK;
    }
  }

  /** Token t's rows, as written (gaps, a 0, then whole rows), into `rows`; returns how many. */
  private readShuffled(t: number, rows: Uint32Array): number {
    const bytes = new Uint8Array(this.bytes[t]);
    this.copyPostings(t, bytes, 0);
    let n = 0;
    let row = -1;
    let whole = false;
    for (let p = 0; p < bytes.length; ) {
      let value = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = bytes[p++];
        value |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      if (!whole && value === 0) {
        whole = true;
        continue;
      }
      row = whole ? value : row + value;
      rows[n++] = row;
    }
    return n;
  }

  /** The tokens joined, each followed by '\n', decoded as searchText decodes the search text. */
  private dictionary(): { dictionary: string; tokenStarts: Uint32Array } {
    const tokens = this.tokens;
    const units = new Uint16Array(this.textStart[tokens] + tokens);
    const tokenStarts = new Uint32Array(tokens + 1);
    let at = 0;
    for (let t = 0; t < tokens; t++) {
      tokenStarts[t] = at;
      for (let k = this.textStart[t]; k < this.textStart[t + 1]; k++) units[at++] = this.text[k];
      units[at++] = NEWLINE;
    }
    tokenStarts[tokens] = at;
    // Unpaired surrogates become U+FFFD, unit for unit, as in the search text today. In
    // pieces ending at a token's end: Node 20's decoder refuses 2^27 units or more.
    const decoder = new TextDecoder('utf-16le', { ignoreBOM: true });
    let dictionary = '';
    for (let from = 0, t = 0; from < at; ) {
      let to = from + DECODE_PIECE;
      if (to >= at) to = at;
      else {
        t = tokenAt(tokenStarts, to, t);
        to = tokenStarts[t] > from ? tokenStarts[t] : tokenStarts[t + 1];
      }
      dictionary += decoder.decode(units.subarray(from, to));
      from = to;
    }
    return { dictionary, tokenStarts };
  }

  private growTokens(): void {
    const capacity = this.capacity * 2;
    this.capacity = capacity;
    this.tokenHash = grown(this.tokenHash, capacity);
    this.textStart = grown(this.textStart, capacity + 1);
    this.lastRow = grown(this.lastRow, capacity);
    this.head = grown(this.head, capacity);
    this.write = grown(this.write, capacity);
    this.sliceEnd = grown(this.sliceEnd, capacity);
    this.level = grown(this.level, capacity);
    this.state = grown(this.state, capacity);
    this.bytes = grown(this.bytes, capacity);
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.tokens; id++) {
      let slot = this.tokenHash[id] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.table = table;
  }
}

type Growable = Uint8Array | Uint16Array | Uint32Array | Int32Array;

/** A copy of `array` with room for `size`, or twice its length if more. */
function grown<T extends Growable>(array: T, size: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(size, array.length * 2));
  bigger.set(array);
  return bigger;
}

function readAddress(block: Uint8Array, at: number): number {
  return (block[at] | (block[at + 1] << 8) | (block[at + 2] << 16)) + block[at + 3] * 0x100_0000;
}

function putVarint(out: Uint8Array, at: number, value: number): number {
  let to = at;
  let v = value;
  while (v >= 0x80) {
    out[to++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[to++] = v;
  return to;
}
