// Each incident's actors as a PackBuilder gathers them: indexes into a table
// of actor names in order of first appearance, a run per incident in one
// growing array, then put into reveal order. Pure: runs in workers and in Node.
import { indexIn, lookUp, runsIn, withRoom } from './columns';
import type { PackPart } from './packed-types';
import { type Codes, narrowCodes } from './short-records';

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
  actorsIn(permutation: Uint32Array, identity: boolean): [Uint32Array, Uint32Array] {
    const { items, offsets } = runsIn(
      this.actorList,
      this.actorFrom,
      this.actorCount,
      permutation,
      identity,
      this.actorsUsed,
    );
    return [items, offsets];
  }
}

/** Each incident's actors, as PackedIncidents keeps them (see actorListOf). */
export interface ActorColumns {
  /** List l is actors[actorOffsets[l] .. actorOffsets[l + 1]), indexes into the actor names. */
  actors: Uint32Array;
  actorOffsets: Uint32Array;
  /** Incident i's list; absent when list i is incident i's. */
  actorList?: Codes;
}

/** Incident `i`'s list of actors in `columns` (see ActorColumns). */
export function actorListOf(columns: Pick<ActorColumns, 'actorList'>, i: number): number {
  return columns.actorList ? columns.actorList[i] : i;
}

/**
 * The lists of actors (one per incident, list i incident i's) with each
 * distinct list kept once and a code per incident, when at most half the
 * incidents name a list of their own: a large table names the same few sides
 * over and over, and a code of one or two bytes replaces an offset of four
 * and the list itself. Otherwise the lists as they are.
 */
export function codeActorLists(actors: Uint32Array, actorOffsets: Uint32Array): ActorColumns {
  const count = actorOffsets.length - 1;
  const limit = Math.floor(count / 2);
  // Open addressing over the distinct lists (by their first incident), at most half full.
  let size = 16;
  while (size < 2 * limit + 2) size *= 2;
  const slots = new Int32Array(size);
  const firstOf: number[] = [];
  const code = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const from = actorOffsets[i];
    const to = actorOffsets[i + 1];
    let hash = 0x811c9dc5 ^ (to - from);
    for (let k = from; k < to; k++) hash = Math.imul(hash ^ actors[k], 0x01000193);
    let slot = (hash >>> 0) & (size - 1);
    for (;;) {
      const entry = slots[slot];
      if (entry === 0) {
        if (firstOf.length === limit) return { actors, actorOffsets };
        firstOf.push(i);
        slots[slot] = firstOf.length;
        code[i] = firstOf.length - 1;
        break;
      }
      if (sameRun(actors, actorOffsets, firstOf[entry - 1], i)) {
        code[i] = entry - 1;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  const offsets = new Uint32Array(firstOf.length + 1);
  for (let l = 0; l < firstOf.length; l++) {
    const first = firstOf[l];
    offsets[l + 1] = offsets[l] + actorOffsets[first + 1] - actorOffsets[first];
  }
  const lists = new Uint32Array(offsets[firstOf.length]);
  for (let l = 0; l < firstOf.length; l++) {
    const first = firstOf[l];
    lists.set(actors.subarray(actorOffsets[first], actorOffsets[first + 1]), offsets[l]);
  }
  return { actors: lists, actorOffsets: offsets, actorList: narrowCodes(code, firstOf.length - 1) };
}

/** Whether incidents `a` and `b` name the same actors in the same order. */
function sameRun(actors: Uint32Array, offsets: Uint32Array, a: number, b: number): boolean {
  const length = offsets[a + 1] - offsets[a];
  if (offsets[b + 1] - offsets[b] !== length) return false;
  for (let k = 0; k < length; k++) if (actors[offsets[a] + k] !== actors[offsets[b] + k]) return false;
  return true;
}
