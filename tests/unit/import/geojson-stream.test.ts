// The streamed GeoJSON reader against the whole-text one (readGeoJSONText, as
// the dataset worker ran it: bytes decoded, then read): whatever the file and
// wherever its bytes are cut (inside a character's bytes too), the stream
// passes on the same incidents and reports the same problems, and each
// incident's span holds its feature's text, which reads back to the incident.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readGeoJSONText } from '../../../src/data/import/geojson';
import { GeoJSONStream, readGeoJSONSpanAt } from '../../../src/data/import/geojson-stream';
import { readPlaces } from '../../../src/data/import/validate';
import type { RecordSpan } from '../../../src/data/store/byte-source';
import type { DatasetReport, Incident, Place } from '../../../src/data/types';
import { type JsonValue, randomFeature, randomFeatureCollection } from '../fuzz/inputs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const geojsonIn = (folder: string) =>
  readdirSync(`${ROOT}${folder}`)
    .filter((file) => file.endsWith('.geojson'))
    .sort()
    .map((file) => ({ name: file, bytes: new Uint8Array(readFileSync(`${ROOT}${folder}/${file}`)) }));

/**
 * Every GeoJSON file of the tests and the app: check-geojson's good and bad
 * cases (the same files as /work/shared/samples/check-geojson), the fixtures,
 * the fuzz corpus's, and the embedded dataset.
 */
const FIXTURES = [
  ...geojsonIn('tests/unit/import/fixtures/check-geojson-good'),
  ...geojsonIn('tests/unit/import/fixtures/check-geojson-bad'),
  ...geojsonIn('tests/fixtures'),
  ...geojsonIn('tests/fixtures/fuzz-corpus'),
  ...geojsonIn('geojson').filter((f) => f.name === 'incidents.geojson'),
];
const PLACES = readPlaces(JSON.parse(readFileSync(`${ROOT}geojson/places.geojson`, 'utf8'))).places;

const utf8 = new TextEncoder();
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The text with `date` added to every feature's properties, so that check-geojson's cases load incidents. */
function dated(bytes: Uint8Array): Uint8Array | null {
  let json: unknown;
  try {
    json = JSON.parse(decode(bytes));
    JSON.stringify(json);
  } catch {
    return null; // not JSON, or nested too deeply to write again
  }
  const addDate = (feature: unknown) => {
    if (feature && typeof feature === 'object' && !Array.isArray(feature)) {
      const f = feature as { properties?: unknown };
      const props = f.properties;
      f.properties = {
        ...(props && typeof props === 'object' && !Array.isArray(props) ? props : {}),
        date: '2024-12-24',
      };
    }
  };
  const root = json as { type?: unknown; features?: unknown };
  if (root?.type === 'FeatureCollection' && Array.isArray(root.features)) root.features.forEach(addDate);
  else if (root?.type === 'Feature') addDate(root);
  else return null;
  return utf8.encode(JSON.stringify(json, null, 1));
}

interface Streamed {
  incidents: Incident[];
  spans: RecordSpan[];
  /** Each incident's index among the file's features. */
  indexes: number[];
  restarts: number;
  name: string;
  attribution?: string;
  problems: DatasetReport['problems'];
}

/** `bytes` pushed into a GeoJSONStream in pieces cut at `cuts` (any numbers, taken modulo the length). */
function streamed(bytes: Uint8Array, cuts: readonly number[], options: { name: string; places?: Place[] }): Streamed {
  const incidents: Incident[] = [];
  const spans: RecordSpan[] = [];
  const indexes: number[] = [];
  let restarts = 0;
  const stream = new GeoJSONStream({
    ...options,
    onIncident: (incident, span, index) => {
      incidents.push(incident);
      spans.push(span);
      indexes.push(index);
    },
    onRestart: () => {
      restarts++;
      incidents.length = 0;
      spans.length = 0;
      indexes.length = 0;
    },
  });
  const bounds = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...bounds, bytes.length]) {
    stream.push(bytes.subarray(from, to));
    from = to;
  }
  const end = stream.end();
  return { incidents, spans, indexes, restarts, ...end };
}

/** What readGeoJSONText makes of the bytes, decoded as the dataset worker decoded them. */
const whole = (bytes: Uint8Array, options: { name: string; places?: Place[] }) =>
  readGeoJSONText(decode(bytes), options);

/** The features whose incidents loaded, with their index: the collection's not skipped, or the single Feature. */
function loadedFeatures(bytes: Uint8Array, report: DatasetReport): [number, unknown][] {
  const root = JSON.parse(decode(bytes).replace(/^\uFEFF/, '')) as { type: string; features: unknown[] };
  const skipped = new Set(report.problems.filter((p) => p.skipped && p.index >= 0).map((p) => p.index));
  const features = root.type === 'FeatureCollection' ? root.features : [root];
  return features.map((f, i): [number, unknown] => [i, f]).filter(([i]) => !skipped.has(i));
}

/** The stream's reading equals the whole text's, and each span holds its feature and reads back to its incident. */
function expectSameAsWhole(bytes: Uint8Array, cuts: readonly number[], options: { name: string; places?: Place[] }) {
  const expected = whole(bytes, options);
  const got = streamed(bytes, cuts, options);
  expect(got.problems).toEqual(expected.problems);
  expect(got.incidents).toEqual(expected.dataset.incidents);
  expect(got.name).toBe(expected.dataset.name);
  expect(got.attribution).toBe(expected.dataset.attribution);
  if (got.incidents.length === 0) return got;
  const features = loadedFeatures(bytes, expected);
  expect(features.length).toBe(got.incidents.length);
  const ids = new Set(got.incidents.map((incident) => incident.id));
  got.incidents.forEach((incident, k) => {
    const { start, length } = got.spans[k];
    const text = bytes.subarray(start, start + length);
    expect([text[0], text[length - 1]]).toEqual([0x7b, 0x7d]); // { ... }, nothing around them
    const [index, feature] = features[k];
    expect(got.indexes[k]).toBe(index);
    expect(JSON.stringify(JSON.parse(decode(text)))).toBe(JSON.stringify(feature));
    const back = readGeoJSONSpanAt(text, { name: options.name, places: options.places, index, id: incident.id, ids });
    expect(back).toEqual(incident);
  });
  return got;
}

/** Cut points: a few anywhere, or (for small files) after every byte. */
const cutsFor = (length: number) =>
  fc.oneof(
    { arbitrary: fc.array(fc.nat(), { maxLength: 8 }), weight: 4 },
    fc.constant(Array.from({ length: Math.min(length, 4096) }, (_, i) => i)),
  );

describe('GeoJSONStream reads as readGeoJSONText reads', () => {
  test('the fixtures: check-geojson good and bad, ours, the fuzz corpus, the embedded dataset', () => {
    expect(FIXTURES.length).toBeGreaterThan(60);
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES).chain((fixture) => fc.tuple(fc.constant(fixture), cutsFor(fixture.bytes.length))),
        ([fixture, cuts]) => {
          expectSameAsWhole(fixture.bytes, cuts, { name: fixture.name });
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);

  test('every fixture once, a byte at a time', () => {
    for (const fixture of FIXTURES) {
      const cuts = Array.from({ length: fixture.bytes.length }, (_, i) => i);
      expectSameAsWhole(fixture.bytes, cuts, { name: fixture.name });
    }
  }, 120_000);

  test('the fixtures with a date on every feature, so that their features load', () => {
    const datedFixtures = FIXTURES.flatMap(({ name, bytes }) => {
      const text = dated(bytes);
      return text ? [{ name, bytes: text }] : [];
    });
    const loads = datedFixtures.filter((f) => whole(f.bytes, f).dataset.incidents.length > 0);
    expect(loads.length).toBeGreaterThanOrEqual(15);
    fc.assert(
      fc.property(
        fc.constantFrom(...datedFixtures).chain((f) => fc.tuple(fc.constant(f), cutsFor(f.bytes.length))),
        ([fixture, cuts]) => {
          expectSameAsWhole(fixture.bytes, cuts, { name: fixture.name });
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  test('our schema with its places: places named, unknown ones reported', () => {
    const incidents = FIXTURES.find((f) => f.name === 'incidents.geojson') as (typeof FIXTURES)[number];
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        const got = expectSameAsWhole(incidents.bytes, cuts, { name: 'incidents.geojson', places: PLACES });
        expect(got.incidents.length).toBe(13);
        expect(got.incidents.some((incident) => incident.place !== undefined)).toBe(true);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  test('generated collections: any text, any layout, byte-order marks, the type after the features', () => {
    const laidOut = fc
      .record({
        value: fc.oneof(
          randomFeatureCollection.map((text) => JSON.parse(text) as Record<string, JsonValue>),
          fc
            .array(randomFeature, { maxLength: 10 })
            .map((features) => ({ features, type: 'FeatureCollection', attribution: 'Ünïcødé 𝔘 “ok”' })),
        ),
        indent: fc.constantFrom(0, 1, 2, '\t'),
        crlf: fc.boolean(),
        boms: fc.integer({ min: 0, max: 3 }),
        around: fc.constantFrom('', ' ', '\n', '\r\n\t '),
      })
      .map(({ value, indent, crlf, boms, around }) => {
        let text = JSON.stringify(value, null, indent);
        if (crlf) text = text.replace(/\n/g, '\r\n');
        return utf8.encode(`${'\uFEFF'.repeat(boms)}${around}${text}${around}`);
      });
    fc.assert(
      fc.property(laidOut, fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        expectSameAsWhole(bytes, cuts, { name: 'generated.geojson' });
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  test('duplicate ids are renamed and related ids checked across the whole file', () => {
    const feature = (id: string, date: string, related?: string[]) => ({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [69, 33] },
      properties: { title: id, date, related, sources: [{ title: 's', publisher: 'p' }] },
    });
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        feature('a', '2024-12-05', ['z', 'a-2', 'nowhere']),
        feature('a', '2024-12-01'),
        feature('b', '2024-11-30', ['a']),
        feature('a-2', '2024-12-24'),
        feature('z', '2024-12-02'),
      ],
    });
    const got = expectSameAsWhole(utf8.encode(text), [100, 300], { name: 'ids.geojson' });
    expect(got.incidents.map((i) => i.id)).toEqual(['a', 'a-2', 'b', 'a-2-2', 'z']);
    expect(got.incidents[0].related).toEqual(['z', 'a-2']);
    expect(
      got.problems.filter((p) => p.field === 'id' || p.field === 'related').map((p) => [p.index, p.field]),
    ).toEqual([
      [0, 'related'],
      [1, 'id'],
      [3, 'id'],
    ]);
  });
});

describe('readGeoJSONSpanAt', () => {
  test('bytes that no longer read as a feature that loads (the file changed) give null', () => {
    const feature = {
      type: 'Feature',
      id: 'a',
      geometry: { type: 'Point', coordinates: [69, 33] },
      properties: { title: 'A', date: '2024-12-24' },
    };
    const bytes = utf8.encode(JSON.stringify(feature));
    expect(readGeoJSONSpanAt(bytes, { name: 'x', index: 0 })?.id).toBe('a');
    expect(readGeoJSONSpanAt(bytes.subarray(0, 40), { name: 'x', index: 0 })).toBeNull();
    const undated = { ...feature, properties: { title: 'A' } };
    expect(readGeoJSONSpanAt(utf8.encode(JSON.stringify(undated)), { name: 'x', index: 0 })).toBeNull();
  });
});

describe('GeoJSONStream passes incidents on as it reads', () => {
  test('each incident goes on once its feature has been read, before the file ends', () => {
    const bytes = FIXTURES.find((f) => f.name === 'incidents.geojson')?.bytes as Uint8Array;
    const seen: number[] = [];
    const stream = new GeoJSONStream({
      name: 'x',
      onIncident: (_incident, span) => seen.push(span.start + span.length),
      onRestart: () => {
        throw new Error('no restart expected');
      },
    });
    let pushed = 0;
    for (let at = 0; at < bytes.length; at += 500) {
      stream.push(bytes.subarray(at, at + 500));
      pushed = Math.min(bytes.length, at + 500);
      // Every feature whose text has been pushed whole has been passed on (one with related ids too).
      expect(seen.every((end) => end <= pushed)).toBe(true);
      expect(seen.length).toBe(whole13Ends.filter((end) => end <= pushed).length);
    }
    stream.end();
    expect(seen.length).toBe(13);
  });
});

/** Where each feature of the embedded dataset ends, in bytes (its closing brace, plus one). */
const whole13Ends = (() => {
  const bytes = FIXTURES.find((f) => f.name === 'incidents.geojson')?.bytes as Uint8Array;
  const text = decode(bytes);
  const ends: number[] = [];
  // Pretty-printed with one space: a feature closes with "\n  }" (searched from the features on, as the story before
  // them nests objects at the same depth).
  for (let at = text.indexOf('\n  }', text.indexOf('"features"')); at >= 0; at = text.indexOf('\n  }', at + 1)) {
    ends.push(utf8.encode(text.slice(0, at + 4)).length);
  }
  return ends;
})();

describe('a top level that is not a plain FeatureCollection', () => {
  const point = { type: 'Point', coordinates: [69.2, 34.5] };
  const props = (title: string) => ({ title, date: '2024-12-24' });
  const f = (id: string) => ({ type: 'Feature', id, geometry: point, properties: props(id) });

  test('the type after the features: a collection all the same, read as it comes', () => {
    const text = `{"features":[${JSON.stringify(f('a'))},${JSON.stringify(f('b'))}],"name":"Late","type":"FeatureCollection"}`;
    const got = expectSameAsWhole(utf8.encode(text), [40], { name: 'late.geojson' });
    expect(got.incidents.map((i) => i.id)).toEqual(['a', 'b']);
    expect(got.restarts).toBe(0);
  });

  test('a later type that is not a collection: the features passed on are taken back', () => {
    const text = `{"features":[${JSON.stringify(f('a'))}],"type":"Topology"}`;
    const got = expectSameAsWhole(utf8.encode(text), [30], { name: 'topology.json' });
    expect(got.restarts).toBe(1);
    expect(got.problems[0].message).toMatch(/^"Topology" is not a GeoJSON type/);
  });

  test('"features" given twice: the last list is read, as JSON.parse keeps the last', () => {
    const text = `{"type":"FeatureCollection","features":[${JSON.stringify(f('first'))}],"features":[${JSON.stringify(f('second'))}]}`;
    const got = expectSameAsWhole(utf8.encode(text), [10, 90], { name: 'twice.geojson' });
    expect(got.incidents.map((i) => i.id)).toEqual(['second']);
  });

  test('a single Feature, with a features member of its own (read whole, as readGeoJSONText reads it)', () => {
    const single = { ...f('one'), features: [f('inner')] };
    const got = expectSameAsWhole(utf8.encode(JSON.stringify(single)), [17], { name: 'single.geojson' });
    expect(got.incidents).toEqual([]);
    expect(got.restarts).toBe(1);
    const plain = expectSameAsWhole(utf8.encode(JSON.stringify(f('one'))), [3], { name: 'single.geojson' });
    expect(plain.incidents.map((i) => i.id)).toEqual(['one']);
  });
});

describe('files too long to be read whole (over 15 MB)', () => {
  // White space past 15,000,006 bytes (5 million characters) makes readGeoJSONText leave out its
  // whole-file checks too, so the two must still agree; the stream then never keeps the text.
  const pad = ' '.repeat(15_000_100);
  const point = { type: 'Point', coordinates: [69.2, 34.5] };
  const f = (id: string) => ({ type: 'Feature', id, geometry: point, properties: { title: id, date: '2024-12-24' } });

  test('a bare geometry, a foreign type, a list, a single Feature: as readGeoJSONText says', () => {
    for (const value of [
      point,
      { type: 'Topology', features: [f('a')], objects: {} },
      [f('a')],
      f('single'),
      { type: 'FeatureCollection', features: [f('a'), f('b')], bbox: [1, 2, 3] },
    ]) {
      const bytes = utf8.encode(JSON.stringify(value) + pad);
      const expected = whole(bytes, { name: 'big.geojson' });
      const got = streamed(bytes, [7, 9_000_000], { name: 'big.geojson' });
      expect(got.problems).toEqual(expected.problems);
      expect(got.incidents).toEqual(expected.dataset.incidents);
    }
  }, 60_000);

  test('"features" given twice: refused with a message, as the file is not read twice', () => {
    const text = `{"type":"FeatureCollection","features":[${JSON.stringify(f('first'))}],"features":[]}`;
    const got = streamed(utf8.encode(text + pad), [], { name: 'big.geojson' });
    expect(got.incidents).toEqual([]);
    expect(got.restarts).toBe(1);
    expect(got.problems).toEqual([
      {
        index: -1,
        field: 'features',
        message:
          'is given 2 times, and JSON keeps only the last; a file this large is read once, so which is meant cannot be told: keep one "features" list',
        skipped: true,
        text: JSON.stringify({ key: 'data.file.featuresTwice', values: { count: 2 } }),
      },
    ]);
  }, 60_000);
});
