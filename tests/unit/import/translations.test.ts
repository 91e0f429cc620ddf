// Translations as data (issue #32): an incident's title and summary, and a
// place's name, in other languages, read from `translations`; every fault is
// named with its feature and field, and only the faulty part is left out.
// Through readDataset, as `npm run validate` and the app read a file, and
// through the packed records the page reads incidents from.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TRANSLATED_CHARS } from '../../../src/data/import/translations';
import { describeProblem, readDataset } from '../../../src/data/import/validate';
import { IncidentStore } from '../../../src/data/store/incident-store';
import { incidentText, placeText } from '../../../src/i18n/incident-text';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`fixtures/translations/${name}`, import.meta.url), 'utf8')) as {
    features: { properties: Record<string, unknown> }[];
  };

describe('translations in a dataset', () => {
  test('are kept by canonical tag, with the places named in other languages, and no problem', () => {
    const { dataset, problems } = readDataset(fixture('good.geojson'), fixture('good-places.geojson'));
    expect(problems).toEqual([]);
    const [incident] = dataset.incidents;
    expect(incident.translations).toEqual({
      ur: { title: 'ایلچی کابل پہنچ گئے', summary: 'ایلچی کابل پہنچے۔' },
      ps: { title: 'استازی کابل ته ورسېد' },
      'fa-AF': { summary: 'نماینده به کابل رسید.' },
    });
    expect(incident.title).toBe('Envoy arrives in Kabul');
    expect(dataset.places[0].translations).toEqual({
      ur: { name: 'کابل' },
      ps: { name: 'کابل' },
      'fa-AF': { name: 'کابل' },
    });
  });

  test('reach the page through the packed records, and are absent where a dataset has none', () => {
    const { dataset } = readDataset(fixture('good.geojson'));
    const plain = { ...dataset.incidents[0], id: 'plain', translations: undefined };
    delete plain.translations;
    const store = IncidentStore.of([dataset.incidents[0], plain]);
    expect(store.byId('envoy-arrives')?.translations).toEqual(dataset.incidents[0].translations);
    expect(store.byId('plain')).not.toHaveProperty('translations');
  });

  test('malformed ones are named by feature and field; the incidents and the good parts load', () => {
    const { dataset, problems } = readDataset(fixture('malformed.geojson'));
    expect(dataset.incidents.map((i) => i.id)).toEqual(['not-an-object', 'bad-fields']);
    expect(dataset.incidents[0]).not.toHaveProperty('translations');
    expect(dataset.incidents[1].translations).toEqual({ ur: { summary: 'اردو خلاصہ' }, 'fa-AF': { title: 'عنوان' } });
    expect(problems.every((p) => !p.skipped)).toBe(true);
    expect(problems.map(describeProblem)).toEqual([
      expect.stringMatching(
        /^feature 0 \(not-an-object\): translations is the string .*; expected an object by language tag/,
      ),
      'feature 1 (bad-fields): translations.ur.title is the number 42, not text; left out (loaded)',
      'feature 1 (bad-fields): translations.ps is a list (JSON array); expected an object with title, summary; left out (loaded)',
      'feature 1 (bad-fields): translations "not a tag!" is not a BCP 47 language tag (such as "ur" or "fa-AF"); left out (loaded)',
      'feature 1 (bad-fields): translations.fa-AF.place is not a field translated here (title, summary); ignored (loaded)',
    ]);
  });

  test('text longer than the page shows is left out with its length said', () => {
    const collection = fixture('good.geojson');
    const long = 'ا'.repeat(TRANSLATED_CHARS.title + 1);
    collection.features[0].properties.translations = {
      ur: { title: long, summary: 'ب'.repeat(TRANSLATED_CHARS.summary + 1) },
      ps: { title: 'ا'.repeat(TRANSLATED_CHARS.title) },
    };
    const { dataset, problems } = readDataset(collection);
    expect(problems.map(describeProblem)).toEqual([
      'feature 0 (envoy-arrives): translations.ur.title is 301 characters long, more than the 300 shown; left out (loaded)',
      'feature 0 (envoy-arrives): translations.ur.summary is 20,001 characters long, more than the 20,000 shown; left out (loaded)',
    ]);
    expect(dataset.incidents[0].translations).toEqual({ ps: { title: 'ا'.repeat(TRANSLATED_CHARS.title) } });
  });

  test("a place's malformed translation is named; the place and its name load", () => {
    const places = fixture('good-places.geojson');
    places.features[0].properties.translations = { ur: { name: ['کابل'] }, ps: { name: 'کابل' } };
    const { dataset, problems } = readDataset(fixture('good.geojson'), places);
    expect(problems.map(describeProblem)).toEqual([
      'feature 0 (kabul): places: translations.ur.name is a list (JSON array), not text; left out (loaded)',
    ]);
    expect(dataset.places[0]).toMatchObject({ name: 'Kabul', translations: { ps: { name: 'کابل' } } });
    expect(dataset.incidents[0].place).toBe('kabul');
  });
});

describe('incidentText and placeText', () => {
  const incident = {
    title: 'Envoy arrives',
    summary: 'The envoy lands.',
    translations: { ur: { title: 'ایلچی پہنچ گئے' }, fa: { title: 'نماینده رسید', summary: 'نماینده رسید.' } },
  };

  test('give the translation in the language asked for, the English where there is none', () => {
    expect(incidentText(incident, 'ur')).toEqual({
      title: 'ایلچی پہنچ گئے',
      summary: 'The envoy lands.',
      titleTranslated: true,
      summaryTranslated: false,
    });
    expect(incidentText(incident, 'ps')).toEqual({
      title: 'Envoy arrives',
      summary: 'The envoy lands.',
      titleTranslated: false,
      summaryTranslated: false,
    });
    expect(incidentText({ title: 'T', summary: 'S' }, 'ur').titleTranslated).toBe(false);
  });

  test('fall back from a regional tag to its language, and never translate English', () => {
    expect(incidentText(incident, 'fa-AF')).toMatchObject({ title: 'نماینده رسید', summaryTranslated: true });
    expect(incidentText({ ...incident, translations: { en: { title: 'Other' } } }, 'en').title).toBe('Envoy arrives');
    expect(placeText({ name: 'Kabul', translations: { 'FA-af': { name: 'کابل' } } }, 'fa-AF')).toEqual({
      name: 'کابل',
      nameTranslated: true,
    });
    expect(placeText({ name: 'Kabul' }, 'ur')).toEqual({ name: 'Kabul', nameTranslated: false });
  });
});
