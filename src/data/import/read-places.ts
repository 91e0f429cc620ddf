import type { Geometry } from 'geojson';
import { quoteCell } from '../text/quote';
import type { DatasetProblem, Place } from '../types';
import { ID_PATTERN, MAX_ID_LENGTH } from './ids';
import { GEOMETRY_TYPES, isObject, type Json, nonEmptyString, own } from './json';
import { readPlaceTranslations } from './translations';

const GEOMETRY_TYPE_SET = new Set<string>(GEOMETRY_TYPES);
export function isGeometry(value: unknown): value is Geometry {
  return isObject(value) && GEOMETRY_TYPE_SET.has(own(value, 'type') as string);
}

/** Reads a FeatureCollection of places; problems name the feature. */
export function readPlaces(input: unknown): { places: Place[]; problems: DatasetProblem[] } {
  const problems: DatasetProblem[] = [];
  const places: Place[] = [];
  const features = featuresOf(input, problems);
  const seen = new Set<string>();
  for (const [index, feature] of features.entries()) {
    const problem = (field: string, message: string) => problems.push({ index, field, message, skipped: true });
    if (!isObject(feature)) {
      problem('feature', 'is not an object');
      continue;
    }
    const props = isObject(own(feature, 'properties')) ? (own(feature, 'properties') as Json) : {};
    const id = own(feature, 'id');
    const geometry = own(feature, 'geometry');
    if (!nonEmptyString(id) || !ID_PATTERN.test(id)) {
      problem('id', `missing or not a URL-safe slug (of at most ${MAX_ID_LENGTH} characters)`);
    } else if (seen.has(id)) {
      problem('id', `${quoteCell(id)} is used by an earlier place`);
    } else if (!isObject(geometry) || typeof own(geometry, 'type') !== 'string') {
      problem('geometry', 'missing; a place needs a point or a polygon');
    } else {
      seen.add(id);
      const translated = readPlaceTranslations(own(props, 'translations'));
      // A fault in a translation leaves the place, and its other names, in.
      for (const p of translated.problems)
        problems.push({ index, id, field: p.field, message: p.message, skipped: false });
      places.push({
        id,
        name: nonEmptyString(own(props, 'name')) ? (own(props, 'name') as string) : id,
        kind: nonEmptyString(own(props, 'kind')) ? (own(props, 'kind') as string) : 'place',
        country: nonEmptyString(own(props, 'country')) ? (own(props, 'country') as string) : '',
        geometry: geometry as unknown as Place['geometry'],
        ...(translated.translations ? { translations: translated.translations } : {}),
      });
    }
  }
  return { places, problems };
}

export function featuresOf(input: unknown, problems: DatasetProblem[]): unknown[] {
  if (!isObject(input) || own(input, 'type') !== 'FeatureCollection') {
    problems.push({
      index: -1,
      field: 'type',
      message: 'the file is not a GeoJSON FeatureCollection',
      skipped: true,
    });
    return [];
  }
  const features = own(input, 'features');
  if (!Array.isArray(features)) {
    problems.push({ index: -1, field: 'features', message: 'is not an array', skipped: true });
    return [];
  }
  return features;
}
