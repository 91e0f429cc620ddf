/// <reference lib="webworker" />
// What the dataset worker hands the page, and what it keeps for the page to
// ask for afterwards: the loaded dataset's long text, kept, read back from its
// source, or searched through the load's word index (see text-service.ts).
import { type GeoJSONSpans, spansByFeature } from '../import/geojson-pack';
import { readGeoJSONSpanAt } from '../import/geojson-stream';
import { rereadRows, type TableShape } from '../import/table/reread';
import { type LongTexts, splitLongText } from '../pack/long-text';
import type { PackedDataset } from '../pack/packed-types';
import { transferablesOf } from '../pack/transfer';
import type { ByteSource } from '../store/byte-source';
import { type DataText, english, problemOf, say } from '../text/messages';
import type { DatasetProblem, Place } from '../types';
import type { WorkerReply } from './protocol';
import { type RecordSpans, SourceTexts } from './source-texts';
import { KeptTexts, type TextBackend } from './text-service';

declare const self: DedicatedWorkerGlobalScope;

export const post = (message: WorkerReply) => self.postMessage(message);

/** Tells the page the load failed, and why, in words it can put in its reader's language. */
export const postFailure = (text: DataText) => post({ type: 'failed', message: english(text), text });

/** How often, at most, the reading of a file reports its progress. */
export const PROGRESS_EVERY_MS = 100;

/** A table being read whose text is to be read back from its file (see ParallelTable). */
export interface RereadFrom {
  source: ByteSource;
  spans: RecordSpans;
  shape: TableShape;
  rows: () => number;
}

/**
 * `backend`: the loaded dataset's long text, once the page has its columns.
 * `rereadFrom`: set while a table is read whose text will be read back from its file.
 * `fingerprint`: of the file's bytes, once all have been read (none for Parquet, read by random access).
 */
export const kept: { backend: TextBackend | null; rereadFrom: RereadFrom | null; fingerprint?: string } = {
  backend: null,
  rereadFrom: null,
};

/** Hands the page the dataset's columns and short records; the long text stays here, to be asked for. */
export function send(
  dataset: PackedDataset,
  problems: DatasetProblem[],
  format: 'GeoJSON' | 'CSV' | 'Parquet',
  layout: string | null,
  features?: GeoJSONBack,
  /** Where the long text is read back from, when the load says (a Parquet file's: see sendParquet). */
  backendOf?: (texts: LongTexts) => TextBackend,
) {
  const { page, texts } = splitLongText(dataset);
  const { rereadFrom } = kept;
  kept.backend = backendOf
    ? backendOf(texts)
    : rereadFrom
      ? sourceTexts(rereadFrom, texts, problems)
      : features
        ? featureTexts(features, texts)
        : new KeptTexts(texts);
  kept.rereadFrom = null;
  const { fingerprint } = kept;
  const reply: WorkerReply = {
    type: 'done',
    dataset: fingerprint ? { ...page, fingerprint } : page,
    problems,
    format,
    layout,
  };
  self.postMessage(reply, transferablesOf(page));
}

/** A large GeoJSON's source, and where each incident's feature lies in it. */
export interface GeoJSONBack {
  source: ByteSource;
  places: Place[];
  name: string;
  spans: GeoJSONSpans;
}

/** The backend that reads a GeoJSON incident's summary and sources back from its feature's bytes. */
function featureTexts(from: GeoJSONBack, texts: LongTexts): TextBackend {
  const { source, places, name } = from;
  const search = new KeptTexts({ ...texts, records: new Uint8Array(0), search: new Uint16Array(0) });
  return new SourceTexts({
    source,
    spans: spansByFeature(from.spans, texts.rowInFile),
    rowInFile: texts.rowInFile,
    reread: (records, indexes) =>
      records.map((bytes, k) => readGeoJSONSpanAt(bytes, { name, places, index: indexes[k] })),
    search: (q) => search.search(q),
    noun: 'feature',
  });
}

/**
 * The backend that reads text back from the file; only what it needs is kept
 * (the table's shape, where its rows lie, the search index), not the table
 * readers nor the short records the page has. Should the rows found and the
 * rows read ever disagree, nothing is read from a wrong row: a warning says so.
 */
function sourceTexts(from: RereadFrom, texts: LongTexts, problems: DatasetProblem[]): TextBackend {
  const { source, spans, shape } = from;
  const rows = from.rows();
  const search = new KeptTexts({ ...texts, records: new Uint8Array(0), search: new Uint16Array(0) });
  if (spans.count !== rows) {
    const values = { records: String(spans.count), rows: String(rows) };
    problems.push(problemOf(-1, 'file', say('data.load.textsNotLocated', values), false));
    return search;
  }
  return new SourceTexts({
    source,
    spans,
    rowInFile: texts.rowInFile,
    reread: (records, indexes) => rereadRows(shape, records, indexes),
    search: (q) => search.search(q),
    noun: 'row',
  });
}

/** Search through the index the load made (see PackBuilder's `index`), as sourceTexts does; the records are let go. */
export function searchOnly(texts: LongTexts): KeptTexts {
  return new KeptTexts({ ...texts, records: new Uint8Array(0), search: new Uint16Array(0) });
}
