import type { Geometry } from 'geojson';
import { type DataText, problemOf, say } from '../text/messages';
import { quoteCellText } from '../text/quote';
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
    const problem = (field: string, text: DataText) => problems.push(problemOf(index, field, text, true));
    if (!isObject(feature)) {
      problem('feature', say('data.place.notObject'));
      continue;
    }
    const props = isObject(own(feature, 'properties')) ? (own(feature, 'properties') as Json) : {};
    const id = own(feature, 'id');
    const geometry = own(feature, 'geometry');
    if (!nonEmptyString(id) || !ID_PATTERN.test(id)) {
      problem('id', say('data.place.badId', { max: MAX_ID_LENGTH }));
    } else if (seen.has(id)) {
      problem('id', say('data.place.usedId', { value: quoteCellText(id) }));
    } else if (!isObject(geometry) || typeof own(geometry, 'type') !== 'string') {
      problem('geometry', say('data.place.noGeometry'));
    } else {
      seen.add(id);
      const translated = readPlaceTranslations(own(props, 'translations'));
      // A fault in a translation leaves the place, and its other names, in.
      for (const p of translated.problems) problems.push(problemOf(index, p.field, p.text, false, { id }));
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
    problems.push(problemOf(-1, 'type', say('data.file.notCollection'), true));
    return [];
  }
  const features = own(input, 'features');
  if (!Array.isArray(features)) {
    problems.push(problemOf(-1, 'features', say('data.file.featuresNotList'), true));
    return [];
  }
  return features;
}
