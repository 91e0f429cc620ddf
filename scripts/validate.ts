// npm run validate -- FILE...
// Reads each GeoJSON, CSV or TSV file as the app would, prints one line per
// problem and a summary line per file, and exits 1 when anything was skipped or
// a file could not be read. A GeoJSON file with a places.geojson beside it (as
// geojson/incidents.geojson has) is checked against those places.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Papa from 'papaparse';
import { readGeoJSONText } from '../src/data/import/geojson';
import { CountryOutlines, REGION_CLIP } from '../src/data/import/places/country-outlines';
import { sniffFormat } from '../src/data/import/sniff';
import { detectLayout, type Row } from '../src/data/import/table/detect-layout';
import { rowsToDataset } from '../src/data/import/table/tabular';
import { describeProblem, readPlaces } from '../src/data/import/validate';
import type { DatasetProblem, DatasetReport, Place } from '../src/data/types';

/** The country outlines the app checks rows against (see region-outlines.ts), read from the file the app bundles. */
let outlines: CountryOutlines | null = null;
function regionOutlines(): CountryOutlines {
  const path = new URL('../public/basemap/region/region_countries_10m.geojson', import.meta.url);
  outlines ??= new CountryOutlines({ geojson: readFileSync(path, 'utf8'), clip: REGION_CLIP });
  return outlines;
}

function line(file: string, problem: DatasetProblem): string {
  const text = describeProblem(problem);
  return problem.index < 0 && problem.row === undefined ? `${file}: ${text.replace(/^file: /, '')}` : `${file}:${text}`;
}

/** Node holds a string of at most about 512 MiB, and this command reads a file as one. */
const MAX_CLI_BYTES = 500 * 1024 * 1024;

/** Reads one file; returns its report, or a sentence saying why it could not be read. */
function read(file: string): DatasetReport | string {
  let size: number;
  let bytes: Buffer;
  try {
    size = statSync(file).size;
    if (size > MAX_CLI_BYTES) {
      return `is ${Math.round(size / 1024 ** 2)} MB: this command reads a file whole and takes files up to 500 MB; open larger ones in the app, which streams them`;
    }
    bytes = readFileSync(file);
  } catch (error) {
    return `could not be read: ${(error as Error).message}`;
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  const sniffed = sniffFormat(basename(file), text.slice(0, 4096), size);
  if ('error' in sniffed) return sniffed.error;
  if (sniffed.format === 'geojson') {
    const placesFile = join(dirname(file), 'places.geojson');
    let places: Place[] = [];
    if (basename(file) !== 'places.geojson' && existsSync(placesFile)) {
      try {
        places = readPlaces(JSON.parse(readFileSync(placesFile, 'utf8'))).places;
      } catch {
        // A broken places file is checked when it is named itself.
      }
    }
    return readGeoJSONText(text, { name: basename(file), places });
  }

  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = Papa.parse<Row>(body, {
    header: true,
    skipEmptyLines: 'greedy',
    delimiter: sniffed.format === 'tsv' ? '\t' : '',
  });
  const headers = parsed.meta.fields ?? [];
  const guess = detectLayout(headers);
  if (!guess.confident || !guess.mapping) {
    return `could not tell which columns hold the date, latitude and longitude (columns: ${headers.join(', ')}); name them date, latitude and longitude`;
  }
  const report = rowsToDataset(parsed.data, guess, { name: basename(file), outlines: regionOutlines() });
  // Quoting faults can swallow rows; say so, as warnings on the rows papaparse names.
  for (const error of parsed.errors) {
    const row = error.row === undefined ? undefined : error.row + 2;
    report.problems.push({
      index: error.row ?? -1,
      ...(row === undefined ? {} : { row }),
      field: 'csv',
      message: error.message,
      skipped: false,
    });
  }
  return report;
}

function main(files: string[]): number {
  if (files.length === 0) {
    console.error('usage: npm run validate -- FILE...   (GeoJSON, CSV or TSV)');
    return 2;
  }
  let failed = false;
  for (const file of files) {
    const report = read(file);
    if (typeof report === 'string') {
      console.log(`${file}: ${report}`);
      console.log(`${file}: 0 incidents loaded, 0 skipped (the file could not be read)`);
      failed = true;
      continue;
    }
    for (const problem of report.problems) console.log(line(file, problem));
    const skippedRows = new Set(report.problems.filter((p) => p.skipped && p.index >= 0).map((p) => p.index));
    const unreadable = report.problems.some((p) => p.skipped && p.index < 0);
    console.log(`${file}: ${report.dataset.incidents.length} incidents loaded, ${skippedRows.size} skipped`);
    if (skippedRows.size > 0 || unreadable) failed = true;
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
