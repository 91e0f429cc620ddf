// A bundle's rows of some days as the page's packed dataset: the columns the map, the timeline and
// the filters read, short records (title, date, country, fatalities) for the list and the card, and
// the long text (summary, actors, place, sources) left in the bundle to be read on selection. The
// categories and countries are the manifest's, in its order, and so are their colours: the rows of
// one window and of the next share indexes, so the page's facets and legend need not be rebuilt.
// Pure.

import { datesKept, dayColumns } from '../dates/day-columns';
import { DAY_MS } from '../dates/incident-date';
import { categoryColors, colorGroups } from '../pack/category-colors';
import { idColumnOf, idTableOf } from '../pack/id-column';
import { hashId } from '../pack/id-set';
import { packedPoints } from '../pack/packed-buffers';
import type { PackedDataset, PackedIncidents } from '../pack/packed-types';
import { LOCATION_PRECISIONS, type LocationPrecision } from '../types';
import type { BundleManifest } from './manifest';
import type { BundleColumnArrays } from './read';

/** What packBundleRows needs of readDays' answer: the map columns. */
export type MapColumnArrays = Pick<
  BundleColumnArrays,
  | 'day'
  | 'last_day'
  | 'id'
  | 'lon'
  | 'lat'
  | 'category'
  | 'location_precision'
  | 'country'
  | 'fatalities'
  | 'date'
  | 'title'
>;

/** The map columns of no rows: what the page shows while the days in view are not fetched. */
export function noRows(): MapColumnArrays {
  return {
    day: new Int32Array(0),
    last_day: new Float64Array(0),
    lon: new Float64Array(0),
    lat: new Float64Array(0),
    fatalities: new Float64Array(0),
    id: [],
    category: [],
    location_precision: [],
    country: [],
    date: [],
    title: [],
  };
}

/** The names a bundle's rows are indexed by, their counts over the whole bundle, and their colours. */
export interface BundleNames {
  categories: string[];
  categoryCounts: Uint32Array;
  countries: string[];
  countryCounts: Uint32Array;
  /** The colour groups the markers and the histogram use (see PackedIncidents.palette), and each category's group. */
  palette: string[];
  groupOf: Uint8Array;
}

/** The manifest's categories and countries, most frequent first, with their counts and colours. */
export function bundleNames(manifest: BundleManifest): BundleNames {
  const categories = manifest.categories.map((c) => c.name);
  const categoryCounts = Uint32Array.from(manifest.categories, (c) => c.count);
  const { palette, groupOf } = colorGroups(categories, categoryColors(categories, categoryCounts));
  return {
    categories,
    categoryCounts,
    countries: manifest.countries.map((c) => c.name),
    countryCounts: Uint32Array.from(manifest.countries, (c) => c.count),
    palette,
    groupOf,
  };
}

const VAGUE = new Set<string>(['district', 'province', 'country']);

/** Index of `name` in `names`, added at the end when new (a row naming what the manifest does not list). */
function indexIn(index: Map<string, number>, names: string[], name: string): number {
  let i = index.get(name);
  if (i === undefined) {
    i = names.length;
    names.push(name);
    index.set(name, i);
  }
  return i;
}

/**
 * Packs rows read with the map columns (sorted by day and id, as readDays gives them: reveal order)
 * into a dataset whose long text is elsewhere (`textElsewhere`): the page reads it back through a
 * TextReader. `names` from bundleNames, the same for every pack of one bundle.
 */
export function packBundleRows(
  columns: MapColumnArrays,
  names: BundleNames,
  meta: { name: string; attribution?: string },
): PackedDataset {
  const count = columns.day.length;
  const categories = [...names.categories];
  const countries = [...names.countries];
  const categoryIndex = new Map(categories.map((name, i) => [name, i]));
  const countryIndex = new Map(countries.map((name, i) => [name, i]));

  const day = Int32Array.from(columns.day);
  const start = new Float64Array(count);
  const end = new Float64Array(count);
  const lon = Float64Array.from(columns.lon);
  const lat = Float64Array.from(columns.lat);
  const category = new Uint32Array(count);
  const country = new Uint32Array(count);
  const precision = new Uint8Array(count);
  const colorGroup = new Uint8Array(count);
  const vague = new Uint8Array(count);
  const hashes = new Int32Array(count);
  const idPieces: string[] = new Array(count);
  const idOffsets = new Uint32Array(count + 1);
  const encoder = new TextEncoder();
  const recordParts: Uint8Array[] = new Array(count);
  const recordStart = new Float64Array(count);
  const recordLength = new Uint32Array(count);
  let recordBytes = 0;
  let latestEnd = Number.NEGATIVE_INFINITY;

  for (let i = 0; i < count; i++) {
    start[i] = day[i] * DAY_MS;
    const last = columns.last_day[i];
    end[i] = last === Number.POSITIVE_INFINITY ? last : (Math.max(last, day[i]) + 1) * DAY_MS - 1;
    if (end[i] !== Number.POSITIVE_INFINITY && end[i] > latestEnd) latestEnd = end[i];
    const c = indexIn(categoryIndex, categories, columns.category[i]);
    category[i] = c;
    const place = columns.country[i];
    country[i] = place === '' ? 0 : indexIn(countryIndex, countries, place) + 1;
    const p = LOCATION_PRECISIONS.indexOf(columns.location_precision[i] as LocationPrecision);
    precision[i] = Math.max(0, p);
    vague[i] = VAGUE.has(columns.location_precision[i]) ? 1 : 0;
    // A category the manifest does not list (a bundle rewritten?) takes the palette's last colour.
    const group = c < names.groupOf.length ? names.groupOf[c] : names.palette.length - 1;
    colorGroup[i] = group;

    const id = columns.id[i];
    idPieces[i] = id;
    idOffsets[i + 1] = idOffsets[i] + id.length;
    hashes[i] = hashId(id);

    const record: Record<string, unknown> = { title: columns.title[i], date: columns.date[i] };
    if (place !== '') record.country = place;
    if (Number.isFinite(columns.fatalities[i])) record.fatalities = columns.fatalities[i];
    const bytes = encoder.encode(JSON.stringify(record));
    recordParts[i] = bytes;
    recordStart[i] = recordBytes;
    recordLength[i] = bytes.length;
    recordBytes += bytes.length;
  }
  const records = new Uint8Array(recordBytes);
  for (let i = 0; i < count; i++) records.set(recordParts[i], recordStart[i]);

  const days = dayColumns({ start, end });
  const incidents: PackedIncidents = {
    count,
    ...datesKept(start, end, days),
    lon,
    lat,
    category,
    categories,
    // Counts over the whole bundle, padded for names the manifest does not list: the legend and facets show them.
    categoryCounts: padded(names.categoryCounts, categories.length),
    countryCounts: padded(names.countryCounts, countries.length),
    palette: names.palette,
    colorGroup,
    precision,
    sourceSet: new Uint32Array(count),
    sourceSets: [],
    points: packedPoints({ lon, lat, vague }),
    ids: idColumnOf(idPieces.join(''), idOffsets),
    idTable: idTableOf(hashes),
    records,
    recordStart,
    recordLength,
    // Short records only: the whole record is the short one (see splitLongText).
    recordShort: recordLength.map((length) => length - 1),
    rowInFile: new Uint32Array(0),
    textElsewhere: true,
    special: new Uint32Array(0),
    country,
    countries,
    actorNames: [],
    actorOffsets: new Uint32Array(count + 1),
    actors: new Uint32Array(0),
    search: new Uint16Array(0),
    searchOffsets: new Uint32Array(count + 1),
    days,
    latestEnd,
  };
  return { name: meta.name, attribution: meta.attribution, places: [], incidents };
}

function padded(counts: Uint32Array, length: number): Uint32Array {
  if (counts.length >= length) return counts.slice();
  const out = new Uint32Array(length);
  out.set(counts);
  return out;
}
