// Byte ranges of a remote file over HTTP Range, insisting on 206 Partial Content: a server that
// ignores Range would otherwise send the whole file (gigabytes) for every small read.

import type { AsyncBuffer } from 'hyparquet';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Requests and bytes received, for tests and for the page to show. */
export interface FetchStats {
  requests: number;
  bytes: number;
}

/** The server answered a Range request with something other than the bytes asked for. */
export class RangeRequestError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RangeRequestError';
  }
}

/** Fetches bytes start..end-1 of `url`; throws RangeRequestError unless the server sends exactly those (206). */
export async function fetchRange(
  fetchFn: FetchLike,
  url: string,
  start: number,
  end: number,
  options: { signal?: AbortSignal; stats?: FetchStats } = {},
): Promise<ArrayBuffer> {
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end > start)) {
    throw new RangeError(`fetchRange: bad byte range ${start}..${end}`);
  }
  const init = { headers: { Range: `bytes=${start}-${end - 1}` }, signal: options.signal };
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (error) {
    // A connection reset under a reused connection: a range is safe to ask for again, once.
    if (options.signal?.aborted) throw error;
    response = await fetchFn(url, init);
  }
  if (options.stats) options.stats.requests++;
  if (response.status !== 206) {
    // Drop the body unread: from a server that ignores Range it is the whole file.
    response.body?.cancel().catch(() => {});
    const why =
      response.status === 200
        ? 'answered with the whole file (200) instead of the bytes asked for: the server ignores HTTP Range requests, which a bundle needs (see docs/scale-out.md)'
        : `answered ${response.status} ${response.statusText}`.trim();
    throw new RangeRequestError(url, response.status, `${url}: asked for bytes ${start}-${end - 1}, the server ${why}`);
  }
  const buffer = await readAtMost(response, end - start, url, start);
  if (options.stats) options.stats.bytes += buffer.byteLength;
  if (buffer.byteLength !== end - start) {
    throw new RangeRequestError(
      url,
      206,
      `${url}: asked for ${end - start} bytes from byte ${start}, received ${buffer.byteLength}: is the file on the server the one the manifest describes?`,
    );
  }
  return buffer;
}

/**
 * A response's body, when it is at most `limit` bytes: a longer one is cut off there and refused,
 * so a server cannot make the page take in more than it asked for.
 */
async function readAtMost(response: Response, limit: number, url: string, start: number): Promise<ArrayBuffer> {
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const out = new Uint8Array(limit);
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return at === limit ? out.buffer : out.slice(0, at).buffer;
    if (at + value.byteLength > limit) {
      reader.cancel().catch(() => {});
      throw new RangeRequestError(
        url,
        206,
        `${url}: asked for ${limit} bytes from byte ${start}, received more: is the file on the server the one the manifest describes?`,
      );
    }
    out.set(value, at);
    at += value.byteLength;
  }
}

/** A hyparquet AsyncBuffer over a remote file of known length: each slice is one Range request. */
export function rangeAsyncBuffer(
  fetchFn: FetchLike,
  url: string,
  byteLength: number,
  options: { signal?: AbortSignal; stats?: FetchStats } = {},
): AsyncBuffer {
  return {
    byteLength,
    slice: (start: number, end = byteLength) => fetchRange(fetchFn, url, start, end, options),
  };
}

/**
 * An AsyncBuffer that answers from byte ranges fetched ahead (all requested at once, in parallel)
 * and falls back to `file` for anything outside them.
 */
export function prefetchedAsyncBuffer(
  file: AsyncBuffer,
  ranges: readonly { start: number; end: number }[],
): AsyncBuffer {
  const fetched = ranges.map((r) => ({ ...r, data: Promise.resolve(file.slice(r.start, r.end)) }));
  // A failed prefetch that nobody slices must not surface as an unhandled rejection.
  for (const f of fetched) f.data.catch(() => {});
  return {
    byteLength: file.byteLength,
    slice(start: number, end = file.byteLength) {
      const hit = fetched.find((f) => f.start <= start && end <= f.end);
      if (!hit) return file.slice(start, end);
      return hit.data.then((buffer) => buffer.slice(start - hit.start, end - hit.start));
    },
  };
}
