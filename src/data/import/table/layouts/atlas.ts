// Our own CSV schema (docs/data-formats.md), as export writes it. Pure.
import { dayOf, parseIncidentDate } from '../../../dates/incident-date';
import { type DataKey, say } from '../../../text/messages';
import { quoteCellText } from '../../../text/quote';
import { type Incident, LOCATION_PRECISIONS, type LocationPrecision } from '../../../types';
import { ID_PATTERN, readSources } from '../../validate';
import { list, unprotectCell } from '../cells';
import type { HeaderIndex } from '../detect-layout';
import { type RowContext, readCount, readPoint } from '../row';
import { cellAt, type Layout, plainCount, plainPoint, positionIn } from './layout';

export function atlasLayout(h: HeaderIndex): Layout {
  const col = {
    id: h.find('id') ?? 'id',
    title: h.find('title'),
    summary: h.find('summary'),
    date: h.find('date') ?? 'date',
    order: h.find('order'),
    category: h.find('category'),
    place: h.find('place'),
    country: h.find('country'),
    precision: h.find('location_precision'),
    lat: h.find('latitude') ?? 'latitude',
    lon: h.find('longitude') ?? 'longitude',
    actors: h.find('actors'),
    fatalities: h.find('fatalities'),
    related: h.find('related'),
    origin: h.find('origin'),
    sources: h.find('sources_json', 'sources'),
    claims: h.find('claims_json', 'claims'),
    dateSource: h.find('date_source'),
    placeSource: h.find('place_source'),
    translations: h.find('translations_json', 'translations'),
  };
  return {
    columnOf: (field) =>
      (
        ({
          id: col.id,
          title: col.title,
          date: col.date,
          category: col.category,
          place: col.place,
          location_precision: col.precision,
          sources: col.sources,
          claims: col.claims,
          date_source: col.dateSource,
          place_source: col.placeSource,
          translations: col.translations,
          related: col.related,
          origin: col.origin,
          order: col.order,
          country: col.country,
          geometry: `${col.lat}/${col.lon}`,
        }) as Record<string, string | undefined>
      )[field] ?? field,
    convert(ctx) {
      const text = (column: string | undefined) => unprotectCell(ctx.cell(column));
      const dateText = ctx.cell(col.date).trim();
      if (dateText === '') ctx.report(col.date, say('data.date.empty'), true);
      const point = readPoint(ctx, col.lat, col.lon);
      if (dateText === '' || !point) return null;
      const orderText = ctx.cell(col.order).trim();
      let order: number | undefined;
      if (orderText !== '') {
        if (/^[+-]?\d+$/.test(orderText)) order = Number(orderText);
        else ctx.report(col.order ?? 'order', say('data.cell.notWhole', { value: quoteCellText(orderText) }), false);
      }
      const sources = jsonCell(ctx, col.sources ?? 'sources_json', 'data.cell.notJsonSources');
      const claims = jsonCell(ctx, col.claims ?? 'claims_json', 'data.cell.notJsonClaims');
      const precision = ctx.cell(col.precision).trim();
      return {
        id: ctx.cell(col.id).trim() || `row-${ctx.number}`,
        title: text(col.title).trim() || `Row ${ctx.number}`,
        summary: text(col.summary),
        date: dateText,
        order,
        category: text(col.category).trim() || undefined,
        place: text(col.place).trim() === '' ? undefined : text(col.place),
        country: text(col.country).trim() || undefined,
        location_precision: precision || undefined,
        lat: point.lat,
        lon: point.lon,
        actors: list(text(col.actors)),
        fatalities: readCount(ctx, col.fatalities),
        related: list(ctx.cell(col.related)),
        origin: ctx.cell(col.origin).trim() || undefined,
        sources,
        claims,
        date_source: sourceIndexOf(ctx.cell(col.dateSource)),
        place_source: sourceIndexOf(ctx.cell(col.placeSource)),
        translations: jsonCell(ctx, col.translations ?? 'translations_json', 'data.cell.notJsonTranslations'),
      };
    },
    plain(fields) {
      const at = (column: string | undefined) => positionIn(fields, column);
      const [id, title, summary, date, order, category, place, country, precision, lat, lon] = [
        col.id,
        col.title,
        col.summary,
        col.date,
        col.order,
        col.category,
        col.place,
        col.country,
        col.precision,
        col.lat,
        col.lon,
      ].map(at);
      const [actors, fatalities, related, origin, sources] = [
        col.actors,
        col.fatalities,
        col.related,
        col.origin,
        col.sources,
      ].map(at);
      // Rows with claims, a source named for the date or place, or translations go the long way (few do).
      const attribution = [col.claims, col.dateSource, col.placeSource, col.translations].map(at);
      return (cells, number) => {
        const text = (column: number) => unprotectCell(cellAt(cells, column));
        const dateText = cellAt(cells, date).trim();
        const point = plainPoint(cellAt(cells, lat), cellAt(cells, lon));
        const orderText = cellAt(cells, order).trim();
        const precisionText = cellAt(cells, precision).trim() as LocationPrecision;
        const idText = cellAt(cells, id).trim() || `row-${number}`;
        const categoryText = text(category).trim();
        const count = col.fatalities ? plainCount(cellAt(cells, fatalities)) : undefined;
        if (
          dateText === '' ||
          point === null ||
          (orderText !== '' && !/^[+-]?\d+$/.test(orderText)) ||
          !LOCATION_PRECISIONS.includes(precisionText) ||
          !ID_PATTERN.test(idText) ||
          categoryText === '' ||
          count === null ||
          cellAt(cells, origin).trim() !== '' ||
          attribution.some((column) => cellAt(cells, column).trim() !== '')
        ) {
          return null;
        }
        const sourcesText = cellAt(cells, sources).trim();
        let given: unknown;
        try {
          given = sourcesText === '' ? undefined : JSON.parse(unprotectCell(sourcesText));
        } catch {
          return null;
        }
        const read = readSources(given);
        const parsed = parseIncidentDate(dateText);
        if (read.length === 0 || !parsed.ok) return null;
        const placeText = text(place);
        const countryText = text(country).trim();
        const incident: Incident = {
          id: idText,
          title: text(title).trim() || `Row ${number}`,
          summary: text(summary),
          date: dateText,
          start: parsed.span.start,
          end: parsed.span.end,
          startDay: dayOf(parsed.span.start),
          order: orderText === '' ? undefined : Number(orderText),
          category: categoryText,
          place: placeText.trim() === '' ? undefined : placeText,
          locationPrecision: precisionText,
          actors: list(text(actors)),
          fatalities: count,
          related: list(cellAt(cells, related)),
          origin: undefined,
          sources: read,
          coordinates: point,
        };
        if (countryText !== '') incident.country = countryText;
        return incident;
      };
    },
  };
}

/** A cell naming one of the incident's sources by index, as the number it is when it is a whole one, else as written (the reader reports it). */
function sourceIndexOf(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  return /^\d{1,9}$/.test(t) ? Number(t) : t;
}

/** A cell of JSON (the sources, the claims, the translations), parsed; reported, and undefined, when it is not JSON. */
function jsonCell(ctx: RowContext, column: string, notList: DataKey): unknown {
  const text = ctx.cell(column).trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(unprotectCell(text));
  } catch {
    ctx.report(column, say(notList), false);
    return undefined;
  }
}
