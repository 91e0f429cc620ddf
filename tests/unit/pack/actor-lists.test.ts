import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actorListOf, codeActorLists } from '../../../src/data/pack/actor-lists';

function columnsOf(lists: number[][]) {
  const actorOffsets = new Uint32Array(lists.length + 1);
  lists.forEach((list, i) => {
    actorOffsets[i + 1] = actorOffsets[i] + list.length;
  });
  return { actors: Uint32Array.from(lists.flat()), actorOffsets };
}

function listsOf(columns: ReturnType<typeof codeActorLists>, count: number): number[][] {
  return Array.from({ length: count }, (_, i) => {
    const l = actorListOf(columns, i);
    return [...columns.actors.subarray(columns.actorOffsets[l], columns.actorOffsets[l + 1])];
  });
}

describe('codeActorLists', () => {
  it('keeps each repeated list once, with a code per incident', () => {
    const lists = [[0, 1], [2], [0, 1], [], [1, 0], [2], [0, 1], []];
    const { actors, actorOffsets } = columnsOf(lists);
    const coded = codeActorLists(actors, actorOffsets);
    expect(coded.actorList).toBeInstanceOf(Uint8Array);
    expect([...(coded.actorList ?? [])]).toEqual([0, 1, 0, 2, 3, 1, 0, 2]);
    expect([...coded.actorOffsets]).toEqual([0, 2, 3, 3, 5]);
    expect(listsOf(coded, lists.length)).toEqual(lists);
  });

  it('leaves the lists as they are when more than half the incidents have one of their own', () => {
    const lists = [[0], [1], [2], [0], [3]];
    const { actors, actorOffsets } = columnsOf(lists);
    const kept = codeActorLists(actors, actorOffsets);
    expect(kept.actorList).toBeUndefined();
    expect(kept.actors).toBe(actors);
    expect(listsOf(kept, lists.length)).toEqual(lists);
  });

  it('gives every incident its own list back, coded or not', () => {
    const list = fc.array(fc.nat(4), { maxLength: 3 });
    fc.assert(
      fc.property(fc.array(list, { maxLength: 60 }), (lists) => {
        const { actors, actorOffsets } = columnsOf(lists);
        expect(listsOf(codeActorLists(actors, actorOffsets), lists.length)).toEqual(lists);
      }),
    );
  });
});
