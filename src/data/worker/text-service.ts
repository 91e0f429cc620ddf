// The dataset worker's second job, once a dataset is loaded: it keeps the long
// text the page was not sent (summaries, sources, the search text) and answers
// the page's requests for it, so the page's memory holds columns and titles only.
import { type IncidentText, type LongTexts, longTextOf } from '../pack/long-text';
import { scanLines, searchWords } from '../search/scan';
import { searchTokenIndex } from '../search/token-index';

/** Where a loaded dataset's long text is read from, and searched. */
export interface TextBackend {
  texts(ranks: readonly number[]): Promise<IncidentText[]>;
  search(q: string): Uint8Array | null;
}

/** The long text kept in the worker's memory as the packer wrote it. */
export class KeptTexts implements TextBackend {
  readonly #texts: LongTexts;
  #searchText: string | null = null;

  constructor(texts: LongTexts) {
    this.#texts = texts;
  }

  async texts(ranks: readonly number[]): Promise<IncidentText[]> {
    return ranks.map((rank) => {
      if (!Number.isInteger(rank) || rank < 0 || rank >= this.#texts.count) {
        throw new RangeError(`No incident at rank ${rank}`);
      }
      return longTextOf(this.#texts, rank);
    });
  }

  search(q: string): Uint8Array | null {
    const words = searchWords(q);
    if (words.length === 0) return null;
    const { searchIndex } = this.#texts;
    if (searchIndex) return searchTokenIndex(searchIndex, words, this.#texts.count);
    // Decoded once, on the first search.
    this.#searchText ??= new TextDecoder('utf-16le').decode(this.#texts.search);
    return scanLines({ count: this.#texts.count, text: this.#searchText, offsets: this.#texts.searchOffsets }, words);
  }
}
