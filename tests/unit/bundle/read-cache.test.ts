// The reader with a cache of row groups: days read again fetch nothing, a window moved fetches only
// the row groups it did not hold; where each row lies, and reading a few columns of a few rows back.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pack } from '../../../scripts/pack/pack';
import { type RangeServer, startRangeServer } from '../../../scripts/pack/range-server';
import { type SyntheticRow, syntheticRows, writeSyntheticCsv } from '../../../scripts/pack/synthetic';
import { dayFromIso } from '../../../src/data/bundle/days';
import { MAP_COLUMNS } from '../../../src/data/bundle/manifest';
import { groupRuns, planDays } from '../../../src/data/bundle/plan';
import { type OpenBundle, openBundle, readDays, readRows } from '../../../src/data/bundle/read';
import { RowGroupCache } from '../../../src/data/bundle/row-cache';
import { tempDir } from './helpers';

const ROWS = 20_000;
const SEED = 12;
const temp = tempDir('read-cache');
const input: SyntheticRow[] = [...syntheticRows(ROWS, { seed: SEED, days: 730 })];
let server: RangeServer;
let bundle: OpenBundle;

beforeAll(async () => {
  await writeSyntheticCsv(join(temp.dir, 'incidents.csv'), ROWS, { seed: SEED, days: 730 });
  await pack(join(temp.dir, 'incidents.csv'), join(temp.dir, 'bundle'), { rowGroupRows: 2048 });
  server = await startRangeServer(temp.dir);
  bundle = await openBundle(`${server.url}bundle/manifest.json`);
}, 60_000);
afterAll(async () => {
  await server?.close();
  temp.remove();
});

const FROM = dayFromIso('2021-06-01');
const TO = FROM + 29;

describe('readDays with a cache', { timeout: 30_000 }, () => {
  test('the same days again: the same rows, nothing fetched', async () => {
    const cache = new RowGroupCache();
    const first = await readDays(bundle, FROM, TO, { columns: MAP_COLUMNS, cache });
    const plan = planDays(bundle.manifest, FROM, TO);
    expect(first.groups).toEqual({ fetched: plan.rowGroups, held: 0 });
    server.reset();
    const again = await readDays(bundle, FROM, TO, { columns: MAP_COLUMNS, cache });
    expect(again.columns).toEqual(first.columns);
    expect([again.fetched.requests, server.stats.requests]).toEqual([0, 0]);
    expect(again.groups).toEqual({ fetched: 0, held: plan.rowGroups });
  });

  test('a window moved on: only the row groups it did not hold, no footer again', async () => {
    const cache = new RowGroupCache();
    await readDays(bundle, FROM, TO, { columns: MAP_COLUMNS, cache });
    server.reset();
    const later = await readDays(bundle, FROM + 60, TO + 60, { columns: MAP_COLUMNS, cache });
    const before = planDays(bundle.manifest, FROM, TO);
    const after = planDays(bundle.manifest, FROM + 60, TO + 60);
    const key = (f: number, g: number) => `${f}/${g}`;
    const held = new Set(
      before.files.flatMap((f) => f.runs.flatMap((r) => range(r.firstGroup, r.lastGroup).map((g) => key(f.index, g)))),
    );
    const wanted = after.files.flatMap((f) =>
      f.runs.flatMap((r) => range(r.firstGroup, r.lastGroup).map((g) => key(f.index, g))),
    );
    const fresh = wanted.filter((k) => !held.has(k));
    expect(fresh.length).toBeGreaterThan(0);
    expect(later.groups).toEqual({ fetched: fresh.length, held: wanted.length - fresh.length });
    // One request per run of new groups (their map columns), no footer: at most one per new group.
    expect(server.stats.requests).toBeLessThanOrEqual(fresh.length);
    const uncached = await readDays(bundle, FROM + 60, TO + 60, { columns: MAP_COLUMNS });
    expect(later.columns.id).toEqual(uncached.columns.id);
  });

  test('origin says where each row lies, and readRows reads a few columns of those rows back', async () => {
    const rows = await readDays(bundle, FROM, TO, { columns: ['id', 'day'], origin: true });
    const origin = rows.origin as { file: Uint32Array; row: Uint32Array };
    const picks = [0, Math.floor(rows.length / 2), rows.length - 1];
    const byId = new Map(input.map((r) => [r.id, r]));
    for (const n of picks) {
      server.reset();
      const [record] = await readRows(bundle, origin.file[n], [origin.row[n]], ['id', 'summary', 'actors']);
      const source = byId.get(rows.columns.id?.[n] as string) as SyntheticRow;
      expect(record).toEqual({ id: source.id, summary: source.summary, actors: source.actors });
      // Its footer and its row group's three columns (next to each other but for the text between).
      expect(server.stats.requests).toBeLessThanOrEqual(3);
    }
    await expect(readRows(bundle, 99, [0], ['id'])).rejects.toThrow(/no file 99/);
    await expect(readRows(bundle, 0, [-1], ['id'])).rejects.toThrow(/no row -1/);
  });
});

describe('groupRuns', () => {
  test('runs of consecutive groups, with their rows and bytes', () => {
    const file = bundle.manifest.files[0];
    const runs = groupRuns(file, [0, 1, 3]);
    expect(runs.map((r) => [r.firstGroup, r.lastGroup])).toEqual([
      [0, 1],
      [3, 3],
    ]);
    const g = file.rowGroups;
    expect(runs[0]).toMatchObject({
      rowStart: 0,
      rowEnd: g[0].rows + g[1].rows,
      byteStart: g[0].byteStart,
      byteEnd: g[1].byteEnd,
    });
    const start3 = g[0].rows + g[1].rows + g[2].rows;
    expect(runs[1]).toMatchObject({ rowStart: start3, rowEnd: start3 + g[3].rows });
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}
