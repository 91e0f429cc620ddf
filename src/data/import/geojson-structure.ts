// GeoJSON structure in check-geojson's words: its issues with one value,
// grouped by member and message, each said once with the first place it was
// found at. Pure.
import { getIssues } from '@placemarkio/check-geojson';
import { type DataText, type DataValue, english, say } from '../text/messages';
import { describeValueText } from '../text/quote';
import { GEOMETRY_TYPES, type Json, own } from './json';

export const GEOJSON_TYPES = [...GEOMETRY_TYPES, 'Feature', 'FeatureCollection'];

/** The member whose text (in `ranges`, in order) holds `offset`. */
function memberAt(ranges: readonly [number, number, string][], offset: number): string | undefined {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [from, to, key] = ranges[mid];
    if (offset < from) high = mid - 1;
    else if (offset >= to) low = mid + 1;
    else return key;
  }
  return undefined;
}

export interface StructureIssue {
  field: string;
  message: string;
  text: DataText;
  fatal: boolean;
}

const FEATURE_MEMBERS = new Set(['type', 'id', 'geometry', 'properties']);
const POINT_MEMBERS = new Set(['type', 'coordinates']);
/** Deeper properties go through the full check, which says a feature nested too deeply cannot be read. */
const PLAIN_DEPTH = 64;

/** Whether `value` nests lists and objects no more than `depth` deep. */
function shallow(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth === 0) return false;
  if (Array.isArray(value)) return value.every((item) => shallow(item, depth - 1));
  for (const key in value) if (!shallow((value as Json)[key], depth - 1)) return false;
  return true;
}

/**
 * Whether `value` is a Feature of the shape nearly every incident has, which
 * check-geojson has nothing to say about: a Point of two or three numbers, an
 * object or null for properties (not nested deeply), a string or number id
 * or none, and no other member. Checking it here spares stringifying and parsing it again, which
 * was most of a large file's reading time.
 */
export function isPlainPointFeature(value: Json): boolean {
  for (const key in value) if (!FEATURE_MEMBERS.has(key)) return false;
  if (value.type !== 'Feature' || !Object.hasOwn(value, 'properties')) return false;
  const { properties, id, geometry } = value;
  if (properties !== null && (typeof properties !== 'object' || Array.isArray(properties))) return false;
  if (!shallow(properties, PLAIN_DEPTH)) return false;
  // 1e999 reads as Infinity, which the full check (given the value written again as JSON, where it is null) refuses.
  if (id !== undefined && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) return false;
  if (typeof geometry !== 'object' || geometry === null || Array.isArray(geometry)) return false;
  for (const key in geometry) if (!POINT_MEMBERS.has(key)) return false;
  const { type, coordinates } = geometry as Json;
  if (type !== 'Point' || !Array.isArray(coordinates)) return false;
  if (coordinates.length !== 2 && coordinates.length !== 3) return false;
  return coordinates.every((n) => typeof n === 'number' && Number.isFinite(n));
}

/**
 * Runs check-geojson on one value (stringified) and groups its messages by
 * member and message, quoting the first place each was found at.
 */
export function structureIssues(value: Json, prefix = ''): StructureIssue[] {
  if (isPlainPointFeature(value)) return [];
  // Stringify member by member to know which top-level member each offset falls in.
  let json = '{';
  const ranges: [number, number, string][] = [];
  let issues: ReturnType<typeof getIssues>;
  try {
    for (const key of Object.keys(value)) {
      const member = own(value, key);
      if (member === undefined) continue;
      if (json.length > 1) json += ',';
      const start = json.length;
      json += `${JSON.stringify(key)}:${JSON.stringify(member)}`;
      ranges.push([start, json.length, key]);
    }
    json += '}';
    issues = getIssues(json);
  } catch (error) {
    // JSON.stringify and the checker recurse: thousands of nested lists or objects overflow the stack.
    const why = error instanceof RangeError ? say('data.value.nestedTooDeeply') : (error as Error).message;
    const text = say('data.structure.notChecked', { why });
    return [{ field: prefix || 'feature', message: english(text), text, fatal: true }];
  }
  // check-geojson reports some faults as a nested list inside an "Invalid JSON" message.
  const flat = issues.flatMap((issue) => {
    if (!issue.message.startsWith('Invalid JSON: [')) return [issue];
    try {
      const inner = JSON.parse(issue.message.slice('Invalid JSON: '.length)) as typeof issues;
      return Array.isArray(inner) ? inner : [issue];
    } catch {
      return [issue];
    }
  });
  const groups = new Map<string, { field: string; message: string; at: DataValue; count: number }>();
  for (const issue of flat) {
    let field = memberAt(ranges, issue.from) ?? 'feature';
    const message = issue.message.replace(/\.$/, '');
    const quoted =
      json.slice(issue.from, Math.min(issue.to, issue.from + 40)) + (issue.to - issue.from > 40 ? '…' : '');
    let at: DataValue = say('data.structure.at', { quote: quoted });
    // Faults of the whole object: name the member and say what it holds instead of quoting the object.
    if (issue.from === 0) {
      at = '';
      const required = /requires a (\w+) member/.exec(message)?.[1];
      const member = /properties member|Feature id|type member/.exec(message)?.[0];
      if (required) field = required;
      else if (member === 'properties member') field = 'properties';
      else if (member === 'Feature id') field = 'id';
      else if (member === 'type member' || /not allowed here/.test(message)) field = 'type';
      if (!required && field !== 'feature' && Object.hasOwn(value, field))
        at = say('data.structure.found', { value: describeValueText(own(value, field)) });
    } else if (quoted.startsWith('{')) {
      const type = /^\{"type":("[^"]*")/.exec(quoted)?.[1];
      at = type ? say('data.structure.typedObject', { type }) : say('data.value.anObject');
    }
    const key = `${field}\u0000${message}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { field, message, at, count: 1 });
  }
  // "requires a properties member but it is missing" and "The properties member is missing" say one thing.
  const required = new Set<string>();
  for (const group of groups.values()) {
    for (const match of group.message.matchAll(/requires a (\w+) member/g)) required.add(match[1]);
  }
  for (const [key, group] of groups) {
    const member = /^The (\w+) member is missing$/.exec(group.message)?.[1];
    if (member && required.has(member)) groups.delete(key);
  }
  return [...groups.values()].map(({ field, message, at, count }) => {
    const tooMany = /position should have 2 or 3 elements - found (\d+)/.exec(message);
    // A bbox is never read (nor is a position's third number on): a fault in one is a warning, wherever it is.
    const harmless = field === 'bbox' || /\bbbox\b/.test(message) || (tooMany !== null && Number(tooMany[1]) > 3);
    const firstWord = message.split(' ')[0];
    const lower = GEOJSON_TYPES.includes(firstWord) ? message : message.charAt(0).toLowerCase() + message.slice(1);
    // The checker's own words (in English) are the issue; ours are around them.
    const placed: DataValue = at ? say('data.structure.issueAt', { issue: lower, at }) : lower;
    const issue = count > 1 ? say('data.structure.issueMore', { issue: placed, more: String(count - 1) }) : placed;
    const text = harmless
      ? say(tooMany ? 'data.structure.ignoredPosition' : 'data.structure.ignored', { issue })
      : say('data.structure.invalid', { issue });
    return { field: prefix + field, message: english(text), text, fatal: !harmless };
  });
}

/** check-geojson's issues with the whole text; none when it cannot check it (nested too deeply). */
export function checkText(text: string): ReturnType<typeof getIssues> {
  try {
    return getIssues(text);
  } catch {
    return [];
  }
}
