// The shortcut that skips check-geojson for plain Point features must only
// take features check-geojson has nothing to say about: for any value near
// that shape, when the shortcut says "plain", check-geojson finds no issue.
import { getIssues } from '@placemarkio/check-geojson';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isPlainPointFeature, structureIssues } from '../../../src/data/import/geojson-structure';
import type { Json } from '../../../src/data/import/json';

const anyValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.double({ noNaN: true }), { maxLength: 5 }),
);
const coordinates = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.double({ min: -200, max: 200, noNaN: true }), { minLength: 2, maxLength: 3 }) },
  fc.array(fc.oneof(fc.double(), fc.string({ maxLength: 2 }), fc.constant(null)), { maxLength: 5 }),
  anyValue,
);
const pointGeometry = fc.record(
  {
    type: fc.oneof({ weight: 4, arbitrary: fc.constant('Point') }, fc.constantFrom('LineString', 'point', 'Feature')),
    coordinates,
  },
  { requiredKeys: ['type'] },
);
const noisyGeometry = fc.record(
  { type: fc.constant('Point'), coordinates, bbox: fc.array(fc.double(), { maxLength: 6 }), extra: anyValue },
  { requiredKeys: [] },
);
const geometry = fc.oneof({ weight: 6, arbitrary: pointGeometry }, noisyGeometry, anyValue);
const featureType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('Feature') },
  fc.constantFrom('feature', 'Point', 'FeatureCollection'),
);
const properties = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(fc.string({ maxLength: 4 }), anyValue, { maxKeys: 3 }) },
  anyValue,
);
const id = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.double(), anyValue);
/** Features of the plain shape or near it (a member missing, a wrong type, a value of another kind). */
const coreFeature = fc.record({ type: featureType, id, geometry, properties }, { requiredKeys: ['type', 'geometry'] });
/** The same with members the shortcut must not take: a bbox, foreign members, misplaced coordinates. */
const noisyFeature = fc.record(
  {
    type: featureType,
    id,
    geometry,
    properties,
    bbox: fc.array(fc.double(), { maxLength: 6 }),
    title: anyValue,
    coordinates: anyValue,
  },
  { requiredKeys: [] },
);
const feature = fc.oneof({ weight: 3, arbitrary: coreFeature }, noisyFeature);

/** The value as a file would hold it: JSON text read back, as the reader sees every feature. */
const asRead = (value: unknown) => JSON.parse(JSON.stringify(value)) as Json;

describe('isPlainPointFeature', () => {
  test('when it says plain, check-geojson finds nothing to say (and the full check gives no issue)', () => {
    let plain = 0;
    fc.assert(
      fc.property(feature, (value) => {
        const read = asRead(value);
        if (!isPlainPointFeature(read)) return;
        plain++;
        expect(getIssues(JSON.stringify(read))).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    // The property was tried on a fair number of plain features, not only on others.
    expect(plain).toBeGreaterThan(100);
  });

  test('texts JSON.stringify cannot write: a number too large (1e999), keys named __proto__', () => {
    const point = '{"type":"Point","coordinates":[69.2,34.5]}';
    const texts = [
      `{"type":"Feature","id":1e999,"geometry":${point},"properties":{}}`,
      `{"type":"Feature","id":-1e999,"geometry":${point},"properties":{}}`,
      '{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,34.5]},"properties":{}}',
      `{"type":"Feature","__proto__":{"type":"Point"},"geometry":${point},"properties":{}}`,
      '{"type":"Feature","geometry":{"type":"Point","coordinates":[69.2,34.5],"__proto__":[]},"properties":{}}',
      `{"type":"Feature","geometry":${point},"properties":{"__proto__":{"a":1},"title":"x"}}`,
      `{"type":"Feature","id":7,"geometry":${point},"properties":null}`,
    ];
    const plain = texts.filter((text) => isPlainPointFeature(JSON.parse(text) as Json));
    // The last two are plain, and check-geojson agrees; the id that reads as Infinity is not taken, and the
    // full check, which writes the value again as JSON (where Infinity is null), refuses it.
    expect(plain).toEqual(texts.slice(5));
    for (const text of plain) expect(getIssues(text)).toEqual([]);
    expect(structureIssues(JSON.parse(texts[0]) as Json).map((issue) => issue.field)).toEqual(['id']);
  });

  test('the features of our schema are plain; a missing properties member or a fourth number are not', () => {
    const ours = {
      type: 'Feature',
      id: '2024-12-24-paktika-airstrikes',
      geometry: { type: 'Point', coordinates: [69.7, 32.6] },
      properties: { title: 'Airstrikes in Barmal', sources: [{ title: 'x' }] },
    };
    expect(isPlainPointFeature(asRead(ours))).toBe(true);
    const { properties: _, ...noProperties } = ours;
    expect(isPlainPointFeature(asRead(noProperties))).toBe(false);
    expect(structureIssues(asRead(noProperties)).map((issue) => issue.field)).toEqual(['properties']);
    const four = { ...ours, geometry: { type: 'Point', coordinates: [1, 2, 3, 4] } };
    expect(isPlainPointFeature(asRead(four))).toBe(false);
    expect(structureIssues(asRead(four))[0].message).toMatch(/position should have 2 or 3 elements - found 4/);
  });
});
