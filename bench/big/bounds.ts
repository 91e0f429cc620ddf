// How near a load of a large table can come to bench:big's floor, in Node, one
// thread, three passes over the same file in one run:
//   1. papaparse alone (the floor's work: rows as lists of cells, counted);
//   2. papaparse, and every cell that search covers folded and put into a
//      token index (what issue #29's search asks of any load that indexes while
//      it streams, and no more: no incident is made, checked or packed);
//   3. the app's own read of the blocks, as bench/big/pipeline.ts does it.
// The ratios say what two cores could at best make of it: the load cannot
// take less than pass 2's time over two, against the floor's pass 1.
//   npx tsx bench/big/bounds.ts FILE.csv

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { foldAsciiInto, foldForSearch } from '../../src/data/search/fold';
import { TokenIndexBuilder } from '../../src/data/search/token-index-builder';

const path = process.argv[2];
if (!path) throw new Error('usage: tsx bench/big/bounds.ts FILE.csv');

/** The columns whose words search finds, as the UCDP and ACLED layouts put them into an incident's search line. */
const SEARCHED = new Set([
  // UCDP GED
  'side_a',
  'side_b',
  'conflict_name',
  'dyad_name',
  'where_description',
  'where_coordinates',
  'adm_1',
  'adm_2',
  'country',
  // ACLED
  'notes',
  'actor1',
  'assoc_actor_1',
  'actor2',
  'assoc_actor_2',
  'location',
  'admin1',
  'admin2',
  'admin3',
  'event_type',
  'sub_event_type',
]);

const text = readFileSync(path, 'utf8');

function parse(onRow: (cells: string[], row: number) => void): number {
  let rows = 0;
  const start = performance.now();
  // In 10 MB chunks, as the floor's papaparse reads a File (its types allow `chunk` for files only).
  const config = {
    chunkSize: 10 * 1024 * 1024,
    chunk: (results: Papa.ParseResult<string[]>) => {
      for (const cells of results.data) onRow(cells, rows++);
    },
  };
  Papa.parse<string[]>(text, config as Papa.ParseConfig<string[]>);
  return performance.now() - start;
}

const floor = parse(() => {});

let columns: number[] = [];
const index = new TokenIndexBuilder();
let units = new Uint16Array(4096);
const indexed = parse((cells, row) => {
  if (row === 0) {
    columns = cells.flatMap((name, at) => (SEARCHED.has(name) ? [at] : []));
    return;
  }
  let to = 0;
  for (const at of columns) {
    const cell = cells[at] ?? '';
    if (units.length < to + cell.length + 1) units = new Uint16Array((to + cell.length + 1) * 2);
    const end = foldAsciiInto(cell, units, to);
    if (end >= 0) to = end;
    else {
      const folded = foldForSearch(cell);
      for (let c = 0; c < folded.length; c++) units[to++] = folded.charCodeAt(c);
    }
    units[to++] = 32;
  }
  index.addUnits(row, units, 0, to);
});
index.finish();

// The app's read, in a process of its own (pipeline.ts prints the time its two readers took).
const out = execFileSync(
  process.execPath,
  ['--max-old-space-size=8000', '--import', 'tsx', '--import', './bench/big/raw.mjs', 'bench/big/pipeline.ts', path],
  { encoding: 'utf8' },
);
const read = /reading blocks (\d+) \+ (\d+) ms/.exec(out);
const app = read ? Number(read[1]) + Number(read[2]) : Number.NaN;

const row = (what: string, ms: number) =>
  console.log(`${what.padEnd(52)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / floor).toFixed(2).padStart(5)} x floor`);
console.log(`${path}: ${(text.length / 2 ** 20).toFixed(0)} Mi characters, Node ${process.version}, one thread`);
row('1. papaparse alone (the floor)', floor);
row('2. papaparse + the searched cells indexed', indexed);
row('3. the app reading its blocks (both readers)', app);
console.log(
  `on two cores at best: pass 2 in ${(indexed / 2 / floor).toFixed(2)} x floor, pass 3 in ${(app / 2 / floor).toFixed(2)} x`,
);
