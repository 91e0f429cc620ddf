import { LAYOUT_LABELS } from '../data/import/table/detect-layout';
import { categoryLabel } from '../data/pack/category-colors';
import { translator } from './page-language';

// Words from data the app knows in every language: the usual category names
// (the SPEC's, ACLED's event types, UCDP's violence types) through the
// catalogue, and country names through Intl.DisplayNames. Anything else is
// shown as the dataset writes it. Pure.

/** A word from data as the page shows it; `ours` when it is in the page's language. */
export interface DataWord {
  text: string;
  ours: boolean;
}

/** A category in the page's language where the catalogue knows it, else as the data names it. */
export function categoryWord(category: string): DataWord {
  const tr = translator();
  const key = `category.${category
    .trim()
    .toLowerCase()
    .replace(/[\s_/]+/g, '-')}`;
  if (tr.knows(key)) return { text: tr.t(key), ours: true };
  return { text: categoryLabel(category), ours: tr.language.tag === 'en' };
}

let regionCodes: Map<string, string> | null = null;

/** English country names to ISO 3166 codes, as Intl names them. */
function regionCodeOf(name: string): string | undefined {
  if (!regionCodes) {
    regionCodes = new Map();
    const english = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const said = english.of(code);
        if (said && !regionCodes.has(said.toLowerCase())) regionCodes.set(said.toLowerCase(), code);
      }
    }
  }
  return regionCodes.get(name.trim().toLowerCase());
}

const countryNames = new Map<string, Intl.DisplayNames>();

/** A country the data names in English, in the page's language where Intl knows it. */
export function countryWord(name: string): DataWord {
  const tr = translator();
  if (tr.language.tag === 'en') return { text: name, ours: true };
  const code = regionCodeOf(name);
  if (!code) return { text: name, ours: false };
  let names = countryNames.get(tr.locale);
  if (!names) {
    names = new Intl.DisplayNames(tr.locale, { type: 'region', fallback: 'none' });
    countryNames.set(tr.locale, names);
  }
  const said = names.of(code);
  return said && said !== name ? { text: said, ours: true } : { text: name, ours: false };
}

/** The layout a table was read as (the worker names it by its English label), in the page's language. */
export function layoutWord(label: string): string {
  const kind = Object.entries(LAYOUT_LABELS).find(([, english]) => english === label)?.[0];
  return kind ? translator().t(`layout.${kind}`) : label;
}
