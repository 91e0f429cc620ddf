// pack() on 30,000 seeded synthetic rows over three years: the manifest's counts against the rows we
// generated, and every file sorted by (day, id) with row groups as the manifest lists them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type PackResult, pack } from '../../../scripts/pack/pack';
import { type SyntheticRow, syntheticRows, writeSyntheticCsv } from '../../../scripts/pack/synthetic';
import { BUNDLE_COLUMNS, parseManifest } from '../../../src/data/bundle/manifest';
import { readParquetFile, tempDir } from './helpers';

const ROWS = 30_000;
const SEED = 29;
const temp = tempDir('pack');
const input: SyntheticRow[] = [...syntheticRows(ROWS, { seed: SEED })];
let result: PackResult;

beforeAll(async () => {
  await writeSyntheticCsv(join(temp.dir, 'incidents.csv'), ROWS, { seed: SEED });
  result = await pack(join(temp.dir, 'incidents.csv'), join(temp.dir, 'bundle'), {
    rowGroupRows: 2048,
    partition: 'year',
    fileRows: 12_000,
    name: 'Synthetic',
  });
}, 60_000);
afterAll(() => temp.remove());

function countBy<T>(items: readonly T[], key: (t: T) => string | number): Map<string | number, number> {
  const counts = new Map<string | number, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe('pack: the manifest', () => {
  test('is what manifest.json holds, and the reader accepts it', () => {
    const text = readFileSync(join(temp.dir, 'bundle', 'manifest.json'), 'utf8');
    expect(JSON.parse(text)).toEqual(result.manifest);
    expect(parseManifest(JSON.parse(text)).rows).toBe(ROWS);
    expect(result.manifestBytes).toBe(Buffer.byteLength(text));
  });

  test('counts every row on its first day, per day and per category', () => {
    const m = result.manifest;
    expect(m.rows).toBe(ROWS);
    expect(m.skipped).toEqual({ date: 0, coordinates: 0 });
    const firstDay = Math.min(...input.map((r) => r.day));
    const lastDay = Math.max(...input.map((r) => r.day));
    expect([m.firstDay, m.lastDay, m.days.first]).toEqual([firstDay, lastDay, firstDay]);
    const perDay = countBy(input, (r) => r.day);
    expect(m.days.counts).toHaveLength(lastDay - firstDay + 1);
    m.days.counts.forEach((count, i) => {
      expect(count, `day ${firstDay + i}`).toBe(perDay.get(firstDay + i) ?? 0);
    });
    m.days.categories.forEach((category, k) => {
      const perDayOf = countBy(
        input.filter((r) => r.category === category),
        (r) => r.day,
      );
      expect(m.days.byCategory[k].map((c, i) => c === (perDayOf.get(firstDay + i) ?? 0)).every(Boolean)).toBe(true);
    });
    const categories = [...countBy(input, (r) => r.category)].map(([name, count]) => ({ name, count }));
    expect(m.categories).toEqual(
      categories.sort((a, b) => b.count - a.count || String(a.name).localeCompare(String(b.name))),
    );
    const countries = countBy(input, (r) => r.country);
    expect(new Map(m.countries.map((c) => [c.name, c.count]))).toEqual(countries);
  });

  test('has the bounds, the spans and the last possible day of the input', () => {
    const m = result.manifest;
    expect(m.bounds).toEqual([
      Math.min(...input.map((r) => r.lon)),
      Math.min(...input.map((r) => r.lat)),
      Math.max(...input.map((r) => r.lon)),
      Math.max(...input.map((r) => r.lat)),
    ]);
    const open = input.filter((r) => r.lastDay === Number.POSITIVE_INFINITY).length;
    expect(open).toBeGreaterThan(0);
    expect(m.spans).toEqual({ openEnded: open, multiDay: input.filter((r) => r.lastDay !== r.day).length });
    expect(m.maxLastDay).toBeNull();
  });

  test('lists files by year and series, with the sizes on disk', () => {
    const m = result.manifest;
    expect(m.partition).toBe('year');
    expect(m.files.map((f) => f.path)).toEqual([
      'data/2021.parquet',
      'data/2022.parquet',
      'data/2023.parquet',
      'data/long-2021_2023.parquet',
      'data/open-2021_2023.parquet',
    ]);
    expect(result.outputBytes).toBe(m.files.reduce((n, f) => n + f.bytes, 0));
    for (const f of m.files) expect(readFileSync(join(temp.dir, 'bundle', f.path)).byteLength).toBe(f.bytes);
  });
});

describe('pack: the Parquet files', { timeout: 30_000 }, () => {
  test('hold every input row once, in the series its dates call for, sorted by (day, id)', async () => {
    const byId = new Map(input.map((r) => [r.id, r]));
    const seen = new Set<string>();
    for (const file of result.manifest.files) {
      const { rows, groupRows } = await readParquetFile(join(temp.dir, 'bundle', file.path), ['day', 'last_day', 'id']);
      expect(rows).toHaveLength(file.rows);
      expect(groupRows).toEqual(file.rowGroups.map((g) => g.rows));
      let at = 0;
      file.rowGroups.forEach((group, g) => {
        const mine = rows.slice(at, at + group.rows);
        at += group.rows;
        expect([mine[0].day, mine.at(-1)?.day], `${file.path} group ${g}`).toEqual([group.firstDay, group.lastDay]);
        const ends = mine.map((r) => (r.last_day === null ? Number.POSITIVE_INFINITY : Number(r.last_day)));
        expect(group.maxLastDay ?? Number.POSITIVE_INFINITY).toBe(Math.max(...ends));
      });
      // One expect per file: thirty thousand would take longer than the check.
      const wrong: string[] = [];
      rows.forEach((row, i) => {
        const id = String(row.id);
        const source = byId.get(id);
        const lastDay = row.last_day === null ? Number.POSITIVE_INFINITY : Number(row.last_day);
        if (!source || row.day !== source.day || lastDay !== source.lastDay) wrong.push(`${id}: days differ`);
        const span = lastDay - Number(row.day);
        const series = span === Number.POSITIVE_INFINITY ? 'open' : span > 7 ? 'long' : 'day';
        if (file.series !== series) wrong.push(`${id}: a ${series} row in a ${file.series} file`);
        seen.add(id);
        if (i === 0) return;
        const before = rows[i - 1];
        if (!(Number(before.day) < Number(row.day) || (before.day === row.day && String(before.id) < id))) {
          wrong.push(`row ${i} (${id}, day ${row.day}) is not after row ${i - 1} (${before.id})`);
        }
      });
      expect(wrong.slice(0, 5), file.path).toEqual([]);
    }
    expect(seen.size).toBe(ROWS);
  });

  test('have the bundle columns in order, row groups of 2,048 rows and SNAPPY pages', async () => {
    const file = result.manifest.files[0];
    const { rows } = await readParquetFile(join(temp.dir, 'bundle', file.path), [...BUNDLE_COLUMNS]);
    expect(Object.keys(rows[0])).toEqual([...BUNDLE_COLUMNS]);
    expect(file.rowGroups.slice(0, -1).every((g) => g.rows === 2048)).toBe(true);
    expect(result.manifest.compression).toBe('SNAPPY');
    const source = input.find((r) => r.id === rows[0].id) as SyntheticRow;
    expect(rows[0]).toMatchObject({
      date: source.date,
      title: source.title,
      summary: source.summary,
      category: source.category,
      country: source.country,
      location_precision: source.location_precision,
      lat: source.lat,
      lon: source.lon,
      actors: source.actors,
      fatalities: source.fatalities,
    });
  });
});
