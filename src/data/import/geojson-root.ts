// What a GeoJSON file's top level says about it: a FeatureCollection whose own
// faults are warnings, or a file refused with the reason (not an object, a
// bare geometry, a type that is not GeoJSON, no list of features). The
// whole-text reader and the stream word these alike. Pure.
import { BUNDLE_FORMAT } from '../bundle/manifest';
import { describeValue, quoteCell } from '../text/quote';
import type { Report } from './geojson-feature';
import { GEOJSON_TYPES, structureIssues } from './geojson-structure';
import { GEOMETRY_TYPES, type Json, own } from './json';

/** Above this size (UTF-16 units) a whole-file structure check (only done for files that are not collections) is left out. */
export const WHOLE_FILE_CHECK_LIMIT = 5_000_000;

const EXPECTED = 'expected a GeoJSON FeatureCollection of incidents (Features with a date)';

/** The problem of a file whose top level is not an object (`root`: the value it holds). */
export function reportNotAnObject(root: unknown, report: Report): void {
  report(-1, 'file', `holds ${describeValue(root)}, not a GeoJSON object; ${EXPECTED}`, true);
}

/** The problem of a FeatureCollection whose `features` (`list`) is missing or not a list. */
export function reportNoFeatureList(list: unknown, report: Report): void {
  report(
    -1,
    'features',
    list === undefined
      ? 'is missing; a FeatureCollection needs a "features" list'
      : `is ${describeValue(list)}; expected a list of Features`,
    true,
  );
}

/** Faults of the collection itself (foreign members with GeoJSON names, a bad bbox): warnings, which do not stop its features. */
export function reportCollectionRules(root: Json, report: Report): void {
  const rest = Object.fromEntries(Object.entries(root).map(([k, v]) => [k, k === 'features' ? [] : v]));
  for (const issue of structureIssues(rest)) {
    report(
      -1,
      issue.field,
      issue.message.replace(/^is not valid GeoJSON: /, 'breaks a GeoJSON rule, ignored: '),
      false,
    );
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
    report(
      -1,
      'file',
      "is the manifest of an Incident Atlas bundle, which opens from a link, not from a file on this computer: its Parquet files are fetched over HTTP, from beside the manifest, a few days at a time. Put the bundle's folder on a web server (one that answers HTTP Range requests) and open the app with ?data= and the manifest's address (see docs/scale-out.md)",
      true,
    );
    return;
  }
  if (type === undefined) {
    report(-1, 'type', `is missing: this JSON object is not GeoJSON; ${EXPECTED}`, true);
  } else if (typeof type !== 'string') {
    report(-1, 'type', `is ${describeValue(type)}, not a GeoJSON type name; ${EXPECTED}`, true);
  } else if ((GEOMETRY_TYPES as readonly string[]).includes(type)) {
    report(
      -1,
      'type',
      `is ${quoteCell(type)}: the file is a bare geometry, with no properties and so no date or title; ${EXPECTED}`,
      true,
    );
  } else {
    const proper = GEOJSON_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    report(
      -1,
      'type',
      proper
        ? `${quoteCell(type)} is not a GeoJSON type (type names are case-sensitive; "${proper}" is); ${EXPECTED}`
        : `${quoteCell(type)} is not a GeoJSON type; ${EXPECTED}`,
      true,
    );
  }
  if (!checkStructure) return;
  for (const issue of structureIssues(root)) {
    if (issue.field === 'type') continue; // said above
    report(-1, issue.field, issue.message, true);
  }
}
