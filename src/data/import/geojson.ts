// GeoJSON text to incidents: JSON syntax, then GeoJSON structure (check-geojson,
// feature by feature so each message names its feature), then our field rules
// (readIncidents). Accepts our schema and any FeatureCollection whose features
// carry a date-like property. The file whole, in memory: large files are
// streamed instead (see geojson-stream.ts), with the same rules and messages. Pure.

import { problemOf, say } from '../text/messages';
import type { DatasetProblem, DatasetReport, Place } from '../types';
import { type Report, readListedFeature } from './geojson-feature';
import { describeJsonError } from './geojson-json-error';
import {
  reportCollectionRules,
  reportNoFeatureList,
  reportNotAnObject,
  reportRefusedRoot,
  WHOLE_FILE_CHECK_LIMIT,
} from './geojson-root';
import { checkText } from './geojson-structure';
import { isObject, nonEmptyString, own } from './json';
import { readStory } from './story';
import { readIncidents } from './validate';

export { describeJsonError, jsonErrorOffset } from './geojson-json-error';

/**
 * Reads GeoJSON text into a dataset. Never throws: text that is not JSON, not
 * GeoJSON, or not a FeatureCollection gives one file-level problem (index -1);
 * each feature that cannot be loaded is reported by index and left out.
 */
export function readGeoJSONText(text: string, options: { name: string; places?: Place[] }): DatasetReport {
  const places = options.places ?? [];
  const problems: DatasetProblem[] = [];
  const report: Report = (index, field, text, skipped, id) =>
    problems.push(problemOf(index, field, text, skipped, id === undefined ? undefined : { id }));
  const empty = (): DatasetReport => ({ dataset: { name: options.name, incidents: [], places }, problems });

  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    report(-1, 'file', say('data.file.empty'), true);
    return empty();
  }
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    report(-1, 'file', describeJsonError(body, error), true);
    return empty();
  }

  if (!isObject(root)) {
    reportNotAnObject(root, report);
    return empty();
  }
  const type = own(root, 'type');
  let features: unknown[];
  let single = false;
  if (type === 'FeatureCollection') {
    const list = own(root, 'features');
    if (!Array.isArray(list)) {
      reportNoFeatureList(list, report);
      return empty();
    }
    features = list;
    reportCollectionRules(root, report);
  } else if (type === 'Feature') {
    features = [root];
    single = true;
  } else {
    reportRefusedRoot(root, report, body.length <= WHOLE_FILE_CHECK_LIMIT);
    return empty();
  }

  // A single Feature read from the text: duplicate keys only show in the text itself.
  let duplicateKeys = false;
  if (single && body.length <= WHOLE_FILE_CHECK_LIMIT) {
    for (const issue of checkText(body)) {
      if (!/duplicate/i.test(issue.message)) continue;
      report(0, 'feature', say('data.structure.invalid', { issue: issue.message }), true);
      duplicateKeys = true;
    }
  }

  const normalized: unknown[] = [];
  const indexOf: number[] = [];
  features.forEach((feature, index) => {
    const normal = readListedFeature(feature, index, options.name, report, duplicateKeys);
    if (normal === null) return;
    normalized.push(normal);
    indexOf.push(index);
  });

  const read = readIncidents({ type: 'FeatureCollection', features: normalized }, places);
  for (const problem of read.problems) {
    problems.push({ ...problem, index: problem.index >= 0 ? indexOf[problem.index] : -1 });
  }
  const ids = new Set(read.incidents.map((incident) => incident.id));
  const story = single
    ? undefined
    : readStory(own(root, 'story'), ids, (field, text, skipped) => report(-1, field, text, skipped));
  problems.sort((a, b) => a.index - b.index);
  const name = own(root, 'name');
  const attribution = own(root, 'attribution');
  return {
    dataset: {
      name: nonEmptyString(name) ? name : options.name,
      attribution: nonEmptyString(attribution) ? attribution : undefined,
      ...(story ? { story } : {}),
      incidents: read.incidents,
      places,
    },
    problems,
  };
}
