// A dataset opened by link, read back with HTTP Range requests: only the bytes
// of the records shown travel again. Every answer is checked to be the part
// asked of the file that was read (206, its Content-Range, its size and its
// ETag or Last-Modified), so a file changed on the server is never read as if
// it were the one loaded; every request is bounded in time (stall.ts).
import { STALL_MS, StalledError, within } from '../worker/stall';
import { checkRange, readByRuns } from './byte-runs';
import type { RecordSpan, SpanSource } from './byte-source';

/** Spans closer than this are read in one request: 64 KiB more costs less than another round trip. */
const RANGE_GAP = 64 * 1024;
/** One request asks for at most this much, so a read of many rows never downloads the file again. */
const RANGE_MAX_RUN = 8 * 1024 * 1024;
/** Requests in flight at once for one readMany. */
const RANGE_PARALLEL = 4;

/** The file at a link is no longer the one that was loaded: its records cannot be read back from it. */
export class SourceChangedError extends Error {}

export interface RangeOptions {
  /** The fetch to use (tests); the global one by default. */
  fetch?: typeof fetch;
  /** The file's size as its download gave it: the server's must agree. */
  size?: number;
  /** The download's ETag and Last-Modified, when it had them: the file read back must have the same. */
  etag?: string | null;
  lastModified?: string | null;
  /** Aborts every request, the probe's and the reads'. */
  signal?: AbortSignal;
  /** How long one request may take, answer and body (STALL_MS). */
  timeoutMs?: number;
}

/** What identifies the version of the file read: its size and validators. */
interface Version {
  size: number;
  etag: string | null;
  lastModified: string | null;
}

/**
 * A source reading `url` with Range requests, or null when its offsets could
 * not be trusted to be those of the bytes loaded: the server ignores Range
 * (answers 200 with the whole file), hides Content-Range (a server elsewhere
 * must list it in Access-Control-Expose-Headers), compresses what it sends
 * (Content-Encoding), or gives another size than `size`. The caller then keeps
 * the bytes itself (PagedBytes), so it asks before the download's bytes have
 * passed. One small request (bytes 0 to 0) asks. Throws a SourceChangedError
 * when the file's ETag or Last-Modified differ from those given.
 */
export async function rangeSource(url: string, options: RangeOptions = {}): Promise<SpanSource | null> {
  const ms = options.timeoutMs ?? STALL_MS;
  const request = requester(url, options, ms);
  return request(async (fetchRange) => {
    const response = await fetchRange('bytes=0-0', null);
    await response.body?.cancel();
    const version: Version = {
      size: -1,
      etag: response.headers.get('ETag'),
      lastModified: response.headers.get('Last-Modified'),
    };
    if (response.status !== 200 && response.status !== 206 && response.status !== 416) {
      throw new Error(`${url} could not be read again: the server answered ${statusOf(response)}`);
    }
    checkVersion(url, version, options);
    const range = contentRange(response.headers.get('Content-Range'));
    const encoding = response.headers.get('Content-Encoding');
    if (encoding && encoding.trim().toLowerCase() !== 'identity') return null;
    if (response.status === 416 && range?.size === 0) version.size = 0;
    else if (response.status === 206 && range && range.start === 0 && range.end === 0 && range.size >= 0) {
      version.size = range.size;
    } else return null;
    if (options.size !== undefined && options.size !== version.size) return null;
    return sourceOf(url, version, request);
  });
}

type FetchRange = (range: string, ifRange: string | null) => Promise<Response>;
type Requester = <T>(work: (fetchRange: FetchRange) => Promise<T>) => Promise<T>;

/**
 * Runs one request's work within `ms` (answer and body), aborting it when
 * late or when the caller's signal aborts. No Referer is sent and no redirect
 * followed, as for the download (see fetchWithin).
 */
function requester(url: string, options: RangeOptions, ms: number): Requester {
  const fetcher = options.fetch ?? fetch;
  return async (work) => {
    const controller = new AbortController();
    const outer = options.signal;
    const abort = () => controller.abort(outer?.reason);
    if (outer?.aborted) abort();
    outer?.addEventListener('abort', abort);
    const fetchRange: FetchRange = async (range, ifRange) => {
      const headers: Record<string, string> = { Range: range };
      if (ifRange) headers['If-Range'] = ifRange;
      const response = await fetcher(url, {
        headers,
        signal: controller.signal,
        referrerPolicy: 'no-referrer',
        redirect: 'manual',
      });
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        await response.body?.cancel();
        throw new Error(`${url} now sends the page on to another address, which is not followed`);
      }
      return response;
    };
    try {
      return await within(work(fetchRange), ms, () => controller.abort());
    } catch (error) {
      // A stall, or fetch's TypeError for a network that failed: said with the link.
      if (error instanceof StalledError || error instanceof TypeError) {
        throw new Error(`${url} could not be read again: ${error.message}`, { cause: error });
      }
      throw error;
    } finally {
      outer?.removeEventListener('abort', abort);
    }
  };
}

function sourceOf(url: string, version: Version, request: Requester): SpanSource {
  const { size } = version;
  // If-Range makes a changed file answer 200 at once instead of a part of the new file. It is not a header a
  // page may send elsewhere without asking the server first (a CORS preflight), so there the answers are checked after.
  const strongEtag = version.etag && !version.etag.startsWith('W/') ? version.etag : null;
  const ifRange = sameOrigin(url) ? (strongEtag ?? version.lastModified) : null;
  const read = async (start: number, end: number): Promise<Uint8Array> => {
    checkRange(start, end, size);
    if (start === end) return new Uint8Array(0);
    return request(async (fetchRange) => {
      const response = await fetchRange(`bytes=${start}-${end - 1}`, ifRange);
      const range = contentRange(response.headers.get('Content-Range'));
      const now = { etag: response.headers.get('ETag'), lastModified: response.headers.get('Last-Modified') };
      if (response.status !== 206) {
        await response.body?.cancel();
        checkVersion(url, now, version);
        // Asked with If-Range, the whole file means the file changed.
        if (response.status === 200 && ifRange) throw changed(url, 'the server sent the whole new file');
        const answered = response.status === 200 ? 'the whole file instead of the part asked' : statusOf(response);
        throw new Error(`${url} could not be read again: the server answered ${answered}`);
      }
      checkVersion(url, now, version);
      if (range && range.size >= 0 && range.size !== size) {
        await response.body?.cancel();
        throw changed(url, `it is ${range.size} bytes long, not the ${size} loaded`);
      }
      if (!range || range.start !== start || range.end !== end - 1) {
        await response.body?.cancel();
        const sent = response.headers.get('Content-Range') ?? 'no Content-Range';
        throw new Error(`${url} could not be read again: asked for bytes ${start}-${end - 1}/${size}, it sent ${sent}`);
      }
      const bytes = await bodyOf(response, end - start);
      if (bytes === null || bytes.length !== end - start) {
        const came = bytes === null ? 'more than' : `${bytes.length} bytes of`;
        throw new Error(`${url} could not be read again: ${came} the ${end - start} bytes asked came`);
      }
      return bytes;
    });
  };
  return {
    kind: 'range',
    size,
    read,
    readMany: (spans: readonly RecordSpan[]) =>
      readByRuns(spans, size, read, { gap: RANGE_GAP, maxRun: RANGE_MAX_RUN, parallel: RANGE_PARALLEL }),
  };
}

/**
 * The body of `response`, read until `expected` bytes have come: null (the
 * rest not read) when it runs longer, so a server that sends more than its
 * Content-Range says cannot fill the memory.
 */
async function bodyOf(response: Response, expected: number): Promise<Uint8Array | null> {
  if (!response.body) {
    if (Number(response.headers.get('Content-Length')) > expected) return null;
    const all = new Uint8Array(await response.arrayBuffer());
    return all.length > expected ? null : all;
  }
  const bytes = new Uint8Array(expected);
  const reader = response.body.getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes.subarray(0, at);
    if (at + value.length > expected) {
      await reader.cancel();
      return null;
    }
    bytes.set(value, at);
    at += value.length;
  }
}

/** A Content-Range, `bytes START-END/SIZE` (SIZE -1 for a star) or, answering a range past the end, a star and the size; null when neither. */
function contentRange(header: string | null): { start: number; end: number; size: number } | null {
  const match = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const size = match[3] === '*' ? -1 : Number(match[3]);
  return match[1] === undefined
    ? { start: -1, end: -1, size }
    : { start: Number(match[1]), end: Number(match[2]), size };
}

/**
 * Throws a SourceChangedError when `now`'s validators differ from those `then`
 * had. ETags are compared weakly: a server marks one weak (W/) when it
 * compresses the answer, which a whole download may be and a part is not. A
 * validator missing from an answer proves nothing; the size is checked apart.
 */
function checkVersion(
  url: string,
  now: Pick<Version, 'etag' | 'lastModified'>,
  then: { etag?: string | null; lastModified?: string | null },
): void {
  const opaque = (etag: string) => etag.replace(/^W\//, '');
  if (then.etag && now.etag && opaque(now.etag) !== opaque(then.etag)) {
    throw changed(url, `its ETag is ${now.etag}, not ${then.etag}`);
  }
  if (then.lastModified && now.lastModified && now.lastModified !== then.lastModified) {
    throw changed(url, `it was modified ${now.lastModified}, not ${then.lastModified}`);
  }
}

function changed(url: string, how: string): SourceChangedError {
  return new SourceChangedError(`${url} has changed on the server since it was loaded (${how}); open it again`);
}

function statusOf(response: Response): string {
  return `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

/** Whether `url` is on the origin of the page or worker running this (always, in Node). */
function sameOrigin(url: string): boolean {
  const here = (globalThis as { location?: { href: string; origin: string } }).location;
  if (!here) return true;
  try {
    return new URL(url, here.href).origin === here.origin;
  } catch {
    return false;
  }
}
