// A GeoJSON file streamed into a packed dataset (what the dataset worker now
// does) gives the dataset packDataset makes of readGeoJSONText's report, the
// same problems, and the span of each incident's feature in reveal order.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readGeoJSONText } from '../../../src/data/import/geojson';
import { GeoJSONPacker, spansByFeature } from '../../../src/data/import/geojson-pack';
import { readGeoJSONSpanAt } from '../../../src/data/import/geojson-stream';
import { readPlaces } from '../../../src/data/import/validate';
import { longTextOf, splitLongText, textOf } from '../../../src/data/pack/long-text';
import { packDataset } from '../../../src/data/pack/packed';
import type { PackedDataset } from '../../../src/data/pack/packed-types';
import { findId, recordOf, unpackIncident } from '../../../src/data/pack/records';
import type { DatasetReport, Incident, Place } from '../../../src/data/types';
import { randomFeatureCollection } from '../fuzz/inputs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The embedded dataset, its features in reverse: reveal order is not the file's. */
const INCIDENTS = (() => {
  const json = JSON.parse(readFileSync(`${ROOT}geojson/incidents.geojson`, 'utf8')) as { features: unknown[] };
  json.features.reverse();
  return new TextEncoder().encode(JSON.stringify(json, null, 1));
})();
const SHAPES = new Uint8Array(readFileSync(`${ROOT}tests/fixtures/shapes.geojson`));
const PLACES = readPlaces(JSON.parse(readFileSync(`${ROOT}geojson/places.geojson`, 'utf8'))).places;
const utf8 = new TextEncoder();
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function packed(bytes: Uint8Array, cuts: readonly number[], options: { name: string; places?: Place[] }) {
  const packer = new GeoJSONPacker(options);
  const bounds = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...bounds, bytes.length]) {
    packer.push(bytes.subarray(from, to));
    from = to;
  }
  return packer.end();
}

/**
 * A packed dataset with each record as text in reveal order: where a record's
 * bytes lie depends on when it was encoded (an incident naming related ids is
 * encoded at the end, once they are checked; read whole, unknown ones were
 * dropped before packing), as in the table path (see streaming.test.ts), and
 * so are the shared source lists' numbers. Its
 * rowInFile is compared on its own: packDataset numbers incidents, the stream
 * gives their features' indexes.
 */
function comparable(dataset: PackedDataset) {
  const { records, recordStart, recordLength, recordShort, rowInFile, sourceSet, sourceSets, ...columns } =
    dataset.incidents;
  return {
    ...dataset,
    incidents: {
      ...columns,
      // Shared source lists are numbered as records are encoded: each incident's own, by value.
      sources: Array.from(sourceSet, (set) => (set > 0 ? sourceSets[set - 1] : null)),
      records: Array.from({ length: dataset.incidents.count }, (_, i) => decode(recordOf(dataset.incidents, i))),
      short: Array.from({ length: dataset.incidents.count }, (_, i) =>
        decode(recordOf(dataset.incidents, i).subarray(0, recordShort[i])),
      ),
    },
  };
}

/** The index of each feature that gave an incident, in the order read: every one not skipped. */
function loadedFeatures(bytes: Uint8Array, report: DatasetReport): number[] {
  const root = JSON.parse(decode(bytes).replace(/^\uFEFF/, '')) as { type: string; features: unknown[] };
  const skipped = new Set(report.problems.filter((p) => p.skipped && p.index >= 0).map((p) => p.index));
  const count = root.type === 'FeatureCollection' ? root.features.length : 1;
  return Array.from({ length: count }, (_, i) => i).filter((i) => !skipped.has(i));
}

/** Packed as the worker packed readGeoJSONText's report, and as streamed: the same, and each span reads back. */
function expectSamePack(bytes: Uint8Array, cuts: readonly number[], options: { name: string; places?: Place[] }) {
  const report = readGeoJSONText(decode(bytes), options);
  const expected = packDataset(report.dataset);
  const got = packed(bytes, cuts, options);
  expect(got.problems).toEqual(report.problems);
  expect(comparable(got.dataset)).toEqual(comparable(expected));
  if (report.dataset.incidents.length > 0) {
    const features = loadedFeatures(bytes, report);
    expect([...got.dataset.incidents.rowInFile]).toEqual([...expected.incidents.rowInFile].map((k) => features[k]));
  }
  const { count } = got.dataset.incidents;
  expect([got.spans.start.length, got.spans.length.length]).toEqual([count, count]);
  const ids = { has: (id: string) => findId(got.dataset.incidents, id) >= 0 };
  for (let i = 0; i < count; i++) {
    const start = got.spans.start[i];
    const span = bytes.subarray(start, start + got.spans.length[i]);
    const incident = unpackIncident(got.dataset.incidents, i, decode(recordOf(got.dataset.incidents, i)));
    const back = readGeoJSONSpanAt(span, {
      ...options,
      index: got.dataset.incidents.rowInFile[i],
      id: incident.id,
      ids,
    });
    // Read back from its span, incident i is the one packed (as the record keeps it: no shape, sources once).
    expect(back && { ...back, shape: undefined, sources: undefined }).toEqual({
      ...incident,
      shape: undefined,
      sources: undefined,
    });
    expect(back?.sources).toEqual(incident.sources);
  }
  return got;
}

describe('GeoJSONPacker', () => {
  test('the embedded dataset with its places, cut anywhere: packDataset of readGeoJSONText, spans in reveal order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), (cuts) => {
        const got = expectSamePack(INCIDENTS, cuts, { name: 'incidents.geojson', places: PLACES });
        expect(got.dataset.incidents.count).toBe(13);
        // The spans are in reveal order, not the file's.
        expect([...got.dataset.incidents.rowInFile]).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  test("by feature index, the spans read back each incident's long text, as a worker reading the file would", () => {
    const { dataset, spans } = packed(INCIDENTS, [999], { name: 'incidents.geojson', places: PLACES });
    const { texts } = splitLongText(dataset);
    const byFeature = spansByFeature(spans, texts.rowInFile);
    expect(byFeature.count).toBe(13);
    for (let rank = 0; rank < dataset.incidents.count; rank++) {
      const index = texts.rowInFile[rank];
      const { start, length } = byFeature.span(index);
      expect([start, length]).toEqual([spans.start[rank], spans.length[rank]]);
      const incident = readGeoJSONSpanAt(INCIDENTS.subarray(start, start + length), {
        name: 'incidents.geojson',
        places: PLACES,
        index,
      });
      expect(textOf(incident as Incident)).toEqual(longTextOf(texts, rank));
    }
    expect(() => byFeature.span(13)).toThrow(RangeError);
  });

  test('shapes placed at a point, and generated collections', () => {
    expectSamePack(SHAPES, [50, 700], { name: 'shapes.geojson' });
    fc.assert(
      fc.property(randomFeatureCollection, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        expectSamePack(utf8.encode(text), cuts, { name: 'generated.geojson' });
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  test('counts the features read as they come, loaded or not (the rows a load projects its memory from)', () => {
    const features = Array.from({ length: 30 }, (_, i) => ({
      type: 'Feature',
      id: `f${i}`,
      geometry: { type: 'Point', coordinates: [69, 33] },
      properties: i % 3 === 0 ? { title: 'no date' } : { title: `F ${i}`, date: '2024-12-24' },
    }));
    const bytes = utf8.encode(JSON.stringify({ type: 'FeatureCollection', features }));
    const packer = new GeoJSONPacker({ name: 'count.geojson' });
    const half = bytes.length >> 1;
    packer.push(bytes.subarray(0, half));
    expect(packer.rows).toBeGreaterThan(10);
    expect(packer.rows).toBeLessThan(20);
    packer.push(bytes.subarray(half));
    expect(packer.rows).toBe(30);
    expect(packer.end().dataset.incidents.count).toBe(20);
  });

  test('a file refused after incidents were packed (a later type) packs none', () => {
    const feature = {
      type: 'Feature',
      id: 'a',
      geometry: { type: 'Point', coordinates: [69, 33] },
      properties: { title: 'A', date: '2024-12-24' },
    };
    const text = `{"features":[${JSON.stringify(feature)}],"type":"Topology"}`;
    const got = expectSamePack(utf8.encode(text), [20], { name: 'topology.json' });
    expect(got.dataset.incidents.count).toBe(0);
  });
});
