// Fuzzed tables read the two-worker way (see src/data/import/table/blocks.ts): the
// head read from the text, the bytes cut into blocks of whole records as they
// arrive, the blocks read by two BlockReaders in any order, their parts merged
// and packed. On mutations of the real samples, the blocks must not throw, must
// not hang, and must give exactly what reading the table whole gives (every row
// accounted for), or a reason to read it whole instead, as the app then does.
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { dataRows, decode, expectAccounted } from './checks';
import type { InBlocks } from './drive';
import { budget, finished, Guard } from './guard';
import {
  applyByteEdits,
  applyTableEdits,
  byteEdit,
  corpus,
  encode,
  hugeCell,
  longTable,
  NARROW_TABLE_SAMPLES,
  type Sample,
  smallCell,
  tableEdit,
  ucdpSlice,
  withParsedExtra,
} from './inputs';

const guard = new Guard();
afterAll(() => guard.close());

const TIMEOUT = 60_000;
const BUDGET = budget(45_000);

/** A real table of more than the 50 rows the head is read from: UCDP's events, or a small sample's rows repeated. */
const longSample: fc.Arbitrary<Sample> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 55, max: 150 })).map(([from, count]) => ucdpSlice(from, count)),
  fc
    .tuple(fc.constantFrom(...NARROW_TABLE_SAMPLES), fc.integer({ min: 55, max: 400 }), fc.boolean())
    .map(([sample, count, unique]) => ({
      name: sample.name,
      text: longTable(sample, count, unique ? 'unique' : 'as-is'),
    })),
);

/** How the bytes arrive and are dealt: cut points, block size, and which worker reads when. */
const dealing = fc.record({
  pieces: fc.array(fc.nat(), { maxLength: 6 }),
  blockBytes: fc.integer({ min: 1, max: 8_000 }),
  schedule: fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 8 }),
});

/**
 * Reads `bytes` in blocks and whole, each within the hang guard; the blocks
 * must not throw, and when they settle the table, must give what reading it
 * whole gives, every row accounted for.
 */
async function readBothWays(
  bytes: Uint8Array,
  name: string,
  deal: { pieces: number[]; blockBytes: number; schedule: number[] },
): Promise<InBlocks> {
  const blocks = finished(await guard.run('inBlocks', { bytes, name, ...deal }, bytes.length));
  // A table worker that throws falls back to the one-worker way (see table-worker.ts): no rows lost, but
  // the parallel read is; a throw here is a fault of the reader all the same.
  if (blocks.kind === 'one-worker') expect(blocks.threw, `a block reader threw: ${blocks.reason}`).toBeNull();
  const one = finished(await guard.run('whole', { bytes, name }, bytes.length));
  if (blocks.kind === 'blocks') {
    expect(one, 'a table read in blocks is one whose columns are recognised').not.toBeNull();
    if (one === null) return blocks;
    const loaded = blocks.dataset.records.length;
    expectAccounted(
      { loaded, packed: loaded, problems: blocks.problems, mismatch: null },
      dataRows(decode(bytes), one.delimiter),
      'row',
    );
    expect(blocks.problems, 'the problems of reading it whole').toEqual(one.problems);
    expect(blocks.dataset, 'the dataset of reading it whole').toEqual(one.dataset);
  }
  return blocks;
}

describe('a table read in blocks on two workers', () => {
  test(
    'real samples with bytes flipped, cut short, NULs, byte-order marks and mixed line ends put in',
    async () => {
      let merged = 0;
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(longSample, fc.array(byteEdit, { maxLength: 4 }), dealing, async (sample, edits, deal) => {
          const read = await readBothWays(applyByteEdits(sample.text, edits), sample.name, deal);
          runs++;
          if (read.kind === 'blocks') merged++;
        }),
        { numRuns: 40, ...BUDGET },
      );
      // The comparison ran on a fair share of the cases (the rest went back to one worker, as they may).
      expect(merged).toBeGreaterThanOrEqual(fairShare(runs));
    },
    TIMEOUT,
  );

  test(
    'real samples with columns shuffled, duplicated and renamed (__proto__, constructor...), rows repeated, odd and huge cells, a unique category per row',
    async () => {
      let merged = 0;
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(
          longSample,
          fc.array(tableEdit(fc.oneof({ arbitrary: smallCell, weight: 4 }, hugeCell)), { minLength: 1, maxLength: 4 }),
          dealing,
          async (sample, edits, deal) => {
            const read = await readBothWays(encode(applyTableEdits(sample.text, edits)), sample.name, deal);
            runs++;
            if (read.kind === 'blocks') merged++;
          },
        ),
        { numRuns: 40, ...BUDGET },
      );
      expect(merged).toBeGreaterThanOrEqual(fairShare(runs));
    },
    TIMEOUT,
  );
});

describe('faults found before they were fixed (issue #27), kept as properties', () => {
  // Once a fault: a `__parsed_extra` header plus a row longer than the header: rowOf pushes onto the cell's string.
  test(
    'a column named __parsed_extra, with a row longer than the header, never throws',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          longSample,
          fc.nat(),
          fc.nat(),
          fc.string({ minLength: 1, maxLength: 8 }).filter((value) => value.trim() !== ''),
          dealing,
          async (sample, column, row, value, deal) => {
            const bytes = encode(withParsedExtra(sample.text, column, row, value));
            await readBothWays(bytes, sample.name, deal);
          },
        ),
        { numRuns: 30, ...BUDGET },
      );
    },
    TIMEOUT,
  );
});

describe('the regression corpus (tests/fixtures/fuzz-corpus): tables that once broke the blocks', () => {
  // The tables long enough to be read in blocks (a head is read from their first 50 rows).
  for (const { name, bytes } of corpus(/\.(csv|tsv)$/).filter((c) => decode(c.bytes).split('\n').length > 52)) {
    test(
      name,
      async () => {
        const deal = { pieces: [], blockBytes: 256 * 1024, schedule: [0, 1] };
        expect((await readBothWays(bytes, name, deal)).kind).toBe('blocks');
      },
      TIMEOUT,
    );
  }

  // cells-past-header.csv made long enough to be read in blocks: its row with text only past the header is named.
  test(
    'generated: a row with text only past the header, among 80',
    async () => {
      const rows = Array.from({ length: 80 }, (_, i) => (i === 60 ? ',,,stray' : `2024-12-01,34.${i},69.2`));
      const bytes = encode(['date,latitude,longitude', ...rows].join('\n'));
      const deal = { pieces: [], blockBytes: 256, schedule: [0, 1] };
      expect((await readBothWays(bytes, 'stray-in-blocks.csv', deal)).kind).toBe('blocks');
    },
    TIMEOUT,
  );
});

/**
 * How many of `runs` cases must have been compared on the two-worker path for
 * the property to have said something: a twentieth, and at least two. The
 * share of cases the blocks settle varies with the edits drawn (4 of 40 in one
 * run), and a busy machine's time budget ends runs early.
 */
function fairShare(runs: number): number {
  return Math.max(2, Math.floor(runs / 20));
}
