// npm run pack -- INPUT OUTDIR [options]: a table too large for a browser tab becomes a static bundle
// (see docs/scale-out.md); progress and a summary go to stderr, errors end with exit code 1.

import { parseArgs } from 'node:util';
import { isoFromDay } from '../../src/data/bundle/days';
import { DEFAULT_FILE_ROWS, DEFAULT_LONG_SPAN_DAYS, DEFAULT_ROW_GROUP_ROWS, type PackOptions, pack } from './pack';

const USAGE = `Usage: npm run pack -- INPUT OUTDIR [options]

INPUT   a CSV or Parquet file, or a quoted glob ('exports/*.csv'): an Incident Atlas CSV,
        a UCDP GED table or an ACLED export, told apart by their columns
OUTDIR  the bundle's folder: manifest.json and data/*.parquet (old .parquet files there are replaced)

Options:
  --name TEXT             the dataset's name (default: the input's file name)
  --attribution TEXT      credit shown with the data
  --row-group-rows N      rows per row group (default ${DEFAULT_ROW_GROUP_ROWS})
  --partition P           auto (default), year or month: files cover whole years or months
                          (auto: months once a year holds more than --file-rows rows)
  --file-rows N           consecutive years or months share a file up to N rows
                          (default ${DEFAULT_FILE_ROWS.toLocaleString('en')})
  --compression C         snappy (default), zstd or uncompressed
  --long-span-days N      rows dated over more days go to long-YYYY files (default ${DEFAULT_LONG_SPAN_DAYS})
`;

function whole(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name} takes a whole number, not "${text}"`);
  return Number(text);
}

function choice<T extends string>(text: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!allowed.includes(text as T)) throw new Error(`--${name} takes ${allowed.join(', ')}, not "${text}"`);
  return text as T;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      attribution: { type: 'string' },
      'row-group-rows': { type: 'string' },
      partition: { type: 'string' },
      'file-rows': { type: 'string' },
      compression: { type: 'string' },
      'long-span-days': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stderr.write(USAGE);
    return 0;
  }
  if (positionals.length !== 2) {
    process.stderr.write(USAGE);
    return 1;
  }
  const [input, outdir] = positionals;
  const options: PackOptions = {
    name: values.name,
    attribution: values.attribution,
    rowGroupRows: whole(values['row-group-rows'], 'row-group-rows'),
    partition: choice(values.partition, 'partition', ['auto', 'year', 'month'] as const),
    fileRows: whole(values['file-rows'], 'file-rows'),
    compression: choice(values.compression, 'compression', ['snappy', 'zstd', 'uncompressed'] as const),
    longSpanDays: whole(values['long-span-days'], 'long-span-days'),
    log: (line) => process.stderr.write(`${line}\n`),
  };
  const result = await pack(input, outdir, options);
  const m = result.manifest;
  const skipped = m.skipped.date + m.skipped.coordinates;
  process.stderr.write(
    [
      `${outdir}: ${m.rows.toLocaleString('en')} rows packed${skipped ? `, ${skipped.toLocaleString('en')} skipped` : ''}` +
        `${m.swapped ? `, ${m.swapped.toLocaleString('en')} with latitude and longitude swapped back` : ''}`,
      `  days ${isoFromDay(m.firstDay)} to ${isoFromDay(m.lastDay)}; ${m.files.length} files by ${m.partition}, ` +
        `${m.files.reduce((n, f) => n + f.rowGroups.length, 0)} row groups of up to ${m.rowGroupRows.toLocaleString('en')} rows, ${m.compression}`,
      `  in ${mb(result.inputBytes)}, out ${mb(result.outputBytes)} + manifest ${(result.manifestBytes / 1e3).toFixed(1)} kB; ` +
        `${result.seconds.toFixed(1)} s (read ${result.steps.read.toFixed(1)} s, sort and write ${result.steps.write.toFixed(1)} s, ` +
        `manifest ${result.steps.manifest.toFixed(1)} s)`,
      '',
    ].join('\n'),
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`npm run pack: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
