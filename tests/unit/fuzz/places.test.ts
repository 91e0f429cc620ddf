// Fuzzed places files and datasets read by validate.ts: a places file as the
// dataset worker reads one (readPlaces) with incidents read against it, and an
// incidents file with its places read back by readDataset (as exports are).
// On mutations of the real geojson/places.geojson and incidents.geojson they
// must not throw or hang, and must account for every place and incident:
// loaded, or named by index as skipped.
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import type { DatasetProblem } from '../../../src/data/types';
import { expectAccounted, featureCount } from './checks';
import { budget, finished, Guard } from './guard';
import { applyByteEdits, applyJsonEdits, byteEdit, INCIDENTS, jsonEdit, oddValue, PLACES } from './inputs';

const guard = new Guard();
afterAll(() => guard.close());

const TIMEOUT = 60_000;
const BUDGET = budget(45_000);

/** A real GeoJSON file mutated: bytes flipped, cut or put in, or features and values changed. */
const mutated = (text: string) =>
  fc.oneof(
    fc
      .array(byteEdit, { minLength: 1, maxLength: 3 })
      .map((edits) => new TextDecoder().decode(applyByteEdits(text, edits))),
    fc
      .array(jsonEdit({ value: oddValue, maxDepth: 200 }), { minLength: 1, maxLength: 5 })
      .map((edits) => applyJsonEdits(text, edits)),
  );

/** Indexes 0 to count - 1, or null when the text is not features. */
const indexes = (text: string) => {
  const count = featureCount(text);
  return count === null ? null : new Set(Array.from({ length: count }, (_, i) => i));
};

/** Every place is loaded or named as skipped; a problem about the whole file only when none loads. */
function expectPlacesAccounted(places: number, problems: DatasetProblem[], text: string): void {
  expectAccounted({ loaded: places, packed: places, problems, mismatch: null }, indexes(text), 'index');
}

describe('places and datasets read by validate.ts', () => {
  test(
    'a mutated places file, and incidents read against it: never throws, never hangs, accounts for each place and incident',
    async () => {
      let loaded = 0;
      await fc.assert(
        fc.asyncProperty(mutated(PLACES), async (places) => {
          const read = finished(await guard.run('withPlaces', { incidents: INCIDENTS, places }, places.length));
          if (read.kind === 'refused') return;
          expectPlacesAccounted(read.places, read.placeProblems, places);
          expectAccounted(read, indexes(INCIDENTS), 'index');
          if (read.places > 0) loaded++;
        }),
        { numRuns: 150, ...BUDGET },
      );
      expect(loaded).toBeGreaterThanOrEqual(30);
    },
    TIMEOUT,
  );

  test(
    'mutated incidents and places read back by readDataset: never throws, never hangs, accounts for both files',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutated(INCIDENTS), fc.option(mutated(PLACES)), async (incidents, places) => {
          const bytes = incidents.length + (places?.length ?? 0);
          const read = finished(await guard.run('dataset', { incidents, places }, bytes));
          // readDataset names the places file's problems "places: ...".
          const ofPlaces = read.problems.filter((p) => p.field.startsWith('places: '));
          const ofIncidents = read.problems.filter((p) => !p.field.startsWith('places: '));
          if (places !== null) expectPlacesAccounted(read.places, ofPlaces, places);
          expectAccounted({ ...read, problems: ofIncidents }, indexes(incidents), 'index');
        }),
        { numRuns: 150, ...BUDGET },
      );
    },
    TIMEOUT,
  );
});
