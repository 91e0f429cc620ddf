// DuckDB macros the input layouts share: empty cells, EDTF dates to first and last days, ids usable
// in a URL, category slugs, place lines and title places, written once so every layout reads alike.

/** Run once per connection before the layouts' SQL. */
export const SQL_MACROS = String.raw`
-- A cell as trimmed text, NULL when empty (CSV cells are text; Parquet ones may be numbers or dates).
CREATE OR REPLACE TEMP MACRO bare(s) AS CASE WHEN s IS NOT NULL AND CAST(s AS VARCHAR) <> '' THEN NULLIF(TRIM(CAST(s AS VARCHAR)), '') END;
-- Long text as it is (trimming every summary costs more than the spaces do), NULL when empty.
CREATE OR REPLACE TEMP MACRO text(s) AS NULLIF(CAST(s AS VARCHAR), '');

-- One side of an EDTF date without its qualifiers (~ ? %) and without a time of day.
CREATE OR REPLACE TEMP MACRO edtf_side(p) AS
  regexp_replace(regexp_replace(TRIM(p), '[~?%]', '', 'g'), '^(\d{4}-\d{2}-\d{2})[T ].*$', '\1');

-- The first and last day a year (2024), a month (2024-03) or a day (2024-03-05) can be; NULL otherwise.
CREATE OR REPLACE TEMP MACRO edtf_first(p) AS CASE
  WHEN regexp_full_match(edtf_side(p), '\d{4}') THEN make_date(CAST(edtf_side(p) AS INTEGER), 1, 1)
  WHEN regexp_full_match(edtf_side(p), '\d{4}-(0[1-9]|1[0-2])')
    THEN make_date(CAST(left(edtf_side(p), 4) AS INTEGER), CAST(right(edtf_side(p), 2) AS INTEGER), 1)
  WHEN regexp_full_match(edtf_side(p), '\d{4}-\d{2}-\d{2}') THEN try_cast(edtf_side(p) AS DATE)
END;
CREATE OR REPLACE TEMP MACRO edtf_last(p) AS CASE
  WHEN regexp_full_match(edtf_side(p), '\d{4}') THEN make_date(CAST(edtf_side(p) AS INTEGER), 12, 31)
  WHEN regexp_full_match(edtf_side(p), '\d{4}-(0[1-9]|1[0-2])')
    THEN last_day(make_date(CAST(left(edtf_side(p), 4) AS INTEGER), CAST(right(edtf_side(p), 2) AS INTEGER), 1))
  WHEN regexp_full_match(edtf_side(p), '\d{4}-\d{2}-\d{2}') THEN try_cast(edtf_side(p) AS DATE)
END;

-- An EDTF date or interval: its first day, last day (NULL for an open end) and whether the end is open.
-- A plain day, by far the most common, takes the short way.
CREATE OR REPLACE TEMP MACRO edtf_start(d) AS CASE
  WHEN length(d) > 64 THEN NULL
  WHEN length(d) = 10 AND d[5] = '-' AND d[8] = '-' THEN try_cast(d AS DATE)
  ELSE edtf_first(split_part(d, '/', 1))
END;
CREATE OR REPLACE TEMP MACRO edtf_open(d) AS contains(d, '/') AND TRIM(split_part(d, '/', 2)) IN ('..', '');
CREATE OR REPLACE TEMP MACRO edtf_end(d) AS CASE
  WHEN length(d) > 64 THEN NULL
  WHEN length(d) = 10 AND d[5] = '-' AND d[8] = '-' THEN try_cast(d AS DATE)
  WHEN contains(d, '/') THEN edtf_last(split_part(d, '/', 2))
  ELSE edtf_last(d)
END;

CREATE OR REPLACE TEMP MACRO iso_day(d) AS strftime(d, '%Y-%m-%d');

-- An id usable in a URL: kept when it already is one, else made into one (as the app's toIdSlug).
CREATE OR REPLACE TEMP MACRO id_slug(t) AS CASE
  WHEN regexp_full_match(t, '[A-Za-z0-9][A-Za-z0-9._~-]{0,255}') THEN t
  ELSE NULLIF(regexp_replace(regexp_replace(regexp_replace(strip_accents(t),
    '[^A-Za-z0-9._~-]+', '-', 'g'), '^[^A-Za-z0-9]+', ''), '-+$', ''), '')
END;

-- A category from a label: "Violence against civilians" is violence-against-civilians.
CREATE OR REPLACE TEMP MACRO slug(t) AS
  NULLIF(TRIM(regexp_replace(lower(strip_accents(t)), '[^a-z0-9]+', '-', 'g'), '-'), '');

-- Place names finest first, joined with ", ", leaving out a name an earlier one already contains.
CREATE OR REPLACE TEMP MACRO place_line(l) AS NULLIF(array_to_string(list_filter(l, lambda x, i:
  x IS NOT NULL AND NOT coalesce(list_bool_or(list_transform(l[1:i - 1],
    lambda e: contains(lower(coalesce(e, '')), lower(x)))), false)), ', '), '');

-- The place a title names: the first short name (40 characters at most), a description cut at its first comma.
CREATE OR REPLACE TEMP MACRO title_place(l) AS list_filter(list_transform(l,
  lambda x: NULLIF(TRIM(split_part(coalesce(x, ''), ',', 1)), '')), lambda x: length(x) <= 40)[1];

-- Whole deaths, or NULL for anything else.
CREATE OR REPLACE TEMP MACRO count_of(s) AS CASE WHEN try_cast(s AS INTEGER) >= 0 THEN try_cast(s AS INTEGER) END;
`;
