// A table that arrives in pieces (a download) is parsed as it arrives. Wherever
// the pieces are cut (inside a quoted field, between \r and \n, inside the
// header), the rows must be the ones parsing the whole text gives.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CsvRows } from '../../../src/data/import/csv-stream';
import type { Row } from '../../../src/data/import/table/detect-layout';
import { parseTable } from './helpers';

/** Parses `text` fed in pieces cut at `cuts`. */
function parseInPieces(
  text: string,
  cuts: number[],
  delimiter = '',
  firstChars?: number,
): { headers: string[]; rows: Row[]; calls: number } {
  let headers: string[] = [];
  const rows: Row[] = [];
  let calls = 0;
  const csv = new CsvRows(
    delimiter,
    (fields) => {
      headers = fields;
    },
    (chunk) => {
      calls++;
      for (const row of chunk) rows.push(row);
    },
    firstChars,
  );
  const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b), text.length];
  for (let i = 0; i + 1 < bounds.length; i++) csv.push(text.slice(bounds[i], bounds[i + 1]));
  csv.end();
  return { headers, rows, calls };
}

// Cells that test the cutting: quotes (escaped and stray), separators and line breaks inside quotes.
const MIB = 1024 * 1024;

const cellText = fc.stringMatching(/^[a-c ,;"\t\r\n]{0,6}$/);
const quoteCell = (text: string) =>
  /[",;\t\r\n]/.test(text) || text === '' ? `"${text.replaceAll('"', '""')}"` : text;

const table = fc
  .record({
    columns: fc.integer({ min: 1, max: 4 }),
    rows: fc.array(fc.array(cellText, { minLength: 4, maxLength: 4 }), { maxLength: 12 }),
    lineBreak: fc.constantFrom('\n', '\r\n'),
    separator: fc.constantFrom(',', '\t'),
    // Some exporters leave a quote unescaped inside an unquoted cell (5" gun).
    stray: fc.boolean(),
    bom: fc.boolean(),
    trailingBreak: fc.boolean(),
  })
  .map(({ columns, rows, lineBreak, separator, stray, bom, trailingBreak }) => {
    const header = Array.from({ length: columns }, (_, i) => quoteCell(`col ${i}${i === 1 ? ', "b"' : ''}`));
    const lines = rows.map((cells, r) =>
      cells
        .slice(0, columns)
        .map((c, i) => (stray && r === 0 && i === 0 ? `5" ${c.replace(/[^a-c]/g, '')}` : quoteCell(c)))
        .join(separator),
    );
    // Past the first MiB, which papaparse is given at once to guess the separator and line break from.
    const body =
      lines.length === 0
        ? []
        : Array.from({ length: Math.ceil(MIB / (lines.join('').length + 1)) + 1 }, () => lines).flat();
    const text = [header.join(separator), ...body].join(lineBreak) + (trailingBreak ? lineBreak : '');
    return { text: (bom ? '\uFEFF' : '') + text, separator };
  });

describe('CsvRows', () => {
  test('rows from any cut of the text into pieces are the rows of the whole text', () => {
    fc.assert(
      fc.property(
        table.chain(({ text, separator }) =>
          fc.record({
            text: fc.constant(text),
            separator: fc.constant(separator),
            cuts: fc.array(fc.integer({ min: 1, max: Math.max(1, text.length - 1) }), { maxLength: 8 }),
          }),
        ),
        ({ text, separator, cuts }) => {
          const whole = parseTable(text, separator);
          const pieces = parseInPieces(text, cuts, separator);
          expect(pieces.headers).toEqual(whole.headers);
          // Compared as JSON first: toEqual on a hundred thousand rows is slow.
          if (JSON.stringify(pieces.rows) !== JSON.stringify(whole.rows)) expect(pieces.rows).toEqual(whole.rows);
          expect(pieces.rows.length).toBe(whole.rows.length);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  test('rows are handed on while the text is still arriving', () => {
    const text = ['id,title', ...Array.from({ length: 100 }, (_, i) => `e${i},"Event ${i}, with a comma"`)].join('\n');
    const { rows, calls } = parseInPieces(
      text,
      Array.from({ length: 9 }, (_, i) => Math.round(((i + 1) * text.length) / 10)),
      ',',
      0,
    );
    expect(rows).toHaveLength(100);
    expect(rows[42]).toEqual({ id: 'e42', title: 'Event 42, with a comma' });
    expect(calls).toBeGreaterThanOrEqual(10);
  });
});
