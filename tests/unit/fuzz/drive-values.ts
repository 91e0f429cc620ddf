// The readers of a single value, driven as the app drives them: a date cell
// or property, the first characters of a file, the link hash. Kept apart from
// drive.ts so that the guard's thread for them starts without loading the
// readers of whole files (GeoJSON's pulls in Turf).
import { formatIncidentDate, parseIncidentDate } from '../../../src/data/dates/incident-date';
import { sniffFormat } from '../../../src/data/import/sniff';
import { parseLooseDate } from '../../../src/data/import/table/cells';
import { parseHash } from '../../../src/url/hash';

/**
 * A cell or property read as a date, as tables, GeoJSON and the list read it:
 * the loose reading (tables), the EDTF reading (our schema), the words the
 * list shows; and whether the EDTF reader takes what the loose reader made.
 */
export function dates(text: string) {
  const loose = parseLooseDate(text);
  return {
    loose,
    looseTaken: loose.ok ? parseIncidentDate(loose.date).ok : null,
    incident: parseIncidentDate(text),
    formatted: formatIncidentDate(text),
  };
}

export function sniff({ name, head, size }: { name: string; head: string; size: number }) {
  return sniffFormat(name, head, size);
}

export function hash(text: string) {
  return parseHash(text);
}
