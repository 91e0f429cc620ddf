// One feature of a GeoJSON file in our schema's terms: its structure checked
// (check-geojson), placed at a point (Turf), its date found. The whole-text
// reader and the stream read each feature through here. Pure.
import { pointOnFeature } from '@turf/turf';
import type { Geometry } from 'geojson';
import { type DataText, say } from '../text/messages';
import { describeValueText } from '../text/quote';
import { structureIssues } from './geojson-structure';
import { isObject, type Json, nonEmptyString, own } from './json';
import { parseLooseDate } from './table/cells';
import { ID_PATTERN } from './validate';

/** Says a problem with feature `index` (-1: the file); `skipped`: it is not loaded. */
export type Report = (index: number, field: string, text: DataText, skipped: boolean, id?: string) => void;

/**
 * One feature of a collection in our schema's terms, for readIncidents: its
 * structure checked, placed at a point, its date found; null (reported) when
 * it cannot be.
 */
export function normalizeFeature(
  feature: Json,
  index: number,
  fileName: string,
  report: Report,
  refused: boolean,
): Json | null {
  const issues = structureIssues(feature);
  for (const issue of issues) report(index, issue.field, issue.text, issue.fatal);
  if (refused || issues.some((i) => i.fatal)) return null;

  // Ids as the file gives them, a number as its string; readIncidents skips one that is not a URL-safe slug.
  const rawId = own(feature, 'id');
  const id = typeof rawId === 'number' ? String(rawId) : nonEmptyString(rawId) ? rawId : `feature-${index}`;
  // Problems name the feature by its id only when it is one (an id can be any length of any text).
  const named = ID_PATTERN.test(id) ? id : undefined;

  const geometry = own(feature, 'geometry');
  if (!isObject(geometry)) {
    report(index, 'geometry', say('data.geometry.null'), true, named);
    return null;
  }
  let point: unknown = geometry;
  let shape: Geometry | undefined;
  if (own(geometry, 'type') !== 'Point') {
    try {
      point = pointOnFeature(geometry as unknown as Geometry).geometry;
      shape = geometry as unknown as Geometry;
    } catch {
      report(index, 'geometry', say('data.geometry.noPoint', { type: String(own(geometry, 'type')) }), true, named);
      return null;
    }
  }

  const props: Json = isObject(own(feature, 'properties')) ? (own(feature, 'properties') as Json) : {};
  const date = dateOf(props);
  if ('text' in date) {
    report(index, date.field, date.text, true, named);
    return null;
  }
  const ours = Object.hasOwn(props, 'sources') || Object.hasOwn(props, 'location_precision');
  const firstString = (...keys: string[]) => keys.map((k) => own(props, k)).find(nonEmptyString);
  // Our schema requires a title (readIncidents says so); other data falls back to a name or the index.
  const title = ours ? own(props, 'title') : (firstString('title', 'name') ?? `Feature ${index}`);
  const summary = own(props, 'summary') ?? (ours ? undefined : firstString('description'));
  const category = ours ? own(props, 'category') : (firstString('category', 'type', 'event_type') ?? 'other');
  const url = own(props, 'url');
  const properties: Json = ours
    ? {
        title,
        summary,
        date: date.date,
        order: own(props, 'order'),
        category,
        place: own(props, 'place'),
        country: own(props, 'country'),
        location_precision: own(props, 'location_precision'),
        actors: own(props, 'actors'),
        fatalities: own(props, 'fatalities'),
        related: own(props, 'related'),
        origin: own(props, 'origin'),
        sources: own(props, 'sources'),
        claims: own(props, 'claims'),
        date_source: own(props, 'date_source'),
        place_source: own(props, 'place_source'),
        translations: own(props, 'translations'),
      }
    : {
        title,
        summary,
        date: date.date,
        category,
        country: firstString('country', 'country_name', 'admin0'),
        location_precision: 'exact',
        actors: Array.isArray(own(props, 'actors')) ? own(props, 'actors') : undefined,
        fatalities: typeof own(props, 'fatalities') === 'number' ? own(props, 'fatalities') : undefined,
        sources: [
          {
            title: fileName,
            publisher: 'imported file',
            ...(typeof url === 'string' && /^https?:\/\//i.test(url) ? { url } : {}),
          },
        ],
      };
  for (const key of Object.keys(properties)) if (properties[key] === undefined) delete properties[key];
  return { type: 'Feature', id, geometry: point, properties, ...(shape ? { shape } : {}) };
}

/** The date of a feature from `date`, `event_date`, `date_start` (+ `date_end`) or `time`. */
function dateOf(props: Json): { date: unknown } | { field: string; text: DataText } {
  const date = own(props, 'date');
  if (date !== undefined && date !== null && date !== '') {
    if (typeof date === 'string') {
      const loose = parseLooseDate(date);
      // Our schema's own rule (EDTF) explains a bad `date` best: leave it to readIncidents.
      return { date: loose.ok ? loose.date : date };
    }
    if (typeof date === 'number' && date >= 1e11) {
      const loose = parseLooseDate(date);
      if (loose.ok) return { date: loose.date };
    }
    return { field: 'date', text: say('data.date.wrongType', { value: describeValueText(date) }) };
  }
  for (const key of ['event_date', 'date_start', 'time'] as const) {
    const value = own(props, key);
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' && typeof value !== 'number') {
      return { field: key, text: say('data.date.notDate', { value: describeValueText(value) }) };
    }
    const start = parseLooseDate(typeof value === 'number' && key !== 'time' && value < 1e11 ? String(value) : value);
    if (!start.ok) return { field: key, text: start.text };
    if (key === 'date_start') {
      const endValue = own(props, 'date_end');
      if (typeof endValue === 'string' || typeof endValue === 'number') {
        const end = parseLooseDate(endValue);
        if (end.ok && end.date !== start.date && !end.date.includes('/') && !start.date.includes('/')) {
          return { date: `${start.date}/${end.date}` };
        }
      }
    }
    return { date: start.date };
  }
  return { field: 'date', text: say('data.date.none') };
}

/**
 * Item `index` of a collection's features normalised (see normalizeFeature),
 * or null, reported, when it is not a Feature or cannot be read: whatever one
 * feature holds (nesting thousands deep, a geometry Turf cannot place), it
 * skips that feature only.
 */
export function readListedFeature(
  feature: unknown,
  index: number,
  fileName: string,
  report: Report,
  refused: boolean,
): Json | null {
  if (!isObject(feature)) {
    report(index, 'feature', say('data.feature.notObject', { value: describeValueText(feature) }), true);
    return null;
  }
  try {
    return normalizeFeature(feature, index, fileName, report, refused);
  } catch (error) {
    const why = error instanceof RangeError ? say('data.value.nestedTooDeeply') : (error as Error).message;
    report(index, 'feature', say('data.feature.unreadable', { why }), true);
    return null;
  }
}
