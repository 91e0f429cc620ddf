// The readers of files, driven as the app drives them (see
// src/data/worker/dataset-worker.ts and table-worker.ts), each call returning plain
// data that can be posted from the guard's worker thread (see guard.ts). Only
// the app's own code runs here; the properties are checked by the caller.
// The readers of a single value (dates, the link hash) are in drive-values.ts.

import { endOf, startOf } from '../../../src/data/dates/day-columns';
import { CsvRows } from '../../../src/data/import/csv-stream';
import { readGeoJSONText } from '../../../src/data/import/geojson';
import { GeoJSONPacker, spansByFeature } from '../../../src/data/import/geojson-pack';
import { readGeoJSONSpanAt } from '../../../src/data/import/geojson-stream';
import { sniffFormat } from '../../../src/data/import/sniff';
import {
  BlockReader,
  type BlockResult,
  ByteCutter,
  bodyByteStart,
  mergeParts,
  readTableHead,
} from '../../../src/data/import/table/blocks';
import {
  type ColumnMapping,
  detectLayout,
  type LayoutGuess,
  type Row,
} from '../../../src/data/import/table/detect-layout';
import { TableReader } from '../../../src/data/import/table/tabular';
import { readDataset, readPlaces } from '../../../src/data/import/validate';
import { idAt, idTableOf } from '../../../src/data/pack/id-column';
import { countryName, PackBuilder, packDataset } from '../../../src/data/pack/packed';
import { packedPoints, revealHashes, withBuffers } from '../../../src/data/pack/packed-buffers';
import type { PackedDataset, PackedIncidents, PackedPoints } from '../../../src/data/pack/packed-types';
import { incidentAt } from '../../../src/data/pack/records';
import type { DatasetProblem, Incident, Place } from '../../../src/data/types';
import { searchAnswers } from '../search/answers';

/** As the dataset worker names them (see ATTRIBUTION there). */
const ATTRIBUTION: Partial<Record<LayoutGuess['kind'], string>> = {
  ucdp: 'UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, CC BY 4.0',
  acled: 'Armed Conflict Location & Event Data (ACLED), acleddata.com',
};
/** How much of the text decides its format (SNIFF_CHARS in the dataset worker). */
const SNIFF_CHARS = 4096;

/** What opening a file gave, as the page would be told it. */
export type Opened =
  | { kind: 'refused'; message: string }
  | { kind: 'cancelled'; headers: string[] }
  | {
      kind: 'loaded';
      format: 'GeoJSON' | 'CSV';
      /** The delimiter the table was parsed with ('' lets papaparse guess; GeoJSON: ''). */
      delimiter: string;
      layout: string | null;
      /** Incidents the reader passed on (to the pack builder). */
      loaded: number;
      /** Incidents in the packed dataset the page is sent. */
      packed: number;
      problems: DatasetProblem[];
      /** The first incident the packed dataset tells otherwise than the reader read it, or null. */
      mismatch: string | null;
    };

export interface OpenInput {
  bytes: Uint8Array;
  name: string;
  /** Byte offsets the file arrives cut at (any order, any values; taken modulo its length). */
  pieces: number[];
  /** When the page is asked for the columns: which header the person picks for each missing key column. */
  choice: number[];
}

/**
 * Opens a file as the dataset worker's `open` does: the bytes decoded as they
 * arrive, the format sniffed from the first 4,096 characters, then GeoJSON
 * streamed a feature at a time from its bytes, as a file of 4 MiB or more is,
 * its text to be read back from them (see geojsonRead), or the table parsed as
 * it arrives as a file under 4 MiB is; when
 * the table's columns are not recognised the page asks a person (who picks
 * columns by `choice`), and the rows kept are read with that mapping.
 */
export function open({ bytes, name, pieces, choice }: OpenInput): Opened {
  const decoder = new TextDecoder();
  let head = '';
  let geojson: GeoJSONPacker | null = null;
  let table: TableStream | null = null;
  const bounds = cutPoints(bytes.length, pieces);
  for (let i = 0; i + 1 < bounds.length || i === 0; i++) {
    const done = i + 2 >= bounds.length;
    const value = bytes.subarray(bounds[i], bounds[i + 1] ?? 0);
    if (geojson) {
      geojson.push(value);
      if (done) break;
      continue;
    }
    const text = decoder.decode(value, { stream: true }) + (done ? decoder.decode() : '');
    if (table) table.push(text);
    else {
      head += text;
      if (head.length >= SNIFF_CHARS || done) {
        const sniffed = sniffFormat(name, head.slice(0, SNIFF_CHARS), bytes.length);
        if ('error' in sniffed) return { kind: 'refused', message: sniffed.error };
        if (sniffed.format === 'geojson') {
          // The pieces the head came in, as they came.
          geojson = new GeoJSONPacker({ name, places: [], readBack: true });
          for (let k = 0; k <= i; k++) geojson.push(bytes.subarray(bounds[k], bounds[k + 1] ?? 0));
        } else {
          table = new TableStream(sniffed.format === 'tsv' ? '\t' : '', name);
          table.push(head);
        }
        head = '';
      }
    }
    if (done) break;
  }
  if (geojson) return geojsonRead(geojson, bytes, name);
  return (table as TableStream).end(choice);
}

/**
 * A streamed GeoJSON's dataset, checked against the whole-text reader (the
 * incidents it packed) and against reading each incident's text back from its
 * feature's bytes, as the dataset worker does for a large file.
 */
function geojsonRead(packer: GeoJSONPacker, bytes: Uint8Array, name: string): Opened {
  const { dataset, problems, spans } = packer.end();
  const whole = readGeoJSONText(new TextDecoder().decode(bytes), { name, places: [] });
  const incidents = whole.dataset.incidents;
  let mismatch = mismatchOf(dataset, incidents);
  const p = dataset.incidents;
  if (mismatch === null && p.count > 0) {
    const byFeature = spansByFeature(spans, p.rowInFile);
    const byId = new Map(incidents.map((incident) => [incident.id, incident]));
    for (let i = 0; i < p.count && mismatch === null; i++) {
      const id = idAt(p.ids, i);
      const { start, length } = byFeature.span(p.rowInFile[i]);
      const back = readGeoJSONSpanAt(bytes.subarray(start, start + length), { name, index: p.rowInFile[i] });
      const meant = byId.get(id);
      if (!back || !meant) mismatch = `incident "${id}": its feature does not read back`;
      else if (back.summary !== meant.summary || JSON.stringify(back.sources) !== JSON.stringify(meant.sources)) {
        mismatch = `incident "${id}": its summary or sources read back otherwise than read`;
      }
    }
  }
  return {
    kind: 'loaded',
    format: 'GeoJSON',
    delimiter: '',
    layout: null,
    loaded: incidents.length,
    packed: p.count,
    problems,
    mismatch,
  };
}

/** 0, the cuts in order, and `length`: the bounds of the pieces a file of `length` bytes arrives in. */
function cutPoints(length: number, pieces: readonly number[]): number[] {
  const cuts = pieces.map((p) => p % (length + 1)).filter((p) => p > 0 && p < length);
  return [0, ...[...new Set(cuts)].sort((a, b) => a - b), length];
}

/** The dataset worker's TableStream, with the page's column chooser played by `choice`. */
class TableStream {
  readonly #rows: CsvRows;
  #headers: string[] = [];
  #guess: LayoutGuess | null = null;
  #table: Table | null = null;
  readonly #kept: Row[] = [];

  constructor(
    readonly delimiter: string,
    readonly name: string,
  ) {
    this.#rows = new CsvRows(
      delimiter,
      (fields) => this.#begin(fields),
      (rows) => {
        if (this.#table) this.#table.reader.add(rows);
        else for (const row of rows) this.#kept.push(row);
      },
    );
  }

  push(text: string): void {
    this.#rows.push(text);
  }

  end(choice: number[]): Opened {
    this.#rows.end();
    if (this.#guess === null) this.#begin([]);
    const guess = this.#guess as LayoutGuess;
    if (this.#table) return this.#finish(this.#table, guess.label);
    // The page asks which columns hold the date, latitude and longitude.
    const mapping = chooseColumns(this.#headers, guess, choice);
    if (mapping === null) return { kind: 'cancelled', headers: this.#headers };
    const chosen: LayoutGuess =
      guess.confident && guess.mapping === mapping ? guess : { ...guess, kind: 'generic', mapping };
    const table = tableFor(chosen, this.name);
    table.reader.add(this.#kept);
    return this.#finish(table, chosen.label);
  }

  #begin(fields: string[]): void {
    this.#headers = fields;
    this.#guess = detectLayout(fields);
    if (this.#guess.confident && this.#guess.mapping) this.#table = tableFor(this.#guess, this.name);
  }

  #finish(table: Table, layout: string): Opened {
    const problems = table.reader.finish();
    const meta = { name: table.reader.name, attribution: table.reader.attribution, places: [] };
    const packed = table.builder.finish(meta, table.reader.ids.hashes());
    return {
      kind: 'loaded',
      format: 'CSV',
      delimiter: this.delimiter,
      layout,
      loaded: table.read.length,
      packed: packed.incidents.count,
      problems,
      mismatch: mismatchOf(packed, table.read),
    };
  }
}

interface Table {
  reader: TableReader;
  builder: PackBuilder;
  /** Every incident the reader passed on, to check the packed dataset against. */
  read: Incident[];
}

function tableFor(guess: LayoutGuess, name: string): Table {
  const builder = new PackBuilder();
  const read: Incident[] = [];
  const reader = new TableReader(guess, { name, attribution: ATTRIBUTION[guess.kind] }, (incident) => {
    read.push(incident);
    builder.add(incident);
  });
  return { reader, builder, read };
}

/**
 * The mapping a person gives the page's column chooser: the columns the guess
 * found, and for each key column it did not, header `choice[k]` (modulo their
 * number); null (cancelled) when the table has no headers to choose from.
 */
function chooseColumns(
  headers: readonly string[],
  guess: LayoutGuess,
  choice: readonly number[],
): ColumnMapping | null {
  if (headers.length === 0) return null;
  const pick = (k: number) => headers[(choice[k] ?? k) % headers.length];
  const found = guess.mapping;
  if (found && found.date !== '' && found.lat !== '' && found.lon !== '') return found;
  return {
    ...found,
    date: found?.date || pick(0),
    lat: found?.lat || pick(1),
    lon: found?.lon || pick(2),
  };
}

/**
 * Whether the packed dataset tells each incident as the reader read it (its
 * category, country, date, title and point): names are kept in tables indexed
 * by typed arrays, which must not mix them up. The first difference, or null.
 */
function mismatchOf(packed: PackedDataset, read: readonly Incident[], places: readonly Place[] = []): string | null {
  const p = packed.incidents;
  // An incident with no country of its own takes its place's (see PackBuilder.add).
  const placeCountry = new Map(places.filter((place) => place.country).map((place) => [place.id, place.country]));
  if (p.count !== read.length) return `${p.count} incidents packed, ${read.length} read`;
  const byId = new Map(read.map((incident) => [incident.id, incident]));
  for (let i = 0; i < p.count; i++) {
    const id = idAt(p.ids, i);
    const incident = byId.get(id);
    if (incident === undefined) return `packed incident ${i} has the id "${id}", which no incident read has`;
    const unpacked = incidentAt(p, i);
    const country = p.country[i] === 0 ? undefined : p.countries[p.country[i] - 1];
    const said = [unpacked.category, country, unpacked.date, unpacked.title, ...unpacked.coordinates];
    const given = incident.country ?? (incident.place === undefined ? undefined : placeCountry.get(incident.place));
    const meant = [incident.category, countryName(given), incident.date, incident.title, ...incident.coordinates];
    const at = said.findIndex((value, k) => value !== meant[k]);
    if (at >= 0) {
      const field = ['category', 'country', 'date', 'title', 'longitude', 'latitude'][at];
      return `incident "${id}": ${field} ${JSON.stringify(said[at])} packed, ${JSON.stringify(meant[at])} read`;
    }
  }
  return null;
}

// ---- the two-worker path for large tables ----------------------------------------

export interface BlocksInput {
  bytes: Uint8Array;
  name: string;
  /** Where the bytes after the header arrive cut (see cutPoints). */
  pieces: number[];
  /** Bytes per block (the app's is 256 KiB; small ones make many blocks of a small table). */
  blockBytes: number;
  /** Which worker reads a block each time one is dealt: 0 or 1, or 2 for neither. */
  schedule: number[];
}

/** What reading a table in blocks gave: why it went back to one worker, or what it read. */
export type InBlocks =
  | { kind: 'one-worker'; reason: string; threw: string | null }
  | { kind: 'blocks'; problems: DatasetProblem[]; dataset: Decoded };

/**
 * Reads a table as ParallelTable and the table workers do (all in one thread):
 * the head from the text, the rest cut into blocks of whole records as its
 * bytes arrive, dealt to two BlockReaders, their parts merged and packed. The
 * whole text stands for the app's first MiB, so that small tables go this way.
 * A table worker that throws falls back (see table-worker.ts): reported as
 * `threw`, since a throw there loses the parallel read.
 */
export function inBlocks({ bytes, name, pieces, blockBytes, schedule }: BlocksInput): InBlocks {
  let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let bom = 0;
  while (bom < 2 && text.startsWith('\uFEFF')) {
    text = text.slice(1);
    bom++;
  }
  const sniffed = sniffFormat(name, text.slice(0, SNIFF_CHARS), bytes.length);
  const delimiter = 'format' in sniffed && sniffed.format === 'tsv' ? '\t' : '';
  const head = readTableHead(text, delimiter);
  const guess = head ? detectLayout(head.fields) : null;
  if (!head || !guess?.confident || !guess.mapping) return { kind: 'one-worker', reason: 'no head', threw: null };
  const options = { name, attribution: ATTRIBUTION[guess.kind] };
  const workers = [0, 1].map(() => new BlockReader(head, guess, options));
  const given: { index: number; bytes: Uint8Array; offset: number; rows: number }[][] = [[], []];
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let fallback: { reason: string; threw: string | null } | null = null;
  const readOne = (w: number) => {
    const block = given[w].shift();
    if (!block || fallback) return;
    try {
      const { bytes: blockBytes, ...rest } = block;
      const reason = workers[w].read({ ...rest, text: decoder.decode(blockBytes) });
      if (reason) fallback = { reason, threw: null };
    } catch (error) {
      fallback = { reason: String(error), threw: errorText(error) };
    }
  };
  let tick = 0;
  let dealt = 0;
  const cutter = new ByteCutter(
    head.newline,
    (block) => {
      // Dealt in turn (the app's BlockDealer also weighs how busy each is: any order is possible).
      given[dealt++ % 2].push(block);
      const w = schedule[tick++ % schedule.length] ?? 0;
      if (w < 2) readOne(w);
    },
    blockBytes,
  );
  const bodyAt = bodyByteStart(bytes, 3 * bom, head.headerText);
  if (bodyAt < 0) return { kind: 'one-worker', reason: 'no body start', threw: null };
  const rest = bytes.subarray(bodyAt);
  const bounds = cutPoints(rest.length, pieces);
  for (let i = 0; i + 1 < bounds.length; i++) cutter.push(rest.subarray(bounds[i], bounds[i + 1]));
  if (!cutter.end()) return { kind: 'one-worker', reason: 'the table ends inside a quoted field', threw: null };
  while (given[0].length + given[1].length > 0 && !fallback) readOne(given[0].length > 0 ? 0 : 1);
  if (fallback) return { kind: 'one-worker', ...(fallback as { reason: string; threw: string | null }) };
  const results: BlockResult[] = [];
  for (const worker of workers) {
    try {
      results.push(worker.finish());
    } catch (error) {
      return { kind: 'one-worker', reason: String(error), threw: errorText(error) };
    }
  }
  let pending: [PackedPoints, Int32Array] | null = null;
  const merged = mergeParts(results, options, (sorted, hashes) => {
    pending = [packedPoints(sorted.points), idTableOf(revealHashes(hashes, sorted))];
  });
  if (typeof merged === 'string') return { kind: 'one-worker', reason: merged, threw: null };
  const buffers = pending as unknown as [PackedPoints, Int32Array];
  const dataset = withBuffers(merged.builder.pack(merged.sorted, merged.meta), ...buffers);
  return { kind: 'blocks', problems: merged.problems, dataset: decoded(dataset) };
}

/**
 * The same table read the one-worker way (as the app reads it when the blocks
 * cannot settle it), decoded as inBlocks decodes its dataset; null when its
 * columns are not recognised (the page would be asked).
 */
export function whole({ bytes, name }: { bytes: Uint8Array; name: string }): {
  delimiter: string;
  problems: DatasetProblem[];
  dataset: Decoded;
} | null {
  const text = new TextDecoder().decode(bytes);
  const sniffed = sniffFormat(name, text.slice(0, SNIFF_CHARS), bytes.length);
  const delimiter = 'format' in sniffed && sniffed.format === 'tsv' ? '\t' : '';
  let table: Table | null = null;
  const rows = new CsvRows(
    delimiter,
    (fields) => {
      const guess = detectLayout(fields);
      if (guess.confident && guess.mapping) table = tableFor(guess, name);
    },
    (chunk) => (table as Table | null)?.reader.add(chunk),
  );
  rows.push(text);
  rows.end();
  const done = table as Table | null;
  if (done === null) return null;
  const problems = done.reader.finish();
  const meta = { name: done.reader.name, attribution: done.reader.attribution, places: [] };
  return { delimiter, problems, dataset: decoded(done.builder.finish(meta, done.reader.ids.hashes())) };
}

/** Everything a packed dataset tells the page, decoded to compare two of them. */
export interface Decoded {
  name: string;
  attribution: string | undefined;
  categories: string[];
  countries: string[];
  actorNames: string[];
  records: string[];
  ids: string;
  columns: number[][];
  /** What search finds (the text may be kept as lines or as an index). */
  search: Record<string, number[]>;
}

/** Each incident's first or last millisecond, however the columns keep them. */
function dates(p: PackedIncidents, of: typeof startOf | typeof endOf): number[] {
  return Array.from({ length: p.count }, (_, i) => of(p, p.days, i));
}

function decoded(dataset: PackedDataset): Decoded {
  const p = dataset.incidents;
  return {
    name: dataset.name,
    attribution: dataset.attribution,
    categories: p.categories,
    countries: p.countries,
    actorNames: p.actorNames,
    ids: Array.from({ length: p.count }, (_, i) => idAt(p.ids, i)).join('\n'),
    // Short records may be JSON or codes: compare the incidents they read as.
    records: Array.from({ length: p.count }, (_, i) => JSON.stringify(incidentAt(p, i))),
    columns: [
      dates(p, startOf),
      dates(p, endOf),
      ...[p.lon, p.lat, p.category, p.country, p.actors, p.actorOffsets].map((c) => [...c]),
    ],
    search: searchAnswers(p),
  };
}

// ---- places ----------------------------------------------------------------------------

/**
 * A places file as the dataset worker reads one (its JSON, through readPlaces;
 * a file that is not JSON fails the load, in a sentence), then GeoJSON
 * incidents read against those places, as the app reads them.
 */
export function withPlaces({ incidents, places }: { incidents: string; places: string }) {
  let json: unknown;
  try {
    json = JSON.parse(places);
  } catch (error) {
    return { kind: 'refused' as const, message: String(error) };
  }
  const read = readPlaces(json);
  const report = readGeoJSONText(incidents, { name: 'incidents.geojson', places: read.places });
  const packed = packDataset(report.dataset);
  return {
    kind: 'loaded' as const,
    places: read.places.length,
    placeProblems: read.problems,
    loaded: report.dataset.incidents.length,
    packed: packed.incidents.count,
    problems: report.problems,
    mismatch: mismatchOf(packed, report.dataset.incidents, read.places),
  };
}

/**
 * An incidents file and its places file read by readDataset (as exports are
 * read back); text that is not JSON is given to it as a string.
 */
export function dataset({ incidents, places }: { incidents: string; places: string | null }) {
  const report = readDataset(parseOrText(incidents), places === null ? undefined : parseOrText(places));
  const packed = packDataset(report.dataset);
  return {
    loaded: report.dataset.incidents.length,
    places: report.dataset.places.length,
    packed: packed.incidents.count,
    problems: report.problems,
    mismatch: mismatchOf(packed, report.dataset.incidents, report.dataset.places),
  };
}

/** JSON text parsed, or the text itself when it is not JSON. */
function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}
