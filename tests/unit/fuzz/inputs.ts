// The inputs the fuzz tests give the readers: the real samples in the repository,
// and mutations of them (byte flips, truncation, NULs, byte-order marks and
// mixed line ends anywhere, shuffled, duplicated and renamed columns, huge
// cells, a unique category per row, deep JSON), all as fast-check arbitraries
// so that a failing case shrinks to a small one.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import Papa from 'papaparse';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const readText = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');
const list = (folder: string, pattern: RegExp) =>
  readdirSync(`${ROOT}${folder}`)
    .filter((file) => pattern.test(file))
    .sort()
    .map((file) => ({ name: file, text: readText(`${folder}/${file}`) }));

export interface Sample {
  name: string;
  text: string;
}

export const encode = (text: string) => new TextEncoder().encode(text);

// ---- real samples ----------------------------------------------------------------

/** The small tables of the import tests and the app's fixtures (UCDP's full sample is cut into slices, below). */
export const TABLE_SAMPLES: Sample[] = [
  ...list('tests/unit/import/fixtures', /\.(csv|tsv)$/),
  ...list('tests/fixtures', /\.csv$/).filter((s) => !s.name.startsWith('ucdp-ged')),
];

/** UCDP GED 22.1 for Pakistan: 5,568 events, CRLF records with LF inside quoted fields, an HXL row. */
export const UCDP = readText('tests/fixtures/ucdp-ged-22.1-pakistan.csv');

/** Where each record of a table starts: after a line break outside double quotes. */
export function recordStarts(text: string): number[] {
  const starts = [0];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (ch === 10 && !quoted) starts.push(i + 1);
  }
  return starts;
}
const UCDP_RECORDS = recordStarts(UCDP);

/** UCDP's header and HXL row, then `count` of its events from event `from`: its bytes as published. */
export function ucdpSlice(from: number, count: number): Sample {
  const events = UCDP_RECORDS.length - 3;
  const first = 2 + (from % events);
  const end = UCDP_RECORDS[Math.min(first + count, UCDP_RECORDS.length - 1)];
  return { name: 'ucdp-ged.csv', text: UCDP.slice(0, UCDP_RECORDS[2]) + UCDP.slice(UCDP_RECORDS[first], end) };
}

/** A real table: a small fixture, or a slice of up to 150 UCDP events (about 80 KB). */
export const tableSample: fc.Arbitrary<Sample> = fc.oneof(
  fc.constantFrom(...TABLE_SAMPLES),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 150 })).map(([from, count]) => ucdpSlice(from, count)),
);

/** Our schema (with its places), other GeoJSON fixtures, and check-geojson's good and bad cases. */
export const GEOJSON_SAMPLES: Sample[] = [
  ...list('geojson', /^incidents\.geojson$/),
  ...list('tests/fixtures', /\.geojson$/),
  ...list('tests/unit/import/fixtures/check-geojson-good', /\.geojson$/),
  ...list('tests/unit/import/fixtures/check-geojson-bad', /\.geojson$/),
];
export const PLACES = readText('geojson/places.geojson');
export const INCIDENTS = readText('geojson/incidents.geojson');
/** A real GeoJSON file: our schema's and the fixtures with dates more often than check-geojson's (which have none). */
export const geojsonSample: fc.Arbitrary<Sample> = fc.oneof(
  { arbitrary: fc.constantFrom(...GEOJSON_SAMPLES.filter((s) => /"date"/.test(s.text))), weight: 3 },
  fc.constantFrom(...GEOJSON_SAMPLES),
);

/** Every date cell and date property of the samples, as written. */
export const SAMPLE_DATES: string[] = (() => {
  const dates = new Set<string>();
  for (const { text } of [...TABLE_SAMPLES, ucdpSlice(0, 300)]) {
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' }).data;
    for (const row of rows) {
      for (const key of ['date', 'event_date', 'date_start', 'date_end', 'when', 'source_date']) {
        const value = row[key];
        if (typeof value === 'string' && value !== '') dates.add(value);
      }
    }
  }
  for (const match of INCIDENTS.matchAll(/"date": "([^"]*)"/g)) dates.add(match[1]);
  return [...dates];
})();

// ---- byte-level mutations ----------------------------------------------------------

/** Characters put anywhere: NUL, byte-order marks, every line end, quotes, separators, an undecodable byte's stand-in. */
const STRAY = ['\u0000', '\uFEFF', '\r', '\n', '\r\n', '"', ',', '\t', ';', '\u2028', '\uFFFD', '\\', '{', '['];

export type ByteEdit =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'line-ends'; ends: string[] };

export const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...STRAY), fc.string({ maxLength: 4 })),
  }),
  fc.record({
    kind: fc.constant('line-ends' as const),
    ends: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 5 }),
  }),
);

/**
 * The bytes of `text` after `edits`: characters put in and line ends changed in
 * the text, then bytes flipped (often leaving bytes that are not UTF-8) and the
 * bytes cut short at any point, a character's bytes cut in two included.
 */
export function applyByteEdits(text: string, edits: readonly ByteEdit[]): Uint8Array {
  let t = text;
  for (const edit of edits) {
    if (edit.kind === 'insert') {
      const at = edit.at % (t.length + 1);
      t = t.slice(0, at) + edit.text + t.slice(at);
    } else if (edit.kind === 'line-ends') {
      let k = 0;
      t = t.replace(/\r\n|\r|\n/g, () => edit.ends[k++ % edit.ends.length]);
    }
  }
  let bytes = encode(t);
  for (const edit of edits) {
    if (edit.kind === 'flip' && bytes.length > 0) bytes[edit.at % bytes.length] = edit.byte;
  }
  for (const edit of edits) {
    if (edit.kind === 'truncate') bytes = bytes.subarray(0, edit.at % (bytes.length + 1));
  }
  return bytes;
}

// ---- cells ------------------------------------------------------------------------

/** Things that look like dates, or nearly: the samples' own, EDTF-ish strings, digit runs, month names. */
export const dateish: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SAMPLE_DATES),
  fc.stringMatching(/^[\dXYSu~?%/.:+\-[\]{},T Z]{0,24}$/),
  fc.stringMatching(/^\d{1,14}$/),
  fc.stringMatching(/^\d{1,2}[ \-/.](Jan|feb|SEPT|December|Smarch)[ \-/.,]*\d{2,4}$/),
  fc.stringMatching(/^(Jan|february|Sept|DEC|Smarch)\.?[ -](\d{1,2}(st|nd|rd|th)?,? )?\d{4}$/),
  fc.stringMatching(/^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/),
  fc.constantFrom('', ' ', '2024-02-29', '2023-02-29', '0000', '9999-12-31', '2024-12-24/..', '../2024', '2024-13'),
);

/** Things that look like numbers, or nearly. */
export const numberish: fc.Arbitrary<string> = fc.oneof(
  fc.double().map(String),
  fc.stringMatching(/^[+-]?\d{0,3}[.,]?\d{0,16}(e[+-]?\d{1,3})?$/),
  fc.constantFrom('', 'NaN', 'Infinity', '-0', '1e308', '90.0000001', '180', '-180.5', '0x10', ' 34.5 ', '34,5'),
);

export const smallCell: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 12 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 8 }), weight: 1 },
  { arbitrary: dateish, weight: 2 },
  { arbitrary: numberish, weight: 2 },
  {
    arbitrary: fc.constantFrom(
      '#date',
      '#geo+lat',
      'exact',
      'town',
      '1',
      '2',
      '3',
      '[]',
      '[{"title":"t"}]',
      '"',
      "'=1+1",
    ),
    weight: 1,
  },
);

/**
 * Characters that end any EDTF parse where they stand (no EDTF date has them),
 * put near the start of a huge cell: a huge date is a known fault with a test of
 * its own (see tables.test.ts), which these cells must not stumble on.
 */
const NOT_EDTF = ['q', 'h', 'é', '"', ';', '#', '!'];

/** A cell of 1,000 to 100,000 characters: a short lead, a character no date has, then a pattern repeated. */
export const hugeCell: fc.Arbitrary<string> = fc
  .record({
    lead: fc.string({ maxLength: 6 }),
    marker: fc.constantFrom(...NOT_EDTF),
    body: fc.string({ minLength: 1, maxLength: 8 }),
    length: fc.integer({ min: 1_000, max: 100_000 }),
  })
  .map(({ lead, marker, body, length }) =>
    (lead + marker + body.repeat(Math.ceil(length / body.length))).slice(0, length),
  );

/** A cell of JSON nested 10,000 deep (a list of lists, or objects): what a sources_json cell could hold. */
export const deepCell: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1_000, max: 10_000 }), fc.boolean())
  .map(([depth, list]) =>
    list ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** The names that an object keyed by column name could treat otherwise. */
export const HOSTILE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'];

// ---- table-level mutations ------------------------------------------------------------

export type TableEdit =
  /** Each column k of the result is column order[k] of the table (modulo its width): shuffled, duplicated, dropped. */
  | { kind: 'columns'; order: number[] }
  /** Rows in another order, some twice, some left out (the header stays first). */
  | { kind: 'rows'; order: number[] }
  | { kind: 'cell'; row: number; column: number; text: string }
  | { kind: 'header'; column: number; name: string }
  /** Each row's category and country cells made unique to it. */
  | { kind: 'unique' };

export const tableEdit = (cell: fc.Arbitrary<string>, names: readonly string[] = HOSTILE_NAMES) =>
  fc.oneof<fc.Arbitrary<TableEdit>[]>(
    fc.record({ kind: fc.constant('columns' as const), order: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }) }),
    fc.record({ kind: fc.constant('rows' as const), order: fc.array(fc.nat(), { maxLength: 200 }) }),
    fc.record({ kind: fc.constant('cell' as const), row: fc.nat(), column: fc.nat(), text: cell }),
    fc.record({
      kind: fc.constant('header' as const),
      column: fc.nat(),
      name: fc.oneof(fc.constantFrom(...names, '', ' ', 'date', 'latitude', 'id'), fc.string({ maxLength: 6 })),
    }),
    fc.constant({ kind: 'unique' as const }),
  );

/** Columns whose cells name a category or a country in one layout or another. */
const NAMING_COLUMNS = new Set(['category', 'event_type', 'type', 'country', 'kind', 'country_name']);

/**
 * A table after `edits`, written back as papaparse writes it with the table's
 * own separator and line end (cells parsed as papaparse reads them; rows may
 * differ in length, as they did).
 */
export function applyTableEdits(text: string, edits: readonly TableEdit[]): string {
  if (edits.length === 0) return text;
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  let rows = parsed.data;
  if (rows.length === 0) return text;
  for (const edit of edits) {
    const width = Math.max(1, ...rows.map((row) => row.length));
    if (edit.kind === 'columns') rows = rows.map((row) => edit.order.map((k) => row[k % width] ?? ''));
    else if (edit.kind === 'rows' && rows.length > 1) {
      rows = [rows[0], ...edit.order.map((k) => rows[1 + (k % (rows.length - 1))])];
    } else if (edit.kind === 'cell' && rows.length > 1) {
      const row = [...rows[1 + (edit.row % (rows.length - 1))]];
      row[edit.column % Math.max(1, row.length)] = edit.text;
      rows[1 + (edit.row % (rows.length - 1))] = row;
    } else if (edit.kind === 'header') {
      const header = [...rows[0]];
      header[edit.column % Math.max(1, header.length)] = edit.name;
      rows[0] = header;
    } else if (edit.kind === 'unique') {
      const columns = rows[0].flatMap((name, k) => (NAMING_COLUMNS.has(name.trim().toLowerCase()) ? [k] : []));
      rows = rows.map((row, r) =>
        r === 0 ? row : row.map((cell, k) => (columns.includes(k) ? `${cell}-${r}` : cell)),
      );
    }
  }
  return Papa.unparse(rows, { delimiter: parsed.meta.delimiter, newline: parsed.meta.linebreak });
}

// ---- random tables ------------------------------------------------------------------

/** Column names the layouts look for (ours, UCDP's, ACLED's, the generic ones), and others. */
export const COLUMN_NAMES = [
  'id',
  'date',
  'latitude',
  'longitude',
  'location_precision',
  'title',
  'summary',
  'category',
  'country',
  'actors',
  'fatalities',
  'related',
  'sources_json',
  'order',
  'place',
  'origin',
  'dataset',
  'attribution',
  'date_start',
  'date_end',
  'date_prec',
  'where_prec',
  'type_of_violence',
  'conflict_name',
  'side_a',
  'side_b',
  'best',
  'source_article',
  'source_office',
  'source_date',
  'where_description',
  'event_id_cnty',
  'event_date',
  'event_type',
  'sub_event_type',
  'actor1',
  'actor2',
  'time_precision',
  'geo_precision',
  'notes',
  'source',
  'lat',
  'lon',
  'x',
  'y',
  'time',
  'name',
  'type',
];

/** The columns of each layout (ours, UCDP's, ACLED's, a generic table), as a header starts from. */
const LAYOUT_HEADERS = [
  ['id', 'date', 'latitude', 'longitude', 'location_precision', 'title', 'category', 'country', 'actors', 'related'],
  ['id', 'date_start', 'date_end', 'date_prec', 'latitude', 'longitude', 'where_prec', 'type_of_violence', 'country'],
  ['event_id_cnty', 'event_date', 'time_precision', 'event_type', 'actor1', 'latitude', 'longitude', 'geo_precision'],
  ['date', 'lat', 'lon', 'title', 'type', 'id'],
];

/** A header: a layout's columns, some dropped or renamed, others added. */
const randomHeader: fc.Arbitrary<string[]> = fc
  .record({
    layout: fc.constantFrom(...LAYOUT_HEADERS),
    keep: fc.array(fc.oneof({ arbitrary: fc.constant(true), weight: 8 }, fc.constant(false)), {
      minLength: 12,
      maxLength: 12,
    }),
    extra: fc.array(fc.oneof({ arbitrary: fc.constantFrom(...COLUMN_NAMES), weight: 3 }, fc.string({ maxLength: 6 })), {
      maxLength: 4,
    }),
  })
  .map(({ layout, keep, extra }) => [...layout.filter((_, k) => keep[k]), ...extra]);

/** A cell for a column of this name: mostly of the kind the column holds, now and then anything. */
function cellFor(column: string): fc.Arbitrary<string> {
  const name = column.toLowerCase();
  let kind: fc.Arbitrary<string> | null = null;
  if (/date|time/.test(name) && !/prec/.test(name)) {
    kind = fc.oneof({ arbitrary: fc.constantFrom(...SAMPLE_DATES), weight: 3 }, dateish);
  } else if (/^(lat|latitude|y)$/.test(name)) kind = fc.double({ min: -90, max: 90, noNaN: true }).map(String);
  else if (/^(lon|longitude|x)$/.test(name)) kind = fc.double({ min: -180, max: 180, noNaN: true }).map(String);
  else if (/prec/.test(name)) kind = fc.constantFrom('1', '2', '3', '4', '7', 'exact', 'town', 'bogus', '');
  else if (/id/.test(name)) kind = fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,6}$/), fc.constantFrom('a', 'a', ''));
  return kind ? fc.oneof({ arbitrary: kind, weight: 8 }, numberish, smallCell) : smallCell;
}

/** A table of random rows under a header the layouts (nearly) know, written any which way. */
export const randomTable: fc.Arbitrary<string> = fc
  .oneof({ arbitrary: randomHeader, weight: 3 }, fc.array(fc.string(), { minLength: 1, maxLength: 6 }))
  .chain((header) =>
    fc.record({
      header: fc.constant(header),
      rows: fc.array(
        fc.oneof(
          { arbitrary: fc.tuple(...header.map(cellFor)), weight: 4 },
          fc.array(smallCell, { maxLength: header.length + 2 }),
        ),
        { maxLength: 40 },
      ),
      delimiter: fc.constantFrom(',', '\t', ';', '|'),
      newline: fc.constantFrom('\n', '\r\n', '\r'),
      // Written by papaparse (quoted where needed) or joined raw (quotes and separators in cells as they fall).
      raw: fc.boolean(),
    }),
  )
  .map(({ header, rows, delimiter, newline, raw }) =>
    raw
      ? [header, ...rows].map((row) => row.join(delimiter)).join(newline)
      : Papa.unparse([header, ...rows], { delimiter, newline }),
  );

// ---- GeoJSON ----------------------------------------------------------------------

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const PROPERTY_NAMES = [
  'title',
  'name',
  'date',
  'event_date',
  'date_start',
  'date_end',
  'time',
  'summary',
  'description',
  'category',
  'type',
  'event_type',
  'location_precision',
  'sources',
  'actors',
  'related',
  'place',
  'origin',
  'order',
  'fatalities',
  'country',
  'url',
];

const coordinates: fc.Arbitrary<JsonValue> = fc.letrec<{ c: JsonValue }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fc.double({ min: -200, max: 200, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })),
    fc.array(tie('c'), { maxLength: 5 }),
    fc.constantFrom<JsonValue>(null, 'x', [1], [1, 2, 3, 4]),
  ),
})).c;

const geometry: fc.Arbitrary<JsonValue> = fc.oneof(
  {
    arbitrary: fc.record({
      type: fc.constant('Point'),
      coordinates: fc.tuple(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -90, max: 90, noNaN: true }),
      ),
    }),
    weight: 6,
  },
  fc.record({
    type: fc.constantFrom(
      'Point',
      'LineString',
      'Polygon',
      'MultiPoint',
      'MultiPolygon',
      'GeometryCollection',
      'point',
    ),
    coordinates,
  }),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
);

const propertyValue: fc.Arbitrary<JsonValue> = fc.oneof(
  dateish,
  smallCell,
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
  fc.array(fc.record({ title: smallCell, publisher: smallCell, url: fc.constantFrom('https://a.example', 'x') })),
);

/** Properties in our schema or another's, each there or not, mostly of the type the reader wants. */
const properties: fc.Arbitrary<JsonValue> = fc.record(
  {
    title: fc.oneof({ arbitrary: smallCell, weight: 4 }, propertyValue),
    date: fc.oneof({ arbitrary: fc.constantFrom(...SAMPLE_DATES), weight: 4 }, dateish, propertyValue),
    event_date: dateish,
    date_start: dateish,
    date_end: dateish,
    time: fc.oneof(fc.integer(), dateish),
    category: fc.oneof(smallCell, propertyValue),
    location_precision: fc.oneof(
      fc.constantFrom('exact', 'town', 'district', 'province', 'country', 'x'),
      propertyValue,
    ),
    sources: propertyValue,
    actors: fc.oneof(fc.array(smallCell, { maxLength: 3 }), propertyValue),
    related: fc.oneof(fc.array(fc.constantFrom('a', 'b', 'f1', ''), { maxLength: 3 }), propertyValue),
    place: propertyValue,
    origin: propertyValue,
    order: fc.oneof(fc.integer(), propertyValue),
    fatalities: fc.oneof(fc.nat(), propertyValue),
    country: propertyValue,
    name: smallCell,
  },
  { requiredKeys: [] },
);

/** A Feature, or something in its place, with the properties our reader looks at and others. */
export const randomFeature: fc.Arbitrary<JsonValue> = fc.oneof(
  {
    arbitrary: fc.record(
      {
        type: fc.oneof({ arbitrary: fc.constant('Feature'), weight: 8 }, fc.constantFrom('feature', 'Point', '')),
        id: fc.oneof(
          fc.stringMatching(/^[a-z0-9-]{1,6}$/),
          fc.string({ maxLength: 8 }),
          fc.integer(),
          fc.constant(null),
        ),
        geometry,
        properties: fc.oneof(
          { arbitrary: properties, weight: 6 },
          fc.dictionary(fc.oneof(fc.constantFrom(...PROPERTY_NAMES), fc.string({ maxLength: 5 })), propertyValue, {
            maxKeys: 8,
          }),
          fc.constant(null),
        ),
      },
      { requiredKeys: ['type', 'geometry', 'properties'] },
    ),
    weight: 8,
  },
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
);

export const randomFeatureCollection: fc.Arbitrary<string> = fc
  .record({
    type: fc.oneof(fc.constant('FeatureCollection'), fc.constantFrom('Feature', 'featurecollection', 'Point')),
    features: fc.array(randomFeature, { maxLength: 12 }),
    name: fc.option(smallCell),
    bbox: fc.option(fc.array(fc.double(), { maxLength: 6 })),
  })
  .map((value) => JSON.stringify(value));

export type JsonEdit =
  | { kind: 'features'; order: number[] }
  | { kind: 'set'; feature: number; where: 'feature' | 'properties' | 'geometry'; key: string; value: JsonValue }
  | { kind: 'unique' }
  /** A property holding `depth` nested objects (or lists). */
  | { kind: 'deep'; feature: number; key: string; depth: number; list: boolean };

export const jsonEdit = (options: { value: fc.Arbitrary<JsonValue>; maxDepth: number }) =>
  fc.oneof<fc.Arbitrary<JsonEdit>[]>(
    fc.record({ kind: fc.constant('features' as const), order: fc.array(fc.nat(), { maxLength: 60 }) }),
    fc.record({
      kind: fc.constant('set' as const),
      feature: fc.nat(),
      where: fc.constantFrom('feature' as const, 'properties' as const, 'geometry' as const),
      key: fc.oneof(
        fc.constantFrom(...PROPERTY_NAMES, ...HOSTILE_NAMES, 'type', 'id', 'geometry', 'coordinates', 'bbox'),
        fc.string({ maxLength: 5 }),
      ),
      value: options.value,
    }),
    fc.constant({ kind: 'unique' as const }),
    fc.record({
      kind: fc.constant('deep' as const),
      feature: fc.nat(),
      key: fc.constantFrom('deep', 'title', 'sources', 'actors', 'date'),
      depth: fc.integer({ min: 1, max: options.maxDepth }),
      list: fc.boolean(),
    }),
  );

const DEEP = '\u0000deep\u0000';

/**
 * GeoJSON text after `edits`, when it is a FeatureCollection or a Feature
 * (anything else is returned as it is). Keys such as `__proto__` are set as
 * the file's own keys, as JSON.parse makes them; deep values are written into
 * the text, as JSON.stringify cannot write them.
 */
export function applyJsonEdits(text: string, edits: readonly JsonEdit[]): string {
  if (edits.length === 0) return text;
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return text;
  }
  if (!isRecord(root)) return text;
  const single = root.type === 'Feature';
  let features: unknown[] = single ? [root] : Array.isArray(root.features) ? root.features : [];
  const deep: string[] = [];
  for (const edit of edits) {
    if (edit.kind === 'features') {
      if (features.length > 0 && !single)
        features = edit.order.map((k) => structuredClone(features[k % features.length]));
      continue;
    }
    if (edit.kind === 'unique') {
      features.forEach((feature, i) => {
        const props = isRecord(feature) && isRecord(feature.properties) ? feature.properties : null;
        if (props) {
          setOwn(props, 'category', `${String(props.category ?? 'category')}-${i}`);
          setOwn(props, 'country', `${String(props.country ?? 'country')}-${i}`);
        }
      });
      continue;
    }
    const feature = features.length > 0 ? features[edit.feature % features.length] : undefined;
    if (!isRecord(feature)) continue;
    const where = edit.kind === 'set' ? edit.where : 'properties';
    let target: Record<string, unknown> | null = feature;
    if (where !== 'feature') {
      if (!isRecord(feature[where])) setOwn(feature, where, {});
      target = feature[where] as Record<string, unknown>;
    }
    if (edit.kind === 'set') setOwn(target, edit.key, edit.value);
    else {
      const [open, close] = edit.list ? ['[', ']'] : ['{"a":', '}'];
      deep.push(`${open.repeat(edit.depth)}1${close.repeat(edit.depth)}`);
      setOwn(target, edit.key, `${DEEP}${deep.length - 1}`);
    }
  }
  if (!single) root.features = features;
  const json = JSON.stringify(single ? features[0] : root, null, 1);
  return json.replace(/"\\u0000deep\\u0000(\d+)"/g, (_, k: string) => deep[Number(k)]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own key, `__proto__` included (an assignment would set the prototype instead). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// ---- the file as it arrives -------------------------------------------------------------

/** Byte offsets a file arrives cut at, and the columns a person would pick if the page asked. */
export const delivery = fc.record({
  pieces: fc.array(fc.nat(), { maxLength: 5 }),
  choice: fc.array(fc.nat({ max: 40 }), { minLength: 3, maxLength: 3 }),
});

// ---- inputs for the known faults and the scaling checks -------------------------------------

/**
 * A date cell of about 100,000 characters that the edtf grammar reads on and
 * on: a year of tens of thousands of digits (`Y` then digits), or a set of
 * thousands of dates (`{2024-01-01,...}`). Each takes the edtf parser seconds
 * to minutes today.
 */
export const hugeDate: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 60_000, max: 100_000 }), fc.constantFrom('1', '9', '12'))
    .map(([length, digits]) => `Y${digits.repeat(length).slice(0, length - 1)}`),
  fc
    .tuple(fc.integer({ min: 9_000, max: 9_090 }), fc.constantFrom('2024-01-01', '1990-10-04', '2024-12'))
    .map(([count, date]) => `{${Array.from({ length: count }, () => date).join(',')}}`),
);

/**
 * A cell of 120 to 100,000 characters that messages can quote as they are: no
 * white space to fold, no quote or backslash to escape, and a first letter no
 * date starts with (so no date parser reads on into it).
 */
export const quotableCell: fc.Arbitrary<string> = fc
  .record({
    first: fc.constantFrom(...'abcdfgkmnopqrvw'),
    body: fc.stringMatching(/^[A-Za-z0-9.:/()=+-]{1,12}$/),
    length: fc.integer({ min: 120, max: 100_000 }),
  })
  .map(({ first, body, length }) => (first + body.repeat(Math.ceil(length / body.length))).slice(0, length));

/** How the ids of a table made longer are written: kept as the sample has them, made unique, or all the same. */
export type IdMode = 'as-is' | 'unique' | 'same';
/** The one id of 'same': as long as a SHA-512 in hex, as some datasets' ids are (each look-up of it costs more). */
const SAME_ID = `same-${'0123456789abcdef'.repeat(8)}`;

/** The columns the layouts read a row's place, time, id and kind from (and recognise the layout by). */
const KEY_COLUMNS = new Set(
  'id event_id_cnty date event_date date_start date_end date_prec time_precision latitude longitude lat lon location_precision where_prec geo_precision type_of_violence event_type title category country'.split(
    ' ',
  ),
);

/**
 * `count` rows made of a sample's rows in turn, under the sample's header
 * (the ids as `ids` says), with only the columns the layouts read a row's
 * id, time, place and kind from, each cell cut to 24 characters: a table of
 * real rows as long as wanted, whose rows cost little to read, to see how
 * reading time grows with their number.
 */
export function longTable(sample: Sample, count: number, ids: IdMode): string {
  const parsed = Papa.parse<string[]>(sample.text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...rows] = parsed.data;
  if (rows.length === 0) return sample.text;
  const kept = header.flatMap((name, k) => (KEY_COLUMNS.has(name.trim().toLowerCase()) ? [k] : []));
  const columns = kept.length >= 3 ? kept : header.map((_, k) => k);
  const idColumn = columns.findIndex((k) => /^(id|event_id_cnty)$/i.test(header[k].trim()));
  const made = Array.from({ length: count }, (_, i) => {
    const row = columns.map((k) => (rows[i % rows.length][k] ?? '').slice(0, 24));
    if (idColumn >= 0 && ids !== 'as-is') row[idColumn] = ids === 'same' ? SAME_ID : `r${i}`;
    return row;
  });
  const names = columns.map((k) => header[k]);
  return Papa.unparse([names, ...made], { delimiter: parsed.meta.delimiter, newline: parsed.meta.linebreak });
}

/** The small samples (a few dozen columns at most), whose rows make long tables of a reasonable size. */
export const NARROW_TABLE_SAMPLES = TABLE_SAMPLES.filter(
  (s) => s.text.split(/\r?\n/, 1)[0].split(/[,\t]/).length <= 20,
);

/**
 * A table with column `column` (modulo their number) renamed `__parsed_extra`,
 * and one row (`row` modulo their number) given `value` in it and a cell more
 * than the header has.
 */
export function withParsedExtra(text: string, column: number, row: number, value: string): string {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const rows = parsed.data;
  if (rows.length < 2) return text;
  const header = rows[0];
  const at = column % header.length;
  header[at] = '__parsed_extra';
  const r = 1 + (row % (rows.length - 1));
  rows[r] = [...header.map((_, k) => (k === at ? value : (rows[r][k] ?? ''))), 'one cell too many'];
  return Papa.unparse(rows, { delimiter: parsed.meta.delimiter, newline: parsed.meta.linebreak });
}

/** A feature with only its id, geometry, and the properties a reader places it by, strings cut to 24 characters. */
function compact(feature: unknown): unknown {
  if (!isRecord(feature)) return feature;
  const props = isRecord(feature.properties) ? feature.properties : {};
  const cut = (value: unknown) => (typeof value === 'string' ? value.slice(0, 24) : value);
  const kept = ['title', 'name', 'date', 'event_date', 'date_start', 'time', 'category', 'location_precision'];
  return {
    type: feature.type,
    id: cut(feature.id),
    geometry: feature.geometry,
    properties: Object.fromEntries(kept.filter((key) => key in props).map((key) => [key, cut(props[key])])),
  };
}

/**
 * A FeatureCollection of `count` features made of the sample's features in
 * turn (compacted; the ids as `ids` says): real features as many as wanted,
 * to see how reading time grows with their number.
 */
export function longCollection(sample: Sample, count: number, ids: IdMode): string {
  const root = JSON.parse(sample.text.replace(/^\uFEFF/, '')) as { features?: unknown[] };
  const features = (Array.isArray(root.features) ? root.features : [root]).map(compact);
  const made = Array.from({ length: count }, (_, i) => {
    const feature = features[i % features.length];
    if (!isRecord(feature) || ids === 'as-is') return feature;
    return { ...feature, id: ids === 'same' ? SAME_ID : `f${i}` };
  });
  return JSON.stringify({ type: 'FeatureCollection', features: made });
}

// ---- the regression corpus ---------------------------------------------------------------

/** The cases in tests/fixtures/fuzz-corpus whose names match, as bytes (some are not UTF-8 on purpose). */
export function corpus(pattern: RegExp): { name: string; bytes: Uint8Array }[] {
  const folder = 'tests/fixtures/fuzz-corpus';
  return readdirSync(`${ROOT}${folder}`)
    .filter((file) => pattern.test(file))
    .sort()
    .map((file) => ({ name: file, bytes: new Uint8Array(readFileSync(`${ROOT}${folder}/${file}`)) }));
}

/** Every cell of a table, as papaparse reads it: what messages may quote from. */
export function cellsOf(text: string): string[] {
  return Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' }).data.flat();
}

/** Every string of a JSON text longer than 100 characters, as written (escapes and all). */
export function longStringsOf(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.){101,})"/g)].map((match) => match[1]);
}

/** Odd values for a property or member: small ones, dates, huge strings (no date), JSON of any shape. */
export const oddValue: fc.Arbitrary<JsonValue> = fc.oneof(
  { arbitrary: smallCell, weight: 3 },
  { arbitrary: dateish, weight: 2 },
  hugeCell,
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>,
);
