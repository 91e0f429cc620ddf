// A packed dataset's ids. Most files number their rows under a few prefixes
// (`ucdp-347200`, `AFG1545001`, `row-12`): such ids are kept as a prefix code
// and a 32-bit number, a few bytes an incident where the ids' joined text and
// offsets cost three times that and more. Any other set of ids is kept as
// text. The id table finds an id's place among them. Pure: runs in workers,
// on the page and in Node.
import { type Codes, flat, narrowCodes } from './short-records';

export type IdColumn =
  /** Ids joined; id i is text.slice(offsets[i], offsets[i + 1]). */
  | { text: string; offsets: Uint32Array }
  /** Id i is prefixes[prefix[i]] followed by number[i] in decimal. */
  | { prefixes: string[]; prefix: Codes; number: Uint32Array };

/** More prefixes than this and the ids are kept as text: a code would be wider than it saves. */
const MAX_PREFIXES = 0xffff;

/** The most prefixes `count` ids may have and be coded: a prefix kept for a handful of ids saves nothing. */
function prefixesAllowed(count: number): number {
  return Math.min(MAX_PREFIXES, 16 + Math.floor(count / 8));
}

/** Id `i` of a column. */
export function idAt(column: IdColumn, i: number): string {
  if ('text' in column) return column.text.slice(column.offsets[i], column.offsets[i + 1]);
  return column.prefixes[column.prefix[i]] + column.number[i];
}

/** Whether id `i` of a column is `id`, without building it when its text is kept. */
export function idIs(column: IdColumn, i: number, id: string): boolean {
  if (!('text' in column)) return idAt(column, i) === id;
  const from = column.offsets[i];
  return column.offsets[i + 1] - from === id.length && column.text.startsWith(id, from);
}

/**
 * The ids joined in `text` (id i at offsets[i] .. offsets[i + 1]) as a column:
 * coded when every id ends in a number written as JavaScript writes it (no
 * leading zero, below 2^32) and the ids have few prefixes (an eighth of their
 * number, and 16), else the text itself.
 */
export function idColumnOf(text: string, offsets: Uint32Array): IdColumn {
  const count = offsets.length - 1;
  const number = new Uint32Array(count);
  const prefix = new Uint32Array(count);
  const prefixIndex = new Map<string, number>();
  const allowed = prefixesAllowed(count);
  for (let i = 0; i < count; i++) {
    const from = offsets[i];
    const to = offsets[i + 1];
    let digits = to;
    while (digits > from && isDigit(text.charCodeAt(digits - 1))) digits--;
    // At most ten digits, the first not 0 unless it is the only one: exactly what String(number) gives back.
    if (digits === to || to - digits > 10 || (to - digits > 1 && text.charCodeAt(digits) === 48)) {
      return { text, offsets };
    }
    const value = Number(text.slice(digits, to));
    if (value > 0xffffffff) return { text, offsets };
    const head = text.slice(from, digits);
    let code = prefixIndex.get(head);
    if (code === undefined) {
      if (prefixIndex.size === allowed) return { text, offsets };
      code = prefixIndex.size;
      prefixIndex.set(flat(head), code);
    }
    prefix[i] = code;
    number[i] = value;
  }
  return { prefixes: [...prefixIndex.keys()], prefix: narrowCodes(prefix, prefixIndex.size - 1), number };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The column's buffers, to transfer rather than copy. */
export function idColumnBuffers(column: IdColumn): ArrayBuffer[] {
  const arrays = 'text' in column ? [column.offsets] : [column.prefix, column.number];
  return arrays.map((array) => array.buffer as ArrayBuffer);
}

/**
 * The id table's slots: 4/3 of the ids, so three quarters full whatever their
 * number. Linear probing then takes a few probes a lookup, and the table costs
 * about 5.3 bytes an incident, where a power of two cost up to twice that.
 */
function tableSize(count: number): number {
  return Math.max(16, Math.ceil((count * 4) / 3) + 1);
}

/** The slot a hash (32 bits, unsigned) starts its probe at, in a table of `size` slots. */
export function idSlot(hash: number, size: number): number {
  return (hash >>> 0) % size;
}

/** The id table `findId` reads: each id's place in reveal order (plus 1), at the slot its hash gives. */
export function idTableOf(hashes: Int32Array): Int32Array {
  const table = new Int32Array(tableSize(hashes.length));
  const size = table.length;
  for (let i = 0; i < hashes.length; i++) {
    let slot = idSlot(hashes[i], size);
    while (table[slot] !== 0) slot = slot + 1 === size ? 0 : slot + 1;
    table[slot] = i + 1;
  }
  return table;
}
