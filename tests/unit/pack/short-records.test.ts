// Short records kept as codes into tables of distinct values must read back as
// the JSON records they stand for: the same fields, values and key order, for
// any text (multi-byte, empty, holding the separator titles are cut at), when
// built in parts on several workers and merged, and in any reveal order.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PackBuilder } from '../../../src/data/pack/packed';
import { unpackIncident } from '../../../src/data/pack/records';
import { type ShortFields, ShortRecordBuilder, shortRecordAt } from '../../../src/data/pack/short-records';
import { IncidentStore } from '../../../src/data/store/incident-store';
import type { Incident } from '../../../src/data/types';

/** Text that often holds the separator, a multi-byte character, or nothing. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom(
    '',
    ', ',
    'a, b',
    'Wana, South Waziristan, FATA',
    ',',
    ' ,',
    'Пешавар, Хайбер',
    '北京, 中国',
    '\u{1F600}, x',
    'lone \uD800, half',
    // Halves that join into a pair when values are put end to end.
    'x\uD83D',
    '\uDE00y',
    // A value that begins with what a decoder could take for a byte-order mark.
    '\uFEFFa',
    'a, \uFEFFb',
  ),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const fieldsArb: fc.Arbitrary<ShortFields> = fc
  .record({
    title: text,
    date: fc.oneof(text, fc.constantFrom('2020-01-02', '2019-05/2019-06')),
    order: maybe(fc.oneof(fc.integer({ min: -3, max: 9 }), fc.constant(Number.NaN))),
    place: maybe(text),
    country: maybe(text),
    actors: fc.array(fc.oneof(text, fc.constantFrom('TTP', 'Taleban')), { maxLength: 3 }),
    fatalities: maybe(fc.oneof(fc.nat(500), fc.double({ noDefaultInfinity: true }))),
    related: fc.array(fc.constantFrom('a', 'b-2'), { maxLength: 2 }),
    origin: maybe(text),
    // A title that ends in the place's first part, as imported tables' titles do.
    titleEndsInPlace: fc.boolean(),
    shape: maybe(
      fc.constant({
        type: 'LineString',
        coordinates: [
          [60, 30],
          [61.5, 31],
        ],
      }) as fc.Arbitrary<ShortFields['shape']>,
    ),
    translations: maybe(fc.record({ ur: fc.record({ title: text }), 'fa-AF': fc.record({ summary: text }) })),
  })
  .map(({ titleEndsInPlace, ...r }) => {
    if (titleEndsInPlace && r.place !== undefined) r.title = `${r.title}, ${r.place.split(', ')[0]}`;
    // Absent fields are left out, as the validator leaves them.
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(r)) if (value !== undefined) fields[key] = value;
    return fields as unknown as ShortFields;
  });

/** The short JSON record PackBuilder writes for these fields, as JSON.parse reads it. */
function jsonRecord(f: ShortFields): unknown {
  return JSON.parse(
    JSON.stringify({
      title: f.title,
      date: f.date,
      order: f.order,
      place: f.place,
      country: f.country,
      actors: f.actors.length > 0 ? f.actors : undefined,
      fatalities: f.fatalities,
      related: f.related.length > 0 ? f.related : undefined,
      origin: f.origin,
      shape: f.shape,
      translations: f.translations,
    }),
  );
}

describe('short records as codes', () => {
  test('read back as their JSON records, keys in the same order, built in parts, merged and reordered', () => {
    fc.assert(
      fc.property(
        fc.array(fieldsArb, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (records, cuts, shuffle) => {
          // Cut into ranges, each built by one of two workers in turn.
          const bounds = [...new Set([0, ...cuts.map((c) => c % (records.length + 1)), records.length])].sort(
            (a, b) => a - b,
          );
          const workers = [new ShortRecordBuilder(), new ShortRecordBuilder()];
          const added = [0, 0];
          const ranges: [number, number, number][] = [];
          for (let r = 0; r + 1 < bounds.length; r++) {
            const w = r % 2;
            const from = added[w];
            for (let i = bounds[r]; i < bounds[r + 1]; i++) workers[w].add(added[w]++, records[i]);
            ranges.push([w, from, added[w]]);
          }
          const parts = workers.map((worker) => worker.part());
          const merged = new ShortRecordBuilder();
          let base = 0;
          for (const [w, from, to] of ranges) {
            merged.absorb(parts[w], from, to, base);
            base += to - from;
          }
          const permutation = Uint32Array.from(records.keys());
          for (let k = permutation.length - 1; k > 0; k--) {
            const j = (shuffle[k] ?? 0) % (k + 1);
            [permutation[k], permutation[j]] = [permutation[j], permutation[k]];
          }
          const identity = permutation.every((p, i) => p === i);
          const finished = merged.finish(permutation, identity);
          for (let i = 0; i < records.length; i++) {
            const record = shortRecordAt(finished, i);
            const expected = jsonRecord(records[permutation[i]]);
            expect(record).toEqual(expected);
            expect(Object.keys(record)).toEqual(Object.keys(expected as object));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('columns are as narrow as their tables allow', () => {
    const builder = new ShortRecordBuilder();
    const count = 70_000;
    for (let i = 0; i < count; i++) {
      builder.add(i, { title: `t${i}`, date: `d${i % 300}`, actors: ['x'], related: [], place: 'p, q' });
    }
    const { codes } = builder.finish(
      Uint32Array.from({ length: count }, (_, i) => i),
      true,
    );
    // Title parts: 70,000 values; dates: 300; actors: 1; place tails: 1.
    expect(codes.map((column) => column.BYTES_PER_ELEMENT)).toEqual([4, 1, 2, 1, 1, 1, 1, 1, 1]);
  });
  test("a title ending in the place's first part keeps no tail of its own", () => {
    const builder = new ShortRecordBuilder();
    const count = 70_000;
    const fields = (i: number): ShortFields => ({
      title:
        i % 10 === 0 ? `TTP vs Government of Pakistan, elsewhere ${i}` : `TTP vs Government of Pakistan, Wana ${i}`,
      date: '2024-12-21',
      actors: [],
      related: [],
      place: `Wana ${i}, South Waziristan`,
    });
    for (let i = 0; i < count; i++) builder.add(i, fields(i));
    const records = builder.finish(
      Uint32Array.from({ length: count }, (_, i) => i),
      true,
    );
    // The title tails are the tenth that differ from their place (and the placeholder): two bytes a code, not four.
    expect(records.values[1].offsets.length - 1).toBe(count / 10 + 1);
    expect(records.codes[1].BYTES_PER_ELEMENT).toBe(2);
    for (const i of [0, 1, 9, 10, 69_999]) expect(shortRecordAt(records, i)).toEqual(jsonRecord(fields(i)));
  });

  test('a field of mostly distinct values reads back the same once it keeps one per row, merged from parts', () => {
    // Titles all different after the first few thousand rows (repeated before), places from a few hundred:
    // the title's field turns per-row part way through each worker, the place's never does.
    const count = 160_000;
    const fields = (i: number): ShortFields => ({
      title: i < 5_000 ? `same ${i % 7}` : `title ${i}, place ${i % 300}`,
      date: `2020-01-${String(1 + (i % 28)).padStart(2, '0')}`,
      place: `Wana ${i % 300}, South Waziristan`,
      actors: i % 2 ? ['TTP'] : [],
      related: [],
    });
    const workers = [new ShortRecordBuilder(), new ShortRecordBuilder()];
    const half = count / 2;
    for (let i = 0; i < count; i++) workers[i < half ? 0 : 1].add(i < half ? i : i - half, fields(i));
    const parts = workers.map((worker) => worker.part());
    expect(parts.map((part) => part.perRow[0])).toEqual([true, true]);
    expect(parts.map((part) => part.perRow[3])).toEqual([false, false]);
    const merged = new ShortRecordBuilder();
    // Interleaved ranges, as the table workers' blocks are merged.
    const step = 10_000;
    let base = 0;
    for (let from = 0; from < half; from += step) {
      for (const part of parts) {
        const to = Math.min(from + step, half);
        merged.absorb(part, from, to, base);
        base += to - from;
      }
    }
    const order = Uint32Array.from({ length: count }, (_, i) => i);
    const finished = merged.finish(order, true);
    const source = (k: number): number => {
      const block = Math.floor(k / (2 * step));
      const within = k % (2 * step);
      return (within < step ? 0 : half) + block * step + (within % step);
    };
    for (let k = 0; k < count; k += 37) expect(shortRecordAt(finished, k)).toEqual(jsonRecord(fields(source(k))));
    expect(shortRecordAt(finished, count - 1)).toEqual(jsonRecord(fields(source(count - 1))));
    // Places stay a table of their distinct heads; the tails are one value.
    expect(finished.codes[3].BYTES_PER_ELEMENT).toBe(2);
    expect(finished.codes[4].BYTES_PER_ELEMENT).toBe(1);
  });
  test('parts whose fields stay coded merge into fields kept one per row, reading back the same', () => {
    // Each part's 40,000 titles stay under the first weighing (65,536); merged, 80,000 distinct titles pass it.
    const fields = (i: number): ShortFields => ({
      title: `title ${i}`,
      date: `2021-02-${String(1 + (i % 28)).padStart(2, '0')}`,
      place: `Mir Ali ${i % 50}, North Waziristan`,
      actors: [],
      related: [],
    });
    const half = 40_000;
    const parts = [0, 1].map((w) => {
      const builder = new ShortRecordBuilder();
      for (let i = 0; i < half; i++) builder.add(i, fields(w * half + i));
      return builder.part();
    });
    expect(parts.map((part) => part.perRow[0])).toEqual([false, false]);
    const merged = new ShortRecordBuilder();
    merged.absorb(parts[0], 0, half, 0);
    merged.absorb(parts[1], 0, half, half);
    const count = 2 * half;
    const finished = merged.finish(
      Uint32Array.from({ length: count }, (_, i) => count - 1 - i),
      false,
    );
    for (let k = 0; k < count; k += 13)
      expect(shortRecordAt(finished, k)).toStrictEqual(jsonRecord(fields(count - 1 - k)));
    expect(shortRecordAt(finished, 0)).toStrictEqual(jsonRecord(fields(count - 1)));
    expect(finished.values[0].offsets.length - 1).toBe(count);
  });
});

describe('a builder that leaves the long text in the file', () => {
  test('gives the page the same incidents as one that keeps it, less their long text', () => {
    const incidentArb = fc
      .tuple(fieldsArb, fc.string({ maxLength: 10 }), fc.integer({ min: 0, max: 900 }))
      .map(([fields, summary, day]): Incident => {
        const start = Date.UTC(2020, 0, 1) + day * 86_400_000;
        return {
          // Related ids, when any, have their records written last (see PackBuilder.pack).
          ...fields,
          id: `i-${day}-${summary.length}`,
          summary,
          startDay: new Date(start).toISOString().slice(0, 10),
          start,
          end: start + 86_399_999,
          category: 'attack',
          locationPrecision: 'exact',
          coordinates: [65, 30],
          sources: [{ title: summary, publisher: 'p' }],
        };
      });
    fc.assert(
      fc.property(fc.uniqueArray(incidentArb, { selector: (i) => i.id, maxLength: 25 }), (incidents) => {
        const kept = new PackBuilder([], { longText: true });
        const left = new PackBuilder([], { longText: false });
        incidents.forEach((incident, index) => {
          kept.add(incident, index);
          left.add(incident, index);
        });
        const whole = kept.finish({ name: 'w', places: [] }).incidents;
        const short = left.finish({ name: 's', places: [] }).incidents;
        expect(short.records.length).toBe(0);
        for (let i = 0; i < whole.count; i++) {
          const at = whole.recordStart[i];
          const json = new TextDecoder().decode(whole.records.subarray(at, at + whole.recordLength[i]));
          const expected = { ...unpackIncident(whole, i, json), summary: '', sources: [] };
          expect(new IncidentStore(short).get(i)).toStrictEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });
});
