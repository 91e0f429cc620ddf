// A packed dataset split in two: the short records the page keeps (what the
// list, the map and the card need: titles, dates, places) and the long text
// the dataset worker keeps and reads back on request (summaries, sources and
// the search text), so the page's memory does not grow with a file's text. Pure.
import type { RankedTokenIndex } from '../search/token-index';
import type { Incident, Source } from '../types';
import type { PackedDataset, PackedIncidents } from './packed-types';

/** The long text of every incident, in reveal order, as the dataset worker keeps it. */
export interface LongTexts {
  count: number;
  records: Uint8Array;
  recordStart: Float64Array;
  recordLength: Uint32Array;
  recordShort: Uint32Array;
  sourceSet: Uint32Array;
  sourceSets: string[];
  /** The folded search text and where each incident's line starts (see PackedIncidents.search). */
  search: Uint16Array;
  searchOffsets: Uint32Array;
  /** The index of the folded lines, where one was made instead (see PackedIncidents.searchIndex). */
  searchIndex?: RankedTokenIndex[];
  /** Where each incident's record lies in the file (see PackedIncidents.rowInFile). */
  rowInFile: Uint32Array;
}

/** What the short record leaves out of an incident: its summary, sources, claims and what its date and place follow. */
export type IncidentText = Pick<Incident, 'summary' | 'sources' | 'claims' | 'dateSource' | 'placeSource'>;

/** An incident's long text (see IncidentText), its optional members only when present. */
export function textOf(incident: Incident | IncidentText): IncidentText {
  const text: IncidentText = { summary: incident.summary, sources: incident.sources };
  if (incident.claims) text.claims = incident.claims;
  if (incident.dateSource !== undefined) text.dateSource = incident.dateSource;
  if (incident.placeSource !== undefined) text.placeSource = incident.placeSource;
  return text;
}

const CLOSE = 0x7d;

/**
 * Splits a packed dataset: the page's copy holds short records only (each
 * record up to its long text, closed), no sources and no search text; the rest
 * is returned for the worker to keep. Nothing is copied but the short records.
 */
export function splitLongText(dataset: PackedDataset): { page: PackedDataset; texts: LongTexts } {
  const p = dataset.incidents;
  const { count } = p;
  const texts: LongTexts = {
    count,
    records: p.records,
    recordStart: p.recordStart,
    recordLength: p.recordLength,
    recordShort: p.recordShort,
    sourceSet: p.sourceSet,
    sourceSets: p.sourceSets,
    search: p.search,
    searchOffsets: p.searchOffsets,
    searchIndex: p.searchIndex,
    rowInFile: p.rowInFile,
  };
  // The page searches through the worker and reads sources from it: it needs no search text, no source sets.
  const elsewhere = {
    sourceSet: new Uint32Array(0),
    sourceSets: [],
    search: new Uint16Array(0),
    searchOffsets: new Uint32Array(0),
    rowInFile: new Uint32Array(0),
    searchIndex: undefined,
    textElsewhere: true,
  };
  // Short records kept as codes (see short-records.ts) are the page's as they are; the (empty) record
  // columns are the page's own, so that sending them does not take the worker's.
  if (p.short) {
    const none = {
      records: new Uint8Array(0),
      recordStart: new Float64Array(0),
      recordLength: new Uint32Array(0),
      recordShort: new Uint32Array(0),
    };
    return { page: { ...dataset, incidents: { ...p, ...elsewhere, ...none } }, texts };
  }
  let bytes = 0;
  for (let i = 0; i < count; i++) bytes += p.recordShort[i] + 1;
  const records = new Uint8Array(bytes);
  const recordStart = new Float64Array(count);
  const recordLength = new Uint32Array(count);
  for (let i = 0, at = 0; i < count; i++) {
    const from = p.recordStart[i];
    const length = p.recordShort[i];
    records.set(p.records.subarray(from, from + length), at);
    records[at + length] = CLOSE;
    recordStart[i] = at;
    recordLength[i] = length + 1;
    at += length + 1;
  }
  const incidents: PackedIncidents = {
    ...p,
    records,
    recordStart,
    recordLength,
    // Only a dataset split again would look at it, and the page's is never split.
    recordShort: new Uint32Array(0),
    ...elsewhere,
  };
  return { page: { ...dataset, incidents }, texts };
}

const decoder = new TextDecoder();

/** The long text of incident `rank`. */
export function longTextOf(texts: LongTexts, rank: number): IncidentText {
  // Records kept as codes (see short-records.ts) hold no long text: it is read back from the file.
  if (rank >= texts.recordLength.length) return { summary: '', sources: [] };
  const from = texts.recordStart[rank];
  const json = decoder.decode(texts.records.subarray(from, from + texts.recordLength[rank]));
  const record = JSON.parse(json) as Partial<IncidentText>;
  const set = texts.sourceSet[rank];
  return textOf({
    ...record,
    summary: record.summary ?? '',
    sources: set > 0 ? (JSON.parse(texts.sourceSets[set - 1]) as Source[]) : (record.sources ?? []),
  });
}
