// Inputs made to hurt: cells megabytes long, nesting thousands deep, reserved
// column names, ids repeated thousands of times, tens of thousands of distinct
// categories. Each must cost only its own row or feature, and say so briefly.
import { describe, expect, test } from 'vitest';
import { parseIncidentDate } from '../../../src/data/dates/incident-date';
import { CsvRows } from '../../../src/data/import/csv-stream';
import { readGeoJSONText } from '../../../src/data/import/geojson';
import { parseLooseDate } from '../../../src/data/import/table/cells';
import { detectLayout, MAX_COLUMNS, type Row, tooManyColumns } from '../../../src/data/import/table/detect-layout';
import { rowsToDataset, TableReader } from '../../../src/data/import/table/tabular';
import { describeProblem } from '../../../src/data/import/validate';
import { categoryColors, colorGroups, OTHER_COLOR } from '../../../src/data/pack/category-colors';
import { countValues, mostFrequent } from '../../../src/data/pack/most-frequent';
import { packDataset } from '../../../src/data/pack/packed';
import { quoteCell } from '../../../src/data/text/quote';
import type { Incident } from '../../../src/data/types';
import { parseHash } from '../../../src/url/hash';

/** Rows of a CSV text as the app's worker reads them: papaparse through CsvRows, header first. */
function csvRows(text: string): { fields: string[]; rows: Row[] } {
  let fields: string[] = [];
  const rows: Row[] = [];
  const reader = new CsvRows(
    '',
    (header) => {
      fields = header;
    },
    (more) => rows.push(...more),
  );
  reader.push(text);
  reader.end();
  return { fields, rows };
}

/** Reads a CSV text as the app does, through its recognised layout. */
function readCsv(text: string) {
  const { fields, rows } = csvRows(text);
  const incidents: Incident[] = [];
  const reader = new TableReader(detectLayout(fields), { name: 'test.csv', headers: fields }, (incident) =>
    incidents.push(incident),
  );
  reader.add(rows);
  return { incidents, problems: reader.finish(), fields, rows };
}

const HUGE = 100_000;

describe('a date cell is bounded before any parser sees it', () => {
  test('a 100,000-character EDTF date is refused, quoted in about 80 characters with its length', () => {
    const result = parseIncidentDate(`Y${'1'.repeat(HUGE)}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('longer than the 64 characters');
    expect(result.message).toContain('(100,001 characters)');
    expect(result.message.length).toBeLessThan(250);
  });

  test('a set of 12,800 dates is refused as too long, not parsed', () => {
    const set = `{${Array.from({ length: 12_800 }, () => '2024-01-01').join(',')}}`;
    const result = parseIncidentDate(set);
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.message).toContain('longer than the 64 characters');
  });

  test('a short list or set is refused as a list of dates', () => {
    expect(parseIncidentDate('{2024-01-01,2024-02-02}')).toMatchObject({
      ok: false,
      message: expect.stringContaining('is a list of dates'),
    });
    expect(parseIncidentDate('[2024-01-01..2024-02-02]')).toMatchObject({
      ok: false,
      message: expect.stringContaining('is a list of dates'),
    });
  });

  test('eight digits are not an EDTF date (the edtf package would read them as milliseconds since 1970)', () => {
    expect(parseIncidentDate('20241224')).toMatchObject({ ok: false });
  });

  test('text with characters EDTF does not use is refused without parsing', () => {
    expect(parseIncidentDate('24 December 2024')).toMatchObject({
      ok: false,
      message: expect.stringContaining('is not an EDTF date'),
    });
  });

  test('EDTF forms within the bound still read: qualified, intervals, open ends, unspecified digits', () => {
    expect(parseIncidentDate('2024-12-21~')).toMatchObject({ ok: true });
    expect(parseIncidentDate('2024-12-16/2024-12-22')).toMatchObject({ ok: true });
    expect(parseIncidentDate('2024-12-24/..')).toMatchObject({ ok: true });
    expect(parseIncidentDate('2024-?12-24')).toMatchObject({ ok: true });
    expect(parseIncidentDate('2024-12-XX')).toMatchObject({ ok: true });
  });

  test('a loose table date longer than the bound is refused with its length', () => {
    const result = parseLooseDate(`05 December ${'2'.repeat(HUGE)}`);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('longer than the 64 characters');
    expect(!result.ok && result.message.length).toBeLessThan(400);
  });
});

describe('a message quotes at most about 80 characters of a cell', () => {
  test('a short cell is quoted whole, escaped as JSON escapes it', () => {
    expect(quoteCell('abc')).toBe('"abc"');
    expect(quoteCell('a"b\u0000')).toBe('"a\\"b\\u0000"');
  });

  test('a long cell is cut with an ellipsis and its length', () => {
    const quoted = quoteCell('x'.repeat(HUGE));
    expect(quoted).toBe(`"${'x'.repeat(79)}…" (100,000 characters)`);
  });

  test('the cut does not split a character written as two UTF-16 units', () => {
    const text = `${'x'.repeat(78)}😀${'y'.repeat(100)}`;
    const quoted = quoteCell(text);
    expect(quoted.startsWith(`"${'x'.repeat(78)}…"`)).toBe(true);
  });

  test('a row whose latitude is 100,000 characters is named by row with a short message; the others load', () => {
    const text = `date,latitude,longitude,title\n2024-12-01,34.5,69.1,first\n2024-12-02,${'9'.repeat(HUGE)}x,69.2,second\n2024-12-03,34.7,69.3,third\n`;
    const { incidents, problems } = readCsv(text);
    expect(incidents.map((i) => i.title)).toEqual(['first', 'third']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 3, field: 'latitude', skipped: true });
    expect(describeProblem(problems[0]).length).toBeLessThan(250);
  });

  test('a row whose date cell is 100,000 characters is named by row; the rows around it load', () => {
    const text = `date,latitude,longitude,title\n2024-12-01,34.5,69.1,first\n${'2'.repeat(HUGE)},34.6,69.2,second\n2024-12-03,34.7,69.3,third\n`;
    const { incidents, problems } = readCsv(text);
    expect(incidents.map((i) => i.title)).toEqual(['first', 'third']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 3, field: 'date', skipped: true });
    expect(problems[0].message).toContain('(100,000 characters)');
  });

  test('a link naming a 100,000-character incident id is refused with a short message', () => {
    const { link, problems } = parseHash(`#incident=${'a'.repeat(HUGE)}&date=${'9'.repeat(HUGE)}`);
    expect(link.incident).toBeUndefined();
    expect(link.date).toBeUndefined();
    expect(problems).toHaveLength(2);
    for (const problem of problems) expect(problem.length).toBeLessThan(250);
  });

  test('an incident naming 10,000 unknown related ids names five and counts the rest', () => {
    const related = Array.from({ length: 10_000 }, (_, i) => `gone-${i}`);
    const feature = {
      type: 'Feature',
      id: 'one',
      geometry: { type: 'Point', coordinates: [69, 34] },
      properties: {
        title: 'One',
        date: '2024-12-01',
        category: 'attack',
        location_precision: 'exact',
        related,
        sources: [{ title: 'A report', publisher: 'Someone' }],
      },
    };
    const { problems } = readGeoJSONText(JSON.stringify({ type: 'FeatureCollection', features: [feature] }), {
      name: 'x',
    });
    const message = problems.find((p) => p.field === 'related')?.message ?? '';
    expect(message).toContain('"gone-0", "gone-1", "gone-2", "gone-3", "gone-4" and 9,995 more');
  });
});

describe('one feature cannot fail the file', () => {
  /** A value nested `depth` levels deep: JSON.stringify and the structure checker overflow the stack on it. */
  const deep = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
  const feature = (id: string, properties: Record<string, unknown>) => ({
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [69, 34] },
    properties: { title: id, date: '2024-12-01', ...properties },
  });

  test('a property nested 100,000 levels deep skips that feature only, named as too deep', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [feature('before', {}), { placeholder: true }, feature('after', {})],
    }).replace(
      '{"placeholder":true}',
      JSON.stringify(feature('deep', {})).replace('"title"', `"x":${'{"a":'.repeat(HUGE)}1${'}'.repeat(HUGE)},"title"`),
    );
    const { dataset, problems } = readGeoJSONText(text, { name: 'deep.geojson' });
    expect(dataset.incidents.map((i) => i.id)).toEqual(['before', 'after']);
    const skipped = problems.filter((p) => p.skipped);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ index: 1 });
    expect(skipped[0].message).toContain('nested too deeply');
  });

  test('a member of the collection nested deeply does not stop its features', () => {
    const collection = { type: 'FeatureCollection', metadata: deep(HUGE), features: [feature('one', {})] };
    // JSON.stringify cannot write it either: the text is put together by hand.
    const text = `{"type":"FeatureCollection","metadata":${'{"a":'.repeat(HUGE)}1${'}'.repeat(HUGE)},"features":[${JSON.stringify(collection.features[0])}]}`;
    const { dataset } = readGeoJSONText(text, { name: 'deep.geojson' });
    expect(dataset.incidents.map((i) => i.id)).toEqual(['one']);
  });
});

describe('ids repeated many times', () => {
  test('each repeat takes the lowest free suffix, past ids the file gives itself', () => {
    const rows = ['x', 'x', 'x-3', 'x', 'x', 'x-2'].map((id, n) => ({
      id,
      date: '2024-12-01',
      latitude: '34',
      longitude: '69',
      title: `t${n}`,
      location_precision: 'exact',
      category: 'attack',
      sources_json: '[{"title":"a","publisher":"b"}]',
    }));
    const { dataset } = rowsToDataset(rows, detectLayout(Object.keys(rows[0])), { name: 'ids.csv' });
    expect(dataset.incidents.map((i) => i.id)).toEqual(['x', 'x-2', 'x-3', 'x-4', 'x-5', 'x-2-2']);
  });
});

describe('reserved column names are renamed, so their cells are kept', () => {
  test('__proto__ and __parsed_extra columns keep their cells, and a row longer than the header loads', () => {
    const text =
      'date,latitude,longitude,__proto__,__parsed_extra\n2024-12-01,34.5,69.1,kept,also kept\n2024-12-02,34.6,69.2,two,2,extra,cells\n';
    const { fields, rows, incidents } = readCsv(text);
    expect(fields).toEqual(['date', 'latitude', 'longitude', '__proto__ (column 4)', '__parsed_extra (column 5)']);
    expect(rows[0]['__proto__ (column 4)']).toBe('kept');
    expect(rows[0]['__parsed_extra (column 5)']).toBe('also kept');
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(incidents).toHaveLength(2);
  });

  test('a table wider than the limit is refused with its number of columns', () => {
    const fields = Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`);
    expect(tooManyColumns(fields.slice(0, MAX_COLUMNS), 'wide.csv')).toBeNull();
    expect(tooManyColumns(fields, 'wide.csv')).toContain('wide.csv has 2,001 columns, more than the 2,000');
  });
});

describe('many distinct categories', () => {
  test('mostFrequent keeps the highest counts, ties to the first seen, in index order', () => {
    expect(mostFrequent([5, 1, 5, 3, 9, 0], 3)).toEqual([0, 2, 4]);
    expect(mostFrequent([1, 1, 1, 1, 1], 2)).toEqual([0, 1]);
    expect(mostFrequent([0, 0, 2, 2, 1], 2)).toEqual([2, 3]);
    expect(mostFrequent([3, 2], 40)).toEqual([0, 1]);
  });

  test('past 40 categories only the most frequent get a colour; the rest share the Other colour', () => {
    const categories = Array.from({ length: 100 }, (_, i) => `c${i}`);
    // c50..c89 are the most frequent.
    const counts = categories.map((_, i) => (i >= 50 && i < 90 ? 10 : 1));
    const colors = categoryColors(categories, counts);
    expect([...colors.keys()]).toEqual(categories.slice(50, 90));
    const { palette, groupOf } = colorGroups(categories, colors);
    expect(palette.at(-1)).toBe(OTHER_COLOR);
    expect(palette[groupOf[0]]).toBe(OTHER_COLOR);
    expect(palette[groupOf[50]]).toBe(colors.get('c50'));
    expect(new Set(palette).size).toBe(palette.length);
  });

  test('70,000 distinct categories keep their own index past 65,535', () => {
    const count = 70_000;
    const incidents: Incident[] = Array.from({ length: count }, (_, i) => ({
      id: `i${i}`,
      title: `t${i}`,
      summary: '',
      date: '2024-12-01',
      start: Date.UTC(2024, 11, 1),
      end: Date.UTC(2024, 11, 2) - 1,
      startDay: '2024-12-01',
      order: i,
      category: `cat-${i}`,
      locationPrecision: 'exact',
      actors: [],
      related: [],
      sources: [{ title: 'a', publisher: 'b' }],
      coordinates: [69, 34],
    }));
    const packed = packDataset({ name: 'many', incidents, places: [] }).incidents;
    expect(packed.categories).toHaveLength(count);
    for (const i of [0, 65_535, 65_536, 69_999]) expect(packed.categories[packed.category[i]]).toBe(`cat-${i}`);
    expect([...countValues(packed.category, packed.categories.length)].every((n) => n === 1)).toBe(true);
    expect(packed.categoryCounts).toEqual(countValues(packed.category, packed.categories.length));
    // Ties go to the first seen: cat-0 to cat-39 have colours of their own, the rest the Other colour.
    const colors = categoryColors(packed.categories, packed.categoryCounts);
    expect(packed.palette[packed.colorGroup[0]]).toBe(colors.get('cat-0'));
    expect(packed.palette[packed.colorGroup[39]]).toBe(colors.get('cat-39'));
    for (const i of [40, 65_536, 69_999]) expect(packed.palette[packed.colorGroup[i]]).toBe(OTHER_COLOR);
  });
});

describe('names of the prototype are data like any other', () => {
  test('categories named constructor or toString get colours of their own', () => {
    const colors = categoryColors(['constructor', 'toString', '__proto__', 'attack']);
    expect([...colors.values()].every((color) => /^#[0-9a-f]{6}$/.test(color))).toBe(true);
    expect(colors.get('attack')).toBe('#c53030');
  });

  test('a UCDP where_prec of "constructor" is reported and treated as exact', () => {
    const header =
      'id,date_start,date_end,date_prec,where_prec,type_of_violence,side_a,side_b,latitude,longitude,best,conflict_name,country';
    const text = `${header}\n1,2010-01-01,2010-01-01,1,constructor,1,A,B,34,69,2,War,Pakistan\n`;
    const { incidents, problems } = readCsv(text);
    expect(incidents.map((i) => i.locationPrecision)).toEqual(['exact']);
    expect(problems.map((p) => p.field)).toEqual(['where_prec']);
  });
});

describe('faults in members the reader never uses', () => {
  test("a bad bbox on a feature's geometry is a warning, as on the feature itself", () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [69.2, 34.5], bbox: [1, 2, 3] },
          properties: { date: '2024-12-24', title: 'T' },
        },
      ],
    });
    const { dataset, problems } = readGeoJSONText(text, { name: 'bbox.geojson' });
    expect(dataset.incidents).toHaveLength(1);
    expect(problems).toMatchObject([{ index: 0, field: 'geometry', skipped: false }]);
    expect(problems[0].message).toContain('a bbox must have 4 or 6 positions');
  });
});
