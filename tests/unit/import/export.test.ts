import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ATLAS_CSV_COLUMNS, protectCell, toAtlasCSV, toAtlasGeoJSON } from '../../../src/data/export/export';
import { readGeoJSONText } from '../../../src/data/import/geojson';
import { sniffFormat } from '../../../src/data/import/sniff';
import { unprotectCell } from '../../../src/data/import/table/cells';
import { detectLayout } from '../../../src/data/import/table/detect-layout';
import { rowsToDataset } from '../../../src/data/import/table/tabular';
import { readDataset, readIncidents } from '../../../src/data/import/validate';
import { type Incident, LOCATION_PRECISIONS } from '../../../src/data/types';
import { parseTable } from './helpers';

const incidentsJson = JSON.parse(readFileSync(new URL('../../../geojson/incidents.geojson', import.meta.url), 'utf8'));
const placesJson = JSON.parse(readFileSync(new URL('../../../geojson/places.geojson', import.meta.url), 'utf8'));
// Export writes the incidents, name and attribution; a story (docs/story.md) stays with the file it came in.
const { story: _story, ...embedded } = readDataset(incidentsJson, placesJson).dataset;

/** Reads our CSV back as the app would: sniff, papaparse, detectLayout, rowsToDataset. */
function readCsv(csv: string, name = 'export.csv') {
  expect(sniffFormat(name, csv.slice(0, 4096), csv.length)).toEqual({ format: 'csv' });
  const { headers, rows, errors } = parseTable(csv);
  expect(errors).toEqual([]);
  const guess = detectLayout(headers);
  expect(guess.kind).toBe('atlas');
  return rowsToDataset(rows, guess, { name });
}

/** An incident without what CSV does not carry (the journey origin and the original shape). */
const withoutOrigin = ({ origin: _origin, shape: _shape, ...rest }: Incident) => rest;

describe('toAtlasGeoJSON', () => {
  test('the embedded dataset round-trips exactly through readDataset', () => {
    const exported = toAtlasGeoJSON(embedded.incidents, { name: embedded.name, attribution: embedded.attribution });
    const back = readDataset(JSON.parse(JSON.stringify(exported)), placesJson);
    expect(back.problems).toEqual([]);
    expect(back.dataset).toEqual(embedded);
  });

  test('writes the schema: id, Point, snake_case properties, name and attribution on the collection', () => {
    const exported = toAtlasGeoJSON(embedded.incidents.slice(0, 1), { name: 'N', attribution: 'A' });
    expect(exported).toMatchObject({ type: 'FeatureCollection', name: 'N', attribution: 'A' });
    const [feature] = exported.features;
    expect(feature.id).toBe(embedded.incidents[0].id);
    expect(feature.geometry.type).toBe('Point');
    expect(Object.keys(feature.properties ?? {})).toEqual(
      expect.arrayContaining(['title', 'summary', 'date', 'category', 'location_precision', 'actors', 'sources']),
    );
  });

  test('a polygon incident is written as its point, without the shape', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'area',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
                [0, 0],
              ],
            ],
          },
          properties: { title: 'Area', date: '2024-12-01' },
        },
      ],
    });
    const [incident] = readGeoJSONText(text, { name: 'x' }).dataset.incidents;
    const exported = toAtlasGeoJSON([incident], { name: 'x' });
    expect(exported.features[0].geometry).toEqual({ type: 'Point', coordinates: incident.coordinates });
    expect(JSON.stringify(exported)).not.toContain('shape');
  });
});

describe('toAtlasCSV', () => {
  test('has the documented columns', () => {
    const csv = toAtlasCSV(embedded.incidents, { name: embedded.name });
    expect(csv.split('\r\n')[0]).toBe(ATLAS_CSV_COLUMNS.join(','));
    expect(ATLAS_CSV_COLUMNS).toEqual([
      'id',
      'title',
      'summary',
      'date',
      'order',
      'category',
      'place',
      'country',
      'location_precision',
      'latitude',
      'longitude',
      'actors',
      'fatalities',
      'related',
      'sources_json',
      'claims_json',
      'date_source',
      'place_source',
      'translations_json',
      'dataset',
      'attribution',
    ]);
  });

  test('the embedded dataset round-trips through detectLayout and rowsToDataset', () => {
    const csv = toAtlasCSV(embedded.incidents, { name: embedded.name, attribution: embedded.attribution });
    const back = readCsv(csv);
    expect(back.problems).toEqual([]);
    expect(back.dataset.name).toBe(embedded.name);
    expect(back.dataset.attribution).toBe(embedded.attribution);
    expect(back.dataset.incidents).toEqual(embedded.incidents.map(withoutOrigin));
  });

  test('formula-like text gets a leading quote; numbers and dates do not', () => {
    const [base] = embedded.incidents;
    const incident: Incident = {
      ...base,
      title: '=HYPERLINK("http://evil.example","click")',
      summary: '+1 more',
      actors: ['@someone', 'Plain'],
      category: '-x',
      coordinates: [-70.25, -33.5],
      fatalities: 0,
    };
    const csv = toAtlasCSV([incident], { name: '=name' });
    const { rows } = parseTable(csv);
    expect(rows[0]).toMatchObject({
      title: `'=HYPERLINK("http://evil.example","click")`,
      summary: "'+1 more",
      actors: "'@someone; Plain",
      category: "'-x",
      latitude: '-33.5',
      longitude: '-70.25',
      fatalities: '0',
      dataset: "'=name",
    });
    expect(readCsv(csv).dataset.incidents[0]).toMatchObject({
      title: incident.title,
      summary: incident.summary,
      actors: incident.actors,
      category: incident.category,
    });
  });

  test.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ["'=1", "''=1"],
    ["'plain", "'plain"],
    ['plain', 'plain'],
    ['', ''],
  ])('protectCell(%j) is %j and reads back', (text, protectedText) => {
    expect(protectCell(text)).toBe(protectedText);
    expect(unprotectCell(protectCell(text))).toBe(text);
  });
});

// ---- property: any incidents survive both exports ------------------------------

const tricky = fc.constantFrom(
  'a',
  'Z',
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
  ';',
  'é',
  'ش',
  '中',
  '🙂',
  '\u200b',
  '<',
  '{',
  '[',
);
const text = fc.oneof(
  fc.string({ unit: tricky, maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('=cmd|"/c calc"!A1', "'=already quoted", '-', '@', '"quoted, with comma"', 'line\nbreak'),
);
const nonBlank = text.filter((s) => s.trim() !== '');
const trimmedNoSemicolon = text.map((s) => s.replace(/;/g, ',').trim()).filter((s) => s !== '');
const coordinate = (max: number) => fc.double({ min: -max, max, noNaN: true }).map((v) => (v === 0 ? 0 : v));
const featureArb = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,12}$/),
  title: nonBlank,
  summary: text,
  date: fc.constantFrom(
    '2024-12-24',
    '2024-09',
    '2024-12-21~',
    '2024-12-16/2024-12-22',
    '2024-12-24/..',
    '1990',
    '2024-12-2X',
  ),
  order: fc.option(fc.integer({ min: -5, max: 50 }), { nil: undefined }),
  category: nonBlank.map((s) => s.trim()),
  place: fc.option(nonBlank, { nil: undefined }),
  location_precision: fc.constantFrom(...LOCATION_PRECISIONS),
  actors: fc.array(trimmedNoSemicolon, { maxLength: 3 }),
  fatalities: fc.option(fc.oneof(fc.nat(1000), fc.double({ min: 0, max: 1e6, noNaN: true })), { nil: undefined }),
  sources: fc.array(
    fc.record(
      {
        title: nonBlank,
        publisher: nonBlank,
        author: nonBlank,
        url: fc.webUrl(),
        published: fc.constantFrom('2024-12-25'),
      },
      { requiredKeys: ['title', 'publisher'] },
    ),
    { minLength: 1, maxLength: 2 },
  ),
  lon: coordinate(180),
  lat: coordinate(90),
});

const incidentsArb = fc
  .uniqueArray(featureArb, { selector: (f) => f.id, minLength: 1, maxLength: 6 })
  .chain((features) =>
    fc.tuple(
      fc.constant(features),
      fc.array(fc.subarray(features.map((f) => f.id)), { minLength: features.length, maxLength: features.length }),
    ),
  )
  .map(([features, related]) => {
    const collection = {
      type: 'FeatureCollection',
      features: features.map(({ id, lon, lat, order, place, fatalities, ...props }, i) => ({
        type: 'Feature',
        id,
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: {
          ...props,
          related: related[i],
          ...(order === undefined ? {} : { order }),
          ...(place === undefined ? {} : { place }),
          ...(fatalities === undefined ? {} : { fatalities }),
        },
      })),
    };
    const read = readIncidents(collection);
    expect(read.problems).toEqual([]);
    return read.incidents;
  });
const metaArb = fc.record({
  name: nonBlank.map((s) => s.trim()),
  attribution: fc.option(
    nonBlank.map((s) => s.trim()),
    { nil: undefined },
  ),
});

describe('export round trips (property)', () => {
  test('GeoJSON: readDataset gives back the same incidents, name and attribution', () => {
    fc.assert(
      fc.property(incidentsArb, metaArb, (incidents, meta) => {
        const back = readDataset(JSON.parse(JSON.stringify(toAtlasGeoJSON(incidents, meta))));
        expect(back.problems).toEqual([]);
        expect(back.dataset.incidents).toEqual(incidents);
        expect(back.dataset.name).toBe(meta.name);
        expect(back.dataset.attribution).toBe(meta.attribution);
      }),
      { numRuns: 150 },
    );
  });

  test('CSV: the atlas layout gives back the same incidents, name and attribution', () => {
    fc.assert(
      fc.property(incidentsArb, metaArb, (incidents, meta) => {
        const back = readCsv(toAtlasCSV(incidents, meta));
        expect(back.problems).toEqual([]);
        expect(back.dataset.incidents).toEqual(incidents);
        expect(back.dataset.name).toBe(meta.name);
        expect(back.dataset.attribution).toBe(meta.attribution);
      }),
      { numRuns: 150 },
    );
  });
});
