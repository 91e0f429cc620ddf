// UCDP GED exports: its columns, dates with their precision, location
// precision codes, sources split from its `;` lists, a title of the sides
// and the place. Pure.
import { addDays } from '../../../dates/incident-date';
import { say } from '../../../text/messages';
import { quoteCellText } from '../../../text/quote';
import type { Claim, LocationPrecision } from '../../../types';
import { DEATHS } from '../../claims';
import { oneLine, parseLooseDate, toIdSlug } from '../cells';
import type { HeaderIndex } from '../detect-layout';
import { placeLine, titlePlace, ucdpWho, whoAndWhere } from '../imported-names';
import { readCount, readDate, readPoint, type SourceDraft } from '../row';
import { type Layout, plainCount } from './layout';

const UCDP_WHERE_PREC: Record<string, LocationPrecision> = {
  '1': 'exact',
  '2': 'town',
  '3': 'district',
  '4': 'province',
  '5': 'district',
  '6': 'country',
  '7': 'country',
};
/** Category, and the name a summary gives it. */
const UCDP_VIOLENCE: Record<string, [string, string]> = {
  '1': ['state-based', 'state-based armed conflict'],
  '2': ['non-state', 'non-state conflict'],
  '3': ['one-sided', 'one-sided violence'],
};
/** The deaths columns a summary lists, and how it names each. */
const DEATHS_BY_PARTY = [
  ['side A', 'deathsA'],
  ['side B', 'deathsB'],
  ['civilians', 'civilians'],
  ['unknown', 'unknown'],
] as const;

/** Splits UCDP's `;`-separated list, leaving `;` inside "quoted" entries alone. */
export function splitSemicolons(text: string): string[] {
  if (text === '') return [];
  // Without quotes every ';' splits (most cells).
  if (!text.includes('"')) return onlyLines(text.split(';'));
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return onlyLines(parts);
}

/** The parts each on one line (see oneLine), without those left empty. */
function onlyLines(parts: string[]): string[] {
  const kept: string[] = [];
  for (const part of parts) {
    const line = oneLine(part);
    if (line !== '') kept.push(line);
  }
  return kept;
}

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

/**
 * An EDTF date for a UCDP start and end day and its `date_prec` code: the day
 * when they are the same; `YYYY-MM` for a month (code 4) and `YYYY` for a year
 * (code 5) when the range is exactly that; else the interval.
 */
export function ucdpDate(start: string, end: string, prec: string): string {
  if (end === '' || end <= start) return start;
  const lastOfMonth = addDays(end, 1).endsWith('-01');
  if (prec === '4' && start.slice(0, 7) === end.slice(0, 7) && start.endsWith('-01') && lastOfMonth) {
    return start.slice(0, 7);
  }
  if (prec === '5' && start.slice(0, 4) === end.slice(0, 4) && start.endsWith('-01-01') && end.endsWith('-12-31')) {
    return start.slice(0, 4);
  }
  return `${start}/${end}`;
}

export function ucdpLayout(h: HeaderIndex): Layout {
  const c = (...names: string[]) => h.find(...names);
  const col = {
    id: c('id'),
    start: c('date_start') ?? 'date_start',
    end: c('date_end'),
    datePrec: c('date_prec'),
    wherePrec: c('where_prec'),
    lat: c('latitude') ?? 'latitude',
    lon: c('longitude') ?? 'longitude',
    violence: c('type_of_violence'),
    conflict: c('conflict_name'),
    dyad: c('dyad_name'),
    sideA: c('side_a'),
    sideB: c('side_b'),
    article: c('source_article'),
    office: c('source_office'),
    sourceDate: c('source_date'),
    whereDescription: c('where_description'),
    whereCoordinates: c('where_coordinates'),
    adm1: c('adm_1'),
    adm2: c('adm_2'),
    country: c('country'),
    best: c('best', 'best_est'),
    low: c('low', 'low_est'),
    high: c('high', 'high_est'),
    deathsA: c('deaths_a'),
    deathsB: c('deaths_b'),
    civilians: c('deaths_civilians'),
    unknown: c('deaths_unknown'),
  };
  return {
    columnOf: (field) =>
      (
        ({
          id: col.id,
          date: col.start,
          geometry: `${col.lat}/${col.lon}`,
          category: col.violence,
          country: col.country,
        }) as Record<string, string | undefined>
      )[field] ?? field,
    convert(ctx) {
      const get = (column: string | undefined) => oneLine(ctx.cell(column));
      const start = readDate(ctx, col.start);
      const point = readPoint(ctx, col.lat, col.lon);
      if (!start || !point) return null;
      let endDay = '';
      if (col.end && get(col.end) !== '') {
        const end = parseLooseDate(get(col.end));
        if (end.ok && end.day && end.day < (start.day ?? '')) {
          ctx.report(col.end, say('data.cell.endBeforeStartDate', { end: end.day }), false);
        } else if (end.ok && end.day) endDay = end.day;
        else
          ctx.report(
            col.end,
            say('data.cell.startOnly', {
              why: end.ok ? say('data.cell.notDay', { value: quoteCellText(get(col.end)) }) : end.text,
            }),
            false,
          );
      }
      const date = start.day ? ucdpDate(start.day, endDay, get(col.datePrec)) : start.date;

      const wherePrec = get(col.wherePrec);
      let precision = Object.hasOwn(UCDP_WHERE_PREC, wherePrec) ? UCDP_WHERE_PREC[wherePrec] : undefined;
      if (precision === undefined) {
        if (col.wherePrec) {
          ctx.report(col.wherePrec, say('data.cell.ucdpWhere', { value: quoteCellText(wherePrec) }), false);
        }
        precision = 'exact';
      }

      // Each cell read once: a row's names go into its title, place and summary.
      const ucdpId = get(col.id);
      const id = ucdpId ? `ucdp-${toIdSlug(ucdpId)}` : `row-${ctx.number}`;
      const violenceCode = get(col.violence);
      const violence = Object.hasOwn(UCDP_VIOLENCE, violenceCode) ? UCDP_VIOLENCE[violenceCode] : undefined;
      const sideA = get(col.sideA);
      const sideB = get(col.sideB);
      const conflictName = get(col.conflict);
      const dyad = get(col.dyad);
      const country = get(col.country);
      const adm1 = get(col.adm1);
      const adm2 = get(col.adm2);
      const whereCoordinates = get(col.whereCoordinates);
      const conflict = conflictName || dyad || [sideA, sideB].filter(Boolean).join(' - ') || 'UCDP event';
      const description = get(col.whereDescription);
      // where_coordinates is the name of the place UCDP put the point at: the place when the source gave no description.
      const place = placeLine([description || whereCoordinates, adm2, adm1]) || country || undefined;
      const where = titlePlace([description, adm2, whereCoordinates, adm1, country]);
      const who = ucdpWho({ sideA, sideB, dyad, conflict: conflictName, violence: violenceCode });

      const best = readCount(ctx, col.best);
      let summary = '';
      if (best !== undefined) {
        const low = get(col.low);
        const high = get(col.high);
        const range = low !== '' && high !== '' ? ` (low ${low}, high ${high})` : '';
        summary = `Best estimate ${best} ${best === 1 ? 'death' : 'deaths'}${range}.`;
      }
      let deaths = '';
      for (const [label, column] of DEATHS_BY_PARTY) {
        const count = col[column] === undefined ? '' : get(col[column]);
        if (count !== '') deaths += `${deaths === '' ? '' : ', '}${label} ${count}`;
      }
      if (deaths !== '') summary += `${summary === '' ? '' : ' '}Deaths by party: ${deaths}.`;
      if (sideA || sideB) {
        summary += `${summary === '' ? '' : ' '}Side A: ${sideA || 'unknown'}; side B: ${sideB || 'unknown'}.`;
      }
      if (violence) summary += `${summary === '' ? '' : ' '}UCDP type of violence: ${violence[1]} (${conflict}).`;

      const articles = splitSemicolons(ctx.cell(col.article)).map(unquote);
      const offices = splitSemicolons(ctx.cell(col.office));
      const dates = splitSemicolons(ctx.cell(col.sourceDate));
      const sources: SourceDraft[] = articles.map((title, i) => {
        const publisher = (offices.length === articles.length ? offices[i] : offices.join('; ')) || 'UCDP GED';
        const published = dates.length === articles.length ? dates[i] : undefined;
        return /^\d{4}-\d{2}-\d{2}$/.test(published ?? '') ? { title, publisher, published } : { title, publisher };
      });
      // The event's own record is a source too: the figures are UCDP's, not the articles'.
      sources.push({ title: `UCDP GED event ${ucdpId || ctx.number}`, publisher: 'Uppsala Conflict Data Program' });
      const claims =
        best === undefined ? undefined : [ucdpClaim(best, get(col.low), get(col.high), sources.length - 1)];
      return {
        id,
        title: whoAndWhere(who, where),
        summary,
        date,
        lat: point.lat,
        lon: point.lon,
        category: violence ? violence[0] : 'other',
        place,
        country: country || undefined,
        location_precision: precision,
        actors: sideA === '' ? (sideB === '' ? [] : [sideB]) : sideB === '' ? [sideA] : [sideA, sideB],
        fatalities: best,
        sources,
        claims,
      };
    },
  };
}

/** UCDP's best estimate of the dead as a claim, with its low and high estimates when they are a range around it. */
function ucdpClaim(best: number, lowText: string, highText: string, source: number): Claim {
  const claim: Claim = { what: DEATHS, value: best, by: 'UCDP', source };
  const low = plainCount(lowText);
  const high = plainCount(highText);
  if (typeof low === 'number' && typeof high === 'number' && low <= best && best <= high) {
    claim.low = low;
    claim.high = high;
  }
  return claim;
}
