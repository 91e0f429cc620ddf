// A row read again from its record's bytes gives the incident the load gave.
// The oracle for where each record lies is papaparse's own cursor over the
// whole text, not the app's record scanner.
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { detectLayout, type Row, safeHeader } from '../../../src/data/import/table/detect-layout';
import { rereadRows, type TableShape } from '../../../src/data/import/table/reread';
import { TableReader } from '../../../src/data/import/table/tabular';
import type { Incident } from '../../../src/data/types';
import { readFixture } from './helpers';

const utf8 = new TextEncoder();

/** The table loaded as the app loads it, each incident by row index, and each row's record as text. */
function load(name: string) {
  const text = readFixture(name).replace(/^\uFEFF/, '');
  const records: string[] = [];
  let from = -1;
  Papa.parse<Row>(text, {
    header: true,
    transformHeader: safeHeader,
    skipEmptyLines: 'greedy',
    delimiter: name.endsWith('.tsv') ? '\t' : '',
    step: (result) => {
      const cursor = result.meta.cursor;
      // The first record starts after the header's line.
      if (from < 0) from = text.indexOf(result.meta.linebreak) + result.meta.linebreak.length;
      records.push(text.slice(from, cursor));
      from = cursor;
    },
  });
  const head = Papa.parse<Row>(text, {
    header: true,
    transformHeader: safeHeader,
    skipEmptyLines: 'greedy',
    delimiter: name.endsWith('.tsv') ? '\t' : '',
  });
  const fields = head.meta.fields ?? [];
  const guess = detectLayout(fields);
  const byRow = new Map<number, Incident>();
  const reader = new TableReader(guess, { name }, (incident, index) => byRow.set(index, incident));
  reader.add(head.data);
  reader.finish();
  const shape: TableShape = {
    guess,
    name,
    delimiter: head.meta.delimiter,
    newline: head.meta.linebreak,
    fields,
    headers: reader.columns ?? [],
  };
  return { byRow, records, shape };
}

describe('rows read again from their bytes', () => {
  for (const name of [
    'atlas-small.csv',
    'acled-small.csv',
    'ucdp-small.csv',
    'ucdp-places.csv',
    'generic-small.csv',
    'generic.tsv',
    'quoted-multiline.csv',
    'bom-crlf.csv',
    'mixed-good-bad.csv',
    'hxl.csv',
  ]) {
    test(`${name}: every incident, one row at a time and all at once`, () => {
      const { byRow, records, shape } = load(name);
      expect(byRow.size).toBeGreaterThan(0);
      for (const [row, incident] of byRow) {
        expect(rereadRows(shape, [utf8.encode(records[row])], [row])[0], `row ${row}`).toEqual(incident);
      }
      const rows = [...byRow.keys()].reverse();
      const again = rereadRows(
        shape,
        rows.map((row) => utf8.encode(records[row])),
        rows,
      );
      expect(again).toEqual(rows.map((row) => byRow.get(row)));
    });
  }
});
