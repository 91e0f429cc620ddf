// Each incident's actors as a PackBuilder gathers them: indexes into a table
// of actor names in order of first appearance, a run per incident in one
// growing array, then put into reveal order. Pure: runs in workers and in Node.
import { indexIn, lookUp, runsIn, withRoom } from './columns';
import type { PackPart } from './packed-types';

/**
 * The actor lists by entry, in order of arrival, as PackBuilder numbers its
 * entries; it grows them with its own and hands them on in its parts.
 */
export class ActorLists {
  actorFrom = new Uint32Array(1024);
  actorCount = new Uint32Array(1024);
  actorList = new Uint32Array(1024);
  actorsUsed = 0;
  /** For each actor, 1 + the index of the last incident that named it (see add). */
  private actorSeen = new Uint32Array(1024);
  private readonly actorIndex = new Map<string, number>();

  grow(needed: number): void {
    this.actorFrom = withRoom(this.actorFrom, needed);
    this.actorCount = withRoom(this.actorCount, needed);
  }

  /** Makes room for `items` actors in all the lists. */
  room(items: number): void {
    this.actorList = withRoom(this.actorList, items);
  }

  /** The actor names, in order of first appearance. */
  names(): string[] {
    return [...this.actorIndex.keys()];
  }

  /** How many actors are named. */
  get size(): number {
    return this.actorIndex.size;
  }

  /** Adds entry `i`'s actors, each named once. */
  add(i: number, actors: readonly string[]): void {
    this.actorFrom[i] = this.actorsUsed;
    // Checked here before calling: withRoom, called with arrays of every kind, is slow to call per row.
    if (this.actorsUsed + actors.length > this.actorList.length) {
      this.actorList = withRoom(this.actorList, this.actorsUsed + actors.length);
    }
    const from = this.actorsUsed;
    // An actor named twice in one incident is counted once: each actor keeps the last
    // incident that named it (1 + its index), so a list of any length is one pass.
    const stamp = i + 1;
    for (const name of actors) {
      const a = indexIn(this.actorIndex, name);
      if (a >= this.actorSeen.length) this.actorSeen = withRoom(this.actorSeen, a + 1);
      if (this.actorSeen[a] === stamp) continue;
      this.actorSeen[a] = stamp;
      this.actorList[this.actorsUsed++] = a;
    }
    this.actorCount[i] = this.actorsUsed - from;
  }

  /**
   * Appends the actor lists of entries from..to of a part as entries base..
   * here, in one piece (see PackBuilder.absorb); `remap` numbers the part's
   * actors as this table does (-1 until first met).
   */
  absorb(part: PackPart, from: number, to: number, base: number, remap: Int32Array): void {
    const actorsFrom = part.actorFrom[from];
    const actorsTo = part.actorFrom[to - 1] + part.actorCount[to - 1];
    this.actorList = withRoom(this.actorList, this.actorsUsed + actorsTo - actorsFrom);
    for (let a = actorsFrom; a < actorsTo; a++) {
      this.actorList[this.actorsUsed + a - actorsFrom] = lookUp(
        remap,
        part.actorList[a],
        part.actorNames,
        this.actorIndex,
      );
    }
    for (let j = from; j < to; j++) {
      const i = base + j - from;
      this.actorFrom[i] = part.actorFrom[j] - actorsFrom + this.actorsUsed;
      this.actorCount[i] = part.actorCount[j];
    }
    this.actorsUsed += actorsTo - actorsFrom;
  }

  /** Each incident's actors in the order `permutation` gives, and where each one's start. */
  actorsIn(permutation: Uint32Array, identity: boolean) {
    const { items, offsets } = runsIn(
      this.actorList,
      this.actorFrom,
      this.actorCount,
      permutation,
      identity,
      this.actorsUsed,
    );
    return { actors: items, actorOffsets: offsets };
  }
}
