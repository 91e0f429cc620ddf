// What search looks through, as a PackBuilder gathers it: each incident's
// title, summary, actors and place name folded into one line (see
// foldForSearch), kept as UTF-16 code units or put into a token index as they
// arrive, then put into reveal order. Pure: runs in workers and in Node.
import { foldAsciiInto, foldForSearch } from '../search/fold';
import type { RankedTokenIndex, TokenIndex } from '../search/token-index';
import { TokenIndexBuilder } from '../search/token-index-builder';
import { runsIn, withRoom } from './columns';
import type { PackPart } from './packed-types';

/** The line break between search lines (a UTF-16 code unit). */
const NEWLINE = 10;

/**
 * The search lines by entry, in order of arrival, as PackBuilder numbers its
 * entries; it grows them with its own and hands them on in its parts.
 */
export class SearchLineBuilder {
  /** Each incident's search line as UTF-16 code units, in order of arrival. */
  searchUnits = new Uint16Array(64 * 1024);
  searchUsed = 0;
  searchStart = new Float64Array(1024);
  searchLength = new Uint32Array(1024);
  /** The search index being built, when lines are indexed rather than kept (see PackedIncidents.searchIndex). */
  private tokens: TokenIndexBuilder | null;
  private finishedTokens: TokenIndex | null = null;
  /** A line folded before it is indexed. */
  private scratch = new Uint16Array(1024);
  /**
   * For each index of a part absorbed: where each of the part's entries is
   * here. Kept by index, not by part, so a part's columns can go once absorbed.
   */
  private readonly absorbed = new Map<TokenIndex, Uint32Array>();

  /** `index`: whether lines go into a token index instead of being kept. */
  constructor(index: boolean) {
    this.tokens = index ? new TokenIndexBuilder() : null;
  }

  /** Whether lines are being indexed rather than kept (until the index is finished). */
  get indexing(): boolean {
    return this.tokens !== null;
  }

  grow(needed: number): void {
    this.searchStart = withRoom(this.searchStart, needed);
    this.searchLength = withRoom(this.searchLength, needed);
  }

  /** Makes room for `units` code units of lines in all. */
  room(units: number): void {
    this.searchUnits = withRoom(this.searchUnits, units);
  }

  /**
   * Folds an incident's search line (see foldForSearch) into the search text,
   * with the line break that ends it: in reveal order already, the lines are
   * the dataset's search text as they are.
   */
  add(i: number, text: string): void {
    if (this.tokens) {
      this.indexSearchLine(i, text);
      return;
    }
    // Folding never lengthens ASCII text; other text may grow when decomposed.
    this.roomForSearch(text.length + 1);
    let to = foldAsciiInto(text, this.searchUnits, this.searchUsed);
    if (to < 0) {
      const line = foldForSearch(text);
      this.roomForSearch(line.length + 1);
      to = this.searchUsed;
      for (let c = 0; c < line.length; c++) this.searchUnits[to++] = line.charCodeAt(c);
    }
    this.searchUnits[to++] = NEWLINE;
    this.searchStart[i] = this.searchUsed;
    this.searchLength[i] = to - this.searchUsed;
    this.searchUsed = to;
  }

  /** Folds an incident's search line into the token index (entry `i` its row). */
  private indexSearchLine(i: number, text: string): void {
    if (this.scratch.length < text.length) this.scratch = new Uint16Array(text.length * 2);
    const to = foldAsciiInto(text, this.scratch, 0);
    if (to >= 0) (this.tokens as TokenIndexBuilder).addUnits(i, this.scratch, 0, to);
    else (this.tokens as TokenIndexBuilder).add(i, foldForSearch(text));
  }

  private roomForSearch(units: number): void {
    if (this.searchUsed + units > this.searchUnits.length) {
      this.searchUnits = withRoom(this.searchUnits, this.searchUsed + units);
    }
  }

  /**
   * Appends the lines of entries from..to of a part as entries base.. here, in
   * one piece (see PackBuilder.absorb); of an indexed part, notes where its
   * rows now are instead.
   */
  absorb(part: PackPart, from: number, to: number, base: number): void {
    if (part.tokenIndex) {
      let here = this.absorbed.get(part.tokenIndex);
      if (!here) {
        here = new Uint32Array(part.count);
        this.absorbed.set(part.tokenIndex, here);
      }
      for (let j = from; j < to; j++) here[j] = base + j - from;
    }
    const searchFrom = part.searchStart[from];
    const searchTo = part.searchStart[to - 1] + part.searchLength[to - 1];
    this.searchUnits = withRoom(this.searchUnits, this.searchUsed + searchTo - searchFrom);
    this.searchUnits.set(part.searchUnits.subarray(searchFrom, searchTo), this.searchUsed);
    for (let j = from; j < to; j++) {
      const i = base + j - from;
      this.searchStart[i] = part.searchStart[j] - searchFrom + this.searchUsed;
      this.searchLength[i] = part.searchLength[j];
    }
    this.searchUsed += searchTo - searchFrom;
  }

  /** The token index, finished (the builder then takes no more lines). */
  finishTokens(): TokenIndex {
    const index = (this.tokens as TokenIndexBuilder).finish();
    this.tokens = null;
    this.finishedTokens = index;
    return index;
  }

  /**
   * The search index in reveal order: this builder's own, or the absorbed
   * parts', each with the reveal rank of its rows; null when lines were kept.
   */
  rankedIndexes(permutation: Uint32Array, identity: boolean): RankedTokenIndex[] | null {
    if (this.tokens) this.finishTokens();
    const rankOf = new Uint32Array(permutation.length);
    for (let r = 0; r < permutation.length; r++) rankOf[permutation[r]] = r;
    if (this.finishedTokens && this.absorbed.size === 0) {
      return [{ index: this.finishedTokens, rank: identity ? null : rankOf }];
    }
    if (this.absorbed.size === 0) return null;
    return [...this.absorbed].map(([index, here]) => ({ index, rank: here.map((position) => rankOf[position]) }));
  }

  /** The search text: each incident's line in the order `permutation` gives, and where each starts. */
  searchIn(permutation: Uint32Array, identity: boolean) {
    const { items, offsets } = runsIn(
      this.searchUnits,
      this.searchStart,
      this.searchLength,
      permutation,
      identity,
      this.searchUsed,
    );
    return { search: items, searchOffsets: offsets };
  }
}
