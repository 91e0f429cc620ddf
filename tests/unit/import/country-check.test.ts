// A row whose point lies outside the country it names is loaded and reported,
// saying when latitude and longitude look swapped; points at borders and coasts
// within the tolerance are not. Checked against real UCDP rows (and three made
// from them, see below), and against Turf's own distances as the oracle.
import { booleanPointInPolygon, destination, pointToPolygonDistance } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, test } from 'vitest';
import { BORDER_TOLERANCE_KM, CountryOutlines, fitCountry } from '../../../src/data/import/places/country-outlines';
import { REGION_OUTLINES } from '../../../src/data/import/places/region-outlines';
import { detectLayout } from '../../../src/data/import/table/detect-layout';
import { rowsToDataset } from '../../../src/data/import/table/tabular';
import { describeProblem } from '../../../src/data/import/validate';
import { parseTable, readFixture } from './helpers';

const outlines = new CountryOutlines(REGION_OUTLINES);
const outlineOf = (name: string) =>
  (JSON.parse(REGION_OUTLINES.geojson).features as Feature<Polygon | MultiPolygon, { name: string }>[]).find(
    (f) => f.properties.name === name,
  ) as Feature<Polygon | MultiPolygon>;

/**
 * ucdp-country-check.csv: header, HXL row and real records of the UCDP sample
 * (rows 3-6: Quetta; Karachi on the coast; Kherowal and Torkham, a few km
 * beyond the Natural Earth outline), then three records made from them, ids
 * 900001-900003: Karachi with latitude and longitude swapped; Quetta named in
 * Afghanistan; Karachi named in Yemen, a country with no outline.
 */
describe('a UCDP table read with the country check', () => {
  const { headers, rows } = parseTable(readFixture('ucdp-country-check.csv'));
  const report = rowsToDataset(rows, detectLayout(headers), { name: 'check.csv', outlines });
  const lines = report.problems.map(describeProblem);

  test('every row loads', () => {
    expect(report.dataset.incidents).toHaveLength(7);
  });

  test('the swapped row is named, with its values, what is wrong and what to do', () => {
    expect(lines).toContain(
      'row 7 (ucdp-900001): latitude/longitude 67.01, 24.86 is more than 25 km outside "Pakistan", the row\'s country, but inside it read the other way round: latitude and longitude look swapped; swap the two cells (loaded)',
    );
  });

  test('a point far from the country named, not swapped, is named too', () => {
    expect(lines).toContain(
      'row 8 (ucdp-900002): latitude/longitude 30.183333, 67 is more than 25 km outside "Afghanistan", the row\'s country; check the coordinates and the country (loaded)',
    );
  });

  test('nothing else: not the points a few km beyond the outline, nor the country with no outline', () => {
    expect(report.problems.map((p) => p.row)).toEqual([7, 8]);
    const pakistan = outlineOf('Pakistan');
    // The fixture does hold points beyond the outline (so the tolerance is what lets them be).
    for (const id of ['ucdp-369565', 'ucdp-57680']) {
      const incident = report.dataset.incidents.find((i) => i.id === id);
      expect(booleanPointInPolygon(incident?.coordinates ?? [0, 0], pakistan)).toBe(false);
    }
    expect(report.dataset.incidents.find((i) => i.id === 'ucdp-900003')?.country).toBe('Yemen');
  });

  test('without outlines nothing is checked', () => {
    expect(rowsToDataset(rows, detectLayout(headers), { name: 'check.csv' }).problems).toEqual([]);
  });
});

describe('fitCountry', () => {
  test('inside, by name, two-letter code or another name for it', () => {
    for (const name of ['Pakistan', 'pakistan', ' Pakistan ', 'PK', 'Islamic Republic of Pakistan']) {
      expect(fitCountry(outlines, name, 67.0, 30.18)).toBe('fits');
    }
    expect(fitCountry(outlines, 'Afghanistan', 69.17, 34.53)).toBe('fits');
    expect(fitCountry(outlines, 'Iran (Islamic Republic of)', 60.86, 29.5)).toBe('fits');
  });

  test('swapped: outside, and inside read the other way round', () => {
    expect(fitCountry(outlines, 'Pakistan', 24.86, 67.01)).toBe('swapped');
    // Read the other way round it is in Pakistan, not Afghanistan: only outside.
    expect(fitCountry(outlines, 'Afghanistan', 24.86, 67.01)).toBe('outside');
    expect(fitCountry(outlines, 'Afghanistan', 67.01, 24.86)).toBe('outside');
  });

  test('a country with no outline, or none at all, is not judged', () => {
    for (const name of ['Yemen', 'Atlantis', '', 'YE'])
      expect(fitCountry(outlines, name, 67.01, 24.86)).toBe('unknown');
  });

  test('an outline clipped to the region is judged only inside the region', () => {
    // India's outline stops at 23°N: Mumbai is not judged; Delhi is inside; Karachi is outside.
    expect(fitCountry(outlines, 'India', 72.88, 19.07)).toBe('unknown');
    expect(fitCountry(outlines, 'India', 77.21, 28.61)).toBe('fits');
    expect(fitCountry(outlines, 'India', 67.01, 24.86)).toBe('outside');
    // Iran's stops at 58°E: Kerman is not judged, Zahedan is inside.
    expect(fitCountry(outlines, 'Iran', 57.08, 30.28)).toBe('unknown');
    expect(fitCountry(outlines, 'Iran', 60.86, 29.5)).toBe('fits');
  });

  test.each(['Pakistan', 'Afghanistan'])(
    'around %s, a point fits exactly when Turf puts it inside or within the tolerance of the outline',
    (name) => {
      const outline = outlineOf(name);
      const vertices = (
        outline.geometry.type === 'Polygon' ? [outline.geometry.coordinates] : outline.geometry.coordinates
      )
        .flat(2)
        .filter((_, i) => i % 7 === 0);
      // Points up to 60 km from the outline's vertices, in every direction (a fixed sequence, not random).
      let seed = 7;
      const next = () => {
        seed = (seed * 16807) % 2147483647;
        return seed / 2147483647;
      };
      let near = 0;
      let far = 0;
      for (let n = 0; n < 150; n++) {
        const [x, y] = vertices[Math.floor(next() * vertices.length)];
        const { geometry } = destination([x, y], 60 * next(), 360 * next() - 180, { units: 'kilometers' });
        const [lon, lat] = geometry.coordinates;
        const inside = booleanPointInPolygon([lon, lat], outline);
        const km = inside ? 0 : pointToPolygonDistance([lon, lat], outline, { units: 'kilometers' });
        // Within 1 km of the tolerance either answer is right (distances here are on a flat local projection).
        if (Math.abs(km - BORDER_TOLERANCE_KM) < 1) continue;
        const fit = fitCountry(outlines, name, lon, lat);
        if (km < BORDER_TOLERANCE_KM) {
          if (km > 0) near++;
          expect({ lon, lat, km, fit }).toEqual({ lon, lat, km, fit: 'fits' });
        } else {
          far++;
          expect({ lon, lat, km, fit }).toEqual({ lon, lat, km, fit: 'outside' });
        }
      }
      // Points between the outline and the tolerance, and beyond it, were both tried.
      expect(near).toBeGreaterThan(10);
      expect(far).toBeGreaterThan(10);
    },
    60_000,
  );
});
