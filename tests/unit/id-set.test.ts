import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet } from '../../src/data/id-set';
import { findId } from '../../src/data/packed';

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

  it('answers any mix of has and add (a check, then an add of the same id or another) as a Set does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.string({ unit: fc.constantFrom('a', 'b', '1'), maxLength: 3 })), {
          maxLength: 300,
        }),
        (steps) => {
          const ids = new IdSet();
          const oracle = new Set<string>();
          for (const [check, id] of steps) {
            if (check) expect(ids.has(id)).toBe(oracle.has(id));
            else {
              expect(ids.add(id)).toBe(!oracle.has(id));
              oracle.add(id);
            }
          }
          for (const id of oracle) expect(ids.has(id)).toBe(true);
        },
      ),
    );
  });

  it('gives a table in which findId finds every id at its new place', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 8 }), { maxLength: 200 }),
        fc.string({ maxLength: 8 }),
        (list, other) => {
          const ids = new IdSet();
          for (const id of list) ids.add(id);
          // The ids in reverse: the i-th added goes to place n - 1 - i.
          const position = Uint32Array.from(list, (_, i) => list.length - 1 - i);
          const reversed = [...list].reverse();
          const offsets = new Uint32Array(list.length + 1);
          reversed.forEach((id, i) => {
            offsets[i + 1] = offsets[i] + id.length;
          });
          const packed = { ids: reversed.join(''), idOffsets: offsets, idTable: ids.table(position) };
          list.forEach((id, i) => {
            expect(findId(packed, id)).toBe(position[i]);
          });
          if (!list.includes(other)) expect(findId(packed, other)).toBe(-1);
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
