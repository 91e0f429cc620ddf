// Packing: PackBuilder keeps validated incidents, as they arrive, as columns
// of typed arrays, and sorts them into reveal order as a packed dataset (see
// packed-types.ts) for the dataset worker to hand the page. Pure: runs in the
// worker and in Node.
import { datesKept, dayColumns } from '../dates/day-columns';
import { isContested } from '../import/claims';
import { searchLineOf } from '../search/fold';
import { type Dataset, type Incident, LOCATION_PRECISIONS, type Place } from '../types';
import { ActorLists, codeActorLists } from './actor-lists';
import { categoryColors, colorGroups } from './category-colors';
import { indexIn, lookUp, permuted, withRoom } from './columns';
import { type IdColumn, idColumnOf, idTableOf } from './id-column';
import { hashId } from './id-set';
import { countValues } from './most-frequent';
import { packedPoints, revealHashes, withBuffers } from './packed-buffers';
import type { DatasetMeta, PackedDataset, PackedWithoutBuffers, PackPart, RevealSort } from './packed-types';
import { RecordWriter } from './record-writer';
import { revealPermutation } from './reveal-order';
import { SearchLineBuilder } from './search-lines';
import { narrowCodes, ShortRecordBuilder } from './short-records';

/** Locations known only to a district, province or country are drawn hollow. */
export const isVague = (incident: Pick<Incident, 'locationPrecision'>) =>
  incident.locationPrecision === 'district' ||
  incident.locationPrecision === 'province' ||
  incident.locationPrecision === 'country';

/**
 * Packs validated incidents as they arrive, in any order, keeping only columns:
 * each incident's record is encoded on arrival, so the incident object can go.
 * `finish` sorts everything into reveal order and builds the id table and the
 * point buffers. Incidents that name related incidents are encoded last, once
 * the reader has dropped related ids that name nothing (see IncidentReader).
 */
export class PackBuilder {
  private count = 0;
  private start = new Float64Array(1024);
  private end = new Float64Array(1024);
  private order = new Float64Array(1024);
  private lon = new Float64Array(1024);
  private lat = new Float64Array(1024);
  private category = new Uint32Array(1024);
  private country = new Uint32Array(1024);
  private precision = new Uint8Array(1024);
  private flags = new Uint8Array(1024);
  private rowInFile = new Uint32Array(1024);
  /** The ids added, as text in order: an id each when added, the run of ids of a range when absorbed. */
  private readonly idPieces: string[] = [];
  /** Each entry's id length. */
  private idLength = new Uint32Array(1024);
  private readonly deferred = new Map<number, Incident>();
  private readonly categoryIndex = new Map<string, number>();
  /** Place names and countries by id. */
  private readonly placeNames: Map<string, string>;
  private readonly placeCountries: Map<string, string>;
  private readonly countryIndex = new Map<string, number>();
  /** For each part absorbed: its names' indexes here (-1 until first met), and how many of its waiting entries are taken. */
  private readonly remaps = new WeakMap<
    PackPart,
    { category: Int32Array; country: Int32Array; actor: Int32Array; source: Int32Array; deferred: number }
  >();

  /** The JSON records and their source sets, written when records keep the long text (else left empty). */
  private readonly json: RecordWriter;
  /** The short records, as codes, when the long text is not kept: no JSON record is written then. */
  private readonly short: ShortRecordBuilder | null;
  /** Each incident's actors. */
  private readonly actorLists = new ActorLists();
  /** Each incident's search line, kept or indexed. */
  private readonly search: SearchLineBuilder;

  /**
   * `longText`: whether records keep the summary and sources (see encode).
   * `index`: whether search lines go into a token index instead of being kept.
   */
  constructor(places: readonly Place[] = [], options: { longText?: boolean; index?: boolean } = {}) {
    const longText = options.longText ?? true;
    this.short = longText ? null : new ShortRecordBuilder();
    this.json = new RecordWriter(longText);
    this.search = new SearchLineBuilder(options.index ?? false);
    this.placeNames = new Map(places.map((p) => [p.id, p.name]));
    this.placeCountries = new Map(places.filter((p) => p.country).map((p) => [p.id, p.country]));
  }

  /**
   * Adds an incident; `rowInFile` is where its record lies in the file (a
   * table's row index, a feature's index), for its text to be read back from
   * there (see PackedIncidents.rowInFile).
   */
  add(incident: Incident, rowInFile = this.count): void {
    const i = this.count++;
    if (i >= this.start.length) this.grow(i + 1);
    this.rowInFile[i] = rowInFile;
    this.start[i] = incident.start;
    this.end[i] = incident.end;
    this.order[i] = incident.order ?? Number.NaN;
    this.lon[i] = incident.coordinates[0];
    this.lat[i] = incident.coordinates[1];
    this.category[i] = indexIn(this.categoryIndex, incident.category);
    const country = countryName(
      incident.country ?? (incident.place === undefined ? undefined : this.placeCountries.get(incident.place)),
    );
    this.country[i] = country === undefined ? 0 : indexIn(this.countryIndex, country) + 1;
    this.precision[i] = Math.max(0, LOCATION_PRECISIONS.indexOf(incident.locationPrecision));
    const placeName = incident.place === undefined ? undefined : this.placeNames.get(incident.place);
    const special = incident.shape || incident.origin || placeName !== undefined;
    this.flags[i] =
      (isVague(incident) ? VAGUE : 0) | (special ? SPECIAL : 0) | (isContested(incident.claims) ? CONTESTED : 0);
    this.actorLists.add(i, incident.actors);
    this.search.add(
      i,
      searchLineOf({
        title: incident.title,
        summary: incident.summary,
        actors: incident.actors,
        place: placeName ?? incident.place,
      }),
    );
    this.idPieces.push(incident.id);
    this.idLength[i] = incident.id.length;
    if (incident.related.length > 0) this.deferred.set(i, incident);
    else this.encode(i, incident);
  }

  private grow(needed: number): void {
    this.search.grow(needed);
    this.actorLists.grow(needed);
    this.start = withRoom(this.start, needed);
    this.end = withRoom(this.end, needed);
    this.order = withRoom(this.order, needed);
    this.lon = withRoom(this.lon, needed);
    this.lat = withRoom(this.lat, needed);
    this.category = withRoom(this.category, needed);
    this.country = withRoom(this.country, needed);
    this.precision = withRoom(this.precision, needed);
    this.flags = withRoom(this.flags, needed);
    this.idLength = withRoom(this.idLength, needed);
    this.rowInFile = withRoom(this.rowInFile, needed);
    // Short records as codes need no JSON record columns and no source sets: twenty bytes an entry.
    if (this.short) {
      this.short.grow(needed);
      return;
    }
    this.json.grow(needed);
  }

  /** Encodes the record of incident `i`: as short-record codes, or as UTF-8 JSON (see RecordWriter.write). */
  private encode(i: number, incident: Incident): void {
    if (this.short) {
      this.short.add(i, incident);
      return;
    }
    this.json.write(i, incident);
  }

  /**
   * What this builder holds, to be absorbed into another (see absorb), with
   * its buffers ready to transfer: how a table read in blocks on several
   * workers becomes one dataset.
   */
  part(): PackPart {
    return {
      count: this.count,
      start: this.start,
      end: this.end,
      order: this.order,
      lon: this.lon,
      lat: this.lat,
      category: this.category,
      country: this.country,
      precision: this.precision,
      flags: this.flags,
      sourceSet: this.json.sourceSet,
      recordStart: this.json.recordStart,
      recordLength: this.json.recordLength,
      recordShort: this.json.recordShort,
      rowInFile: this.rowInFile,
      records: this.json.records.subarray(0, this.json.used),
      actorFrom: this.actorLists.actorFrom,
      actorCount: this.actorLists.actorCount,
      actorList: this.actorLists.actorList,
      searchUnits: this.search.searchUnits,
      searchStart: this.search.searchStart,
      searchLength: this.search.searchLength,
      ...(this.search.indexing ? { tokenIndex: this.search.finishTokens() } : {}),
      idText: this.idPieces.join(''),
      idOffsets: this.idOffsets(),
      deferred: [...this.deferred],
      ...(this.short ? { short: this.short.part() } : {}),
      categories: [...this.categoryIndex.keys()],
      countries: [...this.countryIndex.keys()],
      actorNames: this.actorLists.names(),
      sourceSets: this.json.sourceSets(),
    };
  }

  /**
   * Appends entries from..to of another builder's part, as if they had been
   * added here in that order: names are looked up again (so categories,
   * countries and actors keep their order of first appearance), and records,
   * search lines and actor lists are copied in one piece each. Entries whose
   * record waits for related ids come along unencoded. Parts are absorbed in
   * the order their entries were read, each part's ranges ascending.
   */
  absorb(part: PackPart, from: number, to: number): void {
    if (to <= from) return;
    // Parts and builder must agree on keeping the long text: records and codes do not mix.
    if (!this.short !== !part.short) {
      throw new Error('a part with long text cannot join one without, nor one without it one with');
    }
    let remap = this.remaps.get(part);
    if (!remap) {
      remap = {
        category: new Int32Array(part.categories.length).fill(-1),
        country: new Int32Array(part.countries.length).fill(-1),
        actor: new Int32Array(part.actorNames.length).fill(-1),
        source: new Int32Array(part.sourceSets.length).fill(-1),
        deferred: 0,
      };
      this.remaps.set(part, remap);
    }
    const base = this.count;
    const n = to - from;
    this.grow(base + n);
    this.count += n;
    for (const [mine, theirs] of [
      [this.start, part.start],
      [this.end, part.end],
      [this.order, part.order],
      [this.lon, part.lon],
      [this.lat, part.lat],
    ] as const) {
      mine.set(theirs.subarray(from, to), base);
    }
    this.precision.set(part.precision.subarray(from, to), base);
    this.rowInFile.set(part.rowInFile.subarray(from, to), base);
    if (this.short && part.short) this.short.absorb(part.short, from, to, base);
    this.search.absorb(part, from, to, base);
    this.flags.set(part.flags.subarray(from, to), base);
    for (let j = from; j < to; j++) {
      const i = base + j - from;
      this.category[i] = lookUp(remap.category, part.category[j], part.categories, this.categoryIndex);
      const country = part.country[j];
      this.country[i] = country === 0 ? 0 : lookUp(remap.country, country - 1, part.countries, this.countryIndex) + 1;
      this.idLength[i] = part.idOffsets[j + 1] - part.idOffsets[j];
    }
    if (!this.short) this.json.absorb(part, from, to, base, remap.source);
    this.idPieces.push(part.idText.slice(part.idOffsets[from], part.idOffsets[to]));

    this.actorLists.absorb(part, from, to, base, remap.actor);

    // Parts list their waiting entries in order.
    const deferred = part.deferred;
    while (remap.deferred < deferred.length && deferred[remap.deferred][0] < to) {
      const [j, incident] = deferred[remap.deferred++];
      if (j >= from) this.deferred.set(base + j - from, incident);
    }
  }

  /**
   * Makes room for `parts` to be absorbed whole, so that absorbing them copies
   * each column once rather than growing it again and again.
   */
  reserve(parts: readonly PackPart[]): void {
    const sum = (size: (part: PackPart) => number) => parts.reduce((total, part) => total + size(part), 0);
    const last = (part: PackPart, start: Float64Array | Uint32Array, length: Uint32Array) =>
      part.count === 0 ? 0 : start[part.count - 1] + length[part.count - 1];
    this.grow(this.count + sum((part) => part.count));
    this.json.room(this.json.used + sum((part) => part.records.length));
    this.search.room(this.search.searchUsed + sum((part) => last(part, part.searchStart, part.searchLength)));
    this.actorLists.room(this.actorLists.actorsUsed + sum((part) => last(part, part.actorFrom, part.actorCount)));
  }

  /**
   * Makes room for about `count` entries in all, the records, search lines and
   * actor lists in proportion to those added so far: a hint, so that a builder
   * filled a row at a time does not copy its columns each time they double.
   */
  expect(count: number): void {
    if (count <= this.count) return;
    this.grow(count);
    if (this.count === 0) return;
    const room = (used: number) => Math.ceil(((used / this.count) * count + 64) * 1.15);
    this.json.room(room(this.json.used));
    this.search.room(room(this.search.searchUsed));
    this.actorLists.room(room(this.actorLists.actorsUsed));
  }

  /** How many incidents have been added (or absorbed) so far. */
  get added(): number {
    return this.count;
  }

  /** Where each id starts in the ids' text (the pieces joined), and where the last ends. */
  private idOffsets(): Uint32Array {
    const offsets = new Uint32Array(this.count + 1);
    for (let i = 0; i < this.count; i++) offsets[i + 1] = offsets[i] + this.idLength[i];
    return offsets;
  }

  /**
   * Everything added, in reveal order. `hashes`, when given, holds the hash
   * (`hashId`) of each id added, in the order added, so no id is hashed again.
   */
  finish(meta: DatasetMeta, hashes?: Int32Array): PackedDataset {
    const sorted = this.sort();
    const ordered = hashes ? revealHashes(hashes, sorted) : this.idHashes(sorted.permutation);
    return withBuffers(this.pack(sorted, meta), packedPoints(sorted.points), idTableOf(ordered));
  }

  /** The hash of each id, in the order `permutation` gives. */
  private idHashes(permutation: Uint32Array): Int32Array {
    const text = this.idPieces.join('');
    const offsets = this.idOffsets();
    return Int32Array.from(permutation, (from) => hashId(text.slice(offsets[from], offsets[from + 1])));
  }

  /**
   * The first half of finish: the reveal order, the columns in it, and what
   * the point buffers are made from (a spatial index and fan-out: a good part
   * of the time at a million), so they can be made elsewhere while the rest is
   * packed. Records are not touched: related ids may still be checked before pack.
   */
  sort(): RevealSort {
    const count = this.count;
    const permutation = revealPermutation(this.start.subarray(0, count), this.order.subarray(0, count));
    // Many files are in reveal order already: their columns are kept as they are.
    let identity = true;
    for (let i = 0; i < count && identity; i++) identity = permutation[i] === i;
    const lon = permuted(this.lon, permutation, identity);
    const lat = permuted(this.lat, permutation, identity);
    const category = permuted(this.category, permutation, identity);
    const flags = permuted(this.flags, permutation, identity);
    const vague = new Uint8Array(count);
    for (let i = 0; i < count; i++) vague[i] = flags[i] & VAGUE;
    const categories = [...this.categoryIndex.keys()];
    // Coloured as the page's legend colours them: the most frequent categories, the rest as "Other".
    const categoryCounts = countValues(category, categories.length);
    const colors = categoryColors(categories, categoryCounts);
    const { palette: groupColors, groupOf } = colorGroups(categories, colors);
    const colorGroup = new Uint8Array(count);
    for (let i = 0; i < count; i++) colorGroup[i] = groupOf[category[i]];
    const groups = { palette: groupColors, colorGroup, categoryCounts };
    return { permutation, identity, category, flags, groups, points: { lon, lat, vague } };
  }

  /** The ids in the order `permutation` gives (see idColumnOf). */
  private idsIn(permutation: Uint32Array, identity: boolean): IdColumn {
    const text = this.idPieces.join('');
    const offsets = this.idOffsets();
    if (identity) return idColumnOf(text, offsets);
    const count = permutation.length;
    const pieces = new Array<string>(count);
    const idOffsets = new Uint32Array(count + 1);
    for (let i = 0; i < count; i++) {
      const from = permutation[i];
      pieces[i] = text.slice(offsets[from], offsets[from + 1]);
      idOffsets[i + 1] = idOffsets[i] + pieces[i].length;
    }
    return idColumnOf(pieces.join(''), idOffsets);
  }

  /**
   * The second half of finish: everything else, in the order `sorted` gives,
   * but the point buffers and the id table (see withBuffers), which can be
   * made meanwhile.
   */
  pack(sorted: RevealSort, meta: DatasetMeta): PackedWithoutBuffers {
    for (const [i, incident] of this.deferred) this.encode(i, incident);
    this.deferred.clear();
    const count = this.count;
    const { permutation, identity, category, flags, groups } = sorted;
    const { lon, lat } = sorted.points;
    const start = permuted(this.start, permutation, identity);
    const end = permuted(this.end, permutation, identity);
    const days = dayColumns({ start, end });
    const country = permuted(this.country, permutation, identity);
    const precision = permuted(this.precision, permutation, identity);
    const sourceSet = this.short ? new Uint32Array(0) : permuted(this.json.sourceSet, permutation, identity);
    const categories = [...this.categoryIndex.keys()];
    const special: number[] = [];
    const contested: number[] = [];
    for (let i = 0; i < count; i++) {
      if (flags[i] & SPECIAL) special.push(i);
      if (flags[i] & CONTESTED) contested.push(i);
    }
    const ids = this.idsIn(permutation, identity);
    const { actors, actorOffsets, actorList } = codeActorLists(...this.actorLists.actorsIn(permutation, identity));
    const { search, searchOffsets } = this.search.searchIn(permutation, identity);
    const searchIndex = this.search.rankedIndexes(permutation, identity);
    let latestEnd = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) if (end[i] !== Number.POSITIVE_INFINITY && end[i] > latestEnd) latestEnd = end[i];
    const short = this.short?.finish(permutation, identity);
    // Short records as codes leave the JSON records' columns empty.
    const records = short
      ? {
          records: new Uint8Array(0),
          recordStart: new Float64Array(0),
          recordLength: new Uint32Array(0),
          recordShort: new Uint32Array(0),
        }
      : this.json.finish(permutation, identity);

    return {
      name: meta.name,
      attribution: meta.attribution,
      ...(meta.story ? { story: meta.story } : {}),
      places: meta.places,
      incidents: {
        count,
        ...datesKept(start, end, days),
        lon,
        lat,
        // The page's columns as narrow as their names' number allows: most tables name a few hundred at most.
        category: narrowCodes(category, categories.length - 1),
        categories,
        country: narrowCodes(country, this.countryIndex.size),
        countries: [...this.countryIndex.keys()],
        precision,
        sourceSet,
        sourceSets: this.json.sourceSets(),
        ids,
        ...records,
        ...(short ? { short } : {}),
        rowInFile: permuted(this.rowInFile, permutation, identity),
        special: Uint32Array.from(special),
        ...(contested.length > 0 ? { contested: Uint32Array.from(contested) } : {}),
        ...groups,
        countryCounts: countValues(country, this.countryIndex.size, 1),
        actorNames: this.actorLists.names(),
        actorOffsets,
        actors: narrowCodes(actors, this.actorLists.size - 1),
        ...(actorList ? { actorList } : {}),
        search,
        searchOffsets,
        ...(searchIndex ? { searchIndex } : {}),
        days,
        latestEnd,
      },
    };
  }
}

const REGIONS = new Intl.DisplayNames(['en-GB'], { type: 'region' });
/**
 * A country as facets list it: a two-letter ISO code (`PK`, as places.geojson
 * writes it) becomes its English name, so "PK" and "Pakistan" are one country.
 */
export function countryName(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (!/^[A-Za-z]{2}$/.test(text)) return text;
  try {
    const name = REGIONS.of(text.toUpperCase());
    return name && name !== text.toUpperCase() ? name : text;
  } catch {
    return text;
  }
}

const VAGUE = 1;
const SPECIAL = 2;
/** Claims of the same thing that give different figures (see isContested). */
const CONTESTED = 4;

/** Packs a validated dataset: sorts it into reveal order and builds every column. */
export function packDataset(dataset: Dataset): PackedDataset {
  const builder = new PackBuilder(dataset.places);
  for (const [index, incident] of dataset.incidents.entries()) builder.add(incident, index);
  return builder.finish(dataset);
}
