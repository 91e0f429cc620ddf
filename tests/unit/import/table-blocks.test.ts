// A large table is read on two workers, in blocks. Whatever the table (quoted
// fields with line breaks, repeated and missing ids, related ids across blocks,
// blank lines, bad rows, CRLF) and however the text arrives, the dataset and the
// problems must be exactly those of reading it whole on one worker, or the
// blocks must say why they cannot be (and the app then reads it whole).
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { CsvRows } from '../../../src/data/import/csv-stream';
import { CountryOutlines } from '../../../src/data/import/places/country-outlines';
import { REGION_OUTLINES } from '../../../src/data/import/places/region-outlines';
import {
  BlockDealer,
  BlockReader,
  ByteCutter,
  mergeBlocks,
  readTableHead,
  type TableBlock,
  type TableBytes,
} from '../../../src/data/import/table/blocks';
import { detectLayout, type LayoutGuess, type Row } from '../../../src/data/import/table/detect-layout';
import { TableReader } from '../../../src/data/import/table/tabular';
import { PackBuilder } from '../../../src/data/pack/packed';
import type { PackedDataset } from '../../../src/data/pack/packed-types';
import { incidentAt } from '../../../src/data/pack/records';
import type { DatasetProblem } from '../../../src/data/types';
import { searchAnswers } from '../search/answers';

type Read = { dataset: PackedDataset; problems: DatasetProblem[] };

/** The one-worker path (dataset-worker.ts): streamed rows, one reader, one builder. */
function readWhole(text: string, name: string, longText = true): Read {
  let reader: TableReader | null = null;
  const builder = new PackBuilder([], { longText });
  const rows = new CsvRows(
    '',
    (fields) => {
      reader = new TableReader(
        detectLayout(fields),
        { name, outlines: new CountryOutlines(REGION_OUTLINES) },
        (incident) => builder.add(incident),
      );
    },
    (chunk: Row[]) => reader?.add(chunk),
  );
  rows.push(text);
  rows.end();
  const done = reader as unknown as TableReader;
  const problems = done.finish();
  return { dataset: builder.finish({ name: done.name, attribution: done.attribution, places: [] }), problems };
}

/**
 * The two-worker path, in one thread: blocks dealt by a BlockDealer to workers
 * that read them when `schedule` says (each entry: 0 or 1, that worker reads
 * one of its blocks; 2, neither), so any worker may read any block.
 */
function readInBlocks(
  text: string,
  name: string,
  pieces: number[],
  blockChars: number,
  schedule: number[] = [0, 1],
  expectedChars = 0,
  longText = true,
): Read | string {
  const body = text.replace(/^\uFEFF/, '');
  const head = readTableHead(body, '');
  if (!head) return 'no head';
  const guess: LayoutGuess = detectLayout(head.fields);
  // The outlines go to each table worker as they travel there: their source.
  const workers = [0, 1].map(() => new BlockReader(head, guess, { name, longText }, expectedChars, REGION_OUTLINES));
  const reasons: string[] = [];
  const given: TableBlock[][] = [[], []];
  const dealer = new BlockDealer(2, (w, block) => block && given[w].push(block));
  const readOne = (w: number) => {
    const block = given[w].shift();
    if (!block) return;
    const reason = workers[w].read(block);
    if (reason) reasons.push(reason);
    dealer.read(w);
  };
  let tick = 0;
  // As the app cuts them: bytes, each block decoded by the worker that reads it.
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const cutter = new ByteCutter(
    head.newline,
    ({ bytes, ...block }: TableBytes) => {
      dealer.deal({ ...block, text: utf8.decode(bytes) });
      const w = schedule[tick++ % schedule.length];
      if (w < 2) readOne(w);
    },
    blockChars,
  );
  // Pieces may end anywhere, a character's bytes cut in two among them.
  const rest = new TextEncoder().encode(body.slice(head.bodyStart));
  const bounds = [0, ...[...new Set(pieces.map((p) => p % (rest.length + 1)))].sort((a, b) => a - b), rest.length];
  for (let i = 0; i + 1 < bounds.length; i++) cutter.push(rest.subarray(bounds[i], bounds[i + 1]));
  if (!cutter.end()) return 'ends inside quotes';
  dealer.end();
  while (given[0].length + given[1].length > 0) {
    const w = schedule[tick++ % schedule.length];
    readOne(w < 2 && given[w].length > 0 ? w : given[0].length > 0 ? 0 : 1);
  }
  if (reasons.length > 0) return reasons[0];
  return mergeBlocks(
    workers.map((w) => w.finish()),
    { name, longText },
  );
}

/** Everything a dataset tells the page, decoded (the order of names included). */
function decoded(dataset: PackedDataset) {
  const p = dataset.incidents;
  return {
    name: dataset.name,
    attribution: dataset.attribution,
    categories: p.categories,
    countries: p.countries,
    actorNames: p.actorNames,
    actors: [...p.actors],
    actorOffsets: [...p.actorOffsets],
    search: searchAnswers(p),
    country: [...p.country],
    category: [...p.category],
    incidents: Array.from({ length: p.count }, (_, i) => incidentAt(p, i)),
  };
}

const HEADER = ['id', 'title', 'date', 'latitude', 'longitude', 'location_precision', 'category', 'actors', 'related'];
const messy = fc.stringMatching(/^[a-cé ,;"\n]{0,8}$/);
const row = fc.record({
  // Mostly a unique id (u: u + the row's number); now and then one that repeats,
  // is missing (row-N) or is not a slug.
  id: fc.oneof(
    { arbitrary: fc.constant('u'), weight: 30 },
    { arbitrary: fc.constantFrom('a', 'a-2', 'u5', '', 'x y'), weight: 1 },
  ),
  title: messy,
  date: fc.constantFrom('2024-01-02', '2024-03', '2024-01-01/2024-02-01', '2024-12-24/..', 'bad', '', '2024-02-02'),
  latitude: fc.constantFrom('34.5', '33', '-91', 'x', '34,25'),
  longitude: fc.constantFrom('69.2', '70', '71.5'),
  location_precision: fc.constantFrom('exact', 'town', '', 'bogus'),
  category: fc.constantFrom('attack', 'diplomacy', '', 'Raid', 'b"c'),
  actors: fc.constantFrom('A; B', 'B', '', 'C; A; A', 'é'),
  related: fc.constantFrom('', '', 'a', 'zzz', 'u3; u40', 'u70', 'row-9'),
  // With the points above, some fit their country, some lie outside it: the check is made in blocks too.
  country: fc.constantFrom('', 'Pakistan', 'Afghanistan', 'PK', 'Yemen'),
  // Now and then a row with cells missing at the end, or one cell too many.
  width: fc.oneof({ arbitrary: fc.constant(0), weight: 20 }, { arbitrary: fc.constantFrom(-1, -4, 1), weight: 1 }),
});
const table = fc.record({
  rows: fc.array(row, { minLength: 52, maxLength: 90 }),
  newline: fc.constantFrom('\n', '\r\n'),
  blank: fc.array(fc.nat(), { maxLength: 3 }),
  bom: fc.boolean(),
  // A second column named as one before it (papaparse renames it `title_1`).
  twice: fc.oneof({ arbitrary: fc.constant(false), weight: 12 }, { arbitrary: fc.constant(true), weight: 1 }),
  // Now and then one more column, named as an object's own key could not be.
  more: fc.oneof(
    { arbitrary: fc.constant(null), weight: 8 },
    { arbitrary: fc.constantFrom('notes', '__proto__', '__parsed_extra', 'constructor'), weight: 1 },
  ),
});

function csvOf(t: {
  rows: (Record<string, string | number> & { width: number })[];
  newline: string;
  blank: number[];
  bom: boolean;
  twice: boolean;
  more: string | null;
}): string {
  const header = [...HEADER, 'country', ...(t.twice ? ['title'] : []), ...(t.more ? [t.more] : [])];
  const data = t.rows.map((r, i) => {
    const cells = header.map((h) =>
      h === 'id' && r.id === 'u' ? `u${i}` : Object.hasOwn(r, h) ? String(r[h]) : `${h} ${i % 3}`,
    );
    return r.width < 0 ? cells.slice(0, r.width) : r.width > 0 ? [...cells, 'extra'] : cells;
  });
  const lines = Papa.unparse({ fields: header, data }, { newline: '\n' })
    .split(/\n(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((line) => line.replaceAll('\n', t.newline));
  // Empty lines between records are skipped, as papaparse skips them.
  for (const at of t.blank) lines.splice(1 + (at % lines.length), 0, '');
  return `${t.bom ? '\uFEFF' : ''}${lines.join(t.newline)}${t.newline}`;
}

describe('a table read in blocks on two workers', () => {
  // With the long text left in the file, the short records are codes (see short-records.ts), merged as the rest is.
  test.each([
    ['', true],
    [', the long text left in the file', false],
  ])(
    'gives the dataset and problems of reading it whole%s, or says why it cannot',
    (_, longText) => {
      let merged = 0;
      fc.assert(
        fc.property(
          table,
          fc.array(fc.nat(), { maxLength: 6 }),
          fc.integer({ min: 1, max: 400 }),
          fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 12 }),
          fc.nat({ max: 20_000 }),
          (t, pieces, blockChars, schedule, expectedChars) => {
            const text = csvOf(t);
            const whole = readWhole(text, 'table.csv', longText);
            const blocks = readInBlocks(text, 'table.csv', pieces, blockChars, schedule, expectedChars, longText);
            if (typeof blocks === 'string') {
              // Only an id in two workers' blocks may send the table back to one worker, or
              // (in tables this small) empty lines among the first rows, which papaparse's
              // preview counts, or a header that papaparse renames (a name written twice).
              if (blocks === 'no head') expect(t.blank.length > 0 || t.twice).toBe(true);
              else expect(blocks).toMatch(/is used in blocks read by different workers/);
              return;
            }
            merged++;
            expect(blocks.problems).toEqual(whole.problems);
            expect(decoded(blocks.dataset)).toEqual(decoded(whole.dataset));
          },
        ),
        { numRuns: 150 },
      );
      // A fair share of the tables were read in blocks, not sent back, so the comparison ran:
      // about a quarter are (repeated ids often land in both workers' blocks); 15 of 150 is far
      // below what any run gives (30 was close enough to fail now and then).
      expect(merged).toBeGreaterThanOrEqual(15);
      // About 3 s alone, more on a busy machine: too close to the 5 s default.
    },
    60_000,
  );

  test('a large table with unique ids, quoted line breaks and a name column is read in blocks', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [
      `ev-${i}`,
      i % 7 === 0 ? `Line one\nline "two", ${i}` : `Event ${i}`,
      `2024-${String(1 + (i % 12)).padStart(2, '0')}-0${1 + (i % 9)}`,
      String(30 + (i % 7)),
      String(65 + (i % 9)),
      'town',
      ['attack', 'raid', 'talks'][i % 3],
      i % 5 === 0 ? 'Side A; Side B' : 'Side C',
      i % 11 === 0 ? `ev-${i + 1500}; ev-missing` : '',
      i === 2500 ? 'Named late' : '',
      ['Pakistan', 'Afghanistan', ''][i % 3],
    ]);
    const text = Papa.unparse({ fields: [...HEADER, 'dataset', 'country'], data: rows }, { newline: '\r\n' });
    const whole = readWhole(text, 'big.csv');
    const blocks = readInBlocks(text, 'big.csv', [1000, 5000, 77_777], 20_000);
    if (typeof blocks === 'string') throw new Error(blocks);
    expect(blocks.dataset.incidents.count).toBe(3000);
    expect(blocks.dataset.name).toBe('Named late');
    expect(blocks.problems.some((p) => p.field === 'related' && /ev-missing/.test(p.message))).toBe(true);
    expect(blocks.problems.filter((p) => /outside "(Pakistan|Afghanistan)"/.test(p.message)).length).toBeGreaterThan(
      100,
    );
    expect(blocks.problems).toEqual(whole.problems);
    expect(decoded(blocks.dataset)).toEqual(decoded(whole.dataset));
  });

  test("a table's bytes, in any pieces, are cut into blocks of whole records that join back to them, each with the rows papaparse reads in it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.stringMatching(/^[aé"\r\n, ]{0,5}$/), { minLength: 1, maxLength: 4 }), { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 200 }),
        (records, newline, blank, pieces, blockBytes) => {
          // In a table of CR LF lines a line feed alone, even outside quotes, is a character of a field.
          const lines = records.map(
            (cells, r) => `${Papa.unparse([cells], { newline })}${newline === '\r\n' && r % 3 === 0 ? ',x\ny' : ''}`,
          );
          for (const at of blank) lines.splice(at % (lines.length + 1), 0, '');
          const text = lines.map((line) => `${line}${newline}`).join('');
          const bytes = new TextEncoder().encode(text);
          const blocks: TableBytes[] = [];
          const cutter = new ByteCutter(newline, (block) => blocks.push(block), blockBytes);
          const bounds = [
            0,
            ...[...new Set(pieces.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b),
            bytes.length,
          ];
          for (let i = 0; i + 1 < bounds.length; i++) cutter.push(bytes.subarray(bounds[i], bounds[i + 1]));
          expect(cutter.end()).toBe(true);
          expect(Buffer.concat(blocks.map((b) => b.bytes))).toEqual(Buffer.from(bytes));
          let offset = 0;
          blocks.forEach((block, index) => {
            expect(block.index).toBe(index);
            expect(block.offset).toBe(offset);
            const read = Papa.parse<string[]>(new TextDecoder().decode(block.bytes), {
              newline: newline as '\n',
              skipEmptyLines: true,
              delimiter: ',',
            });
            expect(read.errors).toEqual([]);
            expect(read.data.length).toBe(block.rows);
            offset += block.rows;
          });
          // A record of one empty cell is an empty line: no row.
          expect(offset).toBe(lines.filter((line) => line !== '').length);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('blocks are dealt in order, each once, never more than `ahead` waiting on a worker, the least busy first, then the end to each', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('deal', 'read0', 'read1', 'read2'), { maxLength: 80 }),
        fc.integer({ min: 1, max: 4 }),
        (steps, ahead) => {
          const sent: [number, number | null][] = [];
          const waiting = [0, 0, 0];
          const dealer = new BlockDealer(
            3,
            (w, block) => {
              if (block) {
                // The least busy worker gets it, and has room for it.
                expect(waiting[w]).toBe(Math.min(...waiting));
                waiting[w]++;
                expect(waiting[w]).toBeLessThanOrEqual(ahead);
              }
              sent.push([w, block ? block.index : null]);
            },
            ahead,
          );
          let dealt = 0;
          const read = (w: number) => {
            if (waiting[w] === 0) return;
            waiting[w]--;
            dealer.read(w);
          };
          for (const step of steps) {
            if (step === 'deal') dealer.deal({ index: dealt++, text: '', offset: 0, rows: 0 });
            else read(Number(step.slice(4)));
          }
          dealer.end();
          // Workers read what they were given until everything has been dealt.
          while (sent.filter(([, b]) => b === null).length < 3) [0, 1, 2].forEach(read);
          const blocks = sent.filter(([, b]) => b !== null).map(([, b]) => b);
          expect(blocks).toEqual(Array.from({ length: dealt }, (_, i) => i));
          const ends = sent.flatMap(([w, b], at) => (b === null ? [[w, at]] : []));
          expect(ends.map(([w]) => w).sort()).toEqual([0, 1, 2]);
          // The ends come after every block.
          expect(Math.min(...ends.map(([, at]) => at))).toBe(dealt);
        },
      ),
    );
  });

  test('the reader of the bytes is kept waiting while more than a few blocks wait for a worker, and let go when the workers are gone', async () => {
    const dealer = new BlockDealer(2, () => {}, 1);
    const block = (index: number) => ({ index, text: '', offset: 0, rows: 0 });
    // Two go to the workers (one ahead each); the next three wait.
    for (let i = 0; i < 5; i++) dealer.deal(block(i));
    let roomy = false;
    const room = dealer.room(1).then(() => {
      roomy = true;
    });
    await Promise.resolve();
    expect(roomy).toBe(false);
    dealer.read(0);
    await Promise.resolve();
    expect(roomy).toBe(false);
    dealer.read(1);
    await room;
    expect(roomy).toBe(true);
    await dealer.room(1);
    // With more waiting than allowed, a release lets the reader go on.
    for (let i = 5; i < 9; i++) dealer.deal(block(i));
    const released = dealer.room(0);
    dealer.release();
    await released;
    await dealer.room(0);
  });
  test('a block that ends inside a quoted field, or holds other rows than counted, is not merged', () => {
    const head = readTableHead(
      `${HEADER.join(',')}\n${Array.from({ length: 60 }, (_, i) => `r${i},T,2024-01-01,34,69,exact,a,,`).join('\n')}\n`,
      '',
    );
    if (!head) throw new Error('no head');
    const reader = new BlockReader(head, detectLayout(head.fields), { name: 't' });
    expect(reader.read({ index: 0, text: 'r1,"open,2024-01-01,34,69\n', offset: 0, rows: 1 })).toMatch(/quoted field/);
    expect(reader.read({ index: 1, text: 'r2,T,2024-01-01,34,69\n', offset: 1, rows: 2 })).toMatch(/not the 2/);
    // A line of white space is a record to the cutter but no row to papaparse's greedy reading.
    expect(
      reader.read({ index: 2, text: 'r3,T,2024-01-01,34,69\n  , \t\nr4,T,2024-01-01,34,69\n', offset: 2, rows: 3 }),
    ).toMatch(/holds 2 rows, not the 3/);
    expect(
      reader.read({ index: 3, text: 'r5,T,2024-01-01,34,69\n\n r6,T,2024-01-01,34,69\n', offset: 5, rows: 2 }),
    ).toBeNull();
  });
});
