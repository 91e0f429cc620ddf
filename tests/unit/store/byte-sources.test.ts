// Reading back from a File, from memory and from compressed pages: every read,
// one span or many, gives exactly the bytes of the source between its ends
// (the oracle is the bytes themselves), across page boundaries, at the last
// page, empty, and refuses what lies outside the source.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runsOf } from '../../../src/data/store/byte-runs';
import { type ByteSource, type RecordSpan, readSpans, type SpanSource } from '../../../src/data/store/byte-source';
import { fileSource, memorySource } from '../../../src/data/store/local-sources';
import { PagedBytes } from '../../../src/data/store/paged-bytes';
import { expectBytes } from './expect-bytes';

/** A Blob that counts the slices read from it. */
class CountingBlob extends Blob {
  slices = 0;
  override slice(start?: number, end?: number, type?: string): Blob {
    this.slices++;
    return super.slice(start, end, type);
  }
}

/** Spans within `size` bytes (ends included, empty ones too), from pairs of numbers. */
function spansWithin(size: number, pairs: [number, number][]): RecordSpan[] {
  return pairs.map(([a, b]) => {
    const start = a % (size + 1);
    return { start, length: b % (size - start + 1) };
  });
}

const pairs = fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 });

/** Every span read one at a time and all at once is the source's bytes between its ends. */
async function expectExact(source: SpanSource, bytes: Uint8Array, spans: RecordSpan[]): Promise<void> {
  for (const { start, length } of spans) {
    expectBytes(await source.read(start, start + length), bytes.subarray(start, start + length), `${start}+${length}`);
  }
  const many = await source.readMany(spans);
  expect(many.length).toBe(spans.length);
  spans.forEach(({ start, length }, k) => {
    expectBytes(many[k], bytes.subarray(start, start + length), `readMany ${start}+${length}`);
  });
}

async function expectRefused(source: ByteSource): Promise<void> {
  const size = source.size;
  for (const [start, end] of [
    [-1, 2],
    [0, size + 1],
    [size + 1, size + 1],
    [5, 4],
    [0.5, 2],
    [0, Number.NaN],
  ]) {
    await expect(source.read(start, end), `${start}..${end}`).rejects.toThrow(RangeError);
  }
  await expect(readSpans(source, [{ start: size, length: 1 }])).rejects.toThrow(RangeError);
}

describe('fileSource', () => {
  test('random spans of a file are its bytes, read in one slice per run of close spans', async () => {
    const bytes = new Uint8Array(randomBytes(300_000));
    await fc.assert(
      fc.asyncProperty(pairs, async (pairList) => {
        const blob = new CountingBlob([bytes]);
        const source = fileSource(blob);
        expect(source.kind).toBe('file');
        expect(source.size).toBe(bytes.length);
        const spans = spansWithin(bytes.length, pairList);
        await source.readMany(spans);
        // One slice per run of spans less than 64 KiB apart (counted here from the sorted spans).
        const sorted = spans.filter((s) => s.length > 0).sort((a, b) => a.start - b.start);
        let runs = 0;
        let end = Number.NEGATIVE_INFINITY;
        for (const { start, length } of sorted) {
          if (start - end >= 64 * 1024) runs++;
          end = Math.max(end, start + length);
        }
        expect(blob.slices).toBe(runs);
        await expectExact(source, bytes, spans);
      }),
      { numRuns: 150 },
    );
  });

  test('reads outside the file are refused; an empty read reads nothing', async () => {
    const blob = new CountingBlob([new Uint8Array(100)]);
    const source = fileSource(blob);
    await expectRefused(source);
    expect(await source.read(100, 100)).toEqual(new Uint8Array(0));
    expect(await source.readMany([{ start: 3, length: 0 }])).toEqual([new Uint8Array(0)]);
    expect(blob.slices).toBe(0);
  });

  test('a file that can no longer be read says so, by its name', async () => {
    class GoneFile extends File {
      override slice(): Blob {
        throw new DOMException('the file changed', 'NotReadableError');
      }
    }
    const source = fileSource(new GoneFile(['abcdef'], 'events.csv'));
    await expect(source.read(0, 2)).rejects.toThrow(/"events.csv" can no longer be read/);
  });
});

describe('memorySource', () => {
  test('random spans are the bytes; a read is a copy the reader may change', async () => {
    const bytes = new Uint8Array(randomBytes(5_000));
    const source = memorySource(bytes);
    await fc.assert(
      fc.asyncProperty(pairs, async (pairList) => {
        await expectExact(source, bytes, spansWithin(bytes.length, pairList));
      }),
    );
    const read = await source.read(0, 10);
    read.fill(0);
    expectBytes(await source.read(0, 10), bytes.subarray(0, 10));
    await expectRefused(source);
  });
});

describe('PagedBytes', () => {
  test('bytes given in any pieces are read back exactly, across pages, to the last page, before and after finish', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40_000 }),
        fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 9_000 })),
        fc.array(fc.nat(), { maxLength: 12 }),
        pairs,
        fc.integer({ min: 1, max: 5 }),
        async (lengthAsked, pageBytes, cuts, pairList, pagesKept) => {
          // Sixty pages at most: each page deflated costs a fresh window, however small the page.
          const length = Math.min(lengthAsked, pageBytes * 60);
          // Half text (compressible), half noise.
          const bytes = new Uint8Array(length);
          bytes.set(
            new TextEncoder()
              .encode('id,date,notes\n1,2024-12-21,"An attack"\n'.repeat(length))
              .subarray(0, length / 2),
          );
          bytes.set(randomBytes(length - Math.floor(length / 2)), Math.floor(length / 2));
          const pages = new PagedBytes({ pageBytes, pagesKept });
          expect(pages.kind).toBe('pages');
          const at = [0, ...[...new Set(cuts.map((c) => c % (length + 1)))].sort((a, b) => a - b), length];
          for (let k = 0; k + 1 < at.length; k++) {
            pages.push(bytes.subarray(at[k], at[k + 1]));
            // What has been given can be read already, the page being filled included.
            expect(pages.size).toBe(at[k + 1]);
            const given = bytes.subarray(0, at[k + 1]);
            await expectExact(pages, given, spansWithin(given.length, pairList.slice(0, 5)));
          }
          pages.finish();
          expect(pages.size).toBe(length);
          await expectExact(pages, bytes, spansWithin(length, pairList));
          // Every page's first and last byte, and each boundary crossed.
          const edges: RecordSpan[] = [];
          for (let p = 0; p * pageBytes < length; p++) {
            edges.push({ start: p * pageBytes, length: 1 });
            edges.push({ start: Math.min(length, (p + 1) * pageBytes) - 1, length: 1 });
            if ((p + 1) * pageBytes < length) edges.push({ start: (p + 1) * pageBytes - 1, length: 2 });
          }
          await expectExact(pages, bytes, edges);
          await expectRefused(pages);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  test('pages are kept deflated: text costs a fraction of its size', async () => {
    const line = '12,PAK1234,2024-12-21,Battles,"Armed clash",Military Forces of Pakistan,South Waziristan,32.3,69.8\n';
    const text = new TextEncoder().encode(line.repeat(40_000));
    const pages = new PagedBytes();
    for (let at = 0; at < text.length; at += 65_536) pages.push(text.subarray(at, at + 65_536));
    pages.finish();
    expect(pages.compressedBytes).toBeLessThan(text.length / 20);
    expect(pages.bytes).toBeLessThan(text.length / 20);
    expectBytes(await pages.read(1_000_000, 1_000_100), text.subarray(1_000_000, 1_000_100));
    // One page is now kept inflated, and counted.
    expect(pages.bytes).toBeGreaterThan(pages.compressedBytes);
    expect(() => pages.push(new Uint8Array(1))).toThrow();
  });
});

describe('runsOf', () => {
  test('spans are grouped in order of their starts, apart where the gap reaches the limit or a run would pass its length', () => {
    const spans: RecordSpan[] = [
      { start: 500, length: 10 },
      { start: 0, length: 10 },
      { start: 20, length: 0 },
      { start: 15, length: 100 },
      { start: 120, length: 5 },
    ];
    expect(runsOf(spans, 10)).toEqual([
      { start: 0, end: 125, spans: [1, 3, 4] },
      { start: 500, end: 510, spans: [0] },
    ]);
    // A gap of exactly the limit parts two runs.
    expect(
      runsOf(
        [
          { start: 0, length: 10 },
          { start: 20, length: 5 },
        ],
        10,
      ),
    ).toHaveLength(2);
    expect(
      runsOf(
        [
          { start: 0, length: 10 },
          { start: 19, length: 5 },
        ],
        10,
      ),
    ).toHaveLength(1);
    expect(runsOf(spans, 10, 100)).toEqual([
      { start: 0, end: 10, spans: [1] },
      { start: 15, end: 115, spans: [3] },
      { start: 120, end: 125, spans: [4] },
      { start: 500, end: 510, spans: [0] },
    ]);
  });
});
