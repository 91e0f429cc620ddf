import { dayFromNumber } from '../dates/incident-date';
import { idAt } from '../pack/id-column';
import { packDataset } from '../pack/packed';
import type { PackedDataset, PackedIncidents } from '../pack/packed-types';
import { findId, incidentAt } from '../pack/records';
import type { Dataset, Incident, Place, Story } from '../types';
import type { TextReader } from './text-reader';

const CACHE_LIMIT = 4096;

/**
 * The incidents of a dataset in reveal order, over packed columns. Numbers (dates,
 * positions, categories) are read from typed arrays; an incident's full record is
 * decoded only when asked for, and the last few thousand are kept. Nothing here
 * walks every incident, so a million cost no more to hold than their buffers.
 */
export class IncidentStore {
  readonly packed: PackedIncidents;
  #cache = new Map<number, Incident>();

  /** Where the long text is read from when the page does not hold it (see PackedIncidents.textElsewhere). */
  readonly #texts: TextReader | null;

  constructor(packed: PackedIncidents, texts: TextReader | null = null) {
    this.packed = packed;
    this.#texts = packed.textElsewhere ? texts : null;
  }

  /** Whether the long text stays with the dataset worker: read() and search() then ask it, asynchronously. */
  get textElsewhere(): boolean {
    return this.#texts !== null;
  }

  /** Searches the text the worker keeps (see TextReader.search); only when textElsewhere. */
  search(q: string): Promise<Uint8Array | null> {
    if (!this.#texts) return Promise.reject(new Error('This dataset is searched on the page.'));
    return this.#texts.search(q);
  }

  /** Whether this store and `other` read their text from the same worker (one dataset given twice). */
  sharesTextsWith(other: IncidentStore): boolean {
    return this === other || (this.#texts !== null && this.#texts === other.#texts);
  }

  /** Lets the dataset worker go, once the dataset is no longer shown. */
  close(): void {
    this.#texts?.close();
  }

  /** A store for incidents already in memory (the seed, tests, `setDataset` from a script). */
  static of(incidents: readonly Incident[]): IncidentStore {
    return new IncidentStore(packDataset({ name: '', incidents: [...incidents], places: [] }).incidents);
  }

  get length(): number {
    return this.packed.count;
  }

  /** The category names, in order of first appearance. */
  get categories(): readonly string[] {
    return this.packed.categories;
  }

  id(index: number): string {
    return idAt(this.packed.ids, index);
  }

  /** Reveal index of an id, or -1. */
  indexOf(id: string): number {
    return findId(this.packed, id);
  }

  has(id: string): boolean {
    return this.indexOf(id) >= 0;
  }

  /** The day incident `index` is revealed on, YYYY-MM-DD. */
  startDay(index: number): string {
    return dayFromNumber(this.packed.days.first[index]);
  }

  category(index: number): string {
    return this.packed.categories[this.packed.category[index]];
  }

  get(index: number): Incident {
    const cached = this.#cache.get(index);
    if (cached) return cached;
    const incident = incidentAt(this.packed, index);
    if (this.#cache.size >= CACHE_LIMIT) this.#cache = new Map();
    this.#cache.set(index, incident);
    return incident;
  }

  byId(id: string): Incident | undefined {
    const index = this.indexOf(id);
    return index < 0 ? undefined : this.get(index);
  }

  /**
   * Incidents in full, text included (summary, sources and every other field),
   * for the details and exports: read back from the dataset's source where its
   * text is kept there, so it is asynchronous. `get` gives what the list, the
   * map and the card need at once.
   */
  async read(indexes: readonly number[]): Promise<Incident[]> {
    const short = indexes.map((index) => this.get(index));
    if (!this.#texts) return short;
    const texts = await this.#texts.read(indexes);
    return short.map((incident, k) => ({ ...incident, ...texts[k] }));
  }

  /** Incidents `from` (inclusive) to `to` (exclusive), decoded. */
  slice(from: number, to: number): Incident[] {
    const list: Incident[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) list.push(this.get(i));
    return list;
  }

  /** How many incidents there are of each category, by index into `categories`. */
  categoryCounts(): Uint32Array {
    return this.packed.categoryCounts;
  }

  /** How many incidents there are in each country, by index into `countries`. */
  countryCounts(): Uint32Array {
    return this.packed.countryCounts;
  }
}

/** A dataset as the page holds it: its incidents in a store. */
export interface StoredDataset {
  name: string;
  attribution?: string;
  /** Of the bytes it was read from (see PackedDataset.fingerprint). */
  fingerprint?: string;
  /** The dataset's story (docs/story.md), if it has one. */
  story?: Story;
  places: Place[];
  incidents: IncidentStore;
}

export function storeDataset(dataset: Dataset | PackedDataset): StoredDataset {
  const packed = Array.isArray(dataset.incidents) ? packDataset(dataset as Dataset) : (dataset as PackedDataset);
  return {
    name: packed.name,
    attribution: packed.attribution,
    ...(packed.fingerprint ? { fingerprint: packed.fingerprint } : {}),
    ...(packed.story ? { story: packed.story } : {}),
    places: packed.places,
    incidents: new IncidentStore(packed.incidents, packed.texts ?? null),
  };
}
