// Which columns each table layout reads (see table/layouts/), so a Parquet file's
// other columns are never fetched. A column listed here that a layout does not
// read costs bytes only; one a layout reads that is missing here changes what
// loads, which tests/unit/import/parquet-columns.test.ts catches. Pure.

import { ATLAS_CSV_COLUMNS } from '../../export/export';
import { HeaderIndex, type LayoutGuess } from '../table/detect-layout';

/**
 * Our own CSV: the columns our export writes (every member of the schema, the
 * dataset's name and attribution), and the others our reader takes.
 */
const ATLAS = [...ATLAS_CSV_COLUMNS, 'origin', 'sources', 'claims', 'translations'];

const UCDP = [
  'id',
  'date_start',
  'date_end',
  'date_prec',
  'where_prec',
  'latitude',
  'longitude',
  'type_of_violence',
  'conflict_name',
  'dyad_name',
  'side_a',
  'side_b',
  'source_article',
  'source_office',
  'source_date',
  'where_description',
  'where_coordinates',
  'adm_1',
  'adm_2',
  'country',
  'best',
  'best_est',
  'low',
  'low_est',
  'high',
  'high_est',
  'deaths_a',
  'deaths_b',
  'deaths_civilians',
  'deaths_unknown',
];

const ACLED = [
  'event_id_cnty',
  'data_id',
  'event_id_no_cnty',
  'event_date',
  'time_precision',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'ally_actor_1',
  'actor2',
  'assoc_actor_2',
  'ally_actor_2',
  'fatalities',
  'notes',
  'source',
  'geo_precision',
  'latitude',
  'longitude',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
];

/**
 * The header names (as written in `headers`) that the layout `guess` reads,
 * in the order of `headers`: for a known layout the columns its reader looks
 * up by name, for any other table the columns its mapping names.
 */
export function columnsForLayout(guess: LayoutGuess, headers: readonly string[]): string[] {
  let wanted: Set<string>;
  if (guess.kind === 'generic') {
    const m = guess.mapping;
    wanted = new Set(
      m === null
        ? []
        : [
            m.date,
            m.dateEnd,
            m.lat,
            m.lon,
            m.title,
            m.category,
            m.id,
            m.summary,
            m.fatalities,
            m.country,
            ...(m.actors ?? []),
            ...(m.place ?? []),
          ].filter((column): column is string => column !== undefined && column !== ''),
    );
  } else {
    const names = guess.kind === 'atlas' ? ATLAS : guess.kind === 'ucdp' ? UCDP : ACLED;
    wanted = new Set(new HeaderIndex(headers).all(names));
  }
  return headers.filter((header) => wanted.has(header));
}
