// Reads a Parquet file as the table path reads a CSV: the same layout found
// from its column names, the same TableReader turning rows of text cells into
// incidents and problems, the same PackBuilder packing them. Only the columns
// the layout reads are fetched, a row group at a time, decoded a part of it at
// a time; the text is not kept but read back from the file (rereadParquetRows).

import { memoryBudget, memoryRefusalText } from '../../pack/memory-budget';
import { PackBuilder } from '../../pack/packed';
import type { PackedDataset } from '../../pack/packed-types';
import { type DataText, type DataValue, english, problemOf, say } from '../../text/messages';
import type { DatasetProblem, Incident } from '../../types';
import type { CountryOutlines } from '../places/country-outlines';
import { isParquet } from '../sniff';
import {
  type ColumnMapping,
  type LayoutGuess,
  type LayoutKind,
  type Row,
  tooManyColumnsText,
} from '../table/detect-layout';
import { readEach } from '../table/reread';
import { rowOf } from '../table/row';
import { byRow, TableReader } from '../table/tabular';
import { blobBuffer, type DownloadWatch, SliceCache, UrlReadError, urlBuffer } from './byte-buffers';
import { columnsForLayout } from './layout-columns';
import {
  bytesOf,
  type CellBlock,
  codecProblem,
  openParquetFile,
  ParquetError,
  type ParquetFile,
  readCells,
  readParquetRows,
} from './parquet-file';

/**
 * How far a read has come: the bytes fetched so far of those to fetch (the
 * columns read, or a whole download), and the rows read, of all.
 */
export interface ParquetProgress {
  phase: 'reading' | 'indexing';
  bytesRead: number;
  bytesTotal: number;
  rowsRead: number;
  rowsTotal: number;
}

/**
 * A cell in every row, under a name no column can have (safeHeader renames
 * one), that no layout reads: a Parquet row is a row even when every cell read
 * is empty, so it is reported as the same row of a CSV (whose other cells it
 * would hold) is, not dropped as a blank line.
 */
const ROW_MARK = '__parsed_extra';
const ROW_MARK_TEXT = 'row';

/**
 * Rows decoded at once: a larger row group (pyarrow writes a million rows to
 * one) is read in parts of this many rows, its bytes fetched once for all of
 * them (see SliceCache), so what decoding holds does not grow with the group.
 */
export const PART_ROWS = 50_000;

/** How often, in rows, a long part reports its progress. */
const PROGRESS_ROWS = 4096;

/** What reading a Parquet file into a TableReader gave. */
export interface ParquetTableRead {
  reader: TableReader;
  /** Every problem, by row: the reader's, and each row whose geometry is not a point. */
  problems: DatasetProblem[];
  /** The row number in the file (from 0) of each incident sent to the sink, in the order sent. */
  rows: Uint32Array;
}

/**
 * Reads every row of `file` through a TableReader for `guess` (the file's own
 * by default): a row group at a time, the next group's bytes fetched while
 * this one's rows are read, a part of PART_ROWS rows decoded at a time, only
 * the columns the layout reads, each row given as its text cells under its row
 * number (row `n` of the file is spreadsheet row `n + 2`, as in the CSV of the
 * same rows). Incidents go to `sink` as they are read, with their row.
 */
export async function readParquetTable(
  file: ParquetFile,
  options: {
    name: string;
    attribution?: string;
    outlines?: CountryOutlines;
    guess?: LayoutGuess;
    onProgress?: (progress: ParquetProgress) => void;
    /** Rows decoded at once (PART_ROWS). */
    partRows?: number;
  },
  sink: (incident: Incident, row: number) => void,
): Promise<ParquetTableRead> {
  const guess = options.guess ?? file.guess;
  const headers = columnsForLayout(guess, file.headers);
  const refused = codecProblem(file, headers);
  if (refused) throw new ParquetError(refused);
  const bytes = bytesOf(file, headers);
  const rows = new Uint32Array(file.rowCount);
  let sent = 0;
  const reader = new TableReader(
    guess,
    { name: options.name, attribution: options.attribution, outlines: options.outlines, headers },
    (incident, row) => {
      rows[sent++] = row;
      sink(incident, row);
    },
  );
  const fields = [...headers, ROW_MARK];
  const notPoints: DatasetProblem[] = [];
  const bytesTotal = bytes.compressed.reduce((sum, b) => sum + b, 0);
  /** The bytes of the groups before each group. */
  const bytesBefore: number[] = [];
  for (let g = 0, sum = 0; g < file.groups.length; sum += bytes.compressed[g++]) bytesBefore.push(sum);
  const report = (g: number, rowsRead: number) => {
    const group = file.groups[g];
    const share = group.rows > 0 ? (rowsRead - group.start) / group.rows : 1;
    options.onProgress?.({
      phase: 'reading',
      bytesRead: Math.round(bytesBefore[g] + bytes.compressed[g] * share),
      bytesTotal,
      rowsRead,
      rowsTotal: file.rowCount,
    });
  };
  const parts = partsOf(file, options.partRows ?? PART_ROWS);
  // Each group's slices are kept while its parts are read, then let go.
  const views = new Map<number, ParquetFile>();
  const read = (k: number) => {
    const { g, from, to } = parts[k];
    let view = views.get(g);
    if (!view) {
      view = { ...file, buffer: new SliceCache(file.buffer) };
      views.set(g, view);
    }
    const block = readCells(view, headers, from, to);
    // Awaited in its turn; until then a failure must not count as unhandled.
    block.catch(() => {});
    return block;
  };
  let ahead: Promise<CellBlock> | null = null;
  for (const [k, { g, from, to }] of parts.entries()) {
    const block = await (ahead ?? read(k));
    ahead = null;
    const lastOfGroup = k + 1 === parts.length || parts[k + 1].g !== g;
    if (lastOfGroup) {
      views.delete(g);
      if (k + 1 < parts.length) {
        // The next group's bytes are fetched while this part's rows are read; a turn of the
        // event loop lets hyparquet ask for them before the rows below keep the thread.
        ahead = read(k + 1);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    const columns = headers.map((header) => block.cells.get(header) ?? []);
    for (let i = 0; i < to - from; i++) {
      const row = from + i;
      if (i % PROGRESS_ROWS === PROGRESS_ROWS - 1) report(g, row);
      const notPoint = block.notPoints.get(row);
      if (notPoint !== undefined) {
        notPoints.push(geometryProblem(file, row, notPoint));
        continue;
      }
      const cells = new Array<string>(fields.length);
      for (let c = 0; c < columns.length; c++) cells[c] = columns[c][i] ?? '';
      cells[columns.length] = ROW_MARK_TEXT;
      reader.addLists([cells], 0, fields, row);
    }
    report(g, to);
  }
  const problems = byRow([...reader.finish(), ...notPoints]);
  return { reader, problems, rows: rows.slice(0, sent) };
}

/** The parts a file is read in: each row group, or each `size` rows of a larger one. */
function partsOf(file: ParquetFile, size: number): { g: number; from: number; to: number }[] {
  const parts: { g: number; from: number; to: number }[] = [];
  for (const [g, group] of file.groups.entries()) {
    const end = group.start + group.rows;
    for (let from = group.start; from < end; from += size) parts.push({ g, from, to: Math.min(end, from + size) });
  }
  return parts;
}

/** A row whose geometry is not a point: skipped, saying what it is. */
function geometryProblem(file: ParquetFile, row: number, what: string): DatasetProblem {
  const text =
    what === 'empty' ? say('data.parquet.emptyGeometry') : say('data.parquet.notPoint', { what: geometryWords(what) });
  return problemOf(row, file.geometry?.name ?? 'geometry', text, true, { row: row + 2 });
}

/** What a geometry is, as readWkbPoint and pointTexts name it, in words the page can translate. */
function geometryWords(what: string): DataValue {
  if (what === 'not WKB') return say('data.parquet.notWkb');
  if (what === 'not a geometry') return say('data.parquet.notGeometry');
  if (what === 'an empty Point') return say('data.parquet.emptyPoint');
  const multi = /^a MultiPoint of (\d+) points$/.exec(what);
  if (multi) return say('data.parquet.multiPoint', { count: multi[1] });
  const wkb = /^a geometry of WKB type (\d+)$/.exec(what);
  if (wkb) return say('data.parquet.wkbType', { type: wkb[1] });
  const typed = /^a ([A-Z]\w+)$/.exec(what);
  return typed ? say('data.parquet.typed', { type: typed[1] }) : what;
}

/**
 * What decoding holds for each uncompressed byte of a part's columns: about 4
 * at its peak (hyparquet's values and their text cells; 2 once decoded, while
 * the part's rows are read), as the next group's first part is decoded: 6.
 */
const HELD_PER_DECODED_BYTE = 6;

/**
 * What reading `headers` of `file` holds at once besides the incidents
 * themselves: the bytes of two row groups (the one read, the next fetched) and
 * the decoded cells of about two parts (see HELD_PER_DECODED_BYTE).
 */
export function parquetHeld(file: ParquetFile, headers: readonly string[]): number {
  const { compressed, uncompressed } = bytesOf(file, headers);
  let group = 0;
  let part = 0;
  for (const [g, { rows }] of file.groups.entries()) {
    group = Math.max(group, compressed[g]);
    if (rows > 0) part = Math.max(part, uncompressed[g] * Math.min(1, PART_ROWS / rows));
  }
  return 2 * group + HELD_PER_DECODED_BYTE * part;
}

/**
 * Why `file` cannot be read within `budget` bytes of memory (the message the
 * other formats give, see memoryRefusal), or null. Its row count is in its
 * footer: checked before any row is read, with what reading `headers` holds
 * and the bytes of the file kept in memory (`inMemory`: a whole download).
 */
export function parquetRefusal(
  file: ParquetFile,
  headers: readonly string[],
  budget: number,
  inMemory: number,
): string | null {
  const text = parquetRefusalText(file, headers, budget, inMemory);
  return text && english(text);
}

/** parquetRefusal as a message key and values, for the page's language. */
function parquetRefusalText(
  file: ParquetFile,
  headers: readonly string[],
  budget: number,
  inMemory: number,
): DataText | null {
  const size = file.buffer.byteLength;
  const held = inMemory + parquetHeld(file, headers);
  return memoryRefusalText(file.name, { loaded: size, total: size, rows: file.rowCount, textKept: 0, held }, budget);
}

/** A Parquet file to read: a File (or Blob) by slice(), or a URL by HTTP Range. */
export type ParquetSource = { file: Blob } | { url: string };

/** A Parquet file opened (its footer read), and what opening it found. */
export interface OpenedParquet {
  file: ParquetFile;
  /** Bytes of it kept in memory: all of them when its server ignores Range, else 0. */
  inMemory: number;
  /** What the load reports about how it was read (downloaded whole). */
  notes: DatasetProblem[];
}

/** What reading a row of a loaded Parquet file again needs (see rereadParquetRows). */
export interface ParquetShape {
  file: ParquetFile;
  guess: LayoutGuess;
  /** The columns read, as the load read them. */
  headers: string[];
  name: string;
  attribution?: string;
}

/** What loading a Parquet file gives: the packed dataset, or its first rows when a person must choose its columns, or why not. */
export type ParquetLoad =
  | {
      type: 'done';
      /** Packed without its long text (records hold the short record), with a search index and each incident's row. */
      dataset: PackedDataset;
      problems: DatasetProblem[];
      /** The layout recognised, for people. */
      layout: string;
      /** Where its text is read back from (see rereadParquetRows). */
      shape: ParquetShape;
    }
  /** Its columns could not be told: its first rows for the page to ask, and the file, to be read once they are chosen (finishParquet). */
  | { type: 'needs-mapping'; headers: string[]; preview: Row[]; guess: LayoutGuess; opened: OpenedParquet }
  | { type: 'failed'; message: string; text?: DataText };

export interface ParquetLoadOptions {
  name: string;
  /** Each layout's source, named in its incidents' sources. */
  attribution?: Partial<Record<LayoutKind, string>>;
  /** The countries rows are checked against. */
  outlines?: CountryOutlines;
  onProgress?: (progress: ParquetProgress) => void;
  /** The memory a load may use (see memoryBudget); a device's 4 GiB by default. */
  budget?: number;
}

/** Whether a file to open is Parquet: by its name, or for a File by its first bytes. */
export async function isParquetSource(name: string, file?: Blob): Promise<boolean> {
  if (isParquet(name, '')) return true;
  if (file === undefined || file.size < 12) return false;
  return isParquet(name, new TextDecoder('latin1').decode(await file.slice(0, 4).arrayBuffer()));
}

/**
 * Opens a Parquet file and reads it (see readParquetTable) into one packed
 * dataset: the dataset worker's Parquet branch. A file whose incidents would
 * not fit `budget` is refused from its footer, before any row is read; one
 * whose columns cannot be told gives its first rows (finishParquet reads it
 * once they are chosen).
 */
export async function loadParquet(source: ParquetSource, options: ParquetLoadOptions): Promise<ParquetLoad> {
  return failedWhenRefused(async () => {
    const opened = await openParquetSource(source, options);
    const { guess } = opened.file;
    if (guess.confident && guess.mapping !== null) return await packParquet(opened, guess, options);
    return await preview(opened, options);
  });
}

/** Reads a file whose columns a person chose (`mapping`), as loadParquet reads one whose columns are known. */
export function finishParquet(
  opened: OpenedParquet,
  mapping: ColumnMapping,
  options: ParquetLoadOptions,
): Promise<ParquetLoad> {
  const { guess } = opened.file;
  const chosen: LayoutGuess =
    guess.confident && guess.mapping === mapping ? guess : { ...guess, kind: 'generic', mapping };
  return failedWhenRefused(() => packParquet(opened, chosen, options));
}

/** What `load` gives, or its refusal (a ParquetError or UrlReadError) as a 'failed' load. */
async function failedWhenRefused(load: () => Promise<ParquetLoad>): Promise<ParquetLoad> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ParquetError || error instanceof UrlReadError) {
      return { type: 'failed', message: error.message, ...(error.text ? { text: error.text } : {}) };
    }
    throw error;
  }
}

async function openParquetSource(source: ParquetSource, options: ParquetLoadOptions): Promise<OpenedParquet> {
  const { name } = options;
  const budget = options.budget ?? memoryBudget(undefined);
  // A server that ignores Range sends the whole file, kept in memory: counted as it comes.
  const watch: DownloadWatch = (loaded, total) => {
    options.onProgress?.({ phase: 'reading', bytesRead: loaded, bytesTotal: total ?? 0, rowsRead: 0, rowsTotal: 0 });
    return memoryRefusalText(name, { loaded, total, rows: 0, textKept: 1 }, budget);
  };
  const bytes =
    'file' in source ? { buffer: blobBuffer(source.file), kind: 'file' } : await urlBuffer(source.url, name, watch);
  const file = await openParquetFile(bytes.buffer, name);
  const notes: DatasetProblem[] = [];
  if (bytes.kind === 'memory') {
    const kb = String(Math.ceil(file.buffer.byteLength / 1024));
    notes.push(problemOf(-1, 'file', say('data.parquet.downloadedWhole', { kb }), false));
  }
  return { file, inMemory: bytes.kind === 'memory' ? file.buffer.byteLength : 0, notes };
}

/**
 * Reads an opened file's rows with the layout `guess` into a packed dataset,
 * once its memory is checked: records keep the short record only, search
 * lines go into an index, and each incident keeps its row in the file, where
 * its text is read back from (see PackBuilder).
 */
async function packParquet(
  opened: OpenedParquet,
  guess: LayoutGuess,
  options: ParquetLoadOptions,
): Promise<ParquetLoad> {
  const { file } = opened;
  const { name } = options;
  const headers = columnsForLayout(guess, file.headers);
  const refused = parquetRefusalText(file, headers, options.budget ?? memoryBudget(undefined), opened.inMemory);
  if (refused !== null) return { type: 'failed', message: english(refused), text: refused };
  const builder = new PackBuilder([], { longText: false, index: true });
  builder.expect(file.rowCount);
  const attribution = options.attribution?.[guess.kind];
  const read = await readParquetTable(
    file,
    { name, attribution, outlines: options.outlines, guess, onProgress: options.onProgress },
    (incident, row) => builder.add(incident, row),
  );
  options.onProgress?.({
    phase: 'indexing',
    bytesRead: 0,
    bytesTotal: 0,
    rowsRead: file.rowCount,
    rowsTotal: file.rowCount,
  });
  const meta = { name: read.reader.name, attribution: read.reader.attribution, places: [] };
  const dataset = builder.finish(meta, read.reader.ids.hashes());
  return {
    type: 'done',
    dataset,
    problems: [...read.problems, ...opened.notes],
    layout: guess.label,
    shape: { file, guess, headers, name, attribution },
  };
}

/** Rows shown for a person to choose the columns from, as for a CSV. */
const PREVIEW_ROWS = 6;

/** The first rows of every column, for the page to choose the columns from; nothing else is read yet. */
async function preview(opened: OpenedParquet, options: ParquetLoadOptions): Promise<ParquetLoad> {
  const { file } = opened;
  const refused =
    tooManyColumnsText(file.headers, file.name) ??
    codecProblem(file, file.headers) ??
    // Its rows are known from the footer: a file too large is refused before a person is asked anything.
    parquetRefusalText(file, [], options.budget ?? memoryBudget(undefined), opened.inMemory);
  if (refused) return { type: 'failed', message: english(refused), text: refused };
  const first = Array.from({ length: Math.min(PREVIEW_ROWS, file.rowCount) }, (_, i) => i);
  const cells = await readParquetRows(file, first, file.headers);
  return {
    type: 'needs-mapping',
    headers: file.headers,
    preview: cells.map((row) => rowOf(row, file.headers)),
    guess: file.guess,
    opened,
  };
}

/**
 * The incidents of some rows of a loaded file read again (`rows`: row numbers
 * in the file, from 0), as the load read them: only the columns it read, only
 * the row groups (and, where the file has an offset index, the pages) that
 * hold them (`read`: readParquetRows, or one that keeps what it read). null
 * for a row that no longer reads as an incident.
 */
export async function rereadParquetRows(
  shape: ParquetShape,
  rows: readonly number[],
  read: typeof readParquetRows = readParquetRows,
): Promise<(Incident | null)[]> {
  const cells = await read(shape.file, rows, shape.headers);
  const fields = [...shape.headers, ROW_MARK];
  return readEach(shape, rows.length, (reader, k) =>
    reader.addLists([[...cells[k], ROW_MARK_TEXT]], 0, fields, rows[k]),
  );
}
