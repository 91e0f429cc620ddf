// GeoJSON bytes to incidents as they arrive, a feature at a time: each feature
// is read as readGeoJSONText reads it (same rules, same problems) and handed
// on with where its text lies in the source, then let go, so a file of any
// size is read in the memory of one feature plus what the caller keeps. Ids
// are checked across the whole file as they come; related ids at the end.
// A file that is not a FeatureCollection is read whole when small (its
// whole-file checks need the text), else told apart from its top level. Pure.
import type { RecordSpan } from '../store/byte-source';
import { problemOf, say } from '../text/messages';
import type { DatasetProblem, Incident, Place, Story } from '../types';
import { readGeoJSONText } from './geojson';
import { type Report, readListedFeature } from './geojson-feature';
import {
  reportCollectionRules,
  reportNoFeatureList,
  reportNotAnObject,
  reportRefusedRoot,
  WHOLE_FILE_CHECK_LIMIT,
} from './geojson-root';
import { type TopLevelHandler, TopLevelReader } from './geojson-top-level';
import { type Json, nonEmptyString, own } from './json';
import { readStory } from './story';
import { IncidentReader } from './validate';

/**
 * The first bytes kept to read a file whole if it turns out not to be a
 * FeatureCollection: a text of WHOLE_FILE_CHECK_LIMIT UTF-16 units (whose
 * whole-file checks readGeoJSONText makes) is at most 3 bytes a unit, after
 * two byte-order marks. A longer file is never read whole.
 */
const WHOLE_TEXT_BYTES = 3 * WHOLE_FILE_CHECK_LIMIT + 6;

export interface GeoJSONStreamOptions {
  /** The file's name: the dataset's name when the file names none, and the source of features not in our schema. */
  name: string;
  places?: Place[];
  /**
   * Each incident as soon as its feature is read, with where the feature's text
   * lies in the source (bytes) and its index among the file's features (which
   * names a feature with no id or title; see readGeoJSONSpanAt). Its related
   * ids are mended in place at `end`, once every id is known (IncidentReader.finish).
   */
  onIncident(incident: Incident, span: RecordSpan, index: number): void;
  /**
   * The incidents passed on so far are not the file's, to be forgotten: the
   * file turned out not to be JSON, or not a FeatureCollection (a `type` after
   * its `features` said otherwise). The file's own incident (a single Feature)
   * follows, if any. Called from `end`, only after incidents were passed on.
   */
  onRestart(): void;
}

/** What a GeoJSON file holds besides its incidents. */
export interface GeoJSONStreamEnd {
  name: string;
  attribution?: string;
  /** The collection's story (docs/story.md), its faults among the problems. */
  story?: Story;
  /** Every problem, in feature order, as readGeoJSONText reports them. */
  problems: DatasetProblem[];
}

/**
 * Reads a GeoJSON file fed in byte chunks (`push`, then `end`), passing each
 * incident on as it is read. Chunks are kept (not copied) until read: do not
 * change one once pushed.
 */
export class GeoJSONStream {
  readonly #options: GeoJSONStreamOptions;
  readonly #places: Place[];
  readonly #top: TopLevelReader;
  /** Which `features` list is read (1: the first; a second read of the file reads the last). */
  readonly #readList: number;
  #reader: IncidentReader;
  readonly #problems: DatasetProblem[] = [];
  readonly #report: Report = (index, field, text, skipped, id) =>
    this.#problems.push(problemOf(index, field, text, skipped, id === undefined ? undefined : { id }));
  /** The root's members as written, a `features` list as `"features":[]`, to read them as JSON.parse would. */
  readonly #members: string[] = [];
  #lists = 0;
  #passed = 0;
  #features = 0;
  #span: RecordSpan = { start: 0, length: 0 };
  #index = 0;
  /** The first bytes, while the file may yet be read whole (null: it is too long). */
  #kept: Uint8Array[] | null = [];
  #keptBytes = 0;

  constructor(options: GeoJSONStreamOptions, readList = 1) {
    this.#options = options;
    this.#places = options.places ?? [];
    this.#readList = readList;
    this.#reader = this.#incidentReader();
    const handler: TopLevelHandler = {
      streams: (key) => key === 'features',
      member: (_key, text) => this.#members.push(text),
      streamStart: (_key, keyText) => {
        this.#lists++;
        this.#members.push(`${keyText}:[]`);
      },
      item: (index, value, span) => {
        if (this.#lists !== this.#readList) return;
        this.#features++;
        const normal = readListedFeature(value, index, options.name, this.#report, false);
        if (normal === null) return;
        this.#span = span;
        this.#index = index;
        this.#reader.read(normal, index);
      },
    };
    this.#top = new TopLevelReader(handler);
  }

  /** Features read so far (loaded or not): what a load's progress counts. */
  get features(): number {
    return this.#features;
  }

  /** Whether the file is known not to be JSON and nothing more need be pushed (`end` says why). */
  get settled(): boolean {
    return this.#top.settled;
  }

  push(chunk: Uint8Array): void {
    if (this.#kept !== null) {
      this.#keptBytes += chunk.length;
      if (this.#keptBytes <= WHOLE_TEXT_BYTES) this.#kept.push(chunk);
      else this.#kept = null;
    }
    this.#top.push(chunk);
  }

  end(): GeoJSONStreamEnd {
    const { name } = this.#options;
    const top = this.#top.end();
    const refused = (): GeoJSONStreamEnd => {
      this.#restart();
      return { name, problems: this.#problems.filter((p) => p.index < 0) };
    };
    if (top.kind === 'empty') {
      this.#report(-1, 'file', say('data.file.empty'), true);
      return refused();
    }
    if (top.kind === 'invalid') {
      this.#report(-1, 'file', top.text, true);
      return refused();
    }
    if (top.kind !== 'object') {
      reportNotAnObject(top.kind === 'array' ? [] : top.value, this.#report);
      return refused();
    }
    const root = JSON.parse(`{${this.#members.join(',')}}`) as Json;
    const type = own(root, 'type');
    if (type !== 'FeatureCollection') return this.#notCollection(root, top.span);
    const list = own(root, 'features');
    if (!Array.isArray(list)) {
      reportNoFeatureList(list, this.#report);
      return refused();
    }
    if (this.#lists > 1 && this.#readList === 1) {
      // JSON.parse keeps the last of a repeated member: the first list's incidents were not the file's.
      if (this.#kept !== null) return this.#again(this.#lists);
      this.#report(-1, 'features', say('data.file.featuresTwice', { count: this.#lists }), true);
      return refused();
    }
    reportCollectionRules(root, this.#report);
    return this.#finish(root);
  }

  /** A root object that is not a FeatureCollection: a single Feature, or a file refused. */
  #notCollection(root: Json, span: RecordSpan): GeoJSONStreamEnd {
    const { name, places, onIncident } = this.#options;
    this.#restart();
    if (this.#kept !== null) {
      // Small enough to be read whole, as readGeoJSONText checks it (duplicate keys, every structure fault).
      const report = readGeoJSONText(this.#text(), { name, places });
      for (const incident of report.dataset.incidents) onIncident(incident, span, 0);
      const { attribution, story } = report.dataset;
      return {
        name: report.dataset.name,
        ...(attribution === undefined ? {} : { attribution }),
        ...(story === undefined ? {} : { story }),
        problems: report.problems,
      };
    }
    if (own(root, 'type') !== 'Feature') {
      reportRefusedRoot(root, this.#report, false);
      return { name, problems: this.#problems.filter((p) => p.index < 0) };
    }
    // A Feature too long to be read whole (readGeoJSONText would not check its text either); a
    // `features` list it holds was read an item at a time and is not kept: read here as empty.
    this.#problems.length = 0;
    this.#reader = this.#incidentReader();
    const normal = readListedFeature(root, 0, name, this.#report, false);
    this.#span = span;
    this.#index = 0;
    if (normal !== null) this.#reader.read(normal, 0);
    return this.#finish(root);
  }

  #finish(root: Json): GeoJSONStreamEnd {
    this.#reader.finish();
    const story =
      own(root, 'type') === 'FeatureCollection'
        ? readStory(own(root, 'story'), this.#reader.ids, (field, text, skipped) =>
            this.#report(-1, field, text, skipped),
          )
        : undefined;
    const problems = [...this.#problems, ...this.#reader.problems].sort((a, b) => a.index - b.index);
    const name = own(root, 'name');
    const attribution = own(root, 'attribution');
    return {
      name: nonEmptyString(name) ? name : this.#options.name,
      ...(nonEmptyString(attribution) ? { attribution } : {}),
      ...(story ? { story } : {}),
      problems,
    };
  }

  /** Reads the kept bytes again, reading list `list` of `features`. */
  #again(list: number): GeoJSONStreamEnd {
    this.#restart();
    const again = new GeoJSONStream(this.#options, list);
    for (const chunk of this.#kept as Uint8Array[]) again.push(chunk);
    return again.end();
  }

  #restart(): void {
    if (this.#passed === 0) return;
    this.#passed = 0;
    this.#options.onRestart();
  }

  #incidentReader(): IncidentReader {
    return new IncidentReader(this.#places, (incident) => {
      this.#passed++;
      this.#options.onIncident(incident, this.#span, this.#index);
    });
  }

  /** The kept bytes as the dataset worker decodes a file (a leading byte-order mark dropped). */
  #text(): string {
    const decoder = new TextDecoder();
    const kept = this.#kept as Uint8Array[];
    return kept.map((chunk, i) => decoder.decode(chunk, { stream: i < kept.length - 1 })).join('');
  }
}

/**
 * The incident of one feature read back from its bytes (a span the stream
 * gave), as the stream gave it: `index`, its place in the file's features (a
 * feature with no title or id is named by it; rowInFile once packed); `id`,
 * the id it was given (a repeated id is renamed); `ids`, the dataset's ids, to
 * drop related ids that name none of them. Null when the bytes no longer read
 * as a feature that loads (the file changed since).
 */
export function readGeoJSONSpanAt(
  bytes: Uint8Array,
  options: {
    name: string;
    index: number;
    places?: Place[];
    id?: string;
    ids?: { has(id: string): boolean };
  },
): Incident | null {
  let feature: unknown;
  try {
    feature = JSON.parse(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  } catch {
    return null;
  }
  const normal = readListedFeature(feature, options.index, options.name, () => {}, false);
  if (normal === null) return null;
  let read: Incident | null = null;
  new IncidentReader(options.places ?? [], (incident) => {
    read = incident;
  }).read(normal, options.index);
  const incident = read as Incident | null;
  if (incident === null) return null;
  if (options.id !== undefined) incident.id = options.id;
  const { ids } = options;
  if (ids && incident.related.some((id) => !ids.has(id)))
    incident.related = incident.related.filter((id) => ids.has(id));
  return incident;
}
