/// <reference lib="webworker" />
// Reads a dataset off the main thread: fetches or reads the file, works out its
// format and layout, parses it (CSV streaming, with progress), validates it and
// packs it into typed arrays for the page.
import Papa from 'papaparse';
import { type ColumnMapping, detectLayout, type LayoutGuess, type Row } from './layouts';
import { PackBuilder, type PackedDataset, packDataset, transferablesOf } from './packed';
import { readGeoJSONText } from './read-geojson';
import { MAX_FILE_BYTES, sniffFormat } from './sniff';
import { TableReader } from './tabular';
import type { DatasetProblem, DatasetReport } from './types';
import { readPlaces } from './validate';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerReply) => self.postMessage(message);
let pendingRows: { rows: Row[]; name: string; guess: LayoutGuess } | null = null;

const ATTRIBUTION: Partial<Record<LayoutGuess['kind'], string>> = {
  ucdp: 'UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, CC BY 4.0',
  acled: 'Armed Conflict Location & Event Data (ACLED), acleddata.com',
};

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'open') await open(request);
    else if (request.type === 'mapping') finishTable(request.mapping);
  } catch (error) {
    post({ type: 'failed', message: (error as Error).message || String(error) });
  }
};

async function open(request: Extract<WorkerRequest, { type: 'open' }>): Promise<void> {
  pendingRows = null;
  const places = request.places === undefined ? [] : readPlaces(request.places).places;
  const { name } = request;
  const text = await readText(request);
  if (text === null) return;
  const sniffed = sniffFormat(name, text.slice(0, 4096), text.length);
  if ('error' in sniffed) {
    post({ type: 'failed', message: sniffed.error });
    return;
  }
  if (sniffed.format === 'geojson') {
    post({ type: 'progress', phase: 'checking', loaded: 0, total: null });
    finish(readGeoJSONText(text, { name, places }), 'GeoJSON', null);
    return;
  }
  await readTable(text, sniffed.format === 'tsv' ? '\t' : '', name);
}

/** Reads the rows of pending table with the mapping the user chose. */
function finishTable(mapping: ColumnMapping): void {
  if (!pendingRows) throw new Error('No table is waiting for its columns');
  const { rows, name, guess } = pendingRows;
  pendingRows = null;
  const chosen: LayoutGuess =
    guess.confident && guess.mapping === mapping ? guess : { ...guess, kind: 'generic', mapping };
  post({ type: 'progress', phase: 'checking', loaded: 0, total: null });
  const table = tableFor(chosen, name);
  table.reader.add(rows);
  finishPacked(table, chosen.label);
}

/** A table reader that packs each incident as it is read. */
function tableFor(guess: LayoutGuess, name: string): { reader: TableReader; builder: PackBuilder } {
  const builder = new PackBuilder();
  const reader = new TableReader(guess, { name, attribution: ATTRIBUTION[guess.kind] }, (incident) =>
    builder.add(incident),
  );
  return { reader, builder };
}

function finishPacked(table: { reader: TableReader; builder: PackBuilder }, layout: string): void {
  const problems = table.reader.finish();
  post({ type: 'progress', phase: 'indexing', loaded: 0, total: null });
  const dataset = table.builder.finish({ name: table.reader.name, attribution: table.reader.attribution, places: [] });
  send(dataset, problems, 'CSV', layout);
}

/** Packs the incidents into typed arrays in reveal order and hands them over without a copy. */
function finish(report: DatasetReport, format: 'GeoJSON' | 'CSV', layout: string | null): void {
  post({ type: 'progress', phase: 'indexing', loaded: 0, total: null });
  send(packDataset(report.dataset), report.problems, format, layout);
}

function send(dataset: PackedDataset, problems: DatasetProblem[], format: 'GeoJSON' | 'CSV', layout: string | null) {
  const reply: WorkerReply = { type: 'done', dataset, problems, format, layout };
  self.postMessage(reply, transferablesOf(dataset));
}

/** The whole text, with progress; null (after a 'failed' reply) when it cannot be read. */
async function readText(request: Extract<WorkerRequest, { type: 'open' }>): Promise<string | null> {
  if (request.file) {
    const file = request.file;
    if (file.size > MAX_FILE_BYTES) {
      post({ type: 'failed', message: sniffError(file.name, file.size) });
      return null;
    }
    post({ type: 'progress', phase: 'reading', loaded: 0, total: file.size });
    return file.text();
  }
  const response = await fetch(request.url as string);
  if (!response.ok) {
    post({
      type: 'failed',
      message: `${request.name} could not be fetched: the server answered ${response.status} ${response.statusText}.`,
    });
    return null;
  }
  const total = Number(response.headers.get('content-length')) || null;
  if (total !== null && total > MAX_FILE_BYTES) {
    post({ type: 'failed', message: sniffError(request.name, total) });
    return null;
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.byteLength;
    if (loaded > MAX_FILE_BYTES) {
      await reader.cancel();
      post({ type: 'failed', message: sniffError(request.name, loaded) });
      return null;
    }
    parts.push(decoder.decode(value, { stream: true }));
    post({ type: 'progress', phase: 'reading', loaded, total });
  }
  parts.push(decoder.decode());
  return parts.join('');
}

function sniffError(name: string, size: number): string {
  const result = sniffFormat(name, '', size);
  return 'error' in result ? result.error : `${name} is too large to open.`;
}

/**
 * Parses CSV/TSV text in chunks, reporting progress; a leading byte-order mark
 * is dropped. When the columns say what the table is, each chunk's rows are
 * checked and packed as they come and then let go, so a million rows never sit
 * in memory as objects; otherwise the rows are kept and the page is asked which
 * columns hold what.
 */
function readTable(text: string, delimiter: string, name: string): Promise<void> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return new Promise((resolve) => {
    let headers: string[] | null = null;
    let table: { reader: TableReader; builder: PackBuilder } | null = null;
    let guess: LayoutGuess | null = null;
    const kept: Row[] = [];
    const begin = (fields: string[]) => {
      headers = fields;
      guess = detectLayout(fields);
      if (guess.confident && guess.mapping) table = tableFor(guess, name);
    };
    Papa.parse<Row>(body, {
      header: true,
      delimiter,
      skipEmptyLines: 'greedy',
      chunkSize: 1024 * 1024,
      chunk: (results: Papa.ParseResult<Row>) => {
        if (headers === null) begin(results.meta.fields ?? []);
        if (table) table.reader.add(results.data);
        else for (const row of results.data) kept.push(row);
        post({
          type: 'progress',
          phase: table ? 'checking' : 'parsing',
          loaded: results.meta.cursor,
          total: body.length,
        });
      },
      complete: () => {
        try {
          if (headers === null) begin([]);
          if (table && guess) finishPacked(table, guess.label);
          else if (guess) {
            pendingRows = { rows: kept, name, guess };
            post({ type: 'needs-mapping', headers: headers ?? [], preview: kept.slice(0, 6), guess });
          }
        } catch (error) {
          post({ type: 'failed', message: (error as Error).message || String(error) });
        }
        resolve();
      },
      error: (error: Error) => {
        post({ type: 'failed', message: `The table could not be parsed: ${error.message}` });
        resolve();
      },
    });
  });
}
