// Reads a JSON document's bytes as they arrive and tells what its top level
// holds: each member of a root object as its text and value, and the items of
// one member's array one at a time, each with the bytes it was read from, so a
// collection of a million features never sits in memory at once.
//
// @streamparser/json's Tokenizer finds the tokens and their byte offsets; the
// top two levels are checked here, and each value below them is read by
// JSON.parse from its own text, so values (duplicate keys, "__proto__", lone
// surrogates, numbers) are exactly what JSON.parse of the whole text gives.
// A syntax error is described as JSON.parse describes it in the whole text: the
// text from the last point checked here is parsed again behind a few
// characters that put JSON.parse in the same state there. Pure.
import { Tokenizer, TokenizerError, TokenType } from '@streamparser/json';
import type { RecordSpan } from '../store/byte-source';
import type { DataText } from '../text/messages';
import { type JsonError, jsonErrorInPiece, jsonErrorMessage } from './geojson-json-error';

/** What a TopLevelReader tells as it reads. */
export interface TopLevelHandler {
  /** Whether the array value of root member `key` is read an item at a time (its text is not kept). */
  streams(key: string): boolean;
  /** A root member not read an item at a time: its text as written (`"key": value`) and its value. */
  member(key: string, text: string, value: unknown): void;
  /** The array of a member read an item at a time begins; `keyText`: the key as written. */
  streamStart(key: string, keyText: string): void;
  /** Item `index` of that array: its value and where its text lies in the source. */
  item(index: number, value: unknown, span: RecordSpan): void;
}

/** What the document turned out to be, once it has ended. */
export type TopLevel =
  /** Nothing but white space. */
  | { kind: 'empty' }
  /** Not JSON: `text` says where and why, as readGeoJSONText says it. */
  | { kind: 'invalid'; text: DataText }
  /** An object, whose members went to the handler; `span`: where its text lies. */
  | { kind: 'object'; span: RecordSpan }
  /** A list (its items are checked, not kept). */
  | { kind: 'array' }
  | { kind: 'scalar'; value: unknown };

/** Where the reader is: at the top, in the root object or list, or in the array read an item at a time. */
enum In {
  Root,
  Object,
  List,
  Stream,
}

/** What may come next where the reader is. */
enum Next {
  Value,
  ValueOrClose,
  KeyOrClose,
  Key,
  Colon,
  CommaOrClose,
  Nothing,
}

/**
 * Text that brings JSON.parse to the state the reader is in, so its messages
 * are those of the whole text. Values in it are "" (nothing that follows can
 * run on into it, as into a number).
 */
function leadIn(where: In, next: Next): string {
  if (where === In.Root) return next === Next.Nothing ? '""' : '';
  if (where === In.Object) {
    if (next === Next.KeyOrClose) return '{';
    if (next === Next.Key) return '{"":"",';
    if (next === Next.Colon) return '{""';
    return next === Next.Value ? '{"":' : '{"":""';
  }
  const member = where === In.Stream ? '{"":' : '';
  if (next === Next.ValueOrClose) return `${member}[`;
  return next === Next.Value ? `${member}["",` : `${member}[""`;
}

const OBJECT = 0;
const LIST = 1;
/** How many bytes past the piece where an error was found are read to describe it (30 characters at least). */
const LOOKAHEAD = 256;
const BOM = [0xef, 0xbb, 0xbf];

/** Whether `bytes` holds a byte-order mark at `at`. */
const bomAt = (bytes: Uint8Array, at: number) => BOM.every((b, i) => bytes[at + i] === b);

/** JSON's white space: space, tab, line feed, carriage return. */
const isJsonSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Reads the top level of a JSON document fed in byte chunks (`push`, then
 * `end`). Values deeper than the root's members (or the items of the member
 * array the handler streams) are not looked at here but read whole by
 * JSON.parse, one at a time. Chunks are kept (not copied) until what they hold
 * has been read: do not change a chunk once pushed.
 */
export class TopLevelReader {
  readonly #handler: TopLevelHandler;
  readonly #tokenizer = new Tokenizer();
  /** Decodes each piece alone: pieces start and end at ASCII bytes, so alone they decode as in the whole. */
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** The first bytes, until it is known how many byte-order marks they start with (null: known). */
  #lead: Uint8Array | null = new Uint8Array(0);
  /** The bytes of the byte-order marks (up to two: TextDecoder drops one, readGeoJSONText another). */
  #bodyStart = 0;
  /** Bytes pushed so far. */
  #total = 0;

  /** Where the text not yet read starts (the mark), and its bytes: pieces of the chunks, from the mark on. */
  #mark = 0;
  #parts: Uint8Array[] = [];
  /** Line (1-based) and UTF-16 units since the last line feed, at the mark. */
  #line = 1;
  #column0 = 0;
  /** Where the reader was when the mark was set. */
  #markIn = In.Root;
  #markNext = Next.Value;

  #in = In.Root;
  #next = Next.Value;
  /** The brackets open inside the value being read (deeper than the reader looks). */
  readonly #inner: number[] = [];
  /** A number, string or literal has been read as the value here; its text ends at the next comma or bracket. */
  #scalar = false;
  /** Where the value being read starts. */
  #valueStart = -1;
  #key = '';
  #keyText = '';
  #streamKey = false;
  #item = 0;
  #rootStart = -1;
  #rootEnd = -1;
  #rootValue: unknown;

  /** Set once the text is found not to be JSON: how much is read past it to describe it. */
  #failedUntil = -1;
  /** Once described: the message (null: everything after the error may be white space; read on to tell). */
  #error: JsonError | null = null;
  #settled = false;
  /** The document is white space so far (only told once it is not JSON). */
  #blank = false;
  #tailDecoder: TextDecoder | null = null;

  constructor(handler: TopLevelHandler) {
    this.#handler = handler;
    this.#tokenizer.onToken = ({ token, offset }) => {
      if (this.#failedUntil >= 0) return;
      const mark = this.#mark;
      this.#token(token, offset + this.#bodyStart);
      if (this.#mark !== mark) {
        this.#markIn = this.#in;
        this.#markNext = this.#next;
      }
    };
    this.#tokenizer.onError = (error) => {
      // Only the tokenizer's own errors say the text is not JSON; any other (a handler's) is a fault to pass on.
      if (!(error instanceof TokenizerError)) throw error;
      this.#fail();
    };
  }

  /** Whether the text is known not to be JSON and its message is complete: the rest need not be pushed. */
  get settled(): boolean {
    return this.#settled;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.#lead !== null) {
      let lead = chunk;
      if (this.#lead.length > 0) {
        lead = new Uint8Array(this.#lead.length + chunk.length);
        lead.set(this.#lead);
        lead.set(chunk, this.#lead.length);
      }
      this.#lead = lead;
      if (lead.length >= 6) this.#openBody();
      return;
    }
    this.#feed(chunk);
  }

  /** Ends the document and says what it was. */
  end(): TopLevel {
    if (this.#lead !== null) this.#openBody();
    if (this.#failedUntil < 0) {
      this.#tokenizer.end();
      if (this.#failedUntil < 0) {
        if (this.#in === In.Root && this.#next === Next.Value) return { kind: 'empty' };
        if (this.#in !== In.Root) this.#fail();
        else if (this.#scalar) this.#scalarEnds(this.#total);
      }
    }
    if (this.#failedUntil >= 0) {
      if (this.#error === null) this.#describe(true);
      else if (!this.#settled) this.#tail((this.#tailDecoder as TextDecoder).decode());
      if (this.#blank) return { kind: 'empty' };
      const error = this.#error as JsonError;
      const place = error.place && { ...error.place, atEnd: !this.#settled };
      return { kind: 'invalid', text: jsonErrorMessage(error.reason, place) };
    }
    if (this.#rootStart < 0) return { kind: 'scalar', value: this.#rootValue };
    return this.#rootEnd < 0
      ? { kind: 'array' }
      : { kind: 'object', span: { start: this.#rootStart, length: this.#rootEnd - this.#rootStart } };
  }

  /** Drops the byte-order marks from the first bytes and reads them. */
  #openBody(): void {
    const lead = this.#lead as Uint8Array;
    this.#lead = null;
    let skip = 0;
    while (skip < 6 && bomAt(lead, skip)) skip += 3;
    this.#bodyStart = skip;
    this.#total = skip;
    this.#mark = skip;
    this.#feed(lead.subarray(skip));
  }

  #feed(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#total += chunk.length;
    if (this.#failedUntil >= 0) {
      this.#failedMore(chunk);
      return;
    }
    this.#parts.push(chunk);
    // The tokenizer sees every byte of a multi-byte character as '#': its offsets stay bytes, a
    // character that is not UTF-8 is no error (TextDecoder makes it U+FFFD, as the whole-text
    // reader's does), and '#' is as wrong as the character outside a string.
    let plain = chunk;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] < 0x80) continue;
      plain = new Uint8Array(chunk); // a copy (a Node Buffer's slice() is not)
      for (let j = i; j < plain.length; j++) if (plain[j] >= 0x80) plain[j] = 0x23;
      break;
    }
    this.#tokenizer.write(plain);
  }

  #token(token: TokenType, at: number): void {
    const inner = this.#inner;
    if (inner.length > 0) {
      if (token === TokenType.LEFT_BRACE) inner.push(OBJECT);
      else if (token === TokenType.LEFT_BRACKET) inner.push(LIST);
      else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) {
        if (inner.pop() !== (token === TokenType.RIGHT_BRACE ? OBJECT : LIST)) this.#fail();
        else if (inner.length === 0) this.#valueEnds(at + 1);
      }
      return;
    }
    const next = this.#next;
    if (next === Next.Value || next === Next.ValueOrClose) {
      if (next === Next.ValueOrClose && token === TokenType.RIGHT_BRACKET) this.#close(token, at);
      else this.#valueBegins(token, at);
    } else if (next === Next.KeyOrClose || next === Next.Key) {
      if (next === Next.KeyOrClose && token === TokenType.RIGHT_BRACE) this.#close(token, at);
      else if (token === TokenType.STRING) this.#next = Next.Colon;
      else this.#fail();
    } else if (next === Next.Colon) {
      if (token === TokenType.COLON) this.#colon(at);
      else this.#fail();
    } else if (next === Next.CommaOrClose) {
      if (token === TokenType.COMMA) {
        if (!this.#valueDone(at)) return;
        this.#pass(at);
        this.#next = this.#in === In.Object ? Next.Key : Next.Value;
      } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.#close(token, at);
      else this.#fail();
    } else this.#fail();
  }

  #valueBegins(token: TokenType, at: number): void {
    const opens = token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET;
    if (!opens && (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET)) {
      this.#fail();
      return;
    }
    if (!opens && (token === TokenType.COLON || token === TokenType.COMMA)) {
      this.#fail();
      return;
    }
    this.#valueStart = at;
    if (
      opens &&
      (this.#in === In.Root || (this.#in === In.Object && this.#streamKey && token === TokenType.LEFT_BRACKET))
    ) {
      this.#commitSpace(at);
      this.#pass(at);
      if (this.#in === In.Object) {
        this.#in = In.Stream;
        this.#item = 0;
        this.#handler.streamStart(this.#key, this.#keyText);
      } else {
        this.#rootStart = at;
        this.#in = token === TokenType.LEFT_BRACE ? In.Object : In.List;
      }
      this.#next = token === TokenType.LEFT_BRACE ? Next.KeyOrClose : Next.ValueOrClose;
      return;
    }
    if (opens) this.#inner.push(token === TokenType.LEFT_BRACE ? OBJECT : LIST);
    else {
      this.#scalar = true;
      this.#next = this.#in === In.Root ? Next.Nothing : Next.CommaOrClose;
    }
  }

  #colon(at: number): void {
    const text = this.#text(at);
    let key: unknown;
    try {
      key = JSON.parse(text);
    } catch {
      this.#fail();
      return;
    }
    this.#commit(at, text);
    this.#pass(at);
    this.#key = key as string;
    this.#keyText = text;
    this.#streamKey = this.#handler.streams(this.#key);
    this.#next = Next.Value;
  }

  /** A root object or list, or the streamed array, ends at the bracket at `at`. */
  #close(token: TokenType, at: number): void {
    const where = this.#in;
    if (token !== (where === In.Object ? TokenType.RIGHT_BRACE : TokenType.RIGHT_BRACKET)) {
      this.#fail();
      return;
    }
    if (!this.#valueDone(at)) return;
    this.#pass(at);
    if (where === In.Stream) {
      this.#in = In.Object;
      this.#next = Next.CommaOrClose;
    } else {
      if (where === In.Object) this.#rootEnd = at + 1;
      this.#in = In.Root;
      this.#next = Next.Nothing;
    }
  }

  /** A value read whole ends at `end` (its closing bracket included). */
  #valueEnds(end: number): void {
    const text = this.#text(end);
    const value = this.#parse(text);
    if (value === FAILED) return;
    this.#commit(end, text);
    this.#next = this.#in === In.Root ? Next.Nothing : Next.CommaOrClose;
    this.#value(value, text, end);
  }

  /** Before the comma or bracket at `at`: reads the number, string or literal read there, if any; false when it fails. */
  #valueDone(at: number): boolean {
    if (!this.#scalar) {
      this.#commitSpace(at);
      return true;
    }
    return this.#scalarEnds(at);
  }

  #scalarEnds(at: number): boolean {
    this.#scalar = false;
    const bytes = this.#bytes(at);
    const text = this.#decoder.decode(bytes);
    const value = this.#parse(text);
    if (value === FAILED) return false;
    let end = at;
    while (end > this.#valueStart && isJsonSpace(bytes[end - 1 - this.#mark])) end--;
    this.#commit(at, text);
    this.#value(value, text, end);
    return true;
  }

  #value(value: unknown, text: string, end: number): void {
    if (this.#in === In.Object) this.#handler.member(this.#key, `${this.#keyText}:${text}`, value);
    else if (this.#in === In.Stream) {
      const start = this.#valueStart;
      this.#handler.item(this.#item++, value, { start, length: end - start });
    } else if (this.#in === In.Root) this.#rootValue = value;
  }

  #parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      this.#fail();
      return FAILED;
    }
  }

  /** The bytes from the mark to `end`. */
  #bytes(end: number): Uint8Array {
    const length = end - this.#mark;
    const parts = this.#parts;
    if (parts[0].length >= length) return parts[0].subarray(0, length);
    const joined = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      const n = Math.min(part.length, length - at);
      joined.set(part.subarray(0, n), at);
      at += n;
      if (at === length) break;
    }
    return joined;
  }

  #text(end: number): string {
    return end === this.#mark ? '' : this.#decoder.decode(this.#bytes(end));
  }

  /** Moves the mark to `end`, past `text` (the text up to there), counting its lines. */
  #commit(end: number, text: string): void {
    let at = text.indexOf('\n');
    if (at < 0) this.#column0 += text.length;
    else {
      let last = at;
      while (at >= 0) {
        this.#line++;
        last = at;
        at = text.indexOf('\n', at + 1);
      }
      this.#column0 = text.length - last - 1;
    }
    this.#drop(end);
  }

  /** Moves the mark to `end` past white space (JSON's: ASCII only). */
  #commitSpace(end: number): void {
    if (end === this.#mark) return;
    const bytes = this.#bytes(end);
    for (const byte of bytes) {
      if (byte === 0x0a) {
        this.#line++;
        this.#column0 = 0;
      } else this.#column0++;
    }
    this.#drop(end);
  }

  /** Moves the mark past the one-byte token at `at` (the mark). */
  #pass(at: number): void {
    this.#column0++;
    this.#drop(at + 1);
  }

  #drop(end: number): void {
    let drop = end - this.#mark;
    const parts = this.#parts;
    while (drop > 0) {
      const first = parts[0];
      if (first.length <= drop) {
        parts.shift();
        drop -= first.length;
      } else {
        parts[0] = first.subarray(drop);
        drop = 0;
      }
    }
    this.#mark = end;
  }

  #fail(): void {
    if (this.#failedUntil >= 0) return;
    this.#failedUntil = this.#total + LOOKAHEAD;
  }

  /** More bytes once the text is known not to be JSON: enough to describe the error, then white space or not. */
  #failedMore(chunk: Uint8Array): void {
    if (this.#settled) return;
    if (this.#error === null) {
      this.#parts.push(chunk);
      if (this.#total >= this.#failedUntil) this.#describe(false);
      return;
    }
    this.#tail((this.#tailDecoder as TextDecoder).decode(chunk, { stream: true }));
  }

  /** Text after what was read to describe the error: anything but white space settles it. */
  #tail(text: string): void {
    if (!/\S/.test(text)) return;
    this.#settled = true;
    this.#blank = false;
  }

  /**
   * Says why and where the text is not JSON: JSON.parse of the text from the
   * mark, behind a lead-in that sets it in the state the reader had there.
   */
  #describe(ended: boolean): void {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    this.#tailDecoder = decoder;
    const total = this.#parts.reduce((sum, part) => sum + part.length, 0);
    const text = total === 0 ? '' : decoder.decode(this.#bytes(this.#mark + total), { stream: !ended });
    // Before any bracket, the text read is all the document's: it may be white space only (the file is empty).
    const blank = this.#markIn === In.Root && this.#markNext === Next.Value && text.trim() === '';
    const error = jsonErrorInPiece(text, leadIn(this.#markIn, this.#markNext), this.#line, this.#column0);
    this.#parts = [];
    this.#blank = blank;
    this.#error = error;
    if (error.offset === null) {
      this.#settled = !blank;
      return;
    }
    // Anything but white space after the error: the text does not just end too soon.
    this.#settled = /\S/.test(text.slice(error.offset));
  }
}

const FAILED = Symbol('failed');
