/// <reference lib="webworker" />
// Where a dataset worker's file comes from: the File, or a link fetched (with
// how its text can be read back later), and the places file a GeoJSON needs.
import { readPlaces } from '../import/validate';
import type { ByteSource } from '../store/byte-source';
import { fileSource } from '../store/local-sources';
import { PagedBytes } from '../store/paged-bytes';
import { rangeSource } from '../store/range-source';
import { DataError, errorText, say } from '../text/messages';
import { cut } from '../text/quote';
import type { Place } from '../types';
import type { WorkerRequest } from './protocol';
import { post, postFailure } from './replies';
import { fetchWithin, readTextWithin, StalledError } from './stall';

/**
 * Tables this large (bytes), or of a size not given, are read on two workers at
 * once (see import/table/blocks.ts), and their text is read back from the source.
 */
export const PARALLEL_BYTES = 4 * 1024 * 1024;

/** A file being read: its bytes as a stream, its size when known, and where its text can be read back from. */
export interface OpenedSource {
  stream: ReadableStream<Uint8Array>;
  total: number | null;
  /**
   * Where the records' text is read back from once loaded: the File, the URL
   * by Range, or `pages` (fed every byte as it streams) where the server
   * ignores Range; null for a small download, whose text is kept as read.
   */
  reread: ByteSource | null;
  pages: PagedBytes | null;
}

/** The file's bytes as a stream, with its size when known; null (after a 'failed' reply) when it cannot be read. */
export async function openSource(request: Extract<WorkerRequest, { type: 'open' }>): Promise<OpenedSource | null> {
  if (request.file) {
    const file = request.file;
    post({ type: 'progress', phase: 'reading', loaded: 0, total: file.size });
    return { stream: file.stream(), total: file.size, reread: fileSource(file), pages: null };
  }
  let response: Response;
  try {
    response = await fetchWithin(request.url as string);
  } catch (error) {
    // The browser's own words (in English) are data to these messages.
    const why =
      error instanceof StalledError
        ? say('data.load.noAnswer', { why: error.text })
        : /sends it on to another address/.test((error as Error).message)
          ? (error as Error).message
          : say('data.load.fetchError', { why: cut((error as Error).message, 200) });
    postFailure(say('data.load.notFetched', { name: request.name, why }));
    return null;
  }
  if (!response.ok) {
    postFailure(say('data.load.status', { name: request.name, status: String(response.status) }));
    return null;
  }
  const total = Number(response.headers.get('content-length')) || null;
  const stream = response.body ?? (await response.blob()).stream();
  // A small download keeps its text as read; a large one is read back by Range, or
  // kept compressed where the server ignores Range (asked once, before its bytes pass).
  if (total !== null && total < PARALLEL_BYTES) return { stream, total, reread: null, pages: null };
  const ranged = await rangeSource(request.url as string, {
    size: total ?? undefined,
    etag: response.headers.get('ETag'),
    lastModified: response.headers.get('Last-Modified'),
  }).catch(() => null);
  const pages = ranged ? null : new PagedBytes();
  return { stream, total, reread: ranged ?? pages, pages };
}

/** The largest places file read (they are a few hundred places). */
const MAX_PLACES_BYTES = 64 * 1024 * 1024;

/** The places at `url` (none without one); a fetch that fails is a load that fails, once awaited. */
export function placesFrom(url: string | undefined): Promise<Place[]> {
  if (url === undefined) return Promise.resolve([]);
  const places = fetchWithin(url)
    .then((response) => {
      if (!response.ok) throw new DataError(say('data.load.serverAnswered', { status: String(response.status) }));
      return readTextWithin(response, MAX_PLACES_BYTES);
    })
    .then((text) => JSON.parse(text) as unknown)
    .then(
      (json: unknown) => readPlaces(json).places,
      (error: Error) => {
        throw new DataError(say('data.load.places', { why: errorText(error) }));
      },
    );
  // A table never waits for them; its load must not end in an unhandled rejection.
  places.catch(() => {});
  return places;
}

/** A size in bytes as the stalled-download message gives it. */
export function megabytesOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
