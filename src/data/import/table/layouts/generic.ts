// The generic layout: any table with date, latitude and longitude columns,
// mapped by the user or by detectLayout's guesses. Pure.
import { dayOf, parseIncidentDate } from '../../../dates/incident-date';
import { say } from '../../../text/messages';
import type { Incident } from '../../../types';
import { ID_PATTERN, readSources } from '../../validate';
import { list, oneLine, parseLooseDate, toIdSlug } from '../cells';
import type { ColumnMapping } from '../detect-layout';
import { placeLine } from '../imported-names';
import { readCount, readDate, readPoint } from '../row';
import { cellAt, type Layout, plainCount, plainPoint, positionIn } from './layout';

export function genericLayout(mapping: ColumnMapping, name: string): Layout {
  // Every row cites the file: one list for all (see IncidentReader's sources).
  const sources = [{ title: name, publisher: 'imported file' }];
  const placeColumns = mapping.place ?? [];
  return {
    columnOf: (field) =>
      ({
        id: mapping.id,
        title: mapping.title,
        date: mapping.date,
        category: mapping.category,
        country: mapping.country,
      })[field] ?? (field === 'geometry' ? `${mapping.lat}/${mapping.lon}` : field),
    convert(ctx) {
      const start = readDate(ctx, mapping.date);
      const point = readPoint(ctx, mapping.lat, mapping.lon);
      if (!start || !point) return null;
      let date = start.date;
      if (mapping.dateEnd && ctx.cell(mapping.dateEnd).trim() !== '') {
        const end = parseLooseDate(ctx.cell(mapping.dateEnd));
        if (!end.ok) ctx.report(mapping.dateEnd, say('data.cell.startOnly', { why: end.text }), false);
        else if (start.day && end.day && end.day < start.day) {
          ctx.report(mapping.dateEnd, say('data.cell.endBeforeStart', { end: end.day, start: start.day }), false);
        } else if (!start.date.includes('/') && !end.date.includes('/') && end.date !== start.date) {
          date = `${start.date}/${end.date}`;
        }
      }
      const id = mapping.id ? toIdSlug(ctx.cell(mapping.id)) : '';
      const category = mapping.category ? oneLine(ctx.cell(mapping.category)) : 'other';
      const actors = mapping.actors?.length ? mapping.actors.flatMap((column) => list(ctx.cell(column))) : [];
      const place = placeColumns.length > 0 ? placeLine(placeColumns.map((column) => ctx.cell(column))) : '';
      return {
        id: id || `row-${ctx.number}`,
        title: (mapping.title && oneLine(ctx.cell(mapping.title))) || `Row ${ctx.number}`,
        date,
        lat: point.lat,
        lon: point.lon,
        summary: mapping.summary ? ctx.cell(mapping.summary).trim() : undefined,
        category: category || undefined,
        place: place || undefined,
        country: mapping.country ? oneLine(ctx.cell(mapping.country)) || undefined : undefined,
        location_precision: 'exact',
        actors: actors.length > 1 ? [...new Set(actors)] : actors,
        fatalities: readCount(ctx, mapping.fatalities),
        sources,
      };
    },
    plain(fields) {
      const at = (column: string | undefined) => positionIn(fields, column);
      const [date, dateEnd, lat, lon, id, title, category, summary, fatalities] = [
        mapping.date,
        mapping.dateEnd,
        mapping.lat,
        mapping.lon,
        mapping.id,
        mapping.title,
        mapping.category,
        mapping.summary,
        mapping.fatalities,
      ].map(at);
      const actorColumns = (mapping.actors ?? []).map(at);
      const placeAt = placeColumns.map(at);
      const countryAt = at(mapping.country);
      const read = readSources(sources);
      return (cells, number) => {
        const start = parseLooseDate(cellAt(cells, date));
        if (!start.ok || (dateEnd >= 0 && cellAt(cells, dateEnd).trim() !== '')) return null;
        const point = plainPoint(cellAt(cells, lat), cellAt(cells, lon));
        const idText = cellAt(cells, id);
        const incidentId = idText === '' ? `row-${number}` : ID_PATTERN.test(idText) ? idText : null;
        const categoryText = mapping.category ? oneLine(cellAt(cells, category)) : 'other';
        const count = mapping.fatalities ? plainCount(cellAt(cells, fatalities)) : undefined;
        if (point === null || incidentId === null || categoryText === '' || count === null || read.length === 0) {
          return null;
        }
        const parsed = parseIncidentDate(start.date);
        if (!parsed.ok) return null;
        const actors = actorColumns.length > 0 ? actorColumns.flatMap((column) => list(cellAt(cells, column))) : [];
        const place = placeAt.length > 0 ? placeLine(placeAt.map((column) => cellAt(cells, column))) : '';
        const country = countryAt >= 0 ? oneLine(cellAt(cells, countryAt)) : '';
        const incident: Incident = {
          id: incidentId,
          title: (mapping.title && oneLine(cellAt(cells, title))) || `Row ${number}`,
          summary: mapping.summary ? cellAt(cells, summary).trim() : '',
          date: start.date,
          start: parsed.span.start,
          end: parsed.span.end,
          startDay: dayOf(parsed.span.start),
          order: undefined,
          category: categoryText,
          place: place || undefined,
          locationPrecision: 'exact',
          actors: actors.length > 1 ? [...new Set(actors)] : actors,
          fatalities: count,
          related: [],
          origin: undefined,
          sources: read,
          coordinates: point,
        };
        if (country !== '') incident.country = country;
        return incident;
      };
    },
  };
}
