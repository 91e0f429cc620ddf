// A bundle's rows packed for the page: indexed by the manifest's categories and countries (so every
// window's rows share them), short records the store decodes, and the long text left elsewhere.

import { describe, expect, test } from 'vitest';
import { bundleNames, packBundleRows } from '../../../src/data/bundle/pack-rows';
import { endOf, startOf } from '../../../src/data/dates/day-columns';
import { DAY_MS } from '../../../src/data/dates/incident-date';
import { findId } from '../../../src/data/pack/records';
import { IncidentStore } from '../../../src/data/store/incident-store';
import { twoCategoryManifest } from './outline-fixture';

const manifest = twoCategoryManifest();
const names = bundleNames(manifest);
const columns = {
  day: Int32Array.from([100, 100, 101]),
  last_day: Float64Array.from([100, Number.POSITIVE_INFINITY, 104]),
  id: ['x1', 'x2', 'x3'],
  lon: Float64Array.from([69.1, 70, 71]),
  lat: Float64Array.from([34.5, 33, 32]),
  category: ['protest', 'battle', 'riot'],
  location_precision: ['exact', 'province', 'town'],
  country: ['Pakistan', '', 'Nowhere'],
  fatalities: Float64Array.from([3, Number.NaN, 0]),
  date: ['2024-12-24', '2024-12-24/..', '2024-12-25/2024-12-28'],
  title: ['First', 'Second "quoted"', 'Third'],
};

describe('packBundleRows', () => {
  const packed = packBundleRows(columns, names, { name: 'Bundle', attribution: 'Someone' });
  const p = packed.incidents;

  test('indexes categories and countries as the manifest lists them, a name it lacks after them', () => {
    expect(p.categories).toEqual(['battle', 'protest', 'riot']);
    expect([...p.category]).toEqual([1, 0, 2]);
    expect([...p.categoryCounts]).toEqual([35, 35, 0]);
    expect(p.countries).toEqual(['Pakistan', 'Afghanistan', 'Nowhere']);
    expect([...p.country]).toEqual([1, 0, 3]);
    expect([...p.countryCounts]).toEqual([50, 20, 0]);
    expect(p.palette).toEqual(names.palette);
    expect([...p.colorGroup].slice(0, 2)).toEqual([names.groupOf[1], names.groupOf[0]]);
  });

  test('keeps days, open ends and points in reveal order', () => {
    expect([...p.days.first]).toEqual([100, 100, 101]);
    // Whole days: the first and last milliseconds follow from the day columns.
    expect(p.start.length + p.end.length).toBe(0);
    expect([0, 1, 2].map((i) => startOf(p, p.days, i))).toEqual([100 * DAY_MS, 100 * DAY_MS, 101 * DAY_MS]);
    expect(endOf(p, p.days, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(endOf(p, p.days, 2)).toBe(105 * DAY_MS - 1);
    expect([...p.days.last]).toEqual([100, 1e7, 104]);
    expect([...p.points.vague]).toEqual([0, 1, 0]);
    expect(p.latestEnd).toBe(105 * DAY_MS - 1);
    expect(findId(p, 'x3')).toBe(2);
    expect(findId(p, 'x4')).toBe(-1);
  });

  test('short records give the list and the card what they need; the long text is elsewhere', () => {
    expect(p.textElsewhere).toBe(true);
    expect(packed.name).toBe('Bundle');
    const store = new IncidentStore(p);
    expect(store.get(0)).toMatchObject({
      id: 'x1',
      title: 'First',
      date: '2024-12-24',
      country: 'Pakistan',
      fatalities: 3,
      category: 'protest',
      locationPrecision: 'exact',
      coordinates: [69.1, 34.5],
      summary: '',
      sources: [],
    });
    expect(store.get(1).title).toBe('Second "quoted"');
    expect(store.get(1).fatalities).toBeUndefined();
    expect(store.get(1).country).toBeUndefined();
    expect(store.get(2).fatalities).toBe(0);
  });

  test('no rows: an empty dataset with the same names', () => {
    const empty = packBundleRows(
      {
        day: new Int32Array(0),
        last_day: new Float64Array(0),
        lon: new Float64Array(0),
        lat: new Float64Array(0),
        fatalities: new Float64Array(0),
        id: [],
        category: [],
        location_precision: [],
        country: [],
        date: [],
        title: [],
      },
      names,
      { name: 'Bundle' },
    );
    expect(empty.incidents.count).toBe(0);
    expect(empty.incidents.categories).toEqual(['battle', 'protest']);
  });
});
