// The streamed exports against today's whole-file ones: the same bytes for the
// same incidents, however they are cut into batches, read a batch at a time.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { geojsonToWkb } from 'hyparquet-writer';
import { describe, expect, test } from 'vitest';
import { readBatches } from '../../../src/data/export/batches';
import { type ExportMeta, toAtlasCSV } from '../../../src/data/export/export';
import { ATLAS_PARQUET_KEY, GEOPARQUET_COLUMNS, wkbPoint } from '../../../src/data/export/geoparquet';
import { type ExportFormat, exportChunks, exportStream, toAtlasGeoJSONText } from '../../../src/data/export/stream';
import { readDataset, readIncidents } from '../../../src/data/import/validate';
import { IncidentStore } from '../../../src/data/store/incident-store';
import { type Incident, LOCATION_PRECISIONS } from '../../../src/data/types';

const incidentsJson = JSON.parse(readFileSync(new URL('../../../geojson/incidents.geojson', import.meta.url), 'utf8'));
const placesJson = JSON.parse(readFileSync(new URL('../../../geojson/places.geojson', import.meta.url), 'utf8'));
// Export writes the incidents, name and attribution; a story (docs/story.md) stays with the file it came in.
const { story: _story, ...embedded } = readDataset(incidentsJson, placesJson).dataset;
const embeddedMeta: ExportMeta = { name: embedded.name, attribution: embedded.attribution };

/** What main.ts wrote before streaming: the whole file as one string. */
const wholeFile = (format: 'csv' | 'geojson', incidents: readonly Incident[], meta: ExportMeta) =>
  format === 'csv' ? toAtlasCSV(incidents, meta) : toAtlasGeoJSONText(incidents, meta);

/** The incidents cut at the given sizes (cycled), with an empty batch now and then. */
async function* cut(incidents: readonly Incident[], sizes: readonly number[]): AsyncGenerator<Incident[]> {
  let at = 0;
  for (let n = 0; at < incidents.length; n++) {
    const size = sizes[n % sizes.length];
    yield incidents.slice(at, at + size);
    at += size;
  }
}

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

async function streamed(format: ExportFormat, incidents: readonly Incident[], meta: ExportMeta, sizes = [2000]) {
  return (await bytesOf(exportChunks(format, meta, cut(incidents, sizes)))).toString('utf8');
}

describe('exportChunks: the same bytes as the whole-file export', () => {
  for (const format of ['csv', 'geojson'] as const) {
    test(`${format}: the embedded dataset, whole or cut into batches of 1, 2 and 5, with empty batches`, async () => {
      const expected = wholeFile(format, embedded.incidents, embeddedMeta);
      expect(expected.length).toBeGreaterThan(1000);
      for (const sizes of [[2000], [1], [2, 0, 5], [0, 3]]) {
        expect(await streamed(format, embedded.incidents, embeddedMeta, sizes)).toBe(expected);
      }
    });

    test(`${format}: no incidents, and a name without attribution`, async () => {
      expect(await streamed(format, [], { name: 'Empty' })).toBe(wholeFile(format, [], { name: 'Empty' }));
      expect(await streamed(format, embedded.incidents.slice(0, 1), { name: 'One', attribution: '' })).toBe(
        wholeFile(format, embedded.incidents.slice(0, 1), { name: 'One', attribution: '' }),
      );
    });
  }

  test('exportStream gives the same bytes as a ReadableStream', async () => {
    for (const format of ['csv', 'geojson'] as const) {
      const stream = exportStream(format, embeddedMeta, cut(embedded.incidents, [4]));
      const text = Buffer.from(await new Response(stream).arrayBuffer()).toString('utf8');
      expect(text).toBe(wholeFile(format, embedded.incidents, embeddedMeta));
    }
  });
});

// ---- property: any incidents, any cut -----------------------------------------

const tricky = fc.constantFrom(
  'a',
  ' ',
  ',',
  '"',
  "'",
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\n',
  '\r\n',
  '\r',
  ';',
  '\\',
  '/',
  'é',
  'ش',
  '🙂',
  '\u2028',
  '\u200b',
  '<',
  '{',
  ']',
);
const text = fc.oneof(fc.string({ unit: tricky, maxLength: 16 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
const nonBlank = text.filter((s) => s.trim() !== '');
const featureArb = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,10}$/),
  title: nonBlank,
  summary: text,
  date: fc.constantFrom('2024-12-24', '2024-09', '2024-12-21~', '2024-12-16/2024-12-22', '2024-12-24/..', '1990'),
  order: fc.option(fc.integer({ min: -5, max: 1e6 }), { nil: undefined }),
  category: nonBlank.map((s) => s.trim()),
  place: fc.option(nonBlank, { nil: undefined }),
  country: fc.option(nonBlank, { nil: undefined }),
  location_precision: fc.constantFrom(...LOCATION_PRECISIONS),
  actors: fc.array(
    text.map((s) => s.replace(/;/g, ',').trim()).filter((s) => s !== ''),
    { maxLength: 3 },
  ),
  fatalities: fc.option(fc.oneof(fc.nat(1000), fc.double({ min: 0, max: 1e9, noNaN: true })), { nil: undefined }),
  sources: fc.array(
    fc.record({ title: nonBlank, publisher: nonBlank, url: fc.webUrl() }, { requiredKeys: ['title', 'publisher'] }),
    { minLength: 1, maxLength: 2 },
  ),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
});

/** Valid incidents as the app holds them (read by readIncidents), with related ids among themselves. */
const incidentsArb = fc
  .uniqueArray(featureArb, { selector: (f) => f.id, maxLength: 12 })
  .chain((features) =>
    fc.tuple(
      fc.constant(features),
      fc.array(fc.subarray(features.map((f) => f.id)), { minLength: features.length, maxLength: features.length }),
    ),
  )
  .map(([features, related]) => {
    const read = readIncidents({
      type: 'FeatureCollection',
      features: features.map(({ id, lon, lat, ...props }, i) => ({
        type: 'Feature',
        id,
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: JSON.parse(JSON.stringify({ ...props, related: related[i] })),
      })),
    });
    expect(read.problems.filter((p) => p.skipped)).toEqual([]);
    return read.incidents;
  });
const metaArb = fc.record({
  name: nonBlank,
  attribution: fc.option(text, { nil: undefined }),
});
const sizesArb = fc.array(fc.nat(5), { minLength: 1, maxLength: 4 }).filter((sizes) => sizes.some((s) => s > 0));

describe('exportChunks (property)', () => {
  test.each(['csv', 'geojson'] as const)('%s: any incidents, any batches: the whole-file bytes', async (format) => {
    await fc.assert(
      fc.asyncProperty(incidentsArb, metaArb, sizesArb, async (incidents, meta, sizes) => {
        expect(await streamed(format, incidents, meta, sizes)).toBe(wholeFile(format, incidents, meta));
      }),
      { numRuns: 200 },
    );
  });
});

// ---- reading in batches --------------------------------------------------------

/** A store whose reads are counted and answered later, as a file's would be. */
function countingStore(incidents: readonly Incident[]) {
  const store = IncidentStore.of(incidents);
  const reads: number[][] = [];
  return {
    reads,
    read: async (indexes: readonly number[]) => {
      reads.push([...indexes]);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return store.read(indexes);
    },
  };
}

describe('readBatches', () => {
  test('reads the given reveal indexes in order, size at a time, and reports progress', async () => {
    const store = countingStore(embedded.incidents);
    const indexes = Uint32Array.from([0, 2, 3, 5, 8, 9, 12]);
    const progress: number[] = [];
    const batches: string[][] = [];
    for await (const batch of readBatches(store, indexes, { size: 3, onBatch: (done) => progress.push(done) })) {
      batches.push(batch.map((incident) => incident.id));
    }
    const ids = [...indexes].map((i) => embedded.incidents[i].id);
    expect(batches).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)]);
    expect(store.reads).toEqual([[0, 2, 3], [5, 8, 9], [12]]);
    expect(progress).toEqual([3, 6, 7]);
  });

  test('nothing to read reads nothing', async () => {
    const store = countingStore(embedded.incidents);
    const batches = [];
    for await (const batch of readBatches(store, [])) batches.push(batch);
    expect(batches).toEqual([]);
    expect(store.reads).toEqual([]);
  });

  test.each(['csv', 'geojson', 'geoparquet'] as const)(
    '%s: each batch is written out before the next is asked for, and read at most one ahead',
    async (format) => {
      const store = countingStore(embedded.incidents);
      const indexes = embedded.incidents.map((_, i) => i);
      let written = 0;
      let handedOn = 0;
      const chunks = exportChunks(
        format,
        embeddedMeta,
        readBatches(store, indexes, { size: 2, onBatch: (done) => (handedOn = done) }),
        { geoparquet: { rowGroupRows: 2 } },
      );
      for await (const _chunk of chunks) {
        written++;
        // Each chunk is written before the next batch is asked for: nothing gathers the whole file.
        expect(Math.ceil(handedOn / 2)).toBeLessThanOrEqual(written);
        // Reads so far: the batches handed on, and the one read ahead.
        expect(store.reads.length).toBeLessThanOrEqual(Math.ceil(handedOn / 2) + 1);
      }
      expect(written).toBeGreaterThan(embedded.incidents.length / 2);
      expect(store.reads.flat()).toEqual(indexes);
    },
  );

  test('an export stopped early stops reading, and a failed read-ahead is not left unhandled', async () => {
    const store = IncidentStore.of(embedded.incidents);
    const reads: number[][] = [];
    const failing = {
      read: async (indexes: readonly number[]) => {
        reads.push([...indexes]);
        if (reads.length > 1) throw new Error('source gone');
        return store.read(indexes);
      },
    };
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      let chunks = 0;
      for await (const _chunk of exportChunks(
        'csv',
        embeddedMeta,
        readBatches(failing, [0, 1, 2, 3, 4], { size: 2 }),
      )) {
        if (++chunks === 2) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
    // The header, then the first batch; the second was read ahead (and failed), and nothing after it.
    expect(reads).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  test('a failing read fails the export', async () => {
    const failing = {
      read: async () => {
        throw new Error('source gone');
      },
    };
    await expect(bytesOf(exportChunks('geojson', embeddedMeta, readBatches(failing, [0, 1])))).rejects.toThrow(
      'source gone',
    );
  });
});

// ---- GeoParquet: read back with hyparquet --------------------------------------

async function geoParquet(incidents: readonly Incident[], meta: ExportMeta, sizes = [2000], rowGroupRows = 10_000) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of exportChunks('geoparquet', meta, cut(incidents, sizes), { geoparquet: { rowGroupRows } })) {
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { file, chunks: chunks.length, metadata: parquetMetadata(file) };
}

const nonNull = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null));

/**
 * The rows hyparquet reads (geometry decoded through the `geo` metadata, sources
 * parsed as JSON), as the GeoJSON our reader takes, read by readDataset.
 */
async function readGeoParquet(file: ArrayBuffer, places?: unknown) {
  const metadata = parquetMetadata(file);
  const atlas = JSON.parse(metadata.key_value_metadata?.find((kv) => kv.key === ATLAS_PARQUET_KEY)?.value ?? '{}');
  const rows = await parquetReadObjects({ file });
  const collection = {
    type: 'FeatureCollection',
    name: atlas.name,
    ...(atlas.attribution ? { attribution: atlas.attribution } : {}),
    features: rows.map(({ id, geometry, ...properties }) => ({
      type: 'Feature',
      id,
      geometry,
      properties: nonNull(properties),
    })),
  };
  return { rows, atlas, report: readDataset(collection, places) };
}

describe('GeoParquet export', () => {
  test('the embedded dataset reads back through hyparquet and readDataset unchanged, in row groups', async () => {
    const { file, chunks, metadata } = await geoParquet(embedded.incidents, embeddedMeta, [3], 4);
    // 13 incidents in row groups of 4: four groups, each handed on as it filled, then the footer.
    expect(embedded.incidents).toHaveLength(13);
    expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual([4, 4, 4, 1]);
    expect(chunks).toBe(5);
    const { rows, report } = await readGeoParquet(file, placesJson);
    expect(rows.map((row) => row.id)).toEqual(embedded.incidents.map((incident) => incident.id));
    expect(report.problems).toEqual([]);
    expect(report.dataset).toEqual(embedded);
  });

  test('columns: our schema, sources as JSON text, a WKB point; the dataset named in the file metadata', async () => {
    const { file, metadata } = await geoParquet(embedded.incidents, embeddedMeta);
    expect(
      metadata.schema.filter((element) => element.name !== 'list' && element.name !== 'element').map((e) => e.name),
    ).toEqual(['root', ...GEOPARQUET_COLUMNS]);
    const sources = metadata.schema.find((element) => element.name === 'sources');
    expect(sources).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'JSON' });
    expect(JSON.parse(metadata.key_value_metadata?.find((kv) => kv.key === ATLAS_PARQUET_KEY)?.value ?? '')).toEqual(
      embeddedMeta,
    );
    // Raw, without hyparquet's GeoParquet decoding: the bytes as written.
    const raw = await parquetReadObjects({ file, columns: ['sources', 'geometry'], geoparquet: false, utf8: false });
    raw.forEach((row, i) => {
      const incident = embedded.incidents[i];
      const wkb = row.geometry as Uint8Array;
      const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
      expect(wkb.byteLength).toBe(21);
      expect(view.getUint8(0)).toBe(1); // little-endian
      expect(view.getUint32(1, true)).toBe(1); // Point
      expect([view.getFloat64(5, true), view.getFloat64(13, true)]).toEqual(incident.coordinates);
      expect(row.sources).toEqual(incident.sources);
    });
  });

  test('the geo metadata: GeoParquet 1.1.0, WKB points in CRS84 (crs left out), their bbox', async () => {
    const { metadata } = await geoParquet(embedded.incidents, embeddedMeta);
    const geo = JSON.parse(metadata.key_value_metadata?.find((kv) => kv.key === 'geo')?.value ?? '');
    const lons = embedded.incidents.map((incident) => incident.coordinates[0]);
    const lats = embedded.incidents.map((incident) => incident.coordinates[1]);
    expect(geo).toEqual({
      version: '1.1.0',
      primary_column: 'geometry',
      columns: {
        geometry: {
          encoding: 'WKB',
          geometry_types: ['Point'],
          bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
        },
      },
    });
    expect(geo.columns.geometry).not.toHaveProperty('crs');
  });

  test('no incidents: a valid file with no rows and no bbox', async () => {
    const { file, metadata } = await geoParquet([], { name: 'Empty' });
    expect(metadata.num_rows).toBe(0n);
    expect(await parquetReadObjects({ file })).toEqual([]);
    const geo = JSON.parse(metadata.key_value_metadata?.find((kv) => kv.key === 'geo')?.value ?? '');
    expect(geo.columns.geometry).toEqual({ encoding: 'WKB', geometry_types: ['Point'] });
  });

  test('wkbPoint gives the bytes of the WKB encoder in hyparquet-writer', () => {
    for (const [lon, lat] of [
      [-70.25, -33.5],
      [180, 90],
      [-0, 0],
      [69.17233, 34.52813],
    ]) {
      expect(wkbPoint(lon, lat)).toEqual(geojsonToWkb({ type: 'Point', coordinates: [lon, lat] }));
    }
  });

  test('property: any incidents, any batches and row groups, read back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        incidentsArb,
        metaArb,
        sizesArb,
        fc.integer({ min: 1, max: 5 }),
        async (incidents, meta, sizes, rows) => {
          const { file, metadata } = await geoParquet(incidents, meta, sizes, rows);
          expect(metadata.row_groups).toHaveLength(Math.ceil(incidents.length / rows));
          const { report, atlas } = await readGeoParquet(file);
          expect(report.problems.filter((p) => p.skipped)).toEqual([]);
          expect(report.dataset.incidents).toEqual(incidents);
          // Kept as given (readDataset would drop a blank attribution).
          expect(atlas).toEqual({ name: meta.name, ...(meta.attribution ? { attribution: meta.attribution } : {}) });
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
