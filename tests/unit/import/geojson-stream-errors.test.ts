// Text that is not JSON: the file-level message says why and where (line and
// column), in the same words whether the file was read whole or streamed. The
// stream's messages are checked against readGeoJSONText's on the same bytes:
// files cut short anywhere, bytes changed anywhere, text made of JSON's own
// characters at random, files of white space only.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readGeoJSONText } from '../../../src/data/import/geojson';
import { GeoJSONStream } from '../../../src/data/import/geojson-stream';
import type { DatasetProblem } from '../../../src/data/types';
import { applyByteEdits, byteEdit, GEOJSON_SAMPLES } from '../fuzz/inputs';

const feature = (i: number) => JSON.stringify({ type: 'Feature', id: `f${i}` });
const features = (from: number, count: number) => Array.from({ length: count }, (_, i) => feature(from + i)).join(',');
const utf8 = new TextEncoder();
const INCIDENTS = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../../../geojson/incidents.geojson', import.meta.url))),
);

/** `bytes` pushed into a GeoJSONStream in pieces cut at `cuts` (taken modulo the length). */
function streamed(bytes: Uint8Array, cuts: readonly number[]): { problems: DatasetProblem[]; incidents: number } {
  let incidents = 0;
  const stream = new GeoJSONStream({
    name: 'x.geojson',
    onIncident: () => incidents++,
    onRestart: () => {
      incidents = 0;
    },
  });
  const bounds = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...bounds, bytes.length]) {
    stream.push(bytes.subarray(from, to));
    from = to;
  }
  const { problems } = stream.end();
  return { problems, incidents };
}

/** The stream reports what readGeoJSONText reports of the same bytes, and loads as many incidents. */
function expectSameAsWhole(bytes: Uint8Array, cuts: readonly number[]) {
  const expected = readGeoJSONText(new TextDecoder().decode(bytes), { name: 'x.geojson' });
  const got = streamed(bytes, cuts);
  expect(got.problems).toEqual(expected.problems);
  expect(got.incidents).toBe(expected.dataset.incidents.length);
  return expected.problems;
}

describe('JSON syntax errors read whole', () => {
  test("V8's quote of the text around the error is left out, even cut at both ends", () => {
    // Far from both ends, V8 quotes `..."9"},{"id":x},{"type""...`: the reason is all that is kept.
    const text = `{"type":"FeatureCollection","features":[${features(0, 10)},{"id":x},${features(10, 10)}]}`;
    expect(() => JSON.parse(text)).toThrow(/\.\.\. is not valid JSON$/);
    const [problem] = readGeoJSONText(text, { name: 'x' }).problems;
    const at = text.indexOf('x}');
    expect(problem.message).toBe(
      `is not valid JSON: Unexpected token 'x' at line 1, column ${at + 1} (near ${JSON.stringify(text.slice(at, at + 30))})`,
    );
    expectSameAsWhole(utf8.encode(text), [200, 331]);
  });
});

describe('JSON syntax errors streamed: the messages of the whole text', () => {
  test('the embedded dataset cut short anywhere (inside a character too), in pieces cut anywhere', () => {
    fc.assert(
      fc.property(fc.nat({ max: INCIDENTS.length }), fc.array(fc.nat(), { maxLength: 6 }), (end, cuts) => {
        const problems = expectSameAsWhole(INCIDENTS.subarray(0, end), cuts);
        if (end < INCIDENTS.length - 2) expect(problems[0].message).toMatch(/^is (not valid JSON|empty)/);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  test('a small collection cut short at every byte, then read a byte at a time', () => {
    const text = utf8.encode(
      `\uFEFF{"type": "FeatureCollection", "name": "Ünï", "features": [\r\n ${features(0, 2)} ]}\n`,
    );
    for (let end = 0; end <= text.length; end++) {
      const bytes = text.subarray(0, end);
      expectSameAsWhole(
        bytes,
        Array.from({ length: end }, (_, i) => i),
      );
    }
  }, 60_000);

  test('the samples with bytes changed, put in, line ends changed and cut short', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...GEOJSON_SAMPLES),
        fc.array(byteEdit, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (sample, edits, cuts) => {
          expectSameAsWhole(applyByteEdits(sample.text, edits), cuts);
        },
      ),
      { numRuns: 500 },
    );
  }, 120_000);

  test("text of JSON's own characters at random: the same verdict, place and reason", () => {
    const piece = fc.constantFrom(
      ...'{}[],:" \n\r\t\\0123456789-+.eEtruefalsnl'.split(''),
      '"features"',
      '"type"',
      '"FeatureCollection"',
      '\u00a0',
      '\uFEFF',
      'é',
      '\u2028',
      '\\u00e9',
      '\\ud800',
      '01',
      '1.',
      '-',
      '1e',
      'tru',
      '{"type":"FeatureCollection","features":[',
      '{"type":"Feature","geometry":null,"properties":{}}',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 6 }), (pieces, cuts) => {
        expectSameAsWhole(utf8.encode(pieces.join('')), cuts);
      }),
      { numRuns: 3000 },
    );
  }, 120_000);

  test('white space only, byte-order marks and no-break spaces included: an empty file', () => {
    for (const text of ['', ' ', '\uFEFF', '\uFEFF\uFEFF', '\n\t\r ', '\u00a0', ' \u2028 \u3000', '\uFEFF \uFEFF']) {
      const problems = expectSameAsWhole(utf8.encode(text), [1, 2]);
      expect(problems).toEqual([
        {
          index: -1,
          field: 'file',
          message: 'is empty; expected a GeoJSON FeatureCollection',
          skipped: true,
          text: JSON.stringify({ key: 'data.file.empty' }),
        },
      ]);
    }
  });
});

describe('a stream that is not JSON is settled early', () => {
  test('an error near the start is told after a few hundred more bytes; the rest need not be read', () => {
    const text = `{"type":"FeatureCollection","features":[{"id":x},${features(0, 2000)}]}`;
    const bytes = utf8.encode(text);
    const stream = new GeoJSONStream({ name: 'x', onIncident: () => {}, onRestart: () => {} });
    let pushed = 0;
    while (!stream.settled && pushed < bytes.length) {
      stream.push(bytes.subarray(pushed, pushed + 100));
      pushed += 100;
    }
    expect(pushed).toBeLessThan(600);
    expect(stream.end().problems).toEqual(readGeoJSONText(text, { name: 'x' }).problems);
  });

  test('an error followed by white space only is not settled until the end: the file may just be cut short', () => {
    const bytes = utf8.encode(`{"type":"FeatureCollection","features":[${features(0, 3)}${' '.repeat(5000)}`);
    const stream = new GeoJSONStream({ name: 'x', onIncident: () => {}, onRestart: () => {} });
    for (let at = 0; at < bytes.length; at += 100) {
      stream.push(bytes.subarray(at, at + 100));
      expect(stream.settled).toBe(false);
    }
    const [problem] = stream.end().problems;
    expect(problem.message).toMatch(/^is not valid JSON: it ends at line 1, column \d+ before the JSON is complete/);
  });
});
