/// <reference lib="webworker" />
// Reads a dataset off the main thread: fetches or reads the file, works out its
// format and layout, parses it (CSV streaming, with progress) and validates it.
import Papa from 'papaparse';
import { type ColumnMapping, detectLayout, type LayoutGuess, type Row } from './layouts';
import { packDataset, transferablesOf } from './packed';
import { readGeoJSONText } from './read-geojson';
import { MAX_FILE_BYTES, sniffFormat } from './sniff';
import { rowsToDataset } from './tabular';
import type { DatasetReport } from './types';
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
  const rows = await parseTable(text, sniffed.format === 'tsv' ? '\t' : '');
  if (rows === null) return;
  const guess = detectLayout(rows.headers);
  pendingRows = { rows: rows.data, name, guess };
  if (!guess.confident || !guess.mapping) {
    post({ type: 'needs-mapping', headers: rows.headers, preview: rows.data.slice(0, 6), guess });
    return;
  }
  finishTable(guess.mapping);
}

function finishTable(mapping: ColumnMapping): void {
  if (!pendingRows) throw new Error('No table is waiting for its columns');
  const { rows, name, guess } = pendingRows;
  pendingRows = null;
  const chosen: LayoutGuess =
    guess.confident && guess.mapping === mapping ? guess : { ...guess, kind: 'generic', mapping };
  post({ type: 'progress', phase: 'checking', loaded: 0, total: null });
  const report = rowsToDataset(rows, chosen, { name, attribution: ATTRIBUTION[chosen.kind] });
  finish(report, 'CSV', chosen.label);
}

/** Packs the incidents into typed arrays in reveal order and hands them over without a copy. */
function finish(report: DatasetReport, format: 'GeoJSON' | 'CSV', layout: string | null): void {
  post({ type: 'progress', phase: 'indexing', loaded: 0, total: null });
  const dataset = packDataset(report.dataset);
  const reply: WorkerReply = { type: 'done', dataset, problems: report.problems, format, layout };
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

/** Parses CSV/TSV text in chunks, reporting progress; a leading byte-order mark is dropped. */
function parseTable(text: string, delimiter: string): Promise<{ headers: string[]; data: Row[] } | null> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return new Promise((resolve) => {
    const data: Row[] = [];
    let headers: string[] = [];
    Papa.parse<Row>(body, {
      header: true,
      delimiter,
      skipEmptyLines: 'greedy',
      chunkSize: 1024 * 1024,
      chunk: (results: Papa.ParseResult<Row>) => {
        if (headers.length === 0) headers = results.meta.fields ?? [];
        for (const row of results.data) data.push(row);
        post({ type: 'progress', phase: 'parsing', loaded: results.meta.cursor, total: body.length });
      },
      complete: () => resolve({ headers, data }),
      error: (error: Error) => {
        post({ type: 'failed', message: `The table could not be parsed: ${error.message}` });
        resolve(null);
      },
    });
  });
}
