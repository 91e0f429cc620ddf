// Where a text stops being JSON, when JSON.parse does not say (jsonc-parser, held to strict JSON).
import { describe, expect, test } from 'vitest';
import { jsonErrorOffset } from '../../../src/data/import/geojson-json-error';

describe('jsonErrorOffset', () => {
  test.each([
    ['{"a": [1, 2.5e3, true, null, "x\\u00e9"]}', null],
    [' \n\t\r[] \n', null],
    ['{"a": x}', 6],
    ['[1,]', 3],
    ['{"a":1,}', 7],
    ["['a']", 1],
    ['[.5]', 1],
    ['[tru]', 1],
    ['[1] // note', 4],
    ['[1, /* c */ 2]', 4],
    ['{"a": 1} {}', 9],
    ['{"a": ', 6],
    ['', 0],
    ['   ', 3],
  ])('%j: %s', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  test('white space JSON has not (no-break space, vertical tab, BOM, U+2028) is where it fails', () => {
    for (const space of ['\u00a0', '\u000b', '\ufeff', '\u2028']) {
      expect(jsonErrorOffset(`[1,${space}2]`)).toBe(3);
      expect(jsonErrorOffset(`[1]${space}`)).toBe(3);
    }
  });

  test('nesting too deep to follow: null, not a throw', () => {
    expect(jsonErrorOffset('['.repeat(1_000_000))).toBeNull();
  });
});
