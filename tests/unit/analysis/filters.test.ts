// Filters and facet counts run on packed columns; here they are checked against
// the plain reading of each incident object (the oracle), for random datasets.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyFilter, type IncidentFilter, keptAt, keptBefore, searchWords } from '../../../src/analysis/filters';
import { countryName } from '../../../src/data/pack/packed';
import { foldAsciiInto, foldForSearch } from '../../../src/data/search/fold';
import { storeDataset } from '../../../src/data/store/incident-store';
import type { Incident, Place } from '../../../src/data/types';

const DAY = 86_400_000;
const FIRST = Date.UTC(2024, 0, 1);
const CATEGORIES = ['attack', 'diplomacy', 'statement'];
const ACTORS = ['Taliban', 'Pakistan Army', 'TTP', 'Ḳābul police'];
const WORDS = ['border', 'Kabul', 'strike', 'talks', 'Ḳābul', 'Émile', 'meeting'];
const COUNTRIES = ['Afghanistan', 'Pakistan'];
const PLACES: Place[] = [
  {
    id: 'kabul',
    name: 'Kabul City',
    kind: 'city',
    country: 'Afghanistan',
    geometry: { type: 'Point', coordinates: [69.2, 34.5] },
  },
];

const isoDay = (day: number) => new Date(FIRST + day * DAY).toISOString().slice(0, 10);
const incidentArb = (index: number) =>
  fc
    .record({
      day: fc.integer({ min: 0, max: 60 }),
      // Days after the first an uncertain date may fall on (0: a day).
      extra: fc.integer({ min: 0, max: 4 }),
      category: fc.constantFrom(...CATEGORIES),
      actors: fc.uniqueArray(fc.constantFrom(...ACTORS), { maxLength: 2 }),
      title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
      summary: fc.array(fc.constantFrom(...WORDS), { maxLength: 2 }),
      place: fc.option(fc.constant('kabul'), { nil: undefined }),
      country: fc.option(fc.constantFrom(...COUNTRIES), { nil: undefined }),
      // Figures claimed: none, or a few, of the same thing or not, agreeing or not.
      claims: fc.array(fc.record({ what: fc.constantFrom('deaths', 'injured'), value: fc.constantFrom(3, 16, 35) }), {
        maxLength: 3,
      }),
    })
    .map(
      (r): Incident => ({
        id: `inc-${index}`,
        title: r.title.join(' '),
        summary: r.summary.join(' '),
        date: r.extra === 0 ? isoDay(r.day) : `${isoDay(r.day)}/${isoDay(r.day + r.extra)}`,
        startDay: isoDay(r.day),
        start: FIRST + r.day * DAY,
        end: FIRST + (r.day + r.extra + 1) * DAY - 1,
        category: r.category,
        ...(r.place ? { place: r.place } : {}),
        ...(r.country ? { country: r.country } : {}),
        locationPrecision: 'exact',
        actors: r.actors,
        related: [],
        sources: [{ title: 'A report', publisher: 'Dawn' }],
        ...(r.claims.length > 0 ? { claims: r.claims.map((c) => ({ ...c, by: 'someone', source: 0 })) } : {}),
        coordinates: [69, 33],
      }),
    );
const datasetArb = fc
  .integer({ min: 0, max: 30 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => incidentArb(i))));
const filterArb: fc.Arbitrary<IncidentFilter> = fc.record({
  categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES, 'no such category'), { maxLength: 2 }),
  countries: fc.uniqueArray(fc.constantFrom(...COUNTRIES), { maxLength: 2 }),
  actors: fc.uniqueArray(fc.constantFrom(...ACTORS), { maxLength: 2 }),
  q: fc.oneof(
    fc.constant(''),
    fc.array(fc.constantFrom(...WORDS, 'KABUL', 'kab', 'city', 'nothing'), { maxLength: 2 }).map((w) => w.join('  ')),
  ),
  // A date range, either end open; written as a link or the page gives it.
  from: fc.option(fc.integer({ min: -2, max: 66 }).map(isoDay), { nil: undefined }),
  to: fc.option(fc.integer({ min: -2, max: 66 }).map(isoDay), { nil: null }),
  contested: fc.option(fc.boolean(), { nil: undefined }),
});

/** Whether two of an incident's claims count the same thing with different figures, read plainly. */
const differ = (incident: Incident) =>
  (incident.claims ?? []).some((a) => (incident.claims ?? []).some((b) => a.what === b.what && a.value !== b.value));

/** The oracle: the filter read plainly off one incident. */
/** The country an incident is counted under: its own, else its place's. */
const countryOf = (incident: Incident) => incident.country ?? PLACES.find((p) => p.id === incident.place)?.country;

function keeps(
  incident: Incident,
  filter: IncidentFilter,
  skip?: 'categories' | 'countries' | 'actors' | 'contested',
): boolean {
  if (skip !== 'contested' && filter.contested && !differ(incident)) return false;
  if (skip !== 'categories' && filter.categories.length > 0 && !filter.categories.includes(incident.category))
    return false;
  if (skip !== 'countries' && filter.countries.length > 0 && !filter.countries.includes(countryOf(incident) ?? '')) {
    return false;
  }
  if (skip !== 'actors' && filter.actors.length > 0 && !incident.actors.some((a) => filter.actors.includes(a)))
    return false;
  // Kept when its dates can fall in the range: first day not after its end, last day not before its start.
  const lastDay = new Date(incident.end).toISOString().slice(0, 10);
  if (filter.to && incident.startDay > filter.to) return false;
  if (filter.from && lastDay < filter.from) return false;
  const place = PLACES.find((p) => p.id === incident.place)?.name ?? incident.place ?? '';
  const text = foldForSearch([incident.title, incident.summary, ...incident.actors, place].join(' '));
  return searchWords(filter.q).every((word) => text.includes(word));
}

describe('applyFilter', () => {
  test('keeps exactly the incidents the plain reading keeps, with facet counts to match', () => {
    fc.assert(
      fc.property(datasetArb, filterArb, (incidents, filter) => {
        const store = storeDataset({ name: 't', incidents, places: PLACES }).incidents;
        const ordered = Array.from({ length: store.length }, (_, i) => store.get(i));
        const result = applyFilter(store.packed, filter);
        const expected = ordered.flatMap((incident, i) => (keeps(incident, filter) ? [i] : []));
        expect(result.count).toBe(expected.length);
        expect(Array.from({ length: result.count }, (_, n) => keptAt(result, n))).toEqual(expected);
        for (let i = 0; i < ordered.length; i++) expect(result.mask?.[i] ?? 1).toBe(expected.includes(i) ? 1 : 0);
        store.categories.forEach((name, c) => {
          const n = ordered.filter((x) => x.category === name && keeps(x, filter, 'categories')).length;
          expect(result.categoryCounts[c]).toBe(n);
        });
        store.packed.countries.forEach((name, k) => {
          const n = ordered.filter((x) => countryOf(x) === name && keeps(x, filter, 'countries')).length;
          expect(result.countryCounts[k]).toBe(n);
        });
        store.packed.actorNames.forEach((name, a) => {
          const n = ordered.filter((x) => x.actors.includes(name) && keeps(x, filter, 'actors')).length;
          expect(result.actorCounts[a]).toBe(n);
        });
        expect(result.contestedCount).toBe(ordered.filter((x) => differ(x) && keeps(x, filter, 'contested')).length);
        // keptBefore counts the kept incidents ahead of a reveal index.
        for (let end = 0; end <= ordered.length; end++) {
          expect(keptBefore(result, end)).toBe(expected.filter((i) => i < end).length);
        }
      }),
    );
  });

  test('search ignores case and accents, needs every word, and looks in actors and the place name', () => {
    const [base] = fc.sample(incidentArb(0), { numRuns: 1, seed: 1 });
    const { place: _, ...unplaced } = base;
    const make = (id: string, title: string, extra: Partial<Incident> = {}): Incident => ({
      ...unplaced,
      id,
      title,
      summary: '',
      actors: [],
      ...extra,
    });
    const store = storeDataset({
      name: 't',
      places: PLACES,
      incidents: [
        make('a', 'Talks in Ḳābul'),
        make('b', 'Border strike', { actors: ['Pakistan Army'] }),
        make('c', 'Meeting', { place: 'kabul' }),
        make('d', 'Strike near the BORDER crossing'),
      ],
    }).incidents;
    const ids = (q: string) => {
      const result = applyFilter(store.packed, { categories: [], countries: [], actors: [], q });
      return Array.from({ length: result.count }, (_, n) => store.id(keptAt(result, n))).sort();
    };
    expect(ids('kabul')).toEqual(['a', 'c']);
    expect(ids('  STRIKE   border ')).toEqual(['b', 'd']);
    expect(ids('army')).toEqual(['b']);
    expect(ids('border talks')).toEqual([]);
    expect(ids('')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('actors', () => {
  test('an actor named twice in one incident is counted once', () => {
    const [base] = fc.sample(incidentArb(0), { numRuns: 1, seed: 2 });
    const store = storeDataset({
      name: 't',
      places: [],
      incidents: [
        { ...base, id: 'a', actors: ['TTP', 'TTP', 'Pakistan Army'] },
        { ...base, id: 'b', actors: ['TTP'] },
      ],
    }).incidents;
    const result = applyFilter(store.packed, { categories: [], countries: [], actors: ['TTP'], q: '' });
    expect(result.count).toBe(2);
    expect(result.actorCounts[store.packed.actorNames.indexOf('TTP')]).toBe(2);
    expect(result.actorCounts[store.packed.actorNames.indexOf('Pakistan Army')]).toBe(1);
  });
});

describe('countries', () => {
  test('a two-letter ISO code and the name are one country', () => {
    expect(countryName('PK')).toBe('Pakistan');
    expect(countryName(' af ')).toBe('Afghanistan');
    expect(countryName('Pakistan')).toBe('Pakistan');
    expect(countryName('')).toBeUndefined();
    const [base] = fc.sample(incidentArb(0), { numRuns: 1, seed: 3 });
    const store = storeDataset({
      name: 't',
      places: [{ ...PLACES[0], id: 'kabul', country: 'AF' }],
      incidents: [
        { ...base, id: 'a', country: 'Afghanistan' },
        { ...base, id: 'b', place: 'kabul', country: undefined },
        { ...base, id: 'c', country: 'PK' },
      ],
    }).incidents;
    expect(store.packed.countries).toEqual(['Afghanistan', 'Pakistan']);
    const result = applyFilter(store.packed, { categories: [], countries: ['Afghanistan'], actors: [], q: '' });
    expect(result.count).toBe(2);
    expect(Array.from(result.countryCounts)).toEqual([2, 1]);
  });
});

describe('foldAsciiInto', () => {
  test('writes what foldForSearch gives for ASCII text, and refuses any other', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', 'Z', 'q', ' ', '\t', '\n', '\r', '\v', '\f', '-', '\u00a0', 'É', '\u0301'),
          maxLength: 10,
        }),
        fc.nat(4),
        (text, at) => {
          const units = new Uint16Array(at + text.length);
          const to = foldAsciiInto(text, units, at);
          if ([...text].some((c) => c.charCodeAt(0) >= 0x80)) expect(to).toBe(-1);
          else expect(String.fromCharCode(...units.subarray(at, to))).toBe(foldForSearch(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
