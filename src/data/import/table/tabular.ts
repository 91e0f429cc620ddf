// Tables (CSV/TSV rows as papaparse gives them) to incidents in our schema. Each
// row becomes one GeoJSON Feature which goes through the one validator,
// IncidentReader, a row at a time; problems are reported by spreadsheet row
// number and column. Pure.

import type { IdSet } from '../../pack/id-set';
import { problemOf } from '../../text/messages';
import type { DatasetProblem, DatasetReport, Incident } from '../../types';
import { type CountryOutlines, describeCountryFit, fitCountry } from '../places/country-outlines';
import { IncidentReader, type RelatedCheck } from '../validate';
import { unprotectCell } from './cells';
import { HeaderIndex, isHxlRow, type LayoutGuess, type Row } from './detect-layout';
import { layoutFor } from './layouts/choose';
import { cellAt, type Layout, type PlainRow, positionIn } from './layouts/layout';
import { RowCursor } from './row';

// ---- the table ---------------------------------------------------------------

/** Column names of the rows, from the first rows (papaparse leaves short rows without their missing keys). */
export function headersOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows.slice(0, 50)) for (const key of Object.keys(row)) seen.add(key);
  seen.delete('__parsed_extra');
  return [...seen];
}

/** Whether every cell is white space (or empty): the first cell's first character most often says it is not. */
export function isWhiteSpace(cells: readonly string[]): boolean {
  const first = cells[0];
  if (first !== undefined && first.length > 0 && first.trim() === first) return false;
  return cells.every((cell) => cell.trim() === '');
}

/**
 * Turns table rows (papaparse `header: true`) into incidents in our schema, a
 * chunk at a time, each incident going to `sink` as it is read. The header is
 * spreadsheet row 1, so the first row is row `firstRow` (2); a leading HXL
 * hashtag row is left out silently. Every row with a usable date and
 * coordinates loads; problems name the spreadsheet row and the column.
 */
export class TableReader {
  name: string;
  attribution: string | undefined;
  private readonly problems: DatasetProblem[] = [];
  private readonly firstRow: number;
  private layout: Layout | null = null;
  private readonly reader: IncidentReader;
  private rowsRead = 0;
  private started = false;
  /** Columns the atlas layout takes the dataset's name and attribution from, until a value is found. */
  private nameColumn: string | undefined;
  private attributionColumn: string | undefined;
  /** Row indexes the name and attribution were found on (-1: not found, or not from a column). */
  private nameAt = -1;
  private attributionAt = -1;
  /** The columns, when known before any row (else they are read from the first rows). */
  private readonly headers: string[] | undefined;
  /** The outlines a row's point is checked against the country it names (none: not checked). */
  private readonly outlines: CountryOutlines | undefined;
  /** Index of the row being read, which the country check names. */
  private at = 0;

  constructor(
    private readonly guess: LayoutGuess,
    options: { name: string; firstRow?: number; attribution?: string; headers?: string[]; outlines?: CountryOutlines },
    /** `index`: the row index (0 for the first row after the header) the incident was read from. */
    sink: (incident: Incident, index: number) => void,
  ) {
    this.name = options.name;
    this.attribution = options.attribution;
    this.firstRow = options.firstRow ?? 2;
    this.headers = options.headers;
    this.outlines = options.outlines;
    this.reader = new IncidentReader(
      [],
      this.outlines === undefined
        ? sink
        : (incident, index) => {
            this.checkCountry(incident);
            sink(incident, index);
          },
    );
    this.cursor = new RowCursor(this.reader.problems);
  }

  /**
   * Reads the next rows; `offset` is the index of the first of them in the
   * table when rows are read out of order, in blocks (see blocks.ts).
   */
  add(rows: readonly Row[], offset = this.rowsRead): void {
    if (rows.length === 0) return;
    this.rowsRead = offset + rows.length;
    if (!this.started) this.start(rows);
    if (!this.layout) return;
    const cursor = this.cursor;
    for (let r = 0; r < rows.length; r++) {
      cursor.atRow(rows[r]);
      this.readRow(offset + r);
    }
  }

  /**
   * Reads rows given as lists of cells in the order of the header's `fields`
   * (see listable), as `add` reads the rows papaparse's `header: true` makes of
   * them: `lists[from..]`, but for those whose every cell is white space (no
   * rows to papaparse), the first of them the row at `offset` in the table.
   * The columns must have been given (the `headers` option).
   */
  addLists(lists: readonly (readonly string[])[], from: number, fields: readonly string[], offset: number): void {
    if (!this.started) this.start([]);
    if (!this.layout) return;
    const cursor = this.cursor;
    const plain = this.plainFor(fields);
    let index = offset;
    for (let r = from; r < lists.length; r++) {
      const cells = lists[r];
      if (isWhiteSpace(cells)) continue;
      // The first row may be HXL tags, and a row may name the dataset: those go the long way.
      if (plain !== null && index !== 0 && !this.namesDataset(cells, fields)) {
        const incident = plain(cells, this.firstRow + index);
        this.at = index;
        if (incident !== null && this.reader.acceptPlain(incident, index)) {
          index++;
          continue;
        }
      }
      cursor.atCells(cells, fields);
      this.readRow(index++);
    }
    this.rowsRead = index;
  }

  /** The layout's plain reader for rows of these fields (see Layout.plain), made once. */
  private plainFor(fields: readonly string[]): PlainRow | null {
    if (this.plain?.fields !== fields) this.plain = { fields, read: this.layout?.plain?.(fields) ?? null };
    return this.plain.read;
  }
  private plain: { fields: readonly string[]; read: PlainRow | null } | null = null;

  /** Whether a row gives the dataset's name or attribution, not found yet (see readMeta). */
  private namesDataset(cells: readonly string[], fields: readonly string[]): boolean {
    const given = (column: string | undefined) =>
      column !== undefined && unprotectCell(cellAt(cells, positionIn(fields, column))).trim() !== '';
    return given(this.nameColumn) || given(this.attributionColumn);
  }

  private readonly cursor: RowCursor;

  /** Reads the row the cursor is at, row `index` of the table. */
  private readRow(index: number): void {
    const cursor = this.cursor;
    if (index === 0 && isHxlRow(cursor.row())) return;
    if (cursor.isBlank()) return;
    if (this.nameColumn !== undefined || this.attributionColumn !== undefined) this.readMeta(index);
    cursor.index = index;
    cursor.number = this.firstRow + index;
    const draft = (this.layout as Layout).convert(cursor);
    if (!draft) return;
    const before = this.reader.problems.length;
    this.at = index;
    this.reader.readDraft(draft, index);
    this.nameProblems(before);
  }

  /**
   * Warns (the row loads) when an incident's point lies more than the
   * tolerance outside the country its row names, saying when latitude and
   * longitude look swapped (see fitCountry).
   */
  private checkCountry(incident: Incident): void {
    const country = incident.country;
    if (country === undefined || this.outlines === undefined || this.layout === null) return;
    const [lon, lat] = incident.coordinates;
    const fit = fitCountry(this.outlines, country, lon, lat);
    if (fit !== 'outside' && fit !== 'swapped') return;
    const text = describeCountryFit(fit, { lat, lon, country });
    const field = this.layout.columnOf('geometry');
    this.reader.problems.push(
      problemOf(this.at, field, text, false, { row: this.firstRow + this.at, id: incident.id }),
    );
  }

  /** Problems the incident reader reported from `from` on name the row and the column. */
  private nameProblems(from: number): void {
    const problems = this.reader.problems;
    const layout = this.layout as Layout;
    for (let p = from; p < problems.length; p++) {
      const problem = problems[p];
      if (problem.row === undefined) {
        problems[p] = { ...problem, row: this.firstRow + problem.index, field: layout.columnOf(problem.field) };
      }
    }
  }

  /** The columns the layout was worked out from (see start), once rows have come; for reading rows again later. */
  columns: string[] | undefined;

  /** Works out the layout from the first rows' columns. */
  private start(rows: readonly Row[]): void {
    this.started = true;
    this.columns = this.headers ?? headersOf(rows);
    const headers = new HeaderIndex(this.columns);
    const layout = layoutFor(this.guess, headers, this.name);
    if ('key' in layout) {
      this.problems.push(problemOf(-1, 'columns', layout, true));
      return;
    }
    this.layout = layout;
    if (this.guess.kind === 'atlas') {
      this.nameColumn = headers.find('dataset');
      this.attributionColumn = this.attribution === undefined ? headers.find('attribution') : undefined;
    }
  }

  /** The atlas layout's dataset name and attribution: the first value each column gives. */
  private readMeta(index: number): void {
    const first = (column: string) => unprotectCell(this.cursor.cell(column)).trim();
    if (this.nameColumn !== undefined && first(this.nameColumn) !== '') {
      this.name = first(this.nameColumn);
      this.nameColumn = undefined;
      this.nameAt = index;
    }
    if (this.attributionColumn !== undefined && first(this.attributionColumn) !== '') {
      this.attribution = first(this.attributionColumn);
      this.attributionColumn = undefined;
      this.attributionAt = index;
    }
  }

  /**
   * What this reader found in the blocks it was given, for merging with other
   * readers' (see blocks.ts): problems with their rows named, related ids
   * left unchecked (that needs every block's ids), and where the name and
   * attribution were found.
   */
  partial(): BlockFindings {
    if (!this.started) this.start([]);
    return {
      problems: [...this.problems, ...this.reader.problems],
      related: this.reader.withRelated,
      skippedIds: this.reader.skippedIds,
      relatedField: this.layout ? this.layout.columnOf('related') : 'related',
      name: { value: this.name, at: this.nameAt },
      attribution: { value: this.attribution, at: this.attributionAt },
    };
  }

  /** The ids of the incidents read so far, in the order they went to the sink. */
  get ids(): IdSet {
    return this.reader.ids;
  }

  /** Checks related ids and returns every problem, by row. */
  finish(): DatasetProblem[] {
    if (!this.started) this.start([]);
    const problems = this.reader.problems;
    const before = problems.length;
    this.reader.finish();
    if (this.layout) this.nameProblems(before);
    return byRow([...this.problems, ...problems]);
  }
}

/** What a TableReader found in some blocks of a table (see TableReader.partial). */
export interface BlockFindings {
  problems: DatasetProblem[];
  related: RelatedCheck[];
  /** Ids of rows skipped after their id was checked (see IncidentReader.skippedIds). */
  skippedIds: string[];
  /** The column related ids come from, as problems name it. */
  relatedField: string;
  /** The dataset's name and attribution, and the row index they were found on (-1: not from a row). */
  name: { value: string; at: number };
  attribution: { value: string | undefined; at: number };
}

/** Problems in row order (stable), those about the whole file last. */
export function byRow(problems: DatasetProblem[]): DatasetProblem[] {
  return problems.sort(
    (a, b) => (a.index < 0 ? Number.MAX_SAFE_INTEGER : a.index) - (b.index < 0 ? Number.MAX_SAFE_INTEGER : b.index),
  );
}

/** Turns table rows into a dataset in our schema (see TableReader). */
export function rowsToDataset(
  rows: Row[],
  guess: LayoutGuess,
  options: { name: string; firstRow?: number; attribution?: string; outlines?: CountryOutlines },
): DatasetReport {
  const incidents: Incident[] = [];
  const reader = new TableReader(guess, options, (incident) => incidents.push(incident));
  reader.add(rows);
  const problems = reader.finish();
  return { dataset: { name: reader.name, attribution: reader.attribution, incidents, places: [] }, problems };
}
