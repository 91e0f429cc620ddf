// Short records (what the list, the map and the card show of an incident:
// title, date as written, place, country, actors, fatalities...) kept as
// columns of codes into tables of the distinct values, rather than as JSON per
// incident: a large table names a few places, sides and days many times over,
// so its short records shrink from about two hundred bytes an incident to a
// few bytes of codes and the distinct values once. Titles and places are kept
// as two parts, before and after their first ", " ("TTP vs Government of
// Pakistan" and "Wana"), each part far more often repeated than the whole.
// Decoded, a record is the object JSON.parse gives of the JSON record it
// replaces, its keys in the same order. Pure: runs in workers and in Node.
import type { Incident } from '../types';

/** The fields, each a column of codes: 0 absent, k the table's value k - 1. */
const TITLE_HEAD = 0;
/** The title's part after its first separator (see ShortRecordBuilder.#split). */
const TITLE_TAIL = 1;
/**
 * The title tail's code when it is the place's first part, as in most
 * imported tables' titles ("TTP vs Government of Pakistan, Wana" at "Wana,
 * South Waziristan"): the tail is then neither looked up nor kept again. Its
 * table's first value is a placeholder for it in every builder.
 */
const SAME_AS_PLACE = 1;
const DATE = 2;
const PLACE_HEAD = 3;
/** 4: the place's part after its first separator. */
const COUNTRY = 5;
/** The actors' list, as JSON. */
const ACTORS = 6;
/** The fatalities, as JSON. */
const FATALITIES = 7;
/** What few incidents have (order, related ids, origin, shape, translations), as a JSON object. */
const MORE = 8;
const FIELDS = 9;

/** Where a title or place is cut in two. */
const SEPARATOR = ', ';

/** A field's table is first weighed against the rows once it holds this many values, then at each doubling. */
const FIRST_REVIEW = 1 << 16;
/**
 * Past this share of distinct values to rows, a field stops looking its values
 * up and keeps one per row: a table of titles that are all different costs a
 * map of every title in each worker and a lookup of each again in the merge,
 * for nothing saved.
 */
const PER_ROW_SHARE = 0.5;

export type Codes = Uint8Array | Uint16Array | Uint32Array;

/**
 * A field's values as UTF-8, value k at bytes[offsets[k] .. offsets[k + 1]):
 * buffers are transferred between threads as they are, where a million
 * strings would be copied one by one (a table whose titles are all
 * different), and hold no string that could keep a block of the file's text
 * alive. A value that is not well-formed UTF-16 (a lone surrogate, which
 * UTF-8 cannot hold) is kept as a string in `odd`, by its index.
 */
export interface ValueTable {
  bytes: Uint8Array;
  offsets: Uint32Array;
  odd?: Map<number, string>;
}

/** Short records in columns: for each field, every incident's code, and the field's values. */
export interface ShortRecords {
  codes: Codes[];
  values: ValueTable[];
}

/** What a short record holds of an incident. */
export type ShortFields = Pick<
  Incident,
  | 'title'
  | 'date'
  | 'order'
  | 'place'
  | 'country'
  | 'actors'
  | 'fatalities'
  | 'related'
  | 'origin'
  | 'shape'
  | 'translations'
>;

/** A short record decoded: as JSON.parse reads the JSON record (empty lists and absent fields left out). */
export type ShortRecord = Partial<ShortFields> & Pick<ShortFields, 'title' | 'date'>;

/** A short record builder's content, to be absorbed by another (see ShortRecordBuilder.absorb). */
export interface ShortRecordPart {
  codes: Uint32Array[];
  values: ValueTable[];
  /** For each field, whether it keeps a value per row (see PER_ROW_SHARE). */
  perRow: boolean[];
}

/** The narrowest unsigned array that holds codes up to `largest`. */
function codesFor(largest: number, length: number): Codes {
  if (largest <= 0xff) return new Uint8Array(length);
  return largest <= 0xffff ? new Uint16Array(length) : new Uint32Array(length);
}

/** `codes` (none above `largest`) in the narrowest array that holds them: `codes` itself when that is 32 bits. */
export function narrowCodes(codes: Uint32Array, largest: number): Codes {
  if (largest > 0xffff) return codes;
  const narrow = codesFor(largest, codes.length);
  narrow.set(codes);
  return narrow;
}

/** Collects short records as codes, entry by entry, in any order of entries. */
export class ShortRecordBuilder {
  #codes: Uint32Array[] = Array.from({ length: FIELDS }, () => new Uint32Array(1024));
  /** Each field's values, in order of first appearance (of every row's, once the field keeps one per row). */
  readonly #values: ValueBytes[] = Array.from({ length: FIELDS }, (_, field) => {
    const values = new ValueBytes();
    if (field === TITLE_TAIL) values.push('');
    return values;
  });
  /** Each field's value-to-index map (keys copied flat, see #code), null once the field keeps a value per row. */
  // The rare fields' JSON (a shape's coordinates among them) is seldom repeated: kept one per row from the start.
  readonly #tables: (Map<string, number> | null)[] = Array.from({ length: FIELDS }, (_, field) =>
    field === MORE ? null : new Map(),
  );
  /** The table size at which each field is next weighed against the rows. */
  readonly #reviewAt: number[] = new Array(FIELDS).fill(FIRST_REVIEW);
  /** Entries coded so far (one past the highest index). */
  #rows = 0;
  /** The last actors' list coded, and its code: rows of a table often name the same sides. */
  #lastActors: { actors: readonly string[]; code: number } | null = null;
  /** For each part absorbed: its values' codes here (0 until first met). */
  readonly #remaps = new WeakMap<ShortRecordPart, Uint32Array[]>();

  /** Makes room for `needed` entries. */
  grow(needed: number): void {
    if (needed <= this.#codes[0].length) return;
    const length = Math.max(needed, this.#codes[0].length * 2);
    this.#codes = this.#codes.map((codes) => {
      const grown = new Uint32Array(length);
      grown.set(codes);
      return grown;
    });
  }

  /** Codes entry `i`'s short record. */
  add(i: number, incident: ShortFields): void {
    if (i >= this.#codes[0].length) this.grow(i + 1);
    if (i >= this.#rows) this.#rows = i + 1;
    const { title, place } = incident;
    let placeHead: string | undefined;
    if (place === undefined) {
      this.#codes[PLACE_HEAD][i] = 0;
      this.#codes[PLACE_HEAD + 1][i] = 0;
    } else placeHead = this.#split(PLACE_HEAD, i, place);
    const titleCut = title.indexOf(SEPARATOR);
    if (
      placeHead !== undefined &&
      titleCut >= 0 &&
      title.length - titleCut - SEPARATOR.length === placeHead.length &&
      title.endsWith(placeHead)
    ) {
      this.#set(TITLE_HEAD, i, title.slice(0, titleCut));
      this.#codes[TITLE_TAIL][i] = SAME_AS_PLACE;
    } else this.#split(TITLE_HEAD, i, title);
    this.#set(DATE, i, incident.date);
    this.#set(COUNTRY, i, incident.country);
    this.#codes[ACTORS][i] = this.#actorsCode(incident.actors);
    this.#set(FATALITIES, i, incident.fatalities === undefined ? undefined : JSON.stringify(incident.fatalities));
    const { order, related, origin, shape, translations } = incident;
    const more =
      order !== undefined ||
      related.length > 0 ||
      origin !== undefined ||
      shape !== undefined ||
      translations !== undefined
        ? JSON.stringify({
            order,
            related: related.length > 0 ? related : undefined,
            origin,
            shape,
            translations,
          })
        : undefined;
    this.#set(MORE, i, more);
  }

  #set(field: number, i: number, value: string | undefined): void {
    this.#codes[field][i] = value === undefined ? 0 : this.#code(field, value);
  }

  /** The code of `value` in `field`'s table (its index + 1), added when new or when the field keeps one per row. */
  #code(field: number, value: string): number {
    const values = this.#values[field];
    const table = this.#tables[field];
    if (table === null) return values.push(value) + 1;
    const index = table.get(value);
    if (index !== undefined) return index + 1;
    // A value read from a table is often a slice of its whole block of text,
    // which a key would keep alive: the key is a copy of its own.
    table.set(flat(value), values.count);
    const code = values.push(value) + 1;
    if (code >= this.#reviewAt[field]) {
      this.#reviewAt[field] *= 2;
      if (code > this.#rows * PER_ROW_SHARE) this.#tables[field] = null;
    }
    return code;
  }

  /**
   * Codes `text` as its part before the first separator (field `head`) and the
   * part after (`head + 1`, absent when none); the first part.
   */
  #split(head: number, i: number, text: string): string {
    const cut = text.indexOf(SEPARATOR);
    const first = cut < 0 ? text : text.slice(0, cut);
    this.#set(head, i, first);
    this.#set(head + 1, i, cut < 0 ? undefined : text.slice(cut + SEPARATOR.length));
    return first;
  }

  #actorsCode(actors: readonly string[]): number {
    if (actors.length === 0) return 0;
    const last = this.#lastActors;
    if (last !== null && sameList(actors, last.actors)) return last.code;
    const code = this.#code(ACTORS, JSON.stringify(actors));
    this.#lastActors = { actors, code };
    return code;
  }

  /** What this builder holds, to be absorbed into another; its buffers can be transferred. */
  part(): ShortRecordPart {
    return {
      codes: this.#codes,
      values: this.#values.map((values) => values.table(false)),
      perRow: this.#tables.map((table) => table === null),
    };
  }

  /** The buffers of a part, to transfer rather than copy. */
  static transferables(part: ShortRecordPart): ArrayBuffer[] {
    return [...part.codes, ...part.values.flatMap(({ bytes, offsets }) => [bytes, offsets])].map(
      (array) => array.buffer as ArrayBuffer,
    );
  }

  /** Codes entries `from`..`to` of `part` as entries `base`.. here, its values looked up again. */
  absorb(part: ShortRecordPart, from: number, to: number, base: number): void {
    if (to <= from) return;
    this.grow(base + to - from);
    if (base + to - from > this.#rows) this.#rows = base + to - from;
    let remap = this.#remaps.get(part);
    if (!remap) {
      remap = part.values.map((values) => new Uint32Array(values.offsets.length - 1));
      remap[TITLE_TAIL][SAME_AS_PLACE - 1] = SAME_AS_PLACE;
      this.#remaps.set(part, remap);
    }
    for (let field = 0; field < FIELDS; field++) {
      const theirs = part.codes[field];
      const mine = this.#codes[field];
      const codeOf = remap[field];
      const values = part.values[field];
      if (part.perRow[field]) this.#tables[field] = null;
      for (let j = from; j < to; j++) {
        const code = theirs[j];
        if (code === 0) {
          mine[base + j - from] = 0;
          continue;
        }
        let here = codeOf[code - 1];
        if (here === 0) {
          // Kept one per row here, a value's bytes are copied as they are; else looked up as text.
          here =
            this.#tables[field] === null
              ? this.#values[field].pushFrom(values, code - 1) + 1
              : this.#code(field, valueAt(values, code - 1));
          codeOf[code - 1] = here;
        }
        mine[base + j - from] = here;
      }
    }
  }

  /** The first `count` entries' records in the order `permutation` gives, each column as narrow as its codes allow. */
  finish(permutation: Uint32Array, identity: boolean): ShortRecords {
    const count = permutation.length;
    const codes = this.#codes.map((column, field) => {
      const narrow = codesFor(this.#values[field].count, count);
      if (identity) narrow.set(column.subarray(0, count));
      else for (let i = 0; i < count; i++) narrow[i] = column[permutation[i]];
      return narrow;
    });
    return { codes, values: this.#values.map((values) => values.table(true)) };
  }
}

const encoder = new TextEncoder();
// A value may begin with U+FEFF, which the decoder would otherwise take for a byte-order mark and drop.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Any UTF-16 surrogate, paired or not; never in a string of one-byte characters, which most are. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** Whether `text` has no lone surrogate (String.prototype.isWellFormed, not in the libraries typed here). */
function wellFormed(text: string): boolean {
  if (!SURROGATE.test(text)) return true;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    if (unit > 0xdbff) return false;
    const next = text.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/** A copy of `text` that holds on to nothing it was sliced from. */
export function flat(text: string): string {
  // Joining makes a new string; the slice of it keeps only that.
  return ` ${text}`.slice(1);
}

/** Value k of a table, as text. */
function valueAt(table: ValueTable, k: number): string {
  return table.odd?.get(k) ?? decoder.decode(table.bytes.subarray(table.offsets[k], table.offsets[k + 1]));
}

/** A growing ValueTable: values appended as UTF-8, byte by byte while they are ASCII. */
class ValueBytes {
  #bytes: Uint8Array<ArrayBuffer> = new Uint8Array(1 << 12);
  #offsets = new Uint32Array(1 << 10);
  #odd: Map<number, string> | null = null;
  count = 0;

  /** Appends `value`; its index. */
  push(value: string): number {
    const k = this.count;
    let at = this.#offsets[k];
    // UTF-8 takes at most three bytes a UTF-16 unit.
    if (at + value.length * 3 > this.#bytes.length) this.#bytes = grownBytes(this.#bytes, at + value.length * 3);
    const bytes = this.#bytes;
    let c = 0;
    for (; c < value.length; c++) {
      const unit = value.charCodeAt(c);
      if (unit >= 0x80) break;
      bytes[at++] = unit;
    }
    if (c < value.length) {
      if (wellFormed(value)) at += encoder.encodeInto(value.slice(c), bytes.subarray(at)).written;
      else {
        at = this.#offsets[k];
        this.#odd ??= new Map();
        this.#odd.set(k, flat(value));
      }
    }
    return this.#close(at);
  }

  /** Appends value `k` of `table` as it is there; its index. */
  pushFrom(table: ValueTable, k: number): number {
    const odd = table.odd?.get(k);
    if (odd !== undefined) return this.push(odd);
    const from = table.offsets[k];
    const length = table.offsets[k + 1] - from;
    const at = this.#offsets[this.count];
    if (at + length > this.#bytes.length) this.#bytes = grownBytes(this.#bytes, at + length);
    this.#bytes.set(table.bytes.subarray(from, from + length), at);
    return this.#close(at + length);
  }

  /** Ends the value being appended at byte `end`; its index. */
  #close(end: number): number {
    const k = this.count++;
    if (this.count + 1 > this.#offsets.length) {
      const offsets = new Uint32Array(this.#offsets.length * 2);
      offsets.set(this.#offsets);
      this.#offsets = offsets;
    }
    this.#offsets[this.count] = end;
    return k;
  }

  /** The values as a table: copied to their exact length when `exact`, else views of the buffers (to transfer). */
  table(exact: boolean): ValueTable {
    const used = this.#offsets[this.count];
    const bytes = exact ? this.#bytes.slice(0, used) : this.#bytes.subarray(0, used);
    const offsets = exact ? this.#offsets.slice(0, this.count + 1) : this.#offsets.subarray(0, this.count + 1);
    return this.#odd ? { bytes, offsets, odd: this.#odd } : { bytes, offsets };
  }
}

function grownBytes(bytes: Uint8Array, needed: number): Uint8Array<ArrayBuffer> {
  const grown = new Uint8Array(Math.max(needed, bytes.length * 2));
  grown.set(bytes);
  return grown;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Incident `index`'s value of `field`, or undefined when absent. */
function fieldValue(records: ShortRecords, field: number, index: number): string | undefined {
  const code = records.codes[field][index];
  return code === 0 ? undefined : valueAt(records.values[field], code - 1);
}

/** `head` and its tail joined as they were before being cut. */
function joined(records: ShortRecords, head: number, index: number): string | undefined {
  const first = fieldValue(records, head, index);
  const sameAsPlace = head === TITLE_HEAD && records.codes[TITLE_TAIL][index] === SAME_AS_PLACE;
  const rest = sameAsPlace ? fieldValue(records, PLACE_HEAD, index) : fieldValue(records, head + 1, index);
  return first === undefined || rest === undefined ? first : `${first}${SEPARATOR}${rest}`;
}

/** Incident `index`'s short record, as JSON.parse reads the JSON record it stands for. */
export function shortRecordAt(records: ShortRecords, index: number): ShortRecord {
  const more = fieldValue(records, MORE, index);
  const extra = more === undefined ? {} : (JSON.parse(more) as Partial<ShortFields>);
  const record: ShortRecord = {
    title: joined(records, TITLE_HEAD, index) ?? '',
    date: fieldValue(records, DATE, index) ?? '',
  };
  if (extra.order !== undefined) record.order = extra.order;
  const place = joined(records, PLACE_HEAD, index);
  if (place !== undefined) record.place = place;
  const country = fieldValue(records, COUNTRY, index);
  if (country !== undefined) record.country = country;
  const actors = fieldValue(records, ACTORS, index);
  if (actors !== undefined) record.actors = JSON.parse(actors) as string[];
  const fatalities = fieldValue(records, FATALITIES, index);
  if (fatalities !== undefined) record.fatalities = JSON.parse(fatalities) as number;
  if (extra.related !== undefined) record.related = extra.related;
  if (extra.origin !== undefined) record.origin = extra.origin;
  if (extra.shape !== undefined) record.shape = extra.shape;
  if (extra.translations !== undefined) record.translations = extra.translations;
  return record;
}

/** The buffers of short records, to transfer. */
export function shortRecordBuffers(records: ShortRecords): ArrayBuffer[] {
  const tables = records.values.flatMap(({ bytes, offsets }) => [bytes, offsets]);
  return [...records.codes, ...tables].map((array) => array.buffer as ArrayBuffer);
}
