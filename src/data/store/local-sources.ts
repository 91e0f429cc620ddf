// Sources already on the reader's device: the File they opened (read with
// slice(), so only the bytes asked are read from disk) and bytes in memory
// (small sources, and tests).
import { checkRange, readByRuns } from './byte-runs';
import type { RecordSpan, SpanSource } from './byte-source';

/** Spans closer than this are read in one slice: reading a little more beats another read from disk. */
const FILE_GAP = 64 * 1024;
/** A slice read at once is at most this long, so one read of many rows never holds the whole file. */
const FILE_MAX_RUN = 8 * 1024 * 1024;

/** A File (or any Blob) read back by offset with slice(). */
export function fileSource(blob: Blob): SpanSource {
  const size = blob.size;
  const name = typeof File !== 'undefined' && blob instanceof File ? `"${blob.name}"` : 'the file';
  const read = async (start: number, end: number): Promise<Uint8Array> => {
    checkRange(start, end, size);
    if (start === end) return new Uint8Array(0);
    try {
      return new Uint8Array(await blob.slice(start, end).arrayBuffer());
    } catch (error) {
      // Browsers refuse to read a File that changed on disk since it was chosen (NotReadableError).
      throw new Error(`${name} can no longer be read; it may have changed or moved since it was opened`, {
        cause: error,
      });
    }
  };
  return {
    kind: 'file',
    size,
    read,
    readMany: (spans: readonly RecordSpan[]) => readByRuns(spans, size, read, { gap: FILE_GAP, maxRun: FILE_MAX_RUN }),
  };
}

/** Bytes kept as they are; each read is a copy, so what a reader does with it leaves the source alone. */
export function memorySource(bytes: Uint8Array): SpanSource {
  const size = bytes.length;
  const read = (start: number, end: number): Promise<Uint8Array> => {
    try {
      checkRange(start, end, size);
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve(bytes.slice(start, end));
  };
  return {
    kind: 'memory',
    size,
    read,
    readMany: (spans: readonly RecordSpan[]) => readByRuns(spans, size, read, { gap: 0, maxRun: 0 }),
  };
}
