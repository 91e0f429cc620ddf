// Whether a point lies in the country its row names: inside or within the
// tolerance of the outline, outside, outside but swapped, or not known (no
// outline, or where it was clipped). Checked against Turf's own distances.
import { booleanPointInPolygon, destination, pointToPolygonDistance } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, test } from 'vitest';
import { BORDER_TOLERANCE_KM, CountryOutlines, fitCountry } from '../../../src/data/country-outlines';
import { REGION_OUTLINES } from '../../../src/data/region-outlines';

const outlines = new CountryOutlines(REGION_OUTLINES);
const outlineOf = (name: string) =>
  (JSON.parse(REGION_OUTLINES.geojson).features as Feature<Polygon | MultiPolygon, { name: string }>[]).find(
    (f) => f.properties.name === name,
  ) as Feature<Polygon | MultiPolygon>;

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
