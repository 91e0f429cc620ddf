// A packed dataset: columns of typed arrays, in reveal order, what the dataset
// worker hands the page (transferred, not copied) so that a million incidents
// arrive without the page building a million objects. Each incident's full
// record is kept as UTF-8 JSON (or short-record codes) and only decoded when
// the list, the details or an export asks for it (see records.ts and
// IncidentStore). Its shapes, and those of what PackBuilder holds on the way.
import type { DayColumns } from '../dates/day-columns';
import type { RankedTokenIndex, TokenIndex } from '../search/token-index';
import type { TextReader } from '../store/text-reader';
import type { Incident, Place, Story } from '../types';
import type { IdColumn } from './id-column';
import type { PointBuffers } from './point-buffers';
import type { Codes, ShortRecordPart, ShortRecords } from './short-records';

export interface PackedIncidents {
  count: number;
  /**
   * First and last millisecond of each incident's date; end is Infinity when
   * open. Both empty when every date is whole days (see datesKept, startOf).
   */
  start: Float64Array;
  end: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  /** Index into `categories`, as narrow as their number allows (a file may name a category per row). */
  category: Codes;
  /** Category names in order of first appearance. */
  categories: string[];
  /** Incidents of each category (by index), and of each country (by index into `countries`). */
  categoryCounts: Uint32Array;
  countryCounts: Uint32Array;
  /**
   * The distinct colours incidents are drawn in (the most frequent categories'
   * and, when some are folded, the Other colour; see categoryColors), and each
   * incident's index into them: what the timeline stacks and colours by.
   */
  palette: string[];
  colorGroup: Uint8Array;
  /** Index into LOCATION_PRECISIONS. */
  precision: Uint8Array;
  /** 1 + index into `sourceSets` (JSON), or 0 when the record carries its own sources. */
  sourceSet: Uint32Array;
  sourceSets: string[];
  /**
   * What the GPU layer draws and picks from; `index` is a KDBush index's data.
   * The markers' colours are colorGroup and palette (see unpackPoints).
   */
  points: Omit<PointBuffers, 'index' | 'group' | 'palette'> & { index: ArrayBuffer };
  /** Ids, as text or as prefixes and numbers (see idAt). */
  ids: IdColumn;
  /** Open-addressing hash table of id -> index + 1 (0: empty), a third more slots than ids (see idSlot). */
  idTable: Int32Array;
  /**
   * The rest of each incident (what no column holds: title, summary, date as
   * written, actors, sources...) as UTF-8 JSON, empty lists left out, in the
   * order read (not copied again into reveal order); incident i's record is
   * records[recordStart[i] .. recordStart[i] + recordLength[i]) (see recordOf).
   */
  records: Uint8Array;
  recordStart: Float64Array;
  recordLength: Uint32Array;
  /**
   * How many bytes of each record come before its long text (summary, sources):
   * the record up to there, closed with `}`, is what the list and the map need
   * (see shortRecords). Records write their long text last.
   */
  recordShort: Uint32Array;
  /** Where each incident's record lies in the file it was read from: a table's row index, a feature's index. */
  rowInFile: Uint32Array;
  /**
   * Instead of records (then empty), where the long text is read back from
   * the file: the short records as codes into tables of distinct values (see short-records.ts).
   */
  short?: ShortRecords;
  /**
   * Whether the long text (summary, sources) and the search text were left
   * with the dataset worker, which reads them back on request (see
   * IncidentStore.read); the page then holds only short records.
   */
  textElsewhere?: boolean;
  /** Reveal ranks of incidents with a shape, a journey origin or a place: the few looked at on each step. */
  special: Uint32Array;
  /** Reveal ranks of incidents whose claims of the same thing give different figures; absent when none do. */
  contested?: Uint32Array;
  /** 1 + index into `countries`, or 0 when the country is not known (from the incident, else its place); as narrow as their number allows. */
  country: Codes;
  /** Country names in order of first appearance. */
  countries: string[];
  /** Actor names in order of first appearance. */
  actorNames: string[];
  /**
   * List l of actors is actors[actorOffsets[l] .. actorOffsets[l + 1]), indexes
   * into actorNames (as narrow as their number allows); incident i's is list
   * actorList[i], or list i when there is no actorList (see codeActorLists).
   */
  actorOffsets: Uint32Array;
  actors: Codes;
  actorList?: Codes;
  /**
   * What search looks through: each incident's title, summary, actors and place
   * name, folded (see foldForSearch), one line per incident in reveal order, as
   * UTF-16 code units (transferred, not copied; see searchText); incident i's
   * line starts at searchOffsets[i].
   */
  search: Uint16Array;
  searchOffsets: Uint32Array;
  /**
   * Instead of `search` (then empty), where a builder made one: an index of
   * the folded lines' distinct words, in parts each with the reveal rank of
   * its rows (see token-index.ts): a fraction of the lines' size.
   */
  searchIndex?: RankedTokenIndex[];
  /** Each incident's first and last possible day, for the shader, the window and the list. */
  days: DayColumns;
  /** The latest finite end of any incident's date (ms), or -Infinity. */
  latestEnd: number;
}

export interface PackedDataset {
  name: string;
  attribution?: string;
  /** The first 12 hex digits of the SHA-256 of the bytes it was read from (see data/fingerprint.ts), when known. */
  fingerprint?: string;
  story?: Story;
  places: Place[];
  incidents: PackedIncidents;
  /** On the page: where the long text is read from when the worker kept it (see PackedIncidents.textElsewhere). */
  texts?: TextReader;
}

/** What a dataset is called and its places: what PackBuilder.finish puts beside the columns. */
export type DatasetMeta = { name: string; attribution?: string; story?: Story; places: Place[] };

/** The fields a column holds, left out of the JSON record. */
export type RecordFields = Omit<
  Incident,
  'id' | 'start' | 'end' | 'startDay' | 'category' | 'locationPrecision' | 'coordinates'
>;

/** What a PackBuilder holds before it finishes (see PackBuilder.part). */
export interface PackPart {
  count: number;
  start: Float64Array;
  end: Float64Array;
  order: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  category: Uint32Array;
  country: Uint32Array;
  precision: Uint8Array;
  flags: Uint8Array;
  sourceSet: Uint32Array;
  recordStart: Float64Array;
  /** 0 for an entry whose record waits for related ids (see deferred). */
  recordLength: Uint32Array;
  recordShort: Uint32Array;
  rowInFile: Uint32Array;
  records: Uint8Array;
  actorFrom: Uint32Array;
  actorCount: Uint32Array;
  actorList: Uint32Array;
  searchUnits: Uint16Array;
  searchStart: Float64Array;
  searchLength: Uint32Array;
  /** Instead of searchUnits (then empty): the index of the part's folded lines, its rows the part's entries. */
  tokenIndex?: TokenIndex;
  /** The ids, joined; id i is idText.slice(idOffsets[i], idOffsets[i + 1]) (one string to send, not one per id). */
  idText: string;
  idOffsets: Uint32Array;
  /** Entries (index, incident) whose record is encoded once related ids are checked, ascending. */
  deferred: [number, Incident][];
  /** The short records, where the builder keeps no long text (see PackedIncidents.short). */
  short?: ShortRecordPart;
  categories: string[];
  countries: string[];
  actorNames: string[];
  sourceSets: string[];
}

/** The reveal order of a builder's incidents, and columns in it (see PackBuilder.sort). */
export interface RevealSort {
  permutation: Uint32Array;
  /** Whether the permutation leaves every index in place (the columns were already in reveal order). */
  identity: boolean;
  category: Uint32Array;
  flags: Uint8Array;
  /** The colour groups and counts the page's legend, timeline and filters show (see PackedIncidents). */
  groups: Pick<PackedIncidents, 'palette' | 'colorGroup' | 'categoryCounts'>;
  points: PointColumns;
}
/** What a dataset's point buffers are made from, in reveal order (see pointBuffersFrom). */
export type PointColumns = { lon: Float64Array; lat: Float64Array; vague: Uint8Array };
export type PackedPoints = PackedIncidents['points'];

/** A packed dataset but for its point buffers and id table (see PackBuilder.pack). */
export type PackedWithoutBuffers = Omit<PackedDataset, 'incidents'> & {
  incidents: Omit<PackedIncidents, 'points' | 'idTable'>;
};

/** Point positions, ranks and spatial index (see pointPositions), the index as its data, as a worker sends them. */
export type PackedPositions = Pick<PackedPoints, 'position' | 'index' | 'grid'>;
export type PointFan = Pick<PackedPoints, 'offset' | 'maxOffset'>;
