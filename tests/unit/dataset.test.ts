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
    expect(inAreas.length).toBeGreaterThanOrEqual(2);
    for (const f of inAreas) {
      const area = placeById.get(f.properties.place)?.geometry as Polygon | MultiPolygon;
      expect(['Polygon', 'MultiPolygon']).toContain(area.type);
      expect(booleanPointInPolygon(point(f.geometry.coordinates), area), `${f.id} inside ${f.properties.place}`).toBe(
        true,
      );
      // A control: Kabul is in neither area, so the check can tell inside from outside.
      const kabul = placeById.get('kabul')?.geometry as Point;
      expect(booleanPointInPolygon(point(kabul.coordinates), area)).toBe(false);
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

  test('the narrative order agrees with the reveal order of the dates', () => {
    const { incidents: loaded } = readDataset(incidentsJson, placesJson).dataset;
    const byOrder = [...incidents].sort((a, b) => (a.properties.order ?? 0) - (b.properties.order ?? 0));
    expect(revealOrder(loaded).map((i) => i.id)).toEqual(byOrder.map((f) => f.id));
  });
});

describe('the shipped dataset covers the required events', () => {
  test('Durrani steps down as special representative', () => {
    const f = findIncident(/Durrani/, /step(s|ping)? down/i);
    expect(f.properties.date.startsWith('2024-09')).toBe(true);
  });

  test("Sadiq's return as special envoy", () => {
    findIncident(/Sadiq/, /returns?/i, /envoy/i);
  });

  test('Dar meets the Afghan acting ambassador', () => {
    findIncident(/Ishaq Dar/, /acting ambassador/i);
  });

  test('the South Waziristan attack kills 16', () => {
    const f = findIncident(/South Waziristan/, /attack/i);
    expect(f.properties.fatalities).toBe(16);
    expect(f.properties.place).toBe('south-waziristan');
    expect(f.properties.category).toBe('attack');
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
    expect(f.properties.place).toBe('paktika');
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
