/// <reference lib="webworker" />
// Reading a table on the dataset worker itself: a small one, one whose columns
// the page is asked to choose, or a large one the two table workers could not
// settle between them (see ParallelTable).
import { CsvRows } from '../import/csv-stream';
import { CountryOutlines } from '../import/places/country-outlines';
import { REGION_OUTLINES } from '../import/places/region-outlines';
import {
  type ColumnMapping,
  detectLayout,
  type LayoutGuess,
  type Row,
  tooManyColumnsText,
} from '../import/table/detect-layout';
import { TableReader } from '../import/table/tabular';
import { PackBuilder } from '../pack/packed';
import { DataError } from '../text/messages';
import type { LoadPhase } from './protocol';
import { post, send } from './replies';

export const ATTRIBUTION: Partial<Record<LayoutGuess['kind'], string>> = {
  ucdp: 'UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, CC BY 4.0',
  acled: 'Armed Conflict Location & Event Data (ACLED), acleddata.com',
};

/** A table whose columns the page is asked to choose: its rows, kept until it answers. */
let pendingRows: { rows: Row[]; name: string; guess: LayoutGuess } | null = null;

/** Forgets a table waiting for its columns (a new load has begun). */
export function forgetPendingTable(): void {
  pendingRows = null;
}

/** Reads the rows of pending table with the mapping the user chose. */
export function finishTable(mapping: ColumnMapping): void {
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

/** A table reader that packs each incident as it is read, checking each against its country's outline. */
export function tableFor(
  guess: LayoutGuess,
  name: string,
  longText = true,
): { reader: TableReader; builder: PackBuilder } {
  const builder = new PackBuilder([], { longText, index: true });
  const outlines = new CountryOutlines(REGION_OUTLINES);
  const reader = new TableReader(guess, { name, attribution: ATTRIBUTION[guess.kind], outlines }, (incident, index) =>
    builder.add(incident, index),
  );
  return { reader, builder };
}

function finishPacked(table: { reader: TableReader; builder: PackBuilder }, layout: string): void {
  const problems = table.reader.finish();
  post({ type: 'progress', phase: 'indexing', loaded: 0, total: null });
  const meta = { name: table.reader.name, attribution: table.reader.attribution, places: [] };
  const dataset = table.builder.finish(meta, table.reader.ids.hashes());
  send(dataset, problems, 'CSV', layout);
}

/** Ends the load (its message is the reply) when a table has more columns than the page would lay out. */
export function refuseWide(fields: readonly string[], name: string): void {
  const refused = tooManyColumnsText(fields, name);
  if (refused) throw new DataError(refused);
}

/**
 * Parses CSV/TSV text as it arrives, a block of whole records at a time. When
 * the columns say what the table is, each block's rows are checked and packed
 * as they come and then let go, so a million rows never sit in memory as
 * objects; otherwise the rows are kept and the page is asked which columns
 * hold what.
 */
export class TableStream {
  readonly #rows: CsvRows;
  readonly #name: string;
  #headers: string[] = [];
  #guess: LayoutGuess | null = null;
  #table: { reader: TableReader; builder: PackBuilder } | null = null;
  readonly #kept: Row[] = [];
  /** Whether records keep their long text (not when it is read back from the file; see PackBuilder). */
  readonly #longText: boolean;

  constructor(delimiter: string, name: string, longText = true) {
    this.#name = name;
    this.#longText = longText;
    this.#rows = new CsvRows(
      delimiter,
      (fields) => this.#begin(fields),
      (rows) => this.#add(rows),
    );
  }

  get phase(): LoadPhase {
    return this.#table ? 'checking' : 'parsing';
  }

  /** Rows read so far. */
  get rows(): number {
    return this.#rowCount;
  }
  #rowCount = 0;

  push(text: string): void {
    this.#rows.push(text);
  }

  end(): void {
    this.#rows.end();
    if (this.#guess === null) this.#begin([]);
    const guess = this.#guess as LayoutGuess;
    if (this.#table) finishPacked(this.#table, guess.label);
    else {
      pendingRows = { rows: this.#kept, name: this.#name, guess };
      post({ type: 'needs-mapping', headers: this.#headers, preview: this.#kept.slice(0, 6), guess });
    }
  }

  #begin(fields: string[]): void {
    refuseWide(fields, this.#name);
    this.#headers = fields;
    this.#guess = detectLayout(fields);
    if (this.#guess.confident && this.#guess.mapping) this.#table = tableFor(this.#guess, this.#name, this.#longText);
  }

  #add(rows: Row[]): void {
    this.#rowCount += rows.length;
    if (this.#table) this.#table.reader.add(rows);
    else for (const row of rows) this.#kept.push(row);
  }
}
