// Where each row of a table lies in its source bytes, so that its text need not
// be kept once the table is read: it is read back from the file (or the server)
// when shown. The bytes are looked through once, as they arrive, in pieces of
// any size, never decoded; records are cut exactly where papaparse cuts them
// (its quoting rules, stray quotes included) and counted as its 'greedy'
// skipEmptyLines counts them. Pure: runs in workers and in Node.
import Papa from 'papaparse';
import type { RecordSpan } from '../../store/byte-source';

/**
 * Told of each record, in order: bytes `start` to `end` (the line break left
 * out, and the white space papaparse drops after a closing quote before it);
 * `row`: whether it holds more than white space, so that papaparse's
 * skipEmptyLines 'greedy' keeps it.
 */
export type RecordListener = (start: number, end: number, row: boolean) => void;

const QUOTE = 0x22;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Outside a quoted field. */
const OUT = 0;
/** Inside a quoted field. */
const IN = 1;
/** Just after a quote inside a quoted field: an escaped quote, the field's end, or a stray quote. */
const QUOTE_SEEN = 2;
/** After that quote and white space: the field ends if a delimiter or a line break comes before anything else. */
const AFTER_QUOTE = 3;
/** As AFTER_QUOTE, after a carriage return that may begin a CR LF line break. */
const AFTER_QUOTE_CR = 4;

/** The white space of String.prototype.trim, as papaparse's 'greedy' test uses it, below U+0080. */
function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/** The other white space of trim (U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF), as UTF-8 bytes. */
function isWideSpace(code: number): boolean {
  return (
    code === 0xc2a0 ||
    code === 0xe19a80 ||
    (code >= 0xe28080 && code <= 0xe2808a) ||
    code === 0xe280a8 ||
    code === 0xe280a9 ||
    code === 0xe280af ||
    code === 0xe2819f ||
    code === 0xe38080 ||
    code === 0xefbbbf
  );
}

/** How many bytes follow a lead byte whose character may be white space; 0 when it cannot be. */
function wideSpaceTail(lead: number): number {
  if (lead === 0xc2) return 1;
  return lead === 0xe1 || lead === 0xe2 || lead === 0xe3 || lead === 0xef ? 2 : 0;
}

/**
 * Finds the records of CSV/TSV bytes given in pieces, as papaparse reads the
 * text they encode with the same delimiter and line break: a quote opens a
 * quoted field only at a field's start; inside, a doubled quote is a quote,
 * and a quote ends the field only when white space and then a delimiter or a
 * line break follow it. Without a delimiter, every quote opens or closes one
 * (the looser rule ByteCutter has always used). The loop jumps from quote to
 * line break with indexOf, and looks at single bytes only at a record's start
 * (until its first byte that is not white space) and just after a quote.
 */
export class RecordScanner {
  /** Offset of the next byte to be given. */
  #at: number;
  #recordStart: number;
  #mode = OUT;
  /** Whether the record so far holds a character that is not white space. */
  #content = false;
  /** Where the field would end if the quote last seen ends it. */
  #closeEnd = 0;
  /** The byte before the piece being looked through. */
  #before = -1;
  /** Bytes still to come of a character that may be white space, and its bytes so far. */
  #wideLeft = 0;
  #wideCode = 0;
  readonly #delimiter: number;
  readonly #loose: boolean;
  readonly #crlf: boolean;
  /** The byte each line break ends with, and how many bytes it has. */
  readonly #last: number;
  readonly #newlineBytes: number;

  /**
   * `newline`: '\n', '\r\n' or '\r', as papaparse detected it. `delimiter`: one
   * character below U+0080, or undefined for the looser rule. `offset`: the
   * offset of the first byte to be given.
   */
  constructor(
    syntax: { newline: string; delimiter?: string },
    private readonly onRecord: RecordListener,
    offset = 0,
  ) {
    const { newline, delimiter } = syntax;
    if (newline !== '\n' && newline !== '\r\n' && newline !== '\r')
      throw new RangeError('newline must be \\n, \\r\\n or \\r');
    if (delimiter !== undefined && !(delimiter.length === 1 && /^[^\r\n"\u0080-\uffff]$/.test(delimiter))) {
      throw new RangeError(`a delimiter of one character below U+0080 is needed, not ${JSON.stringify(delimiter)}`);
    }
    this.#delimiter = delimiter === undefined ? -1 : delimiter.charCodeAt(0);
    this.#loose = delimiter === undefined;
    this.#crlf = newline === '\r\n';
    this.#last = newline === '\r' ? CARRIAGE_RETURN : LINE_FEED;
    this.#newlineBytes = newline.length;
    this.#at = offset;
    this.#recordStart = offset;
  }

  /** Where the record not yet ended starts: every byte before it belongs to records already told. */
  get pendingStart(): number {
    return this.#recordStart;
  }

  push(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n === 0) return;
    const base = this.#at;
    const last = this.#last;
    const crlf = this.#crlf;
    const delimiter = this.#delimiter;
    const loose = this.#loose;
    let mode = this.#mode;
    let content = this.#content;
    let recordStart = this.#recordStart;
    // The next quote and line break's last byte at or after i (-1: none in the piece; -2: not looked for yet).
    let quote = -2;
    let line = -2;
    let i = 0;
    while (i < n) {
      if (content && mode === OUT && this.#wideLeft === 0) {
        if (quote !== -1 && quote < i) quote = bytes.indexOf(QUOTE, i);
        if (line !== -1 && line < i) line = bytes.indexOf(last, i);
        if (quote >= 0 && (line < 0 || quote < line)) {
          // A quote opens a field only at its start; elsewhere it is a character of the field.
          const before = quote > 0 ? bytes[quote - 1] : this.#before;
          if (loose || before === delimiter || base + quote === recordStart) mode = IN;
          i = quote + 1;
          continue;
        }
        if (line < 0) break;
        i = line + 1;
        // A line feed alone is no line break in a table whose lines end with CR LF.
        if (crlf && (line > 0 ? bytes[line - 1] : this.#before) !== CARRIAGE_RETURN) continue;
        this.onRecord(recordStart, base + i - this.#newlineBytes, true);
        recordStart = base + i;
        content = false;
        continue;
      }
      if (content && mode === IN && this.#wideLeft === 0) {
        if (quote !== -1 && quote < i) quote = bytes.indexOf(QUOTE, i);
        if (quote < 0) break;
        mode = QUOTE_SEEN;
        i = quote + 1;
        this.#closeEnd = base + i;
        continue;
      }
      // One byte at a time: a record's white space, or what follows a quote in a quoted field.
      const byte = bytes[i];
      if (this.#wideLeft > 0) {
        if ((byte & 0xc0) === 0x80) {
          this.#wideCode = this.#wideCode * 256 + byte;
          i++;
          if (--this.#wideLeft === 0 && !isWideSpace(this.#wideCode)) {
            content = true;
            if (mode === AFTER_QUOTE) mode = IN;
          }
          continue;
        }
        // A character cut short decodes to U+FFFD, no white space; the byte is looked at again.
        this.#wideLeft = 0;
        content = true;
        if (mode === AFTER_QUOTE) mode = IN;
        continue;
      }
      if (mode === QUOTE_SEEN) {
        if (byte === QUOTE) {
          // A doubled quote: a quote in the field.
          content = true;
          mode = IN;
          i++;
        } else mode = loose ? OUT : AFTER_QUOTE;
        continue;
      }
      if (mode === AFTER_QUOTE_CR) {
        if (byte === LINE_FEED) {
          i++;
          this.onRecord(recordStart, this.#closeEnd, content);
          recordStart = base + i;
          content = false;
          mode = OUT;
        } else mode = AFTER_QUOTE;
        continue;
      }
      if (mode === AFTER_QUOTE) {
        if (byte === delimiter) {
          mode = OUT;
          i++;
        } else if (crlf && byte === CARRIAGE_RETURN) {
          mode = AFTER_QUOTE_CR;
          i++;
        } else if (byte === last && !crlf) {
          i++;
          // White space between the closing quote and the line break is dropped, and left out of the record.
          this.onRecord(recordStart, this.#closeEnd, content);
          recordStart = base + i;
          content = false;
          mode = OUT;
        } else if (isAsciiSpace(byte)) i++;
        else if (byte >= 0x80 && wideSpaceTail(byte) > 0) {
          this.#wideLeft = wideSpaceTail(byte);
          this.#wideCode = byte;
          i++;
        } else {
          // Anything else: the quote was a character of the field, which goes on; the byte is looked at again.
          content = true;
          mode = IN;
        }
        continue;
      }
      if (mode === IN) {
        if (byte === QUOTE) {
          mode = QUOTE_SEEN;
          this.#closeEnd = base + i + 1;
        } else if (this.#isContent(byte)) content = true;
        i++;
        continue;
      }
      // OUT, before the record's first character that is not white space.
      if (byte === QUOTE) {
        const before = i > 0 ? bytes[i - 1] : this.#before;
        if (loose || before === delimiter || base + i === recordStart) mode = IN;
        else content = true;
      } else if (byte === last && !(crlf && (i > 0 ? bytes[i - 1] : this.#before) !== CARRIAGE_RETURN)) {
        this.onRecord(recordStart, base + i + 1 - this.#newlineBytes, false);
        recordStart = base + i + 1;
      } else if (byte !== delimiter && this.#isContent(byte)) content = true;
      i++;
    }
    this.#mode = mode;
    this.#content = content;
    this.#recordStart = recordStart;
    this.#before = bytes[n - 1];
    this.#at = base + n;
  }

  /** Whether a byte of a field's text is more than white space; the start of a character that may be white space is kept. */
  #isContent(byte: number): boolean {
    if (byte < 0x80) return !isAsciiSpace(byte);
    const tail = wideSpaceTail(byte);
    if (tail === 0) return true;
    this.#wideLeft = tail;
    this.#wideCode = byte;
    return false;
  }

  /** The bytes have ended: tells the last record, if any; false when they end inside a quoted field. */
  end(): boolean {
    const mode = this.#mode;
    // A quote followed by white space only is a character of a field never closed; a character cut short is U+FFFD.
    const dangling = mode === AFTER_QUOTE || mode === AFTER_QUOTE_CR;
    const content = this.#content || this.#wideLeft > 0 || dangling;
    // A quote that is the last byte closes its field (papaparse's "closing quote at EOF").
    const closed = mode === OUT || mode === QUOTE_SEEN;
    if (this.#at > this.#recordStart) this.onRecord(this.#recordStart, this.#at, content);
    this.#recordStart = this.#at;
    this.#mode = OUT;
    this.#content = false;
    this.#wideLeft = 0;
    return closed;
  }
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Where each row of a CSV/TSV file lies in its bytes: fed the file's bytes in
 * pieces of any size, it keeps each row's start (a Float64Array: files pass
 * 4 GiB) and length (up to its line break), in the order and number of the
 * rows papaparse yields with `header: true, skipEmptyLines: 'greedy'`: the
 * header record and records of white space only are left out, and up to two
 * byte-order marks at the start (TextDecoder drops one, papaparse another).
 * Twelve bytes a row.
 */
export class RecordStarts {
  #starts = new Float64Array(1024);
  #lengths = new Uint32Array(1024);
  #count = 0;
  /** Whether the header record is still to come. */
  #header: boolean;
  readonly #syntax: { newline: string; delimiter: string };
  /** The first bytes, kept until it is known how many byte-order marks they start with; null once known. */
  #first: Uint8Array | null;
  #scanner: RecordScanner;
  /** The pieces holding the first record, while it is not yet told (see #headerOfWhiteSpace); null after. */
  #firstRecord: { pieces: Uint8Array[]; from: number; bytes: number } | null;

  /**
   * `header`: whether the bytes start with the header record (true). `offset`:
   * where the first byte given lies in the file (0); byte-order marks are looked for only at 0.
   */
  constructor(options: { newline: string; delimiter: string; header?: boolean; offset?: number }) {
    this.#syntax = { newline: options.newline, delimiter: options.delimiter };
    this.#header = options.header ?? true;
    const offset = options.offset ?? 0;
    // Made now so that a delimiter or line break it cannot read is refused at once.
    this.#scanner = this.#scannerAt(offset);
    this.#first = offset === 0 ? new Uint8Array(0) : null;
    this.#firstRecord = this.#header ? { pieces: [], from: offset, bytes: 0 } : null;
  }

  push(chunk: Uint8Array): void {
    if (this.#first) {
      const joined = new Uint8Array(this.#first.length + chunk.length);
      joined.set(this.#first);
      joined.set(chunk, this.#first.length);
      this.#first = joined;
      if (joined.length >= 2 * BOM.length) this.#begin();
      return;
    }
    this.#scan(chunk);
  }

  #scan(chunk: Uint8Array): void {
    const first = this.#firstRecord;
    if (first) {
      first.pieces.push(chunk);
      first.bytes += chunk.length;
      // A first record of white space longer than this is taken for a blank line (see #headerOfWhiteSpace).
      if (first.bytes > FIRST_RECORD_KEPT) this.#firstRecord = null;
    }
    this.#scanner.push(chunk);
  }

  /** The bytes have ended; false when they end inside a quoted field (papaparse's MissingQuotes). */
  end(): boolean {
    if (this.#first) this.#begin();
    const whole = this.#scanner.end();
    this.#starts = this.#starts.slice(0, this.#count);
    this.#lengths = this.#lengths.slice(0, this.#count);
    return whole;
  }

  /**
   * A record found by another scan of the same bytes (ByteCutter's onRecord),
   * so a file is looked through once: offsets in the file.
   */
  found(start: number, end: number, row: boolean): void {
    const first = this.#firstRecord;
    this.#firstRecord = null;
    if (this.#header && (row || (first !== null && this.#headerOfWhiteSpace(first, start, end)))) {
      this.#header = false;
      return;
    }
    if (!row) return;
    if (end - start > 0xffffffff) throw new RangeError(`a record of ${end - start} bytes is longer than 4 GiB`);
    if (this.#count === this.#starts.length) {
      const starts = new Float64Array(this.#count * 2);
      starts.set(this.#starts);
      this.#starts = starts;
      const lengths = new Uint32Array(this.#count * 2);
      lengths.set(this.#lengths);
      this.#lengths = lengths;
    }
    this.#starts[this.#count] = start;
    this.#lengths[this.#count] = end - start;
    this.#count++;
  }

  /** Rows found so far. */
  get count(): number {
    return this.#count;
  }

  /** Each row's first byte's offset in the file (a view; a copy of exactly `count` once ended). */
  get starts(): Float64Array {
    return this.#starts.subarray(0, this.#count);
  }

  /** Each row's length in bytes, up to its line break (a view, as starts). */
  get lengths(): Uint32Array {
    return this.#lengths.subarray(0, this.#count);
  }

  /** Where row `row` (0: the first after the header) lies. */
  span(row: number): RecordSpan {
    if (!(row >= 0 && row < this.#count)) throw new RangeError(`no row ${row} among ${this.#count}`);
    return { start: this.#starts[row], length: this.#lengths[row] };
  }

  /**
   * Whether the file's first record, though of white space only, is its
   * header: papaparse renames a header's repeated names before leaving out
   * blank rows, so a first record of two empty cells (",") is a header of
   * columns "" and "_1".
   */
  #headerOfWhiteSpace(first: { pieces: Uint8Array[]; from: number }, start: number, end: number): boolean {
    const bytes = new Uint8Array(end - start);
    let at = first.from;
    let found = 0;
    for (const piece of first.pieces) {
      const from = Math.max(start, at);
      const to = Math.min(end, at + piece.length);
      if (from < to) bytes.set(piece.subarray(from - at, to - at), from - start);
      found += Math.max(0, to - from);
      at += piece.length;
    }
    // Told by another scan (see found), the record's bytes were never given here.
    if (found < bytes.length) return false;
    const parsed = Papa.parse(withLeadingMark(recordDecoder.decode(bytes)), {
      header: true,
      skipEmptyLines: 'greedy',
      delimiter: this.#syntax.delimiter,
      newline: this.#syntax.newline as Newline,
    });
    return (parsed.meta.fields ?? []).length > 0;
  }

  #scannerAt(offset: number): RecordScanner {
    return new RecordScanner(this.#syntax, (start, end, row) => this.found(start, end, row), offset);
  }

  #begin(): void {
    const first = this.#first as Uint8Array;
    this.#first = null;
    let skip = 0;
    while (skip < 2 * BOM.length && BOM.every((byte, k) => first[skip + k] === byte)) skip += BOM.length;
    this.#scanner = this.#scannerAt(skip);
    if (this.#firstRecord) this.#firstRecord.from = skip;
    this.#scan(first.subarray(skip));
  }
}

/** How much of a first record of white space is kept to tell whether papaparse takes it for the header. */
const FIRST_RECORD_KEPT = 1024 * 1024;

type Newline = '\n' | '\r' | '\r\n';

/** papaparse drops a byte-order mark that starts its text; one that starts a record is its first cell's. */
function withLeadingMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? `\uFEFF${text}` : text;
}

const recordDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A record's cells, from its bytes as RecordStarts found them, as papaparse
 * read them in the whole table. Give the table's line break: without it
 * papaparse guesses one from the record, and a lone \r or \n in a field of a
 * table of CR LF lines would cut it.
 */
export function readRecordCells(bytes: Uint8Array, delimiter: string, newline?: string): string[] {
  const text = withLeadingMark(recordDecoder.decode(bytes));
  const parsed = Papa.parse<string[]>(text, { delimiter, newline: newline as Newline | undefined });
  return parsed.data[0] ?? [''];
}
