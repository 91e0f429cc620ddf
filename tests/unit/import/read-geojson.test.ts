import { readdirSync, readFileSync } from 'node:fs';
import { booleanPointInPolygon, booleanPointOnLine } from '@turf/turf';
import type { Geometry, Polygon, Position } from 'geojson';
import { describe, expect, test } from 'vitest';
import { readGeoJSONText } from '../../../src/data/import/geojson';
import { describeProblem, readDataset, readPlaces } from '../../../src/data/import/validate';
import { manifestJson } from '../bundle/fixture-manifest';
import { fixturePath, readFixture } from './helpers';

const files = (dir: string) =>
  readdirSync(fixturePath(dir))
    .filter((f) => f.endsWith('.geojson'))
    .sort();
const BAD = files('check-geojson-bad');
const GOOD = files('check-geojson-good');

/** The text with `date` added to every feature's properties (or a bare geometry wrapped in a dated Feature). */
function dated(text: string): string {
  const json = JSON.parse(text);
  const addDate = (feature: { properties?: unknown }) => {
    if (feature && typeof feature === 'object' && !Array.isArray(feature)) {
      const props = feature.properties;
      feature.properties = {
        ...(props && typeof props === 'object' && !Array.isArray(props) ? props : {}),
        date: '2024-12-24',
      };
    }
    return feature;
  };
  if (json?.type === 'FeatureCollection' && Array.isArray(json.features)) json.features.forEach(addDate);
  else if (json?.type === 'Feature') addDate(json);
  else return JSON.stringify({ type: 'Feature', geometry: json, properties: { date: '2024-12-24' } });
  return JSON.stringify(json);
}

/**
 * A bad fixture's fault as the reader must name it: the feature (-1: the file), the member,
 * whether it stops the feature (or file), a fragment of the message particular to that fault,
 * and how many incidents load once every feature has a date (null: dating rewrites what is at
 * fault, the text, the root object or the properties, or wraps it so the fault reads otherwise).
 */
type Fault = [name: string, index: number, field: string, skipped: boolean, message: RegExp, loadsDated: number | null];

// Every fixture of check-geojson's invalid set, each with the fault its name and content show.
const FAULTS: Fault[] = [
  ['bad-duplicate-properties.geojson', 0, 'feature', true, /Duplicate properties are ambiguous/, null],
  ['bad-featurelist.geojson', -1, 'coordinates', true, /expected to find an array of positions here \(at 5\)/, 0],
  ['bad-json.geojson', -1, 'file', true, /^is not valid JSON: .* at line 3, column 5/, null],
  ['bad-object-type.geojson', -1, 'type', true, /^is an object, not a GeoJSON type name/, null],
  [
    'bad-polygonloop.geojson',
    0,
    'geometry',
    true,
    /expected to find a position here, found another type \(at -80\.59869\), and 360 more like it/,
    0,
  ],
  ['bad-properties-as-array.geojson', 0, 'properties', true, /can be an object or null \(found a list/, null],
  ['badcoord.geojson', -1, 'coordinates', true, /each element in a position must be a number \(at "f"\)/, 0],
  ['badcoordtype.geojson', 0, 'geometry', true, /expected to find a position here, found another type \(at 1\)/, 0],
  ['badfeature-no-properties.geojson', 0, 'properties', true, /requires a properties member but it is missing/, null],
  ['badfeature.geojson', 0, 'feature', true, /^is null; expected a GeoJSON Feature object/, 0],
  ['badfeatureid.geojson', 0, 'id', true, /Feature id must be a string or number \(found an object\)/, 0],
  // Dated, a bare geometry becomes a Feature's geometry, and a bad bbox there stops the feature where a
  // Feature's own bad bbox does not: left out of the dated reads.
  ['bbox-4or6elements.geojson', -1, 'bbox', true, /a bbox must have 4 or 6 positions \(at \[1,2,3\]\)/, null],
  ['bbox-contains-string.geojson', -1, 'bbox', true, /each element in a bbox must be a number \(at "4"\)/, null],
  ['bbox-string.geojson', -1, 'bbox', true, /this must be an array \(at "string"\)/, null],
  [
    'different-first-last.geojson',
    -1,
    'coordinates',
    true,
    /first and last positions of a Polygon or MultiPolygon’s ring should be the same \(at \[100,0\]\)/,
    0,
  ],
  [
    'different-first-size.geojson',
    -1,
    'coordinates',
    true,
    /first and last positions of a Polygon or MultiPolygon’s ring should be the same \(at \[100,0\]\)/,
    0,
  ],
  ['expected_object.geojson', 0, 'properties', true, /can be an object or null \(found the number 123\)/, null],
  ['false.geojson', -1, 'geometries', true, /expected an object, but found an incorrect type \(at false\)/, 0],
  [
    'feature_changed_semantics.geojson',
    0,
    'features',
    true,
    /Feature objects cannot contain a member named features/,
    0,
  ],
  ['featurecollection-obj.geojson', -1, 'features', true, /^is an object; expected a list of Features/, null],
  [
    'featurecollection-type-case.geojson',
    -1,
    'type',
    true,
    /^"featurecollection" is not a GeoJSON type \(type names are case-sensitive; "FeatureCollection" is\)/,
    null,
  ],
  ['featurecollection.geojson', -1, 'features', true, /^is missing; a FeatureCollection needs a "features" list/, null],
  // Members a FeatureCollection must not have do not stop its features: warnings, and with dates all three load.
  [
    'featurecollection_changed_semantics.geojson',
    -1,
    'properties',
    false,
    /^breaks a GeoJSON rule, ignored: FeatureCollection objects cannot contain a member named properties/,
    3,
  ],
  [
    'featurecollection_changed_semantics.geojson',
    -1,
    'coordinates',
    false,
    /^breaks a GeoJSON rule, ignored: FeatureCollection objects cannot contain a member named coordinates/,
    3,
  ],
  [
    'geometry_changed_semantics.geojson',
    -1,
    'features',
    true,
    /geometry objects cannot contain a member named features/,
    0,
  ],
  [
    'geometry_changed_semantics.geojson',
    -1,
    'geometry',
    true,
    /geometry objects cannot contain a member named geometry/,
    0,
  ],
  [
    'geometry_changed_semantics.geojson',
    -1,
    'properties',
    true,
    /geometry objects cannot contain a member named properties/,
    0,
  ],
  [
    'geometrycollection_nested.geojson',
    -1,
    'geometries',
    true,
    /this type of GeoJSON object is not allowed here \(a "GeometryCollection" object\)/,
    0,
  ],
  ['multiple_problems.geojson', 0, 'geometry', true, /position must be a number \(at "39\.36827914916011"\)/, 1],
  ['multiple_problems.geojson', 0, 'id', true, /Feature id must be a string or number \(found an object\)/, 1],
  ['multiple_problems.geojson', 2, 'type', true, /not allowed here \(found the string "Foo"\)/, 1],
  ['multiple_problems.geojson', 3, 'type', true, /not allowed here \(found the string "Foo"\)/, 1],
  ['multipoint-multidimension.geojson', -1, 'coordinates', true, /position must be a number \(at \[0,0\]\)/, 0],
  ['multipoint-nocoordinates.geojson', -1, 'coordinates', true, /requires a coordinates member but it is missing/, 0],
  [
    'multipoint-nondimension.geojson',
    -1,
    'coordinates',
    true,
    /expected to find a position here, found another type \(at 0\)/,
    0,
  ],
  ['nofeaturetype.geojson', 0, 'type', true, /not allowed here \(found the string "Featre"\)/, 0],
  ['notype.geojson', -1, 'type', true, /^is missing: this JSON object is not GeoJSON/, null],
  [
    'point-labeled-as-a-multipolygon.geojson',
    0,
    'geometry',
    true,
    /expected to find an array of positions here \(at -0\.087890625\)/,
    0,
  ],
  ['point-string.geojson', -1, 'coordinates', true, /position must be a number \(at "foo"\)/, 0],
  ['point-toofew.geojson', -1, 'coordinates', true, /2 or 3 elements - found 1 \(at \[2\]\)/, 0],
  // A fourth number is only a warning: dated, the point loads.
  [
    'point-toomany.geojson',
    -1,
    'coordinates',
    true,
    /breaks a GeoJSON rule, ignored: .*2 or 3 elements - found 4 \(at \[2,4,6,8\]\)/,
    1,
  ],
  ['point.geojson', -1, 'type', true, /^is "Point": the file is a bare geometry/, null],
  ['point.geojson', -1, 'coordinates', true, /requires a coordinates member but it is missing/, 0],
  ['rootstring.geojson', -1, 'file', true, /^holds null, not a GeoJSON object/, null],
  ['short-line.geojson', -1, 'coordinates', true, /two or more positions here \(at \[\[100,0\]\]\)/, 0],
  [
    'short-linearring.geojson',
    -1,
    'coordinates',
    true,
    /four or more positions here \(at \[\[100,0\],\[101,0\],\[101,1\]\]\)/,
    0,
  ],
  ['short-multilinestring.geojson', -1, 'coordinates', true, /two or more positions here \(at \[\[102,2\]\]\)/, 0],
  ['stringcoord.geojson', 0, 'geometry', true, /position must be a number \(at "39\.36827914916011"\)/, 1],
  ['unknowntype.geojson', -1, 'type', true, /^"FooBar" is not a GeoJSON type; /, null],
];

describe('check-geojson bad fixtures', () => {
  test('all 42 are here, each with its fault in the table', () => {
    expect(BAD).toHaveLength(42);
    expect([...new Set(FAULTS.map(([name]) => name))].sort()).toEqual(BAD);
  });

  test.each(BAD)('%s: problems said of a feature or the file, no incidents, no exception', (name) => {
    const report = readGeoJSONText(readFixture(`check-geojson-bad/${name}`), { name });
    expect(report.dataset.incidents).toEqual([]);
    expect(report.problems.length).toBeGreaterThan(0);
    for (const problem of report.problems) {
      expect(problem.message.length).toBeGreaterThan(10);
      expect(describeProblem(problem)).toMatch(/^(file|feature \d+)/);
    }
  });

  test.each(FAULTS)('%s: feature %s, %s, says what is wrong', (name, index, field, skipped, message) => {
    const { problems } = readGeoJSONText(readFixture(`check-geojson-bad/${name}`), { name });
    const found = problems.filter((p) => p.index === index && p.field === field && p.skipped === skipped);
    expect(
      found.map((p) => p.message),
      JSON.stringify(problems, null, 1),
    ).toContainEqual(expect.stringMatching(message));
  });

  // With a date on every feature, a missing date cannot be why nothing loads: the fault still must be.
  test.each(FAULTS.filter(([, , , , , loads]) => loads !== null))(
    '%s, dated: the fault (feature %s, %s) is still said and stops what it should',
    (name, _index, _field, _skipped, message, loads) => {
      const report = readGeoJSONText(dated(readFixture(`check-geojson-bad/${name}`)), { name });
      expect(report.problems.filter((p) => p.field === 'date')).toEqual([]);
      expect(
        report.problems.map((p) => p.message),
        JSON.stringify(report.problems, null, 1),
      ).toContainEqual(expect.stringMatching(message));
      expect(report.dataset.incidents).toHaveLength(loads as number);
    },
  );

  test('the structurally good features of a broken collection still load once they have dates', () => {
    for (const name of ['stringcoord.geojson', 'multiple_problems.geojson']) {
      const report = readGeoJSONText(dated(readFixture(`check-geojson-bad/${name}`)), { name });
      expect(report.dataset.incidents.map((i) => [i.id, i.coordinates])).toEqual([
        ['feature-1', [20.390625, 41.508577]],
      ]);
      expect(report.problems.some((p) => p.index === 0 && p.skipped)).toBe(true);
    }
  });

  test('faults that do not stop a feature are warnings: a bbox, a fourth number in a position', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          bbox: [1, 2, 3],
          geometry: { type: 'Point', coordinates: [69.2, 34.5, 1800, 7] },
          properties: { date: '2024-12-24', title: 'Odd but usable' },
        },
      ],
    });
    const report = readGeoJSONText(text, { name: 'x' });
    expect(report.dataset.incidents.map((i) => i.title)).toEqual(['Odd but usable']);
    expect(report.problems.map((p) => [p.field, p.skipped])).toEqual([
      ['bbox', false],
      ['geometry', false],
    ]);
  });
});

/** Whether `point` is one of the points, on one of the lines or in one of the areas of `geometry`. */
function onShape(point: Position, geometry: Geometry): boolean {
  const same = (p: Position) => p[0] === point[0] && p[1] === point[1];
  switch (geometry.type) {
    case 'Point':
      return same(geometry.coordinates);
    case 'MultiPoint':
      return geometry.coordinates.some(same);
    case 'LineString':
      return booleanPointOnLine(point, geometry);
    case 'MultiLineString':
      return geometry.coordinates.some((line) => booleanPointOnLine(point, { type: 'LineString', coordinates: line }));
    case 'Polygon':
    case 'MultiPolygon':
      return booleanPointInPolygon(point, geometry);
    case 'GeometryCollection':
      return geometry.geometries.some((part) => onShape(point, part));
  }
}

describe('check-geojson good fixtures', () => {
  test('all 17 are here', () => {
    expect(GOOD).toHaveLength(17);
  });

  test.each(GOOD)('%s: no structural problem', (name) => {
    const { problems } = readGeoJSONText(readFixture(`check-geojson-good/${name}`), { name });
    expect(problems.filter((p) => /GeoJSON/.test(p.message) && !/bare geometry/.test(p.message))).toEqual([]);
  });

  test('as they are, they have no dates: each feature is skipped saying so, bare geometries are file problems', () => {
    const feature = readGeoJSONText(readFixture('check-geojson-good/good-featurecollection.geojson'), { name: 'x' });
    expect(feature.problems.map((p) => [p.index, p.field, p.skipped])).toEqual([
      [0, 'date', true],
      [1, 'date', true],
      [2, 'date', true],
    ]);
    expect(feature.problems[0].message).toMatch(/^missing; expected a "date" property/);
    const bare = readGeoJSONText(readFixture('check-geojson-good/good-linestring.geojson'), { name: 'x' });
    expect(bare.problems).toMatchObject([
      { index: -1, field: 'type', skipped: true, message: expect.stringMatching(/^is "LineString": .*bare geometry/) },
    ]);
  });

  test.each(GOOD.filter((n) => n !== 'nullgeometry.geojson'))(
    '%s with a date: every feature loads at a point on its geometry, a shape kept as it was',
    (name) => {
      const text = readFixture(`check-geojson-good/${name}`);
      const json = JSON.parse(text);
      const geometries: Geometry[] =
        json.type === 'FeatureCollection'
          ? json.features.map((f: { geometry: Geometry }) => f.geometry)
          : [json.type === 'Feature' ? json.geometry : json];
      const report = readGeoJSONText(dated(text), { name });
      expect(report.problems).toEqual([]);
      expect(report.dataset.incidents).toHaveLength(geometries.length);
      report.dataset.incidents.forEach((incident, k) => {
        const geometry = geometries[k];
        if (geometry.type === 'Point') {
          expect(incident.coordinates).toEqual(geometry.coordinates.slice(0, 2));
          expect(incident.shape).toBeUndefined();
        } else {
          expect(incident.shape).toEqual(geometry);
          expect(onShape(incident.coordinates, geometry), `${JSON.stringify(incident.coordinates)} on ${name}`).toBe(
            true,
          );
        }
      });
    },
  );

  // The point is the middle of the shape's bounds when that lies on the shape, else the shape's vertex nearest to
  // it; a GeometryCollection's is always that vertex (here the middle, 67 33, is inside its polygon all the same).
  test.each<[string, Geometry, Position]>([
    [
      'MultiPoint',
      {
        type: 'MultiPoint',
        coordinates: [
          [60, 30],
          [70, 35],
          [75, 36],
        ],
      },
      [70, 35],
    ],
    [
      'MultiLineString',
      {
        type: 'MultiLineString',
        coordinates: [
          [
            [60, 30],
            [62, 30],
          ],
          [
            [70, 40],
            [70, 44],
          ],
        ],
      },
      [70, 40],
    ],
    [
      'MultiPolygon',
      {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [60, 30],
              [61, 30],
              [61, 31],
              [60, 31],
              [60, 30],
            ],
          ],
          [
            [
              [64, 28],
              [74, 28],
              [74, 36],
              [64, 36],
              [64, 28],
            ],
          ],
        ],
      },
      [67, 32],
    ],
    [
      'GeometryCollection',
      {
        type: 'GeometryCollection',
        geometries: [
          {
            type: 'LineString',
            coordinates: [
              [60, 30],
              [62, 30],
            ],
          },
          {
            type: 'Polygon',
            coordinates: [
              [
                [66, 31],
                [74, 31],
                [74, 36],
                [66, 36],
                [66, 31],
              ],
            ],
          },
        ],
      },
      [66, 31],
    ],
  ])(
    'a %s becomes one incident at a point on one of its parts, the whole kept as its shape',
    (_type, geometry, point) => {
      const text = JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', geometry, properties: { date: '2024-12-24', title: 'Spread out' } }],
      });
      const report = readGeoJSONText(text, { name: 'x' });
      expect(report.problems).toEqual([]);
      expect(report.dataset.incidents).toHaveLength(1);
      const [incident] = report.dataset.incidents;
      expect(incident.coordinates).toEqual(point);
      expect(onShape(point, geometry)).toBe(true);
      expect(incident.shape).toEqual(geometry);
    },
  );

  test('the multi-geometries of check-geojson load at the point that is on them', () => {
    const at = (name: string) =>
      readGeoJSONText(dated(readFixture(`check-geojson-good/${name}`)), { name }).dataset.incidents.map(
        (i) => i.coordinates,
      );
    // Its only point.
    expect(at('good-multipoint.geojson')).toEqual([[100, 0]]);
    // The middle of the bounds, (101, 0.5), is on neither part; the line's start, (101, 0), is nearest.
    expect(at('good-geometrycollection.geojson')).toEqual([[101, 0]]);
  });

  test('a LineString becomes one incident at a point on the line, the line kept as its shape', () => {
    const line = JSON.parse(readFixture('check-geojson-good/good-linestring.geojson'));
    const report = readGeoJSONText(dated(JSON.stringify(line)), { name: 'line' });
    expect(report.dataset.incidents).toHaveLength(1);
    expect(report.dataset.incidents[0].shape).toEqual(line);
    expect(booleanPointOnLine(report.dataset.incidents[0].coordinates, line)).toBe(true);
  });

  test('ids: numbers as strings, strings as they are, missing ones by index', () => {
    const withId = readGeoJSONText(dated(readFixture('check-geojson-good/good-feature-with-id.geojson')), {
      name: 'x',
    });
    expect(withId.dataset.incidents.map((i) => i.id)).toEqual(['100']);
    const named = readGeoJSONText(dated(readFixture('check-geojson-good/good-feature-with-string-id.geojson')), {
      name: 'x',
    });
    expect(named.dataset.incidents.map((i) => i.id)).toEqual(['myfeature']);
    const none = readGeoJSONText(dated(readFixture('check-geojson-good/good-featurecollection.geojson')), {
      name: 'x',
    });
    expect(none.dataset.incidents.map((i) => i.id)).toEqual(['feature-0', 'feature-1', 'feature-2']);
  });

  test('a null geometry is skipped: an incident needs a place', () => {
    const report = readGeoJSONText(dated(readFixture('check-geojson-good/nullgeometry.geojson')), { name: 'x' });
    expect(report.dataset.incidents).toEqual([]);
    expect(report.problems).toMatchObject([{ index: 0, field: 'geometry', skipped: true }]);
  });
});

describe('text that is not JSON', () => {
  test.each([
    ['empty', '', /^is empty/],
    ['only white space', ' \n\t ', /^is empty/],
    ['a BOM only', '\uFEFF', /^is empty/],
    ['truncated', '{"type": "FeatureCollection", "features": [{"type": "Feature"', /cut short/],
    ['not JSON at all', 'date,lat,lon\n2024-12-01,1,2', /^is not valid JSON/],
    [
      'a syntax error',
      '{\n  "type": "FeatureCollection",\n  "features": [,]\n}',
      /^is not valid JSON: .*line 3, column 16/,
    ],
    ['a JSON array', '[]', /holds a list/],
    ['a JSON string', '"hello"', /holds the string "hello"/],
    ['a number', '42', /holds the number 42/],
  ])('%s: one file-level problem saying where', (_name, text, message) => {
    const report = readGeoJSONText(text, { name: 'x.geojson' });
    expect(report.dataset.incidents).toEqual([]);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ index: -1, skipped: true, message: expect.stringMatching(message) });
  });

  test('a BOM before valid JSON is fine', () => {
    const text = `\uFEFF${JSON.stringify({ type: 'FeatureCollection', features: [] })}`;
    expect(readGeoJSONText(text, { name: 'x' }).problems).toEqual([]);
  });
});

describe('FeatureCollections that are not in our schema', () => {
  const feature = (
    properties: Record<string, unknown>,
    geometry: unknown = { type: 'Point', coordinates: [69.2, 34.5] },
    id?: unknown,
  ) => ({
    type: 'Feature',
    ...(id === undefined ? {} : { id }),
    geometry,
    properties,
  });
  const read = (features: unknown[]) =>
    readGeoJSONText(JSON.stringify({ type: 'FeatureCollection', features }), { name: 'feed.geojson' });

  test('date-like properties: date, event_date, date_start/date_end, time in ms, ISO date-times', () => {
    const report = read([
      feature({ date: '2024-12-05T10:00:00Z', name: 'ISO date-time' }),
      feature({ event_date: '05 December 2024', title: 'Event date' }),
      feature({ date_start: '2024-12-01', date_end: '2024-12-03', title: 'Start and end' }),
      feature({ time: 1733356800000, title: 'Epoch ms', type: 'earthquake', url: 'https://example.org/q' }),
      feature({ date: '2024-12', title: 'EDTF month', event_type: 'Battles' }),
    ]);
    expect(report.problems).toEqual([]);
    expect(report.dataset.incidents.map((i) => [i.id, i.title, i.date, i.category])).toEqual([
      ['feature-0', 'ISO date-time', '2024-12-05', 'other'],
      ['feature-1', 'Event date', '2024-12-05', 'other'],
      ['feature-2', 'Start and end', '2024-12-01/2024-12-03', 'other'],
      ['feature-3', 'Epoch ms', '2024-12-05', 'earthquake'],
      ['feature-4', 'EDTF month', '2024-12', 'Battles'],
    ]);
    expect(report.dataset.incidents[0]).toMatchObject({
      locationPrecision: 'exact',
      sources: [{ title: 'feed.geojson', publisher: 'imported file' }],
    });
    expect(report.dataset.incidents[3].sources).toEqual([
      { title: 'feed.geojson', publisher: 'imported file', url: 'https://example.org/q' },
    ]);
  });

  test('no title falls back to the name, then to the index', () => {
    const report = read([feature({ date: '2024-12-01' }), feature({ date: '2024-12-01', name: 'Named' })]);
    expect(report.dataset.incidents.map((i) => i.title)).toEqual(['Feature 0', 'Named']);
  });

  test('bad and missing dates are reported by feature and property', () => {
    const report = read([
      feature({ title: 'No date' }),
      feature({ title: 'Bad event date', event_date: '31/02/2024' }),
      feature({ title: 'Object date', date: { year: 2024 } }),
      feature({ title: 'Bad EDTF', date: '2024-13-45' }),
    ]);
    expect(report.dataset.incidents).toEqual([]);
    expect(report.problems.map((p) => [p.index, p.field, p.skipped])).toEqual([
      [0, 'date', true],
      [1, 'event_date', true],
      [2, 'date', true],
      [3, 'date', true],
    ]);
    expect(report.problems[1].message).toContain('"31/02/2024" is not a date');
    expect(report.problems[3].message).toContain('"2024-13-45" is not an EDTF date');
  });

  test('ids: a non-slug string is skipped as in our schema; numbers are strings; duplicates are renamed', () => {
    const report = read([
      feature({ date: '2024-12-01' }, undefined, 'has space'),
      feature({ date: '2024-12-01' }, undefined, 7),
      feature({ date: '2024-12-01' }, undefined, '7'),
      feature({ date: '2024-12-01' }, undefined, ''),
    ]);
    expect(report.dataset.incidents.map((i) => i.id)).toEqual(['7', '7-2', 'feature-3']);
    expect(report.problems.map((p) => [p.index, p.field, p.skipped])).toEqual([
      [0, 'id', true],
      [2, 'id', false],
    ]);
    expect(report.problems[0].message).toContain('"has space" is not a URL-safe slug');
  });

  test('polygons and multi-lines are placed at a point on them and keep their shape', () => {
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [68, 32],
          [69.5, 32],
          [69.5, 33.5],
          [68, 33.5],
          [68, 32],
        ],
      ],
    };
    const report = read([feature({ date: '2024-12-24', title: 'Area' }, square)]);
    const [incident] = report.dataset.incidents;
    expect(incident.shape).toEqual(square);
    expect(booleanPointInPolygon(incident.coordinates, square as Polygon)).toBe(true);
  });

  test('coordinates off the globe are still caught by the one validator', () => {
    const report = read([feature({ date: '2024-12-24', title: 'Off' }, { type: 'Point', coordinates: [200, 10] })]);
    expect(report.dataset.incidents).toEqual([]);
    expect(report.problems).toMatchObject([{ index: 0, field: 'geometry', skipped: true }]);
  });

  test('a __proto__ member loads as data without polluting anything', () => {
    const text =
      '{"type":"FeatureCollection","__proto__":{"polluted":"root"},"features":[{"type":"Feature","id":"h","__proto__":{"polluted":"feature"},"geometry":{"type":"Point","coordinates":[1,2]},"properties":{"__proto__":{"polluted":"props","title":"inherited"},"date":"2024-12-24","title":"Hostile"}}]}';
    const report = readGeoJSONText(text, { name: 'x' });
    expect(report.dataset.incidents.map((i) => i.title)).toEqual(['Hostile']);
    // biome-ignore lint/suspicious/noExplicitAny: checking for prototype pollution
    expect(({} as any).polluted).toBeUndefined();
    // biome-ignore lint/suspicious/noExplicitAny: checking the loaded objects too
    expect((report.dataset.incidents[0] as any).polluted).toBeUndefined();
  });
});

describe('our own schema', () => {
  const incidentsText = readFileSync(new URL('../../../geojson/incidents.geojson', import.meta.url), 'utf8');
  const placesJson = JSON.parse(readFileSync(new URL('../../../geojson/places.geojson', import.meta.url), 'utf8'));

  test('the embedded dataset reads exactly as readDataset reads it', () => {
    const expected = readDataset(JSON.parse(incidentsText), placesJson);
    const report = readGeoJSONText(incidentsText, { name: 'incidents.geojson', places: readPlaces(placesJson).places });
    expect(report.problems).toEqual(expected.problems);
    expect(report.dataset).toEqual(expected.dataset);
  });

  test('its field rules apply as before: a missing title or bad precision is reported', () => {
    const json = JSON.parse(incidentsText);
    delete json.features[0].properties.title;
    json.features[1].properties.location_precision = 'street';
    const report = readGeoJSONText(JSON.stringify(json), { name: 'x' });
    expect(report.problems.map((p) => [p.index, p.field, p.skipped])).toEqual(
      expect.arrayContaining([
        [0, 'title', true],
        [1, 'location_precision', false],
      ]),
    );
  });
});

describe("a bundle's manifest opened as a file", () => {
  test('is refused with one message saying a bundle opens from a link, not a GeoJSON complaint', () => {
    const { dataset, problems } = readGeoJSONText(JSON.stringify(manifestJson()), { name: 'manifest.json' });
    expect(dataset.incidents).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ index: -1, field: 'file', skipped: true });
    expect(problems[0].message).toMatch(/^is the manifest of an Incident Atlas bundle, which opens from a link/);
    expect(problems[0].message).toMatch(/\?data=/);
  });

  test('an object naming another format is still told it is not GeoJSON', () => {
    const { problems } = readGeoJSONText(JSON.stringify({ ...manifestJson(), format: 'something-else' }), {
      name: 'x.json',
    });
    expect(problems[0]).toMatchObject({ field: 'type' });
    expect(problems[0].message).toMatch(/^is missing: this JSON object is not GeoJSON/);
  });
});
