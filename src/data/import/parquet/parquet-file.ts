// A Parquet file opened for reading as a table: its footer read, its columns
// named as a CSV header would name them (a GeoParquet geometry standing in for
// latitude and longitude), its layout recognised, and any of its rows read back
// as text cells, a row group at a time and only the columns asked for. Pure but
// for the reads its AsyncBuffer makes.

import { type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetRead, type SchemaElement } from 'hyparquet';
import { DataError, type DataText, say } from '../../text/messages';
import { detectLayout, type LayoutGuess, normalizeHeader, safeHeader } from '../table/detect-layout';
import { columnTexts, PARQUET_PARSERS } from './cells';
import type { WkbPoint } from './wkb';

/** A Parquet file that cannot be read as a table of incidents; its message says why, naming the file. */
/** Why a Parquet file cannot be read, in words the page can translate. */
export class ParquetError extends DataError {}

/** The column points are read from: WKB (GeoParquet, or Parquet's own GEOMETRY type) or GeoArrow x/y structs. */
export interface GeometryColumn {
  name: string;
  encoding: 'wkb' | 'point';
}

/** Where a header's cells come from: a column of the file, or the longitude or latitude of its geometry. */
type CellSource = { column: string; element: SchemaElement } | { axis: 'lon' | 'lat' };

/** One row group: its first row in the file and how many rows it has. */
export interface RowGroupSpan {
  start: number;
  rows: number;
}

export interface ParquetFile {
  name: string;
  buffer: AsyncBuffer;
  metadata: FileMetaData;
  /** The columns as a table's header names them (see safeHeader), `latitude` and `longitude` when a geometry gives them. */
  headers: string[];
  /** The geometry that gives `latitude` and `longitude`, or null when the file's own columns do. */
  geometry: GeometryColumn | null;
  /** What the table was recognised as, from `headers` (see detectLayout). */
  guess: LayoutGuess;
  rowCount: number;
  groups: RowGroupSpan[];
  /** Where each header's cells come from. */
  sources: Map<string, CellSource>;
}

/** The end of the file read first for its footer (hyparquet reads 512 KB; most footers are a few KB, a larger one takes a second read). */
const FOOTER_BYTES = 64 * 1024;

/** The codecs hyparquet decompresses by itself. */
const CODECS = new Set(['UNCOMPRESSED', 'SNAPPY']);

/**
 * Reads a Parquet file's footer and recognises its layout. Throws a
 * ParquetError saying what is wrong when it is not Parquet, or when its
 * points are in another CRS than longitude and latitude.
 */
export async function openParquetFile(buffer: AsyncBuffer, name: string): Promise<ParquetFile> {
  let metadata: FileMetaData;
  try {
    // GeoParquet's metadata is read here, not by hyparquet, so that a malformed one is a message, not a failure.
    metadata = await parquetMetadataAsync(buffer, {
      parsers: PARQUET_PARSERS,
      geoparquet: false,
      initialFetchSize: FOOTER_BYTES,
    });
  } catch (error) {
    const message = (error as Error).message;
    if (/footer != PAR1|too short/.test(message)) {
      throw new ParquetError(say('data.parquet.notParquet', { name }));
    }
    throw new ParquetError(say('data.parquet.unreadable', { name, why: message }));
  }
  const top = topLevelColumns(metadata);
  const geometry = findGeometry(metadata, top, name);
  const sources = new Map<string, CellSource>();
  const headers: string[] = [];
  for (const [index, element] of top.entries()) {
    if (element.name === geometry?.name) continue;
    const header = safeHeader(element.name, index);
    if (header === '' || sources.has(header)) continue;
    headers.push(header);
    sources.set(header, { column: element.name, element });
  }
  let guess = detectLayout(headers);
  const found = guess.mapping !== null && guess.mapping.lat !== '' && guess.mapping.lon !== '';
  if (geometry !== null && !found && !headers.some((h) => ['latitude', 'longitude'].includes(normalizeHeader(h)))) {
    headers.push('latitude', 'longitude');
    sources.set('latitude', { axis: 'lat' });
    sources.set('longitude', { axis: 'lon' });
    guess = detectLayout(headers);
  }
  const groups: RowGroupSpan[] = [];
  let start = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    groups.push({ start, rows });
    start += rows;
  }
  return {
    name,
    buffer,
    metadata,
    headers,
    geometry: isAxis(sources) ? geometry : null,
    guess,
    rowCount: start,
    groups,
    sources,
  };
}

function isAxis(sources: Map<string, CellSource>): boolean {
  const source = sources.get('latitude');
  return source !== undefined && 'axis' in source;
}

/** The file's top-level columns (a struct or list is one column). */
function topLevelColumns(metadata: FileMetaData): SchemaElement[] {
  const columns: SchemaElement[] = [];
  const schema = metadata.schema;
  for (let i = 1; i < schema.length; i++) {
    columns.push(schema[i]);
    // Skips the element's children, and theirs.
    let pending = schema[i].num_children ?? 0;
    while (pending > 0) {
      i++;
      pending += (schema[i].num_children ?? 0) - 1;
    }
  }
  return columns;
}

/** Names GeoParquet and GeoPandas give a WKB column when no metadata says which it is. */
const WKB_NAMES = ['geometry', 'geom', 'wkb_geometry', 'the_geom', 'wkb'];

/**
 * The column points come from: GeoParquet's primary column (its `geo` metadata),
 * else a column of Parquet's GEOMETRY or GEOGRAPHY type, else an unannotated
 * binary column named like one. Marks a WKB column's type so that hyparquet
 * hands its values to PARQUET_PARSERS.
 */
function findGeometry(metadata: FileMetaData, top: SchemaElement[], name: string): GeometryColumn | null {
  const refuse = (crs: string) =>
    new ParquetError(say('data.parquet.crs', { name, crs: crs.replace(/^the CRS /, '') }));
  const geo = geoMetadata(metadata);
  const primary = geo === null ? undefined : top.find((element) => element.name === geo.primary);
  if (geo !== null && primary !== undefined) {
    const problem = crsProblem(geo.crs);
    if (problem !== null) throw refuse(problem);
    if (geo.encoding === 'point') return { name: primary.name, encoding: 'point' };
    if (geo.encoding !== 'wkb' || primary.type !== 'BYTE_ARRAY') {
      throw new ParquetError(say('data.parquet.encoding', { name, encoding: JSON.stringify(geo.encoding) }));
    }
    // GEOGRAPHY's points are read as GEOMETRY's are.
    if (primary.logical_type?.type !== 'GEOGRAPHY') primary.logical_type = { type: 'GEOMETRY' };
    return { name: primary.name, encoding: 'wkb' };
  }
  const typed = top.find((e) => e.logical_type?.type === 'GEOMETRY' || e.logical_type?.type === 'GEOGRAPHY');
  if (typed !== undefined) {
    const crs = typed.logical_type && 'crs' in typed.logical_type ? typed.logical_type.crs : undefined;
    const named = crs?.toUpperCase().replace(/^SRID:/, 'EPSG:');
    if (named !== undefined && !LON_LAT.has(named) && !named.startsWith('PROJJSON:')) throw refuse(`the CRS ${crs}`);
    return { name: typed.name, encoding: 'wkb' };
  }
  const named = top.find(
    (e) =>
      e.type === 'BYTE_ARRAY' &&
      e.converted_type === undefined &&
      e.logical_type === undefined &&
      WKB_NAMES.includes(e.name.toLowerCase()),
  );
  if (named === undefined) return null;
  named.logical_type = { type: 'GEOMETRY' };
  return { name: named.name, encoding: 'wkb' };
}

/** GeoParquet's `geo` metadata: the primary column, its encoding (lower case) and CRS; null when absent or unreadable. */
function geoMetadata(metadata: FileMetaData): { primary: string; encoding: string; crs: unknown } | null {
  const text = metadata.key_value_metadata?.find((entry) => entry.key === 'geo')?.value;
  if (text === undefined) return null;
  try {
    const geo: unknown = JSON.parse(text);
    if (!isRecord(geo) || typeof geo.primary_column !== 'string' || !isRecord(geo.columns)) return null;
    const column = geo.columns[geo.primary_column];
    if (!isRecord(column)) return null;
    return {
      primary: geo.primary_column,
      encoding: typeof column.encoding === 'string' ? column.encoding.toLowerCase() : 'wkb',
      // GeoParquet: a missing crs is OGC:CRS84; null is an unknown one, taken to be the same.
      crs: Object.hasOwn(column, 'crs') ? column.crs : undefined,
    };
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The CRSs whose coordinates are longitude and latitude in degrees (GeoParquet writes x, y: longitude first). */
const LON_LAT = new Set(['OGC:CRS84', 'OGC:CRS83', 'EPSG:4326', 'EPSG:4269', 'EPSG:4979']);

/** What CRS a GeoParquet column's `crs` (PROJJSON) names when it is not longitude/latitude, else null. */
function crsProblem(crs: unknown): string | null {
  if (crs === undefined || crs === null) return null;
  if (!isRecord(crs)) return `the CRS ${JSON.stringify(crs).slice(0, 60)}`;
  const id = isRecord(crs.id) ? crs.id : Array.isArray(crs.ids) && isRecord(crs.ids[0]) ? crs.ids[0] : null;
  const named = id !== null ? `${String(id.authority)}:${String(id.code)}` : null;
  if (named !== null && LON_LAT.has(named.toUpperCase())) return null;
  if (named === null && crs.type === 'GeographicCRS') return null;
  return `the CRS ${named ?? (typeof crs.name === 'string' ? JSON.stringify(crs.name.slice(0, 60)) : 'of its metadata')}`;
}

/** Why the file's `headers` cannot be read (a column compressed with a codec not read here), or null. */
export function codecProblem(file: ParquetFile, headers: readonly string[]): DataText | null {
  const columns = new Set(columnsOf(file, headers));
  for (const group of file.metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta && columns.has(meta.path_in_schema[0]) && !CODECS.has(meta.codec)) {
        return say('data.parquet.codec', { name: file.name, codec: String(meta.codec) });
      }
    }
  }
  return null;
}

/** The file's columns that hold `headers`' cells. */
export function columnsOf(file: ParquetFile, headers: readonly string[]): string[] {
  const columns = new Set<string>();
  for (const header of headers) {
    const source = file.sources.get(header);
    if (source === undefined) continue;
    columns.add('axis' in source ? (file.geometry?.name ?? '') : source.column);
  }
  columns.delete('');
  return [...columns];
}

/**
 * How many bytes reading `headers` takes from each row group: compressed (what
 * is fetched) and uncompressed (what is decoded).
 */
export function bytesOf(
  file: ParquetFile,
  headers: readonly string[],
): { compressed: number[]; uncompressed: number[] } {
  const columns = new Set(columnsOf(file, headers));
  const uncompressed: number[] = [];
  const compressed = file.metadata.row_groups.map((group) => {
    let fetched = 0;
    let decoded = 0;
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (!meta || !columns.has(meta.path_in_schema[0])) continue;
      fetched += Number(meta.total_compressed_size);
      decoded += Number(meta.total_uncompressed_size);
    }
    uncompressed.push(decoded);
    return fetched;
  });
  return { compressed, uncompressed };
}

/** Rows `from` to `to` of some headers' cells: `cells.get(header)[row - from]`, and each row's point problem. */
export interface CellBlock {
  from: number;
  to: number;
  cells: Map<string, string[]>;
  /** For a row whose geometry is not a point: what it is instead (`a Polygon`, `empty`). */
  notPoints: Map<number, string>;
}

/**
 * Reads rows `from` to `to` (which lie in one row group, or are read a group at
 * a time by the caller) of the columns holding `headers`, as text cells.
 * `useOffsetIndex`: where the file has an offset index, only the pages holding
 * those rows are fetched, not their whole column chunks (for a few rows read back).
 */
export async function readCells(
  file: ParquetFile,
  headers: readonly string[],
  from: number,
  to: number,
  { useOffsetIndex = false }: { useOffsetIndex?: boolean } = {},
): Promise<CellBlock> {
  const columns = columnsOf(file, headers);
  const values = new Map<string, unknown[]>();
  const count = to - from;
  for (const column of columns) values.set(column, new Array<unknown>(count));
  if (count > 0 && columns.length > 0) {
    try {
      await parquetRead({
        file: file.buffer,
        metadata: file.metadata,
        columns,
        rowStart: from,
        rowEnd: to,
        useOffsetIndex,
        parsers: PARQUET_PARSERS,
        onChunk: ({ columnName, columnData, rowStart }) => {
          const out = values.get(columnName);
          if (out === undefined) return;
          // A chunk may reach outside the rows asked for.
          const lo = Math.max(from, rowStart);
          const hi = Math.min(to, rowStart + columnData.length);
          for (let row = lo; row < hi; row++) out[row - from] = columnData[row - rowStart];
        },
      });
    } catch (error) {
      throw new ParquetError(`${file.name} could not be read: ${(error as Error).message}.`);
    }
  }
  const cells = new Map<string, string[]>();
  const notPoints = new Map<number, string>();
  let points: { lon: string[]; lat: string[] } | null = null;
  for (const header of headers) {
    const source = file.sources.get(header);
    if (source === undefined) continue;
    if ('axis' in source) {
      points ??= pointTexts(values.get(file.geometry?.name ?? '') ?? [], from, notPoints);
      cells.set(header, points[source.axis]);
    } else cells.set(header, columnTexts(values.get(source.column) ?? [], source.element));
  }
  return { from, to, cells, notPoints };
}

/** Longitudes and latitudes as text from decoded geometries; rows with no point get '' and a note in `notPoints`. */
function pointTexts(geometries: readonly unknown[], from: number, notPoints: Map<number, string>) {
  const lon = new Array<string>(geometries.length);
  const lat = new Array<string>(geometries.length);
  for (let i = 0; i < geometries.length; i++) {
    const point = pointOf(geometries[i]);
    if ('not' in point) {
      lon[i] = '';
      lat[i] = '';
      notPoints.set(from + i, point.not);
    } else {
      lon[i] = String(point.lon);
      lat[i] = String(point.lat);
    }
  }
  return { lon, lat };
}

/** A decoded geometry's point: WKB as PARQUET_PARSERS read it, or a GeoArrow `{x, y}` struct. */
function pointOf(geometry: unknown): WkbPoint {
  if (geometry === undefined || geometry === null) return { not: 'empty' };
  if (!isRecord(geometry)) return { not: 'not a geometry' };
  if ('not' in geometry && typeof geometry.not === 'string') return { not: geometry.not };
  if (typeof geometry.lon === 'number' && typeof geometry.lat === 'number') {
    return { lon: geometry.lon, lat: geometry.lat };
  }
  if (typeof geometry.x === 'number' && typeof geometry.y === 'number') {
    return Number.isNaN(geometry.x) && Number.isNaN(geometry.y)
      ? { not: 'an empty Point' }
      : { lon: geometry.x, lat: geometry.y };
  }
  return { not: 'not a point' };
}

/**
 * Reads rows `rows` (row numbers in the file, from 0, in any order) of the
 * columns holding `headers`, a row group at a time, reading only the groups
 * that hold them: each row's cells in the order of `headers` ('' for a row
 * whose geometry is not a point), in the order of `rows`. What an incident's
 * full text is read back from, given its row (see rereadParquetRows): where
 * the file has an offset index, only the pages holding the rows are fetched.
 */
export async function readParquetRows(
  file: ParquetFile,
  rows: readonly number[],
  headers: readonly string[],
): Promise<string[][]> {
  const out = new Array<string[]>(rows.length);
  const order = rows.map((_, i) => i).sort((a, b) => rows[a] - rows[b]);
  let k = 0;
  for (const group of file.groups) {
    const end = group.start + group.rows;
    let first = k;
    while (first < order.length && rows[order[first]] < group.start) first++;
    let last = first;
    while (last < order.length && rows[order[last]] < end) last++;
    k = last;
    if (last === first) continue;
    // From the first row asked for to the last, within the group: pages before and after are not read.
    const block = await readCells(file, headers, rows[order[first]], rows[order[last - 1]] + 1, {
      useOffsetIndex: true,
    });
    const columns = headers.map((header) => block.cells.get(header));
    for (let j = first; j < last; j++) {
      const at = rows[order[j]] - block.from;
      out[order[j]] = columns.map((column) => column?.[at] ?? '');
    }
  }
  for (let i = 0; i < out.length; i++) {
    if (out[i] === undefined) throw new ParquetError(`${file.name} has no row ${rows[i]}.`);
  }
  return out;
}
