import type { Geometry } from 'geojson';
import { dayOf, parseIncidentDate } from '../dates/incident-date';
import { IdSet } from '../pack/id-set';
import { type DataText, encodeText, english, joinValues, problemOf, say } from '../text/messages';
import { QUOTE_CHARS, quoteCellText, quoteValueText } from '../text/quote';
import {
  type Dataset,
  type DatasetProblem,
  type DatasetReport,
  type Incident,
  LOCATION_PRECISIONS,
  type LocationPrecision,
  type Place,
  type Source,
} from '../types';
import { type ClaimsRead, keptSources, lowestDeaths, readAttribution, readClaims } from './claims';
import { ID_PATTERN, MAX_ID_LENGTH } from './ids';
import { isObject, type Json, nonEmptyString, own } from './json';
import { featuresOf, isGeometry, readPlaces } from './read-places';
import { readStory } from './story';
import { readIncidentTranslations } from './translations';

export { describeProblem, problemText } from './problem-line';
export { ID_PATTERN, MAX_ID_LENGTH, readPlaces };

/** The strings of a list: the list itself when all are (the usual case), else a new one. */
function onlyStrings(list: unknown[]): string[] {
  return list.every((item) => typeof item === 'string')
    ? (list as string[])
    : list.filter((item): item is string => typeof item === 'string');
}

/** The sources a feature gives, as the reader takes them: those with a title or a publisher. */
export function readSources(value: unknown): Source[] {
  if (!Array.isArray(value)) return [];
  const sources: Source[] = [];
  for (const item of value) {
    if (!isObject(item)) continue;
    const title = own(item, 'title');
    const publisher = own(item, 'publisher');
    if (!nonEmptyString(title) && !nonEmptyString(publisher)) continue;
    const source: Source = {
      title: nonEmptyString(title) ? title : String(publisher),
      publisher: nonEmptyString(publisher) ? publisher : '',
    };
    for (const key of ['author', 'url', 'published'] as const) {
      const v = own(item, key);
      if (nonEmptyString(v)) source[key] = v;
    }
    sources.push(source);
  }
  return sources;
}

/**
 * Reads incidents in the Incident Atlas schema one feature at a time, so a
 * large file streams through without every feature being held at once. Every
 * feature that can be placed in time and space goes to `sink`; each one that
 * cannot is reported with its index and reason, and smaller faults are reported
 * as warnings on a feature that loads. `finish` checks related ids once every
 * id is known, mending (in place) the incidents already passed to the sink.
 */
export class IncidentReader {
  readonly problems: DatasetProblem[] = [];
  private readonly placeIds: Set<string>;
  private readonly usedIds = new IdSet();
  /** Incidents that name related incidents, with their feature index. */
  readonly withRelated: RelatedCheck[] = [];
  /**
   * Ids (as given, and as renamed) of features skipped after their id was
   * checked: a reader of other blocks of the same table must not have used them
   * (see table/blocks.ts).
   */
  readonly skippedIds: string[] = [];
  /** For each id given more than once, the suffix to try first for its next repeat (a thousand repeats, not a million lookups). */
  readonly #nextSuffix = new Map<string, number>();

  constructor(
    places: readonly Place[],
    /** `index`: the feature's index in the file (a table's row index), where its record lies. */
    private readonly sink: (incident: Incident, index: number) => void,
  ) {
    this.placeIds = new Set(places.map((p) => p.id));
  }

  /** Reads feature `index`. */
  read(feature: unknown, index: number): void {
    if (!isObject(feature) || own(feature, 'type') !== 'Feature') {
      this.#report(index, 'type', say('data.feature.notFeature'), true);
      return;
    }
    const props = own(feature, 'properties');
    if (!isObject(props)) {
      this.#report(index, 'properties', say('data.feature.noProperties'), true);
      return;
    }
    const geometry = own(feature, 'geometry');
    const coordinates = isObject(geometry) && own(geometry, 'type') === 'Point' ? own(geometry, 'coordinates') : null;
    const point = Array.isArray(coordinates) && coordinates.length >= 2 && coordinates.every((c) => Number.isFinite(c));
    // A caller that placed a line or polygon at a point on it passes the original as the `shape` member.
    this.readParts(
      own(feature, 'id'),
      point ? (coordinates[0] as number) : Number.NaN,
      point ? (coordinates[1] as number) : Number.NaN,
      props,
      own(feature, 'shape'),
      index,
    );
  }

  /**
   * Reads feature `index` given as its parts: its id as given, its point (NaN
   * when it has none), its properties and its shape. A table's reader gives
   * them so, without making a Feature of each row.
   */
  readParts(rawId: unknown, lon: number, lat: number, props: Json, shape: unknown, index: number): void {
    const candidate = typeof rawId === 'number' ? String(rawId) : rawId;
    if (!nonEmptyString(candidate) || !ID_PATTERN.test(candidate)) {
      this.#report(
        index,
        'id',
        say('data.id.notSlug', { value: quoteValueText(rawId ?? null), max: MAX_ID_LENGTH }),
        true,
      );
      return;
    }
    let id: string = candidate;
    if (this.usedIds.has(id)) {
      // The lowest free suffix: ids are only ever added, so it is never below the last one given.
      let n = this.#nextSuffix.get(id) ?? 2;
      while (this.usedIds.has(`${id}-${n}`)) n++;
      this.#nextSuffix.set(id, n + 1);
      const text =
        id.length <= QUOTE_CHARS - 8
          ? say('data.id.usedRenamed', { value: quoteCellText(id), id: `"${id}-${n}"` })
          : say('data.id.usedSuffixed', { value: quoteCellText(id), suffix: `"-${n}"` });
      this.#report(index, 'id', text, false, id);
      id = `${id}-${n}`;
    }

    if (Number.isNaN(lon) || Number.isNaN(lat)) {
      this.#report(index, 'geometry', say('data.geometry.notPoint'), true, id);
      this.skipped(candidate, id);
      return;
    }
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      this.#report(index, 'geometry', say('data.geometry.outside', { point: `[${lon}, ${lat}]` }), true, id);
      this.skipped(candidate, id);
      return;
    }

    const title = own(props, 'title');
    if (!nonEmptyString(title)) {
      this.#report(index, 'title', say('data.title.missing'), true, id);
      this.skipped(candidate, id);
      return;
    }
    const date = own(props, 'date');
    const parsed = parseIncidentDate(typeof date === 'string' ? date : '');
    if (!parsed.ok) {
      this.#report(index, 'date', typeof date === 'string' ? parsed.text : say('data.date.missing'), true, id);
      this.skipped(candidate, id);
      return;
    }

    const summary = own(props, 'summary');
    if (summary !== undefined && typeof summary !== 'string')
      this.#warn(index, id, 'summary', say('data.summary.notText'));
    const category = own(props, 'category');
    if (!nonEmptyString(category)) this.#warn(index, id, 'category', say('data.category.missing'));
    const order = own(props, 'order');
    if (order !== undefined && !Number.isInteger(order)) this.#warn(index, id, 'order', say('data.order.notInteger'));
    const place = own(props, 'place');
    if (place !== undefined && !(nonEmptyString(place) && this.#knowsPlace(place))) {
      this.#warn(index, id, 'place', say('data.place.unknown', { value: quoteValueText(place) }));
    }
    const precision = own(props, 'location_precision');
    if (!LOCATION_PRECISIONS.includes(precision as LocationPrecision)) {
      this.#warn(
        index,
        id,
        'location_precision',
        say('data.precision.unknown', {
          value: quoteValueText(precision ?? null),
          list: LOCATION_PRECISIONS.join(', '),
        }),
      );
    }
    const actors = own(props, 'actors');
    if (actors !== undefined && !(Array.isArray(actors) && actors.every((a) => typeof a === 'string'))) {
      this.#warn(index, id, 'actors', say('data.actors.notList'));
    }
    const country = own(props, 'country');
    if (country !== undefined && !nonEmptyString(country))
      this.#warn(index, id, 'country', say('data.country.notName'));
    const fatalities = own(props, 'fatalities');
    const givenFatalities = typeof fatalities === 'number' && fatalities >= 0 ? fatalities : undefined;
    if (fatalities !== undefined && givenFatalities === undefined) {
      this.#warn(index, id, 'fatalities', say('data.fatalities.notNumber'));
    }
    const related = own(props, 'related');
    if (related !== undefined && !(Array.isArray(related) && related.every((r) => typeof r === 'string'))) {
      this.#warn(index, id, 'related', say('data.related.notList'));
    }
    const sources = this.#readSources(own(props, 'sources'));
    if (sources.length === 0) this.#warn(index, id, 'sources', say('data.sources.none'));
    const attributed = readAttribution(props, givenFatalities, (field, message) =>
      this.#warn(index, id, field, message),
    );
    const origin = own(props, 'origin');
    if (origin !== undefined && !(nonEmptyString(origin) && this.placeIds.has(origin))) {
      this.#warn(index, id, 'origin', say('data.origin.unknown', { value: quoteValueText(origin) }));
    }
    const translated = readIncidentTranslations(own(props, 'translations'));
    for (const problem of translated.problems) this.#warn(index, id, problem.field, problem.text);

    this.#accept(
      {
        id,
        title: title.trim(),
        summary: typeof summary === 'string' ? summary : '',
        date: (date as string).trim(),
        start: parsed.span.start,
        end: parsed.span.end,
        startDay: dayOf(parsed.span.start),
        order: Number.isInteger(order) ? (order as number) : undefined,
        category: nonEmptyString(category) ? category.trim() : 'other',
        place: nonEmptyString(place) && this.#knowsPlace(place) ? place : undefined,
        locationPrecision: LOCATION_PRECISIONS.includes(precision as LocationPrecision)
          ? (precision as LocationPrecision)
          : 'exact',
        actors: Array.isArray(actors) ? onlyStrings(actors) : [],
        fatalities: givenFatalities ?? lowestDeaths(attributed.claims),
        related: Array.isArray(related) ? onlyStrings(related) : [],
        origin: nonEmptyString(origin) && this.placeIds.has(origin) ? origin : undefined,
        sources,
        ...attributed,
        coordinates: [lon, lat],
        ...(translated.translations ? { translations: translated.translations } : {}),
      },
      nonEmptyString(country) ? country.trim() : undefined,
      isGeometry(shape) ? shape : undefined,
      index,
    );
  }

  /**
   * Reads a table row's draft (see table/layouts/) as readParts reads it, but by a
   * shorter way when nothing in it calls for a problem (most rows): its fields
   * are already of the types the schema wants, so each needs one check, not a
   * lookup and a test of its type.
   */
  readDraft(draft: IncidentDraft, index: number): void {
    const { id, lon, lat, title, date, summary, category, order, place, location_precision: precision } = draft;
    const { actors, country, fatalities, related, origin } = draft;
    const plain =
      ID_PATTERN.test(id) &&
      lon >= -180 &&
      lon <= 180 &&
      lat >= -90 &&
      lat <= 90 &&
      nonEmptyString(title) &&
      nonEmptyString(category) &&
      (order === undefined || Number.isInteger(order)) &&
      (place === undefined || (nonEmptyString(place) && this.#knowsPlace(place))) &&
      LOCATION_PRECISIONS.includes(precision as LocationPrecision) &&
      (country === undefined || nonEmptyString(country)) &&
      (fatalities === undefined || fatalities >= 0) &&
      (origin === undefined || (nonEmptyString(origin) && this.placeIds.has(origin))) &&
      !this.usedIds.has(id);
    const parsed = plain ? parseIncidentDate(date) : null;
    const sources = parsed?.ok ? this.#readSources(draft.sources) : [];
    // A layout's claims (UCDP's estimates, ACLED's fatalities) are read here too when nothing in them calls for a problem.
    const claims =
      draft.claims === undefined || sources.length === 0
        ? NO_CLAIMS
        : readClaims(draft.claims, keptSources(draft.sources));
    const lowest = lowestDeaths(claims.claims);
    if (
      !parsed?.ok ||
      sources.length === 0 ||
      claims.problems.length > 0 ||
      (fatalities !== undefined && lowest !== undefined && fatalities !== lowest) ||
      draft.date_source !== undefined ||
      draft.place_source !== undefined ||
      draft.translations !== undefined
    ) {
      this.readParts(id, lon, lat, draft as unknown as Json, undefined, index);
      return;
    }
    this.#accept(
      {
        id,
        title: title.trim(),
        summary: summary ?? '',
        date: date.trim(),
        start: parsed.span.start,
        end: parsed.span.end,
        startDay: dayOf(parsed.span.start),
        order,
        category: (category as string).trim(),
        place,
        locationPrecision: precision as LocationPrecision,
        actors: actors ?? [],
        fatalities: fatalities ?? lowest,
        related: related ?? [],
        origin,
        sources,
        ...(claims.claims ? { claims: claims.claims } : {}),
        coordinates: [lon, lat],
      },
      country?.trim(),
      undefined,
      index,
    );
  }

  /**
   * Takes an incident made as readDraft would make it of a draft in which
   * nothing calls for a problem (see Layout.plain in table/layouts/layout.ts); false, and
   * nothing taken, when its id is used already (readDraft renames it).
   */
  acceptPlain(incident: Incident, index: number): boolean {
    if (this.usedIds.has(incident.id)) return false;
    this.#accept(incident, incident.country, undefined, index);
    return true;
  }

  /** Takes a valid incident: its id is now used, and it goes to the sink. */
  #accept(incident: Incident, country: string | undefined, shape: Geometry | undefined, index: number): void {
    this.usedIds.add(incident.id);
    // Set only when present (not as undefined), as readers and exports expect.
    if (country !== undefined) incident.country = country;
    if (shape !== undefined) incident.shape = shape;
    if (incident.related.length > 0) this.withRelated.push({ incident, index });
    this.sink(incident, index);
  }

  /**
   * The sources of a feature, read again only when they are not the very list
   * the last feature gave (a table's converter gives every row the same one).
   * Features so read share one list, as nothing changes an incident's sources.
   */
  #readSources(value: unknown): Source[] {
    if (value !== this.#sourcesGiven) {
      this.#sourcesGiven = value;
      this.#sourcesRead = readSources(value);
    }
    return this.#sourcesRead;
  }
  #sourcesGiven: unknown;
  #sourcesRead: Source[] = [];

  /**
   * Whether a place is one to keep: the id of a place of places.geojson (any,
   * when there are none), or the place's name, as an imported table gives it
   * ("Mir Ali, North Waziristan"): text no id could be.
   */
  #knowsPlace(place: string): boolean {
    return this.placeIds.size === 0 || this.placeIds.has(place) || !ID_PATTERN.test(place);
  }

  // Methods, not closures made for each feature: a million features would make two million.
  #report(index: number, field: string, text: DataText, skipped: boolean, id?: string): void {
    const message = english(text);
    this.problems.push({ index, id, field, message, skipped, text: encodeText(text, message) });
  }

  #warn(index: number, id: string, field: string, text: DataText): void {
    this.#report(index, field, text, false, id);
  }

  /** The ids used so far (each incident passed to the sink, in that order). */
  get ids(): IdSet {
    return this.usedIds;
  }

  private skipped(given: string, used: string): void {
    this.skippedIds.push(given);
    if (used !== given) this.skippedIds.push(used);
  }

  /** Checks related ids (possible only once every id is known) and drops unknown ones. */
  finish(): void {
    checkRelated(this.withRelated, this.usedIds, this.problems);
  }
}

/**
 * An incident's properties as a table's layout makes them of a row (see
 * tabular.ts), with its id and point: each field of our schema, of its type
 * or left out (undefined), as readParts reads a feature's properties.
 */
export interface IncidentDraft {
  id: string;
  lat: number;
  lon: number;
  title: string;
  date: string;
  summary?: string;
  order?: number;
  category?: string;
  place?: string;
  country?: string;
  location_precision?: string;
  actors?: string[];
  fatalities?: number;
  related?: string[];
  origin?: string;
  /** As given: readParts reads what it can of any value. */
  sources?: unknown;
  /** As given (see claims.ts). */
  claims?: unknown;
  date_source?: unknown;
  place_source?: unknown;
  /** As given (see translations.ts). */
  translations?: unknown;
}

const NO_CLAIMS: ClaimsRead = { claims: undefined, problems: [] };

/** An incident that names related incidents, and its feature index. */
export interface RelatedCheck {
  incident: Incident;
  index: number;
}

/**
 * Drops, in place, the related ids that name no incident of `ids`, reporting
 * each incident that named any in `problems`.
 */
export function checkRelated(
  list: readonly RelatedCheck[],
  ids: { has(id: string): boolean },
  problems: DatasetProblem[],
): void {
  for (const { incident, index } of list) {
    const missing = incident.related.filter((r) => !ids.has(r));
    if (missing.length === 0) continue;
    const named = joinValues(missing.slice(0, 5).map(quoteCellText));
    const text =
      missing.length === 1
        ? say('data.related.unknownOne', { ids: named })
        : missing.length <= 5
          ? say('data.related.unknown', { ids: named })
          : say('data.related.unknownMore', { ids: named, more: missing.length - 5 });
    const problem = { index, id: incident.id, field: 'related', message: english(text), skipped: false };
    problems.push({ ...problem, text: encodeText(text) });
    incident.related = incident.related.filter((r) => ids.has(r));
  }
}

/** Reads a FeatureCollection of incidents in the Incident Atlas schema (see IncidentReader). */
export function readIncidents(
  input: unknown,
  places: Place[] = [],
): { incidents: Incident[]; problems: DatasetProblem[] } {
  const incidents: Incident[] = [];
  const reader = new IncidentReader(places, (incident) => incidents.push(incident));
  for (const [index, feature] of featuresOf(input, reader.problems).entries()) reader.read(feature, index);
  reader.finish();
  return { incidents, problems: reader.problems };
}

/** Reads an incidents file and, optionally, its places file into one dataset. */
export function readDataset(incidentsJson: unknown, placesJson?: unknown): DatasetReport {
  const placesRead = placesJson === undefined ? { places: [], problems: [] } : readPlaces(placesJson);
  const incidentsRead = readIncidents(incidentsJson, placesRead.places);
  const meta = isObject(incidentsJson) ? incidentsJson : {};
  const name = own(meta, 'name');
  const attribution = own(meta, 'attribution');
  const storyProblems: DatasetProblem[] = [];
  const ids = new Set(incidentsRead.incidents.map((incident) => incident.id));
  const story = readStory(own(meta, 'story'), ids, (field, text, skipped) =>
    storyProblems.push(problemOf(-1, field, text, skipped)),
  );
  const dataset: Dataset = {
    name: nonEmptyString(name) ? name : 'Incidents',
    attribution: nonEmptyString(attribution) ? attribution : undefined,
    ...(story ? { story } : {}),
    incidents: incidentsRead.incidents,
    places: placesRead.places,
  };
  return {
    dataset,
    problems: [
      ...placesRead.problems.map((p) => ({ ...p, field: `places: ${p.field}` })),
      ...storyProblems,
      ...incidentsRead.problems,
    ],
  };
}
