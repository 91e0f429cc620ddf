/**
 * Latin-script words a translation may keep: the product's name, names of
 * formats, standards and data sources readers meet in those forms.
 */
export const KEPT_IN_LATIN = new Set([
  'Incident',
  'Atlas',
  'GeoJSON',
  'JSON',
  'CSV',
  'TSV',
  'GeoParquet',
  'Parquet',
  'EDTF',
  'ISO',
  'BCP',
  'URL',
  'UCDP',
  'GED',
  'ACLED',
  'WGS84',
  'UTF',
  'BOM',
  'HTTPS',
  'HTTP',
  'ID',
  'id',
  'PNG',
  'QR',
  'BibTeX',
  'SHA',
  'APA',
  'Natural',
  'Earth',
  'OpenStreetMap',
  'GeoNames',
  'Noto',
  'MapLibre',
  'sprite',
  // Keys, by the letter on them (story mode's J and K).
  'J',
  'K',
  // The written form of a day in links.
  'YYYY',
  'MM',
  'DD',
  // Licences, by their identifiers.
  'CC',
  'BY',
  'SIL',
  'OFL',
  // The fonts' names.
  'Sans',
  'Arabic',
  'Naskh',
  'Nastaliq',
  'Urdu',
  // Units and protocol words written in Latin letters in each language's technical writing.
  'KB',
  'kB',
  'MB',
  'GB',
  'IP',
  'HTTP',
  'Range',
  'base64',
  // The Embed dialog (issue #33): the markup it gives.
  'HTML',
  'iframe',
]);

/**
 * Latin words the data messages keep besides: what a file must say as it is
 * (property names, values such as "exact", paths, commands, the month names
 * the date reader accepts in an example) and names of file types and tools.
 */
export const KEPT_IN_DATA_MESSAGES: ReadonlySet<string> = new Set(
  (
    'GeoJSON FeatureCollection Feature Point JSON array CSV EDTF URL HTTP Range Parquet Incident Atlas KML GPX XML HTML ' +
    'PNG JPEG GIF WebP PDF ZIP gzip Excel Word SQLite GeoPackage CORS ACLED UCDP null ' +
    'date event_date date_start time features what value by other exact town places geojson data docs scale out md ' +
    'December Dec npm run pack ' +
    'PAR OGC CRS EPSG GeoPandas to_crs DuckDB ST_Transform WKB GeoArrow MultiPoint Snappy COPY TO file parquet ' +
    'COMPRESSION snappy pandas to_parquet compression KB BCP ur fa AF PAR1 CRS84'
  ).split(' '),
);
