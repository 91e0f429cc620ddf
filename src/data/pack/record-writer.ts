// The UTF-8 JSON records of a PackBuilder that keeps each incident's record
// whole (what no column holds: title, date as written, actors... and, with the
// long text, summary and sources), and the source lists many records share,
// kept once in a table. Written field by field, no object per incident. Pure:
// runs in workers and in Node.
import type { Incident, Source } from '../types';
import { lookUp, permuted, withRoom } from './columns';
import type { PackedIncidents, PackPart } from './packed-types';

/** Distinct source lists kept once in a table; past this many, each record carries its own. */
const MAX_SOURCE_SETS = 4096;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * The records' columns by entry, in order of arrival, as PackBuilder numbers
 * its entries; it grows them with its own and hands them on in its parts.
 */
export class RecordWriter {
  sourceSet = new Uint32Array(1024);
  recordStart = new Float64Array(1024);
  recordLength = new Uint32Array(1024);
  recordShort = new Uint32Array(1024);
  records = new Uint8Array(64 * 1024);
  /** How many bytes of `records` are written. */
  used = 0;
  private readonly sourceIndex = new Map<string, number>();
  /** The last incident's sources and their set (undefined: kept in its record). */
  private lastSources: { sources: readonly Source[]; set: number | undefined } | null = null;
  private readonly encoder = new TextEncoder();

  /** `longText`: whether records keep the long text (summary, sources); not when it can be read back from the file. */
  constructor(private readonly longText: boolean) {}

  grow(needed: number): void {
    this.sourceSet = withRoom(this.sourceSet, needed);
    this.recordStart = withRoom(this.recordStart, needed);
    this.recordLength = withRoom(this.recordLength, needed);
    this.recordShort = withRoom(this.recordShort, needed);
  }

  /** Makes room for `bytes` bytes of records in all. */
  room(bytes: number): void {
    this.records = withRoom(this.records, bytes);
  }

  /** The source lists kept once (JSON), in order of first appearance. */
  sourceSets(): string[] {
    return [...this.sourceIndex.keys()];
  }

  /**
   * Encodes the record of incident `i` (what no column holds) as UTF-8 JSON:
   * the bytes of `JSON.stringify` of {title, date, order, place, country,
   * actors, fatalities, related, origin, shape, translations, summary, sources, claims,
   * dateSource, placeSource}, each left
   * out when empty, and sources left out when kept in a shared set. Written
   * here field by field: plain text straight into the bytes, the rest through
   * JSON.stringify, so no record object and no JSON string are made per incident.
   */
  write(i: number, incident: Incident): void {
    // Rows of one table often cite the same sources: compared with the last
    // incident's first, they need no JSON and no lookup.
    let set: number | undefined;
    if (!this.longText) set = undefined;
    else if (this.lastSources !== null && sameSources(incident.sources, this.lastSources.sources)) {
      set = this.lastSources.set;
    } else {
      const sources = JSON.stringify(incident.sources);
      set = this.sourceIndex.get(sources);
      if (set === undefined && this.sourceIndex.size < MAX_SOURCE_SETS) {
        set = this.sourceIndex.size;
        this.sourceIndex.set(sources, set);
      }
      this.lastSources = { sources: incident.sources, set };
    }
    if (set !== undefined) this.sourceSet[i] = set + 1;

    const from = this.used;
    this.writeText('{"title":');
    this.writeString(incident.title);
    this.writeText(',"date":');
    this.writeString(incident.date);
    if (incident.order !== undefined) this.writeJson(',"order":', incident.order);
    if (incident.place !== undefined) {
      this.writeText(',"place":');
      this.writeString(incident.place);
    }
    if (incident.country !== undefined) {
      this.writeText(',"country":');
      this.writeString(incident.country);
    }
    if (incident.actors.length > 0) this.writeJson(',"actors":', incident.actors);
    if (incident.fatalities !== undefined) this.writeJson(',"fatalities":', incident.fatalities);
    if (incident.related.length > 0) this.writeJson(',"related":', incident.related);
    if (incident.origin !== undefined) {
      this.writeText(',"origin":');
      this.writeString(incident.origin);
    }
    if (incident.shape !== undefined) this.writeJson(',"shape":', incident.shape);
    // Translations go with the short record, as the list shows translated titles; most datasets have none.
    if (incident.translations !== undefined) this.writeJson(',"translations":', incident.translations);
    // The long text last: the record before it is the short record the page keeps.
    this.recordShort[i] = this.used - from;
    if (!this.longText) {
      this.writeText('}');
      this.recordStart[i] = from;
      this.recordLength[i] = this.used - from;
      return;
    }
    if (incident.summary) {
      this.writeText(',"summary":');
      this.writeString(incident.summary);
    }
    if (set === undefined) this.writeJson(',"sources":', incident.sources);
    if (incident.claims) this.writeJson(',"claims":', incident.claims);
    if (incident.dateSource !== undefined) this.writeJson(',"dateSource":', incident.dateSource);
    if (incident.placeSource !== undefined) this.writeJson(',"placeSource":', incident.placeSource);
    this.writeText('}');
    this.recordStart[i] = from;
    this.recordLength[i] = this.used - from;
  }

  /** Appends `text` to the records as UTF-8: byte for byte while it is ASCII, the rest by the encoder. */
  private writeText(text: string): void {
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > this.records.length) {
      this.records = withRoom(this.records, this.used + text.length * 3);
    }
    const bytes = this.records;
    let at = this.used;
    let c = 0;
    for (; c < text.length; c++) {
      const unit = text.charCodeAt(c);
      if (unit >= 0x80) break;
      bytes[at++] = unit;
    }
    if (c < text.length) at += this.encoder.encodeInto(text.slice(c), bytes.subarray(at)).written;
    this.used = at;
  }

  /** Appends `text` as a JSON string: in quotes as it is when JSON escapes none of it (most text), else as JSON.stringify writes it. */
  private writeString(text: string): void {
    if (this.used + text.length + 2 > this.records.length) {
      this.records = withRoom(this.records, this.used + text.length + 2);
    }
    const bytes = this.records;
    let at = this.used;
    bytes[at++] = QUOTE;
    for (let c = 0; c < text.length; c++) {
      const unit = text.charCodeAt(c);
      // Control characters, quotes, backslashes and all but ASCII go the long way.
      if (unit < 0x20 || unit > 0x7e || unit === QUOTE || unit === BACKSLASH) {
        this.writeText(JSON.stringify(text));
        return;
      }
      bytes[at++] = unit;
    }
    bytes[at++] = QUOTE;
    this.used = at;
  }

  private writeJson(key: string, value: unknown): void {
    this.writeText(key);
    this.writeText(JSON.stringify(value));
  }

  /** Absorbs entries from..to's JSON records and source sets (see PackBuilder.absorb), as entries base.. here. */
  absorb(part: PackPart, from: number, to: number, base: number, sources: Int32Array): void {
    for (let j = from; j < to; j++) {
      const set = part.sourceSet[j];
      this.sourceSet[base + j - from] = set === 0 ? 0 : lookUp(sources, set - 1, part.sourceSets, this.sourceIndex) + 1;
    }
    // Records (all but those waiting for related ids) lie one after another.
    let first = -1;
    let last = -1;
    for (let j = from; j < to; j++) {
      if (part.recordLength[j] === 0) continue;
      if (first < 0) first = j;
      last = j;
    }
    if (first >= 0) {
      const lo = part.recordStart[first];
      const hi = part.recordStart[last] + part.recordLength[last];
      this.records = withRoom(this.records, this.used + hi - lo);
      this.records.set(part.records.subarray(lo, hi), this.used);
      const shift = this.used - lo;
      for (let j = first; j <= last; j++) {
        if (part.recordLength[j] === 0) continue;
        this.recordStart[base + j - from] = part.recordStart[j] + shift;
        this.recordLength[base + j - from] = part.recordLength[j];
        this.recordShort[base + j - from] = part.recordShort[j];
      }
      this.used += hi - lo;
    }
  }

  /** The records, and where each lies, in the order `permutation` gives (the records stay in the order written). */
  finish(
    permutation: Uint32Array,
    identity: boolean,
  ): Pick<PackedIncidents, 'records' | 'recordStart' | 'recordLength' | 'recordShort'> {
    return {
      // Handed over as it is when full (as `reserve` leaves it): a copy costs tens of ms at a million.
      records: this.used === this.records.length ? this.records : this.records.slice(0, this.used),
      recordStart: permuted(this.recordStart, permutation, identity),
      recordLength: permuted(this.recordLength, permutation, identity),
      recordShort: permuted(this.recordShort, permutation, identity),
    };
  }
}

/** Whether two source lists say the same, field by field. */
function sameSources(a: readonly Source[], b: readonly Source[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    if (
      x.title !== y.title ||
      x.publisher !== y.publisher ||
      x.author !== y.author ||
      x.url !== y.url ||
      x.published !== y.published
    ) {
      return false;
    }
  }
  return true;
}
