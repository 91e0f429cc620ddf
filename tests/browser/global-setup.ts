import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { generateIncidents, toCsv } from '../../bench/generate';
import { writeBigCsv } from './big-csv';
import { type Route, readHeadersFile, serveStatic } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    fixturesUrl: string;
    generatedUrl: string;
    /** The fixtures again, from a second origin that allows any site to read them (CORS). */
    foreignUrl: string;
    /** The same second server under another host name (localhost): a third host. */
    otherHostUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Size of the generated dataset the scale tests open (the same seeded rows as `npm run bench`). */
export const SCALE_COUNT = 100_000;

/** Sends the start of a CSV, then nothing more, for ever: a server that has stalled. */
const stall: Route = (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*' });
  response.write('date,latitude,longitude,title\n2024-12-01,34.5,69.1,first\n');
};

/**
 * Builds the app as `npm run build` does and serves it from a sub-path
 * (/atlas/), as a static host would, with the headers of its `_headers` file
 * (the shipped Content-Security-Policy), the test fixtures beside it and a
 * generated 100,000-incident CSV. A second server, another origin, serves the
 * fixtures to any site (CORS), as a stranger's host would.
 */
export default async function setup(project: TestProject) {
  const outDir = `${root}test-results/dist`;
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const generated = `${root}test-results/generated`;
  mkdirSync(generated, { recursive: true });
  writeFileSync(`${generated}/${SCALE_COUNT}.csv`, toCsv(generateIncidents(SCALE_COUNT)));
  writeBigCsv(`${generated}/big.csv`);

  const cors = { 'access-control-allow-origin': '*' };
  const received: string[] = [];
  const foreign = await serveStatic(
    // docs/ for its embed example: a host page on another origin than the app's.
    { '/fixtures/': `${root}tests/fixtures`, '/docs/': `${root}docs` },
    {
      headers: { '/fixtures/': cors, '/': cors },
      log: received,
      routes: {
        // What the second server received since last asked (asked from Node, not the page): `host/path` each.
        '/received': (_request, response) => {
          const since = received.splice(0).filter((entry) => !entry.endsWith('/received'));
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(since));
        },
        '/stall.csv': stall,
        // Data that is not there but on a third host, where the server sends the page.
        '/redirect.csv': (_request, response) => {
          response.writeHead(302, { location: `http://localhost:${foreign.port}/fixtures/mixed.csv`, ...cors });
          response.end();
        },
        // A style whose tiles are listed in a TileJSON, on the same host, that puts them on a third host.
        '/style-tilejson.json': (_request, response) => {
          response.writeHead(200, { 'content-type': 'application/json', ...cors });
          response.end(
            JSON.stringify({
              version: 8,
              sources: { v: { type: 'vector', url: `${foreign.origin}/tiles.json` } },
              layers: [{ id: 'roads', type: 'line', source: 'v', 'source-layer': 'roads' }],
            }),
          );
        },
        '/tiles.json': (_request, response) => {
          response.writeHead(200, { 'content-type': 'application/json', ...cors });
          response.end(
            JSON.stringify({
              tilejson: '2.2.0',
              tiles: [`http://localhost:${foreign.port}/tiles/{z}/{x}/{y}.pbf`],
              minzoom: 0,
              maxzoom: 14,
            }),
          );
        },
        // A style whose symbols (sprite) are on a third host.
        '/style-elsewhere.json': (_request, response) => {
          response.writeHead(200, { 'content-type': 'application/json', ...cors });
          response.end(
            JSON.stringify({
              version: 8,
              sprite: `http://localhost:${foreign.port}/fixtures/sprite`,
              sources: {},
              layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#223344' } }],
            }),
          );
        },
      },
    },
  );
  const shipped = readHeadersFile(`${outDir}/_headers`);
  // The shipped policy allows https: hosts the reader consents to; the test's second host is http.
  const csp = shipped['Content-Security-Policy'].replace(
    "connect-src 'self' https:",
    `connect-src 'self' https: ${foreign.origin} http://localhost:${foreign.port}`,
  );
  const appHeaders = { ...shipped, 'Content-Security-Policy': csp };
  const appReceived: string[] = [];
  const { server, origin } = await serveStatic(
    {
      '/atlas/': outDir,
      '/fixtures/': `${root}tests/fixtures`,
      // The generated files twice: as a host that answers Range requests, and as one that ignores them.
      '/generated/': generated,
      '/generated-plain/': generated,
    },
    {
      headers: { '/atlas/': appHeaders },
      ranges: ['/generated/'],
      log: appReceived,
      routes: {
        '/stall/stall.csv': stall,
        // The generated files' requests since last asked, as `path` or `path bytes=A-B` (asked from Node).
        '/received-generated': (_request, response) => {
          const since = appReceived
            .splice(0)
            .map((entry) => entry.slice(entry.indexOf('/')))
            .filter((entry) => entry.startsWith('/generated'));
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(since));
        },
      },
    },
  );
  project.provide('appUrl', `${origin}/atlas/`);
  project.provide('fixturesUrl', `${origin}/fixtures/`);
  project.provide('generatedUrl', `${origin}/generated/`);
  project.provide('foreignUrl', `${foreign.origin}/`);
  project.provide('otherHostUrl', `http://localhost:${foreign.port}/`);
  return async () => {
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => foreign.server.close(resolve));
  };
}
