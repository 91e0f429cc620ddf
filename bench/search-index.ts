// The token index (src/data/search/token-index.ts) on ACLED-like search lines:
// build time and memory, two halves searched in place against one merged index,
// and queries against today's scan (searchMask) where its text fits in a string.
// `npx tsx bench/search-index.ts [lines=2500000] [scan lines=400000]`; add
// `--expose-gc` through NODE_OPTIONS for steadier memory figures.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { searchMask, searchWords } from '../src/analysis/filters';
import { foldAsciiInto, foldForSearch, searchLineOf } from '../src/data/search/fold';
import {
  type RankedTokenIndex,
  searchTokenIndex,
  type TokenIndex,
  tokenIndexBytes,
} from '../src/data/search/token-index';
import { TokenIndexBuilder } from '../src/data/search/token-index-builder';
import { mulberry32 } from './generate';

const LINES = Number(process.argv[2] ?? 2_500_000);
// Today's scan decodes its text with TextDecoder, which in Node 20 refuses 2^27 units or
// more (~450 000 of these lines): 400 000 is about the most it can search here.
const SCAN_LINES = Number(process.argv[3] ?? 400_000);
const BATCH = 20_000;
// V8's longest string: today's scan decodes the whole search text into one.
const MAX_STRING = 2 ** 29 - 24;
const MAX_NODE_DECODE = 2 ** 27 - 1;

const SYLLABLES =
  'ka,bul,mir,ali,dera,ghazi,khan,wa,zir,is,tan,pesh,awar,quet,ta,lash,kar,gah,ja,lal,abad,kun,duz,hel,mand,far,ah,zab,ul,gar,dez,pak,tia,kot,pur,sha,hr,nag,ar,bad,ghis,so,ma,li,ba,idoa,gao,mop,ti,dou,en,tza,sah,el,hom,s,dar,aa,id,lib'.split(
    ',',
  );
const MONTHS = 'January,February,March,April,May,June,July,August,September,October,November,December'.split(',');
const COUNTRIES =
  'Afghanistan,Pakistan,Syria,Yemen,Somalia,Mali,Burkina Faso,Nigeria,Iraq,Sudan,Myanmar,Ukraine,Ethiopia,Cameroon,Niger,Mozambique,Libya,Colombia,Mexico,India'.split(
    ',',
  );
const TARGETS =
  'a police checkpost,a military convoy,a market,a school,a mosque,civilians,a vehicle,a health worker,a polling station,an army base,a village elder,farmers,a bus,a government office'.split(
    ',',
  );
const VICTIMS = 'police,soldiers,civilians,militants,protesters,children,women,passengers'.split(',');

/** Words from syllables: `n` distinct names, capitalised, some with an accent. */
function names(n: number, random: () => number, accent: boolean): string[] {
  const made = new Set<string>();
  while (made.size < n) {
    let name = '';
    for (let k = 2 + Math.floor(random() * 3); k > 0; k--) name += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (accent && random() < 0.03) name = name.replace('e', 'é');
    made.add(name[0].toUpperCase() + name.slice(1));
  }
  return [...made];
}

/** A long tail: index k drawn with weight about 1 / (k + 1). */
function zipf(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1)) - 1));
}

/** A generator of ACLED-like search lines (title, notes, actors, place), the same for the same seed. */
function lineMaker(seed: number): () => string {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const towns = names(4000, random, true);
  const villages = names(300_000, random, true);
  const regions = names(80, random, false);
  const clans = names(1500, random, false);
  const actors = [
    ...COUNTRIES.flatMap((c) => [`Military Forces of ${c} (2016-)`, `Police Forces of ${c} (2016-)`]),
    ...COUNTRIES.flatMap((c) => [`Unidentified Armed Group (${c})`, `Protesters (${c})`, `Rioters (${c})`]),
    ...clans.map((clan) => `${clan} Communal Militia (${pick(COUNTRIES)})`),
  ];
  return () => {
    const place = random() < 0.5 ? pick(towns) : villages[zipf(random, villages.length)];
    const district = pick(towns);
    const region = pick(regions);
    const date = `${1 + Math.floor(random() * 28)} ${pick(MONTHS)} ${2015 + Math.floor(random() * 10)}`;
    const [a, b] = [pick(actors), pick(actors)];
    const n = Math.floor(random() * 12);
    let notes: string;
    switch (Math.floor(random() * 4)) {
      case 0:
        notes = `On ${date}, unidentified gunmen attacked ${pick(TARGETS)} in ${place} (${district}, ${region}). ${n} ${pick(VICTIMS)} killed and ${Math.floor(random() * 20)} others wounded, according to local sources.`;
        break;
      case 1:
        notes = `On ${date}, around ${10 * (1 + n)} protesters gathered in ${place} (${district}, ${region}) to demand the release of detained members and better services. [size=no report]`;
        break;
      case 2:
        notes = `On ${date}, an armed clash occurred between ${a} and ${b} near ${place} (${district}, ${region}). ${n} fatalities reported; the attackers fled the area.`;
        break;
      default:
        notes = `On ${date}, ${a} shelled ${place} in ${district} district (${region}), killing ${n} civilians and injuring ${Math.floor(random() * 30)} others. Property destroyed.`;
    }
    const title = `${pick(['Armed clash', 'Attack', 'Shelling', 'Peaceful protest', 'Remote explosive'])} in ${place}`;
    return searchLineOf({ title, summary: notes, actors: [a, b], place: `${place}, ${pick(COUNTRIES)}` });
  };
}

/** Folds a line into `units` from `at` as the packer does; returns where it ends. */
function foldInto(line: string, units: Uint16Array, at: number): number {
  const to = foldAsciiInto(line, units, at);
  if (to >= 0) return to;
  const folded = foldForSearch(line);
  for (let k = 0; k < folded.length; k++) units[at + k] = folded.charCodeAt(k);
  return at + folded.length;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const gc = (globalThis as { gc?: () => void }).gc;
function memory() {
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, buffers: m.arrayBuffers };
}
function showMemory(label: string, m: ReturnType<typeof memory>) {
  console.log(`  ${label}: rss ${mib(m.rss)}, heap ${mib(m.heap)}, array buffers ${mib(m.buffers)}`);
}

/** CPU time (ms) this process has used: on a machine shared with other work, steadier than the clock. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The least CPU time (ms) of three runs after a first, and the clock's for that run, and the result. */
function timed<T>(run: () => T): { ms: number; wallMs: number; result: T } {
  let best = { ms: Infinity, wallMs: Infinity };
  let result = run();
  for (let k = 0; k < 3; k++) {
    const [cpu, wall] = [cpuMs(), performance.now()];
    result = run();
    const ms = cpuMs() - cpu;
    if (ms < best.ms) best = { ms, wallMs: performance.now() - wall };
  }
  return { ...best, result };
}

interface Built {
  parts: RankedTokenIndex[];
  units: number;
  tokens: number;
  /** CPU time adding lines and finishing, both halves. */
  buildMs: number;
}

/** Builds two halves of `lines` lines, file order, each numbered from 0; ranks are a shuffled reveal order. */
function buildHalves(lines: number, rankOf: Uint32Array): Built {
  const next = lineMaker(29);
  // These lines are ~300 units, and folding their few accents shortens them: room to spare.
  const units = new Uint16Array(BATCH * 1024);
  const starts = new Uint32Array(BATCH + 1);
  let totalUnits = 0;
  let totalTokens = 0;
  let peak = 0;
  let totalMs = 0;
  const parts: RankedTokenIndex[] = [];
  const half = Math.ceil(lines / 2);
  for (const [from, to] of [
    [0, half],
    [half, lines],
  ]) {
    const builder = new TokenIndexBuilder();
    let buildMs = 0;
    for (let batch = from; batch < to; batch += BATCH) {
      const n = Math.min(BATCH, to - batch);
      let at = 0;
      for (let i = 0; i < n; i++) {
        starts[i] = at;
        at = foldInto(next(), units, at);
        units[at++] = 10;
      }
      starts[n] = at;
      for (let i = 0; i < at; i++) if (units[i] === 32 || units[i] === 10) totalTokens++;
      totalUnits += at;
      const start = cpuMs();
      for (let i = 0; i < n; i++) builder.addUnits(batch - from + i, units, starts[i], starts[i + 1]);
      buildMs += cpuMs() - start;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const start = cpuMs();
    const index = builder.finish();
    const finishMs = cpuMs() - start;
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(
      `  half of ${to - from} lines (CPU time): add ${buildMs.toFixed(0)} ms, finish ${finishMs.toFixed(0)} ms, ` +
        `${(tokenIndexBytes(index) / 2 ** 20).toFixed(1)} MiB, ${index.tokenStarts.length - 1} tokens`,
    );
    parts.push({ index, rank: rankOf.slice(from, to) });
    totalMs += buildMs + finishMs;
  }
  console.log(`  peak rss while building: ${mib(peak)}`);
  return { parts, units: totalUnits, tokens: totalTokens, buildMs: totalMs };
}

/** The alternative not taken: one index over the whole, each part's rows put at their ranks. */
function mergeTokenIndexes(
  parts: readonly RankedTokenIndex[],
  count: number,
): { index: TokenIndex; dictionaryMs: number } {
  const start = performance.now();
  const ids = new Map<string, number>();
  const mapped = parts.map(({ index }) => {
    const tokens = index.tokenStarts.length - 1;
    const to = new Uint32Array(tokens);
    for (let t = 0; t < tokens; t++) {
      const token = index.dictionary.slice(index.tokenStarts[t], index.tokenStarts[t + 1] - 1);
      let id = ids.get(token);
      if (id === undefined) {
        id = ids.size;
        ids.set(token, id);
      }
      to[t] = id;
    }
    return to;
  });
  const tokens = ids.size;
  // Per merged token, its token in each part (or -1).
  const from = parts.map((_, p) => {
    const of = new Int32Array(tokens).fill(-1);
    mapped[p].forEach((id, t) => {
      of[id] = t;
    });
    return of;
  });
  const dictionary = `${[...ids.keys()].join('\n')}\n`;
  ids.clear();
  const tokenStarts = new Uint32Array(tokens + 1);
  for (let t = 0, at = 0; t <= tokens; t++) {
    tokenStarts[t] = at;
    if (t < tokens) at = dictionary.indexOf('\n', at) + 1;
  }
  const dictionaryMs = performance.now() - start;
  let total = 0;
  for (const { index } of parts) total += index.postings.length;
  // Gaps between ranks are about as long as between rows: some room over, grown when short.
  let postings = new Uint8Array(Math.ceil(total * 1.3) + 16);
  const postingStarts = new Uint32Array(tokens + 1);
  let rows = new Uint32Array(1 << 16);
  let at = 0;
  for (let m = 0; m < tokens; m++) {
    postingStarts[m] = at;
    let n = 0;
    parts.forEach(({ index, rank }, p) => {
      const t = from[p][m];
      if (t < 0) return;
      let row = -1;
      for (let q = index.postingStarts[t]; q < index.postingStarts[t + 1]; ) {
        let byte = index.postings[q++];
        let gap = byte & 0x7f;
        for (let shift = 7; byte & 0x80; shift += 7) {
          byte = index.postings[q++];
          gap |= (byte & 0x7f) << shift;
        }
        row += gap;
        if (n === rows.length) {
          const more = new Uint32Array(rows.length * 2);
          more.set(rows);
          rows = more;
        }
        rows[n++] = rank === null ? row : rank[row];
      }
    });
    const sorted = rows.subarray(0, n).sort();
    if (at + 5 * n > postings.length) {
      const more = new Uint8Array(Math.max(postings.length * 1.25, at + 5 * n));
      more.set(postings.subarray(0, at));
      postings = more;
    }
    let previous = -1;
    for (let k = 0; k < n; k++) {
      let v = sorted[k] - previous;
      previous = sorted[k];
      while (v >= 0x80) {
        postings[at++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      postings[at++] = v;
    }
  }
  postingStarts[tokens] = at;
  return {
    index: { rows: count, dictionary, tokenStarts, postingStarts, postings: postings.slice(0, at) },
    dictionaryMs,
  };
}

/** The packed search text in reveal order, for today's scan: `lines` lines from the same generator. */
function packedColumns(lines: number, rankOf: Uint32Array): Parameters<typeof searchMask>[0] {
  const next = lineMaker(29);
  let units = new Uint16Array(lines * 320);
  const start = new Float64Array(lines);
  const length = new Uint32Array(lines);
  let at = 0;
  for (let i = 0; i < lines; i++) {
    const line = next();
    if (at + line.length * 2 + 1 > units.length) {
      const more = new Uint16Array(units.length * 1.5);
      more.set(units);
      units = more;
    }
    start[i] = at;
    at = foldInto(line, units, at);
    units[at++] = 10;
    length[i] = at - start[i];
  }
  const byRank = new Uint32Array(lines);
  for (let i = 0; i < lines; i++) byRank[rankOf[i]] = i;
  const search = new Uint16Array(at);
  const searchOffsets = new Uint32Array(lines + 1);
  let to = 0;
  for (let r = 0; r < lines; r++) {
    const i = byRank[r];
    searchOffsets[r] = to;
    search.set(units.subarray(start[i], start[i] + length[i]), to);
    to += length[i];
  }
  searchOffsets[lines] = to;
  return {
    count: lines,
    category: new Uint32Array(0),
    categories: [],
    country: new Uint32Array(0),
    countries: [],
    actorNames: [],
    actorOffsets: new Uint32Array(0),
    actors: new Uint32Array(0),
    search,
    searchOffsets,
    days: { first: new Float32Array(0), last: new Float32Array(0) },
  };
}

function shuffledRanks(lines: number): Uint32Array {
  const random = mulberry32(7);
  const rank = new Uint32Array(lines);
  for (let i = 0; i < lines; i++) rank[i] = i;
  for (let i = lines - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rank[i], rank[j]] = [rank[j], rank[i]];
  }
  return rank;
}

const hitsOf = (mask: Uint8Array) => mask.reduce((sum, hit) => sum + hit, 0);

/** A word in few lines: the last village's name in the part's dictionary whose postings take 6 to 30 bytes. */
function rareWord(index: TokenIndex): string {
  for (let t = index.tokenStarts.length - 2; t >= 0; t--) {
    const token = index.dictionary.slice(index.tokenStarts[t], index.tokenStarts[t + 1] - 1);
    const bytes = index.postingStarts[t + 1] - index.postingStarts[t];
    if (/^[a-z]{9,}$/.test(token) && bytes >= 6 && bytes <= 30) return token;
  }
  return 'zzz';
}

function run(lines: number, scan: boolean): void {
  console.log(`\n${lines} lines${scan ? ', with today’s scan' : ''}`);
  const rankOf = shuffledRanks(lines);
  const before = memory();
  showMemory('before', before);
  const built = buildHalves(lines, rankOf);
  const after = memory();
  showMemory('after (index kept)', after);
  const indexBytes = built.parts.reduce((sum, { index }) => sum + tokenIndexBytes(index), 0);
  const buildMs = built.buildMs;
  console.log(
    `  ${built.tokens} tokens, ${built.units} units (text at 2 bytes a unit: ${mib(built.units * 2)}), ` +
      `${(built.units / lines).toFixed(0)} units a line`,
  );
  console.log(
    `  index: ${mib(indexBytes)} (${((100 * indexBytes) / (built.units * 2)).toFixed(1)}% of the text); ` +
      `postings ${mib(built.parts.reduce((s, { index }) => s + index.postings.length, 0))}`,
  );
  console.log(
    `  build (CPU time): ${buildMs.toFixed(0)} ms, ${((buildMs * 1e6) / built.tokens).toFixed(0)} ns a token, ` +
      `${((buildMs * 1e3) / lines).toFixed(2)} µs a line`,
  );

  const queries = [rareWord(built.parts[0].index), 'killed', 'ki', 'a', 'gunmen police killed'];
  const inParts = queries.map((q) => timed(() => searchTokenIndex(built.parts, searchWords(q), lines)));

  const start = [cpuMs(), performance.now()];
  const { index: merged, dictionaryMs } = mergeTokenIndexes(built.parts, lines);
  const mergeMs = [cpuMs() - start[0], performance.now() - start[1]];
  const merging = memory();
  console.log(
    `  merge (not taken): ${mergeMs[0].toFixed(0)} ms CPU, ${mergeMs[1].toFixed(0)} ms clock ` +
      `(dictionary ${dictionaryMs.toFixed(0)} ms clock); merged ${mib(tokenIndexBytes(merged))}; ` +
      `rss with both ${mib(merging.rss)}`,
  );
  const inMerged = queries.map((q) => timed(() => searchTokenIndex(merged, searchWords(q), lines)));

  let scanned: { ms: number; wallMs: number; result: Uint8Array | null }[] | null = null;
  let decodeMs = 0;
  if (built.units > MAX_STRING) {
    console.log(`  today's scan cannot run: its text would be ${built.units} units, V8's longest string ${MAX_STRING}`);
  } else if (scan && built.units > MAX_NODE_DECODE) {
    console.log(`  today's scan cannot run in Node: ${built.units} units, its TextDecoder's most ${MAX_NODE_DECODE}`);
  } else if (scan) {
    const columns = packedColumns(lines, rankOf);
    const start = cpuMs();
    searchMask(columns, 'x');
    decodeMs = cpuMs() - start;
    scanned = queries.map((q) => timed(() => searchMask(columns, q)));
  }
  console.log(
    `  queries (ms CPU, least of 3; clock in brackets): parts | merged` +
      (scanned ? ` | today's scan (its first decodes the text: ${decodeMs.toFixed(0)} ms)` : ''),
  );
  queries.forEach((q, k) => {
    const hits = hitsOf(inParts[k].result);
    expect(hitsOf(inMerged[k].result) === hits, `merged disagrees on ${q}`);
    if (scanned) {
      const mask = scanned[k].result ?? new Uint8Array(lines).fill(1);
      expect(
        mask.every((hit, i) => hit === inParts[k].result[i]),
        `the scan disagrees on ${q}`,
      );
    }
    const show = (t: { ms: number; wallMs: number }) => `${t.ms.toFixed(1)} (${t.wallMs.toFixed(1)})`;
    console.log(
      `    ${JSON.stringify(q).padEnd(24)} ${String(hits).padStart(8)} hits: ${show(inParts[k])} | ${show(inMerged[k])}` +
        (scanned ? ` | ${show(scanned[k])}` : ''),
    );
  });
}

function expect(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

console.log(`${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0]}`);
run(LINES, LINES <= SCAN_LINES);
console.log(`load ${os.loadavg()[0]}`);
if (SCAN_LINES > 0 && SCAN_LINES < LINES) run(SCAN_LINES, true);
