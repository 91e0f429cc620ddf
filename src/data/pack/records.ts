// Reading a packed dataset's incidents back: an incident whole from its record
// (JSON or short-record codes) and its columns, an id's place through the id
// table, the search text as one string. Pure: runs in workers, on the page and in Node.
import { endOf, startOf } from '../dates/day-columns';
import { dayFromNumber } from '../dates/incident-date';
import { type Incident, LOCATION_PRECISIONS } from '../types';
import { idAt, idIs, idSlot } from './id-column';
import { hashId } from './id-set';
import type { PackedIncidents, RecordFields } from './packed-types';
import { type ShortRecord, shortRecordAt } from './short-records';

const searchTexts = new WeakMap<Uint16Array, string>();
/** The search text as one string (decoded once, on the first search). */
export function searchText(packed: Pick<PackedIncidents, 'search'>): string {
  let text = searchTexts.get(packed.search);
  if (text === undefined) {
    text = new TextDecoder('utf-16le').decode(packed.search);
    searchTexts.set(packed.search, text);
  }
  return text;
}

/** Where `id` sits in a packed id table, or -1. */
export function findId(packed: Pick<PackedIncidents, 'ids' | 'idTable'>, id: string): number {
  const table = packed.idTable;
  for (let slot = idSlot(hashId(id), table.length); ; slot = slot + 1 === table.length ? 0 : slot + 1) {
    const entry = table[slot];
    if (entry === 0) return -1;
    if (idIs(packed.ids, entry - 1, id)) return entry - 1;
  }
}

/** The UTF-8 JSON record of incident `index` (see PackedIncidents.records). */
export function recordOf(packed: Pick<PackedIncidents, 'records' | 'recordStart' | 'recordLength'>, index: number) {
  const at = packed.recordStart[index];
  return packed.records.subarray(at, at + packed.recordLength[index]);
}

/** Incident `index` of a packed dataset, whole again, from its JSON record. */
export function unpackIncident(packed: PackedIncidents, index: number, json: string): Incident {
  return incidentOf(packed, index, JSON.parse(json) as Partial<RecordFields> & Pick<RecordFields, 'title' | 'date'>);
}

const recordDecoder = new TextDecoder();

/** Incident `index` of a packed dataset, from its record whichever way it is kept (JSON or codes). */
export function incidentAt(packed: PackedIncidents, index: number): Incident {
  if (packed.short) return incidentOf(packed, index, shortRecordAt(packed.short, index));
  return unpackIncident(packed, index, recordDecoder.decode(recordOf(packed, index)));
}

function incidentOf(
  packed: PackedIncidents,
  index: number,
  record: ShortRecord & Pick<Partial<RecordFields>, 'summary' | 'sources'>,
): Incident {
  // A dataset whose text is read back from its file keeps no source sets.
  const set = packed.sourceSet[index] ?? 0;
  return {
    id: idAt(packed.ids, index),
    summary: '',
    actors: [],
    related: [],
    ...record,
    sources: set > 0 ? (JSON.parse(packed.sourceSets[set - 1]) as Incident['sources']) : (record.sources ?? []),
    start: startOf(packed, packed.days, index),
    end: endOf(packed, packed.days, index),
    startDay: dayFromNumber(packed.days.first[index]),
    category: packed.categories[packed.category[index]],
    locationPrecision: LOCATION_PRECISIONS[packed.precision[index]],
    coordinates: [packed.lon[index], packed.lat[index]],
  };
}
