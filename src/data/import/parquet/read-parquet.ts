// Reads a Parquet file as the table path reads a CSV: the same layout found
// from its column names, the same TableReader turning rows of text cells into
// incidents and problems, the same PackBuilder packing them. Only the columns
// the layout reads are fetched, a row group at a time.

import { idTableOf, PackBuilder, type PackedDataset, packedPoints, revealHashes, withBuffers } from '../../pack/packed';
import type { DatasetProblem, Incident } from '../../types';
import type { CountryOutlines } from '../places/country-outlines';
import { isParquet } from '../sniff';
import { type LayoutKind, type Row, tooManyColumns } from '../table/layouts';
import { byRow, type LayoutGuess, rowOf, TableReader } from '../table/tabular';
import { blobBuffer, MAX_PARQUET_BYTES, UrlReadError, urlBuffer } from './byte-buffers';
import { columnsForLayout } from './layout-columns';
import {
  bytesOf,
  type CellBlock,
  codecProblem,
  openParquetFile,
  ParquetError,
  type ParquetFile,
  readCells,
} from './parquet-file';

/** How far a read has come: the bytes of the columns read fetched so far, and the rows read, of all. */
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
 * by default): a row group at a time, only the columns the layout reads, each
 * row given as its text cells under its row number (row `n` of the file is
 * spreadsheet row `n + 2`, as in the CSV of the same rows). Incidents go to
 * `sink` as they are read.
 */
export async function readParquetTable(
  file: ParquetFile,
  options: {
    name: string;
    attribution?: string;
    outlines?: CountryOutlines;
    guess?: LayoutGuess;
    onProgress?: (progress: ParquetProgress) => void;
  },
  sink: (incident: Incident) => void,
): Promise<ParquetTableRead> {
  const guess = options.guess ?? file.guess;
  const headers = columnsForLayout(guess, file.headers);
  const refused = codecProblem(file, headers);
  if (refused) throw new ParquetError(refused);
  const bytes = bytesOf(file, headers);
  if (bytes.uncompressed > MAX_PARQUET_BYTES) throw new ParquetError(tooLarge(file, bytes.uncompressed));
  const rows = new Uint32Array(file.rowCount);
  let sent = 0;
  let row = 0;
  const reader = new TableReader(
    guess,
    { name: options.name, attribution: options.attribution, outlines: options.outlines, headers },
    (incident) => {
      rows[sent++] = row;
      sink(incident);
    },
  );
  const fields = [...headers, ROW_MARK];
  const notPoints: DatasetProblem[] = [];
  const bytesTotal = bytes.compressed.reduce((sum, b) => sum + b, 0);
  let bytesRead = 0;
  const read = (g: number) => {
    const group = file.groups[g];
    const block = readCells(file, headers, group.start, group.start + group.rows);
    // Awaited in its turn; until then a failure must not count as unhandled.
    block.catch(() => {});
    return block;
  };
  // The next group's bytes are fetched while this group's rows are read.
  let next = file.groups.length > 0 ? read(0) : null;
  for (const [g, group] of file.groups.entries()) {
    const block = await (next as Promise<CellBlock>);
    next = g + 1 < file.groups.length ? read(g + 1) : null;
    // A turn of the event loop lets hyparquet ask for those bytes before the rows below keep the thread.
    if (next !== null) await new Promise((resolve) => setTimeout(resolve, 0));
    const columns = headers.map((header) => block.cells.get(header) ?? []);
    for (let i = 0; i < group.rows; i++) {
      row = group.start + i;
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
    bytesRead += bytes.compressed[g];
    options.onProgress?.({
      phase: 'reading',
      bytesRead,
      bytesTotal,
      rowsRead: group.start + group.rows,
      rowsTotal: file.rowCount,
    });
  }
  const problems = byRow([...reader.finish(), ...notPoints]);
  return { reader, problems, rows: rows.slice(0, sent) };
}

/** A row whose geometry is not a point: skipped, saying what it is. */
function geometryProblem(file: ParquetFile, row: number, what: string): DatasetProblem {
  return {
    index: row,
    row: row + 2,
    field: file.geometry?.name ?? 'geometry',
    message:
      what === 'empty'
        ? 'is empty; expected a Point (longitude, latitude)'
        : `is ${what}; expected a Point (an incident is placed at one point)`,
    skipped: true,
  };
}

function tooLarge(file: ParquetFile, bytes: number): string {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return `${file.name} holds ${mb(bytes)} in the columns read, more than the ${mb(MAX_PARQUET_BYTES)} this app can open; filter or split it first.`;
}

/** A Parquet file to read: a File (or Blob) by slice(), or a URL by HTTP Range. */
export type ParquetSource = { file: Blob } | { url: string };

/** What loadParquet gives: the packed dataset, or the table's columns when a person must choose them, or why not. */
export type ParquetLoad =
  | {
      type: 'done';
      dataset: PackedDataset;
      problems: DatasetProblem[];
      /** The layout recognised, for people. */
      layout: string;
      /** The row number in the file of each incident, in reveal order (the dataset's): where its text is read back from. */
      rows: Uint32Array;
      /** The file, open: readParquetRows reads any rows of it back. */
      file: ParquetFile;
    }
  /** Its columns could not be told: every row, with every column, for the page to ask (see the worker's finishTable). */
  | { type: 'needs-mapping'; headers: string[]; rows: Row[]; guess: LayoutGuess }
  | { type: 'failed'; message: string };

/** Whether a file to open is Parquet: by its name, or for a File by its first bytes. */
export async function isParquetSource(name: string, file?: Blob): Promise<boolean> {
  if (isParquet(name, '')) return true;
  if (file === undefined || file.size < 12) return false;
  return isParquet(name, new TextDecoder('latin1').decode(await file.slice(0, 4).arrayBuffer()));
}

/**
 * Opens a Parquet file and reads it (see readParquetTable) into one packed
 * dataset: the dataset worker's Parquet branch. `attribution` names each
 * layout's source; `outlines` are the countries rows are checked against.
 */
export async function loadParquet(
  source: ParquetSource,
  options: {
    name: string;
    attribution?: Partial<Record<LayoutKind, string>>;
    outlines?: CountryOutlines;
    onProgress?: (progress: ParquetProgress) => void;
  },
): Promise<ParquetLoad> {
  const { name } = options;
  try {
    const bytes =
      'file' in source ? { buffer: blobBuffer(source.file), kind: 'file' } : await urlBuffer(source.url, name);
    const file = await openParquetFile(bytes.buffer, name);
    const { guess } = file;
    if (!guess.confident || guess.mapping === null) return await allRows(file);
    const builder = new PackBuilder();
    builder.expect(file.rowCount);
    const read = await readParquetTable(
      file,
      {
        name,
        attribution: options.attribution?.[guess.kind],
        outlines: options.outlines,
        onProgress: options.onProgress,
      },
      (incident) => builder.add(incident),
    );
    options.onProgress?.({
      phase: 'indexing',
      bytesRead: 0,
      bytesTotal: 0,
      rowsRead: file.rowCount,
      rowsTotal: file.rowCount,
    });
    if (bytes.kind === 'memory') {
      read.problems.push({
        index: -1,
        field: 'file',
        message: `was downloaded whole (${Math.ceil(file.buffer.byteLength / 1024)} KB): its server ignores HTTP Range requests, by which only the columns read would have been`,
        skipped: false,
      });
    }
    // PackBuilder.finish, with the reveal order kept to put the row numbers in it.
    const sorted = builder.sort();
    const meta = { name: read.reader.name, attribution: read.reader.attribution, places: [] };
    const packed = builder.pack(sorted, meta);
    const dataset = withBuffers(
      packed,
      packedPoints(sorted.points),
      idTableOf(revealHashes(read.reader.ids.hashes(), sorted)),
    );
    const rows = sorted.identity ? read.rows : Uint32Array.from(sorted.permutation, (i) => read.rows[i]);
    return { type: 'done', dataset, problems: read.problems, layout: `${guess.label}, Parquet`, rows, file };
  } catch (error) {
    if (error instanceof ParquetError || error instanceof UrlReadError)
      return { type: 'failed', message: error.message };
    throw error;
  }
}

/** Every row of every column, for the page to choose the columns from (as a CSV's rows are kept). */
async function allRows(file: ParquetFile): Promise<ParquetLoad> {
  const refused = tooManyColumns(file.headers, file.name) ?? codecProblem(file, file.headers);
  if (refused) return { type: 'failed', message: refused };
  const size = bytesOf(file, file.headers).uncompressed;
  if (size > MAX_PARQUET_BYTES) return { type: 'failed', message: tooLarge(file, size) };
  const rows: Row[] = [];
  for (const group of file.groups) {
    const block = await readCells(file, file.headers, group.start, group.start + group.rows);
    const columns = file.headers.map((header) => block.cells.get(header) ?? []);
    for (let i = 0; i < group.rows; i++) {
      rows.push(
        rowOf(
          columns.map((column) => column[i] ?? ''),
          file.headers,
        ),
      );
    }
  }
  return { type: 'needs-mapping', headers: file.headers, rows, guess: file.guess };
}
