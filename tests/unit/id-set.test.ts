import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashId, IdSet } from '../../src/data/pack/id-set';
import { PackBuilder } from '../../src/data/pack/packed';
import { findId } from '../../src/data/pack/records';
import type { Incident } from '../../src/data/types';

/** An incident on day `day` of 2024 with nothing else of note. */
function incidentWith(id: string, day: number): Incident {
  const start = Date.UTC(2024, 0, day);
  return {
    id,
    title: id,
    summary: '',
    date: new Date(start).toISOString().slice(0, 10),
    start,
    end: start + 86_400_000,
    startDay: new Date(start).toISOString().slice(0, 10),
    category: 'attack',
    locationPrecision: 'exact',
    actors: [],
    related: [],
    sources: [],
    coordinates: [69, 33],
  };
}

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

  it('gives the hash of each id in the order added, and an adopted copy of its table answers as it does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '-', '1', 'é'), maxLength: 5 }), { maxLength: 300 }),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 30 }),
        (list, probes) => {
          const ids = new IdSet();
          const added: string[] = [];
          for (const id of list) if (ids.add(id)) added.push(id);
          expect([...ids.hashes()]).toEqual(added.map((id) => hashId(id) | 0));
          // As a worker sends it: a copy of the table, and the ids in the order added, joined.
          const offsets = new Uint32Array(added.length + 1);
          added.forEach((id, i) => {
            offsets[i + 1] = offsets[i] + id.length;
          });
          const adopted = IdSet.adopt(ids.slots.slice(), added.join(''), offsets);
          expect(adopted.size).toBe(added.length);
          for (const id of [...list, ...probes]) expect(adopted.has(id)).toBe(ids.has(id));
          expect([...adopted.hashes()]).toEqual([...ids.hashes()]);
        },
      ),
    );
  });

  it('packs a table in which findId finds every id at its place in reveal order, with hashes given or not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 8 }), { maxLength: 120 }), fc.boolean(), (list, given) => {
        const ids = new IdSet();
        const builder = new PackBuilder();
        // Added newest first, so the reveal order is the reverse of the order added.
        list.forEach((id, i) => {
          ids.add(id);
          builder.add(incidentWith(id, list.length - i));
        });
        const { incidents } = builder.finish({ name: 'ids', places: [] }, given ? ids.hashes() : undefined);
        list.forEach((id, i) => {
          expect(findId(incidents, id)).toBe(list.length - 1 - i);
        });
        expect(findId(incidents, `${list.join('')}!`)).toBe(-1);
      }),
    );
  });

  it('finds every id, and none that is absent, in tables three quarters full', () => {
    // Ids coded as prefix and number, and (with a leading zero) kept as text.
    for (const count of [12, 13, 24, 25, 48, 96, 192, 384, 3072, 3073]) {
      for (const prefix of ['id-', 'id-0']) {
        const builder = new PackBuilder();
        const list = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
        list.forEach((id, i) => {
          builder.add(incidentWith(id, count - i));
        });
        const { incidents } = builder.finish({ name: 'ids', places: [] });
        expect('text' in incidents.ids).toBe(prefix === 'id-0');
        expect(incidents.idTable.length * 3).toBeGreaterThanOrEqual(count * 4);
        expect(incidents.idTable.length).toBeLessThanOrEqual(Math.max(16, (count * 4) / 3 + 2));
        list.forEach((id, i) => {
          expect(findId(incidents, id)).toBe(count - 1 - i);
        });
        for (const absent of [`${prefix}x`, `${prefix}${count}`, '', 'id-', `${prefix}00`, ` ${prefix}1`]) {
          expect(findId(incidents, absent)).toBe(-1);
        }
      }
    }
  });

  it('made larger at once (reserve) at any point, answers as a Set of the same strings does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '-', '1'), maxLength: 4 }), { maxLength: 200 }),
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '-', '1'), maxLength: 4 }), { maxLength: 200 }),
        fc.nat({ max: 2000 }),
        (before, after, expected) => {
          const ids = new IdSet();
          const oracle = new Set<string>();
          const added: string[] = [];
          const add = (id: string) => {
            expect(ids.add(id)).toBe(!oracle.has(id));
            if (!oracle.has(id)) added.push(id);
            oracle.add(id);
          };
          before.forEach(add);
          ids.reserve(expected);
          // Room for `expected` ids at a load of at most a half: two numbers a slot.
          expect(ids.slots.length).toBeGreaterThanOrEqual(expected * 4);
          after.forEach(add);
          for (const id of [...before, ...after, 'zz']) expect(ids.has(id)).toBe(oracle.has(id));
          expect([...ids.hashes()]).toEqual(added.map((id) => hashId(id) | 0));
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
