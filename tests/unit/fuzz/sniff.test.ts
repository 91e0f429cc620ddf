// Fuzzed format sniffing: the first 4,096 characters of any file (decoded as
// UTF-8, as the dataset worker decodes it, or byte for byte as Latin-1), any
// name and any size. sniffFormat must not throw or hang, and must answer one
// of GeoJSON, CSV or TSV, or say in a sentence why the file cannot be opened.
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { overQuoted } from './checks';
import { budget, finished, Guard } from './guard';
import { applyByteEdits, byteEdit, GEOJSON_SAMPLES, randomTable, TABLE_SAMPLES, UCDP } from './inputs';

const guard = new Guard('values');
afterAll(() => guard.close());

const SAMPLES = [...TABLE_SAMPLES, ...GEOJSON_SAMPLES, { name: 'ucdp.csv', text: UCDP.slice(0, 20_000) }];

/** The first bytes of a file as the app decodes them, or as Latin-1 (each byte a character). */
const head: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  randomTable,
  fc
    .tuple(fc.constantFrom(...SAMPLES), fc.array(byteEdit, { maxLength: 4 }), fc.boolean())
    .map(([sample, edits, latin1]) => {
      const bytes = applyByteEdits(sample.text.slice(0, 4096), edits);
      return latin1 ? String.fromCharCode(...bytes) : new TextDecoder().decode(bytes);
    }),
);

const fileName = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc
    .tuple(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('.csv', '.tsv', '.tab', '.json', '.geojson', '.CSV', '.txt', ''),
    )
    .map(([base, ext]) => base + ext),
);

describe('sniffing a file', () => {
  test('any head, name and size: never throws, never hangs, names a format or says why not', async () => {
    const formats = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fileName,
        head,
        fc.oneof(fc.nat({ max: 10_000_000 }), fc.constantFrom(0, 150 * 1024 * 1024 + 1, 2 ** 40)),
        async (name, text, size) => {
          const result = finished(await guard.run('sniff', { name, head: text.slice(0, 4096), size }, text.length));
          if ('format' in result) {
            expect(['geojson', 'csv', 'tsv']).toContain(result.format);
            formats.add(result.format);
            expect(text.replace(/^\uFEFF/, '').trim(), 'an empty file is refused').not.toBe('');
          } else {
            expect(result.error, 'the reason names the file').toContain(name);
            expect(overQuoted([result.error.replace(name, '')], [text])).toBeNull();
          }
        },
      ),
      { numRuns: 400, ...budget(45_000) },
    );
    expect([...formats].sort()).toEqual(['csv', 'geojson', 'tsv']);
  }, 60_000);
});
