import { describe, expect, test } from 'vitest';
import { cell, detectLayout, isHxlRow } from '../../../src/data/import/table/detect-layout';
import { parseTable, readFixture } from './helpers';

const headersOf = (name: string) => parseTable(readFixture(name)).headers;

describe('detectLayout recognises known exports', () => {
  test('UCDP GED (22.1, as HDX publishes it)', () => {
    const guess = detectLayout(headersOf('ucdp-small.csv'));
    expect(guess).toMatchObject({ kind: 'ucdp', confident: true });
    expect(guess.mapping).toMatchObject({
      id: 'id',
      date: 'date_start',
      dateEnd: 'date_end',
      lat: 'latitude',
      lon: 'longitude',
      category: 'type_of_violence',
      fatalities: 'best',
      actors: ['side_a', 'side_b'],
    });
  });

  test('UCDP GED with the old column names (best_est, where_coordinates)', () => {
    const guess = detectLayout(headersOf('ucdp-old-columns.csv'));
    expect(guess).toMatchObject({ kind: 'ucdp', confident: true });
    expect(guess.mapping?.fatalities).toBe('best_est');
  });

  test('ACLED, current lower-case columns', () => {
    const guess = detectLayout(headersOf('acled-small.csv'));
    expect(guess).toMatchObject({ kind: 'acled', confident: true });
    expect(guess.mapping).toMatchObject({ id: 'event_id_cnty', date: 'event_date', lat: 'latitude', lon: 'longitude' });
  });

  test('ACLED, old upper-case columns, keeps the names as written', () => {
    const guess = detectLayout(headersOf('acled-old-uppercase.csv'));
    expect(guess).toMatchObject({ kind: 'acled', confident: true });
    expect(guess.mapping).toMatchObject({ id: 'EVENT_ID_CNTY', date: 'EVENT_DATE', lat: 'LATITUDE', lon: 'LONGITUDE' });
    expect(guess.mapping?.actors).toEqual(['ACTOR1', 'ALLY_ACTOR_1', 'ACTOR2', 'ALLY_ACTOR_2']);
  });

  test('our own CSV export', () => {
    expect(detectLayout(headersOf('atlas-small.csv'))).toMatchObject({ kind: 'atlas', confident: true });
  });

  test('labels say what was recognised', () => {
    expect(detectLayout(headersOf('ucdp-small.csv')).label).toMatch(/UCDP/);
    expect(detectLayout(headersOf('acled-small.csv')).label).toMatch(/ACLED/);
  });
});

describe('detectLayout on other tables', () => {
  test('recognises lat/lng/datetime columns, whatever their case', () => {
    expect(detectLayout(['Name', 'LAT', 'Lng', 'DateTime', 'Type'])).toEqual({
      kind: 'generic',
      label: expect.any(String),
      confident: true,
      mapping: { date: 'DateTime', lat: 'LAT', lon: 'Lng', title: 'Name', category: 'Type' },
    });
  });

  test.each([
    ['y', 'x', 'timestamp'],
    ['decimalLatitude', 'decimalLongitude', 'start_date'],
    ['Latitude', 'Long', 'Day'],
  ])('%s / %s / %s', (lat, lon, date) => {
    expect(detectLayout([date, lat, lon, 'headline'])).toMatchObject({
      kind: 'generic',
      confident: true,
      mapping: { lat, lon, date, title: 'headline' },
    });
  });

  test('a start date takes its end date along', () => {
    expect(detectLayout(['date_start', 'date_end', 'lat', 'lon']).mapping).toMatchObject({
      date: 'date_start',
      dateEnd: 'date_end',
    });
  });

  test('two candidate date columns are ambiguous: not confident, best guess kept', () => {
    const guess = detectLayout(['date', 'time', 'lat', 'lon']);
    expect(guess).toMatchObject({
      kind: 'generic',
      confident: false,
      mapping: { date: 'date', lat: 'lat', lon: 'lon' },
    });
  });

  test('two candidate latitude columns are ambiguous', () => {
    expect(detectLayout(['latitude', 'y', 'longitude', 'date']).confident).toBe(false);
  });

  test('a missing key column is not confident and left empty in the mapping', () => {
    const guess = detectLayout(['lat', 'lon', 'title']);
    expect(guess).toMatchObject({ confident: false, mapping: { date: '', lat: 'lat', lon: 'lon', title: 'title' } });
  });

  test('nothing recognisable gives no mapping', () => {
    expect(detectLayout(['when', 'north', 'east', 'what'])).toMatchObject({
      kind: 'generic',
      confident: false,
      mapping: null,
    });
    expect(detectLayout([])).toMatchObject({ confident: false, mapping: null });
  });

  test('a BOM on the first header does not hide it', () => {
    expect(detectLayout(['\uFEFFdate', 'latitude', 'longitude'])).toMatchObject({
      confident: true,
      mapping: { date: '\uFEFFdate' },
    });
  });

  test('__proto__ and constructor headers are plain names', () => {
    const guess = detectLayout(['__proto__', 'constructor', 'date', 'lat', 'lon']);
    expect(guess).toMatchObject({ confident: true, mapping: { date: 'date', lat: 'lat', lon: 'lon' } });
    // biome-ignore lint/suspicious/noExplicitAny: checking for prototype pollution
    expect(({} as any).date).toBeUndefined();
  });
});

describe('isHxlRow', () => {
  const { rows } = parseTable(readFixture('ucdp-small.csv'));

  test('the UCDP HXL row is one, its data rows are not', () => {
    expect(isHxlRow(rows[0])).toBe(true);
    expect(isHxlRow(rows[1])).toBe(false);
  });

  test('a data row with one hashtag in it is not', () => {
    expect(isHxlRow({ title: '#MeToo march', date: '2024-12-01', lat: '1', lon: '2' })).toBe(false);
    expect(isHxlRow({ a: '#date', b: '#geo+lat', c: '#geo+lon', d: 'note' })).toBe(true);
    expect(isHxlRow({ a: '', b: '' })).toBe(false);
  });
});

describe('cell', () => {
  test('reads own properties only', () => {
    expect(cell({}, 'constructor')).toBe('');
    expect(cell({}, 'toString')).toBe('');
    expect(cell({}, '__proto__')).toBe('');
    expect(cell({ constructor: 'x' }, 'constructor')).toBe('x');
    expect(cell({ a: 'b' }, undefined)).toBe('');
  });
});
