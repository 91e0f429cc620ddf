// Fuzzed GeoJSON, opened as the dataset worker opens a file (decoded as it
// arrives, sniffed, streamed into a packed dataset and its text read back): random text and JSON,
// and mutations of the real samples. Whatever the file, the reader must not
// throw, must not hang, and must account for every feature: loaded, or named
// by index as skipped (a file that is not features loads nothing and says why).
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { decode, featureCount, openAndAccount, overQuoted, SCALE, Tally } from './checks';
import { budget, Guard } from './guard';
import {
  applyByteEdits,
  applyJsonEdits,
  byteEdit,
  corpus,
  encode,
  GEOJSON_SAMPLES,
  geojsonSample,
  hugeDate,
  type IdMode,
  INCIDENTS,
  jsonEdit,
  longCollection,
  longStringsOf,
  oddValue,
  quotableCell,
  randomFeatureCollection,
} from './inputs';

const guard = new Guard();
afterAll(() => guard.close());

const TIMEOUT = 60_000;
const BUDGET = budget(45_000);
const delivery = fc.record({ pieces: fc.array(fc.nat(), { maxLength: 5 }), choice: fc.constant<number[]>([]) });

describe('GeoJSON opened as the app opens it', () => {
  test(
    'random text and JSON: never throws, never hangs, accounts for every feature',
    async () => {
      const tally = new Tally();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ maxLength: 200 }).map((text) => `{${text}`),
            fc.json({ maxDepth: 4 }),
            { arbitrary: randomFeatureCollection, weight: 6 },
          ),
          delivery,
          async (text, { pieces, choice }) => {
            tally.add(await openAndAccount(guard, { bytes: encode(text), name: 'random.geojson', pieces, choice }));
          },
        ),
        { numRuns: 150, ...BUDGET },
      );
      tally.expectShare('features', 0.1);
    },
    TIMEOUT,
  );

  test(
    'real samples with bytes flipped, cut short, NULs, byte-order marks and mixed line ends put in',
    async () => {
      const tally = new Tally();
      await fc.assert(
        fc.asyncProperty(
          geojsonSample,
          fc.array(byteEdit, { minLength: 1, maxLength: 3 }),
          delivery,
          async (sample, edits, { pieces, choice }) => {
            const bytes = applyByteEdits(sample.text, edits);
            tally.add(await openAndAccount(guard, { bytes, name: sample.name, pieces, choice }));
          },
        ),
        { numRuns: 120, ...BUDGET },
      );
      tally.expectShare('features', 0.1, 0.04);
    },
    TIMEOUT,
  );

  test(
    'real samples with features shuffled and repeated, odd and huge (100 KB) values, keys named __proto__ and constructor, a unique category per feature, nesting hundreds deep',
    async () => {
      const tally = new Tally();
      await fc.assert(
        fc.asyncProperty(
          geojsonSample,
          fc.array(jsonEdit({ value: oddValue, maxDepth: 300 }), { minLength: 1, maxLength: 5 }),
          delivery,
          async (sample, edits, { pieces, choice }) => {
            const bytes = encode(applyJsonEdits(sample.text, edits));
            tally.add(await openAndAccount(guard, { bytes, name: sample.name, pieces, choice }));
          },
        ),
        { numRuns: 100, ...BUDGET },
      );
      tally.expectShare('features', 0.2);
    },
    TIMEOUT,
  );

  test('every real sample is read, each feature accounted for', async () => {
    for (const sample of GEOJSON_SAMPLES) {
      const bytes = encode(sample.text);
      const opened = await openAndAccount(guard, { bytes, name: sample.name, pieces: [], choice: [] });
      if (featureCount(sample.text) !== null) expect(opened.kind, sample.name).toBe('loaded');
    }
  });
});

describe('GeoJSON opened as the app opens it, at scale', () => {
  test(
    'a collection of thousands of features, ids unique or all the same, opens within the hang guard (no quadratic path)',
    async () => {
      // Ids made unique, or all the same (the reader renames each repeat), in the samples whose features load.
      const samples = GEOJSON_SAMPLES.filter((s) => (featureCount(s.text) ?? 0) > 0 && /"date"/.test(s.text));
      for (const ids of ['unique', 'same'] as IdMode[]) {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...samples), async (sample) => {
            const bytes = encode(longCollection(sample, SCALE * FEATURES, ids));
            await openAndAccount(guard, { bytes, name: sample.name, pieces: [], choice: [] });
          }),
          // A case that fails takes seconds (the limit), and its input is one choice: not shrunk.
          { numRuns: 2, endOnFailure: true, ...BUDGET },
        );
      }
    },
    TIMEOUT,
  );
});

/** Features of a sample made long (SCALE times this many) for the hang-guarded large reads. */
const FEATURES = 150;

describe('faults found before they were fixed (issue #27), kept as properties', () => {
  // Once a fault: JSON.stringify of a deeply nested property throws outside the per-feature try (the whole file fails).
  test(
    'a property nested 10,000 deep never throws',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          geojsonSample,
          fc.record({
            kind: fc.constant('deep' as const),
            feature: fc.nat(),
            key: fc.constantFrom('deep', 'title', 'sources', 'actors'),
            depth: fc.integer({ min: 10_000, max: 12_000 }),
            list: fc.boolean(),
          }),
          async (sample, edit) => {
            const bytes = encode(applyJsonEdits(sample.text, [edit]));
            await openAndAccount(guard, { bytes, name: sample.name, pieces: [], choice: [] });
          },
        ),
        { numRuns: 20, ...BUDGET },
      );
    },
    TIMEOUT,
  );

  // Once a fault: a date has no length bound; the edtf Earley parser takes seconds to minutes on it.
  test(
    'a 100,000-character date property never hangs',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), hugeDate, async (feature, date) => {
          const edit = { kind: 'set' as const, feature, where: 'properties' as const, key: 'date', value: date };
          const bytes = encode(applyJsonEdits(INCIDENTS, [edit]));
          await openAndAccount(guard, { bytes, name: 'incidents.geojson', pieces: [], choice: [] });
        }),
        { numRuns: 3, endOnFailure: true, ...BUDGET },
      );
    },
    TIMEOUT,
  );

  // Once a fault: each feature looks through every problem so far (problems.some), quadratic in the file.
  test(
    'a collection of many features that are not objects, then readable ones, opens within the hang guard',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('0', 'null', '"x"', '[]'),
          fc.constantFrom(
            '{"type":"Feature","geometry":null,"properties":null}',
            '{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"title":"t","date":"2024"}}',
          ),
          async (bad, good) => {
            // A hundred features that are not objects (a problem each) for each feature read further.
            const collection = (count: number) =>
              encode(
                `{"type":"FeatureCollection","features":[${[...Array(100 * count).fill(bad), ...Array(count).fill(good)].join(',')}]}`,
              );
            await openAndAccount(guard, {
              bytes: collection(SCALE * 100),
              name: 'bad.geojson',
              pieces: [],
              choice: [],
            });
          },
        ),
        { numRuns: 2, endOnFailure: true, ...BUDGET },
      );
    },
    TIMEOUT,
  );

  // Once a fault: messages quote whole cells (here, property values); the issue asks for about 80 characters at most.
  test(
    'messages quote at most about 80 characters of a value',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          geojsonSample,
          fc.array(
            fc.record({
              feature: fc.nat(),
              where: fc.constantFrom('feature' as const, 'properties' as const),
              key: fc.constantFrom('id', 'date', 'title', 'place', 'origin', 'location_precision', 'type', 'time'),
              value: quotableCell,
            }),
            { minLength: 1, maxLength: 3 },
          ),
          async (sample, sets) => {
            const bytes = encode(
              applyJsonEdits(
                sample.text,
                sets.map((set) => ({ kind: 'set' as const, ...set })),
              ),
            );
            const opened = await openAndAccount(guard, { bytes, name: sample.name, pieces: [], choice: [] });
            const messages = opened.kind === 'loaded' ? opened.problems.map((p) => p.message) : [];
            expect(
              overQuoted(
                messages,
                sets.map((set) => set.value),
              ),
            ).toBeNull();
          },
        ),
        { numRuns: 50, ...BUDGET },
      );
    },
    TIMEOUT,
  );
});

describe('the regression corpus (tests/fixtures/fuzz-corpus): GeoJSON that once broke the reader', () => {
  for (const { name, bytes } of corpus(/\.geojson$/)) {
    test(
      name,
      async () => {
        const opened = await openAndAccount(guard, { bytes, name, pieces: [], choice: [] });
        const messages = opened.kind === 'loaded' ? opened.problems.map((p) => p.message) : [];
        expect(overQuoted(messages, longStringsOf(decode(bytes)))).toBeNull();
      },
      TIMEOUT,
    );
  }
});
