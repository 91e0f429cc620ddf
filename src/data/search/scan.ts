// Search as the app defines it: every folded word of the query must appear in
// an incident's folded line (title, summary, actors, place). This is the scan
// through the whole text; the page runs it on the datasets it holds itself,
// the dataset worker on the text it keeps. Pure.
import { foldForSearch } from './fold';

/** The most words a search looks for: each is a pass through every incident's text. */
export const MAX_SEARCH_WORDS = 32;

/** The words of a search, folded like the text they are looked for in, each once, the first MAX_SEARCH_WORDS. */
export function searchWords(q: string): string[] {
  const words = new Set(
    foldForSearch(q)
      .split(' ')
      .filter((word) => word !== ''),
  );
  return [...words].slice(0, MAX_SEARCH_WORDS);
}

/** Folded search lines, one per incident, and where each starts in `text`. */
export interface SearchLines {
  count: number;
  text: string;
  offsets: Uint32Array;
}

/** 1 where incident i's line holds every one of `words`; null when there are none. */
export function scanLines(lines: SearchLines, words: readonly string[]): Uint8Array | null {
  if (words.length === 0) return null;
  const { text, offsets, count } = lines;
  let mask: Uint8Array | null = null;
  for (const word of words) {
    // Nothing is left to narrow: the other words need not be looked for.
    if (mask !== null && !mask.includes(1)) break;
    const hits = new Uint8Array(count);
    let i = 0;
    // Native indexOf through the whole text; each hit is mapped to its line, then the search skips to the next line.
    for (let at = text.indexOf(word); at >= 0; ) {
      while (offsets[i + 1] <= at) i++;
      if (mask === null || mask[i]) hits[i] = 1;
      at = text.indexOf(word, offsets[i + 1]);
    }
    mask = hits;
  }
  return mask;
}
