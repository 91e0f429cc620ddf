import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, test } from 'vitest';
import { readGeoJSONText } from '../../src/data/import/geojson';
import { sniffFormat } from '../../src/data/import/sniff';
import { detectLayout } from '../../src/data/import/table/detect-layout';
import { rowsToDataset } from '../../src/data/import/table/tabular';
import { describeProblem } from '../../src/data/import/validate';
import {
  DATA_MESSAGES,
  type DataKey,
  type DataText,
  type DataValue,
  decodeText,
  encodeText,
  english,
} from '../../src/data/text/messages';
import type { DatasetProblem } from '../../src/data/types';
import { catalogueOf } from '../../src/i18n/catalogue';
import { sayLoadError, sayProblem, sayText } from '../../src/i18n/problems';
import { Translator } from '../../src/i18n/translator';
import { KEPT_IN_DATA_MESSAGES } from '../kept-in-latin';
import { parseTable } from './import/helpers';

const KEYS = Object.keys(DATA_MESSAGES) as DataKey[];
const placeholders = (template: string) => [...new Set(template.match(/\{\w+\}/g) ?? [])].sort();

/**
 * Latin words a translation keeps: format and product names, and what a file
 * must say as it is (property names, values such as "exact", paths, the month
 * names the date reader accepts in an example).
 */

/** The Latin words of `text` that are not kept on purpose. */
function strayLatin(text: string): string[] {
  return (text.match(/[A-Za-z][A-Za-z_]*/g) ?? []).filter((word) => !KEPT_IN_DATA_MESSAGES.has(word));
}

/** `text` with every value that is data (a string) emptied: what is left are the words the catalogue gave. */
function withoutData(text: DataText): DataText {
  const values: Record<string, DataValue> = {};
  for (const [name, value] of Object.entries(text.values ?? {})) {
    values[name] = typeof value === 'string' ? '' : typeof value === 'number' ? value : withoutData(value);
  }
  return { key: text.key, values };
}

/** A problem as sayProblem words it, its data (field, id, values) left out. */
function problemWords(problem: DatasetProblem, tr: Translator): string {
  expect(problem.text, `${describeProblem(problem)} has a message key`).toBeDefined();
  const bare = { ...problem, field: '', id: undefined, text: encodeText(withoutData(decodeText(problem.text ?? ''))) };
  return sayProblem(bare, tr);
}

const feature = (id: string, properties: Record<string, unknown>, geometry: unknown = point) => ({
  type: 'Feature',
  id,
  geometry,
  properties,
});
const point = { type: 'Point', coordinates: [69.2, 34.5] };

/** A collection with a fault of nearly every kind a feature can have. */
const BAD_GEOJSON = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    feature('ok-1', { title: 'Fine', date: '2024-12-24', sources: [{ title: 'A report' }], related: ['nowhere'] }),
    feature('bad-date', { title: 'Bad date', date: 'abc' }),
    feature('no-title', { date: '2024-12-24' }),
    feature('far', { title: 'Far', date: '2024' }, { type: 'Point', coordinates: [200, 10] }),
    feature('no-geometry', { title: 'None', date: '2024' }, null),
    feature('odd', {
      title: 'Odd',
      date: '2024-13-45',
      location_precision: 'street',
    }),
    feature('warned', {
      title: 'Warned',
      date: '2024-12-16/2024-12-22',
      summary: 4,
      order: 1.5,
      location_precision: 'street',
      actors: 'one',
      country: 5,
      fatalities: -1,
      related: 'x',
      origin: 'nowhere',
      sources: [{ title: 'One' }],
      claims: [{ what: 'deaths', value: 3, by: 'someone', source: 9 }, { what: 'deaths' }, 'x'],
      date_source: '0',
    }),
    feature('warned', { title: 'Again', date: '2024-12-25', sources: [{ title: 'One' }] }),
    feature('bad id!', { title: 'Id', date: '2024' }),
    7,
  ],
});

const BAD_CSV = [
  'id,date,latitude,longitude,title,fatalities',
  'a,2024-12-05,34.5,69.2,Fine,2',
  'b,not a date,34.5,69.2,Bad date,1',
  'c,2024-12-05,north,69.2,Bad latitude,1',
  'd,2024-12-05,134.5,69.2,Swapped,1',
  'e,31/02/2024,34.5,69.2,No such day,1',
  'f,2024-12-05,34.5,69.2,Many,lots',
  'g,,34.5,69.2,Empty date,1',
].join('\n');

function csvProblems(text: string): DatasetProblem[] {
  const { headers, rows } = parseTable(text, '');
  return rowsToDataset(rows, detectLayout(headers), { name: 'bad.csv' }).problems;
}

describe('data messages and the catalogues', () => {
  const en = catalogueOf('en');

  test('every data message is in en.json as the data layer writes it', () => {
    for (const key of KEYS) expect(en?.messages[key], key).toBe(DATA_MESSAGES[key]);
  });

  test.each(['ur', 'ps', 'fa-AF'])('every data message is in %s with the same placeholders', (tag) => {
    const catalogue = catalogueOf(tag);
    for (const key of KEYS) {
      expect(catalogue?.messages[key], `${tag} ${key}`).toBeDefined();
      expect(placeholders(catalogue?.messages[key] ?? ''), `${tag} ${key}`).toEqual(placeholders(DATA_MESSAGES[key]));
    }
  });

  test('the English fill is what ICU MessageFormat makes of the same template', () => {
    for (const key of KEYS) {
      const values = Object.fromEntries(placeholders(DATA_MESSAGES[key]).map((p, i) => [p.slice(1, -1), `v${i}`]));
      const icu = new IntlMessageFormat(DATA_MESSAGES[key], 'en-GB').format(values);
      expect(english({ key, values }), key).toBe(icu);
    }
  });

  test.each(['ur', 'ps', 'fa-AF'])('%s words every data message without English but for kept names', (tag) => {
    const tr = new Translator(tag);
    for (const key of KEYS) {
      const empty = Object.fromEntries(placeholders(DATA_MESSAGES[key]).map((p) => [p.slice(1, -1), '']));
      expect(strayLatin(tr.t(key, empty)), `${tag} ${key}`).toEqual([]);
    }
  });
});

describe('problems in the reader’s language', () => {
  const ur = new Translator('ur');
  const geojson = readGeoJSONText(BAD_GEOJSON, { name: 'bad.geojson' }).problems;
  const csv = csvProblems(BAD_CSV);

  test('the English line is unchanged, and the page’s English line is the same words', () => {
    const bad = geojson.find((p) => p.id === 'bad-date') as DatasetProblem;
    expect(describeProblem(bad)).toBe(
      'feature 1 (bad-date): date "abc" is not an EDTF date; expected e.g. 2024-12-24, 2024-09, 2024-12-21~ or 2024-12-16/2024-12-22',
    );
    expect(sayProblem(bad, new Translator('en'))).toBe(describeProblem(bad));
    const row = csv.find((p) => p.row === 3) as DatasetProblem;
    expect(sayProblem(row, new Translator('en'))).toBe(describeProblem(row));
  });

  test('GeoJSON features’ problems, worded in Urdu, keep no English but the data', () => {
    expect(geojson.length).toBeGreaterThan(20);
    for (const problem of geojson) expect(strayLatin(problemWords(problem, ur)), describeProblem(problem)).toEqual([]);
  });

  test('table rows’ problems, worded in Urdu, keep no English but the data', () => {
    expect(csv.length).toBeGreaterThan(5);
    for (const problem of csv) expect(strayLatin(problemWords(problem, ur)), describeProblem(problem)).toEqual([]);
  });

  test('an Urdu line names the feature, its id and the value as the file has them', () => {
    const bad = geojson.find((p) => p.id === 'bad-date') as DatasetProblem;
    const line = sayProblem(bad, ur);
    expect(line).toContain('فیچر');
    expect(line).toContain('bad-date');
    expect(line).toContain('"abc"');
    expect(line).toContain('EDTF');
    expect(line).not.toContain('is not');
    const warned = geojson.find((p) => p.id === 'warned' && !p.skipped) as DatasetProblem;
    expect(sayProblem(warned, ur)).toContain('(لوڈ ہو گیا)');
  });

  test('whole-file problems and failed loads are worded too', () => {
    for (const text of [
      '',
      '{"type":"FeatureCollection","features":[',
      '[1,2]',
      '{"type":"Polygon"}',
      '{"type":"x"}',
    ]) {
      const problems = readGeoJSONText(text, { name: 'x.geojson' }).problems;
      expect(problems.length, text).toBeGreaterThan(0);
      for (const problem of problems) expect(strayLatin(problemWords(problem, ur)), text).toEqual([]);
    }
    const sniffed = sniffFormat('photo.png', '\u0089PNG\r\n', 100);
    if (!('text' in sniffed)) throw new Error('a PNG is refused');
    expect(sniffed.error).toBe('photo.png looks like an image (PNG), not a GeoJSON or CSV file.');
    const said = sayLoadError({ message: sniffed.error, text: sniffed.text }, ur);
    expect(said).toContain('photo.png');
    expect(strayLatin(sayText(withoutData(sniffed.text), ur))).toEqual([]);
    expect(sayLoadError({ message: 'Only English' }, ur)).toBe('Only English');
  });
});
