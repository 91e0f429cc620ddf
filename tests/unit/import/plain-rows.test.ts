// A table worker reads the rows of Incident Atlas and generic tables that need
// nothing mended straight from their cells (Layout.plain), and every other row
// the long way (the layout's convert, then the incident reader). Whatever the
// rows, the incidents, their order, the ids and every problem must be exactly
// those of reading each row the long way, as papaparse's `header: true` gives it.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CountryOutlines } from '../../../src/data/import/places/country-outlines';
import { REGION_OUTLINES } from '../../../src/data/import/places/region-outlines';
import { detectLayout } from '../../../src/data/import/table/detect-layout';
import { rowOf } from '../../../src/data/import/table/row';
import { isWhiteSpace, TableReader } from '../../../src/data/import/table/tabular';
import { PackBuilder } from '../../../src/data/pack/packed';
import { recordOf, unpackIncident } from '../../../src/data/pack/records';

const regionOutlines = new CountryOutlines(REGION_OUTLINES);

/** A column: values as the schema wants them (most rows), and values that call for a problem or a mend. */
type Column = [name: string, plain: string[], odd: string[]];

const ATLAS: Column[] = [
  ['id', ['u'], ['a', 'a-2', '', 'x y', ' u1', 'row-4']],
  ['title', ['Event one', 'Talks in Kabul', 'é'], ['', '  ', ' padded ', "'=sum", 'Line\nbreak']],
  ['date', ['2024-01-02', '2024-03', '2024-01-01/2024-02-01', '2024-12-21~'], ['bad', '', ' 2024-01-02', '2024-02-30']],
  ['latitude', ['34.5', '33', '-33.25', '0'], ['-91', 'x', '34,25', ' 34', '']],
  ['longitude', ['69.2', '70', '-71.5'], ['200', '', '1e999']],
  ['location_precision', ['exact', 'town', 'district'], ['', 'bogus', 'Town', ' exact']],
  ['category', ['attack', 'diplomacy', 'Raid'], ['', 'b"c', ' padded ', "'+x"]],
  ['actors', ['', 'A; B', 'B', 'C; A; A'], [' ; ', 'é;']],
  ['related', [''], ['a', 'zzz', 'u3; u40', 'row-9']],
  [
    'sources_json',
    ['[{"title":"T","publisher":"P"}]', '[{"publisher":"Q","url":"https://example.org"}]'],
    ['', 'not json', '[]', '[{"title":""}]'],
  ],
  ['summary', ['', 'Text.', ' spaced '], ["'=cmd"]],
  ['place', ['', 'kabul'], [' ', ' kabul']],
  ['country', ['', 'PK', 'Pakistan'], [' ', ' PK ']],
  ['order', ['', '1', '-2'], ['1.5', 'x', ' 3']],
  ['fatalities', ['', '0', '3', '2.5'], ['-1', 'many', '1,5']],
  ['origin', [''], ['kabul', ' ']],
  ['dataset', [''], ['Named here']],
  ['attribution', [''], ['Someone']],
];

const GENERIC: Column[] = [
  ['id', ['u', ''], ['a', 'x y', ' u1', '-lead']],
  ['date', ['2024-01-02', '05/12/2024', '2024-03', '05 December 2024', '20240105'], ['bad', '', '31/02/2024']],
  ['latitude', ['34.5', '33', '-33.25', '34,25'], ['-91', 'x', '']],
  ['longitude', ['69.2', '70', '-71.5'], ['200', '']],
  ['title', ['Event one', 'é', ''], ['  ', ' padded ', 'Line\nbreak']],
  ['category', ['attack', 'Raid'], ['', '  ', ' two  spaces ']],
  ['notes', ['', 'Text.', ' spaced '], []],
  ['actor1', ['', 'A; B', 'A'], [' ; ']],
  ['actor2', ['', 'B'], []],
  ['deaths', ['', '0', '3'], ['-1', 'many']],
  ['date_end', [''], ['2024-02-01', 'soon']],
  ['city', ['', 'Wana', 'Mir Ali'], [' padded ', 'Line\nbreak', 'Wana.']],
  ['district', ['', 'South Waziristan', 'Wana'], []],
  ['province', ['', 'Khyber Pakhtunkhwa'], []],
  // With the points above, some fit their country and some do not: the check is made on both ways.
  ['country', ['', 'Pakistan', 'PK', 'Afghanistan'], [' ', ' Pakistan ', 'Nowhere']],
];

/** A table of `columns` (some left out), and rows of their values; ids 'u' are made unique. */
const tableOf = (columns: Column[]) =>
  fc
    .record({
      kept: fc.array(fc.boolean(), { minLength: columns.length, maxLength: columns.length }),
      rows: fc.array(
        fc.array(
          fc.tuple(
            fc.oneof({ arbitrary: fc.constant(true), weight: 12 }, { arbitrary: fc.constant(false), weight: 1 }),
            fc.nat(),
          ),
          { minLength: columns.length, maxLength: columns.length },
        ),
        { minLength: 1, maxLength: 40 },
      ),
      // Now and then a blank row, a row of white space, or one cut short.
      shapes: fc.array(fc.constantFrom('row', 'row', 'row', 'row', 'row', 'row', 'blank', 'spaces', 'short', 'long')),
    })
    .map(({ kept, rows, shapes }) => {
      // The layout's key columns are always there; the others now and then.
      const used = columns.filter(
        (column, c) =>
          kept[c] ||
          ['date', 'date_start', 'latitude', 'longitude', 'location_precision'].includes(column[0]) ||
          (column[0] === 'id' && columns === ATLAS),
      );
      const fields = used.map(([name]) => name);
      const lists = rows.map((cells, r) => {
        const shape = shapes[r % Math.max(1, shapes.length)] ?? 'row';
        if (shape === 'blank') return fields.map(() => '');
        if (shape === 'spaces') return fields.map(() => ' ');
        const values = used.map(([name, plain, odd], c) => {
          const [isPlain, pick] = cells[columns.indexOf(used[c])];
          const choices = isPlain || odd.length === 0 ? plain : odd;
          const value = choices[pick % choices.length];
          return name === 'id' && value === 'u' ? `u${r}` : value;
        });
        if (shape === 'short') return values.slice(0, Math.max(1, values.length - 2));
        return shape === 'long' ? [...values, 'extra'] : values;
      });
      return { fields, lists };
    });

/** A table read by one TableReader, into one builder; `read` gives it the rows. */
function readWith(fields: string[], read: (reader: TableReader) => void) {
  const guess = detectLayout(fields);
  const builder = new PackBuilder();
  const reader = new TableReader(guess, { name: 'table.csv', headers: fields, outlines: regionOutlines }, (incident) =>
    builder.add(incident),
  );
  read(reader);
  const problems = reader.finish();
  const dataset = builder.finish({ name: reader.name, attribution: reader.attribution, places: [] });
  const p = dataset.incidents;
  const utf8 = new TextDecoder();
  return {
    guess: guess.kind,
    problems,
    name: dataset.name,
    attribution: dataset.attribution,
    categories: p.categories,
    countries: p.countries,
    actorNames: p.actorNames,
    search: new TextDecoder('utf-16le').decode(p.search),
    incidents: Array.from({ length: p.count }, (_, i) => unpackIncident(p, i, utf8.decode(recordOf(p, i)))),
  };
}

/** A generic table whose dates are spans: a start and an end column. */
const GENERIC_SPAN: Column[] = GENERIC.map(([name, plain, odd]) =>
  name === 'date'
    ? ['date_start', plain, odd]
    : name === 'date_end'
      ? [name, ['', '2024-12-31'], ['soon', '2023-01-01']]
      : [name, plain, odd],
);

describe.each([
  ['an Incident Atlas table', ATLAS, 'atlas'],
  ['a generic table', GENERIC, 'generic'],
  ['a generic table of date spans', GENERIC_SPAN, 'generic'],
])('rows of %s read from their cells', (_, columns, kind) => {
  test('give the incidents and problems of reading each row the long way', () => {
    fc.assert(
      fc.property(tableOf(columns), fc.nat({ max: 3 }), ({ fields, lists }, offset) => {
        const cells = readWith(fields, (reader) => reader.addLists([fields, ...lists], 1, fields, offset));
        const rows = readWith(fields, (reader) =>
          reader.add(
            lists.filter((list) => !isWhiteSpace(list)).map((list) => rowOf(list, fields)),
            offset,
          ),
        );
        expect(cells.guess).toBe(kind);
        expect(cells).toEqual(rows);
      }),
      { numRuns: 400 },
    );
  });
});
