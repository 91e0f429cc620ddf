// The reader against a local server that answers Range requests, and one that ignores them: a 30-day
// window returns exactly the input's rows of those days, fetched from the planned row groups only.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pack } from '../../../scripts/pack/pack';
import { type RangeServer, startRangeServer } from '../../../scripts/pack/range-server';
import { type SyntheticRow, syntheticRows, writeSyntheticCsv } from '../../../scripts/pack/synthetic';
import { dayFromIso } from '../../../src/data/bundle/days';
import { MAP_COLUMNS } from '../../../src/data/bundle/manifest';
import { planDays } from '../../../src/data/bundle/plan';
import { RangeRequestError } from '../../../src/data/bundle/range-fetch';
import { type OpenBundle, openBundle, readDays } from '../../../src/data/bundle/read';
import { tempDir } from './helpers';

const ROWS = 30_000;
const SEED = 8;
const temp = tempDir('read');
const input: SyntheticRow[] = [...syntheticRows(ROWS, { seed: SEED })];
let server: RangeServer;
let bundle: OpenBundle;

/** A fetch that counts what it was asked, beside the server's own count of what it sent. */
const asked: string[] = [];
const countingFetch = (url: string, init?: RequestInit) => {
  asked.push(`${url} ${new Headers(init?.headers).get('Range') ?? 'whole'}`);
  return fetch(url, init);
};

beforeAll(async () => {
  await writeSyntheticCsv(join(temp.dir, 'incidents.csv'), ROWS, { seed: SEED });
  await pack(join(temp.dir, 'incidents.csv'), join(temp.dir, 'bundle'), {
    rowGroupRows: 2048,
    partition: 'year',
    fileRows: 12_000,
  });
  await pack(join(temp.dir, 'incidents.csv'), join(temp.dir, 'zstd'), { compression: 'zstd' });
  server = await startRangeServer(temp.dir);
  bundle = await openBundle(`${server.url}bundle/manifest.json`, { fetch: countingFetch });
}, 60_000);
afterAll(async () => {
  await server?.close();
  temp.remove();
});

const FROM = dayFromIso('2022-06-01');
const TO = FROM + 29;

/** The ids of these rows in the bundle's order, (day, id). */
function idsInOrder(rows: SyntheticRow[]): string[] {
  return [...rows].sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : 1)).map((r) => r.id);
}

function expectedIds(match: 'start' | 'overlap'): string[] {
  return idsInOrder(input.filter((r) => r.day <= TO && (match === 'start' ? r.day >= FROM : r.lastDay >= FROM)));
}

describe('readDays over HTTP Range', { timeout: 30_000 }, () => {
  test('a 30-day window: exactly the rows whose dates reach into it, in (day, id) order', async () => {
    server.reset();
    asked.length = 0;
    const rows = await readDays(bundle, FROM, TO, { fetch: countingFetch });
    const ids = expectedIds('overlap');
    expect(ids.length).toBeGreaterThan(500);
    expect(rows.columns.id).toEqual(ids);
    expect(rows.length).toBe(ids.length);

    const byId = new Map(input.map((r) => [r.id, r]));
    const wrong = (rows.columns.id ?? []).filter((id, i) => {
      const source = byId.get(id) as SyntheticRow;
      const c = rows.columns;
      return !(
        c.day?.[i] === source.day &&
        c.last_day?.[i] === source.lastDay &&
        c.lon?.[i] === source.lon &&
        c.lat?.[i] === source.lat &&
        Object.is(c.fatalities?.[i], source.fatalities ?? Number.NaN) &&
        c.date?.[i] === source.date &&
        c.title?.[i] === source.title &&
        c.summary?.[i] === source.summary &&
        c.actors?.[i] === source.actors &&
        c.category?.[i] === source.category
      );
    });
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(rows.columns.day).toBeInstanceOf(Int32Array);
    expect(rows.columns.lon).toBeInstanceOf(Float64Array);
  });

  test('fetches only the planned row groups: one request per footer and per run, bytes within the plan', async () => {
    server.reset();
    asked.length = 0;
    const rows = await readDays(bundle, FROM, TO, { fetch: countingFetch });
    const plan = planDays(bundle.manifest, FROM, TO);
    const groups = bundle.manifest.files.reduce((n, f) => n + f.rowGroups.length, 0);
    expect(plan.rowGroups).toBeLessThan(groups / 3);
    expect(rows.fetched.requests).toBe(plan.requests);
    expect(server.stats.requests).toBe(plan.requests);
    expect(asked.every((a) => /bytes=\d+-\d+$/.test(a))).toBe(true);
    expect(server.stats.bytes).toBe(rows.fetched.bytes);
    expect(server.stats.bytes).toBeLessThanOrEqual(plan.bytes);
    // Every byte sent lies in a footer or in a planned run of row groups.
    const allowed = plan.files.flatMap(({ file, runs }) => [
      { path: `/bundle/${file.path}`, start: file.footerStart, end: file.bytes },
      ...runs.map((r) => ({ path: `/bundle/${file.path}`, start: r.byteStart, end: r.byteEnd })),
    ]);
    for (const range of server.stats.ranges) {
      const [path, span] = range.split(' ');
      const [start, end] = span.split('-').map(Number);
      expect(
        allowed.some((a) => a.path === path && a.start <= start && end < a.end),
        range,
      ).toBe(true);
    }
    const total = bundle.manifest.files.reduce((n, f) => n + f.bytes, 0);
    expect(server.stats.bytes).toBeLessThan(total / 3);
  });

  test('`start` keeps the rows that begin in the window; fewer columns cost fewer bytes', async () => {
    const all = await readDays(bundle, FROM, TO, { fetch: countingFetch, match: 'start' });
    const light = await readDays(bundle, FROM, TO, { fetch: countingFetch, match: 'start', columns: MAP_COLUMNS });
    expect(all.columns.id).toEqual(expectedIds('start'));
    expect(light.columns.id).toEqual(expectedIds('start'));
    expect(Object.keys(light.columns).sort()).toEqual([...MAP_COLUMNS].sort());
    expect(light.fetched.bytes).toBeLessThan(all.fetched.bytes * 0.75);
  });

  test('days before the data fetch nothing; days after it, only the open-ended rows', async () => {
    const before = await readDays(bundle, dayFromIso('2020-01-01'), dayFromIso('2020-12-31'), { fetch: countingFetch });
    expect([before.length, before.fetched.requests]).toEqual([0, 0]);
    const after = await readDays(bundle, dayFromIso('2030-01-01'), dayFromIso('2030-01-31'), { fetch: countingFetch });
    const open = input.filter((r) => r.lastDay === Number.POSITIVE_INFINITY);
    expect(after.columns.id).toEqual(idsInOrder(open));
    expect(after.plan.files.map((f) => f.file.series)).toEqual(['open']);
  });

  test('a server that ignores Range: a clear error, not a whole-file download', async () => {
    const plain = await startRangeServer(temp.dir, { ignoreRange: true });
    try {
      const opened = await openBundle(`${plain.url}bundle/manifest.json`);
      // Count the body bytes the reader takes in from each answer.
      let bodyBytes = 0;
      const watching = async (url: string, init?: RequestInit) => {
        const response = await fetch(url, init);
        const read = response.arrayBuffer.bind(response);
        response.arrayBuffer = async () => {
          const body = await read();
          bodyBytes += body.byteLength;
          return body;
        };
        return response;
      };
      const reading = readDays(opened, FROM, TO, { fetch: watching });
      await expect(reading).rejects.toThrow(RangeRequestError);
      await expect(reading).rejects.toThrow(/answered with the whole file \(200\).*ignores HTTP Range requests/);
      expect(plain.stats.requests).toBeGreaterThan(1);
      expect(bodyBytes).toBe(0);
    } finally {
      await plain.close();
    }
  });

  test('a ZSTD bundle without a decompressor: an error that says what to pass', async () => {
    const zstd = await openBundle(`${server.url}zstd/manifest.json`);
    expect(zstd.manifest.compression).toBe('ZSTD');
    await expect(readDays(zstd, FROM, TO)).rejects.toThrow(/compressed with ZSTD.*options\.compressors/);
  });

  test('a manifest that is not one names the field at fault', async () => {
    await expect(openBundle(`${server.url}incidents.csv`)).rejects.toThrow(/not JSON/);
    await expect(openBundle(`${server.url}nothing/manifest.json`)).rejects.toThrow(/could not be fetched \(404\)/);
  });
});
