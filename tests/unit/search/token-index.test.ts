// The token index must answer every search exactly as today's scan of the
// folded lines does (searchMask): that scan is the oracle, run on the same
// lines laid out as the packer lays them out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchMask, searchWords } from '../../../src/analysis/filters';
import { foldForSearch } from '../../../src/data/search/fold';
import {
  type RankedTokenIndex,
  searchTokenIndex,
  type TokenIndex,
  tokenIndexBytes,
} from '../../../src/data/search/token-index';
import { TokenIndexBuilder } from '../../../src/data/search/token-index-builder';

type Columns = Parameters<typeof searchMask>[0];

/** The columns searchMask reads, as PackBuilder makes them: UTF-16 units, '\n' after each line, where each starts. */
function columnsOf(lines: readonly string[]): Columns {
  const count = lines.length;
  const searchOffsets = new Uint32Array(count + 1);
  let total = 0;
  for (let i = 0; i < count; i++) {
    searchOffsets[i] = total;
    total += lines[i].length + 1;
  }
  searchOffsets[count] = total;
  const search = new Uint16Array(total);
  lines.forEach((line, i) => {
    const at = searchOffsets[i];
    for (let k = 0; k < line.length; k++) search[at + k] = line.charCodeAt(k);
    search[at + line.length] = 10;
  });
  return {
    count,
    category: new Uint32Array(count),
    categories: [],
    country: new Uint32Array(count),
    countries: [],
    actorNames: [],
    actorOffsets: new Uint32Array(count + 1),
    actors: new Uint32Array(0),
    search,
    searchOffsets,
    days: { first: new Float32Array(count), last: new Float32Array(count) },
  };
}

/** Today's answer: searchMask on the lines, every incident when the query has no words. */
function scanned(columns: Columns, q: string): number[] {
  const mask = searchMask(columns, q);
  return Array.from(mask ?? new Uint8Array(columns.count).fill(1));
}

function indexed(index: TokenIndex | readonly RankedTokenIndex[], q: string, count: number): number[] {
  return Array.from(searchTokenIndex(index, searchWords(q), count));
}

/** Token t's rows, decoded from its gaps. */
function postingsOf(index: TokenIndex, t: number): number[] {
  const rows: number[] = [];
  let row = -1;
  for (let p = index.postingStarts[t]; p < index.postingStarts[t + 1]; ) {
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = index.postings[p++];
      gap += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    row += gap;
    rows.push(row);
  }
  return rows;
}

function tokensOf(index: TokenIndex): string[] {
  return Array.from({ length: index.tokenStarts.length - 1 }, (_, t) =>
    index.dictionary.slice(index.tokenStarts[t], index.tokenStarts[t + 1] - 1),
  );
}

// Pieces of raw text: accents precomposed and combining, Arabic script and its
// tatweel, a ligature NFKD splits, a capital that lowers to two units, white
// space of several kinds, an unpaired surrogate, an emoji, and words to look for.
const PIECES = [
  'a',
  'b',
  'ab',
  'ki',
  'killed',
  ' ',
  '  ',
  '\t',
  '\n',
  '\u00a0',
  '\u2003',
  'é',
  'E',
  'e\u0301',
  '\u0301',
  'ا',
  'ك',
  'كتاب',
  'ـ',
  'ﬁ',
  'İ',
  'ß',
  '\ud800',
  '\udc00',
  '😀',
  '\ufffd',
  '1',
  '(',
  '-',
];
const pieceText = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((pieces) => pieces.join(''));
const rawLine = fc.oneof(
  { weight: 6, arbitrary: pieceText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '   ', '\t \n', '\u0301 \u0301') },
);

/** A query drawn from the lines: a piece of one (folded or raw, maybe spanning tokens), pieces, or nothing there. */
function queryFrom(raw: readonly string[]): fc.Arbitrary<string> {
  const folded = raw.map(foldForSearch);
  const slice = (lines: readonly string[]) =>
    fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 12 })).map(([l, from, length]) => {
      const line = lines.length === 0 ? '' : lines[l % lines.length];
      const start = line.length === 0 ? 0 : from % line.length;
      return line.slice(start, start + length);
    });
  return fc.oneof(
    slice(folded),
    slice(raw),
    pieceText,
    fc.constantFrom('a', 'b', 'k', 'é', 'ا', 'zzqx', 'a b', 'ab ki', '\ufffd', ' '),
    fc.array(slice(folded), { minLength: 2, maxLength: 4 }).map((words) => words.join(' ')),
  );
}

const linesAndQueries = fc
  .array(rawLine, { maxLength: 40 })
  .chain((raw) => fc.tuple(fc.constant(raw), fc.array(queryFrom(raw), { minLength: 1, maxLength: 6 })));

/** A permutation of 0 .. n - 1. */
function permutation(n: number): fc.Arbitrary<number[]> {
  const all = Array.from({ length: n }, (_, i) => i);
  return fc.shuffledSubarray(all, { minLength: n, maxLength: n });
}

describe('what the index relies on', () => {
  it('a folded line has no white space but single spaces, and no search word holds any', () => {
    fc.assert(
      fc.property(rawLine, pieceText, (raw, q) => {
        const line = foldForSearch(raw);
        expect(line.replace(/ /g, '')).not.toMatch(/\s/);
        expect(line).not.toContain('  ');
        for (const word of searchWords(q)) {
          expect(word).not.toMatch(/\s/);
          expect(word).not.toBe('');
        }
      }),
    );
  });

  it('a word without a space is in a line exactly when it is in one of its space-separated tokens', () => {
    fc.assert(
      fc.property(rawLine, linesAndQueries, (raw, [, queries]) => {
        const line = foldForSearch(raw);
        for (const word of queries.flatMap(searchWords)) {
          expect(line.split(' ').some((token) => token.includes(word))).toBe(line.includes(word));
        }
      }),
    );
  });
});

describe('TokenIndexBuilder and searchTokenIndex', () => {
  it('agree with searchMask, lines added as strings or as the packed units, rows in order or not', () => {
    fc.assert(
      fc.property(
        linesAndQueries.chain(([raw, queries]) =>
          fc.tuple(fc.constant(raw), fc.constant(queries), permutation(raw.length)),
        ),
        ([raw, queries, order]) => {
          const lines = raw.map(foldForSearch);
          const columns = columnsOf(lines);
          const byString = new TokenIndexBuilder();
          lines.forEach((line, row) => {
            byString.add(row, line);
          });
          const byUnits = new TokenIndexBuilder();
          for (let row = 0; row < lines.length; row++) {
            // The packed line with its '\n', as a table worker holds it.
            byUnits.addUnits(row, columns.search, columns.searchOffsets[row], columns.searchOffsets[row + 1]);
          }
          const shuffled = new TokenIndexBuilder();
          for (const row of order) shuffled.add(row, lines[row]);
          const indexes = [byString.finish(), byUnits.finish(), shuffled.finish()];
          // The '\n' ending a packed line ends a token; it is not a part of one.
          expect(tokensOf(indexes[1])).toEqual(tokensOf(indexes[0]));
          for (const q of queries) {
            const expected = scanned(columns, q);
            for (const index of indexes) expect(indexed(index, q, lines.length)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agree with searchMask across two parts read apart, their rows ranked in a shuffled order', () => {
    fc.assert(
      fc.property(
        linesAndQueries.chain(([raw, queries]) =>
          fc.tuple(
            fc.constant(raw),
            fc.constant(queries),
            fc.nat({ max: raw.length }),
            permutation(raw.length),
            permutation(raw.length),
          ),
        ),
        ([raw, queries, cut, rankOf, addOrder]) => {
          // Lines in the order of the file; part one reads lines 0 .. cut - 1, part two the rest, each from row 0.
          const lines = raw.map(foldForSearch);
          const ranked: string[] = new Array(lines.length);
          lines.forEach((line, i) => {
            ranked[rankOf[i]] = line;
          });
          const first = new TokenIndexBuilder();
          const second = new TokenIndexBuilder();
          for (const i of addOrder) {
            if (i < cut) first.add(i, lines[i]);
            else second.add(i - cut, lines[i]);
          }
          const parts = [
            { index: first.finish(), rank: Uint32Array.from(rankOf.slice(0, cut)) },
            { index: second.finish(), rank: Uint32Array.from(rankOf.slice(cut)) },
          ];
          const columns = columnsOf(ranked);
          for (const q of queries) {
            const expected = scanned(columns, q);
            expect(indexed(parts, q, lines.length)).toEqual(expected);
            // Each part answered alone gives its own incidents; together they make the whole.
            const halves = parts.map((part) => indexed([part], q, lines.length));
            expect(halves[0].map((hit, i) => hit | halves[1][i])).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agree with searchMask over thousands of distinct tokens, the tables of the builder grown many times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat({ max: 20_000 }), { maxLength: 40 }), { minLength: 50, maxLength: 400 }),
        fc.array(fc.nat({ max: 20_000 }), { minLength: 1, maxLength: 8 }),
        (numbers, probes) => {
          const lines = numbers.map((line) => line.map((n) => `n${n}`).join(' '));
          const builder = new TokenIndexBuilder();
          // Rows from last to first: every token's rows out of order.
          for (let row = lines.length - 1; row >= 0; row--) builder.add(row, lines[row]);
          const index = builder.finish();
          const columns = columnsOf(lines);
          for (const q of [...probes.map((n) => `${n}`), `n${probes[0]} ${probes.at(-1)}`]) {
            expect(indexed(index, q, lines.length)).toEqual(scanned(columns, q));
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('keeps each distinct token once, with the rows holding it, ascending, each once', () => {
    fc.assert(
      fc.property(
        fc.array(rawLine, { maxLength: 30 }).chain((raw) => fc.tuple(fc.constant(raw), permutation(raw.length))),
        ([raw, order]) => {
          const lines = raw.map(foldForSearch);
          const builder = new TokenIndexBuilder();
          for (const row of order) builder.add(row, lines[row]);
          const index = builder.finish();
          const tokens = tokensOf(index);
          // Unpaired surrogates are read as U+FFFD, as in the search text, so two raw tokens may read alike.
          const read = (token: string) =>
            new TextDecoder('utf-16le').decode(
              Uint16Array.from({ length: token.length }, (_, k) => token.charCodeAt(k)),
            );
          const expected = new Map<string, number[]>();
          lines.forEach((line, row) => {
            for (const token of new Set(line.split(' ').filter((t) => t !== ''))) {
              const rows = expected.get(read(token)) ?? [];
              rows.push(row);
              expected.set(read(token), rows);
            }
          });
          const actual = new Map<string, number[]>();
          tokens.forEach((token, t) => {
            const rows = postingsOf(index, t);
            for (let k = 1; k < rows.length; k++) expect(rows[k]).toBeGreaterThan(rows[k - 1]);
            actual.set(
              token,
              [...(actual.get(token) ?? []), ...rows].sort((a, b) => a - b),
            );
          });
          expect(actual).toEqual(expected);
          expect(index.rows).toBe(lines.length);
        },
      ),
    );
  });

  it('agrees with searchMask at 200 000 lines, through many slices and blocks, after a structured clone', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const names = Array.from({ length: 3000 }, (_, i) => `${['mir', 'ali', 'kab', 'ul', 'dera'][i % 5]}${i}`);
    const lines = Array.from({ length: 200_000 }, (_, i) => {
      const words = ['on', `${1 + next(28)}`, 'march', 'gunmen', next(3) === 0 ? 'killed' : 'wounded'];
      // A long tail of names: a few common, most rare, thousands of tokens in all.
      for (let k = next(6); k > 0; k--) words.push(names[Math.floor(3000 ** (next(1e6) / 1e6)) - 1]);
      if (i % 50_000 === 0) words.push('rareword');
      return words.join(' ');
    });
    const builder = new TokenIndexBuilder();
    lines.forEach((line, row) => {
      builder.add(row, line);
    });
    const index = structuredClone(builder.finish());
    expect(index.tokenStarts.length - 1).toBeGreaterThan(3000);
    const columns = columnsOf(lines);
    for (const q of ['rareword', 'killed', 'ki', 'a', 'gunmen mir1 march', 'ul29', 'zzz', '99 ali']) {
      expect(indexed(index, q, lines.length), q).toEqual(scanned(columns, q));
    }
    expect(tokenIndexBytes(index)).toBeLessThan(columns.search.byteLength / 4);
    // The machine is shared with browser tests: time enough for a slow run.
  }, 60_000);

  it('reads a dictionary of millions of units in pieces, each token whole', () => {
    const builder = new TokenIndexBuilder();
    // Tokens of 48 units, mostly surrogate pairs, so that a piece cut at a round 2^20 units
    // (25 units into a token) would split a pair and read it as two U+FFFD.
    const rows = 100_000;
    const token = (row: number) => `${String(row).padStart(6, '0')}${'😀'.repeat(21)}`;
    for (let row = 0; row < rows; row++) builder.add(row, token(row));
    const index = builder.finish();
    expect(index.dictionary.length).toBe(index.tokenStarts[rows]);
    expect(index.dictionary.length).toBeGreaterThan(4_000_000);
    const tokens = tokensOf(index);
    for (let row = 0; row < rows; row++) if (tokens[row] !== token(row)) expect(tokens[row]).toBe(token(row));
    const mask = searchTokenIndex(index, ['021399😀'], rows);
    expect(mask[21_399]).toBe(1);
    expect(mask.reduce((sum, hit) => sum + hit, 0)).toBe(1);
  }, 60_000);

  it('notes a token once a row: repeated in a line, or in a row added again later', () => {
    const builder = new TokenIndexBuilder();
    builder.add(0, 'a a a');
    expect(builder.finish().postings.length).toBe(1);
    const again = new TokenIndexBuilder();
    again.add(1, 'a');
    again.add(0, 'a b');
    again.add(1, 'b a a');
    again.add(0, 'b');
    const index = again.finish();
    expect(tokensOf(index)).toEqual(['a', 'b']);
    expect(postingsOf(index, 0)).toEqual([0, 1]);
    expect(postingsOf(index, 1)).toEqual([0, 1]);
  });

  it('writes rows far apart as gaps of several bytes', () => {
    const rows = [0, 127, 128, 16_511, 16_512, 2_113_663, 2_113_664, 5_000_000];
    const builder = new TokenIndexBuilder();
    for (const row of [...rows].reverse()) builder.add(row, 'far near');
    builder.add(5_000_001, 'near');
    const index = builder.finish();
    expect(index.rows).toBe(5_000_002);
    expect(tokensOf(index)).toEqual(['far', 'near']);
    expect(postingsOf(index, 0)).toEqual(rows);
    expect(postingsOf(index, 1)).toEqual([...rows, 5_000_001]);
    const mask = searchTokenIndex(index, ['fa'], index.rows);
    expect(mask.reduce((sum, hit) => sum + hit, 0)).toBe(rows.length);
    for (const row of rows) expect(mask[row]).toBe(1);
  });

  it('finds every incident for no words, and refuses words holding white space', () => {
    const builder = new TokenIndexBuilder();
    builder.add(0, 'a b');
    builder.add(1, '');
    const index = builder.finish();
    expect(Array.from(searchTokenIndex(index, [], 3))).toEqual([1, 1, 1]);
    expect(Array.from(searchTokenIndex(index, [''], 2))).toEqual([1, 1]);
    expect(() => searchTokenIndex(index, ['a b'], 2)).toThrow(RangeError);
    expect(() => searchTokenIndex(index, ['a\nb'], 2)).toThrow(RangeError);
    expect(() => builder.add(2, 'c')).toThrow();
  });

  it('counts its bytes: the arrays, and the dictionary at one byte a character unless one is wider', () => {
    const ascii = new TokenIndexBuilder();
    ascii.add(0, 'kabul province');
    const narrow = ascii.finish();
    const arrays = narrow.tokenStarts.byteLength + narrow.postingStarts.byteLength + narrow.postings.byteLength;
    expect(tokenIndexBytes(narrow)).toBe(arrays + 'kabul\nprovince\n'.length);
    const arabic = new TokenIndexBuilder();
    arabic.add(0, 'كابل');
    const wide = arabic.finish();
    expect(tokenIndexBytes(wide)).toBe(
      wide.tokenStarts.byteLength + wide.postingStarts.byteLength + wide.postings.byteLength + 2 * 'كابل\n'.length,
    );
  });
});
