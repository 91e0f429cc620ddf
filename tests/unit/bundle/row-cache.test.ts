// The cache of decoded row groups: a hit only with every column asked, columns added to a group held,
// least recently used first out past the rows bound, footers bounded by count.

import type { FileMetaData } from 'hyparquet';
import { describe, expect, test } from 'vitest';
import { type GroupCells, RowGroupCache } from '../../../src/data/bundle/row-cache';

const cells = (rows: number, ...columns: string[]): GroupCells =>
  new Map(columns.map((c) => [c, Array.from({ length: rows }, (_, i) => `${c}${i}`)]));

describe('RowGroupCache', () => {
  test('answers for a group only with every column asked', () => {
    const cache = new RowGroupCache();
    cache.put(0, 3, cells(2, 'day', 'id'), 2);
    expect(cache.get(0, 3, ['day'])?.get('day')).toEqual(['day0', 'day1']);
    expect(cache.get(0, 3, ['day', 'title'])).toBeUndefined();
    expect(cache.get(1, 3, ['day'])).toBeUndefined();
    cache.put(0, 3, cells(2, 'title'), 2);
    expect(cache.get(0, 3, ['day', 'title'])?.get('title')).toEqual(['title0', 'title1']);
    // The same group's columns added count its rows once.
    expect([cache.size, cache.rows]).toEqual([1, 2]);
  });

  test('lets the least recently used groups go past its rows, never the one just put', () => {
    const cache = new RowGroupCache({ maxRows: 10 });
    cache.put(0, 0, cells(4, 'day'), 4);
    cache.put(0, 1, cells(4, 'day'), 4);
    cache.get(0, 0, ['day']);
    cache.put(0, 2, cells(4, 'day'), 4);
    // Group 1 was used least recently.
    expect(cache.get(0, 1, ['day'])).toBeUndefined();
    expect(cache.get(0, 0, ['day'])).toBeDefined();
    expect(cache.rows).toBe(8);
    cache.put(1, 0, cells(20, 'day'), 20);
    expect([cache.size, cache.rows]).toEqual([1, 20]);
  });

  test('keeps a bounded number of footers', () => {
    const cache = new RowGroupCache({ maxFooters: 2 });
    const footer = (n: number) => ({ num_rows: BigInt(n) }) as unknown as FileMetaData;
    cache.putFooter(0, footer(0));
    cache.putFooter(1, footer(1));
    cache.footer(0);
    cache.putFooter(0, footer(0));
    cache.putFooter(2, footer(2));
    expect([cache.footer(0), cache.footer(1), cache.footer(2)].map((f) => f && Number(f.num_rows))).toEqual([
      0,
      undefined,
      2,
    ]);
    cache.clear();
    expect([cache.size, cache.rows, cache.footer(0)]).toEqual([0, 0, undefined]);
  });
});
