// A set of id strings built for a million of them: open addressing over typed
// arrays with an FNV hash, which a dataset's duplicate check runs through at a
// fraction of what a Set<string> costs at that size. Pure.

/** FNV-1a over UTF-16 code units: cheap, and the same in the worker and the page. */
export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class IdSet {
  /**
   * Pairs of (1 + index into #ids, or 0 for an empty slot; that id's hash): the
   * hash beside its entry, so a probe reads one place in memory, not two. There
   * are a power of two slots, at least twice the size.
   */
  #slots: Int32Array;
  #ids: string[] = [];
  /** An adopted set's ids, joined (see adopt); null for a set ids are added to. */
  #text: string | null = null;
  #offsets: Uint32Array = new Uint32Array(1);

  /** `expected`: how many ids will be added, so the table is made that large at once. */
  constructor(expected = 0) {
    let slots = 64;
    while (slots < expected * 2) slots *= 2;
    this.#slots = new Int32Array(slots * 2);
  }

  get size(): number {
    return this.#text === null ? this.#ids.length : this.#offsets.length - 1;
  }

  /**
   * The last id looked for and not found, its hash, and the empty slot it would
   * go in, while nothing has been added since: a check followed by an add of
   * the same id (how a reader uses the set) hashes and probes once.
   */
  #missId: string | null = null;
  #missHash = 0;
  #missSlot = 0;

  has(id: string): boolean {
    const hash = hashId(id);
    const slot = this.#slotOf(id, hash);
    if (slot < 0) return true;
    this.#missId = id;
    this.#missHash = hash;
    this.#missSlot = slot;
    return false;
  }

  /** Adds `id`; true when it was not there yet. */
  add(id: string): boolean {
    let hash: number;
    let slot: number;
    if (id === this.#missId) {
      hash = this.#missHash;
      slot = this.#missSlot;
    } else {
      hash = hashId(id);
      slot = this.#slotOf(id, hash);
      if (slot < 0) return false;
    }
    this.#missId = null;
    const index = this.#ids.length;
    this.#ids.push(id);
    this.#slots[2 * slot] = index + 1;
    this.#slots[2 * slot + 1] = hash;
    if ((index + 1) * 4 > this.#slots.length) this.#grow();
    return true;
  }

  /**
   * The table itself, to send to another worker and `adopt` there (with the
   * ids in the order they were added): not a copy.
   */
  get slots(): Int32Array {
    return this.#slots;
  }

  /**
   * The set whose table is `slots` (see `slots`) and whose ids, in the order
   * added, are `text.slice(offsets[i], offsets[i + 1])`: for looking ids up in,
   * as one string travels between workers faster than a string per id.
   */
  static adopt(slots: Int32Array, text: string, offsets: Uint32Array): IdSet {
    const set = new IdSet();
    set.#slots = slots;
    set.#text = text;
    set.#offsets = offsets;
    return set;
  }

  /** The hash of each id, in the order they were added. */
  hashes(): Int32Array {
    const hashes = new Int32Array(this.size);
    const slots = this.#slots;
    for (let at = 0; at < slots.length; at += 2) {
      const entry = slots[at];
      if (entry !== 0) hashes[entry - 1] = slots[at + 1];
    }
    return hashes;
  }

  /** The empty slot where `id` would go, or -1 when it is there. */
  #slotOf(id: string, hash: number): number {
    const slots = this.#slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot];
      if (entry === 0) return slot;
      if (slots[2 * slot + 1] === (hash | 0) && this.#isAt(entry - 1, id)) return -1;
    }
  }

  /** Whether the id added `index`th is `id`. */
  #isAt(index: number, id: string): boolean {
    const text = this.#text;
    if (text === null) return this.#ids[index] === id;
    const from = this.#offsets[index];
    return this.#offsets[index + 1] - from === id.length && text.startsWith(id, from);
  }

  /** Makes the table large enough for `count` ids at once, rather than doubling it again and again. */
  reserve(count: number): void {
    let length = this.#slots.length;
    while (count * 4 > length) length *= 2;
    if (length > this.#slots.length) this.#grow(length);
  }

  /** Makes the table `length` long (twice as long by default) and places every id again. */
  #grow(length = this.#slots.length * 2): void {
    const old = this.#slots;
    const slots = new Int32Array(length);
    const mask = (slots.length >> 1) - 1;
    for (let from = 0; from < old.length; from += 2) {
      const entry = old[from];
      if (entry === 0) continue;
      const hash = old[from + 1];
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = entry;
      slots[2 * slot + 1] = hash;
    }
    this.#slots = slots;
  }
}
