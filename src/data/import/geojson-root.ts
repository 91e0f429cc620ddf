// What a GeoJSON file's top level says about it: a FeatureCollection whose own
// faults are warnings, or a file refused with the reason (not an object, a
// bare geometry, a type that is not GeoJSON, no list of features). The
// whole-text reader and the stream word these alike. Pure.
import { BUNDLE_FORMAT } from '../bundle/manifest';
import { say } from '../text/messages';
import { describeValueText, quoteCellText } from '../text/quote';
import type { Report } from './geojson-feature';
import { GEOJSON_TYPES, structureIssues } from './geojson-structure';
import { GEOMETRY_TYPES, type Json, own } from './json';

/** Above this size (UTF-16 units) a whole-file structure check (only done for files that are not collections) is left out. */
export const WHOLE_FILE_CHECK_LIMIT = 5_000_000;

const expected = say('data.file.expected');

/** The problem of a file whose top level is not an object (`root`: the value it holds). */
export function reportNotAnObject(root: unknown, report: Report): void {
  report(-1, 'file', say('data.file.notObject', { value: describeValueText(root), expected }), true);
}

/** The problem of a FeatureCollection whose `features` (`list`) is missing or not a list. */
export function reportNoFeatureList(list: unknown, report: Report): void {
  report(
    -1,
    'features',
    list === undefined
      ? say('data.file.noFeatures')
      : say('data.file.featuresWrong', { value: describeValueText(list) }),
    true,
  );
}

/** Faults of the collection itself (foreign members with GeoJSON names, a bad bbox): warnings, which do not stop its features. */
export function reportCollectionRules(root: Json, report: Report): void {
  const rest = Object.fromEntries(Object.entries(root).map(([k, v]) => [k, k === 'features' ? [] : v]));
  for (const issue of structureIssues(rest)) {
    const text =
      issue.text.key === 'data.structure.invalid' ? say('data.structure.ignored', issue.text.values) : issue.text;
    report(-1, issue.field, text, false);
  }
}

/**
 * The problems of an object that is neither a FeatureCollection nor a Feature:
 * what its type is instead, then (with `checkStructure`; a large file is not
 * checked) what else is wrong with it, in the structure checker's words.
 */
export function reportRefusedRoot(root: Json, report: Report, checkStructure: boolean): void {
  const type = own(root, 'type');
  if (type === undefined && own(root, 'format') === BUNDLE_FORMAT) {
    // Picked from disk, a bundle's manifest has no way to reach its Parquet files: say how it opens.
    report(-1, 'file', say('data.file.bundleManifest'), true);
    return;
  }
  if (type === undefined) {
    report(-1, 'type', say('data.file.noType', { expected }), true);
  } else if (typeof type !== 'string') {
    report(-1, 'type', say('data.file.typeNotName', { value: describeValueText(type), expected }), true);
  } else if ((GEOMETRY_TYPES as readonly string[]).includes(type)) {
    report(-1, 'type', say('data.file.bareGeometry', { value: quoteCellText(type), expected }), true);
  } else {
    const proper = GEOJSON_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    report(
      -1,
      'type',
      proper
        ? say('data.file.typeCase', { value: quoteCellText(type), proper: `"${proper}"`, expected })
        : say('data.file.notType', { value: quoteCellText(type), expected }),
      true,
    );
  }
  if (!checkStructure) return;
  for (const issue of structureIssues(root)) {
    if (issue.field === 'type') continue; // said above
    report(-1, issue.field, issue.text, true);
  }
}
