import { readFileSync } from 'node:fs';
import { booleanPointInPolygon, distance, point } from '@turf/turf';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { describe, expect, test } from 'vitest';
import { parseIncidentDate } from '../../src/data/dates/incident-date';
import { readDataset } from '../../src/data/import/validate';
import { revealOrder } from '../../src/data/pack/reveal-order';

// The shipped dataset, read as raw JSON so these checks do not depend on the validator they also test.

interface RawSource {
  title?: unknown;
  publisher?: unknown;
  url?: unknown;
  published?: unknown;
}
interface RawClaim {
  what: string;
  value: number;
  by: string;
  source: number;
  qualifier?: string;
}
interface RawIncident {
  type: string;
  id: string;
  geometry: Point;
  properties: {
    title: string;
    summary: string;
    date: string;
    order?: number;
    category: string;
    place: string;
    location_precision: string;
    actors?: string[];
    fatalities?: number;
    related?: string[];
    origin?: string;
    sources: RawSource[];
    claims?: RawClaim[];
    date_source?: number;
    place_source?: number;
  };
}
interface RawPlace {
  id: string;
  geometry: Point | Polygon | MultiPolygon;
  properties: { name: string; kind: string; country: string };
}

const readJson = (relative: string): unknown => JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));

const incidentsJson = readJson('../../geojson/incidents.geojson') as { type: string; features: RawIncident[] };
const placesJson = readJson('../../geojson/places.geojson') as { type: string; features: RawPlace[] };
const incidents = incidentsJson.features;
const places = placesJson.features;
const placeById = new Map(places.map((p) => [p.id, p]));

const SLUG = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;
const PRECISIONS = ['exact', 'town', 'district', 'province', 'country'];

const text = (f: RawIncident) => `${f.properties.title}\n${f.properties.summary}`;
/** The one incident whose title or summary matches every pattern. */
function findIncident(...patterns: RegExp[]): RawIncident {
  const matches = incidents.filter((f) => patterns.every((p) => p.test(text(f))));
  expect(
    matches.map((f) => f.id),
    `incidents matching ${patterns.join(' and ')}`,
  ).toHaveLength(1);
  return matches[0];
}

describe('the shipped dataset', () => {
  test('is read by the validator with no problems at all', () => {
    const report = readDataset(incidentsJson, placesJson);
    expect(report.problems).toEqual([]);
    expect(report.dataset.incidents).toHaveLength(incidents.length);
    expect(report.dataset.places).toHaveLength(places.length);
    expect(incidents.length).toBeGreaterThanOrEqual(13);
  });

  test('both files are FeatureCollections', () => {
    expect(incidentsJson.type).toBe('FeatureCollection');
    expect(placesJson.type).toBe('FeatureCollection');
  });

  test('incident and place ids are unique URL-safe slugs', () => {
    for (const ids of [incidents.map((f) => f.id), places.map((p) => p.id)]) {
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(SLUG);
    }
  });

  test.each(incidents.map((f) => [f.id, f] as const))('%s has valid fields', (_id, f) => {
    const p = f.properties;
    expect(f.type).toBe('Feature');
    expect(f.geometry.type).toBe('Point');
    expect(p.title.trim()).not.toBe('');
    expect(parseIncidentDate(p.date)).toMatchObject({ ok: true });
    expect(p.category.trim()).not.toBe('');
    expect(PRECISIONS).toContain(p.location_precision);
    expect(p.sources.length).toBeGreaterThanOrEqual(1);
    for (const source of p.sources) {
      expect(typeof source.title === 'string' && source.title.trim() !== '').toBe(true);
      expect(typeof source.publisher === 'string' && source.publisher.trim() !== '').toBe(true);
    }
    if (p.fatalities !== undefined) expect(Number.isInteger(p.fatalities) && p.fatalities >= 0).toBe(true);
  });

  test('every place, origin and related id resolves', () => {
    const incidentIds = new Set(incidents.map((f) => f.id));
    for (const f of incidents) {
      expect(placeById.has(f.properties.place), `${f.id} place ${f.properties.place}`).toBe(true);
      if (f.properties.origin !== undefined) {
        expect(placeById.get(f.properties.origin)?.geometry.type, `${f.id} origin`).toBe('Point');
      }
      for (const related of f.properties.related ?? []) {
        expect(incidentIds.has(related), `${f.id} related ${related}`).toBe(true);
        expect(related).not.toBe(f.id);
      }
    }
  });

  test('incidents placed in an area lie inside it', () => {
    const inAreas = incidents.filter((f) => placeById.get(f.properties.place)?.geometry.type !== 'Point');
    for (const f of inAreas) {
      const area = placeById.get(f.properties.place)?.geometry as Polygon | MultiPolygon;
      expect(['Polygon', 'MultiPolygon']).toContain(area.type);
      expect(booleanPointInPolygon(point(f.geometry.coordinates), area), `${f.id} inside ${f.properties.place}`).toBe(
        true,
      );
    }
  });

  test('a town or district placed at a point lies inside the district or province it belongs to', () => {
    // Makeen is a town of South Waziristan; Barmal, a district of Paktika (no open district outline: its point).
    for (const [town, area] of [
      ['makeen', 'south-waziristan'],
      ['barmal', 'paktika'],
    ]) {
      const at = placeById.get(town)?.geometry as Point;
      const outline = placeById.get(area)?.geometry as Polygon | MultiPolygon;
      expect(booleanPointInPolygon(point(at.coordinates), outline), `${town} inside ${area}`).toBe(true);
      // A control: Kabul is in neither area, so the check can tell inside from outside.
      const kabul = placeById.get('kabul')?.geometry as Point;
      expect(booleanPointInPolygon(point(kabul.coordinates), outline)).toBe(false);
    }
  });

  test('incidents placed at a point lie within 5 km of it', () => {
    const atPoints = incidents.filter((f) => placeById.get(f.properties.place)?.geometry.type === 'Point');
    expect(atPoints.length).toBeGreaterThan(0);
    for (const f of atPoints) {
      const place = placeById.get(f.properties.place)?.geometry as Point;
      const km = distance(point(f.geometry.coordinates), point(place.coordinates), { units: 'kilometers' });
      expect(km, `${f.id} to ${f.properties.place}`).toBeLessThanOrEqual(5);
    }
  });

  test('every incident has a source with a web address, and each source names its publisher', () => {
    for (const f of incidents) {
      expect(
        f.properties.sources.some((source) => typeof source.url === 'string' && /^https:\/\//.test(source.url)),
        f.id,
      ).toBe(true);
      for (const source of f.properties.sources) {
        expect(typeof source.publisher === 'string' && source.publisher !== '', `${f.id}: ${source.title}`).toBe(true);
        if (source.published !== undefined) expect(source.published, f.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  test("every claim, and every date and place said to follow a source, names one of the incident's sources", () => {
    let claims = 0;
    for (const f of incidents) {
      const { sources, date_source, place_source } = f.properties;
      for (const claim of f.properties.claims ?? []) {
        claims++;
        expect(Number.isInteger(claim.source) && claim.source >= 0 && claim.source < sources.length, f.id).toBe(true);
        expect(claim.by.trim(), f.id).not.toBe('');
        expect(claim.value, f.id).toBeGreaterThanOrEqual(0);
      }
      for (const at of [date_source, place_source]) {
        if (at !== undefined) expect(at >= 0 && at < sources.length, f.id).toBe(true);
      }
    }
    expect(claims).toBeGreaterThanOrEqual(15);
  });

  test('fatalities is the lowest number of deaths claimed, and absent where none is', () => {
    for (const f of incidents) {
      const deaths = (f.properties.claims ?? []).filter((c) => c.what === 'deaths').map((c) => c.value);
      expect(f.properties.fatalities, f.id).toBe(deaths.length > 0 ? Math.min(...deaths) : undefined);
    }
  });

  test('the narrative order agrees with the reveal order of the dates', () => {
    const { incidents: loaded } = readDataset(incidentsJson, placesJson).dataset;
    const byOrder = [...incidents].sort((a, b) => (a.properties.order ?? 0) - (b.properties.order ?? 0));
    expect(revealOrder(loaded).map((i) => i.id)).toEqual(byOrder.map((f) => f.id));
  });
});

describe('the shipped dataset covers the required events', () => {
  test('Durrani steps down as special representative', () => {
    const f = findIncident(/Durrani/, /step(s|ped|ping)? down/i);
    expect(f.properties.date.startsWith('2024-09')).toBe(true);
  });

  test("Sadiq's return as special envoy", () => {
    findIncident(/Sadiq/, /returns?/i, /envoy/i);
  });

  test('Dar meets the Afghan acting ambassador', () => {
    findIncident(/Ishaq Dar/, /acting ambassador/i);
  });

  test('the South Waziristan attack: the night of 20 to 21 December at Makeen, 16 killed by ISPR, 35 by the TTP', () => {
    const f = findIncident(/South Waziristan/, /attack/i);
    expect(f.properties.fatalities).toBe(16);
    expect(f.properties.place).toBe('makeen');
    expect(f.properties.location_precision).toBe('town');
    expect(f.properties.category).toBe('attack');
    const parsed = parseIncidentDate(f.properties.date);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.span.start).toBeGreaterThanOrEqual(Date.UTC(2024, 11, 20));
    expect(parsed.span.end).toBeLessThan(Date.UTC(2024, 11, 22));
    const deaths = (f.properties.claims ?? []).filter((c) => c.what === 'deaths');
    expect(deaths.find((c) => c.by === 'ISPR')?.value).toBe(16);
    expect(deaths.find((c) => /TTP/.test(c.by))?.value).toBe(35);
    // The report each figure comes from names it.
    const ispr = deaths.find((c) => c.by === 'ISPR') as RawClaim;
    expect(String(f.properties.sources[ispr.source].title)).toMatch(/16/);
  });

  test('the delegation arrives in Kabul from Islamabad on 23 Dec 2024', () => {
    const f = findIncident(/delegation/i, /arrives|lands/i, /Kabul/);
    expect(f.properties.date).toBe('2024-12-23');
    expect(f.properties.place).toBe('kabul');
    expect(f.properties.origin).toBe('islamabad');
  });

  test('the meetings with Haqqani, Muttaqi and Abdul Kabir', () => {
    for (const name of [/Haqqani/, /Muttaqi/, /Abdul Kabir/]) {
      const f = findIncident(name, /meets/i);
      expect(f.properties.place).toBe('kabul');
    }
  });

  test('the Paktika airstrikes on 24 Dec 2024', () => {
    const f = findIncident(/Paktika/, /airstrikes/i);
    expect(f.properties.date).toBe('2024-12-24');
    // Barmal district: a point inside Paktika, known to the district, which its place names.
    expect(f.properties.place).toBe('barmal');
    expect(f.properties.location_precision).toBe('district');
    expect(placeById.get('barmal')?.properties.name).toMatch(/Barmal/);
    const paktika = placeById.get('paktika')?.geometry as Polygon | MultiPolygon;
    expect(booleanPointInPolygon(point(f.geometry.coordinates), paktika)).toBe(true);
    const deaths = (f.properties.claims ?? []).filter((c) => c.what === 'deaths');
    expect(deaths.find((c) => /Mujahid/.test(c.by))?.value).toBe(46);
  });

  test("Pakistan's reply about targeting terrorists", () => {
    findIncident(/Pakistan (says|answers|replies|responds)/i, /terrorists/i);
  });

  test('the Taliban condemn the strikes and summon a diplomat', () => {
    findIncident(/Taliban/, /condemn/i, /summon/i);
  });

  test('the Shehbaz Sharif statement', () => {
    const f = findIncident(/Shehbaz Sharif/, /sanctuaries/i);
    expect(f.properties.category).toBe('statement');
  });

  test("the military's statement with the year's figures", () => {
    const matches = incidents.filter((f) => ['169', '925', '383'].every((n) => f.properties.summary.includes(n)));
    expect(matches).toHaveLength(1);
    expect(matches[0].properties.title).toMatch(/military|ISPR/i);
  });
});
