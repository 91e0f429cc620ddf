// Only the columns a layout reads are fetched from a Parquet file. Two checks:
// every column a layout's reader looks at (recorded on CSV fixtures of each
// layout) is one columnsForLayout names; and reading a file with a large column
// no layout reads never asks for that column's bytes.

import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, test } from 'vitest';
import { columnsForLayout } from '../../../src/data/import/parquet/layout-columns';
import { loadParquet } from '../../../src/data/import/parquet/read-parquet';
import { detectLayout, type Row } from '../../../src/data/import/table/detect-layout';
import { TableReader } from '../../../src/data/import/table/tabular';
import { parseTable, readFixture } from './helpers';

/** A row that records the cells read from it; its first key is a filled cell, so no blank-row check reads on. */
function watched(row: Row, read: Set<string>): Row {
  const target: Row = { __watch: 'x', ...row };
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(object, key, receiver);
    },
  });
}

describe('the columns each layout reads', () => {
  test.each([
    'atlas-small.csv',
    'ucdp-small.csv',
    'ucdp-places.csv',
    'ucdp-old-columns.csv',
    'ucdp-country-check.csv',
    'acled-small.csv',
    'acled-old-uppercase.csv',
    'acled-dmy-dates.csv',
    'generic-small.csv',
    'mixed-good-bad.csv',
  ])('%s: every cell read is in a column columnsForLayout names', (name) => {
    const { headers, rows } = parseTable(readFixture(name));
    const guess = detectLayout(headers);
    const wanted = columnsForLayout(guess, headers);
    const read = new Set<string>();
    const reader = new TableReader(guess, { name }, () => {});
    // The first row is looked at whole (is it a row of HXL tags?): it is not watched.
    reader.add([rows[0], ...rows.slice(1).map((row) => watched(row, read))]);
    reader.finish();
    const readColumns = headers.filter((header) => read.has(header));
    expect(readColumns.length).toBeGreaterThan(3);
    expect(readColumns.filter((column) => !wanted.includes(column))).toEqual([]);
    // And no column is asked for that the layout does not read, but for the other spellings it looks for.
    expect(wanted.length).toBeLessThan(headers.length + 1);
  });
});

/** Deterministic text that Snappy cannot shrink much: what a long free-text column is. */
function noise(seed: number, length: number): string {
  let state = seed * 2654435761;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    text += String.fromCharCode(97 + ((state >>> 16) % 26));
  }
  return text;
}

describe('bytes read', () => {
  test('a UCDP-named file with a large column no layout reads: that column is never asked for', async () => {
    const count = 6000;
    const ids = Array.from({ length: count }, (_, i) => BigInt(100_000 + i));
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'id', data: ids, type: 'INT64' },
          { name: 'source_original', data: ids.map((_, i) => noise(i + 1, 800)), type: 'STRING' },
          {
            name: 'date_start',
            data: ids.map((_, i) => `2020-01-${String(1 + (i % 28)).padStart(2, '0')}`),
            type: 'STRING',
          },
          { name: 'date_prec', data: ids.map(() => 1), type: 'INT32' },
          { name: 'where_prec', data: ids.map((_, i) => 1 + (i % 7)), type: 'INT32' },
          { name: 'type_of_violence', data: ids.map((_, i) => 1 + (i % 3)), type: 'INT32' },
          { name: 'side_a', data: ids.map(() => 'Government of Pakistan'), type: 'STRING' },
          { name: 'side_b', data: ids.map((_, i) => `Group ${i % 40}`), type: 'STRING' },
          { name: 'latitude', data: ids.map((_, i) => 30 + (i % 500) / 100), type: 'DOUBLE' },
          { name: 'longitude', data: ids.map((_, i) => 66 + (i % 700) / 100), type: 'DOUBLE' },
          { name: 'best', data: ids.map((_, i) => i % 9), type: 'INT32' },
        ],
        rowGroupSize: 1500,
      }),
    );
    const asked: [number, number][] = [];
    const blob = new Blob([bytes]);
    // A File as the worker is given one, recording each slice() it is asked for.
    const file = {
      size: blob.size,
      slice(start?: number, end?: number) {
        asked.push([start ?? 0, end ?? blob.size]);
        return blob.slice(start, end);
      },
    } as Blob;
    const loaded = await loadParquet({ file }, { name: 'ucdp-wide.parquet' });
    if (loaded.type !== 'done') throw new Error(JSON.stringify(loaded));
    expect(loaded.dataset.incidents.count).toBe(count);
    expect(loaded.layout).toBe('UCDP Georeferenced Event Dataset (GED)');

    const { metadata } = loaded.shape.file;
    const chunks = metadata.row_groups.flatMap((group) => group.columns.map((c) => c.meta_data));
    const unread = chunks
      .filter((meta) => meta?.path_in_schema[0] === 'source_original')
      .map((meta) => {
        const start = Number(meta?.dictionary_page_offset ?? meta?.data_page_offset);
        return [start, start + Number(meta?.total_compressed_size)] as const;
      });
    expect(unread).toHaveLength(4);
    // The end of the file is read first, for the footer, whatever it holds; every other read is of columns read.
    const [footer, ...rest] = asked;
    expect(footer).toEqual([bytes.length - 64 * 1024, bytes.length]);
    const overlaps = rest.filter(([s, e]) => unread.some(([from, to]) => s < to && e > from));
    expect(overlaps).toEqual([]);
    const total = asked.reduce((sum, [s, e]) => sum + e - s, 0);
    const needed = chunks
      .filter((meta) => meta?.path_in_schema[0] !== 'source_original')
      .reduce((sum, meta) => sum + Number(meta?.total_compressed_size), 0);
    // The columns read, and the end of the file for its footer (64 KB at most).
    expect(total).toBeLessThanOrEqual(needed + 64 * 1024);
    expect(total / bytes.length).toBeLessThan(0.1);
    console.log(
      `bytes read: ${total} of ${bytes.length} (${((100 * total) / bytes.length).toFixed(1)}%), ${asked.length} slices`,
    );
  }, 60_000);
});
