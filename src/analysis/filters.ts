// Which incidents a filter keeps, and the facet counts beside it, worked out on
// the packed columns (category indexes, actor lists, the folded search text)
// so that a million incidents cost a few passes over typed arrays and a few
// native string searches, not a million objects. Pure.
import { dayNumber } from '../data/dates/incident-date';
import { actorListOf } from '../data/pack/actor-lists';
import type { PackedIncidents } from '../data/pack/packed-types';
import { searchText } from '../data/pack/records';
import { lowerBound } from '../data/pack/sorted';
import { scanLines, searchWords } from '../data/search/scan';

/** What the analyst narrowed the incidents to. Empty lists and '' keep everything. */
export interface IncidentFilter {
  /** Category names; an incident is kept when it has one of them. */
  categories: readonly string[];
  /** Country names; an incident is kept when it happened in one of them. */
  countries: readonly string[];
  /** Actor names; an incident is kept when it names one of them. */
  actors: readonly string[];
  /** Free text: every word must appear in the title, summary, actors or place. */
  q: string;
  /**
   * First and last day (YYYY-MM-DD) of a date range; an incident is kept when
   * its dates can fall in it (an uncertain date overlapping it is kept). Absent
   * or null: no bound.
   */
  from?: string | null;
  to?: string | null;
  /** true: only incidents whose claims of the same thing give different figures. */
  contested?: boolean;
}

export const NO_FILTER: IncidentFilter = { categories: [], countries: [], actors: [], q: '' };

export { MAX_SEARCH_WORDS, searchWords } from '../data/search/scan';

type Columns = Pick<
  PackedIncidents,
  | 'count'
  | 'category'
  | 'categories'
  | 'country'
  | 'countries'
  | 'actorNames'
  | 'actorOffsets'
  | 'actors'
  | 'actorList'
  | 'search'
  | 'searchOffsets'
  | 'contested'
> & { days: Pick<PackedIncidents['days'], 'first' | 'last'> };

/** A day as a day number, or null when the filter gives none (or not a day). */
function boundDay(day: string | null | undefined): number | null {
  if (!day) return null;
  const n = dayNumber(day);
  return Number.isFinite(n) ? n : null;
}

/** 1 where incident i's dates overlap the range; null when the filter gives no range. */
function dateMask(packed: Columns, from: string | null | undefined, to: string | null | undefined): Uint8Array | null {
  const [first, last] = [boundDay(from), boundDay(to)];
  if (first === null && last === null) return null;
  const low = first ?? -Infinity;
  const high = last ?? Infinity;
  const days = packed.days;
  const mask = new Uint8Array(packed.count);
  for (let i = 0; i < packed.count; i++) mask[i] = days.first[i] <= high && days.last[i] >= low ? 1 : 0;
  return mask;
}

/** 1 where incident i's claimed figures differ; null when the filter does not ask. */
function contestedMask(packed: Columns, contested: boolean | undefined): Uint8Array | null {
  if (!contested) return null;
  const mask = new Uint8Array(packed.count);
  for (const i of packed.contested ?? []) mask[i] = 1;
  return mask;
}

/** 1 where incident i has one of the categories; null when the filter names none. */
function categoryMask(packed: Columns, names: readonly string[]): Uint8Array | null {
  if (names.length === 0) return null;
  const wanted = new Uint8Array(packed.categories.length);
  const chosen = new Set(names);
  packed.categories.forEach((name, c) => {
    if (chosen.has(name)) wanted[c] = 1;
  });
  const mask = new Uint8Array(packed.count);
  for (let i = 0; i < packed.count; i++) mask[i] = wanted[packed.category[i]];
  return mask;
}

/** 1 where incident i happened in one of the countries; null when the filter names none. */
function countryMask(packed: Columns, names: readonly string[]): Uint8Array | null {
  if (names.length === 0) return null;
  // Column values are 1 + index into `countries`; 0 (not known) is never wanted.
  const wanted = new Uint8Array(packed.countries.length + 1);
  const chosen = new Set(names);
  packed.countries.forEach((name, k) => {
    if (chosen.has(name)) wanted[k + 1] = 1;
  });
  const mask = new Uint8Array(packed.count);
  for (let i = 0; i < packed.count; i++) mask[i] = wanted[packed.country[i]];
  return mask;
}

/** 1 where incident i names one of the actors; null when the filter names none. */
function actorMask(packed: Columns, names: readonly string[]): Uint8Array | null {
  if (names.length === 0) return null;
  const index = new Map(packed.actorNames.map((name, a) => [name, a]));
  const wanted = new Uint8Array(packed.actorNames.length);
  for (const name of names) {
    const a = index.get(name);
    if (a !== undefined) wanted[a] = 1;
  }
  const mask = new Uint8Array(packed.count);
  // Each list is looked at once, however many incidents name it.
  const { actorOffsets, actors } = packed;
  const lists = new Uint8Array(actorOffsets.length - 1);
  for (let l = 0; l < lists.length; l++) {
    for (let k = actorOffsets[l]; k < actorOffsets[l + 1]; k++) {
      if (wanted[actors[k]]) {
        lists[l] = 1;
        break;
      }
    }
  }
  for (let i = 0; i < packed.count; i++) mask[i] = lists[actorListOf(packed, i)];
  return mask;
}

/** 1 where incident i's text holds every word of `q`; null when `q` has no words. */
export function searchMask(packed: Columns, q: string): Uint8Array | null {
  const words = searchWords(q);
  if (words.length === 0) return null;
  return scanLines({ count: packed.count, text: searchText(packed), offsets: packed.searchOffsets }, words);
}

function and(a: Uint8Array | null, b: Uint8Array | null): Uint8Array | null {
  if (a === null) return b;
  if (b === null) return a;
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
  return out;
}

export interface FilterResult {
  /** 1 where incident i is kept; null when the filter keeps everything. */
  mask: Uint8Array | null;
  /** Reveal indexes of the incidents kept, ascending; null when the filter keeps everything. */
  kept: Uint32Array | null;
  /** How many incidents are kept. */
  count: number;
  /**
   * Per category (in `categories` order), country (`countries` order) and actor
   * (`actorNames` order), how many incidents the filter would keep with that
   * value chosen and the other parts as they are: the counts beside each facet's choices.
   */
  categoryCounts: Uint32Array;
  countryCounts: Uint32Array;
  actorCounts: Uint32Array;
  /** How many incidents whose claimed figures differ the filter would keep with that choice made. */
  contestedCount: number;
}

/**
 * Applies a filter to the packed incidents. `textMask`, when given, is the
 * search's answer worked out elsewhere (the dataset worker, which keeps the
 * text): 1 where an incident holds every word, null for no search.
 */
export function applyFilter(packed: Columns, filter: IncidentFilter, textMask?: Uint8Array | null): FilterResult {
  const byCategory = categoryMask(packed, filter.categories);
  const byCountry = countryMask(packed, filter.countries);
  const byActor = actorMask(packed, filter.actors);
  // The date range narrows everything, the facets' counts too.
  const bySearch = textMask === undefined ? searchMask(packed, filter.q) : textMask;
  const byDate = and(bySearch, dateMask(packed, filter.from, filter.to));
  const byText = and(byDate, contestedMask(packed, filter.contested));
  const mask = and(and(byCategory, byCountry), and(byActor, byText));
  // The incidents whose figures differ that the rest of the filter keeps: the count beside that choice.
  // (Most datasets have none: no mask is made then.)
  let contestedCount = 0;
  if (packed.contested?.length) {
    const forContested = filter.contested ? mask : and(and(byCategory, byCountry), and(byActor, byDate));
    for (const i of packed.contested) if (forContested === null || forContested[i]) contestedCount++;
  }

  // Each facet is counted with every other part of the filter applied, not its own.
  const forCategories = and(byCountry, and(byActor, byText));
  const forCountries = and(byCategory, and(byActor, byText));
  const forActors = and(and(byCategory, byCountry), byText);
  const categoryCounts = new Uint32Array(packed.categories.length);
  // Index 0 counts incidents whose country is not known; dropped below.
  const countryCounts = new Uint32Array(packed.countries.length + 1);
  const actorCounts = new Uint32Array(packed.actorNames.length);
  const { category, country, actorOffsets, actors } = packed;
  // Incidents counted by their list of actors, then each list's actors by its count.
  const listCounts = new Uint32Array(actorOffsets.length - 1);
  for (let i = 0; i < packed.count; i++) {
    if (forCategories === null || forCategories[i]) categoryCounts[category[i]]++;
    if (forCountries === null || forCountries[i]) countryCounts[country[i]]++;
    if (forActors === null || forActors[i]) {
      listCounts[actorListOf(packed, i)]++;
    }
  }
  for (let l = 0; l < listCounts.length; l++) {
    if (listCounts[l] > 0)
      for (let k = actorOffsets[l]; k < actorOffsets[l + 1]; k++) actorCounts[actors[k]] += listCounts[l];
  }
  const counts = { categoryCounts, countryCounts: countryCounts.subarray(1), actorCounts, contestedCount };

  if (mask === null) return { mask, kept: null, count: packed.count, ...counts };
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i];
  const kept = new Uint32Array(count);
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) kept[k++] = i;
  return { mask, kept, count, ...counts };
}

/** How many of the kept incidents come before reveal index `end` (all incidents when nothing is filtered). */
export function keptBefore(result: Pick<FilterResult, 'kept'>, end: number): number {
  return result.kept === null ? end : lowerBound(result.kept, end);
}

/** Reveal index of the n-th kept incident. */
export function keptAt(result: Pick<FilterResult, 'kept'>, n: number): number {
  return result.kept === null ? n : result.kept[n];
}
