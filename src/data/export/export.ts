// Incidents back to files in our schema: GeoJSON (readDataset reads it back)
// and CSV (detectLayout says 'atlas', rowsToDataset reads it back). Pure.
import type { Feature, FeatureCollection, Point } from 'geojson';
import Papa from 'papaparse';
import type { Incident } from '../types';

export interface ExportMeta {
  name: string;
  attribution?: string;
}

/** One incident as a Feature in our schema; a line or polygon is written as its point. */
export function toAtlasFeature(incident: Incident): Feature<Point> {
  const properties: Record<string, unknown> = {
    title: incident.title,
    summary: incident.summary,
    date: incident.date,
  };
  if (incident.order !== undefined) properties.order = incident.order;
  properties.category = incident.category;
  if (incident.place !== undefined) properties.place = incident.place;
  if (incident.country !== undefined) properties.country = incident.country;
  properties.location_precision = incident.locationPrecision;
  properties.actors = [...incident.actors];
  if (incident.fatalities !== undefined) properties.fatalities = incident.fatalities;
  if (incident.related.length > 0) properties.related = [...incident.related];
  if (incident.origin !== undefined) properties.origin = incident.origin;
  properties.sources = incident.sources.map((source) => ({ ...source }));
  if (incident.claims) properties.claims = incident.claims.map((claim) => ({ ...claim }));
  if (incident.dateSource !== undefined) properties.date_source = incident.dateSource;
  if (incident.placeSource !== undefined) properties.place_source = incident.placeSource;
  if (incident.translations) properties.translations = structuredClone(incident.translations);
  return {
    type: 'Feature',
    id: incident.id,
    geometry: { type: 'Point', coordinates: [incident.coordinates[0], incident.coordinates[1]] },
    properties,
  };
}

/** The incidents as a FeatureCollection in our schema; a line or polygon is written as its point. */
export function toAtlasGeoJSON(incidents: readonly Incident[], meta: ExportMeta): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    name: meta.name,
    ...(meta.attribution ? { attribution: meta.attribution } : {}),
    features: incidents.map(toAtlasFeature),
  } as FeatureCollection<Point>;
}

export const ATLAS_CSV_COLUMNS = [
  'id',
  'title',
  'summary',
  'date',
  'order',
  'category',
  'place',
  'country',
  'location_precision',
  'latitude',
  'longitude',
  'actors',
  'fatalities',
  'related',
  'sources_json',
  'claims_json',
  'date_source',
  'place_source',
  'translations_json',
  'dataset',
  'attribution',
] as const;

/**
 * A text cell a spreadsheet could take for a formula (=, +, -, @, tab or
 * carriage return first) gets a leading `'`; so does one that already starts
 * with `'` before such a character, so reading strips exactly what was added.
 */
export function protectCell(text: string): string {
  return /^'*[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One incident as the cells of a CSV row, in ATLAS_CSV_COLUMNS order. */
export function toAtlasCSVRow(incident: Incident, meta: ExportMeta): string[] {
  return [
    incident.id,
    protectCell(incident.title),
    protectCell(incident.summary),
    incident.date,
    incident.order === undefined ? '' : String(incident.order),
    protectCell(incident.category),
    protectCell(incident.place ?? ''),
    protectCell(incident.country ?? ''),
    incident.locationPrecision,
    String(incident.coordinates[1]),
    String(incident.coordinates[0]),
    protectCell(incident.actors.join('; ')),
    incident.fatalities === undefined ? '' : String(incident.fatalities),
    incident.related.join('; '),
    protectCell(JSON.stringify(incident.sources)),
    incident.claims ? protectCell(JSON.stringify(incident.claims)) : '',
    incident.dateSource === undefined ? '' : String(incident.dateSource),
    incident.placeSource === undefined ? '' : String(incident.placeSource),
    incident.translations ? protectCell(JSON.stringify(incident.translations)) : '',
    protectCell(meta.name),
    protectCell(meta.attribution ?? ''),
  ];
}

/** CSV options shared by the whole-file and the streamed export: RFC 4180 quoting only where needed, CRLF. */
export const ATLAS_CSV_UNPARSE = { newline: '\r\n', quotes: false } as const;

/** The incidents as CSV, one row per incident, with a header row; RFC 4180 quoting, CRLF line ends. */
export function toAtlasCSV(incidents: readonly Incident[], meta: ExportMeta): string {
  const data = incidents.map((incident) => toAtlasCSVRow(incident, meta));
  return Papa.unparse({ fields: [...ATLAS_CSV_COLUMNS], data }, ATLAS_CSV_UNPARSE);
}
