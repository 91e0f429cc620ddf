// A CSV past the 150 MB the app once refused: Incident Atlas columns with
// summaries about as long as UCDP's and ACLED's text, written in pieces so the
// test run never holds it as one string. One row's summary carries a word no
// other row has, for search and the details to find.
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';

export const BIG_ROWS = 300_000;
export const PLANTED_ROW = 123_457;
export const PLANTED_WORD = 'quixotrellis';
export const BIG_BYTES_AT_LEAST = 150 * 1024 * 1024 + 1;

const WORDS =
  'checkpoint convoy district police officials reported gunmen attacked border village security forces killed injured local residents said statement province operation'.split(
    ' ',
  );
const CATEGORIES = ['attack', 'airstrike', 'diplomacy', 'statement', 'security-operation'];

export const bigId = (row: number) => `big-${row}`;
/** Day of row `row`: rows run over ten years from 2014, in order. */
export const bigDay = (row: number) =>
  new Date(Date.UTC(2014, 0, 1) + Math.floor((row / BIG_ROWS) * 3650) * 86_400_000).toISOString().slice(0, 10);

/** The summary of row `row`: about 480 characters, quoted fields with commas and doubled quotes now and then. */
export function bigSummary(row: number): string {
  let text = `Row ${row}: "reported" by officials, `;
  let k = row;
  while (text.length < 470) {
    k = (k * 1103515245 + 12345) % 2147483648;
    text += `${WORDS[k % WORDS.length]} `;
  }
  return row === PLANTED_ROW ? `${text}${PLANTED_WORD}.` : `${text.trimEnd()}.`;
}

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** Writes the CSV at `path` unless it is there already (it is the same every time). */
export function writeBigCsv(path: string): void {
  if (existsSync(path) && statSync(path).size >= BIG_BYTES_AT_LEAST) return;
  const fd = openSync(path, 'w');
  writeSync(fd, 'id,date,title,summary,category,latitude,longitude,location_precision,actors\n');
  let piece = '';
  for (let row = 0; row < BIG_ROWS; row++) {
    const lat = (29 + ((row * 7919) % 8000) / 1000).toFixed(3);
    const lon = (61 + ((row * 104729) % 14000) / 1000).toFixed(3);
    piece += `${bigId(row)},${bigDay(row)},Incident ${row},${quote(bigSummary(row))},${CATEGORIES[row % 5]},${lat},${lon},town,Actor ${row % 97}\n`;
    if (piece.length > 1 << 20) {
      writeSync(fd, piece);
      piece = '';
    }
  }
  writeSync(fd, piece);
  closeSync(fd);
}
