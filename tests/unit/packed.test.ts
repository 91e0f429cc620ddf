import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { endOf, startOf } from '../../src/data/dates/day-columns';
import { dayEnd, dayOf } from '../../src/data/dates/incident-date';
import { readDataset } from '../../src/data/import/validate';
import { actorListOf } from '../../src/data/pack/actor-lists';
import { fanOffsets } from '../../src/data/pack/marker-layout';
import { PackBuilder, packDataset } from '../../src/data/pack/packed';
import { recordOf } from '../../src/data/pack/records';
import { revealOrder } from '../../src/data/pack/reveal-order';
import { transferablesOf, unpackPoints } from '../../src/data/pack/transfer';
import { foldForSearch, searchLineOf } from '../../src/data/search/fold';
import { IncidentStore, storeDataset } from '../../src/data/store/incident-store';
import type { Incident, Source } from '../../src/data/types';
import { LOCATION_PRECISIONS } from '../../src/data/types';
import { baseMarkerSize, type Extent, MIN_FADE, MIN_MARKER_SIZE, markerScale } from '../../src/map/marker-scale';
import { buildTimeline, countThroughDay } from '../../src/timeline/cursor';

const readJson = (relative: string): unknown => JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
const seed = readDataset(readJson('../../geojson/incidents.geojson'), readJson('../../geojson/places.geojson')).dataset;
const idsOf = (store: IncidentStore) => Array.from({ length: store.length }, (_, i) => store.id(i));

const DAY = 86_400_000;
const FIRST = Date.UTC(2020, 0, 1);

/** Incidents as the validator makes them, with the awkward parts real data has. */
const incidentArb = (index: number, sources: Source[][]) =>
  fc
    .record({
      day: fc.integer({ min: 0, max: 400 }),
      // Now and then a time of day: a dataset with one keeps its dates' milliseconds, else its days tell them.
      time: fc.oneof(
        { arbitrary: fc.constant(0), weight: 30 },
        { arbitrary: fc.integer({ min: 1, max: DAY - 1 }), weight: 1 },
      ),
      length: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 60 }), fc.constant(Number.POSITIVE_INFINITY)),
      order: fc.option(fc.integer({ min: -5, max: 20 }), { nil: undefined }),
      title: fc.string({ unit: 'grapheme', maxLength: 30 }),
      summary: fc.string({ maxLength: 20 }),
      category: fc.constantFrom('attack', 'diplomacy', 'statement', 'a new one'),
      precision: fc.constantFrom(...LOCATION_PRECISIONS),
      lon: fc.double({ min: 60, max: 76, noNaN: true }),
      lat: fc.double({ min: 24, max: 38, noNaN: true }),
      actors: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
      fatalities: fc.option(fc.nat(50), { nil: undefined }),
      sources: fc.constantFrom(...sources),
      place: fc.option(fc.constantFrom('kabul', 'nowhere'), { nil: undefined }),
    })
    .map((r): Incident => {
      const start = FIRST + r.day * DAY + r.time;
      const end = r.length === Number.POSITIVE_INFINITY ? r.length : start + r.length * DAY - 1;
      return {
        id: `inc-${index}`,
        title: r.title,
        summary: r.summary,
        date: dayOf(start),
        startDay: dayOf(start),
        start,
        end,
        ...(r.order === undefined ? {} : { order: r.order }),
        category: r.category,
        ...(r.place === undefined ? {} : { place: r.place }),
        locationPrecision: r.precision,
        actors: r.actors,
        ...(r.fatalities === undefined ? {} : { fatalities: r.fatalities }),
        related: [],
        sources: r.sources,
        coordinates: [r.lon, r.lat],
      };
    });
const SOURCES: Source[][] = [
  [{ title: 'Report', publisher: 'Paper', url: 'https://example.org/a' }],
  [{ title: 'Ŧïtle “quoted”', publisher: 'Агентство' }],
  [],
];
const datasetArb = fc
  .integer({ min: 0, max: 40 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => incidentArb(i, SOURCES))));

describe('packDataset and IncidentStore', () => {
  const store = storeDataset(seed).incidents;
  const ordered = revealOrder(seed.incidents);

  test('the seed packs in reveal order and every incident comes back whole', () => {
    expect(idsOf(store)).toEqual(ordered.map((i) => i.id));
    ordered.forEach((incident, i) => {
      expect(store.get(i)).toEqual(incident);
      expect(store.indexOf(incident.id)).toBe(i);
      expect(store.startDay(i)).toBe(incident.startDay);
      expect(store.category(i)).toBe(incident.category);
    });
    expect(store.indexOf('no-such-incident')).toBe(-1);
    expect(store.byId('no-such-incident')).toBeUndefined();
  });

  test('columns hold the dates, positions and categories; special lists the incidents with an area or a journey', () => {
    const { packed } = store;
    ordered.forEach((incident, i) => {
      expect(startOf(packed, packed.days, i)).toBe(incident.start);
      expect(endOf(packed, packed.days, i)).toBe(incident.end);
      expect([packed.lon[i], packed.lat[i]]).toEqual(incident.coordinates);
      expect(packed.categories[packed.category[i]]).toBe(incident.category);
    });
    const places = new Set(seed.places.map((p) => p.id));
    const expected = ordered.flatMap((i, rank) =>
      i.shape || i.origin || (i.place && places.has(i.place)) ? [rank] : [],
    );
    expect([...packed.special]).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    const counts = store.categoryCounts();
    expect(counts.length).toBe(store.categories.length);
    for (const [c, category] of store.categories.entries()) {
      expect(counts[c]).toBe(seed.incidents.filter((i) => i.category === category).length);
    }
  });

  test('dates of whole days are kept as days alone; one time of day keeps every date to the millisecond', () => {
    const feature = (id: string, date: string) => ({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [69.2, 34.5] },
      properties: { title: id, date, category: 'attack' },
    });
    const datasetOf = (dates: string[]) =>
      readDataset({ type: 'FeatureCollection', features: dates.map((date, i) => feature(`d${i}`, date)) }).dataset;
    const days = ['2024-12-16/2024-12-22', '2024-12', '2024-12-24', '2024-12-20/..'];
    const whole = IncidentStore.of(datasetOf(days).incidents);
    expect(whole.packed.start.length + whole.packed.end.length).toBe(0);
    const timed = IncidentStore.of(datasetOf([...days, '2024-12-24T10:30:00Z']).incidents);
    expect(timed.packed.start.length).toBe(5);
    for (const store of [whole, timed]) {
      for (const [i, incident] of datasetOf(days).incidents.entries()) {
        const got = store.byId(`d${i}`);
        expect([got?.start, got?.end]).toEqual([incident.start, incident.end]);
      }
    }
    expect(timed.byId('d4')?.start).toBe(Date.UTC(2024, 11, 24, 10, 30));
    expect(countThroughDay(buildTimeline(timed), '2024-12-23')).toBe(3);
  });

  test('any dataset round-trips, in any order or in reveal order already: every field, every id found, strangers not', () => {
    fc.assert(
      fc.property(datasetArb, fc.string({ maxLength: 8 }), (incidents, stranger) => {
        const expected = revealOrder(incidents);
        // In reveal order already, the columns are kept as they were built rather than reordered.
        for (const given of [incidents, expected]) {
          const packed = storeDataset({ name: 'x', incidents: given, places: [] }).incidents;
          expect(packed.length).toBe(incidents.length);
          expected.forEach((incident, i) => {
            expect(packed.get(i)).toEqual(incident);
            expect(packed.indexOf(incident.id)).toBe(i);
          });
          expect(packed.indexOf(`x${stranger}`)).toBe(-1);
        }
      }),
      { numRuns: 60 },
    );
  });

  test("each incident's search line and actors are at its place in reveal order, in any order given or in reveal order already", () => {
    fc.assert(
      fc.property(datasetArb, (incidents) => {
        const expected = revealOrder(incidents);
        for (const given of [incidents, expected]) {
          const p = packDataset({ name: 'x', incidents: given, places: [] }).incidents;
          const search = new TextDecoder('utf-16le').decode(p.search);
          expect(p.searchOffsets[p.count]).toBe(p.search.length);
          const lists = p.actorOffsets.length - 1;
          expect(p.actorOffsets[lists]).toBe(p.actors.length);
          expect(lists).toBe(
            p.actorList ? new Set(expected.map((i) => JSON.stringify([...new Set(i.actors)]))).size : p.count,
          );
          expected.forEach((incident, i) => {
            const line = search.slice(p.searchOffsets[i], p.searchOffsets[i + 1]);
            expect(line).toBe(`${foldForSearch(searchLineOf({ ...incident, place: incident.place }))}\n`);
            const l = actorListOf(p, i);
            const actors = [...p.actors.subarray(p.actorOffsets[l], p.actorOffsets[l + 1])].map((a) => p.actorNames[a]);
            expect(actors).toEqual([...new Set(incident.actors)]);
          });
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a builder told how many incidents to expect, at any point, packs the same dataset', () => {
    fc.assert(
      fc.property(datasetArb, fc.nat(), fc.nat({ max: 5000 }), (incidents, at, expected) => {
        const hinted = new PackBuilder();
        const plain = new PackBuilder();
        const split = incidents.length === 0 ? 0 : at % (incidents.length + 1);
        incidents.forEach((incident, i) => {
          if (i === split) hinted.expect(expected);
          hinted.add(incident);
          plain.add(incident);
        });
        const meta = { name: 'x', places: [] };
        expect(hinted.finish(meta)).toEqual(plain.finish(meta));
      }),
      { numRuns: 60 },
    );
  });

  test('each record is the UTF-8 of JSON.stringify of its fields, whatever their text (escapes, lone surrogates)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 10 });
    const fields = fc.record({
      title: text,
      date: fc.constantFrom('2024-01-02', '2024-01-02/..', '2024'),
      summary: text,
      order: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
      place: fc.option(text, { nil: undefined }),
      country: fc.option(text, { nil: undefined }),
      actors: fc.array(text, { maxLength: 2 }),
      fatalities: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
      related: fc.array(text, { maxLength: 2 }),
      origin: fc.option(text, { nil: undefined }),
      sources: fc.constantFrom(...SOURCES),
    });
    const utf8 = new TextEncoder();
    fc.assert(
      fc.property(fc.array(fields, { maxLength: 8 }), (list) => {
        const incidents = list.map((f, i): Incident => {
          const incident: Incident = {
            id: `r${i}`,
            start: FIRST + i * DAY,
            end: FIRST + (i + 1) * DAY - 1,
            startDay: dayOf(FIRST + i * DAY),
            category: 'attack',
            locationPrecision: 'exact',
            coordinates: [69, 34],
            ...f,
          };
          for (const key of ['order', 'place', 'country', 'fatalities', 'origin'] as const) {
            if (incident[key] === undefined) delete incident[key];
          }
          return incident;
        });
        const { packed } = storeDataset({ name: 'x', incidents, places: [] }).incidents;
        incidents.forEach((incident, i) => {
          // Reveal order is file order here (one day each).
          const expected: Record<string, unknown> = { title: incident.title, date: incident.date };
          for (const key of ['order', 'place', 'country'] as const) {
            if (incident[key] !== undefined) expected[key] = incident[key];
          }
          if (incident.actors.length > 0) expected.actors = incident.actors;
          if (incident.fatalities !== undefined) expected.fatalities = incident.fatalities;
          if (incident.related.length > 0) expected.related = incident.related;
          if (incident.origin !== undefined) expected.origin = incident.origin;
          // The long text comes last, so the record before it is the short record the page keeps.
          const short = utf8.encode(JSON.stringify(expected)).subarray(0, -1);
          expect(recordOf(packed, i).subarray(0, packed.recordShort[i])).toEqual(short);
          if (incident.summary) expected.summary = incident.summary;
          if (packed.sourceSet[i] === 0) expected.sources = incident.sources;
          expect(recordOf(packed, i)).toEqual(utf8.encode(JSON.stringify(expected)));
        });
      }),
      { numRuns: 300 },
    );
  });

  test('more distinct source lists than the table keeps are stored in each record', () => {
    const incidents = Array.from({ length: 5000 }, (_, i): Incident => {
      const start = FIRST + (i % 300) * DAY;
      return {
        id: `s${i}`,
        title: `t${i}`,
        summary: '',
        date: dayOf(start),
        startDay: dayOf(start),
        start,
        end: start + DAY - 1,
        category: 'attack',
        locationPrecision: 'exact',
        actors: [],
        related: [],
        sources: [{ title: `source ${i}`, publisher: 'p' }],
        coordinates: [69, 34],
      };
    });
    const store = IncidentStore.of(incidents);
    expect(store.packed.sourceSets.length).toBeLessThan(5000);
    for (const i of [0, 4095, 4096, 4999]) {
      const incident = store.byId(`s${i}`);
      expect(incident?.sources).toEqual([{ title: `source ${i}`, publisher: 'p' }]);
    }
  });

  test('its buffers can all be transferred, and the copy that arrives reads the same', () => {
    const packed = packDataset(seed);
    const transfer = transferablesOf(packed);
    expect(new Set(transfer).size).toBe(transfer.length);
    const arrived = structuredClone(packed, { transfer });
    expect(packed.incidents.lon.length).toBe(0); // moved, not copied
    const store = new IncidentStore(arrived.incidents);
    expect(idsOf(store)).toEqual(ordered.map((i) => i.id));
    expect(store.get(3)).toEqual(ordered[3]);
    const points = unpackPoints(arrived.incidents);
    // The index counts in 16-bit cells of the points' box.
    const everywhere = points.index.range(0, 0, 0xffff, 0xffff);
    expect(everywhere.length).toBe(ordered.length);
  });
});

describe('countThroughDay (the time filter)', () => {
  test('counts exactly the incidents that start by the end of the day, for any dataset and day', () => {
    fc.assert(
      fc.property(datasetArb, fc.integer({ min: -3, max: 420 }), (incidents, offset) => {
        const timeline = buildTimeline(IncidentStore.of(incidents));
        const day = dayOf(FIRST + offset * DAY);
        const expected = incidents.filter((i) => i.start <= dayEnd(day)).length;
        expect(countThroughDay(timeline, day)).toBe(expected);
      }),
      { numRuns: 80 },
    );
  });
});

describe('fanOffsets', () => {
  test('markers sharing a point fan out on a ring; lone ones and crowds of more than 12 stay put', () => {
    const lon = [69.1, 69.1, 69.1, 70, 71, ...Array(13).fill(72)];
    const lat = [34.5, 34.5, 34.5, 33, 33, ...Array(13).fill(33)];
    const offsets = fanOffsets(lon, lat);
    const at = (i: number) => [offsets[2 * i], offsets[2 * i + 1]];
    const ring = [at(0), at(1), at(2)];
    for (const [x, y] of ring) expect(Math.hypot(x, y)).toBeGreaterThanOrEqual(13 - 0.1);
    expect(new Set(ring.map((p) => p.join())).size).toBe(3);
    expect(at(3)).toEqual([0, 0]);
    expect(at(4)).toEqual([0, 0]);
    for (let i = 5; i < 18; i++) expect(at(i)).toEqual([0, 0]);
  });

  test('points under a metre apart count as one; a few metres apart do not', () => {
    const near = fanOffsets([69.1, 69.100001], [34.5, 34.500001]);
    expect(near[0] !== 0 || near[1] !== 0).toBe(true);
    const apart = fanOffsets([69.1, 69.1001], [34.5, 34.5]);
    expect([...apart]).toEqual([0, 0, 0, 0]);
  });
});

describe('markerScale (density)', () => {
  const region: Extent = { minX: 0.67, maxX: 0.71, minY: 0.39, maxY: 0.42 };
  const view: Extent = { minX: 0.66, maxX: 0.72, minY: 0.38, maxY: 0.43 };

  test('a few markers are drawn at full size and strength', () => {
    expect(markerScale({ zoom: 5, revealed: 13, extent: region, view })).toEqual({ size: baseMarkerSize(5), fade: 1 });
  });

  test('a view that misses the data changes nothing', () => {
    const away: Extent = { minX: 0.1, maxX: 0.12, minY: 0.1, maxY: 0.12 };
    expect(markerScale({ zoom: 5, revealed: 1e6, extent: region, view: away })).toEqual({
      size: baseMarkerSize(5),
      fade: 1,
    });
  });

  test('more markers in the same view are never drawn bigger or stronger, and never below the floor', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.double({ min: 3, max: 12, noNaN: true }),
        (a, b, zoom) => {
          const [few, many] = a < b ? [a, b] : [b, a];
          const small = markerScale({ zoom, revealed: few, extent: region, view });
          const large = markerScale({ zoom, revealed: many, extent: region, view });
          expect(large.size).toBeLessThanOrEqual(small.size);
          expect(large.fade).toBeLessThanOrEqual(small.fade);
          expect(large.size).toBeGreaterThanOrEqual(MIN_MARKER_SIZE);
          expect(large.fade).toBeGreaterThanOrEqual(MIN_FADE);
        },
      ),
    );
  });

  test('a million markers over the region are drawn small and faint', () => {
    const { size, fade } = markerScale({ zoom: 5, revealed: 1_000_000, extent: region, view });
    expect(size).toBeLessThan(baseMarkerSize(5) / 2);
    expect(fade).toBeLessThan(0.5);
  });
});
