import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.csv': 'text/csv',
  '.pbf': 'application/x-protobuf',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** A route answered by code rather than a file (a server that stalls, a style made for the test). */
export type Route = (request: IncomingMessage, response: ServerResponse) => void;

export interface ServeOptions {
  /** Headers sent with every file under a mount's prefix, as a static host's configuration would. */
  headers?: Record<string, Record<string, string>>;
  /** Paths answered by code. */
  routes?: Record<string, Route>;
  /** Where each request the server receives is written down, as `host/path` (what a browser's own events can miss or invent), with ` bytes=A-B` for a Range request. */
  log?: string[];
  /** Prefixes whose files are served with HTTP Range (206, Content-Range, an ETag), as most static hosts do; the others ignore Range. */
  ranges?: string[];
}

/** Serves folders under URL prefixes, like any static host would; `/prefix/` serves its index.html. */
export async function serveStatic(
  mounts: Record<string, string>,
  options: ServeOptions = {},
): Promise<{ server: Server; origin: string; port: number }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const range = request.headers.range;
    options.log?.push(`${request.headers.host ?? ''}${path}${range ? ` ${range}` : ''}`);
    const route = options.routes?.[path];
    if (route) {
      route(request, response);
      return;
    }
    for (const [prefix, root] of Object.entries(mounts)) {
      if (!path.startsWith(prefix)) continue;
      let file = normalize(join(root, path.slice(prefix.length)));
      if (!file.startsWith(normalize(root))) break;
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file)) break;
      const stat = statSync(file);
      if (options.ranges?.includes(prefix)) {
        if (serveRange(request, response, file, stat, options.headers?.[prefix])) return;
      }
      // A size, as static hosts give it: the app's progress and its workers' room are reckoned from it.
      response.writeHead(200, {
        ...options.headers?.[prefix],
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': statSync(file).size,
      });
      createReadStream(file).pipe(response);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain', ...options.headers?.['/'] });
    response.end('Not found');
  });
  // A stalled response keeps its socket open: closing the server ends them.
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const close = server.close.bind(server);
  server.close = (callback) => {
    for (const socket of sockets) socket.destroy();
    return close(callback);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, port };
}

/** Answers a Range request (one range) with 206, or 416 when it lies past the end; false when there is none to answer. */
function serveRange(
  request: IncomingMessage,
  response: ServerResponse,
  file: string,
  stat: { size: number; mtimeMs: number; mtime: Date },
  headers: Record<string, string> = {},
): boolean {
  const validators = {
    etag: `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
    'last-modified': stat.mtime.toUTCString(),
    'accept-ranges': 'bytes',
  };
  const match = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
  const ifRange = request.headers['if-range'];
  if (!match || (ifRange && ifRange !== validators.etag && ifRange !== validators['last-modified'])) {
    if (match) return false;
    response.setHeader('etag', validators.etag);
    response.setHeader('last-modified', validators['last-modified']);
    response.setHeader('accept-ranges', 'bytes');
    return false;
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? stat.size - 1 : Math.min(Number(match[2]), stat.size - 1);
  if (start > end || start >= stat.size) {
    response.writeHead(416, { ...headers, 'content-range': `bytes */${stat.size}` });
    response.end();
    return true;
  }
  response.writeHead(206, {
    ...headers,
    ...validators,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': end - start + 1,
    'content-range': `bytes ${start}-${end}/${stat.size}`,
  });
  createReadStream(file, { start, end }).pipe(response);
  return true;
}

/**
 * The headers a `_headers` file (Netlify and Cloudflare Pages' format) gives
 * every path (`/*`): what the built site is served with in the tests.
 */
export function readHeadersFile(path: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let inAll = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      inAll = line.trim() === '/*';
      continue;
    }
    const colon = line.indexOf(':');
    if (inAll && colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}
