// Incidents to GeoParquet 1.1.0, a row group at a time: hyparquet-writer's
// ParquetWriter encodes each row group as it is given and our writer hands its
// bytes on, so only one row group's rows and bytes are held. Pure.
import { ByteWriter, type ColumnSource, ParquetWriter } from 'hyparquet-writer';
import type { Incident } from '../types';
import type { ExportMeta } from './export';

// The writer's own hyparquet types: it pins a version of its own, which may differ from the app's.
type WriterOptions = ConstructorParameters<typeof ParquetWriter>[0];
type SchemaElement = NonNullable<WriterOptions['schema']>[number];
type KeyValue = NonNullable<WriterOptions['kvMetadata']>[number];

/**
 * Rows per row group. Each is encoded in one go, holding the page's thread, and its
 * rows are held until then, so a group is kept small enough not to freeze the page.
 */
export const GEOPARQUET_ROW_GROUP_ROWS = 5000;

/** Key of the file metadata that holds the dataset's name and attribution (JSON). */
export const ATLAS_PARQUET_KEY = 'incident_atlas';

const text = (name: string, optional = false): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: optional ? 'OPTIONAL' : 'REQUIRED',
});
const textList = (name: string): SchemaElement[] => [
  { name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
];
const number = (name: string): SchemaElement => ({ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' });

/** The columns, in order: our schema's fields, then the point as WKB. */
export const GEOPARQUET_COLUMNS = [
  'id',
  'title',
  'summary',
  'date',
  'order',
  'category',
  'place',
  'country',
  'location_precision',
  'actors',
  'fatalities',
  'related',
  'origin',
  'sources',
  'claims',
  'date_source',
  'place_source',
  'translations',
  'geometry',
] as const;
type Column = (typeof GEOPARQUET_COLUMNS)[number];

const SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: GEOPARQUET_COLUMNS.length },
  text('id'),
  text('title'),
  text('summary'),
  text('date'),
  // Numbers as the data holds them: whole orders and counts are exact in a double.
  number('order'),
  text('category'),
  text('place', true),
  text('country', true),
  text('location_precision'),
  ...textList('actors'),
  number('fatalities'),
  ...textList('related'),
  text('origin', true),
  // Plain BYTE_ARRAY, no GEOMETRY logical type: GeoParquet 1.1 readers older than Parquet 2.11 read it.
  { name: 'sources', type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: 'REQUIRED' },
  { name: 'claims', type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: 'OPTIONAL' },
  number('date_source'),
  number('place_source'),
  { name: 'translations', type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: 'OPTIONAL' },
  { name: 'geometry', type: 'BYTE_ARRAY', repetition_type: 'REQUIRED' },
];

const WKB_POINT_BYTES = 21;

/** A point as little-endian ISO WKB: byte order, type 1 (Point), x (longitude), y (latitude). */
export function wkbPoint(lon: number, lat: number, into: Uint8Array = new Uint8Array(WKB_POINT_BYTES)): Uint8Array {
  const view = new DataView(into.buffer, into.byteOffset, WKB_POINT_BYTES);
  view.setUint8(0, 1);
  view.setUint32(1, 1, true);
  view.setFloat64(5, lon, true);
  view.setFloat64(13, lat, true);
  return into;
}

/** The GeoParquet `geo` file metadata; `bbox` when there is at least one point. CRS omitted: OGC:CRS84. */
export function geoMetadata(bbox: readonly number[] | null): object {
  return {
    version: '1.1.0',
    primary_column: 'geometry',
    columns: {
      geometry: { encoding: 'WKB', geometry_types: ['Point'], ...(bbox ? { bbox: [...bbox] } : {}) },
    },
  };
}

const MIN_BUFFER_BYTES = 1 << 16;

/** Hands on each row group's bytes as ParquetWriter flushes them, instead of growing one buffer. */
class ChunkWriter extends ByteWriter {
  #chunks: Uint8Array<ArrayBuffer>[] = [];

  flush(): void {
    if (this.index === 0) return;
    this.#chunks.push(new Uint8Array(this.buffer, 0, this.index));
    // The next row group is likely as large as this one: room for it at once, rather than doubling up to it.
    this.buffer = new ArrayBuffer(Math.max(MIN_BUFFER_BYTES, this.index));
    this.view = new DataView(this.buffer);
    this.index = 0;
  }

  override finish(): void {
    this.flush();
  }

  take(): Uint8Array<ArrayBuffer>[] {
    const chunks = this.#chunks;
    this.#chunks = [];
    return chunks;
  }
}

/** How each column is written beyond its schema, where the defaults do not fit. */
const COLUMN_OPTIONS: Partial<Record<Column, Partial<ColumnSource>>> = {
  // Each value differs from every other: skip trying a dictionary. (Titles and sources often repeat.)
  id: { encoding: 'PLAIN' },
  summary: { encoding: 'PLAIN', statistics: false },
  // Min and max of long text or of WKB bytes help no reader (the bbox in `geo` does), and cost a fifth of the time.
  title: { statistics: false },
  sources: { statistics: false },
  claims: { statistics: false },
  translations: { statistics: false },
  geometry: { encoding: 'PLAIN', statistics: false },
};

/** One row group's columns, filled a row at a time. */
class RowGroupColumns {
  readonly #columns: Record<Column, unknown[]>;
  readonly #points: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.#columns = {} as Record<Column, unknown[]>;
    for (const name of GEOPARQUET_COLUMNS) this.#columns[name] = [];
    this.#points = new Uint8Array(capacity * WKB_POINT_BYTES);
  }

  add(incident: Incident): void {
    const c = this.#columns;
    const at = this.length * WKB_POINT_BYTES;
    c.id.push(incident.id);
    c.title.push(incident.title);
    c.summary.push(incident.summary);
    c.date.push(incident.date);
    c.order.push(incident.order ?? null);
    c.category.push(incident.category);
    c.place.push(incident.place ?? null);
    c.country.push(incident.country ?? null);
    c.location_precision.push(incident.locationPrecision);
    c.actors.push(incident.actors);
    c.fatalities.push(incident.fatalities ?? null);
    c.related.push(incident.related);
    c.origin.push(incident.origin ?? null);
    c.sources.push(incident.sources);
    c.claims.push(incident.claims ?? null);
    c.date_source.push(incident.dateSource ?? null);
    c.place_source.push(incident.placeSource ?? null);
    c.translations.push(incident.translations ?? null);
    const [lon, lat] = incident.coordinates;
    c.geometry.push(wkbPoint(lon, lat, this.#points.subarray(at, at + WKB_POINT_BYTES)));
    this.length++;
  }

  columnData(): ColumnSource[] {
    return GEOPARQUET_COLUMNS.map((name) => ({ name, data: this.#columns[name], ...COLUMN_OPTIONS[name] }));
  }
}

export interface GeoParquetOptions {
  rowGroupRows?: number;
}

/**
 * The incidents as a GeoParquet file, in chunks: the header, then one chunk per
 * row group as it fills, then the footer with the `geo` metadata (its bbox
 * known only at the end, which is where Parquet keeps metadata).
 */
export async function* geoParquetChunks(
  meta: ExportMeta,
  batches: AsyncIterable<readonly Incident[]>,
  { rowGroupRows = GEOPARQUET_ROW_GROUP_ROWS }: GeoParquetOptions = {},
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const writer = new ChunkWriter(MIN_BUFFER_BYTES);
  const kvMetadata: KeyValue[] = [];
  const parquet = new ParquetWriter({ writer, schema: SCHEMA, kvMetadata, createdBy: 'Incident Atlas' });
  const bbox = [Infinity, Infinity, -Infinity, -Infinity];
  let group = new RowGroupColumns(rowGroupRows);
  const writeGroup = () => {
    parquet.write({ columnData: group.columnData(), rowGroupSize: rowGroupRows });
    group = new RowGroupColumns(rowGroupRows);
    return writer.take();
  };
  for await (const batch of batches) {
    for (const incident of batch) {
      const [lon, lat] = incident.coordinates;
      bbox[0] = Math.min(bbox[0], lon);
      bbox[1] = Math.min(bbox[1], lat);
      bbox[2] = Math.max(bbox[2], lon);
      bbox[3] = Math.max(bbox[3], lat);
      group.add(incident);
      if (group.length === rowGroupRows) yield* writeGroup();
    }
  }
  if (group.length > 0) yield* writeGroup();
  kvMetadata.push(
    { key: 'geo', value: JSON.stringify(geoMetadata(bbox[0] <= bbox[2] ? bbox : null)) },
    {
      key: ATLAS_PARQUET_KEY,
      value: JSON.stringify({ name: meta.name, ...(meta.attribution ? { attribution: meta.attribution } : {}) }),
    },
  );
  parquet.finish();
  yield* writer.take();
}
