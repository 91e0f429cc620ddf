// A Parquet file opened from a URL is read by HTTP Range, only the columns its
// layout reads; from a server that ignores Range it is read whole, and the
// load says so. Served here by a small HTTP server, each kind of server on its
// own path, counting what it sends.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadParquet, type ParquetLoad } from '../../../src/data/import/parquet/read-parquet';

const small = readFileSync(new URL('../../fixtures/ucdp.parquet', import.meta.url));
/** 3,000 ACLED-named rows with a long text column no layout reads, in three row groups. */
const large = (() => {
  const rows = Array.from({ length: 3000 }, (_, i) => i);
  const text = (i: number) =>
    Array.from({ length: 60 }, (_, k) => ((i * 7919 + k * 104729) % 1e9).toString(36)).join('');
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'event_id_cnty', data: rows.map((i) => `PAK${i}`), type: 'STRING' },
        {
          name: 'event_date',
          data: rows.map((i) => `2024-12-${String(1 + (i % 28)).padStart(2, '0')}`),
          type: 'STRING',
        },
        { name: 'event_type', data: rows.map((i) => ['Battles', 'Riots'][i % 2]), type: 'STRING' },
        { name: 'tags', data: rows.map(text), type: 'STRING' },
        { name: 'latitude', data: rows.map((i) => 30 + (i % 90) / 10), type: 'DOUBLE' },
        { name: 'longitude', data: rows.map((i) => 62 + (i % 100) / 10), type: 'DOUBLE' },
      ],
      rowGroupSize: 1000,
    }),
  );
})();
const files: Record<string, Uint8Array> = { 'ucdp.parquet': new Uint8Array(small), 'acled.parquet': large };
/** Bytes and requests each path was sent, by path. */
const sent = new Map<string, { requests: string[]; bytes: number }>();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const kind = path.split('/')[1];
    const log = sent.get(kind) ?? { requests: [], bytes: 0 };
    sent.set(kind, log);
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    log.requests.push(`${request.method} ${range ? `${range[1]}-${range[2]}` : 'all'}`);
    const answer = (status: number, headers: Record<string, string | number>, body?: Uint8Array) => {
      response.writeHead(status, headers);
      if (request.method !== 'HEAD' && body) {
        log.bytes += body.length;
        response.end(body);
      } else response.end();
    };
    if (kind === 'moved') return answer(302, { location: '/range/ucdp.parquet' });
    const bytes = files[path.split('/')[2]];
    if (bytes === undefined) return answer(404, {});
    if (kind === 'whole' || !range) return answer(200, { 'content-length': bytes.length }, bytes);
    const [start, end] = [Number(range[1]), Math.min(Number(range[2]), bytes.length - 1)];
    const part = bytes.subarray(start, end + 1);
    // 'hidden': Content-Range not readable, as across origins when the server does not expose it.
    const headers: Record<string, string | number> = { 'content-length': part.length };
    if (kind === 'range') headers['content-range'] = `bytes ${start}-${end}/${bytes.length}`;
    answer(206, headers, part);
  });
  // Idle connections are kept longer than a slow test takes: one closed as fetch reuses it is a reset, not a result.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const open = (path: string): Promise<ParquetLoad> =>
  loadParquet({ url: `${base}${path}` }, { name: path.split('/')[2] });
const fromFile = (bytes: Uint8Array<ArrayBuffer>, name: string) => loadParquet({ file: new Blob([bytes]) }, { name });

describe('a Parquet file from a URL', { timeout: 60_000 }, () => {
  test('is read by Range, only the columns read, and gives what the file gives', async () => {
    const file = await fromFile(large, 'acled.parquet');
    const url = await open('/range/acled.parquet');
    if (url.type !== 'done' || file.type !== 'done') throw new Error(JSON.stringify(url));
    expect(url.dataset).toEqual(file.dataset);
    expect(url.problems).toEqual(file.problems);
    expect(url.dataset.incidents.count).toBe(3000);
    const log = sent.get('range');
    // The first four bytes (does it honour Range, how long is it), the footer, then the columns, by row group.
    expect(log?.requests.slice(0, 2)).toEqual(['GET 0-3', `GET ${large.length - 65536}-${large.length - 1}`]);
    expect(log?.requests.length).toBeGreaterThanOrEqual(2 + 3);
    expect(log?.requests.every((r) => r.startsWith('GET ') && r !== 'GET all')).toBe(true);
    expect(large.length).toBeGreaterThan(500_000);
    expect((log?.bytes ?? 0) / large.length).toBeLessThan(0.25);
  });

  test('a small file is read in one request after the first', async () => {
    const url = await open('/range/ucdp.parquet');
    const file = await fromFile(new Uint8Array(small), 'ucdp.parquet');
    if (url.type !== 'done' || file.type !== 'done') throw new Error(JSON.stringify(url));
    expect(url.dataset).toEqual(file.dataset);
    expect(sent.get('range')?.requests.slice(-2)).toEqual(['GET 0-3', `GET 0-${small.length - 1}`]);
  });

  test('without a readable Content-Range, its length comes from a HEAD', async () => {
    const loaded = await open('/hidden/acled.parquet');
    expect(loaded.type).toBe('done');
    expect(sent.get('hidden')?.requests.slice(0, 3)).toEqual([
      'GET 0-3',
      'HEAD all',
      `GET ${large.length - 65536}-${large.length - 1}`,
    ]);
  });

  test('from a server that ignores Range, is read whole, once, and the load says so', async () => {
    const loaded = await open('/whole/acled.parquet');
    const file = await fromFile(large, 'acled.parquet');
    if (loaded.type !== 'done' || file.type !== 'done') throw new Error(JSON.stringify(loaded));
    expect(loaded.dataset).toEqual(file.dataset);
    expect(sent.get('whole')).toEqual({ requests: ['GET 0-3'], bytes: large.length });
    expect(loaded.problems).toEqual([
      ...file.problems,
      {
        index: -1,
        field: 'file',
        message: `was downloaded whole (${Math.ceil(large.length / 1024)} KB): its server ignores HTTP Range requests, by which only the columns read would have been`,
        skipped: false,
        text: expect.any(String),
      },
    ]);
  });

  test('a missing file or a redirect is a message, not a crash', async () => {
    expect(await open('/range/missing.parquet')).toEqual({
      type: 'failed',
      message: 'missing.parquet could not be fetched: the server answered 404.',
      text: expect.any(Object),
    });
    expect(await open('/moved/ucdp.parquet')).toEqual({
      type: 'failed',
      message:
        'ucdp.parquet could not be fetched (the server sends it on to another address, which the page does not follow without asking; open that address instead).',
      text: expect.any(Object),
    });
  });
});
