/// <reference lib="webworker" />
// A Parquet file on the dataset worker: read by random access, only the
// columns its layout needs (see import/parquet/), its text read back from it.
import {
  finishParquet,
  loadParquet,
  type OpenedParquet,
  type ParquetLoad,
  type ParquetLoadOptions,
  type ParquetProgress,
} from '../import/parquet/read-parquet';
import { CountryOutlines } from '../import/places/country-outlines';
import { REGION_OUTLINES } from '../import/places/region-outlines';
import type { ColumnMapping } from '../import/table/detect-layout';
import { memoryBudget } from '../pack/memory-budget';
import { ParquetTexts } from './parquet-texts';
import type { WorkerRequest } from './protocol';
import { PROGRESS_EVERY_MS, post, searchOnly, send } from './replies';
import { ATTRIBUTION } from './table-stream';

/** A Parquet file whose columns the page is asked to choose: read once they are (see finishParquet). */
let pendingParquet: { opened: OpenedParquet; options: ParquetLoadOptions } | null = null;

/** Whether a Parquet file waits for the page to choose its columns. */
export function parquetWaits(): boolean {
  return pendingParquet !== null;
}

/** Forgets a Parquet file waiting for its columns (a new load has begun). */
export function forgetPendingParquet(): void {
  pendingParquet = null;
}

/**
 * Reads a Parquet file by random access (a File by slice(), a URL by HTTP
 * Range), only the columns its layout reads, through the table path's reader
 * (see import/parquet/). Never streamed as text; its rows are counted in its
 * footer, so the memory check comes before any row is read.
 */
export async function openParquet(request: Extract<WorkerRequest, { type: 'open' }>): Promise<void> {
  const { name, file, url } = request;
  const options: ParquetLoadOptions = {
    name,
    attribution: ATTRIBUTION,
    outlines: new CountryOutlines(REGION_OUTLINES),
    budget: memoryBudget((navigator as Navigator & { deviceMemory?: number }).deviceMemory),
    onProgress: parquetProgress(),
  };
  post({ type: 'progress', phase: 'reading', loaded: 0, total: file?.size ?? null });
  sendParquet(await loadParquet(file ? { file } : { url: url as string }, options), options);
}

/** Reads the pending Parquet file with the columns the person chose. */
export async function finishParquetTable(mapping: ColumnMapping): Promise<void> {
  const { opened, options } = pendingParquet as NonNullable<typeof pendingParquet>;
  pendingParquet = null;
  post({ type: 'progress', phase: 'reading', loaded: 0, total: null });
  sendParquet(await finishParquet(opened, mapping, { ...options, onProgress: parquetProgress() }), options);
}

/** Hands the page what a Parquet load gave; its text stays in the file, read back from there. */
function sendParquet(loaded: ParquetLoad, options: ParquetLoadOptions): void {
  if (loaded.type === 'failed') post({ type: 'failed', message: loaded.message, text: loaded.text });
  else if (loaded.type === 'needs-mapping') {
    pendingParquet = { opened: loaded.opened, options };
    post({ type: 'needs-mapping', headers: loaded.headers, preview: loaded.preview, guess: loaded.guess });
  } else {
    const { shape } = loaded;
    send(loaded.dataset, loaded.problems, 'Parquet', loaded.layout, undefined, (texts) => {
      const index = searchOnly(texts);
      return new ParquetTexts({ shape, rowInFile: texts.rowInFile, search: (q) => index.search(q) });
    });
  }
}

/**
 * Reports a Parquet load's progress a few times a second (see
 * PROGRESS_EVERY_MS) and at every change of phase; the last report held back
 * is sent once that time has passed, so a read waiting for its next bytes
 * shows how far it has come.
 */
function parquetProgress(): (progress: ParquetProgress) => void {
  let last = Number.NEGATIVE_INFINITY;
  let lastPhase = '';
  let held: ParquetProgress | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const report = ({ phase, bytesRead, bytesTotal, rowsRead }: ParquetProgress) => {
    last = performance.now();
    lastPhase = phase;
    held = null;
    if (phase === 'indexing') post({ type: 'progress', phase, loaded: 0, total: null });
    else post({ type: 'progress', phase, loaded: bytesRead, total: bytesTotal || null, rows: rowsRead });
  };
  return (progress) => {
    const since = performance.now() - last;
    if (progress.phase !== lastPhase || since >= PROGRESS_EVERY_MS) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      report(progress);
      return;
    }
    held = progress;
    timer ??= setTimeout(() => {
      timer = null;
      if (held) report(held);
    }, PROGRESS_EVERY_MS - since);
  };
}
