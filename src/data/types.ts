import type { Geometry, Position } from 'geojson';

/** How well the point of an incident is known. */
export type LocationPrecision = 'exact' | 'town' | 'district' | 'province' | 'country';
export const LOCATION_PRECISIONS: readonly LocationPrecision[] = ['exact', 'town', 'district', 'province', 'country'];

export interface Source {
  title: string;
  publisher: string;
  author?: string;
  url?: string;
  published?: string;
}

/** What a claim may say of its figure besides the figure itself. */
export type ClaimQualifier = 'at least' | 'more than' | 'about';
export const CLAIM_QUALIFIERS: readonly ClaimQualifier[] = ['at least', 'more than', 'about'];

/**
 * A figure someone claims about an incident (an extension of the schema):
 * "16 deaths according to ISPR", reported by one of the incident's sources.
 */
export interface Claim {
  /** What is counted: "deaths" (all killed in the incident), "injured", "operations per day"... */
  what: string;
  value: number;
  /** The low and high ends of a range given with the figure (UCDP's estimates). */
  low?: number;
  high?: number;
  qualifier?: ClaimQualifier;
  /** Who claims it: "ISPR", "the TTP", "Zabihullah Mujahid, Taliban spokesman"... */
  by: string;
  /** Index in the incident's `sources` of the report that carries the claim. */
  source?: number;
  /** A few words more: "of one family", "critically". */
  note?: string;
}

/**
 * An incident's text in another language (an extension of the schema): any
 * of its fields, the rest shown as the dataset writes them.
 */
export interface IncidentTranslation {
  title?: string;
  summary?: string;
}

/** A place's name in another language (an extension of places.geojson). */
export interface PlaceTranslation {
  name?: string;
}

/** Translations by BCP 47 language tag ("ur", "ps", "fa-AF"), as the dataset's `translations` gives them. */
export type Translations<T> = Record<string, T>;

/** The span of time an EDTF date stands for, in UTC milliseconds. */
export interface DateSpan {
  /** First millisecond the incident may have happened in. */
  start: number;
  /** Last millisecond it may have happened in; Infinity for an open end. */
  end: number;
}

/** One incident, validated and ready for the timeline and the map. */
export interface Incident extends DateSpan {
  id: string;
  title: string;
  summary: string;
  /** The EDTF string exactly as the dataset wrote it. */
  date: string;
  /** The day the incident is revealed on, YYYY-MM-DD (start of its interval). */
  startDay: string;
  order?: number;
  category: string;
  place?: string;
  /** The country it happened in, as the data names it (filters offer it as a facet). */
  country?: string;
  locationPrecision: LocationPrecision;
  actors: string[];
  fatalities?: number;
  related: string[];
  /** Place id the incident travelled from (a journey), drawn as an arc. */
  origin?: string;
  sources: Source[];
  /** Attributed figures (absent when there are none); `fatalities` is then the lowest "deaths" figure. */
  claims?: Claim[];
  /** Index in `sources` of the report the date follows, when one is named. */
  dateSource?: number;
  /** Index in `sources` of the report the place follows, when one is named. */
  placeSource?: number;
  coordinates: Position;
  /** The original polygon or line when the incident came as one; `coordinates` is a point on it. */
  shape?: Geometry;
  /** Its title and summary in other languages (absent when there are none). */
  translations?: Translations<IncidentTranslation>;
}

export interface Place {
  id: string;
  name: string;
  kind: string;
  country: string;
  geometry: Geometry;
  /** Its name in other languages (absent when there are none). */
  translations?: Translations<PlaceTranslation>;
}

/** One thing wrong with one feature of a dataset, in words a person can act on. */
export interface DatasetProblem {
  /** Index of the feature in the file (0-based), or -1 for the file as a whole. */
  index: number;
  /** For tables: the spreadsheet row number (the header is row 1). Named instead of `index` when present. */
  row?: number;
  /** The feature's id when it has one. */
  id?: string;
  field: string;
  /** In English (the CLI, exports and tests read it); `text` has it as a message key and values. */
  message: string;
  /**
   * The message as a key of the English template table (text/message-table.ts) and its values, for the
   * page's language: a DataText as JSON (see encodeText), absent where only English is known.
   */
  text?: string;
  /** Whether the feature was left out because of it (otherwise it is a warning). */
  skipped: boolean;
}

/** The names a story step narrows the incidents to (see Story). */
export interface StoryFilter {
  categories: string[];
  countries: string[];
  actors: string[];
}

/** One step of a dataset's story (docs/story.md): what is said, and what the explorer shows for it. */
export interface StoryStep {
  title: string;
  text: string;
  /** An incident of the dataset, selected. */
  incident?: string;
  /** The slider's day (YYYY-MM-DD); else the incident's. */
  date?: string;
  /** The map's view; else the incident is brought into view. */
  view?: { center: [number, number]; zoom: number };
  filter?: StoryFilter;
  /** Window mode: this many days ending at the date. */
  window?: number;
  /** The days the time axis is zoomed to. */
  span?: [string, string];
  /** The title and text in other languages, by BCP 47 tag. */
  translations?: Translations<{ title?: string; text?: string }>;
}

/** A guided reading of a dataset: ordered steps (the dataset's top-level `story`). */
export interface Story {
  title?: string;
  /** The story's title in other languages (absent when there are none). */
  translations?: Translations<{ title?: string }>;
  steps: StoryStep[];
}

export interface Dataset {
  name: string;
  attribution?: string;
  story?: Story;
  incidents: Incident[];
  places: Place[];
}

export interface DatasetReport {
  dataset: Dataset;
  problems: DatasetProblem[];
}
