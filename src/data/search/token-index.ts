// A search index that answers today's search (every folded word a substring of
// an incident's folded line, see searchMask in src/analysis/filters.ts) without
// keeping the lines: at 2.5 M incidents of ~300 characters they cost 1.5 GB.
//
// Why a token index is exact: a folded line's white space is single spaces and
// a word holds none, so a word is in a line exactly when it is inside one of
// the line's space-separated tokens. The index keeps each distinct token once
// (the dictionary, searched with the same native indexOf) and, per token, the
// rows whose line holds it; a word's rows are the union over the tokens that
// contain it, a query's the intersection over its words.
//
// Postings are LEB128 gaps between ascending rows (most take a byte); an index
// is made by TokenIndexBuilder (token-index-builder.ts).
//
// Parts are searched where they are, not merged: each table worker indexes its
// own rows and a part's hits go through its rank array at the end. A merge
// must decode, map, sort and re-encode every posting and holds the parts and
// the whole at once, for queries no faster (bench/search-index.ts). Parts also
// let each worker answer for its own rows.
// Pure.

/**
 * An index over the rows of one table or part of one: plain typed arrays and a
 * string, so it can be transferred or cloned between workers.
 */
export interface TokenIndex {
  /** Rows are 0 .. rows - 1: one more than the greatest row added. */
  rows: number;
  /** Each distinct token followed by '\n' (decoded as the search text is, see searchText). */
  dictionary: string;
  /** Token t is dictionary.slice(tokenStarts[t], tokenStarts[t + 1] - 1); one entry more than tokens. */
  tokenStarts: Uint32Array;
  /** Token t's rows are postings[postingStarts[t] .. postingStarts[t + 1]); one entry more than tokens. */
  postingStarts: Uint32Array;
  /** Each token's rows, ascending, each once, as LEB128 gaps from the one before (the first from -1). */
  postings: Uint8Array;
}

/** A part's index and where its rows go: rank[row] is the row's place in the whole (null: the row itself). */
export interface RankedTokenIndex {
  index: TokenIndex;
  rank: Uint32Array | null;
}

/**
 * 1 where incident i (a rank, 0 .. count - 1) holds every word: what
 * searchMask gives for the same lines, words as searchWords gives them. No
 * words: every incident. Each part's rows go to their ranks.
 */
export function searchTokenIndex(
  indexes: TokenIndex | readonly RankedTokenIndex[],
  words: readonly string[],
  count: number,
): Uint8Array {
  const parts = 'dictionary' in indexes ? [{ index: indexes, rank: null }] : indexes;
  for (const word of words) {
    if (word.includes(' ') || word.includes('\n')) throw new RangeError(`a search word holds white space: ${word}`);
  }
  // The empty word is in every line.
  const wanted = words.filter((word) => word !== '');
  const mask = new Uint8Array(count);
  if (wanted.length === 0) return mask.fill(1);
  for (const { index, rank } of parts) {
    const hits = partHits(index, wanted);
    if (hits === null) continue;
    if (rank === null) {
      for (let row = 0; row < index.rows; row++) if (hits[row]) mask[row] = 1;
    } else {
      for (let row = 0; row < index.rows; row++) if (hits[row]) mask[rank[row]] = 1;
    }
  }
  return mask;
}

/** 1 where row holds every word (none empty), or null when no row does. */
function partHits(index: TokenIndex, words: readonly string[]): Uint8Array | null {
  const matched = words.map((word) => tokensContaining(index, word));
  // The word with the fewest bytes of postings first: the rest only narrow it, and may stop early.
  const cost = (tokens: number[]): number => {
    let sum = 0;
    for (const t of tokens) sum += index.postingStarts[t + 1] - index.postingStarts[t];
    return sum;
  };
  const costs = matched.map(cost);
  const order = matched.map((_, w) => w).sort((a, b) => costs[a] - costs[b]);
  let mask: Uint8Array | null = null;
  let candidates = index.rows;
  for (const w of order) {
    if (matched[w].length === 0) return null;
    const hits: Uint8Array = new Uint8Array(index.rows);
    candidates = mark(index, matched[w], mask, hits, candidates);
    if (candidates === 0) return null;
    mask = hits;
  }
  return mask;
}

/** The tokens that hold `word`, ascending. */
function tokensContaining(index: TokenIndex, word: string): number[] {
  const { dictionary, tokenStarts } = index;
  const tokens: number[] = [];
  let t = 0;
  for (let at = dictionary.indexOf(word); at >= 0; ) {
    t = tokenAt(tokenStarts, at, t);
    tokens.push(t);
    // The rest of this token need not be looked at.
    at = dictionary.indexOf(word, tokenStarts[t + 1]);
  }
  return tokens;
}

/** The token whose text holds dictionary position `at`, no earlier than token `from`. */
export function tokenAt(tokenStarts: Uint32Array, at: number, from: number): number {
  let low = from;
  let high = tokenStarts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (tokenStarts[middle] <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Sets hits[row] for each row of the tokens (where mask[row], if a mask, which
 * has `candidates` rows); returns how many were set.
 */
function mark(
  index: TokenIndex,
  tokens: readonly number[],
  mask: Uint8Array | null,
  hits: Uint8Array,
  candidates: number,
): number {
  const { postings, postingStarts } = index;
  let found = 0;
  for (const t of tokens) {
    // Every candidate found (a letter's first tokens may hold every row): the other tokens add none.
    if (found === candidates) break;
    let row = -1;
    for (let p = postingStarts[t], end = postingStarts[t + 1]; p < end; ) {
      let byte = postings[p++];
      let gap = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) {
        byte = postings[p++];
        gap |= (byte & 0x7f) << shift;
      }
      row += gap;
      if (hits[row] === 0 && (mask === null || mask[row] === 1)) {
        hits[row] = 1;
        found++;
      }
    }
  }
  return found;
}

/** Bytes the index holds: its arrays, and its dictionary at one byte a character when every one fits a byte. */
export function tokenIndexBytes(index: TokenIndex): number {
  const wide = /[\u0100-\uffff]/.test(index.dictionary);
  return (
    index.dictionary.length * (wide ? 2 : 1) +
    index.tokenStarts.byteLength +
    index.postingStarts.byteLength +
    index.postings.byteLength
  );
}
