import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet } from '../../src/data/id-set';

describe('IdSet', () => {
  it('answers has and add as a Set of the same strings does, through many growths', () => {
    fc.assert(
      fc.property(
        // Short strings from few characters, so many repeat (and many hashes collide in small tables).
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '-', '1', 'é'), maxLength: 4 }), { maxLength: 400 }),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 50 }),
        (added, probes) => {
          const ids = new IdSet();
          const oracle = new Set<string>();
          for (const id of added) {
            expect(ids.add(id)).toBe(!oracle.has(id));
            oracle.add(id);
          }
          expect(ids.size).toBe(oracle.size);
          for (const id of [...added, ...probes]) expect(ids.has(id)).toBe(oracle.has(id));
        },
      ),
    );
  });

  it('holds a hundred thousand distinct ids', () => {
    const ids = new IdSet();
    for (let i = 0; i < 100_000; i++) ids.add(`row-${i}`);
    expect(ids.size).toBe(100_000);
    expect(ids.has('row-99999')).toBe(true);
    expect(ids.has('row-100000')).toBe(false);
    expect(ids.add('row-5')).toBe(false);
  });
});
