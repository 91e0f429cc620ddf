// Exports written a batch at a time, as bytes: the same bytes as the
// whole-file functions in export.ts give for the same incidents, without ever
// holding more than one batch of incidents or its text. Pure.
import Papa from 'papaparse';
import type { Incident } from '../types';
import {
  ATLAS_CSV_COLUMNS,
  ATLAS_CSV_UNPARSE,
  type ExportMeta,
  toAtlasCSVRow,
  toAtlasFeature,
  toAtlasGeoJSON,
} from './export';
import type { GeoParquetOptions } from './geoparquet';

export type ExportFormat = 'csv' | 'geojson' | 'geoparquet';

/** What each format is called, and the file it makes. */
export const EXPORT_FORMATS: Record<ExportFormat, { label: string; extension: string; type: string }> = {
  geojson: { label: 'GeoJSON', extension: 'geojson', type: 'application/geo+json' },
  csv: { label: 'CSV', extension: 'csv', type: 'text/csv' },
  geoparquet: { label: 'GeoParquet', extension: 'parquet', type: 'application/vnd.apache.parquet' },
};

/** The whole GeoJSON export as text, as one string: the reference the streamed export matches, for small sets. */
export function toAtlasGeoJSONText(incidents: readonly Incident[], meta: ExportMeta): string {
  return `${JSON.stringify(toAtlasGeoJSON(incidents, meta), null, 1)}\n`;
}

async function* csvChunks(
  meta: ExportMeta,
  batches: AsyncIterable<readonly Incident[]>,
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  // Papa writes the header row and its line end even with no rows, as the whole-file export does.
  yield encoder.encode(Papa.unparse({ fields: [...ATLAS_CSV_COLUMNS], data: [] }, ATLAS_CSV_UNPARSE));
  let first = true;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const rows = Papa.unparse(
      batch.map((incident) => toAtlasCSVRow(incident, meta)),
      ATLAS_CSV_UNPARSE,
    );
    yield encoder.encode(first ? rows : `\r\n${rows}`);
    first = false;
  }
}

async function* geojsonChunks(
  meta: ExportMeta,
  batches: AsyncIterable<readonly Incident[]>,
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  // The collection without features, cut before its empty list: `... "features": `.
  const empty = toAtlasGeoJSONText([], meta);
  const tail = '[]\n}\n';
  if (!empty.endsWith(tail)) throw new Error('The GeoJSON export no longer ends with its features');
  yield encoder.encode(`${empty.slice(0, -tail.length)}[`);
  let first = true;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    let text = '';
    for (const incident of batch) {
      // A feature two levels deep, as JSON.stringify(collection, null, 1) indents it; no string holds a raw line break.
      text += `${first ? '\n' : ',\n'}  ${JSON.stringify(toAtlasFeature(incident), null, 1).replaceAll('\n', '\n  ')}`;
      first = false;
    }
    yield encoder.encode(text);
  }
  yield encoder.encode(first ? ']\n}\n' : '\n ]\n}\n');
}

/** The Parquet writer is loaded when first used: 18 KB (gzip) the page need not load to start. */
async function* lazyGeoParquetChunks(
  meta: ExportMeta,
  batches: AsyncIterable<readonly Incident[]>,
  options: GeoParquetOptions | undefined,
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const { geoParquetChunks } = await import('./geoparquet');
  yield* geoParquetChunks(meta, batches, options);
}

export interface ExportOptions {
  /** GeoParquet only. */
  geoparquet?: GeoParquetOptions;
}

/**
 * The incidents of `batches`, in their order, as a file of `format`, in chunks
 * of bytes: memory holds one batch (GeoParquet: one row group) at a time.
 * CSV and GeoJSON are byte for byte what toAtlasCSV and toAtlasGeoJSONText give.
 */
export function exportChunks(
  format: ExportFormat,
  meta: ExportMeta,
  batches: AsyncIterable<readonly Incident[]>,
  options: ExportOptions = {},
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  switch (format) {
    case 'csv':
      return csvChunks(meta, batches);
    case 'geojson':
      return geojsonChunks(meta, batches);
    case 'geoparquet':
      return lazyGeoParquetChunks(meta, batches, options.geoparquet);
  }
}

/** exportChunks as a ReadableStream (for `pipeTo` a file); cancelling it stops reading batches. */
export function exportStream(
  format: ExportFormat,
  meta: ExportMeta,
  batches: AsyncIterable<readonly Incident[]>,
  options: ExportOptions = {},
): ReadableStream<Uint8Array<ArrayBuffer>> {
  const chunks = exportChunks(format, meta, batches, options);
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
