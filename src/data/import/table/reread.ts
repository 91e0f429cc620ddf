// Reads table rows again, one record's bytes at a time, as they were read when
// the table was loaded: how an incident's summary and sources come back from
// the file when it is shown or exported, once the page and the workers have
// let the text go. Pure.
import Papa from 'papaparse';
import type { Incident } from '../../types';
import type { LayoutGuess } from './detect-layout';
import { listable, rowOf } from './row';
import { isWhiteSpace, TableReader } from './tabular';

/** What reading a row again needs to know of its table, kept from the load. */
export interface TableShape {
  guess: LayoutGuess;
  name: string;
  attribution?: string;
  delimiter: string;
  newline: string;
  /** The header's column names, as papaparse read them (see TableHead.fields). */
  fields: string[];
  /** The columns the layout was worked out from (see TableReader.columns). */
  headers: string[];
}

// A record's bytes may start with a byte-order mark that is its first cell's (see withMark).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** papaparse drops a mark that starts its text; one that starts a record is its first cell's, so it is doubled. */
const withMark = (text: string) => (text.charCodeAt(0) === 0xfeff ? `\uFEFF${text}` : text);

/**
 * The incidents of some rows read again: `records[k]` is the bytes of the
 * record of row `rows[k]` (its index in the table, as the load counted rows).
 * null for a record that no longer reads as an incident (the file changed).
 */
export function rereadRows(
  shape: TableShape,
  records: readonly Uint8Array[],
  rows: readonly number[],
): (Incident | null)[] {
  const plainLists = listable(shape.fields);
  const options = { delimiter: shape.delimiter, newline: shape.newline as '\n' | '\r' | '\r\n' };
  return readEach(shape, records.length, (reader, k) => {
    // A BOM only ever starts the file, before the header; a record's bytes never hold one.
    const lists = Papa.parse<string[]>(withMark(decoder.decode(records[k])), options).data;
    const cells = lists.find((list) => !isWhiteSpace(list));
    if (!cells) return;
    if (plainLists) reader.addLists([cells], 0, shape.fields, rows[k]);
    else reader.add([rowOf(cells, shape.fields)], rows[k]);
  });
}

/**
 * Reads `count` records through one TableReader of `shape`'s layout, `each`
 * feeding it record k: the incident it makes of record k, or null for one
 * that no longer reads as an incident.
 */
export function readEach(
  shape: Pick<TableShape, 'guess' | 'name' | 'attribution' | 'headers'>,
  count: number,
  each: (reader: TableReader, k: number) => void,
): (Incident | null)[] {
  const found: (Incident | null)[] = new Array(count).fill(null);
  let at = -1;
  const reader = new TableReader(
    shape.guess,
    { name: shape.name, attribution: shape.attribution, headers: shape.headers },
    (incident) => {
      if (at >= 0) found[at] = incident;
    },
  );
  for (let k = 0; k < count; k++) {
    at = k;
    each(reader, k);
    at = -1;
  }
  return found;
}
