// Claims as data (issue #30): a feature's attributed figures are read with
// every fault named and the good ones kept; fatalities follows the lowest
// number of deaths claimed; the date and place may name the report they follow.
// Through readDataset, as `npm run validate` and the app read a file.
import { describe, expect, test } from 'vitest';
import { detectLayout } from '../../../src/data/import/table/detect-layout';
import { rowsToDataset } from '../../../src/data/import/table/tabular';
import { describeProblem, readDataset } from '../../../src/data/import/validate';

const SOURCES = [
  { title: 'The article', publisher: 'Republic Policy', url: 'https://example.org/a' },
  { title: 'A report', publisher: 'Daily Times', url: 'https://example.org/b', published: '2024-12-22' },
];

/** A collection of one incident with these extra properties; what readDataset makes of it. */
function read(extra: Record<string, unknown>) {
  const feature = {
    type: 'Feature',
    id: 'attack',
    geometry: { type: 'Point', coordinates: [69.84, 32.62] },
    properties: {
      title: 'Attack',
      date: '2024-12-20/2024-12-21',
      category: 'attack',
      location_precision: 'town',
      actors: [],
      sources: SOURCES,
      ...extra,
    },
  };
  const { dataset, problems } = readDataset({ type: 'FeatureCollection', features: [feature] });
  return { incident: dataset.incidents[0], problems: problems.map(describeProblem) };
}

describe('claims', () => {
  test('good claims are kept as given; fatalities, when absent, is the lowest number of deaths claimed', () => {
    const claims = [
      { what: 'deaths', value: 16, by: 'ISPR', source: 1, note: 'soldiers' },
      { what: 'deaths', value: 35, by: 'the TTP', source: 0 },
      { what: 'Deaths ', value: 40, by: 'a resident', source: 0 },
      { what: 'injured', value: 5, qualifier: 'at least', by: 'officials', source: 1 },
      { what: 'deaths', value: 20, low: 12, high: 30, by: 'UCDP', source: 1 },
    ];
    const { incident, problems } = read({ claims, date_source: 1, place_source: 0 });
    expect(problems).toEqual([]);
    // "Deaths " is read as the deaths it names.
    expect(incident.claims).toEqual(claims.map((claim) => ({ ...claim, what: claim.what.trim().toLowerCase() })));
    expect(incident.fatalities).toBe(16);
    expect([incident.dateSource, incident.placeSource]).toEqual([1, 0]);
  });

  test('a given fatalities that is not the lowest deaths claimed is kept and named', () => {
    const { incident, problems } = read({
      fatalities: 35,
      claims: [
        { what: 'deaths', value: 16, by: 'ISPR', source: 1 },
        { what: 'deaths', value: 35, by: 'the TTP', source: 0 },
      ],
    });
    expect(incident.fatalities).toBe(35);
    expect(problems).toEqual([
      'feature 0 (attack): fatalities 35 is not the lowest number of deaths claimed (16); kept (loaded)',
    ]);
  });

  test('each bad claim is named; the rest, and the incident, load', () => {
    const { incident, problems } = read({
      claims: [
        { what: 'deaths', value: 16, by: 'ISPR', source: 1 },
        'sixteen',
        { what: 'deaths', by: 'nobody' },
        { what: 'deaths', value: -1, by: 'someone', source: 0 },
        { what: 'deaths', value: 9, by: 'a resident', source: 5 },
        { what: 'deaths', value: 9, by: 'a neighbour' },
        { what: 'deaths', value: 9, by: 'a range', source: 0, low: 10, high: 12 },
        { what: 'injured', value: 3, by: 'a doctor', source: 0, qualifier: 'roughly' },
      ],
    });
    expect(problems).toEqual([
      'feature 0 (attack): claims claim 2 is not an object; left out (loaded)',
      'feature 0 (attack): claims claim 3 is left out: it needs a number of 0 or more ("value") (loaded)',
      'feature 0 (attack): claims claim 4 is left out: it needs a number of 0 or more ("value") (loaded)',
      "feature 0 (attack): claims claim 5 (a resident) names source 5, which is not one of the incident's 2 (0 to 1) (loaded)",
      'feature 0 (attack): claims claim 6 (a neighbour) names no source (loaded)',
      "feature 0 (attack): claims claim 7's low and high are not a range around its value; left out of it (loaded)",
      'feature 0 (attack): claims claim 8\'s qualifier "roughly" is not one of at least, more than, about; ignored (loaded)',
    ]);
    expect(incident.claims).toEqual([
      { what: 'deaths', value: 16, by: 'ISPR', source: 1 },
      { what: 'deaths', value: 9, by: 'a resident' },
      { what: 'deaths', value: 9, by: 'a neighbour' },
      { what: 'deaths', value: 9, by: 'a range', source: 0 },
      { what: 'injured', value: 3, by: 'a doctor', source: 0 },
    ]);
    expect(incident.fatalities).toBe(9);
  });

  test('claims that are not a list, and a date or place source that is no source, are named and ignored', () => {
    const { incident, problems } = read({ claims: { deaths: 16 }, date_source: 2, place_source: '1' });
    expect(problems).toEqual([
      'feature 0 (attack): claims is not a list of claims; ignored (loaded)',
      "feature 0 (attack): date_source names source 2, which is not one of the incident's 2 (0 to 1); ignored (loaded)",
      'feature 0 (attack): place_source names source "1" as text; a source is named by its number (0 for the first); ignored (loaded)',
    ]);
    expect([incident.claims, incident.dateSource, incident.placeSource]).toEqual([undefined, undefined, undefined]);
  });

  test('a claim names the report it named in the file, though a source before it was left out', () => {
    // The first source has neither title nor publisher: the reader leaves it out, so the others move up one.
    const sources = [{ url: 'https://example.org/nothing' }, ...SOURCES];
    const { incident, problems } = read({
      sources,
      claims: [
        { what: 'deaths', value: 16, by: 'ISPR', source: 2 },
        { what: 'deaths', value: 35, by: 'the TTP', source: 0 },
      ],
      date_source: 2,
    });
    expect(incident.sources.map((source) => source.publisher)).toEqual(['Republic Policy', 'Daily Times']);
    expect(incident.claims?.[0]).toEqual({ what: 'deaths', value: 16, by: 'ISPR', source: 1 });
    expect(incident.dateSource).toBe(1);
    expect(problems).toContain(
      'feature 0 (attack): claims claim 2 (the TTP) names source 0, which has neither a title nor a publisher and was left out (loaded)',
    );
  });

  test('a table row: claims_json and date_source name the sources as its sources_json writes them', () => {
    const headers = ['id', 'title', 'date', 'latitude', 'longitude', 'location_precision', 'category'];
    const row = {
      id: 'attack',
      title: 'Attack',
      date: '2024-12-20/2024-12-21',
      latitude: '32.62',
      longitude: '69.84',
      location_precision: 'town',
      category: 'attack',
      sources_json: JSON.stringify([{ url: 'https://example.org/nothing' }, ...SOURCES]),
      claims_json: JSON.stringify([{ what: 'deaths', value: 16, by: 'ISPR', source: 2 }]),
      date_source: '2',
    };
    const guess = detectLayout([...headers, 'sources_json', 'claims_json', 'date_source']);
    const { dataset, problems } = rowsToDataset([row], guess, { name: 't' });
    expect(problems).toEqual([]);
    const [incident] = dataset.incidents;
    expect(incident.sources[1].publisher).toBe('Daily Times');
    expect(incident.claims).toEqual([{ what: 'deaths', value: 16, by: 'ISPR', source: 1 }]);
    expect(incident.dateSource).toBe(1);
    expect(incident.fatalities).toBe(16);
  });
});
