// Fuzzed dates: every date cell and property goes through parseLooseDate
// (tables, GeoJSON's other date properties), parseIncidentDate (our schema's
// EDTF) and formatIncidentDate (the list and the details). On random text and
// mutations of the samples' own dates they must not throw, must not hang, and
// must agree: a date the loose reader makes is one the EDTF reader takes.
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { overQuoted } from './checks';
import { budget, finished, Guard } from './guard';
import { applyByteEdits, byteEdit, dateish, hugeDate, quotableCell, SAMPLE_DATES } from './inputs';

const guard = new Guard('values');
afterAll(() => guard.close());

const TIMEOUT = 60_000;
const BUDGET = budget(45_000);

/** Dates and near-dates: random text, EDTF's alphabet, the samples' dates with bytes flipped, cut, or put in. */
const dateText: fc.Arbitrary<string> = fc.oneof(
  dateish,
  fc.string({ maxLength: 40 }),
  fc.stringMatching(/^[\dXYSuE~?%/.:+\-[\]{},T Z]{1,60}$/),
  fc
    .tuple(fc.constantFrom(...SAMPLE_DATES), fc.array(byteEdit, { minLength: 1, maxLength: 3 }))
    .map(([date, edits]) => new TextDecoder().decode(applyByteEdits(date, edits))),
);

/** Reads `text` as a date every way, within the hang guard, and checks the answers. */
async function readDate(text: string) {
  const read = finished(await guard.run('dates', text, text.length));
  const { loose, looseTaken, incident, formatted } = read;
  if (loose.ok) {
    expect(loose.date, 'the loose reader gives an EDTF date').toBeTypeOf('string');
    expect(looseTaken, `the EDTF reader takes the loose reader's ${JSON.stringify(loose.date)}`).toBe(true);
  } else expect(loose.message).toMatch(/\S/);
  if (incident.ok) {
    expect(Number.isFinite(incident.span.start), 'a date has a start').toBe(true);
    expect(incident.span.end).toBeGreaterThanOrEqual(incident.span.start);
  } else expect(incident.message).toMatch(/\S/);
  expect(formatted).toBeTypeOf('string');
  return read;
}

describe('a date read as tables, GeoJSON and the list read it', () => {
  test(
    'random and mutated dates: never throw, never hang, and the readers agree',
    async () => {
      let dates = 0;
      await fc.assert(
        fc.asyncProperty(dateText, async (text) => {
          if ((await readDate(text)).incident.ok) dates++;
        }),
        { numRuns: 400, ...BUDGET },
      );
      // Not only refusals: a fair share of the inputs are dates.
      expect(dates).toBeGreaterThanOrEqual(20);
    },
    TIMEOUT,
  );

  test('every date of the samples is read', async () => {
    for (const date of SAMPLE_DATES) await readDate(date);
  });
});

describe('faults found before they were fixed (issue #27), kept as properties', () => {
  // Once a fault: a date has no length bound; the edtf Earley parser takes seconds to minutes on it.
  test(
    'a 100,000-character date never hangs',
    async () => {
      await fc.assert(
        fc.asyncProperty(hugeDate, async (text) => {
          await readDate(text);
        }),
        { numRuns: 3, endOnFailure: true, ...BUDGET },
      );
    },
    TIMEOUT,
  );

  // Once a fault: messages quote whole cells; the issue asks for about 80 characters at most.
  test(
    'messages quote at most about 80 characters of the date',
    async () => {
      await fc.assert(
        fc.asyncProperty(quotableCell, async (text) => {
          const { loose, incident } = await readDate(text);
          const messages = [loose, incident].flatMap((read) => (read.ok ? [] : [read.message]));
          expect(overQuoted(messages, [text])).toBeNull();
        }),
        { numRuns: 30, ...BUDGET },
      );
    },
    TIMEOUT,
  );
});
