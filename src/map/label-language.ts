import type { ExpressionSpecification } from 'maplibre-gl';

// Which Natural Earth name a basemap label shows in each of the page's
// languages (docs/map-labels.md says why these fields and this order).

/** A label's text as a MapLibre expression: the first of its names the feature has. */
export type LabelText = ExpressionSpecification;

/**
 * The name fields of `public/basemap/names/*.geojson` each language reads, best
 * first. Natural Earth has no Pashto: Pashto readers get the Dari (Persian)
 * name, then the Urdu one, both in their own script, before any Latin name.
 */
export const NAME_FIELDS: Readonly<Record<string, readonly string[]>> = {
  en: [],
  ur: ['name_ur'],
  'fa-AF': ['name_fa'],
  ps: ['name_fa', 'name_ur'],
};

/** The language's own name fields (none for English, whose labels keep their English fields). */
export function nameFields(tag: string): readonly string[] {
  return NAME_FIELDS[tag] ?? [];
}

/** Whether the page's language labels the map in Arabic script (and so needs its glyphs). */
export function labelsInArabicScript(tag: string): boolean {
  return nameFields(tag).length > 0;
}

/** The label in `tag`'s language, else what `english` gives (a layer's English fields, in order). */
export function labelText(tag: string, english: readonly string[]): LabelText {
  return ['coalesce', ...[...nameFields(tag), ...english].map((field): ExpressionSpecification => ['get', field])];
}

/**
 * The words for "province" Natural Earth writes into many Urdu and Persian
 * province names (صوبہ کابل, ولایت کابل, کابل پراونس): dropped, as the English
 * labels say "KABUL", not "Kabul Province". Other words stay (Tibet's علاقہ is part of its name).
 */
const PROVINCE_PREFIXES = ['صوبہ ', 'ولایت ', 'استان '];
const PROVINCE_SUFFIXES = [' صوبہ', ' پراونس'];

/** A province's label in `tag`'s language, its word for "province" dropped. */
export function provinceLabelText(tag: string, english: readonly string[]): LabelText {
  const text = labelText(tag, english);
  if (!labelsInArabicScript(tag)) return text;
  const name: ExpressionSpecification = ['var', 'name'];
  let stripped: ExpressionSpecification = name;
  for (const prefix of PROVINCE_PREFIXES) {
    stripped = ['case', ['==', ['index-of', prefix, name], 0], ['slice', name, prefix.length], stripped];
  }
  for (const suffix of PROVINCE_SUFFIXES) {
    const at: ExpressionSpecification = ['-', ['length', name], suffix.length];
    stripped = [
      'case',
      ['all', ['>', at, 0], ['==', ['index-of', suffix, name], at]],
      ['slice', name, 0, at],
      stripped,
    ];
  }
  return ['let', 'name', ['to-string', text], stripped];
}
