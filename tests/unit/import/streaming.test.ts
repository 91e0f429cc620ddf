// The dataset worker reads a table a chunk at a time and packs each incident as
// it is read. Whatever the chunk boundaries, the result must be what reading
// the whole table at once and packing it gives: same incidents in the same
// order, same records, same problems on the same rows.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { detectLayout } from '../../../src/data/import/table/detect-layout';
import { rowsToDataset, TableReader } from '../../../src/data/import/table/tabular';
import { PackBuilder, packDataset } from '../../../src/data/pack/packed';
import type { PackedIncidents } from '../../../src/data/pack/packed-types';
import { recordOf } from '../../../src/data/pack/records';
import { parseTable } from './helpers';

const CSV = [
  'id,title,summary,date,latitude,longitude,category,location_precision,related,sources_json,dataset,attribution',
  ',,,,,,,,,,,',
  'a,First,,2024-12-05,33.1,69.2,attack,exact,c; nowhere,,,',
  'b,Second,,2024-12,33.2,69.3,statement,province,,,Border events,',
  'a,Same id as the first,,2024-12-01,33.3,69.4,attack,,,,,Someone else',
  'c,No place,,2024-12-02,,69.4,attack,exact,,,,',
  'd,Bad date,,soon,33.3,69.4,attack,exact,,,,',
  'e,Names a later one,,2024-11-30,33.5,69.6,airstrike,town,f,,,',
  'f,Later,,2024-12-24,33.6,69.7,,exact,e; a,,,A. Source',
  'g,Last,,2024-12-05,33.7,69.8,attack,exact,,,,',
].join('\n');

/** Every column, with the records as text in reveal order (where their bytes lie depends on when each was encoded). */
function comparable(incidents: PackedIncidents) {
  const { records, recordStart, recordLength, ...columns } = incidents;
  const utf8 = new TextDecoder();
  return {
    ...columns,
    records: Array.from({ length: incidents.count }, (_, i) => utf8.decode(recordOf(incidents, i))),
  };
}

describe('TableReader in chunks', () => {
  const { headers, rows } = parseTable(CSV);
  const guess = detectLayout(headers);
  const whole = rowsToDataset(rows, guess, { name: 'table.csv' });
  const expected = packDataset(whole.dataset);

  test('the whole table has problems to carry (the test data is not all good)', () => {
    expect(whole.dataset.name).toBe('Border events');
    expect(whole.dataset.attribution).toBe('Someone else');
    expect(whole.problems.map((p) => p.row)).toEqual(expect.arrayContaining([4, 6, 7]));
    expect(whole.problems.some((p) => p.field === 'related' && p.message.includes('nowhere'))).toBe(true);
  });

  test('any split into chunks gives the same packed dataset and problems', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: rows.length - 1 }), { maxLength: 4 }), (cuts) => {
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), rows.length];
        const builder = new PackBuilder();
        const reader = new TableReader(guess, { name: 'table.csv' }, (incident) => builder.add(incident));
        // A chunk with no rows (papaparse can give one) changes nothing.
        reader.add([]);
        for (let i = 0; i + 1 < bounds.length; i++) reader.add(rows.slice(bounds[i], bounds[i + 1]));
        const problems = reader.finish();
        const packed = builder.finish({ name: reader.name, attribution: reader.attribution, places: [] });
        expect(problems).toEqual(whole.problems);
        expect(packed.name).toBe('Border events');
        expect(packed.attribution).toBe('Someone else');
        expect(comparable(packed.incidents)).toEqual(comparable(expected.incidents));
      }),
    );
  });
});

describe('where each incident lies in the file', () => {
  test("each incident keeps its row's index in the table (skipped rows counted, empty ones not), in reveal order", () => {
    const { headers, rows } = parseTable(CSV);
    const builder = new PackBuilder();
    const reader = new TableReader(detectLayout(headers), { name: 'table.csv' }, (incident, index) =>
      builder.add(incident, index),
    );
    reader.add(rows.slice(0, 3));
    reader.add(rows.slice(3));
    reader.finish();
    const packed = builder.finish({ name: 'table.csv', places: [] }).incidents;
    // The oracle: the line each title is written on (titles are unique here) among the data lines,
    // leaving out those whose every cell is empty (no row, as papaparse's 'greedy' reads them).
    const dataLines = CSV.split('\n')
      .slice(1)
      .filter((line) => !/^[\s,]*$/.test(line));
    const lineOf = new Map(dataLines.map((line, n) => [line.split(',')[1], n]));
    const utf8 = new TextDecoder();
    const found = Array.from({ length: packed.count }, (_, i) => {
      const title = (JSON.parse(utf8.decode(recordOf(packed, i))) as { title: string }).title;
      return [title, packed.rowInFile[i]];
    });
    expect(found.length).toBeGreaterThan(4);
    for (const [title, row] of found) expect(row, title as string).toBe(lineOf.get(title as string));
  });
});
