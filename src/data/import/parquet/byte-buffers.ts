// The bytes of a Parquet file as hyparquet reads them (an AsyncBuffer: its
// length, and any slice on demand): a File by slice(), a URL by HTTP Range,
// or, when the server ignores Range, the whole response kept in memory; and a
// cache of the slices read, so parts of a row group read one after another
// (see readParquetTable) or rows read back fetch its bytes once.

import type { AsyncBuffer } from 'hyparquet';
import { DataError, type DataText, errorText, say } from '../../text/messages';
import { STALL_MS, StalledError, within } from '../../worker/stall';

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
/** Why a file could not be read by URL, in words the page can translate. */
export class UrlReadError extends DataError {}

/**
 * Watches a whole download as it comes (bytes so far, and the size when the
 * server gave it): returns why it must stop (the memory check), or null.
 */
export type DownloadWatch = (loaded: number, total: number | null) => DataText | null;

/**
 * Opens `url` for reading by HTTP Range. A first request for its first four
 * bytes says whether the server honours Range (206) and, from Content-Range or
 * a HEAD's Content-Length, the file's length; a server that answers with the
 * whole file (200) has it read into memory, as does one that gives no length;
 * `watch` is told how much has come, and may stop it (see DownloadWatch). Every
 * later answer must be of the same file: its Content-Range's length, ETag and
 * Last-Modified, where readable, as the first's, so a file changed on the
 * server is never read as if it were the one opened (its rows are read back
 * later, see readParquetRows). No Referer is sent and redirects are not
 * followed, as for any link (see fetchWithin); a read that stalls for STALL_MS fails.
 */
export async function urlBuffer(url: string, name: string, watch?: DownloadWatch): Promise<UrlBytes> {
  const first = await get(url, name, 0, 4);
  if (first.status === 200) return whole(await readBody(first, name, { watch }));
  const range = /\/(\d+)\s*$/.exec(first.headers.get('content-range') ?? '');
  let length = range ? Number(range[1]) : Number.NaN;
  const version = versionOf(first);
  await readBody(first, name);
  if (!Number.isFinite(length)) {
    // Content-Range is not readable across origins unless the server exposes it; Content-Length is.
    const head = await send(url, name, { method: 'HEAD' });
    length = Number(head.headers.get('content-length') ?? Number.NaN);
  }
  if (!Number.isFinite(length)) return whole(await readBody(await get(url, name), name, { watch }));
  // A file no larger than its footer's first read is read at once, not again column by column.
  if (length <= SMALL_FILE_BYTES) {
    const all = await get(url, name, 0, length);
    sameFile(all, name, version, length);
    return {
      kind: 'range',
      buffer: memoryBuffer(await readBody(all, name, all.status === 200 ? { watch } : { limit: length })),
    };
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
          memory = readBody(response, name, { watch }).then((bytes) => memoryBuffer(bytes));
          return (await memory).slice(start, end);
        }
        sameFile(response, name, version, length);
        const bytes = await readBody(response, name, { limit: end - start });
        if (bytes.byteLength !== end - start) {
          throw new UrlReadError(`${name} sent ${bytes.byteLength} bytes where ${end - start} were asked for.`);
        }
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
    },
  };
}

/** What tells one version of a file from another, as far as the page can read it. */
interface FileVersion {
  etag: string | null;
  lastModified: string | null;
}

function versionOf(response: Response): FileVersion {
  return { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
}

/** Throws when a Range answer is not of the file first answered: another length, ETag or Last-Modified. */
function sameFile(response: Response, name: string, version: FileVersion, length: number): void {
  if (response.status !== 206) return;
  const range = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '');
  const now = versionOf(response);
  const changed =
    (range !== null && Number(range[1]) !== length) ||
    (version.etag !== null && now.etag !== null && now.etag !== version.etag) ||
    (version.lastModified !== null && now.lastModified !== null && now.lastModified !== version.lastModified);
  if (changed) {
    void response.body?.cancel();
    throw new UrlReadError(say('data.parquet.changed', { name }));
  }
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
    throw new UrlReadError(say('data.load.status', { name, status: String(response.status) }));
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
        ? say('data.load.noAnswer', { why: error.text })
        : say('data.load.fetchError', { why: (error as Error).message });
    throw new UrlReadError(say('data.load.notFetched', { name, why }));
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new UrlReadError(say('data.parquet.redirect', { name }));
  }
  return response;
}

/**
 * A response's body, failing when it stalls, or passes `limit` bytes (a Range
 * answer), or when `watch` stops it (a whole file).
 */
async function readBody(
  response: Response,
  name: string,
  { limit = Number.POSITIVE_INFINITY, watch }: { limit?: number; watch?: DownloadWatch } = {},
): Promise<Uint8Array> {
  const body = response.body;
  if (body === null) return new Uint8Array(await response.arrayBuffer());
  const total = Number(response.headers.get('content-length')) || null;
  const reader = body.getReader();
  const pieces: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await within(reader.read(), STALL_MS, () => void reader.cancel());
    } catch (error) {
      throw new UrlReadError(say('data.parquet.stopped', { name, why: errorText(error) }));
    }
    if (next.done) break;
    length += next.value.byteLength;
    if (length > limit) {
      await reader.cancel();
      throw new UrlReadError(`${name} sent more bytes than were asked for.`);
    }
    const refused = watch?.(length, total) ?? null;
    if (refused !== null) {
      await reader.cancel();
      throw new UrlReadError(refused);
    }
    pieces.push(next.value);
  }
  return joinBytes(pieces, length);
}

/** `pieces` (of `length` bytes in all) as one array: the piece itself when there is one. */
export function joinBytes(pieces: readonly Uint8Array[], length: number): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  const joined = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return joined;
}

/**
 * A file's slices, each kept once read and given again when the same slice is
 * asked for (hyparquet asks for a row group's column chunks by the same ranges
 * whichever of its rows are read): up to `maxBytes` of them, the oldest let go
 * first. `clear` lets all of them go.
 */
export class SliceCache implements AsyncBuffer {
  readonly byteLength: number;
  readonly #buffer: AsyncBuffer;
  readonly #maxBytes: number;
  readonly #slices = new Map<string, { bytes: number; slice: Promise<ArrayBuffer> }>();
  #held = 0;

  constructor(buffer: AsyncBuffer, maxBytes = Number.POSITIVE_INFINITY) {
    this.#buffer = buffer;
    this.byteLength = buffer.byteLength;
    this.#maxBytes = maxBytes;
  }

  slice(start: number, end = this.byteLength): Promise<ArrayBuffer> {
    const key = `${start}-${end}`;
    const kept = this.#slices.get(key);
    if (kept) {
      // Read again: the newest.
      this.#slices.delete(key);
      this.#slices.set(key, kept);
      return kept.slice;
    }
    const slice = Promise.resolve(this.#buffer.slice(start, end));
    const bytes = end - start;
    if (bytes > this.#maxBytes) return slice;
    for (const [oldest, { bytes: size }] of this.#slices) {
      if (this.#held + bytes <= this.#maxBytes) break;
      this.#slices.delete(oldest);
      this.#held -= size;
    }
    this.#slices.set(key, { bytes, slice });
    this.#held += bytes;
    // A read that fails is not kept: asked again, it is tried again.
    slice.catch(() => {
      if (this.#slices.get(key)?.slice !== slice) return;
      this.#slices.delete(key);
      this.#held -= bytes;
    });
    return slice;
  }

  clear(): void {
    this.#slices.clear();
    this.#held = 0;
  }
}
