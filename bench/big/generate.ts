// Seeded synthetic exports for `npm run bench:big`: a UCDP GED CSV, the same events
// as our own GeoJSON, and an ACLED CSV, written row by row to a folder outside the
// repo. The same seed and scale always give the same bytes, so a folder already
// holding them (with their .meta.json) is reused.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type BigFileKind = 'ucdp' | 'geojson' | 'acled';
export const BIG_FILE_KINDS: readonly BigFileKind[] = ['ucdp', 'geojson', 'acled'];

/** Rows at scale 1: GED's and ACLED's full size for the region, give or take. */
export const FULL_COUNTS: Readonly<Record<BigFileKind, number>> = { ucdp: 400_000, geojson: 400_000, acled: 2_500_000 };

/** This file's own text, hashed: a file written by another version of it is not reused. */
const VERSION = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .digest('hex')
  .slice(0, 16);

/** What a generated file holds and what the runner looks for in the app. */
export interface BigFileMeta {
  kind: BigFileKind;
  version: string;
  seed: number;
  scale: number;
  path: string;
  /** The file name the app sees. */
  name: string;
  rows: number;
  bytes: number;
  /** A word found in exactly one row, and the id the app gives that row. */
  marker: string;
  markerId: string;
  /** Text the details of that row show (the start of its summary or place). */
  snippet: string;
  /** A word many rows hold, and how many of them hold it in the text the app searches. */
  commonWord: string;
  commonCount: number;
  /** Seconds spent writing it (0 when reused). */
  seconds: number;
}

export interface GenerateOptions {
  scale?: number;
  seed?: number;
  dir?: string;
  kinds?: readonly BigFileKind[];
  log?: (line: string) => void;
}

export const DEFAULT_DIR = join(tmpdir(), 'atlas-bench-big');
const COMMON_WORD = 'waziristan';

// ---- randomness ------------------------------------------------------------

type Random = () => number;

function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];

/** Picks from `[weight, value]` pairs. */
function weighted<T>(entries: readonly (readonly [number, T])[]): (r: Random) => T {
  const total = entries.reduce((sum, [w]) => sum + w, 0);
  return (r) => {
    let x = r() * total;
    for (const [w, value] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return entries[entries.length - 1][1];
  };
}

/** A count that is mostly small with a long tail, as deaths per event are. */
function deathsCount(r: Random): number {
  const x = r();
  if (x < 0.3) return 0;
  if (x < 0.85) return int(r, 1, 5);
  if (x < 0.97) return int(r, 6, 25);
  return int(r, 26, 150);
}

// ---- places ----------------------------------------------------------------

type Region = 'kp' | 'fata' | 'bal' | 'punjab' | 'kashmir' | 'af';

interface Place {
  town: string;
  /** Tehsil or district subdivision (ACLED's admin3). */
  sub: string;
  district: string;
  province: string;
  country: 'Pakistan' | 'Afghanistan';
  region: Region;
  lat: number;
  lon: number;
  weight: number;
}

// Real towns, their districts and provinces (ACLED's names; UCDP's adm_1/adm_2 add
// "province", "district" or "agency"). Each lies inside its country by more than the
// jitter given to its events, so the app's country check has nothing to report.
const PLACE_ROWS: [string, string, string, string, Region, number, number, number][] = [
  ['Peshawar', 'Peshawar', 'Peshawar', 'Khyber Pakhtunkhwa', 'kp', 34.008, 71.578, 8],
  ['Hayatabad', 'Peshawar', 'Peshawar', 'Khyber Pakhtunkhwa', 'kp', 33.987, 71.44, 2],
  ['Mardan', 'Mardan', 'Mardan', 'Khyber Pakhtunkhwa', 'kp', 34.198, 72.045, 2],
  ['Mingora', 'Babuzai', 'Swat', 'Khyber Pakhtunkhwa', 'kp', 34.773, 72.36, 4],
  ['Bannu', 'Bannu', 'Bannu', 'Khyber Pakhtunkhwa', 'kp', 32.986, 70.604, 4],
  ['Dera Ismail Khan', 'Dera Ismail Khan', 'Dera Ismail Khan', 'Khyber Pakhtunkhwa', 'kp', 31.832, 70.902, 4],
  ['Kohat', 'Kohat', 'Kohat', 'Khyber Pakhtunkhwa', 'kp', 33.582, 71.441, 2],
  ['Hangu', 'Hangu', 'Hangu', 'Khyber Pakhtunkhwa', 'kp', 33.532, 71.06, 2],
  ['Lakki Marwat', 'Lakki Marwat', 'Lakki Marwat', 'Khyber Pakhtunkhwa', 'kp', 32.607, 70.911, 2],
  ['Tank', 'Tank', 'Tank', 'Khyber Pakhtunkhwa', 'kp', 32.217, 70.383, 2],
  ['Charsadda', 'Charsadda', 'Charsadda', 'Khyber Pakhtunkhwa', 'kp', 34.148, 71.731, 2],
  ['Nowshera', 'Nowshera', 'Nowshera', 'Khyber Pakhtunkhwa', 'kp', 34.015, 71.975, 1],
  ['Mir Ali', 'Mir Ali', 'North Waziristan', 'Khyber Pakhtunkhwa', 'fata', 32.974, 70.274, 6],
  ['Miranshah', 'Miranshah', 'North Waziristan', 'Khyber Pakhtunkhwa', 'fata', 33.0, 70.071, 6],
  ['Wana', 'Wana', 'South Waziristan', 'Khyber Pakhtunkhwa', 'fata', 32.299, 69.573, 5],
  ['Ladha', 'Ladha', 'South Waziristan', 'Khyber Pakhtunkhwa', 'fata', 32.577, 69.87, 3],
  ['Khar', 'Khar', 'Bajaur', 'Khyber Pakhtunkhwa', 'fata', 34.727, 71.525, 4],
  ['Bara', 'Bara', 'Khyber', 'Khyber Pakhtunkhwa', 'fata', 33.913, 71.456, 4],
  ['Landi Kotal', 'Landi Kotal', 'Khyber', 'Khyber Pakhtunkhwa', 'fata', 34.099, 71.146, 2],
  ['Parachinar', 'Upper Kurram', 'Kurram', 'Khyber Pakhtunkhwa', 'fata', 33.899, 70.1, 3],
  ['Sadda', 'Lower Kurram', 'Kurram', 'Khyber Pakhtunkhwa', 'fata', 33.703, 70.325, 2],
  ['Ghalanai', 'Halimzai', 'Mohmand', 'Khyber Pakhtunkhwa', 'fata', 34.323, 71.378, 2],
  ['Quetta', 'Quetta City', 'Quetta', 'Balochistan', 'bal', 30.184, 67.0, 6],
  ['Chaman', 'Chaman', 'Killa Abdullah', 'Balochistan', 'bal', 30.917, 66.452, 2],
  ['Zhob', 'Zhob', 'Zhob', 'Balochistan', 'bal', 31.341, 69.449, 1],
  ['Loralai', 'Loralai', 'Loralai', 'Balochistan', 'bal', 30.37, 68.598, 1],
  ['Kohlu', 'Kohlu', 'Kohlu', 'Balochistan', 'bal', 29.896, 69.252, 2],
  ['Dera Bugti', 'Dera Bugti', 'Dera Bugti', 'Balochistan', 'bal', 29.06, 69.158, 2],
  ['Sibi', 'Sibi', 'Sibi', 'Balochistan', 'bal', 29.543, 67.877, 1],
  ['Mastung', 'Mastung', 'Mastung', 'Balochistan', 'bal', 29.799, 66.845, 2],
  ['Pishin', 'Pishin', 'Pishin', 'Balochistan', 'bal', 30.581, 66.996, 1],
  ['Islamabad', 'Islamabad', 'Islamabad', 'Islamabad Capital Territory', 'punjab', 33.693, 73.065, 2],
  ['Rawalpindi', 'Rawalpindi', 'Rawalpindi', 'Punjab', 'punjab', 33.6, 73.047, 2],
  ['Lahore', 'Lahore City', 'Lahore', 'Punjab', 'punjab', 31.549, 74.344, 3],
  ['Multan', 'Multan City', 'Multan', 'Punjab', 'punjab', 30.196, 71.475, 1],
  ['Faisalabad', 'Faisalabad City', 'Faisalabad', 'Punjab', 'punjab', 31.418, 73.079, 1],
  ['Dera Ghazi Khan', 'Dera Ghazi Khan', 'Dera Ghazi Khan', 'Punjab', 'punjab', 30.056, 70.635, 1],
  ['Muzaffarabad', 'Muzaffarabad', 'Muzaffarabad', 'Azad Jammu and Kashmir', 'kashmir', 34.37, 73.471, 1],
  ['Kotli', 'Kotli', 'Kotli', 'Azad Jammu and Kashmir', 'kashmir', 33.518, 73.902, 1],
  ['Athmuqam', 'Athmuqam', 'Neelum', 'Azad Jammu and Kashmir', 'kashmir', 34.585, 73.905, 1],
  ['Gilgit', 'Gilgit', 'Gilgit', 'Gilgit-Baltistan', 'kashmir', 35.92, 74.308, 1],
  ['Kabul', 'Kabul', 'Kabul', 'Kabul', 'af', 34.555, 69.207, 8],
  ['Kandahar', 'Kandahar', 'Kandahar', 'Kandahar', 'af', 31.628, 65.737, 6],
  ['Lashkar Gah', 'Lashkar Gah', 'Lashkar Gah', 'Helmand', 'af', 31.593, 64.37, 5],
  ['Sangin', 'Sangin', 'Sangin', 'Helmand', 'af', 32.073, 64.834, 4],
  ['Musa Qala', 'Musa Qala', 'Musa Qala', 'Helmand', 'af', 32.45, 64.767, 3],
  ['Herat', 'Herat', 'Herat', 'Herat', 'af', 34.352, 62.204, 3],
  ['Shindand', 'Shindand', 'Shindand', 'Herat', 'af', 33.303, 62.141, 2],
  ['Kunduz', 'Kunduz', 'Kunduz', 'Kunduz', 'af', 36.728, 68.857, 4],
  ['Mazar-e Sharif', 'Mazar-e Sharif', 'Mazar-e Sharif', 'Balkh', 'af', 36.709, 67.11, 3],
  ['Jalalabad', 'Jalalabad', 'Jalalabad', 'Nangarhar', 'af', 34.431, 70.447, 5],
  ['Achin', 'Achin', 'Achin', 'Nangarhar', 'af', 34.13, 70.7, 2],
  ['Khost', 'Khost', 'Khost', 'Khost', 'af', 33.339, 69.92, 3],
  ['Sharana', 'Sharana', 'Sharana', 'Paktika', 'af', 33.176, 68.73, 2],
  ['Barmal', 'Barmal', 'Barmal', 'Paktika', 'af', 32.75, 69.18, 1],
  ['Ghazni', 'Ghazni', 'Ghazni', 'Ghazni', 'af', 33.55, 68.423, 4],
  ['Farah', 'Farah', 'Farah', 'Farah', 'af', 32.374, 62.116, 2],
  ['Pul-e Khumri', 'Pul-e Khumri', 'Pul-e Khumri', 'Baghlan', 'af', 35.944, 68.715, 2],
  ['Gardez', 'Gardez', 'Gardez', 'Paktya', 'af', 33.597, 69.227, 2],
  ['Asadabad', 'Asadabad', 'Asadabad', 'Kunar', 'af', 34.873, 71.147, 2],
  ['Tarin Kot', 'Tarin Kot', 'Tarin Kot', 'Uruzgan', 'af', 32.626, 65.873, 2],
  ['Qalat', 'Qalat', 'Qalat', 'Zabul', 'af', 32.106, 66.906, 2],
  ['Maidan Shahr', 'Maidan Shahr', 'Maidan Shahr', 'Wardak', 'af', 34.396, 68.866, 2],
  ['Pul-e Alam', 'Pul-e Alam', 'Pul-e Alam', 'Logar', 'af', 33.995, 69.023, 2],
  ['Mehtar Lam', 'Mehtar Lam', 'Mehtar Lam', 'Laghman', 'af', 34.672, 70.209, 2],
  ['Maymana', 'Maymana', 'Maymana', 'Faryab', 'af', 35.921, 64.784, 2],
  ['Chaghcharan', 'Chaghcharan', 'Chaghcharan', 'Ghor', 'af', 34.522, 65.251, 1],
  ['Bamyan', 'Bamyan', 'Bamyan', 'Bamyan', 'af', 34.821, 67.827, 1],
  ['Charikar', 'Charikar', 'Charikar', 'Parwan', 'af', 35.013, 69.168, 1],
  ['Taloqan', 'Taloqan', 'Taloqan', 'Takhar', 'af', 36.736, 69.534, 2],
  ['Sar-e Pul', 'Sar-e Pul', 'Sar-e Pul', 'Sar-e Pul', 'af', 36.216, 65.933, 1],
];

const PLACES: Place[] = PLACE_ROWS.map(([town, sub, district, province, region, lat, lon, weight]) => ({
  town,
  sub,
  district,
  province,
  country: region === 'af' ? 'Afghanistan' : 'Pakistan',
  region,
  lat,
  lon,
  weight,
}));
const pickPlace = weighted(PLACES.map((p) => [p.weight, p] as const));

/** A point near a place: within about 5 km, and inside the box 61–75°E, 29–37°N. */
function near(r: Random, place: Place, spread = 0.045): { lat: number; lon: number } {
  const lat = Math.min(37, Math.max(29, place.lat + (r() * 2 - 1) * spread));
  const lon = Math.min(75, Math.max(61, place.lon + (r() * 2 - 1) * spread));
  return { lat, lon };
}

// Village names made of syllables: many distinct names, none a real word the searches look for.
// biome-ignore format: a word list
const SYLLABLES = [
  'ka', 'la', 'mir', 'dat', 'ta', 'khel', 'zai', 'gul', 'bag', 'shah', 'kot', 'ban', 'dar', 'sar', 'pur', 'gha',
  'mand', 'tang', 'nau', 'sha', 'ghun', 'tor', 'spin', 'ba', 'ra', 'mi', 'sai', 'dab', 'sang', 'kala',
];
const village = (r: Random) => {
  const name = pick(r, SYLLABLES) + pick(r, SYLLABLES) + (r() < 0.4 ? pick(r, SYLLABLES) : '');
  return name[0].toUpperCase() + name.slice(1);
};

// biome-ignore format: a word list
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
  'December',
];
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** "3 March 2023", as ACLED's notes and news wires write a day. */
const longDay = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

// ---- CSV and a writer that waits for the disk ------------------------------

const NEEDS_QUOTES = /[",\r\n]/;
/** A CSV cell: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
const q = (text: string) => (NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** Text to a file, in pieces of about 1 MB, each written only once the stream has room for it. */
class Output {
  #stream;
  #parts: string[] = [];
  #size = 0;
  bytes = 0;
  constructor(path: string) {
    this.#stream = createWriteStream(path);
  }
  /** Keeps `text`; true when a piece is ready for flush() (awaited only then: a row does not cost a promise). */
  write(text: string): boolean {
    this.#parts.push(text);
    this.#size += text.length;
    return this.#size >= 1 << 20;
  }
  async flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const chunk = Buffer.from(this.#parts.join(''), 'utf8');
    this.#parts = [];
    this.#size = 0;
    this.bytes += chunk.length;
    if (!this.#stream.write(chunk)) await new Promise<void>((resolve) => this.#stream.once('drain', resolve));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) =>
      this.#stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}

// ---- UCDP GED events (the UCDP CSV and the GeoJSON) ------------------------

/** The header of the sample (HDX's GED 22.1 export: GED's columns plus iso3), and its HXL row. */
const GED_HEADER =
  'id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,iso3,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob';
const GED_HXL =
  ',,#date+year,,,,,,,,,,,,#group+name+first,,,#group+name+second,,#meta+source,,,#description,,,#loc+name,,#adm1+name,#adm2+name,#geo+lat,#geo+lon,,,#country+name,#country+code,,#region+name,,,#date+start,#date+end,,,,,#affected+killed,,,,';

interface Dyad {
  violence: 1 | 2 | 3;
  conflictId: number;
  conflict: string;
  dyadId: number;
  sideA: string;
  sideAId: number;
  sideB: string;
  sideBId: number;
  gwnoa: string;
  gwnob: string;
}
const dyad = (
  violence: 1 | 2 | 3,
  conflictId: number,
  conflict: string,
  dyadId: number,
  [sideA, sideAId, gwnoa]: [string, number, string],
  [sideB, sideBId, gwnob]: [string, number, string],
): Dyad => ({ violence, conflictId, conflict, dyadId, sideA, sideAId, sideB, sideBId, gwnoa, gwnob });

const GOP: [string, number, string] = ['Government of Pakistan', 142, '770'];
const GOA: [string, number, string] = ['Government of Afghanistan', 130, '700'];
const CIVILIANS: [string, number, string] = ['Civilians', 1, ''];
const TTP: [string, number, string] = ['TTP', 1170, ''];
const TALEBAN: [string, number, string] = ['Taleban', 303, ''];
const IS: [string, number, string] = ['IS', 234, ''];
const DYADS: Record<Region, (r: Random) => Dyad> = {
  kp: weighted([
    [70, dyad(1, 209, 'Pakistan: Government', 5474, GOP, TTP)],
    [15, dyad(3, 1170, 'TTP - Civilians', 1170, TTP, CIVILIANS)],
    [5, dyad(1, 209, 'Pakistan: Government', 16284, GOP, ['Lashkar-e-Islam', 1320, ''])],
    [5, dyad(3, 234, 'IS - Civilians', 1069, IS, CIVILIANS)],
  ]),
  fata: weighted([
    [65, dyad(1, 209, 'Pakistan: Government', 5474, GOP, TTP)],
    [
      15,
      dyad(
        1,
        418,
        'United States of America: Government',
        862,
        ['Government of United States of America', 2, '2'],
        ['al-Qaida', 193, ''],
      ),
    ],
    [10, dyad(3, 1170, 'TTP - Civilians', 1170, TTP, CIVILIANS)],
    [10, dyad(2, 13691, 'TTP - Lashkar-e-Islam', 13691, TTP, ['Lashkar-e-Islam', 1320, ''])],
  ]),
  bal: weighted([
    [40, dyad(1, 210, 'Pakistan: Balochistan', 732, GOP, ['BLA', 327, ''])],
    [20, dyad(1, 210, 'Pakistan: Balochistan', 14082, GOP, ['BRA', 1136, ''])],
    [15, dyad(1, 210, 'Pakistan: Balochistan', 14084, GOP, ['BLF', 1137, ''])],
    [10, dyad(3, 327, 'BLA - Civilians', 327, ['BLA', 327, ''], CIVILIANS)],
    [15, dyad(1, 209, 'Pakistan: Government', 5474, GOP, TTP)],
  ]),
  punjab: weighted([
    [40, dyad(1, 209, 'Pakistan: Government', 5474, GOP, TTP)],
    [30, dyad(3, 1170, 'TTP - Civilians', 1170, TTP, CIVILIANS)],
    [20, dyad(3, 433, 'LeJ - Civilians', 433, ['LeJ', 433, ''], CIVILIANS)],
    [10, dyad(1, 209, 'Pakistan: Government', 16279, GOP, ['Jamaat-ul-Ahrar', 6148, ''])],
  ]),
  kashmir: weighted([
    [80, dyad(1, 218, 'India - Pakistan', 422, ['Government of India', 141, '750'], GOP)],
    [20, dyad(1, 209, 'Pakistan: Government', 5474, GOP, TTP)],
  ]),
  af: weighted([
    [70, dyad(1, 333, 'Afghanistan: Government', 724, GOA, TALEBAN)],
    [10, dyad(3, 303, 'Taleban - Civilians', 303, TALEBAN, CIVILIANS)],
    [10, dyad(1, 333, 'Afghanistan: Government', 15262, GOA, ['IS', 234, ''])],
    [5, dyad(3, 234, 'IS - Civilians', 234, IS, CIVILIANS)],
    [5, dyad(1, 333, 'Afghanistan: Government', 727, GOA, ['Hizb-i Islami-yi Afghanistan', 291, ''])],
  ]),
};

const AGENCIES = [
  ['Agence France Presse', 'https://www.afp.com/en/news/'],
  ['Associated Press Newswires', 'https://apnews.com/article/'],
  ['Reuters News', 'https://www.reuters.com/world/asia-pacific/'],
  ['Xinhua News Agency', 'http://www.xinhuanet.com/english/'],
  ['BBC Monitoring South Asia', 'https://monitoring.bbc.co.uk/product/'],
  ['Dawn', 'https://www.dawn.com/news/'],
  ['The News International', 'https://www.thenews.com.pk/print/'],
  ['The Express Tribune', 'https://tribune.com.pk/story/'],
  ['Pajhwok Afghan News', 'https://pajhwok.com/'],
  ['TOLOnews', 'https://tolonews.com/afghanistan-'],
] as const;
// biome-ignore format: a word list
const ORIGINALS = [
  'officials', 'police', 'Pakistani military spokesman', 'ISPR', 'local residents', 'Taliban spokesman',
  'hospital sources', 'security officials', 'provincial governor spokesman', 'tribal elders', 'ministry of interior',
];
// biome-ignore format: a word list
const TARGETS = [
  'checkpost', 'police station', 'convoy', 'market', 'mosque', 'school', 'hideout', 'compound', 'bus', 'bazaar',
  'funeral', 'wedding', 'government office', 'border post', 'patrol',
];

interface GedEvent {
  id: number;
  dyad: Dyad;
  place: Place;
  lat: number;
  lon: number;
  start: number;
  end: number;
  datePrec: number;
  wherePrec: number;
  whereCoordinates: string;
  whereDescription: string;
  deaths: [number, number, number, number];
  best: number;
  low: number;
  high: number;
  article: string;
  office: string;
  sourceDate: string;
  headline: string;
  original: string;
  sources: { title: string; publisher: string; url: string; published: string }[];
  clarity: number;
  nSources: number;
}

const GED_FIRST = Date.UTC(1989, 0, 1);
const GED_DAYS = (Date.UTC(2023, 11, 31) - GED_FIRST) / DAY_MS + 1;
const pickDatePrec = weighted([
  [950, 1],
  [40, 2],
  [4, 3],
  [5, 4],
  [1, 5],
] as const);
const pickWherePrec = weighted([
  [36, 1],
  [41, 2],
  [18, 3],
  [1, 4],
  [4, 5],
] as const);

function headlineFor(r: Random, e: { dyad: Dyad; place: Place; best: number; spot: string }): string {
  const n = e.best;
  const who = e.dyad.sideB === 'Civilians' ? e.dyad.sideA : e.dyad.sideB;
  switch (int(r, 0, 5)) {
    case 0:
      return `${n} militants killed in ${e.place.district} ${pick(r, ['operation', 'raid', 'clash', 'gunbattle'])}: ${pick(r, ORIGINALS)}`;
    case 1:
      return `Security forces kill ${n} ${who} fighters near ${e.spot}`;
    case 2:
      return `${n} dead as roadside bomb hits ${pick(r, TARGETS)} in ${e.place.town}`;
    case 3:
      return `Drone strike kills ${n} in ${e.place.district}, ${e.place.country}`;
    case 4:
      return `Suicide attack on ${pick(r, TARGETS)} in ${e.place.town} leaves ${n} dead`;
    default:
      return `${who} attack ${pick(r, TARGETS)} in ${e.place.province}; ${n} killed, ${int(r, 0, 12)} hurt`;
  }
}

function gedEvent(r: Random, index: number): GedEvent {
  const place = pickPlace(r);
  const d = DYADS[place.region](r);
  const { lat, lon } = near(r, place);
  const start = GED_FIRST + Math.floor(r() * GED_DAYS) * DAY_MS;
  const datePrec = pickDatePrec(r);
  let end = start;
  if (datePrec === 2) end = start + int(r, 1, 6) * DAY_MS;
  else if (datePrec === 3) end = start + int(r, 7, 30) * DAY_MS;
  const first = new Date(start);
  let from = start;
  if (datePrec === 4) {
    from = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
    end = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0);
  } else if (datePrec === 5) {
    from = Date.UTC(first.getUTCFullYear(), 0, 1);
    end = Date.UTC(first.getUTCFullYear(), 11, 31);
  }
  const deaths: [number, number, number, number] = [0, 0, 0, 0];
  const best = deathsCount(r);
  for (let k = 0; k < best; k++) deaths[d.violence === 3 ? (r() < 0.9 ? 2 : 3) : int(r, 0, 3)]++;
  const low = Math.max(0, best - (r() < 0.8 ? 0 : int(r, 1, 3)));
  const high = best + (r() < 0.75 ? 0 : int(r, 1, 10));
  const wherePrec = pickWherePrec(r);
  const hamlet = village(r);
  const whereCoordinates =
    wherePrec <= 2
      ? `${place.town} town`
      : wherePrec === 3
        ? `${place.district} district`
        : `${place.province} province`;
  const whereDescription = pickDescription(r)({ place, hamlet });
  const spot = r() < 0.5 ? place.town : `${hamlet} village`;
  const nSources = r() < 0.1 ? -1 : int(r, 1, 4);

  // Source text as GED writes it, in three forms in about the sample's proportions.
  const headline = headlineFor(r, { dyad: d, place, best, spot });
  const form = r();
  const agency = pick(r, AGENCIES);
  const sourceDay = isoDay(start + int(r, 0, 2) * DAY_MS);
  let article: string;
  let office = '';
  let sourceDate = '';
  let sourceHeadline = '';
  const sources = [
    { title: headline, publisher: agency[0], url: `${agency[1]}${int(r, 1_000_000, 9_999_999)}`, published: sourceDay },
  ];
  if (form < 0.35) {
    // "Agency,date,headline" entries, quoted, separated by semicolons.
    article = `"${agency[0]},${sourceDay},${headline}"`;
    office = agency[0];
    sourceDate = sourceDay;
    sourceHeadline = headline;
    if (r() < 0.3) {
      const other = pick(r, AGENCIES);
      const second = headlineFor(r, { dyad: d, place, best, spot });
      article += `;"${other[0]},${sourceDay},${second}"`;
      office += `;${other[0]}`;
      sourceDate += `;${sourceDay}`;
      sourceHeadline += `;${second}`;
      sources.push({
        title: second,
        publisher: other[0],
        url: `${other[1]}${int(r, 1_000_000, 9_999_999)}`,
        published: sourceDay,
      });
    }
  } else if (form < 0.55) {
    article = `${headline}\n${longDay(start)}\n${agency[0]}`;
  } else {
    const d0 = new Date(start);
    article =
      r() < 0.5
        ? `${agency[0]} website, ${place.town}, in English ${d0.getUTCDate()} ${MONTHS[d0.getUTCMonth()].slice(0, 3)} ${String(d0.getUTCFullYear()).slice(2)}`
        : `${agency[0].split(' ')[0]} ${d0.getUTCDate()}/${d0.getUTCMonth() + 1} ${d0.getUTCFullYear()}`;
  }
  return {
    id: 100_000 + index,
    dyad: d,
    place,
    lat,
    lon,
    start: from,
    end,
    datePrec,
    wherePrec,
    whereCoordinates,
    whereDescription,
    deaths,
    best,
    low,
    high,
    article,
    office,
    sourceDate,
    headline: sourceHeadline,
    original: r() < 0.6 ? pick(r, ORIGINALS) : '',
    sources,
    clarity: r() < 0.95 ? 1 : 2,
    nSources,
  };
}

const DIRECTIONS = ['north', 'south', 'east', 'west', 'north-east', 'south-west'];
const pickDescription = weighted<(p: { place: Place; hamlet: string }) => string>([
  [30, ({ place }) => place.town],
  [20, ({ hamlet }) => `${hamlet} village`],
  [
    20,
    ({ place, hamlet }) => `${hamlet}, ${(hamlet.length % 9) + 3} km ${DIRECTIONS[hamlet.length % 6]} of ${place.town}`,
  ],
  [15, ({ place, hamlet }) => `${hamlet} area of ${place.district}`],
  [10, ({ place, hamlet }) => `${hamlet} and adjacent areas of ${place.sub} tehsil`],
  [5, ({ place }) => `near ${place.town} bazaar`],
]);

const UCDP_PRECISION = ['', 'exact', 'town', 'district', 'province', 'district'];
const VIOLENCE = ['', 'state-based', 'non-state', 'one-sided'];
/** GED's adm_1: "Balochistan province", the tribal areas as they were named before 2018, territories as they are. */
const ucdpProvince = (p: Place) =>
  p.region === 'fata'
    ? 'Federally Administered Tribal Areas'
    : ['Islamabad Capital Territory', 'Azad Jammu and Kashmir', 'Gilgit-Baltistan'].includes(p.province)
      ? p.province
      : `${p.province} province`;
const ucdpDistrict = (p: Place) => `${p.district} ${p.region === 'fata' ? 'agency' : 'district'}`;
const gedDay = (ms: number) => `${isoDay(ms)} 00:00:00.000`;
const priogrid = (lat: number, lon: number) => Math.floor((lat + 90) * 2) * 720 + Math.floor((lon + 180) * 2) + 1;

function gedRow(e: GedEvent): string {
  const d = e.dyad;
  const p = e.place;
  const year = new Date(e.start).getUTCFullYear();
  const iso = p.country === 'Pakistan' ? 'PAK' : 'AFG';
  const lat = e.lat.toFixed(6);
  const lon = e.lon.toFixed(6);
  return [
    e.id,
    `${iso}-${year}-${d.violence}-${d.dyadId}-${e.id % 997}`,
    year,
    1,
    'Clear',
    d.violence,
    d.conflictId,
    d.conflictId,
    q(d.conflict),
    d.dyadId,
    d.dyadId,
    q(`${d.sideA} - ${d.sideB}`),
    d.sideAId,
    d.sideAId,
    q(d.sideA),
    d.sideBId,
    d.sideBId,
    q(d.sideB),
    e.nSources,
    q(e.article),
    q(e.office),
    e.sourceDate,
    q(e.headline),
    q(e.original),
    e.wherePrec,
    q(e.whereCoordinates),
    q(e.whereDescription),
    q(ucdpProvince(p)),
    q(ucdpDistrict(p)),
    lat,
    lon,
    `POINT (${Number(lon)} ${Number(lat)})`,
    priogrid(e.lat, e.lon),
    p.country,
    iso,
    p.country === 'Pakistan' ? 770 : 700,
    'Asia',
    e.clarity,
    e.datePrec,
    gedDay(e.start),
    gedDay(e.end),
    ...e.deaths,
    e.best,
    e.high,
    e.low,
    d.gwnoa,
    d.gwnob,
  ].join(',');
}

/** What the app searches in a UCDP row (sides, conflict, place names; the rest of its summary is fixed words). */
const gedSearched = (e: GedEvent) =>
  [e.dyad.sideA, e.dyad.sideB, e.dyad.conflict, e.whereDescription, ucdpDistrict(e.place), ucdpProvince(e.place)]
    .join(' ')
    .toLowerCase();

/** The event as our own GeoJSON: the GED text in the summary. */
function gedFeature(e: GedEvent): { json: string; searched: string; summary: string } {
  const d = e.dyad;
  const p = e.place;
  const who =
    d.violence === 3
      ? `${d.sideA} against civilians`
      : d.sideA.startsWith('Government') && !d.sideB.startsWith('Government')
        ? `${d.sideB} vs ${d.sideA}`
        : `${d.sideA} vs ${d.sideB}`;
  const title = `${who}, ${e.whereDescription.split(',')[0]}`;
  const said = e.headline.split(';')[0] || e.article.split('\n')[0].replaceAll('"', '');
  const summary = `${e.whereDescription}: ${said}.${e.original ? ` Reported by ${e.original}.` : ''} Best estimate ${e.best} (low ${e.low}, high ${e.high}); ${d.conflict}.`;
  const place = `${e.whereDescription}, ${ucdpDistrict(p)}, ${ucdpProvince(p)}`;
  const date =
    e.datePrec === 4
      ? isoDay(e.start).slice(0, 7)
      : e.datePrec === 5
        ? isoDay(e.start).slice(0, 4)
        : e.end > e.start
          ? `${isoDay(e.start)}/${isoDay(e.end)}`
          : isoDay(e.start);
  const actors = [d.sideA, d.sideB];
  const feature = {
    type: 'Feature',
    id: `ucdp-${e.id}`,
    geometry: { type: 'Point', coordinates: [Number(e.lon.toFixed(6)), Number(e.lat.toFixed(6))] },
    properties: {
      title,
      summary,
      date,
      category: VIOLENCE[d.violence],
      place,
      country: p.country,
      location_precision: UCDP_PRECISION[e.wherePrec],
      actors,
      fatalities: e.best,
      sources: e.sources,
    },
  };
  return {
    json: JSON.stringify(feature),
    searched: [title, summary, ...actors, place].join(' ').toLowerCase(),
    summary,
  };
}

// ---- ACLED -----------------------------------------------------------------

const ACLED_HEADER =
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp';

const ACLED_FIRST = Date.UTC(2010, 0, 1);
const ACLED_DAYS = (Date.UTC(2023, 11, 31) - ACLED_FIRST) / DAY_MS + 1;
const forces = (p: Place, kind: 'Military' | 'Police') =>
  p.country === 'Pakistan' ? `${kind} Forces of Pakistan (2018-)` : `${kind} Forces of Afghanistan (2004-2021)`;
const civilians = (p: Place) => `Civilians (${p.country})`;
const insurgents = (p: Place) =>
  p.country === 'Afghanistan'
    ? 'Taliban'
    : p.region === 'bal'
      ? 'BLA: Baloch Liberation Army'
      : 'TTP: Tehreek-i-Taliban Pakistan';
// biome-ignore format: a word list
const SOURCES = [
  'Dawn', 'The News International', 'Express Tribune', 'Pajhwok Afghan News', 'Khaama Press', 'TOLOnews',
  'Dawn; The News International', 'Pakistan Today', 'Reuters', 'Twitter', 'Aamaj News',
];
const SCALES = ['National', 'Subnational', 'New media', 'National-International', 'Subnational-National', 'Other'];
const GROUPS = [
  'traders',
  'lawyers',
  'teachers',
  'students',
  'farmers',
  'PTI supporters',
  'JUI-F workers',
  'residents',
];
// biome-ignore format: a word list
const GRIEVANCES = [
  'power outages', 'the arrest of a local leader', 'rising prices', 'a targeted killing', 'land disputes',
  'the closure of the border crossing', 'poor law and order', 'delays in salaries',
];

interface AcledRow {
  row: string;
  searched: string;
  id: string;
  notes: string;
}

/** One ACLED event, with notes of about 240 characters as ACLED writes them. */
function acledRow(r: Random, index: number, marker: string | null): AcledRow {
  const p = pickPlace(r);
  const { lat, lon } = near(r, p, 0.035);
  const day = ACLED_FIRST + Math.floor(r() * ACLED_DAYS) * DAY_MS;
  const when = longDay(day);
  const hamlet = village(r);
  const at =
    r() < 0.5
      ? `${p.town} (${p.district}, ${p.province})`
      : `${hamlet} area of ${p.sub} (${p.district}, ${p.province})`;
  const kind = r();
  let disorder = 'Political violence';
  let type: string;
  let sub: string;
  let a1: string;
  let a2 = '';
  let inter1: number;
  let inter2 = 0;
  let fatalities = 0;
  let notes: string;
  let tags = '';
  let assoc1 = '';
  const assoc2 = '';
  const n = deathsCount(r);
  const target = pick(r, TARGETS);
  const own = p.country === 'Pakistan' ? 'Pakistani' : 'Afghan';
  const killed = (what: string) => (n === 0 ? `no ${what}` : `${n} ${n === 1 ? what.replace(/s$/, '') : what}`);
  if (kind < 0.3) {
    [type, sub, a1, a2, inter1, inter2] = ['Battles', 'Armed clash', forces(p, 'Military'), insurgents(p), 1, 2];
    fatalities = n;
    notes = `On ${when}, ${own} military forces clashed with ${a2.split(': ').at(-1)} militants at ${at} near a ${target}. Reportedly ${killed('militants')} were killed and ${int(r, 0, 6)} soldiers injured in the exchange of fire.`;
  } else if (kind < 0.5) {
    [type, sub, a1, a2, inter1, inter2] = [
      'Explosions/Remote violence',
      'Remote explosive/landmine/IED',
      insurgents(p),
      forces(p, 'Police'),
      2,
      1,
    ];
    fatalities = n;
    notes = `On ${when}, an IED planted by suspected ${a1.split(': ').at(-1)} militants went off near a ${own} police ${target} at ${at}, killing ${killed('people')} and wounding ${int(r, 0, 15)}. No group claimed the blast.`;
  } else if (kind < 0.6) {
    [type, sub, a1, a2, inter1, inter2] = [
      'Explosions/Remote violence',
      'Air/drone strike',
      forces(p, 'Military'),
      insurgents(p),
      1,
      2,
    ];
    fatalities = n;
    notes = `On ${when}, ${own} military aircraft struck suspected hideouts of ${a2.split(': ').at(-1)} at ${at}, killing ${killed('militants')} according to officials. Residents said ${int(r, 0, 5)} civilians were among the dead.`;
  } else if (kind < 0.72) {
    [type, sub, a1, a2, inter1, inter2] = ['Violence against civilians', 'Attack', insurgents(p), civilians(p), 2, 7];
    fatalities = n;
    notes = `On ${when}, gunmen believed to belong to ${a1.split(': ').at(-1)} opened fire at a ${target} at ${at}, killing ${killed('civilians')}, including a ${pick(r, GROUPS).replace(/s$/, '')}. Police registered a case.`;
  } else if (kind < 0.9) {
    disorder = 'Demonstrations';
    const group = pick(r, GROUPS);
    [type, sub, a1, inter1] = ['Protests', 'Peaceful protest', `Protesters (${p.country})`, 6];
    assoc1 = r() < 0.5 ? `${group[0].toUpperCase()}${group.slice(1)} (${p.country})` : '';
    tags = 'crowd size=no report';
    notes = `On ${when}, ${group} staged a protest at ${at} against ${pick(r, GRIEVANCES)}. They blocked the main road near the ${target} for ${int(r, 1, 6)} hours and demanded action from the authorities. [size=no report]`;
  } else {
    disorder = 'Strategic developments';
    [type, sub, a1, a2, inter1, inter2] = [
      'Strategic developments',
      'Arrests',
      forces(p, 'Police'),
      civilians(p),
      1,
      7,
    ];
    notes = `On ${when}, ${own} police arrested ${int(r, 2, 30)} suspects in a search operation at ${at} and recovered weapons and explosives from a ${target}. The suspects were moved to an undisclosed location.`;
  }
  if (marker) notes = `${notes} Residents called the place ${marker}.`;
  const iso = p.country === 'Pakistan' ? 586 : 4;
  const id = `${p.country === 'Pakistan' ? 'PAK' : 'AFG'}${index + 1}`;
  const civ = inter2 === 7 && type !== 'Strategic developments' ? 'Civilian targeting' : '';
  const interaction = inter2 === 0 ? inter1 * 10 : Math.min(inter1, inter2) * 10 + Math.max(inter1, inter2);
  const row = [
    id,
    isoDay(day),
    new Date(day).getUTCFullYear(),
    r() < 0.9 ? 1 : 2,
    disorder,
    type,
    q(sub),
    q(a1),
    q(assoc1),
    inter1,
    q(a2),
    q(assoc2),
    inter2 || '',
    interaction,
    civ,
    iso,
    'South Asia',
    p.country,
    q(p.province),
    q(p.district),
    q(p.sub),
    q(p.town),
    lat.toFixed(4),
    lon.toFixed(4),
    r() < 0.8 ? 1 : 2,
    q(pick(r, SOURCES)),
    pick(r, SCALES),
    q(notes),
    fatalities,
    tags,
    Math.floor(day / 1000) + int(r, 86_400, 90 * 86_400),
  ].join(',');
  const searched = [sub, type, p.town, p.sub, p.district, p.province, p.country, notes, a1, assoc1, a2, assoc2]
    .join(' ')
    .toLowerCase();
  return { row, searched, id, notes };
}

// ---- files -----------------------------------------------------------------

/** A GED event with the marker planted in its place description and its first headline. */
function plant(e: GedEvent, marker: string): GedEvent {
  const whereDescription = `${marker} hamlet near ${e.place.town}`;
  return { ...e, whereDescription, headline: e.headline && `${e.headline} (${marker})` };
}

async function writeUcdp(path: string, count: number, seed: number, marker: string, at: number) {
  const out = new Output(path);
  if (out.write(`${GED_HEADER}\r\n${GED_HXL}\r\n`)) await out.flush();
  const r = mulberry32(seed);
  let common = 0;
  let snippet = '';
  for (let i = 0; i < count; i++) {
    let e = gedEvent(r, i);
    if (i === at) {
      e = plant(e, marker);
      snippet = e.whereDescription.slice(0, 30);
    }
    if (gedSearched(e).includes(COMMON_WORD)) common++;
    if (out.write(`${gedRow(e)}\r\n`)) await out.flush();
  }
  await out.close();
  return { bytes: out.bytes, markerId: `ucdp-${100_000 + at}`, snippet, commonCount: common };
}

async function writeGeojson(path: string, count: number, seed: number, marker: string, at: number) {
  const out = new Output(path);
  if (out.write('{"type":"FeatureCollection","name":"Synthetic UCDP GED events (bench:big)","features":[\n'))
    await out.flush();
  const r = mulberry32(seed);
  let common = 0;
  let snippet = '';
  for (let i = 0; i < count; i++) {
    let e = gedEvent(r, i);
    if (i === at) e = plant(e, marker);
    const { json, searched, summary } = gedFeature(e);
    if (i === at) snippet = summary.slice(0, 30);
    if (searched.includes(COMMON_WORD)) common++;
    if (out.write(i === 0 ? json : `,\n${json}`)) await out.flush();
  }
  if (out.write('\n]}\n')) await out.flush();
  await out.close();
  return { bytes: out.bytes, markerId: `ucdp-${100_000 + at}`, snippet, commonCount: common };
}

async function writeAcled(path: string, count: number, seed: number, marker: string, at: number) {
  const out = new Output(path);
  if (out.write(`${ACLED_HEADER}\n`)) await out.flush();
  const r = mulberry32(seed);
  let common = 0;
  let snippet = '';
  let markerId = '';
  for (let i = 0; i < count; i++) {
    const { row, searched, id, notes } = acledRow(r, i, i === at ? marker : null);
    if (i === at) {
      markerId = id;
      snippet = notes.slice(0, 30);
    }
    if (searched.includes(COMMON_WORD)) common++;
    if (out.write(`${row}\n`)) await out.flush();
  }
  await out.close();
  return { bytes: out.bytes, markerId, snippet, commonCount: common };
}

const WRITERS = { ucdp: writeUcdp, geojson: writeGeojson, acled: writeAcled };
const EXTENSIONS: Record<BigFileKind, string> = { ucdp: 'csv', geojson: 'geojson', acled: 'csv' };
const NAMES: Record<BigFileKind, string> = { ucdp: 'ucdp-ged', geojson: 'ucdp-ged', acled: 'acled' };

/** Writes (or reuses) each kind of file at `scale` of its full size; returns what each holds. */
export async function generateAll(options: GenerateOptions = {}): Promise<BigFileMeta[]> {
  const { scale = 1, seed = 29, dir = DEFAULT_DIR, kinds = BIG_FILE_KINDS, log = () => {} } = options;
  mkdirSync(dir, { recursive: true });
  const metas: BigFileMeta[] = [];
  for (const kind of kinds) {
    const rows = Math.max(10, Math.round(FULL_COUNTS[kind] * scale));
    const name = `${NAMES[kind]}-${rows}.${EXTENSIONS[kind]}`;
    const path = join(dir, name);
    const metaPath = `${path}.meta.json`;
    if (existsSync(metaPath) && existsSync(path)) {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as BigFileMeta;
      if (meta.version === VERSION && meta.seed === seed && meta.rows === rows && statSync(path).size === meta.bytes) {
        log(`${name}: reusing (${(meta.bytes / 1e6).toFixed(1)} MB)`);
        metas.push({ ...meta, path, seconds: 0 });
        continue;
      }
    }
    log(`${name}: writing ${rows.toLocaleString('en-GB')} rows…`);
    const started = performance.now();
    const marker = `zqxmarker${kind === 'acled' ? 'acled' : 'ged'}${rows}`;
    // The same row in the UCDP CSV and the GeoJSON, as they hold the same events.
    const at = Math.floor(rows * 0.618);
    const partial = `${path}.partial`;
    const written = await WRITERS[kind](partial, rows, seed * 1000 + (kind === 'acled' ? 2 : 1), marker, at);
    renameSync(partial, path);
    const seconds = (performance.now() - started) / 1000;
    const meta: BigFileMeta = {
      kind,
      version: VERSION,
      seed,
      scale,
      path,
      name,
      rows,
      bytes: written.bytes,
      marker,
      markerId: written.markerId,
      snippet: written.snippet,
      commonWord: COMMON_WORD,
      commonCount: written.commonCount,
      seconds,
    };
    writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
    log(
      `${name}: ${(written.bytes / 1e6).toFixed(1)} MB, ${(written.bytes / rows).toFixed(0)} bytes a row, in ${seconds.toFixed(1)} s`,
    );
    metas.push(meta);
  }
  return metas;
}

/** BENCH_BIG_SCALE and BENCH_BIG_FILES as the runner reads them. */
export function optionsFromEnv(): { scale: number; kinds: BigFileKind[]; dir: string } {
  const scale = Number(process.env.BENCH_BIG_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`BENCH_BIG_SCALE=${process.env.BENCH_BIG_SCALE} is not a positive number`);
  const kinds = (process.env.BENCH_BIG_FILES ?? BIG_FILE_KINDS.join(','))
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const k of kinds) {
    if (!BIG_FILE_KINDS.includes(k as BigFileKind)) {
      throw new Error(`BENCH_BIG_FILES: "${k}" is not one of ${BIG_FILE_KINDS.join(', ')}`);
    }
  }
  return { scale, kinds: kinds as BigFileKind[], dir: process.env.BENCH_BIG_DIR ?? DEFAULT_DIR };
}

// `tsx bench/big/generate.ts`: only the files, timed.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  generateAll({ ...optionsFromEnv(), log: (line) => console.log(line) })
    .then(() => console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s`))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
