// The CSV path of a large load in Node, one stage after another, to see where
// its time and memory go without a browser: the bytes are cut into blocks as
// the dataset worker cuts them (with the rows' places found as it finds them),
// the blocks read by two BlockReaders in turn (as the two table workers would
// read them, here one after the other), the parts merged and packed, the
// point buffers and id table made, and the page's share split off. Prints each
// stage's time and the page's and the dataset worker's buffers by column.
//   npx tsx bench/big/pipeline.ts FILE.csv
// Run with `node --cpu-prof --import tsx` for a profile.
import { createReadStream, statSync } from 'node:fs';
import { REGION_OUTLINES } from '../../src/data/import/places/region-outlines';
import {
  BlockReader,
  type BlockResult,
  ByteCutter,
  bodyByteStart,
  mergeParts,
  readTableHead,
  type TableBytes,
} from '../../src/data/import/table/blocks';
import { detectLayout } from '../../src/data/import/table/detect-layout';
import { RecordStarts } from '../../src/data/import/table/record-starts';
import { idTableOf } from '../../src/data/pack/id-column';
import { splitLongText } from '../../src/data/pack/long-text';
import { packedPoints, revealHashes, withBuffers } from '../../src/data/pack/packed-buffers';
import { incidentAt } from '../../src/data/pack/records';

const path = process.argv[2];
if (!path) throw new Error('usage: tsx bench/big/pipeline.ts FILE.csv');
const total = statSync(path).size;
const MiB = 1024 * 1024;
const times: [string, number][] = [];
let last = performance.now();
const lap = (stage: string) => {
  const now = performance.now();
  times.push([stage, now - last]);
  last = now;
};
/** Time spent in each kind of work during the read, summed over calls. */
const spent = { cut: 0, decode: 0, read: [0, 0] };

const first: Uint8Array[] = [];
let firstLength = 0;
let cutter: ByteCutter | null = null;
let starts: RecordStarts | null = null;
const readers: BlockReader[] = [];
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
let dealt = 0;

function begin(): void {
  const bytes = Buffer.concat(first);
  const text = decoder.decode(bytes);
  const head = readTableHead(text, '');
  if (!head) throw new Error('no head');
  const guess = detectLayout(head.fields);
  const bodyAt = bodyByteStart(bytes, 0, head.headerText);
  const options = { name: path, longText: false };
  const expectedChars = Math.ceil(0.6 * (total - head.bodyStart));
  for (let w = 0; w < 2; w++) readers.push(new BlockReader(head, guess, options, expectedChars, REGION_OUTLINES));
  // As the dataset worker finds them: told by the cutter's scan of the body.
  starts = new RecordStarts({ newline: head.newline, delimiter: head.delimiter, header: false, offset: bodyAt });
  const found = starts;
  cutter = new ByteCutter(
    head.newline,
    (block: TableBytes) => {
      const w = dealt++ % 2;
      let t = performance.now();
      const blockText = decoder.decode(block.bytes);
      spent.decode += performance.now() - t;
      t = performance.now();
      const reason = readers[w].read({ ...block, text: blockText });
      spent.read[w] += performance.now() - t;
      if (reason) throw new Error(reason);
    },
    undefined,
    { delimiter: head.delimiter, onRecord: (s, e, row) => found.found(s + bodyAt, e + bodyAt, row) },
  );
  cutter.push(bytes.subarray(bodyAt));
}

await new Promise<void>((resolve, reject) => {
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  stream.on('data', (chunk) => {
    const bytes = new Uint8Array((chunk as Buffer).buffer, (chunk as Buffer).byteOffset, chunk.length);
    if (cutter) {
      const t = performance.now();
      cutter.push(bytes);
      spent.cut += performance.now() - t;
    } else {
      first.push(Uint8Array.from(bytes));
      firstLength += bytes.length;
      if (firstLength >= MiB) begin();
    }
  });
  stream.on('end', resolve);
  stream.on('error', reject);
});
const found = starts as RecordStarts | null;
(cutter as ByteCutter | null)?.end();
found?.end();
lap('read: cut, find rows, decode, read blocks');
const results: BlockResult[] = readers.map((reader) => reader.finish());
lap('finish parts');
const merged = mergeParts(results, { name: path, longText: false });
if (typeof merged === 'string') throw new Error(merged);
lap('merge and sort');
const points = packedPoints(merged.sorted.points);
const idTable = idTableOf(revealHashes(merged.hashes, merged.sorted));
lap('point buffers and id table');
const packed = merged.builder.pack(merged.sorted, merged.meta);
lap('pack the rest');
const dataset = withBuffers(packed, points, idTable);
const { page, texts } = splitLongText(dataset);
lap('split off the page');

const rows = page.incidents.count;
console.log(`${path}: ${(total / MiB).toFixed(0)} MiB, ${rows} rows, ${found?.count} row starts`);
for (const [stage, ms] of times) console.log(`  ${stage.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms`);
console.log(
  `  of the read: cutting and finding rows ${(spent.cut - spent.decode - spent.read[0] - spent.read[1]).toFixed(0)}, decoding ${spent.decode.toFixed(0)}, ` +
    `reading blocks ${spent.read.map((ms) => ms.toFixed(0)).join(' + ')} ms`,
);

/** Bytes of every typed array or string (two bytes a code unit) reachable from `value`, by key. */
function sizes(
  value: unknown,
  prefix: string,
  out: Map<string, number>,
  seen = new Set<unknown>(),
): Map<string, number> {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && value.length > 1000) out.set(prefix, (out.get(prefix) ?? 0) + 2 * value.length);
    return out;
  }
  if (seen.has(value)) return out;
  seen.add(value);
  if (ArrayBuffer.isView(value)) out.set(prefix, (out.get(prefix) ?? 0) + value.byteLength);
  else if (value instanceof ArrayBuffer) out.set(prefix, (out.get(prefix) ?? 0) + value.byteLength);
  else if (Array.isArray(value)) {
    let strings = 0;
    for (const item of value) {
      if (typeof item === 'string') strings += 2 * item.length + 16;
      else sizes(item, prefix, out, seen);
    }
    if (strings > 0) out.set(prefix, (out.get(prefix) ?? 0) + strings);
  } else for (const [key, item] of Object.entries(value)) sizes(item, prefix ? `${prefix}.${key}` : key, out, seen);
  return out;
}
for (const [label, value] of [
  ['page', page],
  ['dataset worker', texts],
] as const) {
  const found = [...sizes(value, '', new Map())].sort((a, b) => b[1] - a[1]);
  const sum = found.reduce((s, [, bytes]) => s + bytes, 0);
  console.log(`${label}: ${(sum / MiB).toFixed(1)} MiB, ${(sum / rows).toFixed(0)} B an incident`);
  for (const [key, bytes] of found) {
    if (bytes / rows >= 0.5)
      console.log(
        `  ${key.padEnd(28)} ${(bytes / MiB).toFixed(1).padStart(7)} MiB ${(bytes / rows).toFixed(1).padStart(6)} B`,
      );
  }
}
/** Incident `i`'s short record, as the page reads it (codes or JSON). */
function shortOf(i: number): Record<string, unknown> {
  const { title, date, place, country, actors, fatalities, related, origin, shape } = incidentAt(page.incidents, i);
  return { title, date, place, country, actors, fatalities, related, origin, shape };
}
if (process.env.PIPELINE_SHOW) {
  for (let i = 0; i < Number(process.env.PIPELINE_SHOW); i++) {
    console.log(JSON.stringify(shortOf(i * 997)));
  }
}
if (process.env.PIPELINE_DISTINCT) {
  const p = page.incidents;
  const distinct = new Map<string, Map<string, number>>();
  const note = (field: string, value: string) => {
    const values = distinct.get(field) ?? new Map<string, number>();
    distinct.set(field, values);
    values.set(value, (values.get(value) ?? 0) + 1);
  };
  for (let i = 0; i < p.count; i++) {
    const record = shortOf(i);
    for (const [key, value] of Object.entries(record)) if (value !== undefined) note(key, JSON.stringify(value));
    const title = String(record.title);
    const cut = title.lastIndexOf(', ');
    note('title head', cut < 0 ? title : title.slice(0, cut));
    note('title tail', cut < 0 ? '' : title.slice(cut + 2));
    for (const part of String(record.place ?? '').split(', ')) note('place part', part);
    const placeCut = String(record.place ?? '').indexOf(', ');
    note('place tail', placeCut < 0 ? '' : String(record.place).slice(placeCut + 2));
    note('place head', placeCut < 0 ? String(record.place) : String(record.place).slice(0, placeCut));
  }
  for (const [field, values] of distinct) {
    let bytes = 0;
    for (const value of values.keys()) bytes += Buffer.byteLength(value);
    console.log(`${field.padEnd(12)} ${String(values.size).padStart(8)} distinct, ${(bytes / MiB).toFixed(1)} MiB`);
  }
}
