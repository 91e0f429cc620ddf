// Reading a dataset back from its link with HTTP Range, against a real server
// on 127.0.0.1 that serves random bytes: one that honours Range, one that
// ignores it (the caller must keep pages instead), one whose file changes
// between requests, one that never answers. The server counts the requests
// and bytes it serves; the oracle is the bytes it holds.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RecordSpan } from '../../../src/data/store/byte-source';
import { rangeSource, SourceChangedError } from '../../../src/data/store/range-source';
import { expectBytes } from './expect-bytes';

/** How the server answers a Range request. */
type Mode =
  | 'range' // 206 with Content-Range, ETag and Last-Modified; If-Range honoured
  | 'whole' // 200 and the whole file, whatever is asked
  | 'changing' // a new version of the file at each request (If-Range honoured)
  | 'changing-no-if-range' // a new version at each request, If-Range ignored
  | 'hidden-range' // 206 without Content-Range (a server elsewhere that does not expose it)
  | 'gzip' // says it sends the file compressed
  | 'shifted' // sends the part a byte after the one asked, and says so in Content-Range
  | 'overlong' // says it sends the part asked, then sends the whole file
  | 'silent'; // never answers

interface Served {
  requests: number;
  bytes: number;
  ranges: string[];
  /** Each request's If-Range, '' when it had none. */
  ifRanges: string[];
}

const FILE = new Uint8Array(randomBytes(1_000_000));
const LAST_MODIFIED = 'Sat, 05 Dec 2026 10:00:00 GMT';
const served: Served = { requests: 0, bytes: 0, ranges: [], ifRanges: [] };
let origin = '';
const server = createServer(answer);

function answer(request: IncomingMessage, response: ServerResponse): void {
  const mode = (request.url ?? '').split('/')[1] as Mode;
  served.requests++;
  const range = request.headers.range ?? '';
  served.ranges.push(range);
  served.ifRanges.push(String(request.headers['if-range'] ?? ''));
  if (mode === 'silent') return;
  let version = 1;
  if (mode === 'changing' || mode === 'changing-no-if-range') version = served.requests;
  const etag = `"v${version}"`;
  const bytes = version === 1 ? FILE : FILE.map((b) => b ^ version);
  const send = (status: number, headers: Record<string, string>, body: Uint8Array) => {
    served.bytes += body.length;
    response.writeHead(status, {
      ETag: etag,
      'Last-Modified': LAST_MODIFIED,
      'Content-Length': String(body.length),
      ...headers,
    });
    response.end(body);
  };
  const match = /^bytes=(\d+)-(\d+)$/.exec(range);
  const ifRange = request.headers['if-range'];
  const stale = ifRange !== undefined && ifRange !== etag && mode !== 'changing-no-if-range';
  if (mode === 'whole' || !match || stale) {
    send(200, {}, bytes);
    return;
  }
  const start = Number(match[1]) + (mode === 'shifted' && range !== 'bytes=0-0' ? 1 : 0);
  const end = Math.min(Number(match[2]), bytes.length - 1);
  if (start >= bytes.length) {
    send(416, { 'Content-Range': `bytes */${bytes.length}` }, new Uint8Array(0));
    return;
  }
  const headers: Record<string, string> = { 'Content-Range': `bytes ${start}-${end}/${bytes.length}` };
  if (mode === 'hidden-range') delete headers['Content-Range'];
  if (mode === 'gzip') headers['Content-Encoding'] = 'gzip';
  const overlong = mode === 'overlong' && range !== 'bytes=0-0';
  send(206, headers, overlong ? bytes : bytes.subarray(start, end + 1));
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function reset(): void {
  served.requests = 0;
  served.bytes = 0;
  served.ranges = [];
  served.ifRanges = [];
}

/** Spans within the file, from pairs of numbers: `length` at most `longest`, empty ones included. */
function spansOf(pairs: [number, number][], longest: number): RecordSpan[] {
  return pairs.map(([a, b]) => {
    const start = a % (FILE.length + 1);
    return { start, length: b % (Math.min(longest, FILE.length - start) + 1) };
  });
}

describe('rangeSource', () => {
  test('a server that honours Range: one small request asks, then every span read is the bytes', async () => {
    reset();
    const source = await rangeSource(`${origin}/range/events.csv`, { size: FILE.length, etag: '"v1"' });
    if (!source) throw new Error('expected a range source');
    expect(source.kind).toBe('range');
    expect(source.size).toBe(FILE.length);
    expect(served.requests).toBe(1);
    expect(served.ranges).toEqual(['bytes=0-0']);
    expect(served.bytes).toBe(1);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }), async (pairs) => {
        for (const { start, length } of spansOf(pairs, 5_000)) {
          expectBytes(
            await source.read(start, start + length),
            FILE.subarray(start, start + length),
            `${start}+${length}`,
          );
        }
      }),
      { numRuns: 40 },
    );
    // The last byte, an empty read (no request), and reads outside the file refused before any request.
    reset();
    expectBytes(await source.read(FILE.length - 1, FILE.length), FILE.subarray(FILE.length - 1));
    // Each read says which version of the file it wants: a changed one answers with all of it, at once.
    expect(served.ifRanges).toEqual(['"v1"']);
    reset();
    expect(await source.read(FILE.length, FILE.length)).toEqual(new Uint8Array(0));
    await expect(source.read(0, FILE.length + 1)).rejects.toThrow(RangeError);
    await expect(source.read(-1, 3)).rejects.toThrow(RangeError);
    await expect(source.readMany([{ start: FILE.length, length: 1 }])).rejects.toThrow(RangeError);
    expect(served.requests).toBe(0);
  });

  test('readMany: spans less than 64 KiB apart are one request; each span gets exactly its bytes', async () => {
    const source = await rangeSource(`${origin}/range/events.csv`);
    if (!source) throw new Error('expected a range source');
    // Thirty rows of a list, a few hundred bytes each, close together: one request.
    const rows: RecordSpan[] = Array.from({ length: 30 }, (_, k) => ({ start: 400_000 + k * 700, length: 650 }));
    reset();
    const read = await source.readMany(rows);
    expect(served.requests).toBe(1);
    expect(served.bytes).toBe(29 * 700 + 650);
    for (const [k, { start, length }] of rows.entries()) {
      expectBytes(read[k], FILE.subarray(start, start + length), `row ${k}`);
    }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }), async (pairs) => {
        const spans = spansOf(pairs, 3_000);
        // The most requests: one per group of spans split where a gap of 64 KiB or more lies between them.
        const sorted = spans.filter((s) => s.length > 0).sort((a, b) => a.start - b.start);
        let groups = 0;
        let end = Number.NEGATIVE_INFINITY;
        for (const { start, length } of sorted) {
          if (start - end >= 64 * 1024) groups++;
          end = Math.max(end, start + length);
        }
        reset();
        const many = await source.readMany(spans);
        expect(served.requests).toBe(groups);
        // Each span joined to the one before it brings at most a gap of less than 64 KiB.
        const asked = sorted.reduce((sum, s) => sum + s.length, 0);
        expect(served.bytes).toBeLessThan(asked + (sorted.length - groups) * 64 * 1024 + 1);
        for (const [k, { start, length }] of spans.entries()) {
          expectBytes(many[k], FILE.subarray(start, start + length), `span ${k}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a server that ignores Range: null, after one request whose body is not read', async () => {
    reset();
    expect(await rangeSource(`${origin}/whole/events.csv`)).toBeNull();
    expect(served.requests).toBe(1);
  });

  test('a server that hides Content-Range, or compresses what it sends: null, so the bytes are kept', async () => {
    expect(await rangeSource(`${origin}/hidden-range/events.csv`)).toBeNull();
    expect(await rangeSource(`${origin}/gzip/events.csv`)).toBeNull();
    // Another size than the download's: its offsets are not those of the bytes loaded.
    expect(await rangeSource(`${origin}/range/events.csv`, { size: FILE.length - 1 })).toBeNull();
  });

  test('a file changed on the server since it was loaded: a clear error naming the link', async () => {
    const url = `${origin}/changing/events.csv`;
    // If-Range: the server sends the whole new file instead of a part.
    const source = await rangeSource(url);
    if (!source) throw new Error('expected a range source');
    const read = source.read(10, 20);
    await expect(read).rejects.toThrow(SourceChangedError);
    await expect(read).rejects.toThrow(`${url} has changed on the server since it was loaded`);
    // No If-Range honoured: the part sent has another ETag.
    const careless = await rangeSource(`${origin}/changing-no-if-range/events.csv`);
    if (!careless) throw new Error('expected a range source');
    await expect(careless.read(10, 20)).rejects.toThrow(/changing-no-if-range\/events.csv has changed.*ETag/);
    // Changed between the download and the first request.
    await expect(rangeSource(`${origin}/range/events.csv`, { etag: '"v0"' })).rejects.toThrow(SourceChangedError);
    await expect(rangeSource(`${origin}/whole/events.csv`, { etag: '"v0"' })).rejects.toThrow(SourceChangedError);
    // A weak ETag (a compressed download's) is the same file.
    expect(await rangeSource(`${origin}/range/events.csv`, { etag: 'W/"v1"' })).not.toBeNull();
  });

  test('a part other than the one asked is refused', async () => {
    const url = `${origin}/shifted/events.csv`;
    const source = await rangeSource(url);
    await expect(source?.read(10, 20)).rejects.toThrow(
      `${url} could not be read again: asked for bytes 10-19/1000000, it sent bytes 11-19/1000000`,
    );
  });

  test('a part that runs longer than its Content-Range says is refused, not read whole', async () => {
    const url = `${origin}/overlong/events.csv`;
    const source = await rangeSource(url);
    await expect(source?.read(10, 20)).rejects.toThrow(
      `${url} could not be read again: more than the 10 bytes asked came`,
    );
  });

  test('a server that does not answer: the read gives up in time, naming the link', async () => {
    const source = await rangeSource(`${origin}/range/events.csv`, { timeoutMs: 300 });
    if (!source) throw new Error('expected a range source');
    const url = `${origin}/silent/events.csv`;
    const started = performance.now();
    await expect(rangeSource(url, { timeoutMs: 300 })).rejects.toThrow(`${url} could not be read again`);
    expect(performance.now() - started).toBeLessThan(3_000);
    // The same for a read, through a fetch that sends it to the silent server once the probe is answered.
    const silent: typeof fetch = (input, init) => fetch(String(input).replace('/range/', '/silent/'), init);
    const late = await rangeSource(`${origin}/range/events.csv`, { timeoutMs: 300, fetch: probeThen(silent) });
    const reading = late?.read(0, 10);
    await expect(reading).rejects.toThrow(`${origin}/range/events.csv could not be read again: nothing came`);
    // The source that was not slowed down still reads.
    expectBytes(await source.read(0, 10), FILE.subarray(0, 10));
  });

  test('a link that answers 404 or sends the request elsewhere: an error naming it', async () => {
    const missing = `${origin}/missing/events.csv`;
    const notFound: typeof fetch = async () => new Response('no', { status: 404, statusText: 'Not Found' });
    await expect(rangeSource(missing, { fetch: notFound })).rejects.toThrow(
      `${missing} could not be read again: the server answered 404 Not Found`,
    );
    const moved: typeof fetch = async () => new Response(null, { status: 302, headers: { Location: '/elsewhere' } });
    await expect(rangeSource(missing, { fetch: moved })).rejects.toThrow(/another address/);
  });

  test('a server that stops answering to Range, asked without If-Range, or that cannot be reached: an error naming the link', async () => {
    const url = `${origin}/range/events.csv`;
    const whole: typeof fetch = (input, init) => fetch(String(input).replace('/range/', '/whole/'), init);
    // Another origin than the worker's: no If-Range is sent (it would need a CORS preflight).
    const here = globalThis as { location?: { href: string; origin: string } };
    here.location = { href: 'https://atlas.example/app/', origin: 'https://atlas.example' };
    try {
      const source = await rangeSource(url, { fetch: probeThen(whole) });
      reset();
      await expect(source?.read(0, 10)).rejects.toThrow(
        `${url} could not be read again: the server answered the whole file`,
      );
      expect(served.ranges).toEqual(['bytes=0-9']);
      expect(served.ifRanges).toEqual(['']);
    } finally {
      delete here.location;
    }
    const closed = 'http://127.0.0.1:9/events.csv';
    await expect(rangeSource(closed)).rejects.toThrow(`${closed} could not be read again: fetch failed`);
  });

  test('an aborted signal stops the probe and the reads', async () => {
    const controller = new AbortController();
    const source = await rangeSource(`${origin}/range/events.csv`, { signal: controller.signal });
    controller.abort();
    await expect(source?.read(0, 10)).rejects.toThrow();
  });
});

/** A fetch that answers the probe from the honest server, then uses `after` for every read. */
function probeThen(after: typeof fetch): typeof fetch {
  let first = true;
  return (input, init) => {
    if (first) {
      first = false;
      return fetch(input, init);
    }
    return after(input, init);
  };
}
