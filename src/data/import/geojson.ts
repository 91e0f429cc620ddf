// GeoJSON text to incidents: JSON syntax, then GeoJSON structure (check-geojson,
// feature by feature so each message names its feature), then our field rules
// (readIncidents). Accepts our schema and any FeatureCollection whose features
// carry a date-like property. Pure.
import { getIssues } from '@placemarkio/check-geojson';
import { pointOnFeature } from '@turf/turf';
import type { Geometry } from 'geojson';
import { describeValue, quoteCell } from '../text/quote';
import type { DatasetProblem, DatasetReport, Place } from '../types';
import { GEOMETRY_TYPES, isObject, type Json, nonEmptyString, own } from './json';
import { parseLooseDate } from './table/tabular';
import { ID_PATTERN, readIncidents } from './validate';

const GEOJSON_TYPES = [...GEOMETRY_TYPES, 'Feature', 'FeatureCollection'];

/** Above this size a whole-file structure check (only done for files that are not collections) is left out. */
const WHOLE_FILE_CHECK_LIMIT = 5_000_000;

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/**
 * The offset of the first JSON syntax error in `text`, or null when there is
 * none (or it cannot be told). JSON.parse does not always say where it failed.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const sticky = (pattern: RegExp) => {
    pattern.lastIndex = i;
    const match = pattern.exec(text);
    if (!match) return false;
    i += match[0].length;
    return true;
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return;
      }
      if (code < 0x20) fail();
      if (code === 0x5c) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail();
      } else i++;
    }
    fail();
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '"') string();
    else if (!sticky(NUMBER) && !sticky(LITERAL)) fail();
  };
  try {
    value();
    space();
    return i < text.length ? i : null;
  } catch (error) {
    return typeof error === 'number' ? error : null; // a RangeError from very deep nesting: cannot tell
  }
}

/** Says where and why JSON.parse failed, in words. */
export function describeJsonError(text: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const end = text.trimEnd().length;
  const position = /at position (\d+)/.exec(raw);
  const offset = position ? Number(position[1]) : jsonErrorOffset(text);
  // V8 quotes the text around the error ("Unexpected token ',', ..."x": [,]..." is not valid JSON"): keep the reason only.
  const reason = raw
    .replace(/^JSON\.parse: /, '')
    .replace(/ (?:in JSON )?at position \d+(?: \(line \d+ column \d+\))?/, '')
    .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '')
    .replace(/ at line \d+ column \d+ of the JSON data$/, '');
  if (offset === null) return `is not valid JSON: ${reason}`;
  const { line, column } = lineColumn(text, offset);
  if (offset >= end) {
    return `is not valid JSON: it ends at line ${line}, column ${column} before the JSON is complete (is the file cut short?)`;
  }
  const near = text.slice(offset, offset + 30);
  return `is not valid JSON: ${reason} at line ${line}, column ${column} (near ${JSON.stringify(near)})`;
}

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

interface StructureIssue {
  field: string;
  message: string;
  fatal: boolean;
}

/**
 * Runs check-geojson on one value (stringified) and groups its messages by
 * member and message, quoting the first place each was found at.
 */
function structureIssues(value: Json, prefix = ''): StructureIssue[] {
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
    const why = error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message;
    return [{ field: prefix || 'feature', message: `could not be checked (${why})`, fatal: true }];
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
  const groups = new Map<string, { field: string; message: string; at: string; count: number }>();
  for (const issue of flat) {
    let field = memberAt(ranges, issue.from) ?? 'feature';
    const message = issue.message.replace(/\.$/, '');
    const quoted =
      json.slice(issue.from, Math.min(issue.to, issue.from + 40)) + (issue.to - issue.from > 40 ? '…' : '');
    let at = `at ${quoted}`;
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
        at = `found ${describeValue(own(value, field))}`;
    } else if (quoted.startsWith('{')) {
      const type = /^\{"type":("[^"]*")/.exec(quoted)?.[1];
      at = type ? `a ${type} object` : 'an object';
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
    const where = at ? ` (${at})` : '';
    const more = count > 1 ? `, and ${count - 1} more like it` : '';
    return {
      field: prefix + field,
      message: harmless
        ? `breaks a GeoJSON rule, ignored: ${lower}${where}${more}${tooMany ? '; only longitude and latitude are used' : ''}`
        : `is not valid GeoJSON: ${lower}${where}${more}`,
      fatal: !harmless,
    };
  });
}

type Report = (index: number, field: string, message: string, skipped: boolean, id?: string) => void;

/**
 * One feature of a collection in our schema's terms, for readIncidents: its
 * structure checked, placed at a point, its date found; null (reported) when
 * it cannot be.
 */
function normalizeFeature(
  feature: Json,
  index: number,
  fileName: string,
  report: Report,
  refused: boolean,
): Json | null {
  const issues = structureIssues(feature);
  for (const issue of issues) report(index, issue.field, issue.message, issue.fatal);
  if (refused || issues.some((i) => i.fatal)) return null;

  // Ids as the file gives them, a number as its string; readIncidents skips one that is not a URL-safe slug.
  const rawId = own(feature, 'id');
  const id = typeof rawId === 'number' ? String(rawId) : nonEmptyString(rawId) ? rawId : `feature-${index}`;
  // Problems name the feature by its id only when it is one (an id can be any length of any text).
  const named = ID_PATTERN.test(id) ? id : undefined;

  const geometry = own(feature, 'geometry');
  if (!isObject(geometry)) {
    report(
      index,
      'geometry',
      'is null; an incident needs a location (a Point, or a line or area to place it on)',
      true,
      named,
    );
    return null;
  }
  let point: unknown = geometry;
  let shape: Geometry | undefined;
  if (own(geometry, 'type') !== 'Point') {
    try {
      point = pointOnFeature(geometry as unknown as Geometry).geometry;
      shape = geometry as unknown as Geometry;
    } catch {
      report(index, 'geometry', `no point could be found on this ${String(own(geometry, 'type'))}`, true, named);
      return null;
    }
  }

  const props: Json = isObject(own(feature, 'properties')) ? (own(feature, 'properties') as Json) : {};
  const date = dateOf(props);
  if ('message' in date) {
    report(index, date.field, date.message, true, named);
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

/** check-geojson's issues with the whole text; none when it cannot check it (nested too deeply). */
function checkText(text: string): ReturnType<typeof getIssues> {
  try {
    return getIssues(text);
  } catch {
    return [];
  }
}

/** The date of a feature from `date`, `event_date`, `date_start` (+ `date_end`) or `time`. */
function dateOf(props: Json): { date: unknown } | { field: string; message: string } {
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
    return { field: 'date', message: `is ${describeValue(date)}; expected an EDTF date string such as 2024-12-24` };
  }
  for (const key of ['event_date', 'date_start', 'time'] as const) {
    const value = own(props, key);
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' && typeof value !== 'number') {
      return { field: key, message: `is ${describeValue(value)}; expected a date` };
    }
    const start = parseLooseDate(typeof value === 'number' && key !== 'time' && value < 1e11 ? String(value) : value);
    if (!start.ok) return { field: key, message: start.message };
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
  return {
    field: 'date',
    message:
      'missing; expected a "date" property with an EDTF date such as 2024-12-24 (or event_date, date_start, or time in milliseconds)',
  };
}

/**
 * Reads GeoJSON text into a dataset. Never throws: text that is not JSON, not
 * GeoJSON, or not a FeatureCollection gives one file-level problem (index -1);
 * each feature that cannot be loaded is reported by index and left out.
 */
export function readGeoJSONText(text: string, options: { name: string; places?: Place[] }): DatasetReport {
  const places = options.places ?? [];
  const problems: DatasetProblem[] = [];
  const report = (index: number, field: string, message: string, skipped: boolean, id?: string) =>
    problems.push({ index, ...(id === undefined ? {} : { id }), field, message, skipped });
  const empty = (): DatasetReport => ({ dataset: { name: options.name, incidents: [], places }, problems });

  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    report(-1, 'file', 'is empty; expected a GeoJSON FeatureCollection', true);
    return empty();
  }
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    report(-1, 'file', describeJsonError(body, error), true);
    return empty();
  }

  const expected = 'expected a GeoJSON FeatureCollection of incidents (Features with a date)';
  if (!isObject(root)) {
    report(-1, 'file', `holds ${describeValue(root)}, not a GeoJSON object; ${expected}`, true);
    return empty();
  }
  const type = own(root, 'type');
  let features: unknown[];
  let single = false;
  if (type === 'FeatureCollection') {
    const list = own(root, 'features');
    if (!Array.isArray(list)) {
      report(
        -1,
        'features',
        list === undefined
          ? 'is missing; a FeatureCollection needs a "features" list'
          : `is ${describeValue(list)}; expected a list of Features`,
        true,
      );
      return empty();
    }
    features = list;
    // Faults of the collection itself (foreign members with GeoJSON names, a bad bbox) do not stop its features.
    const rest = Object.fromEntries(Object.entries(root).map(([k, v]) => [k, k === 'features' ? [] : v]));
    for (const issue of structureIssues(rest)) {
      report(
        -1,
        issue.field,
        issue.message.replace(/^is not valid GeoJSON: /, 'breaks a GeoJSON rule, ignored: '),
        false,
      );
    }
  } else if (type === 'Feature') {
    features = [root];
    single = true;
  } else {
    if (type === undefined) {
      report(-1, 'type', `is missing: this JSON object is not GeoJSON; ${expected}`, true);
    } else if (typeof type !== 'string') {
      report(-1, 'type', `is ${describeValue(type)}, not a GeoJSON type name; ${expected}`, true);
    } else if ((GEOMETRY_TYPES as readonly string[]).includes(type)) {
      report(
        -1,
        'type',
        `is ${quoteCell(type)}: the file is a bare geometry, with no properties and so no date or title; ${expected}`,
        true,
      );
    } else {
      const proper = GEOJSON_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
      report(
        -1,
        'type',
        proper
          ? `${quoteCell(type)} is not a GeoJSON type (type names are case-sensitive; "${proper}" is); ${expected}`
          : `${quoteCell(type)} is not a GeoJSON type; ${expected}`,
        true,
      );
    }
    // Say what else is wrong with it, in the structure checker's words.
    if (body.length <= WHOLE_FILE_CHECK_LIMIT) {
      for (const issue of structureIssues(root)) {
        if (issue.field === 'type') continue; // said above
        report(-1, issue.field, issue.message, true);
      }
    }
    return empty();
  }

  // A single Feature read from the text: duplicate keys only show in the text itself.
  let duplicateKeys = false;
  if (single && body.length <= WHOLE_FILE_CHECK_LIMIT) {
    for (const issue of checkText(body)) {
      if (!/duplicate/i.test(issue.message)) continue;
      report(0, 'feature', `is not valid GeoJSON: ${issue.message}`, true);
      duplicateKeys = true;
    }
  }

  const normalized: unknown[] = [];
  const indexOf: number[] = [];
  features.forEach((feature, index) => {
    if (!isObject(feature)) {
      report(index, 'feature', `is ${describeValue(feature)}; expected a GeoJSON Feature object`, true);
      return;
    }
    // Whatever one feature holds (nesting thousands deep, a geometry Turf cannot place), it skips that feature only.
    try {
      const normal = normalizeFeature(feature, index, options.name, report, duplicateKeys);
      if (normal === null) return;
      normalized.push(normal);
      indexOf.push(index);
    } catch (error) {
      const why = error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message;
      report(index, 'feature', `could not be read (${why}); skipped`, true);
    }
  });

  const read = readIncidents({ type: 'FeatureCollection', features: normalized }, places);
  for (const problem of read.problems) {
    problems.push({ ...problem, index: problem.index >= 0 ? indexOf[problem.index] : -1 });
  }
  problems.sort((a, b) => a.index - b.index);
  const name = own(root, 'name');
  const attribution = own(root, 'attribution');
  return {
    dataset: {
      name: nonEmptyString(name) ? name : options.name,
      attribution: nonEmptyString(attribution) ? attribution : undefined,
      incidents: read.incidents,
      places,
    },
    problems,
  };
}
