// Where each row lies in a table's bytes (record-starts.ts), checked against
// papaparse reading the whole text as the app does (header: true, 'greedy'):
// the same number of rows, and each row's bytes, read alone, give that row's
// cells. Tables are random, well formed or not, and arrive cut anywhere:
// inside a character's bytes, between CR and LF.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { ByteCutter } from '../../../src/data/import/table/blocks';
import { RecordStarts, readRecordCells } from '../../../src/data/import/table/record-starts';

type Cuts = number[] | 'each byte';

/** The bounds of the pieces `bytes` is cut into. */
function bounds(length: number, cuts: Cuts): number[] {
  if (cuts === 'each byte') return Array.from({ length: length + 1 }, (_, k) => k);
  return [0, ...[...new Set(cuts.map((c) => c % (length + 1)))].sort((a, b) => a - b), length];
}

function scan(
  bytes: Uint8Array,
  cuts: Cuts,
  newline: string,
  delimiter: string,
): { starts: RecordStarts; closed: boolean } {
  const starts = new RecordStarts({ newline, delimiter });
  const at = bounds(bytes.length, cuts);
  for (let k = 0; k + 1 < at.length; k++) starts.push(bytes.subarray(at[k], at[k + 1]));
  return { starts, closed: starts.end() };
}

/** A row as papaparse's header mode makes it from its cells. */
function rowOf(cells: string[], fields: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  cells.slice(0, fields.length).forEach((cell, j) => {
    row[fields[j]] = cell;
  });
  const extra = cells.slice(fields.length);
  if (extra.length > 0) row.__parsed_extra = extra;
  return row;
}

/** Checks every row found in `bytes` against papaparse reading the whole text. */
function expectRowsOf(bytes: Uint8Array, delimiter: string, cuts: Cuts): void {
  // As the app reads text: TextDecoder drops one byte-order mark, papaparse another.
  const text = new TextDecoder().decode(bytes);
  const whole = Papa.parse<Record<string, unknown>>(text, { header: true, skipEmptyLines: 'greedy', delimiter });
  // The rows as lists of cells: without the header, unless the header was a record of white space, which
  // header mode takes for one (its repeated names renamed) and the parse without it leaves out.
  const all = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimiter }).data;
  expect(all.length - whole.data.length).toBeGreaterThanOrEqual(0);
  expect(all.length - whole.data.length).toBeLessThanOrEqual(1);
  const lists = all.slice(all.length - whole.data.length);
  const newline = whole.meta.linebreak as '\n' | '\r\n' | '\r';
  const fields = whole.meta.fields ?? [];
  const { starts, closed } = scan(bytes, cuts, newline, delimiter);
  expect(starts.count).toBe(whole.data.length);
  expect(closed).toBe(!whole.errors.some((e) => e.code === 'MissingQuotes'));
  const raw = new TextDecoder('utf-8', { ignoreBOM: true });
  for (let k = 0; k < starts.count; k++) {
    const { start, length } = starts.span(k);
    const record = bytes.subarray(start, start + length);
    const cells = readRecordCells(record, delimiter, newline);
    expect(cells, `row ${k}`).toEqual(lists[k]);
    expect(rowOf(cells, fields), `row ${k}`).toEqual(whole.data[k]);
    // papaparse itself, on the record alone (it drops a byte-order mark that starts its text).
    const alone = raw.decode(record);
    if (!alone.startsWith('\uFEFF')) {
      expect(Papa.parse<string[]>(alone, { delimiter, newline }).data, `row ${k}`).toEqual([lists[k]]);
    }
  }
  // Rows are in order and apart.
  for (let k = 1; k < starts.count; k++) {
    expect(starts.starts[k]).toBeGreaterThanOrEqual(starts.starts[k - 1] + starts.lengths[k - 1]);
  }
}

const cuts: fc.Arbitrary<Cuts> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.nat(), { maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constant('each byte' as const) },
);

/** Text of a cell: Latin, Arabic, emoji, white space of every width, delimiters, quotes and line breaks. */
const cellText = fc
  .array(
    fc.constantFrom(
      'a',
      'Z',
      '7',
      'é',
      'سلام',
      '🔥',
      ' ',
      '\t',
      ',',
      ';',
      '|',
      '"',
      '""',
      '\n',
      '\r\n',
      '\r',
      '\u00a0',
      '\u2028',
      '\u3000',
      '\ufeff',
      '\u200b',
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** A well-formed table: cells quoted when they must be (or at random), quotes doubled; blank and white-space lines among its rows. */
const table = fc
  .record({
    delimiter: fc.constantFrom(',', '\t', ';', '|'),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    columns: fc.integer({ min: 1, max: 4 }),
    rows: fc.array(
      fc.oneof(
        { weight: 5, arbitrary: fc.array(fc.tuple(cellText, fc.boolean()), { minLength: 1, maxLength: 5 }) },
        { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', ' , ', '""', ',,,', '"" ,  ""', '\u00a0', '\ufeff') },
      ),
      { maxLength: 14 },
    ),
    boms: fc.integer({ min: 0, max: 2 }),
    lastBreak: fc.boolean(),
    headerBreak: fc.boolean(),
  })
  .map(({ delimiter, newline, columns, rows, boms, lastBreak, headerBreak }) => {
    const quoted = (cell: string, always: boolean) =>
      always || /["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replaceAll('"', '""')}"` : cell;
    const header = Array.from({ length: columns }, (_, j) =>
      quoted(headerBreak && j === 0 ? `col\n${j}` : `col ${j}`, false),
    );
    const lines = [header.join(delimiter)];
    for (const row of rows) {
      lines.push(typeof row === 'string' ? row : row.map(([cell, always]) => quoted(cell, always)).join(delimiter));
    }
    const text = '\ufeff'.repeat(boms) + lines.join(newline) + (lastBreak ? newline : '');
    return { delimiter, text };
  });

describe('RecordStarts', () => {
  test('each row of a well-formed table, read back from its bytes alone, is the row papaparse reads from the whole text', () => {
    fc.assert(
      fc.property(table, cuts, ({ delimiter, text }, at) => {
        expectRowsOf(new TextEncoder().encode(text), delimiter, at);
      }),
      { numRuns: 1500 },
    );
  });

  test('so is each row of any text at all: stray quotes, quotes followed by spaces, unclosed fields', () => {
    const garbage = fc
      .array(fc.constantFrom('a', '"', '"', ',', '\t', ' ', '\n', '\r', '\r\n', 'é', '\u00a0', '🔥', '\ufeff'), {
        maxLength: 40,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(garbage, fc.constantFrom(',', '\t'), cuts, (text, delimiter, at) => {
        expectRowsOf(new TextEncoder().encode(text), delimiter, at);
      }),
      { numRuns: 3000 },
    );
  });

  test('bytes that are not UTF-8 are read as papaparse reads their decoded text', () => {
    const bytes = fc.array(fc.constantFrom(0x61, 0x22, 0x2c, 0x0a, 0x0d, 0x20, 0xc2, 0xa0, 0xe2, 0x80, 0xa8, 0xff), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(bytes, cuts, (list, at) => {
        expectRowsOf(Uint8Array.from(list), ',', at);
      }),
      { numRuns: 2000 },
    );
  });

  test('named cases: header only, a BOM, CR LF with a lone LF in a field, a row of white space, a last line without a break', () => {
    const cases: [string, string, [number, number][]][] = [
      ['a,b', ',', []],
      ['a,b\n', ',', []],
      ['\ufeff\ufeffa,b\r\n1,2\r\n', ',', [[11, 3]]],
      // papaparse renames a header's repeated names before leaving out blank rows: "," is a header.
      [
        ',\n1,2\n \n3',
        ',',
        [
          [2, 3],
          [8, 1],
        ],
      ],
      [' \n1,2\n3', ',', [[6, 1]]],
      [
        'a,b\r\n"x\ny",2\r\n \t, \r\n3,4',
        ',',
        [
          [5, 7],
          [20, 3],
        ],
      ],
      ['a\n"q" \n', ',', [[2, 3]]],
      ['a\n\u00a0\n"\u2028"\nb', ',', [[11, 1]]],
    ];
    for (const [text, delimiter, spans] of cases) {
      const bytes = new TextEncoder().encode(text);
      const newline = Papa.parse(new TextDecoder().decode(bytes)).meta.linebreak;
      const { starts } = scan(bytes, [], newline, delimiter);
      expect(
        [...starts.starts].map((s, k) => [s, starts.lengths[k]]),
        JSON.stringify(text),
      ).toEqual(spans);
    }
  });

  test("every character JS's trim drops makes a record of white space; its neighbours do not", () => {
    const spaces = [
      ...'\t\v\f \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff',
    ];
    const others = [
      ...'\u0085\u00a1\u180e\u1681\u200b\u200c\u2027\u202a\u202e\u2030\u205e\u2060\u3001\ufefe\uffff\u00c2',
    ];
    for (const character of [...spaces, ...others]) {
      const text = `h1,h2\n${character}\n${character}${character},"${character}"\n"${character}\n",\nlast\n`;
      expectRowsOf(new TextEncoder().encode(text), ',', []);
      expectRowsOf(new TextEncoder().encode(text), ',', 'each byte');
    }
  });

  test('a file that does not start at 0, or without its header, as ByteCutter finds its records', () => {
    const text = 'id,notes\n1,"a\nb"\n\n2, two \n';
    const body = new TextEncoder().encode(text).subarray(9);
    const own = new RecordStarts({ newline: '\n', delimiter: ',', header: false, offset: 9 });
    own.push(body);
    own.end();
    const shared = new RecordStarts({ newline: '\n', delimiter: ',', header: false, offset: 9 });
    const cutter = new ByteCutter('\n', () => {}, 4, {
      delimiter: ',',
      onRecord: (start, end, row) => shared.found(9 + start, 9 + end, row),
    });
    cutter.push(body);
    cutter.end();
    expect([...own.starts]).toEqual([9, 18]);
    expect([...own.lengths]).toEqual([7, 7]);
    expect([...shared.starts]).toEqual([...own.starts]);
    expect([...shared.lengths]).toEqual([...own.lengths]);
  });

  test('a delimiter of more than one byte, or a line break papaparse never detects, is refused', () => {
    expect(() => new RecordStarts({ newline: '\n', delimiter: '§' })).toThrow(RangeError);
    expect(() => new RecordStarts({ newline: '\n', delimiter: '::' })).toThrow(RangeError);
    expect(() => new RecordStarts({ newline: '\n\r', delimiter: ',' })).toThrow(RangeError);
  });
});

describe('readRecordCells', () => {
  test('a row whose first cell starts with a byte-order mark keeps it', () => {
    const bytes = new TextEncoder().encode('\ufeffx,"y ""z"""');
    expect(readRecordCells(bytes, ',', '\n')).toEqual(['\ufeffx', 'y "z"']);
  });
});
