import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchWithin, readTextWithin, StalledError } from '../../src/data/worker/stall';

let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/redirect') {
      response.writeHead(302, { location: '/elsewhere' });
      response.end();
    } else if (request.url === '/silent') {
      // Headers, then nothing.
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('a');
    } else if (request.url === '/drip') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => response.write('b'), 50);
      response.on('close', () => clearInterval(timer));
    } else {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('whole');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('fetches that could wait for ever, or go elsewhere', () => {
  test('a redirect is refused, not followed', async () => {
    await expect(fetchWithin(`${origin}/redirect`)).rejects.toThrow('sends it on to another address');
  });

  test('a body that stops coming ends with a StalledError', async () => {
    const response = await fetchWithin(`${origin}/silent`);
    await expect(readTextWithin(response, 1024, 200)).rejects.toBeInstanceOf(StalledError);
  });

  test('a body that keeps dripping ends at its deadline', async () => {
    const response = await fetchWithin(`${origin}/drip`);
    await expect(readTextWithin(response, 1024 * 1024, 5_000, performance.now() + 400)).rejects.toThrow(
      'did not finish arriving in time',
    );
  });

  test('a body past its size ends with its size; a whole one is read', async () => {
    const dripping = await fetchWithin(`${origin}/drip`);
    await expect(readTextWithin(dripping, 3, 5_000)).rejects.toThrow('larger than');
    expect(await readTextWithin(await fetchWithin(`${origin}/whole`), 1024)).toBe('whole');
  });
});
