// Text that is not JSON: the file-level message says why and where (line and
// column), in the same words whether the file was read whole or streamed.
import { describe, expect, test } from 'vitest';
import { readGeoJSONText } from '../../../src/data/import/geojson';

const feature = (i: number) => JSON.stringify({ type: 'Feature', id: `f${i}` });
const features = (from: number, count: number) => Array.from({ length: count }, (_, i) => feature(from + i)).join(',');

describe('JSON syntax errors read whole', () => {
  test("V8's quote of the text around the error is left out, even cut at both ends", () => {
    // Far from both ends, V8 quotes `..."9"},{"id":x},{"type""...`: the reason is all that is kept.
    const text = `{"type":"FeatureCollection","features":[${features(0, 10)},{"id":x},${features(10, 10)}]}`;
    expect(() => JSON.parse(text)).toThrow(/\.\.\. is not valid JSON$/);
    const [problem] = readGeoJSONText(text, { name: 'x' }).problems;
    expect(problem.message).toBe(
      `is not valid JSON: Unexpected token 'x' at line 1, column ${text.indexOf('x}') + 1} (near ${JSON.stringify(text.slice(text.indexOf('x}'), text.indexOf('x}') + 30))})`,
    );
  });
});
