import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Json } from '../../src/data/import/json';
import {
  describeProblem,
  IncidentReader,
  readDataset,
  readIncidents,
  readPlaces,
} from '../../src/data/import/validate';
import type { DatasetProblem, Incident } from '../../src/data/types';

// ---- fixtures -------------------------------------------------------------

const PLACES = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', id: 'kabul', geometry: { type: 'Point', coordinates: [69.17, 34.53] }, properties: {} },
    {
      type: 'Feature',
      id: 'paktika',
      geometry: {
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
      },
      properties: { name: 'Paktika province', kind: 'province', country: 'AF' },
    },
  ],
};

const goodProps = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  summary: `Summary of ${title}.`,
  date: '2024-12-24',
  category: 'diplomacy',
  place: 'kabul',
  location_precision: 'town',
  actors: ['Someone'],
  sources: [{ title: 'A report', publisher: 'A paper', url: 'https://example.org/a' }],
  ...extra,
});
const at = (coordinates: unknown) => ({ type: 'Point', coordinates });
const feature = (id: unknown, props: unknown, geometry: unknown = at([69.17, 34.53])) => ({
  type: 'Feature',
  ...(id === undefined ? {} : { id }),
  geometry,
  properties: props,
});

/** Good and bad features mixed; the comment is the feature's index. */
const MIXED = {
  type: 'FeatureCollection',
  name: 'Mixed test data',
  attribution: 'Test fixture',
  features: [
    /* 0 */ feature('good-1', goodProps('First good one', { related: ['good-2'], fatalities: 3, order: 1 })),
    /* 1 */ feature(undefined, goodProps('No id')),
    /* 2 */ feature('has space', goodProps('Id with a space')),
    /* 3 */ feature('good-1', goodProps('Same id again')),
    /* 4 */ feature('polygon', goodProps('A polygon'), PLACES.features[1].geometry),
    /* 5 */ feature('off-the-globe', goodProps('Longitude 200'), at([200, 10])),
    /* 6 */ feature('no-title', { ...goodProps(''), title: undefined }),
    /* 7 */ feature('bad-date', goodProps('Bad date', { date: '2024-13-45' })),
    /* 8 */ feature('props-not-object', 'just a string'),
    /* 9 */ feature('unknown-place', goodProps('Unknown place', { place: 'atlantis' })),
    /* 10 */ feature('bad-precision', goodProps('Bad precision', { location_precision: 'street' })),
    /* 11 */ feature('unknown-related', goodProps('Unknown related', { related: ['ghost', 'good-1'] })),
    /* 12 */ feature('good-2', goodProps('Second good one', { place: 'paktika', date: '2024-09' }), at([68.7, 32.6])),
  ],
};

/** [index, field, skipped] of every problem MIXED should report. */
const EXPECTED_PROBLEMS: [number, string, boolean][] = [
  [1, 'id', true],
  [2, 'id', true],
  [3, 'id', false],
  [4, 'geometry', true],
  [5, 'geometry', true],
  [6, 'title', true],
  [7, 'date', true],
  [8, 'properties', true],
  [9, 'place', false],
  [10, 'location_precision', false],
  [11, 'related', false],
];

const problemAt = (problems: DatasetProblem[], index: number, field: string) => {
  const found = problems.filter((p) => p.index === index && p.field === field);
  expect(found, `problem at ${index} ${field}`).toHaveLength(1);
  return found[0];
};

// ---- tests ----------------------------------------------------------------

describe('readIncidents on a mix of good and bad features', () => {
  const { places } = readPlaces(PLACES);
  const { incidents, problems } = readIncidents(MIXED, places);
  const byId = new Map(incidents.map((i) => [i.id, i]));

  test('every loadable feature loads, in file order', () => {
    expect(incidents.map((i) => i.id)).toEqual([
      'good-1',
      'good-1-2',
      'unknown-place',
      'bad-precision',
      'unknown-related',
      'good-2',
    ]);
  });

  test('each fault is reported once, with its index, field and whether it was skipped', () => {
    const seen = problems.map((p) => [p.index, p.field, p.skipped]);
    expect(seen).toEqual(expect.arrayContaining(EXPECTED_PROBLEMS));
    expect(seen).toHaveLength(EXPECTED_PROBLEMS.length);
  });

  test('a good feature keeps its fields', () => {
    expect(byId.get('good-1')).toEqual({
      id: 'good-1',
      title: 'First good one',
      summary: 'Summary of First good one.',
      date: '2024-12-24',
      start: Date.parse('2024-12-24T00:00:00Z'),
      end: Date.parse('2024-12-24T23:59:59.999Z'),
      startDay: '2024-12-24',
      order: 1,
      category: 'diplomacy',
      place: 'kabul',
      locationPrecision: 'town',
      actors: ['Someone'],
      fatalities: 3,
      related: ['good-2'],
      origin: undefined,
      sources: [{ title: 'A report', publisher: 'A paper', url: 'https://example.org/a' }],
      coordinates: [69.17, 34.53],
    });
    const month = byId.get('good-2');
    expect(month?.startDay).toBe('2024-09-01');
    expect(month?.end).toBe(Date.parse('2024-09-30T23:59:59.999Z'));
  });

  test('a duplicate id is renamed "<id>-2" and loads with a warning naming the id', () => {
    expect(byId.get('good-1-2')?.title).toBe('Same id again');
    const problem = problemAt(problems, 3, 'id');
    expect(problem).toMatchObject({ id: 'good-1', skipped: false });
    expect(problem.message).toContain('"good-1-2"');
  });

  test('bad ids are skipped, and the message shows the id', () => {
    expect(problemAt(problems, 1, 'id').message).toMatch(/null/);
    expect(problemAt(problems, 2, 'id').message).toContain('"has space"');
  });

  test('out-of-range coordinates are quoted in the message', () => {
    expect(problemAt(problems, 5, 'geometry').message).toContain('[200, 10]');
  });

  test('an unknown place is a warning and the incident loads without a place', () => {
    expect(problemAt(problems, 9, 'place').message).toContain('"atlantis"');
    expect(byId.get('unknown-place')?.place).toBeUndefined();
  });

  test("a place given as its name (an imported table's, exported) is kept as the name, with no warning", () => {
    const { places } = readPlaces(PLACES);
    const named = {
      type: 'FeatureCollection',
      features: [feature('named', goodProps('Named', { place: 'Mir Ali, North Waziristan' }))],
    };
    const read = readIncidents(named, places);
    expect(read.problems).toEqual([]);
    expect(read.incidents[0].place).toBe('Mir Ali, North Waziristan');
  });

  test('a bad location_precision is a warning and treated as exact', () => {
    expect(problemAt(problems, 10, 'location_precision').message).toContain('"street"');
    expect(byId.get('bad-precision')?.locationPrecision).toBe('exact');
  });

  test('an unknown related id is a warning and is removed, known ones stay', () => {
    const problem = problemAt(problems, 11, 'related');
    expect(problem.id).toBe('unknown-related');
    expect(problem.message).toContain('"ghost"');
    expect(byId.get('unknown-related')?.related).toEqual(['good-1']);
  });

  test('problems carry the id of a feature that has one', () => {
    expect(problemAt(problems, 7, 'date').id).toBe('bad-date');
    expect(problemAt(problems, 6, 'title').id).toBe('no-title');
  });
});

describe('smaller faults', () => {
  test('missing sources, category and a non-integer order are warnings; defaults apply', () => {
    const { incidents, problems } = readIncidents({
      type: 'FeatureCollection',
      features: [
        feature('thin', {
          title: ' Thin ',
          date: ' 2024-12-24 ',
          location_precision: 'exact',
          order: 1.5,
          sources: [],
        }),
      ],
    });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ title: 'Thin', date: '2024-12-24', category: 'other', order: undefined });
    expect(problems.map((p) => [p.field, p.skipped])).toEqual(
      expect.arrayContaining([
        ['category', false],
        ['order', false],
        ['sources', false],
      ]),
    );
  });

  test('a numeric id is read as its string', () => {
    const { incidents } = readIncidents({ type: 'FeatureCollection', features: [feature(42, goodProps('N'))] });
    expect(incidents.map((i) => i.id)).toEqual(['42']);
  });

  // The related check finds the feature by its final id, which a renamed duplicate does not have in the
  // file, so the warning gets index -1 ("file") instead of the feature's index.
  test('a related warning on a renamed duplicate points at that feature', () => {
    const { problems } = readIncidents({
      type: 'FeatureCollection',
      features: [feature('dup', goodProps('A')), feature('dup', goodProps('B', { related: ['ghost'] }))],
    });
    const related = problems.find((p) => p.field === 'related');
    expect(related).toMatchObject({ index: 1, id: 'dup-2' });
  });
});

describe('input that is not a FeatureCollection', () => {
  test.each([
    ['a string', 'not json at all'],
    ['a single Feature', { type: 'Feature' }],
    ['null', null],
    ['an array', []],
    ['a collection without features', { type: 'FeatureCollection', features: 'none' }],
  ])('%s gives one file-level problem and no incidents', (_name, input) => {
    const { incidents, problems } = readIncidents(input);
    expect(incidents).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ index: -1, skipped: true });
    expect(describeProblem(problems[0])).toMatch(/^file: /);
  });

  test('readDataset of such input has no incidents and the default name', () => {
    const report = readDataset('nope');
    expect(report.dataset).toMatchObject({ name: 'Incidents', incidents: [], places: [] });
    expect(report.problems).toHaveLength(1);
  });
});

describe('hostile input', () => {
  const HOSTILE = `{
    "type": "FeatureCollection",
    "__proto__": { "polluted": "collection" },
    "features": [{
      "type": "Feature",
      "id": "hostile",
      "__proto__": { "polluted": "feature" },
      "geometry": { "type": "Point", "coordinates": [69.17, 34.53], "__proto__": { "polluted": "geometry" } },
      "properties": {
        "__proto__": { "polluted": "properties", "title": "inherited title" },
        "constructor": { "prototype": { "polluted": "constructor" } },
        "title": "Hostile but valid",
        "date": "2024-12-24",
        "category": "attack",
        "location_precision": "exact",
        "sources": [{ "__proto__": { "polluted": "source" }, "title": "S", "publisher": "P" }]
      }
    }]
  }`;

  test('a __proto__ key loads as data without polluting Object.prototype', () => {
    const input: unknown = JSON.parse(HOSTILE);
    const report = readDataset(input);
    expect(report.dataset.incidents.map((i) => i.title)).toEqual(['Hostile but valid']);
    expect(report.problems).toEqual([]);
    // biome-ignore lint/suspicious/noExplicitAny: checking for prototype pollution
    expect(({} as any).polluted).toBeUndefined();
    // biome-ignore lint/suspicious/noExplicitAny: checking the loaded objects too
    const incident = report.dataset.incidents[0] as any;
    expect(incident.polluted).toBeUndefined();
    expect(incident.sources[0].polluted).toBeUndefined();
    expect(Object.getPrototypeOf(incident)).toBe(Object.prototype);
  });

  test('an inherited title does not count as a title', () => {
    const input = JSON.parse(
      '{"type":"FeatureCollection","features":[{"type":"Feature","id":"x","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"__proto__":{"title":"inherited"},"date":"2024-12-24"}}]}',
    );
    const { incidents, problems } = readIncidents(input);
    expect(incidents).toEqual([]);
    expect(problems).toMatchObject([{ index: 0, field: 'title', skipped: true }]);
  });
});

describe('readPlaces', () => {
  test('reads points and polygons, and skips bad, duplicate or geometry-less places', () => {
    const { places, problems } = readPlaces({
      type: 'FeatureCollection',
      features: [
        ...PLACES.features,
        { type: 'Feature', id: 'kabul', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} },
        { type: 'Feature', id: 'no geometry', properties: {} },
        { type: 'Feature', id: 'nowhere', properties: {} },
        'not a feature',
      ],
    });
    expect(places.map((p) => [p.id, p.geometry.type, p.name, p.kind])).toEqual([
      ['kabul', 'Point', 'kabul', 'place'],
      ['paktika', 'Polygon', 'Paktika province', 'province'],
    ]);
    expect(problems.map((p) => [p.index, p.field, p.skipped])).toEqual([
      [2, 'id', true],
      [3, 'id', true],
      [4, 'geometry', true],
      [5, 'feature', true],
    ]);
  });
});

describe('readDataset', () => {
  test('joins both files, takes name and attribution, and prefixes place problems', () => {
    const places = { ...PLACES, features: [...PLACES.features, { type: 'Feature', id: 'bad id' }] };
    const report = readDataset(MIXED, places);
    expect(report.dataset.name).toBe('Mixed test data');
    expect(report.dataset.attribution).toBe('Test fixture');
    expect(report.dataset.places.map((p) => p.id)).toEqual(['kabul', 'paktika']);
    expect(report.dataset.incidents).toHaveLength(6);
    expect(report.problems[0]).toMatchObject({ index: 2, field: 'places: id', skipped: true });
    expect(report.problems).toHaveLength(1 + EXPECTED_PROBLEMS.length);
  });

  test('without a places file, places are not checked', () => {
    const report = readDataset(MIXED);
    expect(report.problems.some((p) => p.field === 'place')).toBe(false);
    expect(report.dataset.incidents.find((i) => i.id === 'unknown-place')?.place).toBe('atlantis');
  });
});

describe('describeProblem', () => {
  test('names the feature index, id and field, and says whether it loaded', () => {
    const { places } = readPlaces(PLACES);
    const { problems } = readIncidents(MIXED, places);
    const dateLine = describeProblem(problemAt(problems, 7, 'date'));
    expect(dateLine).toMatch(/^feature 7 \(bad-date\): date /);
    expect(dateLine).toContain('"2024-13-45"');
    expect(dateLine).not.toContain('(loaded)');
    const placeLine = describeProblem(problemAt(problems, 9, 'place'));
    expect(placeLine).toMatch(/^feature 9 \(unknown-place\): place .*\(loaded\)$/);
    expect(describeProblem(problemAt(problems, 1, 'id'))).toMatch(/^feature 1: id /);
  });

  test('a file-level problem says "file"', () => {
    expect(describeProblem({ index: -1, field: 'type', message: 'is wrong', skipped: true })).toBe(
      'file: type is wrong',
    );
  });
});

describe('IncidentReader.readDraft (a table row, by the shorter way)', () => {
  // Each field mostly as the schema wants it, now and then not: most drafts are
  // plain or off in one field, so both ways, and each check, are taken.
  const field = <T>(plain: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: plain, weight: 10 }, { arbitrary: odd, weight: 1 });
  const none = fc.constant(undefined);
  const text = fc.constantFrom('x', 'kabul', 'Nowhere', 'é');
  const oddText = fc.constantFrom(' Padded ', '', '  ', 'paktika');
  const draft = fc.record({
    id: field(fc.constantFrom('a', 'b', 'c-2', 'row-9'), fc.constantFrom('x y', '', '-lead')),
    lat: field(fc.constantFrom(34.5, -90, 90, 0), fc.constantFrom(91, Number.NaN, -90.1)),
    lon: field(fc.constantFrom(69.2, 180, -180), fc.constantFrom(-180.5, Number.NaN)),
    title: field(text, oddText),
    date: field(
      fc.constantFrom('2024-12-24', '2024-09', '2024-12-16/2024-12-22'),
      fc.constantFrom(' 2024-09 ', '2024-13-01', '', 'soon'),
    ),
    summary: field(fc.option(text, { nil: undefined }), oddText),
    order: field(fc.constantFrom(undefined, 1, -3), fc.constantFrom(2.5, Number.NaN)),
    category: field(text, fc.constantFrom(undefined, ' Padded ', '', '  ')),
    place: field(none, fc.constantFrom(...['kabul', 'Nowhere', ' kabul', '', ' '])),
    country: field(fc.constantFrom(undefined, 'Pakistan'), fc.constantFrom(' Padded ', '', ' ')),
    location_precision: field(fc.constantFrom('exact', 'town', 'country'), fc.constantFrom(undefined, 'Town', '')),
    actors: field(
      fc.constantFrom<string[] | undefined>(undefined, [], ['A'], ['A', 'B c']),
      fc.constantFrom<string[]>([' A '], ['']),
    ),
    fatalities: field(fc.constantFrom(undefined, 0, 3), fc.constantFrom(-1, Number.NaN)),
    related: field(
      fc.constantFrom<string[] | undefined>(undefined, []),
      fc.constantFrom<string[]>(['a'], ['zzz', 'b']),
    ),
    origin: field(none, fc.constantFrom('kabul', 'paktika', '', 'Nowhere')),
    sources: field(
      fc.constantFrom<unknown>(
        [{ title: 'T', publisher: 'P' }],
        [{ title: 'T', publisher: 'P', url: 'https://example.org' }, { publisher: 'Q' }],
      ),
      fc.constantFrom<unknown>(undefined, [{ title: '', publisher: '' }], 'not a list'),
    ),
  });

  test('gives the incidents, problems and ids that readParts gives the same draft', () => {
    const places = readPlaces(PLACES).places;
    fc.assert(
      fc.property(fc.array(draft, { maxLength: 25 }), fc.boolean(), (drafts, withPlaces) => {
        const readers = [0, 1].map(() => {
          const incidents: Incident[] = [];
          return { incidents, reader: new IncidentReader(withPlaces ? places : [], (i) => incidents.push(i)) };
        });
        drafts.forEach((d, index) => {
          readers[0].reader.readDraft(d, index);
          readers[1].reader.readParts(d.id, d.lon, d.lat, d as unknown as Json, undefined, index);
        });
        for (const { reader } of readers) reader.finish();
        const [short, long] = readers;
        expect(short.incidents).toEqual(long.incidents);
        expect(short.reader.problems).toEqual(long.reader.problems);
        expect(short.reader.skippedIds).toEqual(long.reader.skippedIds);
        expect([...short.reader.ids.hashes()]).toEqual([...long.reader.ids.hashes()]);
      }),
      { numRuns: 300 },
    );
  });
});
