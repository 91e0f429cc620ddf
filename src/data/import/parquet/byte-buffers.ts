// The bytes of a Parquet file as hyparquet reads them (an AsyncBuffer: its
// length, and any slice on demand): a File by slice(), a URL by HTTP Range,
// or, when the server ignores Range, the whole response kept in memory.

import type { AsyncBuffer } from 'hyparquet';
import { STALL_MS, StalledError, within } from '../../worker/stall';

/**
 * The most a Parquet load holds: a whole file downloaded from a server that
 * ignores Range, or the columns read, uncompressed. 150 MB, as a CSV's text may
 * be; its own constant, as what is read, not the file's size, is what it limits.
 */
export const MAX_PARQUET_BYTES = 150 * 1024 * 1024;

/** A File or Blob, read a slice at a time. */
export function blobBuffer(blob: Blob): AsyncBuffer {
  return { byteLength: blob.size, slice: (start, end) => blob.slice(start, end).arrayBuffer() };
}

/** Bytes already in memory. */
export function memoryBuffer(bytes: Uint8Array): AsyncBuffer {
  return {
    byteLength: bytes.byteLength,
    slice: (start, end = bytes.byteLength) =>
      bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end) as ArrayBuffer,
  };
}

/** Files this small are read in one request (see openParquetFile's first read of the footer). */
const SMALL_FILE_BYTES = 64 * 1024;

/** A URL's bytes: read by HTTP Range ('range'), or whole, in memory, as its server ignores Range ('memory'). */
export interface UrlBytes {
  buffer: AsyncBuffer;
  kind: 'range' | 'memory';
}

/** Thrown when a URL cannot be read; its message says why, for a person. */
export class UrlReadError extends Error {}

/**
 * Opens `url` for reading by HTTP Range. A first request for its first four
 * bytes says whether the server honours Range (206) and, from Content-Range or
 * a HEAD's Content-Length, the file's length; a server that answers with the
 * whole file (200) has it read into memory (up to MAX_PARQUET_BYTES), as does one
 * that gives no length. No Referer is sent and redirects are not followed, as
 * for any link (see fetchWithin); a read that stalls for STALL_MS fails.
 */
export async function urlBuffer(url: string, name: string): Promise<UrlBytes> {
  const first = await get(url, name, 0, 4);
  if (first.status === 200) return whole(await readBody(first, name));
  const range = /\/(\d+)\s*$/.exec(first.headers.get('content-range') ?? '');
  let length = range ? Number(range[1]) : Number.NaN;
  await readBody(first, name);
  if (!Number.isFinite(length)) {
    // Content-Range is not readable across origins unless the server exposes it; Content-Length is.
    const head = await send(url, name, { method: 'HEAD' });
    length = Number(head.headers.get('content-length') ?? Number.NaN);
  }
  if (!Number.isFinite(length)) return whole(await readBody(await get(url, name), name));
  // A file no larger than its footer's first read is read at once, not again column by column.
  if (length <= SMALL_FILE_BYTES) {
    const all = await get(url, name, 0, length);
    return { kind: 'range', buffer: memoryBuffer(await readBody(all, name, all.status === 200 ? undefined : length)) };
  }
  let memory: Promise<AsyncBuffer> | null = null;
  return {
    kind: 'range',
    buffer: {
      byteLength: length,
      async slice(start, end = length) {
        if (start >= end) return new ArrayBuffer(0);
        if (memory) return (await memory).slice(start, end);
        const response = await get(url, name, start, end);
        if (response.status === 200) {
          // The server stopped honouring Range: what it sent is the whole file.
          memory = readBody(response, name).then((bytes) => memoryBuffer(bytes));
          return (await memory).slice(start, end);
        }
        const bytes = await readBody(response, name, end - start);
        if (bytes.byteLength !== end - start) {
          throw new UrlReadError(`${name} sent ${bytes.byteLength} bytes where ${end - start} were asked for.`);
        }
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
    },
  };
}

function whole(bytes: Uint8Array): UrlBytes {
  return { kind: 'memory', buffer: memoryBuffer(bytes) };
}

/** GET `url`, bytes `start` to `end` (exclusive) when given; fails unless the answer is 200 or 206. */
async function get(url: string, name: string, start?: number, end?: number): Promise<Response> {
  const headers: HeadersInit = start === undefined ? {} : { Range: `bytes=${start}-${(end as number) - 1}` };
  const response = await send(url, name, { headers });
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    throw new UrlReadError(`${name} could not be fetched: the server answered ${response.status}.`);
  }
  return response;
}

async function send(url: string, name: string, init: RequestInit): Promise<Response> {
  const controller = new AbortController();
  let response: Response;
  try {
    response = await within(
      fetch(url, { ...init, signal: controller.signal, referrerPolicy: 'no-referrer', redirect: 'manual' }),
      STALL_MS,
      () => controller.abort(),
    );
  } catch (error) {
    const why =
      error instanceof StalledError
        ? `the server did not answer: ${error.message}`
        : `${(error as Error).message}; the server may be down, or may not let other sites read the file (CORS)`;
    throw new UrlReadError(`${name} could not be fetched (${why}).`);
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new UrlReadError(
      `${name} could not be fetched (the server sends it on to another address, which the page does not follow without asking; open that address instead).`,
    );
  }
  return response;
}

/** A response's body, failing when it stalls, or passes `limit` bytes (MAX_PARQUET_BYTES for a whole file). */
async function readBody(response: Response, name: string, limit = MAX_PARQUET_BYTES): Promise<Uint8Array> {
  const body = response.body;
  if (body === null) return new Uint8Array(await response.arrayBuffer());
  const reader = body.getReader();
  const pieces: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await within(reader.read(), STALL_MS, () => void reader.cancel());
    } catch (error) {
      throw new UrlReadError(`${name} stopped arriving: ${(error as Error).message}.`);
    }
    if (next.done) break;
    length += next.value.byteLength;
    if (length > limit) {
      await reader.cancel();
      throw new UrlReadError(
        limit === MAX_PARQUET_BYTES
          ? `${name} is larger than the ${Math.round(MAX_PARQUET_BYTES / (1024 * 1024))} MB this app reads whole, and its server does not answer HTTP Range requests, by which it would be read in parts.`
          : `${name} sent more bytes than were asked for.`,
      );
    }
    pieces.push(next.value);
  }
  if (pieces.length === 1) return pieces[0];
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return bytes;
}
