// Parquet in: each fixture (tests/fixtures/*.parquet, written by
// scripts/fixtures/parquet.ts) must give the incidents, problems and packed
// dataset that the same rows give written as CSV and read by today's table
// path (papaparse rows, detectLayout, TableReader, PackBuilder): the CSV reader
// is the reference. The CSV is written here from the fixture's values, as a
// data tool exports them (dates as days, timestamps with their time of day).

import { readFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import {
  type FixtureColumn,
  type ParquetFixture,
  parquetFixtures,
  writeFixture,
} from '../../../scripts/fixtures/parquet';
import { blobBuffer, memoryBuffer } from '../../../src/data/import/parquet/byte-buffers';
import { columnsForLayout } from '../../../src/data/import/parquet/layout-columns';
import { openParquetFile, readParquetRows } from '../../../src/data/import/parquet/parquet-file';
import {
  loadParquet,
  PART_ROWS,
  parquetHeld,
  parquetRefusal,
  readParquetTable,
} from '../../../src/data/import/parquet/read-parquet';
import { CountryOutlines } from '../../../src/data/import/places/country-outlines';
import { REGION_OUTLINES } from '../../../src/data/import/places/region-outlines';
import { detectLayout, type LayoutGuess } from '../../../src/data/import/table/detect-layout';
import { TableReader } from '../../../src/data/import/table/tabular';
import { describeProblem } from '../../../src/data/import/validate';
import { idAt } from '../../../src/data/pack/id-column';
import { splitLongText } from '../../../src/data/pack/long-text';
import { memoryBudget } from '../../../src/data/pack/memory-budget';
import { PackBuilder } from '../../../src/data/pack/packed';
import type { DatasetProblem, Incident } from '../../../src/data/types';
import { ParquetTexts } from '../../../src/data/worker/parquet-texts';
import { KeptTexts } from '../../../src/data/worker/text-service';
import { parseTable } from './helpers';

const outlines = new CountryOutlines(REGION_OUTLINES);
const ATTRIBUTION: Partial<Record<LayoutGuess['kind'], string>> = { ucdp: 'UCDP GED', acled: 'ACLED' };
const fixtures = parquetFixtures();
const fixtureBytes = (file: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${file}`, import.meta.url)));

/** A value as a CSV export writes it: days as YYYY-MM-DD, timestamps with their time, null as nothing. */
function csvCell(value: unknown, { element }: FixtureColumn): string {
  if (value === null || value === undefined) return '';
  if (element.converted_type === 'DATE') return new Date((value as number) * 86_400_000).toISOString().slice(0, 10);
  const unit =
    element.converted_type === 'TIMESTAMP_MILLIS'
      ? 1n
      : element.logical_type?.type === 'TIMESTAMP' && element.logical_type.unit === 'MICROS'
        ? 1000n
        : null;
  if (unit !== null) {
    return new Date(Number((value as bigint) / unit)).toISOString().replace('T', ' ').replace('Z', '');
  }
  return String(value);
}

/** The fixture's rows as CSV text; a GeoParquet's geometry as the latitude and longitude of its point. */
function csvOf(fixture: ParquetFixture): string {
  const geometry = fixture.geometry;
  const columns = fixture.columns.filter((c) => c.element.name !== geometry?.column);
  const fields = [...columns.map((c) => c.element.name), ...(geometry ? ['latitude', 'longitude'] : [])];
  const count = fixture.columns[0].data.length;
  const data = Array.from({ length: count }, (_, i) => {
    const cells = columns.map((c) => csvCell(c.data[i], c));
    const point = geometry?.points[i];
    if (geometry) cells.push(point ? String(point[1]) : '', point ? String(point[0]) : '');
    return cells;
  });
  return Papa.unparse({ fields, data });
}

/**
 * What today's table path makes of a CSV text: incidents, problems and the
 * packed dataset, packed as a large table is whose text is read back from its
 * file (the long text left out, a search index, each incident's row).
 */
function readCsv(text: string, name: string) {
  const { headers, rows } = parseTable(text);
  const guess = detectLayout(headers);
  const incidents: Incident[] = [];
  const builder = new PackBuilder([], { longText: false, index: true });
  const reader = new TableReader(guess, { name, attribution: ATTRIBUTION[guess.kind], outlines }, (incident, index) => {
    incidents.push(incident);
    builder.add(incident, index);
  });
  reader.add(rows);
  const problems = reader.finish();
  const dataset = builder.finish(
    { name: reader.name, attribution: reader.attribution, places: [] },
    reader.ids.hashes(),
  );
  return { guess, incidents, problems, dataset };
}

async function readParquet(bytes: Uint8Array, name: string) {
  const file = await openParquetFile(memoryBuffer(bytes), name);
  const incidents: Incident[] = [];
  const read = await readParquetTable(file, { name, attribution: ATTRIBUTION[file.guess.kind], outlines }, (incident) =>
    incidents.push(incident),
  );
  return { file, incidents, ...read };
}

/** Expected geometry problems of the GeoParquet, by its row index: what stands instead of its point. */
const NOT_POINTS: Record<number, string> = {
  5: 'is a Polygon; expected a Point (an incident is placed at one point)',
  6: 'is a LineString; expected a Point (an incident is placed at one point)',
  7: 'is empty; expected a Point (longitude, latitude)',
  8: 'is an empty Point; expected a Point (an incident is placed at one point)',
};

describe('the fixtures', { timeout: 60_000 }, () => {
  test.each(fixtures.map((f) => [f.file, f] as const))('%s is what scripts/fixtures/parquet.ts writes', (file, f) => {
    expect(fixtureBytes(file)).toEqual(writeFixture(f));
  });

  test('hold the physical types a reader meets: INT64, DATE, TIMESTAMP ms and µs, FLOAT, DOUBLE, dictionaries, nulls, row groups', async () => {
    const seen = new Set<string>();
    for (const f of fixtures) {
      const { metadata } = await openParquetFile(memoryBuffer(fixtureBytes(f.file)), f.file);
      for (const element of metadata.schema.slice(1)) {
        const logical = element.logical_type;
        seen.add(element.type ?? 'group');
        if (element.converted_type) seen.add(element.converted_type);
        if (logical?.type === 'TIMESTAMP') seen.add(`TIMESTAMP_${logical.unit}`);
      }
      for (const group of metadata.row_groups) {
        for (const { meta_data: meta } of group.columns) {
          if (meta?.encodings.some((e) => e.endsWith('_DICTIONARY'))) seen.add('dictionary');
          if ((meta?.statistics?.null_count ?? 0n) > 0n) seen.add('nulls');
        }
      }
      if (metadata.row_groups.length > 1) seen.add('row groups');
    }
    for (const kind of [
      'INT64',
      'DATE',
      'TIMESTAMP_MILLIS',
      'TIMESTAMP_MICROS',
      'FLOAT',
      'DOUBLE',
      'UTF8',
      'BYTE_ARRAY',
      'dictionary',
      'nulls',
      'row groups',
    ]) {
      expect(seen, kind).toContain(kind);
    }
  });
});

describe('each fixture reads as the same rows written as CSV', { timeout: 60_000 }, () => {
  const layouts: Record<string, LayoutGuess['kind']> = {
    'atlas.parquet': 'atlas',
    'ucdp.parquet': 'ucdp',
    'acled.parquet': 'acled',
    'generic.parquet': 'generic',
    'geo.parquet': 'generic',
  };
  test.each(fixtures.map((f) => [f.file, f] as const))('%s', async (file, fixture) => {
    const csv = readCsv(csvOf(fixture), file);
    const parquet = await readParquet(fixtureBytes(file), file);
    expect(parquet.file.guess).toEqual(csv.guess);
    expect(parquet.file.guess.kind).toBe(layouts[file]);
    expect(parquet.incidents.length).toBeGreaterThan(3);
    expect(parquet.incidents).toEqual(csv.incidents);
    let expected: DatasetProblem[] = csv.problems;
    if (fixture.geometry) {
      // Where the CSV has no latitude and longitude, the GeoParquet says what its geometry is instead.
      expected = expected.filter((p) => !(p.index in NOT_POINTS));
      for (const [index, message] of Object.entries(NOT_POINTS)) {
        const at = expected.findIndex((p) => p.index > Number(index));
        const problem = {
          ...{ index: Number(index), row: Number(index) + 2, field: 'geometry', message, skipped: true },
          text: expect.any(String),
        };
        expected.splice(at < 0 ? expected.length : at, 0, problem);
      }
    }
    expect(parquet.problems).toEqual(expected);
    // Each incident's row in the file, in the order read: the row its problems and `row-N` ids name.
    expect(parquet.rows).toHaveLength(parquet.incidents.length);
    for (const [k, incident] of parquet.incidents.entries()) {
      if (incident.id.startsWith('row-')) expect(incident.id).toBe(`row-${parquet.rows[k] + 2}`);
    }
  });

  test('loadParquet packs them as the table path does, row numbers in reveal order', async () => {
    for (const fixture of fixtures) {
      const csv = readCsv(csvOf(fixture), fixture.file);
      const loaded = await loadParquet(
        { file: new Blob([fixtureBytes(fixture.file)]) },
        { name: fixture.file, attribution: ATTRIBUTION, outlines },
      );
      if (loaded.type !== 'done') throw new Error(`${fixture.file}: ${JSON.stringify(loaded)}`);
      expect(loaded.dataset).toEqual(csv.dataset);
      expect(loaded.layout).toBe(csv.guess.label);
      // The incident revealed i-th is the one read from row rowInFile[i].
      const read = await readParquet(fixtureBytes(fixture.file), fixture.file);
      const byRow = new Map([...read.rows].map((row, k) => [row, read.incidents[k]]));
      const { ids, rowInFile, count } = loaded.dataset.incidents;
      expect(count).toBe(read.incidents.length);
      for (let i = 0; i < count; i++) {
        expect(byRow.get(rowInFile[i])?.id).toBe(idAt(ids, i));
      }
    }
  });

  test('what a person reads: a UCDP row, an ACLED row, a GeoParquet row and its problems', async () => {
    const ucdp = await readParquet(fixtureBytes('ucdp.parquet'), 'ucdp.parquet');
    const first = ucdp.incidents[0];
    expect(first).toMatchObject({
      id: 'ucdp-59553',
      date: '1990-10-04',
      coordinates: [74.355544, 34.821865],
      locationPrecision: 'town',
      title: 'Government of India vs Government of Pakistan, Kel sector of the control line',
      fatalities: 2,
    });
    const acled = await readParquet(fixtureBytes('acled.parquet'), 'acled.parquet');
    // 32-bit floats read as the decimals they were written from.
    expect(acled.incidents.find((i) => i.id === 'PAK90001')?.coordinates).toEqual([69.5725, 32.2989]);
    const geo = await readParquet(fixtureBytes('geo.parquet'), 'geo.parquet');
    expect(geo.incidents.map((i) => [i.id, i.date, i.coordinates])).toEqual([
      ['9001', '2024-12-01', [69.1723, 34.5281]],
      ['9002', '2024-12-02', [73.0479, 33.6844]],
      ['9003', '2024-12-03', [68.7, 32.6]],
      ['9004', '2024-12-04', [71.5249, 34.0151]],
      ['9005', '2024-12-05', [69.6, 32.3]],
      ['9011', '1969-12-31', [67.0099, 24.8607]],
      ['9001-2', '2024-12-11', [69.1723, 34.5281]],
    ]);
    expect(geo.problems.map(describeProblem)).toEqual([
      'row 7: geometry is a Polygon; expected a Point (an incident is placed at one point)',
      'row 8: geometry is a LineString; expected a Point (an incident is placed at one point)',
      'row 9: geometry is empty; expected a Point (longitude, latitude)',
      'row 10: geometry is an empty Point; expected a Point (an incident is placed at one point)',
      'row 11: longitude 200 is outside -180 to 180; expected a longitude in decimal degrees',
      'row 13 (9001): id "9001" is used by an earlier incident; renamed "9001-2" (loaded)',
    ]);
  });
});

describe('reading rows back', { timeout: 60_000 }, () => {
  test('readParquetRows gives the cells of any rows, from which the layout makes the same incidents', async () => {
    for (const name of ['ucdp.parquet', 'geo.parquet', 'atlas.parquet']) {
      const whole = await readParquet(fixtureBytes(name), name);
      const { file } = whole;
      const picked = [whole.rows[3], whole.rows[0], whole.rows[whole.rows.length - 1], whole.rows[1]];
      const headers = file.headers;
      const cells = await readParquetRows(file, picked, headers);
      expect(cells).toHaveLength(picked.length);
      const again: Incident[] = [];
      const reader = new TableReader(file.guess, { name, attribution: ATTRIBUTION[file.guess.kind], headers }, (i) =>
        again.push(i),
      );
      for (const [k, row] of picked.entries()) reader.addLists([cells[k]], 0, headers, row);
      const expected = picked.map((row) => whole.incidents[whole.rows.indexOf(row)]);
      // Ids renamed for being repeated are renamed by a reader of all rows only.
      expect(again.map(({ id: _, ...rest }) => rest)).toEqual(expected.map(({ id: _, ...rest }) => rest));
    }
  });

  test("a loaded file's summaries and sources are read back by rank, and its text searched through its index", async () => {
    for (const name of ['ucdp.parquet', 'acled.parquet', 'atlas.parquet', 'geo.parquet']) {
      const loaded = await loadParquet(
        { file: new Blob([fixtureBytes(name)]) },
        { name, attribution: ATTRIBUTION, outlines },
      );
      if (loaded.type !== 'done') throw new Error(`${name}: ${JSON.stringify(loaded)}`);
      const { page, texts } = splitLongText(loaded.dataset);
      expect(page.incidents.textElsewhere).toBe(true);
      const kept = new KeptTexts(texts);
      const backend = new ParquetTexts({
        shape: loaded.shape,
        rowInFile: texts.rowInFile,
        search: (q) => kept.search(q),
      });
      const read = await readParquet(fixtureBytes(name), name);
      const byRow = new Map([...read.rows].map((row, k) => [row, read.incidents[k]]));
      const ranks = Array.from({ length: texts.count }, (_, i) => texts.count - 1 - i);
      const expected = ranks.map((rank) => {
        const incident = byRow.get(texts.rowInFile[rank]) as Incident;
        return {
          summary: incident.summary,
          sources: incident.sources,
          ...(incident.claims ? { claims: incident.claims } : {}),
        };
      });
      expect(await backend.texts(ranks)).toEqual(expected);
      if (name === 'geo.parquet') continue;
      // A word of one incident's summary finds it (the index holds every incident's summary).
      const rank = expected.findIndex((text) => text.summary.length > 0);
      const word = expected[rank].summary.split(/\W+/).find((w) => w.length > 5) as string;
      const found = backend.search(word);
      expect(found?.[ranks[rank]]).toBe(1);
      await expect(backend.texts([texts.count])).rejects.toThrow(`No incident at rank ${texts.count}`);
    }
  });

  test("an export's batches are read a window of rows at a time, from the window kept, as the file holds them", async () => {
    const count = 3000;
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          {
            name: 'date',
            data: Array.from({ length: count }, (_, i) => `2024-12-${String(1 + (i % 28)).padStart(2, '0')}`),
            type: 'STRING',
          },
          { name: 'latitude', data: Array.from({ length: count }, (_, i) => 30 + (i % 90) / 10), type: 'DOUBLE' },
          { name: 'longitude', data: Array.from({ length: count }, (_, i) => 62 + (i % 100) / 10), type: 'DOUBLE' },
          { name: 'title', data: Array.from({ length: count }, (_, i) => `Event ${i}`), type: 'STRING' },
          {
            name: 'summary',
            data: Array.from({ length: count }, (_, i) => `What happened at event ${i}.`),
            type: 'STRING',
          },
        ],
        rowGroupSize: 1000,
      }),
    );
    const loaded = await loadParquet({ file: new Blob([bytes]) }, { name: 'events.parquet' });
    if (loaded.type !== 'done') throw new Error(JSON.stringify(loaded));
    const { texts } = splitLongText(loaded.dataset);
    const backend = new ParquetTexts({ shape: loaded.shape, rowInFile: texts.rowInFile, search: () => null });
    // Each incident's id is its row's (row-N: row N - 2 of the file).
    const column = loaded.dataset.incidents.ids;
    const ids = Array.from({ length: count }, (_, rank) => idAt(column, rank));
    for (let from = 0; from < count; from += 500) {
      const ranks = Array.from({ length: Math.min(500, count - from) }, (_, i) => from + i);
      const got = await backend.texts(ranks);
      for (const [k, rank] of ranks.entries()) {
        expect(got[k].summary).toBe(`What happened at event ${Number(ids[rank].slice(4)) - 2}.`);
      }
    }
    // The details of one incident: its row alone, or from the window kept.
    expect((await backend.texts([7]))[0].summary).toBe(`What happened at event ${Number(ids[7].slice(4)) - 2}.`);
  });

  test('a row the file does not have is an error', async () => {
    const { file } = await readParquet(fixtureBytes('generic.parquet'), 'generic.parquet');
    await expect(readParquetRows(file, [0, 5], ['name'])).rejects.toThrow('generic.parquet has no row 5.');
  });
});

describe('files the columns of which must be chosen, and files that cannot be read', { timeout: 60_000 }, () => {
  test('a table with two date columns asks which to use, with its first rows of every column', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'date', data: ['2024-12-01', '2024-12-02'], type: 'STRING' },
          { name: 'time', data: [1733011200000n, 1733097600000n], type: 'INT64' },
          { name: 'lat', data: [34.5, 33.2], type: 'DOUBLE' },
          { name: 'lon', data: [69.2, 70.1], type: 'DOUBLE' },
        ],
      }),
    );
    const loaded = await loadParquet({ file: new Blob([bytes]) }, { name: 'two-dates.parquet' });
    expect(loaded).toMatchObject({
      type: 'needs-mapping',
      headers: ['date', 'time', 'lat', 'lon'],
      preview: [
        { date: '2024-12-01', time: '1733011200000', lat: '34.5', lon: '69.2' },
        { date: '2024-12-02', time: '1733097600000', lat: '33.2', lon: '70.1' },
      ],
    });
  });

  test('a file cut short says so', async () => {
    const cut = fixtureBytes('ucdp.parquet').subarray(0, 10_000);
    const loaded = await loadParquet({ file: new Blob([cut]) }, { name: 'cut.parquet' });
    expect(loaded).toMatchObject({
      type: 'failed',
      message: expect.stringMatching(/^cut\.parquet is not a Parquet file: .* cut short/),
    });
  });

  test('a file that is not Parquet says so', async () => {
    const loaded = await loadParquet({ file: new Blob(['date,lat,lon\n2024-12-01,34,69\n']) }, { name: 'x.parquet' });
    expect(loaded).toEqual({
      type: 'failed',
      message:
        'x.parquet is not a Parquet file: a Parquet file ends with the letters PAR1, and this one does not (it may be cut short, or be another kind of file).',
      text: { key: 'data.parquet.notParquet', values: { name: 'x.parquet' } },
    });
  });

  test('a GeoParquet in another CRS is refused, saying which', async () => {
    const geo = fixtures.find((f) => f.file === 'geo.parquet') as ParquetFixture;
    const projected = {
      version: '1.1.0',
      primary_column: 'geometry',
      columns: { geometry: { encoding: 'WKB', crs: { id: { authority: 'EPSG', code: 3857 } } } },
    };
    const bytes = writeFixture({ ...geo, kvMetadata: [{ key: 'geo', value: JSON.stringify(projected) }] });
    const loaded = await loadParquet({ file: new Blob([bytes]) }, { name: 'web-mercator.parquet' });
    expect(loaded).toEqual({
      type: 'failed',
      message:
        'web-mercator.parquet has its points in the CRS EPSG:3857; only longitude and latitude (OGC:CRS84 or EPSG:4326) are read. Reproject it first (GeoPandas: to_crs(4326); DuckDB: ST_Transform).',
      text: { key: 'data.parquet.crs', values: { name: 'web-mercator.parquet', crs: 'EPSG:3857' } },
    });
  });

  test('a column compressed with a codec hyparquet does not read is named before anything is read', async () => {
    const file = await openParquetFile(memoryBuffer(fixtureBytes('acled.parquet')), 'acled.parquet');
    const chunk = file.metadata.row_groups[1].columns.find((c) => c.meta_data?.path_in_schema[0] === 'notes');
    if (!chunk?.meta_data) throw new Error('no notes column');
    chunk.meta_data.codec = 'ZSTD';
    await expect(readParquetTable(file, { name: 'acled.parquet' }, () => {})).rejects.toThrow(
      /^acled\.parquet is compressed with ZSTD, which this app does not read yet; save it with Snappy/,
    );
  });

  test("Parquet's own GEOMETRY type gives points as GeoParquet's metadata does", async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'date', data: ['2024-12-01', '2024-12-02'], type: 'STRING' },
          { name: 'title', data: ['A point', 'A line'], type: 'STRING' },
          {
            name: 'where',
            type: 'GEOMETRY',
            data: [
              { type: 'Point', coordinates: [69.2, 34.5] },
              {
                type: 'LineString',
                coordinates: [
                  [69, 34],
                  [70, 35],
                ],
              },
            ],
          },
        ],
      }),
    );
    const { incidents, problems } = await readParquet(bytes, 'native.parquet');
    expect(incidents.map((i) => [i.title, i.coordinates])).toEqual([['A point', [69.2, 34.5]]]);
    expect(problems.map(describeProblem)).toEqual([
      'row 3: where is a LineString; expected a Point (an incident is placed at one point)',
    ]);
  });
});

describe('memory', { timeout: 60_000 }, () => {
  /** `count` rows of a table with a date, a point and a title, in row groups of `groupRows`. */
  const table = (count: number, groupRows = count) =>
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          {
            name: 'date',
            data: Array.from({ length: count }, (_, i) => `2024-${String(1 + (i % 12)).padStart(2, '0')}-15`),
            type: 'STRING',
          },
          { name: 'latitude', data: Array.from({ length: count }, (_, i) => 30 + (i % 90) / 10), type: 'DOUBLE' },
          { name: 'longitude', data: Array.from({ length: count }, (_, i) => 62 + (i % 100) / 10), type: 'DOUBLE' },
          { name: 'title', data: Array.from({ length: count }, (_, i) => `Event ${i}`), type: 'STRING' },
        ],
        rowGroupSize: groupRows,
      }),
    );
  /** A File as the worker is given one, recording each slice() it is asked for. */
  const watched = (bytes: Uint8Array<ArrayBuffer>) => {
    const asked: [number, number][] = [];
    const blob = new Blob([bytes]);
    const file = {
      size: blob.size,
      slice(start?: number, end?: number) {
        asked.push([start ?? 0, end ?? blob.size]);
        return blob.slice(start, end);
      },
    } as Blob;
    return { file, asked };
  };

  test('a file whose incidents would not fit is refused from its footer, before any row is read, as a CSV is', async () => {
    const bytes = table(3000);
    const { file, asked } = watched(bytes);
    const loaded = await loadParquet({ file }, { name: 'many.parquet', budget: 1024 * 1024 });
    expect(loaded).toEqual({
      type: 'failed',
      message: expect.stringMatching(
        /^many\.parquet holds about 3,000 incidents, which would need about .* GB of memory to open: more than this browser tab can use \(about .* GB\)\. Open a filtered part of it, or turn it into a bundle with `npm run pack`/,
      ),
      text: expect.objectContaining({ key: 'data.load.memoryRows' }),
    });
    // Only the end of the file, for its footer.
    expect(asked).toEqual([[bytes.length - Math.min(bytes.length, 64 * 1024), bytes.length]]);
    expect((await loadParquet({ file }, { name: 'many.parquet' })).type).toBe('done');
  });

  test('what reading holds counts the columns read, not the others', async () => {
    const file = await openParquetFile(memoryBuffer(fixtureBytes('acled.parquet')), 'acled.parquet');
    const headers = columnsForLayout(file.guess, file.headers);
    const chunks = file.metadata.row_groups.flatMap((group) => group.columns);
    const unread = chunks.find((c) => c.meta_data?.path_in_schema[0] === 'tags')?.meta_data;
    const notes = chunks.find((c) => c.meta_data?.path_in_schema[0] === 'notes')?.meta_data;
    if (!unread || !notes) throw new Error('no tags or notes column');
    const budget = memoryBudget(8);
    unread.total_uncompressed_size = 10n ** 12n;
    expect(parquetRefusal(file, headers, budget, 0)).toBeNull();
    // Two GiB of notes in a row group: decoded, about six times that at once.
    notes.total_uncompressed_size = 2n * 1024n ** 3n;
    expect(parquetRefusal(file, headers, budget, 0)).toMatch(
      /^acled\.parquet would need about 12 GB of memory to open: more than this browser tab can use \(about 4\.0 GB\)\. Open a filtered part of it, or turn it into a bundle with `npm run pack`/,
    );
    // A larger group is decoded a part at a time: what it holds is a part's.
    const rows = file.groups[0].rows;
    file.groups[0].rows = PART_ROWS * 8;
    expect(parquetHeld(file, headers)).toBeLessThan(2 * 1024 ** 3);
    file.groups[0].rows = rows;
  });

  test('a row group larger than a part is read in parts, its bytes fetched once', async () => {
    const bytes = table(3000, 3000);
    const whole = await readParquet(bytes, 'one-group.parquet');
    const { file, asked } = watched(bytes);
    const opened = await openParquetFile(blobBuffer(file), 'one-group.parquet');
    const reports: number[] = [];
    const incidents: Incident[] = [];
    const read = await readParquetTable(
      opened,
      { name: 'one-group.parquet', partRows: 700, onProgress: (p) => reports.push(p.rowsRead) },
      (incident) => incidents.push(incident),
    );
    expect(incidents).toEqual(whole.incidents);
    expect(read.problems).toEqual(whole.problems);
    expect([...read.rows]).toEqual([...whole.rows]);
    // The footer, then each column chunk once.
    const columns = asked.slice(1).map(([s, e]) => `${s}-${e}`);
    expect(new Set(columns).size).toBe(columns.length);
    expect(reports).toEqual([700, 1400, 2100, 2800, 3000]);
  });
});
