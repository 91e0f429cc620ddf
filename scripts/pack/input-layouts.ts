// Tells an input table's layout (our CSV, UCDP GED, ACLED) from its header and maps it to the bundle's
// columns in DuckDB SQL, the way the app maps the same tables when it opens them in a tab.

import { normalizeHeader } from '../../src/data/import/table/detect-layout';

export type InputKind = 'atlas' | 'ucdp' | 'acled';

/** What one layout computes per row, as SQL over the input's columns (see sql-macros.ts). */
export interface InputLayout {
  kind: InputKind;
  label: string;
  /** The column whose cell starts with `#` on an HDX export's hashtag row, which is dropped. */
  dateColumn: string;
  /** Named expressions computed first, which `fields` may use. */
  prepare: Record<string, string>;
  /** The bundle's fields, plus first_date/last_date (DATE) and open_end (BOOLEAN). */
  fields: Record<string, string>;
}

/** The input's columns match no layout: says what was found and what each layout needs. */
export class UnknownColumnsError extends Error {
  constructor(input: string, columns: readonly string[]) {
    const shown = columns.slice(0, 30).join(', ') + (columns.length > 30 ? `, … (${columns.length} in all)` : '');
    super(
      `${input}: cannot tell which table this is from its columns (${shown || 'none'}). npm run pack reads:\n` +
        '  - an Incident Atlas CSV: id, date, latitude, longitude, location_precision (+ title, summary, category, ...)\n' +
        '  - a UCDP GED table: date_start, latitude, longitude and one of type_of_violence, where_prec, date_prec, conflict_name\n' +
        '  - an ACLED export: event_id_cnty, or event_date with event_type, sub_event_type or actor1; and latitude, longitude',
    );
    this.name = 'UnknownColumnsError';
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** SQL for columns by normalized name: `c('best', 'best_est')` is the first present, as trimmed text or NULL. */
function columnsOf(headers: readonly string[]) {
  const byName = new Map<string, string>();
  for (const h of headers) {
    const key = normalizeHeader(h);
    if (key !== '' && !byName.has(key)) byName.set(key, h);
  }
  const has = (...names: string[]) => names.every((n) => byName.has(n));
  const cell = (macro: string, names: string[]) => {
    const found = names.map((n) => byName.get(n)).find((h) => h !== undefined);
    return found === undefined ? 'CAST(NULL AS VARCHAR)' : `${macro}(${quoteIdent(found)})`;
  };
  /** Trimmed. */
  const c = (...names: string[]) => cell('bare', names);
  /** Long text, as it is. */
  const t = (...names: string[]) => cell('text', names);
  return { has, c, t };
}

/**
 * The id of a row that has none: `row-` and 12 hex digits of a hash of its date, point and title, so
 * the same row gets the same id on every run (the app, reading the whole file, uses its row number).
 */
function fallbackId(c: Cells, ...cells: string[]): string {
  return `'row-' || left(md5(concat_ws('|', ${[...cells, c('latitude'), c('longitude')].join(', ')})), 12)`;
}

/** Latitude and longitude as numbers (NULL when not one); the staging query checks their range. */
function point(c: Cells): Record<string, string> {
  return { lat0: `try_cast(${c('latitude')} AS DOUBLE)`, lon0: `try_cast(${c('longitude')} AS DOUBLE)` };
}

type Cells = (...names: string[]) => string;

function atlas(c: Cells, t: Cells): InputLayout {
  return {
    kind: 'atlas',
    label: 'Incident Atlas CSV',
    dateColumn: c('date'),
    prepare: { d: c('date') },
    fields: {
      first_date: 'edtf_start(d)',
      last_date: 'edtf_end(d)',
      open_end: 'coalesce(edtf_open(d), false)',
      date: 'd',
      id: `coalesce(id_slug(${c('id')}), ${fallbackId(c, c('date'), c('title'))})`,
      ...point(c),
      category: `coalesce(${c('category')}, 'other')`,
      location_precision: `CASE WHEN lower(${c('location_precision')}) IN ('exact', 'town', 'district', 'province', 'country')
        THEN lower(${c('location_precision')}) ELSE 'exact' END`,
      country: c('country'),
      fatalities: `count_of(${c('fatalities')})`,
      title: t('title'),
      place: t('place'),
      actors: t('actors'),
      summary: t('summary'),
      sources: t('sources_json'),
    },
  };
}

function ucdp(c: Cells): InputLayout {
  const sideA = c('side_a');
  const sideB = c('side_b');
  const where = `title_place([${c('where_description')}, ${c('adm_2')}, ${c('where_coordinates')}, ${c('adm_1')}, ${c('country')}])`;
  const who = `CASE
    WHEN ${sideA} IS NOT NULL AND ${c('type_of_violence')} = '3' THEN ${sideA} || ' against civilians'
    WHEN ${sideA} IS NOT NULL AND ${sideB} IS NOT NULL THEN
      CASE WHEN regexp_matches(${sideA}, '(?i)^governments? of\\b') AND NOT regexp_matches(${sideB}, '(?i)^governments? of\\b')
        THEN ${sideB} || ' vs ' || ${sideA} ELSE ${sideA} || ' vs ' || ${sideB} END
    ELSE coalesce(${sideA}, ${sideB}, regexp_replace(${c('dyad_name')}, '\\s+-\\s+', ' vs '), ${c('conflict_name')}, 'UCDP event')
  END`;
  const best = `count_of(${c('best', 'best_est')})`;
  return {
    kind: 'ucdp',
    label: 'UCDP Georeferenced Event Dataset (GED)',
    dateColumn: c('date_start'),
    prepare: {
      s: `try_cast(left(${c('date_start')}, 10) AS DATE)`,
      e0: `try_cast(left(${c('date_end')}, 10) AS DATE)`,
      prec: c('date_prec'),
    },
    fields: {
      // UCDP's date_start and date_end bound the interval whatever date_prec says; date_prec only
      // decides how the date is written (a whole month 2021-03, a whole year 2021).
      first_date: 's',
      last_date: 'CASE WHEN e0 > s THEN e0 ELSE s END',
      open_end: 'false',
      date: `CASE
        WHEN e0 IS NULL OR e0 <= s THEN iso_day(s)
        WHEN prec = '4' AND day(s) = 1 AND e0 = last_day(s) THEN strftime(s, '%Y-%m')
        WHEN prec = '5' AND month(s) = 1 AND day(s) = 1 AND e0 = make_date(year(s), 12, 31) THEN strftime(s, '%Y')
        ELSE iso_day(s) || '/' || iso_day(e0)
      END`,
      id: `coalesce('ucdp-' || id_slug(${c('id')}), ${fallbackId(c, c('date_start'), c('date_end'), c('dyad_name'))})`,
      ...point(c),
      category: `CASE ${c('type_of_violence')} WHEN '1' THEN 'state-based' WHEN '2' THEN 'non-state'
        WHEN '3' THEN 'one-sided' ELSE 'other' END`,
      location_precision: `CASE ${c('where_prec')} WHEN '1' THEN 'exact' WHEN '2' THEN 'town' WHEN '3' THEN 'district'
        WHEN '4' THEN 'province' WHEN '5' THEN 'district' WHEN '6' THEN 'country' WHEN '7' THEN 'country' ELSE 'exact' END`,
      country: c('country'),
      fatalities: best,
      title: `(${who}) || coalesce(', ' || ${where}, '')`,
      place: `coalesce(place_line([coalesce(${c('where_description')}, ${c('where_coordinates')}), ${c('adm_2')}, ${c('adm_1')}]), ${c('country')})`,
      actors: `NULLIF(concat_ws('; ', ${sideA}, ${sideB}), '')`,
      summary: `NULLIF(concat_ws(' ',
        'Best estimate ' || ${best} || CASE WHEN ${best} = 1 THEN ' death' ELSE ' deaths' END
          || coalesce(' (low ' || ${c('low', 'low_est')} || ', high ' || ${c('high', 'high_est')} || ')', '') || '.',
        'Side A: ' || coalesce(${sideA}, 'unknown') || '; side B: ' || coalesce(${sideB}, 'unknown') || '.',
        'UCDP conflict: ' || ${c('conflict_name')} || '.'), '')`,
      sources: `to_json(CASE WHEN ${c('source_article')} IS NULL
        THEN [{'title': 'UCDP GED event ' || coalesce(${c('id')}, 'without an id'), 'publisher': 'Uppsala Conflict Data Program'}]
        ELSE [{'title': ${c('source_article')}, 'publisher': coalesce(${c('source_office')}, 'UCDP GED')}] END)::VARCHAR`,
    },
  };
}

function acled(c: Cells, t: Cells): InputLayout {
  const id = c('event_id_cnty', 'data_id', 'event_id_no_cnty');
  const where = `title_place([${c('location')}, ${c('admin3')}, ${c('admin2')}, ${c('admin1')}, ${c('country')}])`;
  return {
    kind: 'acled',
    label: 'ACLED export',
    dateColumn: c('event_date'),
    prepare: {
      d: `CAST(try_strptime(${c('event_date')}, ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%d %B %Y', '%d-%b-%y', '%d-%B-%Y', '%d/%m/%Y']) AS DATE)`,
      tp: c('time_precision'),
    },
    fields: {
      // time_precision 2 (the week) is the day ± 3 days; 3 (the month) is the month the date falls in.
      first_date: `CASE tp WHEN '2' THEN d - 3 WHEN '3' THEN CAST(date_trunc('month', d) AS DATE) ELSE d END`,
      last_date: `CASE tp WHEN '2' THEN d + 3 WHEN '3' THEN last_day(d) ELSE d END`,
      open_end: 'false',
      date: `CASE tp WHEN '2' THEN iso_day(d - 3) || '/' || iso_day(d + 3) WHEN '3' THEN strftime(d, '%Y-%m') ELSE iso_day(d) END`,
      id: `coalesce(id_slug(${id}), ${fallbackId(c, c('event_date'), c('notes'))})`,
      ...point(c),
      category: `coalesce(slug(${c('event_type')}), 'other')`,
      location_precision: `CASE ${c('geo_precision')} WHEN '2' THEN 'district' WHEN '3' THEN 'province' ELSE 'town' END`,
      country: c('country'),
      fatalities: `count_of(${c('fatalities')})`,
      title: `coalesce(${c('sub_event_type')}, ${c('event_type')}, 'Event') || coalesce(' in ' || ${where}, '')`,
      place: `coalesce(place_line([${c('location')}, ${c('admin3')}, ${c('admin2')}, ${c('admin1')}]), ${c('country')})`,
      actors: `NULLIF(concat_ws('; ', ${c('actor1')}, ${c('assoc_actor_1', 'ally_actor_1')}, ${c('actor2')}, ${c('assoc_actor_2', 'ally_actor_2')}), '')`,
      summary: `coalesce(${t('notes')}, concat_ws(', ', coalesce(${c('event_type')}, 'Event'), ${c('actor1')}, ${c('actor2')}, ${c('location')}, ${c('country')}) || '.')`,
      sources: `to_json([{'title': 'ACLED event ' || coalesce(${id}, 'without an id'), 'publisher': coalesce(${c('source')}, 'ACLED')}])::VARCHAR`,
    },
  };
}

/** The layout of a table with these header names, by the same rules as the app; null when none fits. */
export function detectInputLayout(headers: readonly string[]): InputLayout | null {
  const { has, c, t } = columnsOf(headers);
  if (has('id', 'date', 'latitude', 'longitude', 'location_precision')) return atlas(c, t);
  if (has('date_start') && ['type_of_violence', 'where_prec', 'date_prec', 'conflict_name'].some((n) => has(n))) {
    return has('latitude', 'longitude') ? ucdp(c) : null;
  }
  if (has('event_id_cnty') || (has('event_date') && ['event_type', 'sub_event_type', 'actor1'].some((n) => has(n)))) {
    return has('latitude', 'longitude') ? acled(c, t) : null;
  }
  return null;
}
