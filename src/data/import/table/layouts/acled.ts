// ACLED exports: its columns, geo-precision codes, actors and notes. Pure.
import { addDays } from '../../../dates/incident-date';
import { say } from '../../../text/messages';
import { quoteCellText } from '../../../text/quote';
import type { LocationPrecision } from '../../../types';
import { DEATHS } from '../../claims';
import { list, oneLine, slugify, toIdSlug } from '../cells';
import type { HeaderIndex } from '../detect-layout';
import { placeLine, titlePlace } from '../imported-names';
import { readCount, readDate, readPoint } from '../row';
import type { Layout } from './layout';

const ACLED_GEO_PREC: Record<string, LocationPrecision> = { '1': 'town', '2': 'district', '3': 'province' };

export function acledLayout(h: HeaderIndex): Layout {
  const c = (...names: string[]) => h.find(...names);
  const col = {
    id: c('event_id_cnty', 'data_id', 'event_id_no_cnty'),
    date: c('event_date') ?? 'event_date',
    timePrec: c('time_precision'),
    type: c('event_type'),
    subType: c('sub_event_type'),
    actors: h.all(['actor1', 'assoc_actor_1', 'ally_actor_1', 'actor2', 'assoc_actor_2', 'ally_actor_2']),
    actor1: c('actor1'),
    actor2: c('actor2'),
    fatalities: c('fatalities'),
    notes: c('notes'),
    source: c('source'),
    geoPrec: c('geo_precision'),
    lat: c('latitude') ?? 'latitude',
    lon: c('longitude') ?? 'longitude',
    country: c('country'),
    admin1: c('admin1'),
    admin2: c('admin2'),
    admin3: c('admin3'),
    location: c('location'),
  };
  return {
    columnOf: (field) =>
      (
        ({
          id: col.id,
          date: col.date,
          geometry: `${col.lat}/${col.lon}`,
          category: col.type,
          country: col.country,
        }) as Record<string, string | undefined>
      )[field] ?? field,
    convert(ctx) {
      const get = (column: string | undefined) => oneLine(ctx.cell(column));
      const parsed = readDate(ctx, col.date);
      const point = readPoint(ctx, col.lat, col.lon);
      if (!parsed || !point) return null;
      let date = parsed.date;
      const timePrec = get(col.timePrec);
      if (parsed.day && timePrec === '2') date = `${addDays(parsed.day, -3)}/${addDays(parsed.day, 3)}`;
      else if (parsed.day && timePrec === '3') date = parsed.day.slice(0, 7);
      else if (timePrec !== '' && timePrec !== '1' && col.timePrec) {
        ctx.report(col.timePrec, say('data.cell.acledTime', { value: quoteCellText(timePrec) }), false);
      }
      const geoPrec = get(col.geoPrec);
      const precision = Object.hasOwn(ACLED_GEO_PREC, geoPrec) ? ACLED_GEO_PREC[geoPrec] : 'town';
      if (col.geoPrec && geoPrec !== '' && !Object.hasOwn(ACLED_GEO_PREC, geoPrec)) {
        ctx.report(col.geoPrec, say('data.cell.acledGeo', { value: quoteCellText(geoPrec) }), false);
      }
      // Each cell read once: a row's names go into its title, place and summary.
      const acledId = get(col.id);
      const label = acledId || String(ctx.number);
      const eventType = get(col.type);
      const location = get(col.location);
      const admin1 = get(col.admin1);
      const country = get(col.country);
      const names = [location, get(col.admin3), get(col.admin2), admin1];
      const where = titlePlace([...names, country]);
      const what = get(col.subType) || eventType || 'Event';
      const actors: string[] = [];
      for (const column of col.actors) for (const actor of list(ctx.cell(column))) actors.push(oneLine(actor));
      const notes = ctx.cell(col.notes).trim();
      const publishers = list(ctx.cell(col.source)).map(oneLine);
      const fatalities = readCount(ctx, col.fatalities);
      return {
        id: (acledId && toIdSlug(acledId)) || `row-${ctx.number}`,
        title: where ? `${what} in ${where}` : what,
        summary:
          notes ||
          `${fallbackSummary(eventType || what, get(col.actor1), get(col.actor2), [location, admin1, country])}.`,
        date,
        lat: point.lat,
        lon: point.lon,
        category: categoryOf(eventType),
        place: placeLine(names) || country || undefined,
        country: country || undefined,
        location_precision: precision,
        actors: actors.length > 1 ? [...new Set(actors)] : actors,
        fatalities,
        sources: (publishers.length > 0 ? publishers : ['ACLED']).map((publisher) => ({
          title: `ACLED event ${label}`,
          publisher,
        })),
        // ACLED's count of the dead is ACLED's coding of its sources' reports.
        claims: fatalities === undefined ? undefined : [{ what: DEATHS, value: fatalities, by: 'ACLED', source: 0 }],
      };
    },
  };
}

/** A summary for a row without notes: what happened and between whom, and where. */
function fallbackSummary(what: string, actor1: string, actor2: string, places: string[]): string {
  return [`${what}${actor1 ? `: ${actor1}` : ''}${actor2 ? ` and ${actor2}` : ''}`, places.filter(Boolean).join(', ')]
    .filter(Boolean)
    .join(', ');
}

/** The category of an event type, its slug ('other' for none); the few types an export has are worked out once. */
function categoryOf(eventType: string): string {
  let category = CATEGORIES.get(eventType);
  if (category === undefined) {
    category = slugify(eventType) || 'other';
    if (CATEGORIES.size < 1024) CATEGORIES.set(eventType, category);
  }
  return category;
}
const CATEGORIES = new Map<string, string>();
