// A small static file server on 127.0.0.1 that answers HTTP Range requests (or, to test the reader's
// refusal, ignores them) and counts requests and bytes sent: the tests' and the measured run's host.

import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, normalize, resolve, sep } from 'node:path';

export interface RangeServer {
  /** Base URL ending in `/`. */
  url: string;
  /** Requests answered and body bytes sent, since start or the last reset(). */
  stats: { requests: number; bytes: number; ranges: string[] };
  reset(): void;
  close(): Promise<void>;
}

/** Serves the files under `root`; with `ignoreRange` every GET gets the whole file with 200, as some hosts do. */
export async function startRangeServer(root: string, options: { ignoreRange?: boolean } = {}): Promise<RangeServer> {
  const base = resolve(root);
  const stats = { requests: 0, bytes: 0, ranges: [] as string[] };
  const server: Server = createServer((request, response) => {
    stats.requests++;
    const path = normalize(join(base, decodeURIComponent((request.url ?? '/').split('?')[0])));
    let size: number;
    try {
      if (!path.startsWith(base + sep)) throw new Error('outside');
      size = statSync(path).size;
    } catch {
      response.writeHead(404).end();
      return;
    }
    const headers = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'Content-Range, Content-Length',
      'Accept-Ranges': options.ignoreRange ? 'none' : 'bytes',
    };
    const range = options.ignoreRange ? undefined : request.headers.range;
    const match = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
    if (range && !match) {
      response.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    let start = 0;
    let end = size - 1;
    if (match) {
      start = Number(match[1]);
      end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
      if (start > end) {
        response.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` }).end();
        return;
      }
      stats.ranges.push(`${request.url} ${start}-${end}`);
    }
    const length = end - start + 1;
    response.writeHead(match ? 206 : 200, {
      ...headers,
      'Content-Length': length,
      ...(match ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = createReadStream(path, { start, end });
    stream.on('data', (chunk) => {
      stats.bytes += chunk.length;
    });
    stream.pipe(response);
    // A client that stops reading (the reader refusing a 200) ends the stream early.
    response.on('close', () => stream.destroy());
  });
  // Clients keep connections open between a footer and its row groups; do not close them under them.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the range server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    stats,
    reset() {
      stats.requests = 0;
      stats.bytes = 0;
      stats.ranges = [];
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
