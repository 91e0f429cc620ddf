// Where a dataset's text lives once it is loaded: not in the page, but in its
// source, read back a record at a time when an incident is shown or exported.
// A File is read with slice(), a URL with HTTP Range; a server that ignores
// Range has its bytes kept compressed in pages. Implementations follow.

/** The bytes of a loaded dataset's source, read back by offset. */
export interface ByteSource {
  /**
   * 'file': the user's File, read with slice(); 'range': a URL read with HTTP
   * Range requests; 'pages': the bytes kept compressed in memory, a page at a
   * time (a server that ignores Range); 'memory': bytes kept as they are (small sources).
   */
  readonly kind: 'file' | 'range' | 'pages' | 'memory';
  /** The source's length in bytes. */
  readonly size: number;
  /** Bytes `start` (inclusive) to `end` (exclusive). */
  read(start: number, end: number): Promise<Uint8Array>;
  /**
   * The bytes of each span, in the order asked; spans close together are read
   * at once (one request, one slice). Every source here has it; optional so a
   * source made elsewhere (a test's) need not.
   */
  readMany?(spans: readonly RecordSpan[]): Promise<Uint8Array[]>;
}

/** A source that reads many spans at once (all the sources in this folder). */
export interface SpanSource extends ByteSource {
  readMany(spans: readonly RecordSpan[]): Promise<Uint8Array[]>;
}

/** The bytes of each span of `source`: with readMany where it has it, else a read each. */
export function readSpans(source: ByteSource, spans: readonly RecordSpan[]): Promise<Uint8Array[]> {
  if (source.readMany) return source.readMany(spans);
  return Promise.all(spans.map(({ start, length }) => source.read(start, start + length)));
}

/** Where one incident's record lies in its source: bytes `start` to `start + length`. */
export interface RecordSpan {
  start: number;
  length: number;
}
