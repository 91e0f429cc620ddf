import { describe, expect, test } from 'vitest';
import { LoadRelay } from '../../src/data/dataset-loader';
import type { ColumnMapping } from '../../src/data/layouts';

describe('LoadRelay', () => {
  test('progress before the page attaches is shown once it does, as the latest step; later progress goes straight on', () => {
    const relay = new LoadRelay();
    relay.callbacks.onProgress(0.1, 'reading');
    relay.callbacks.onProgress(0.4, 'parsing');
    const seen: [number | null, string][] = [];
    relay.attach({ onProgress: (fraction, phase) => seen.push([fraction, phase]) });
    expect(seen).toEqual([[0.4, 'parsing']]);
    relay.callbacks.onProgress(null, 'indexing');
    expect(seen).toEqual([
      [0.4, 'parsing'],
      [null, 'indexing'],
    ]);
  });

  test('a question about columns waits for the page, then gets its answer', async () => {
    const relay = new LoadRelay();
    const guess = { kind: 'generic', label: 'a table', confident: false, mapping: null } as never;
    let answered = false;
    const asked = relay.callbacks.chooseColumns(['a', 'b'], [], guess).then((mapping) => {
      answered = true;
      return mapping;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answered).toBe(false);
    const mapping = { date: 'a', lat: 'b', lon: 'b' } as unknown as ColumnMapping;
    const headersSeen: string[][] = [];
    relay.attach({
      chooseColumns: async (headers) => {
        headersSeen.push(headers);
        return mapping;
      },
    });
    expect(await asked).toBe(mapping);
    expect(headersSeen).toEqual([['a', 'b']]);
  });

  test('a page with nothing to ask answers no (the load is then cancelled)', async () => {
    const relay = new LoadRelay();
    relay.attach({});
    expect(await relay.callbacks.chooseColumns([], [], {} as never)).toBeNull();
  });
});
