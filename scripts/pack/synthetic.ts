// Seeded synthetic incidents in the app's CSV schema, written streaming: the tests' known input and
// the 20-million-row measured run, with uneven days, uncertain dates and 100-250 bytes of text a row.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mulberry32 as random } from '../../bench/generate';
import { dayFromIso, isoFromDay } from '../../src/data/bundle/days';

export interface SyntheticRow {
  id: string;
  /** First and last possible day; lastDay is Infinity for an open end. */
  day: number;
  lastDay: number;
  date: string;
  title: string;
  summary: string;
  category: string;
  country: string;
  location_precision: string;
  lat: number;
  lon: number;
  actors: string;
  fatalities: number | null;
}

export interface SyntheticOptions {
  seed?: number;
  /** First day (YYYY-MM-DD) and how many days the rows spread over. */
  from?: string;
  days?: number;
}

const CATEGORIES: [string, number, string][] = [
  ['battle', 30, 'Armed clash'],
  ['explosion', 18, 'Explosion'],
  ['protest', 22, 'Protest'],
  ['violence-against-civilians', 12, 'Attack on civilians'],
  ['riot', 8, 'Riot'],
  ['strategic-development', 6, 'Strategic development'],
  ['airstrike', 3, 'Airstrike'],
  ['statement', 1, 'Statement'],
];
const COUNTRIES: [string, number, number, number, number][] = [
  ['Afghanistan', 60.5, 29.4, 74.9, 38.5],
  ['Pakistan', 61.0, 23.7, 77.8, 37.0],
  ['Iran', 44.0, 25.1, 63.3, 39.8],
  ['Iraq', 38.8, 29.1, 48.6, 37.4],
  ['Syria', 35.7, 32.3, 42.4, 37.3],
  ['Yemen', 42.5, 12.6, 53.1, 19.0],
  ['Somalia', 41.0, -1.7, 51.4, 12.0],
  ['Nigeria', 2.7, 4.3, 14.7, 13.9],
  ['Mali', -12.2, 10.2, 4.3, 25.0],
  ['Sudan', 21.8, 8.7, 38.6, 22.0],
  ['Myanmar', 92.2, 9.8, 101.2, 28.5],
  ['Ukraine', 22.1, 44.4, 40.2, 52.4],
];
const PLACES = [
  'Northfield',
  'Kalan',
  'Rivertown',
  'Qala-i-Now',
  'Dasht',
  'Mirabad',
  'Hill Crossing',
  'Old Market',
  'Sarai',
  'Garm Ab',
  'Eastgate',
  'Bandar',
];
const ACTORS = [
  'Military Forces',
  'Police Forces',
  'Unidentified Armed Group',
  'Rebel Front',
  'Civilians',
  'Protesters',
  'Local Militia',
  'Border Guards',
  'Liberation Army',
  'Tribal Militia',
  'Student Union',
  'Traders Association',
];
const PRECISIONS: [string, number][] = [
  ['town', 60],
  ['exact', 15],
  ['district', 15],
  ['province', 8],
  ['country', 2],
];
const VERBS = ['reported', 'said', 'confirmed', 'claimed', 'stated'];
const WHAT = [
  'an exchange of fire near the checkpoint',
  'a roadside device on the main road',
  'a gathering outside the district office',
  'shelling of several villages',
  'clashes over control of the crossing',
  'the arrest of local organisers',
  'a raid on a compound at night',
  'damage to homes and a school',
];
const AFTER = [
  'Casualty figures could not be verified.',
  'Residents left the area for nearby towns.',
  'Officials promised an inquiry.',
  'Markets stayed closed the next day.',
  'No group claimed responsibility.',
];

function weighted<T>(items: readonly T[], weight: (t: T) => number, u: number): T {
  const total = items.reduce((n, t) => n + weight(t), 0);
  let x = u * total;
  for (const item of items) {
    x -= weight(item);
    if (x < 0) return item;
  }
  return items[items.length - 1];
}

function pick<T>(items: readonly T[], u: number): T {
  return items[Math.floor(u * items.length)];
}

/** Rows `0..count-1`, the same for the same seed; their days are uneven (seasons, weeks, a rising trend). */
export function* syntheticRows(count: number, options: SyntheticOptions = {}): Generator<SyntheticRow> {
  const r = random(options.seed ?? 1);
  const first = dayFromIso(options.from ?? '2021-01-01');
  const days = options.days ?? 1095;
  for (let i = 0; i < count; i++) {
    let offset: number;
    do offset = Math.floor(r() * days);
    while (
      r() * 2.2 >
      1 + 0.4 * Math.sin((2 * Math.PI * offset) / 365) + 0.5 * (offset / days) - ((offset + 3) % 7 === 0 ? 0.4 : 0)
    );
    const start = first + offset;
    const [category, , label] = weighted(CATEGORIES, (c) => c[1], r());
    const [country, w, s, e, n] = pick(COUNTRIES, r());
    const place = pick(PLACES, r());
    const kind = r();
    let day = start;
    let lastDay = start;
    let date = isoFromDay(start);
    if (kind < 0.03) {
      const month = date.slice(0, 7);
      day = dayFromIso(`${month}-01`);
      const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
      lastDay = Math.round(next.getTime() / 86_400_000) - 1;
      date = month;
    } else if (kind < 0.04) {
      lastDay = start + 2 + Math.floor(r() * 9);
      date = `${isoFromDay(start)}/${isoFromDay(lastDay)}`;
    } else if (kind < 0.042) {
      lastDay = Number.POSITIVE_INFINITY;
      date = `${isoFromDay(start)}/..`;
    } else if (kind < 0.047) date = `${date}~`;
    const actorA = pick(ACTORS, r());
    const actorB = r() < 0.6 ? pick(ACTORS, r()) : '';
    const fatalities = r() < 0.1 ? null : Math.floor(-Math.log(1 - r()) * 2.5);
    yield {
      id: `ev-${String(i).padStart(9, '0')}`,
      day,
      lastDay,
      date,
      title: `${label} in ${place}, ${country}`,
      summary: `${pick(['Local media', 'Witnesses', 'Officials', 'A monitor'], r())} ${pick(VERBS, r())} ${pick(WHAT, r())} in ${place}${fatalities ? `, with ${fatalities} killed` : ''}. ${pick(AFTER, r())}`,
      category,
      country,
      location_precision: weighted(PRECISIONS, (p) => p[1], r())[0],
      lat: Math.round((s + (n - s) * r()) * 1e4) / 1e4,
      lon: Math.round((w + (e - w) * r()) * 1e4) / 1e4,
      actors: actorB && actorB !== actorA ? `${actorA}; ${actorB}` : actorA,
      fatalities,
    };
  }
}

export const SYNTHETIC_HEADER =
  'id,date,title,summary,category,country,location_precision,latitude,longitude,actors,fatalities';

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(row: SyntheticRow): string {
  return [
    row.id,
    row.date,
    quote(row.title),
    quote(row.summary),
    row.category,
    row.country,
    row.location_precision,
    row.lat,
    row.lon,
    quote(row.actors),
    row.fatalities ?? '',
  ].join(',');
}

/** Writes `count` rows to `path` as CSV, a batch at a time; returns the bytes written. */
export async function writeSyntheticCsv(
  path: string,
  count: number,
  options: SyntheticOptions = {},
  onProgress?: (rows: number) => void,
): Promise<number> {
  const stream = createWriteStream(path);
  let bytes = 0;
  let batch: string[] = [SYNTHETIC_HEADER];
  let rows = 0;
  for (const row of syntheticRows(count, options)) {
    batch.push(csvLine(row));
    if (batch.length === 20_000) {
      const text = `${batch.join('\n')}\n`;
      bytes += Buffer.byteLength(text);
      if (!stream.write(text)) await once(stream, 'drain');
      batch = [];
    }
    if (++rows % 1_000_000 === 0) onProgress?.(rows);
  }
  const text = batch.length > 0 ? `${batch.join('\n')}\n` : '';
  bytes += Buffer.byteLength(text);
  stream.end(text);
  await once(stream, 'finish');
  return bytes;
}
