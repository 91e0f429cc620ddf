import english from './catalogues/en.json';
// The catalogues: one JSON file per language in catalogues/, named by its BCP 47
// tag. Adding a language is adding its file (docs/translating.md). Pure.

/** What a catalogue says of its language under its "@language" key. */
export interface LanguageInfo {
  /** BCP 47 tag, the file's name: `en`, `ur`, `ps`, `fa-AF`. */
  tag: string;
  /** The language's name in itself, as the language menu lists it. */
  name: string;
  dir: 'ltr' | 'rtl';
  /** Calendars a reader may choose to see dates in, the first shown unless they choose (Intl names). */
  calendars: string[];
  /**
   * For a language browsers' Intl lacks (Chromium has no Pashto): the locale whose
   * patterns and digits its numbers and dates are written with, and its own month
   * names per calendar, twelve each.
   */
  intlLocale?: string;
  months?: Readonly<Record<string, readonly string[]>>;
}

/** A catalogue: message key to ICU MessageFormat text. */
export type Messages = Readonly<Record<string, string>>;

export interface Catalogue {
  language: LanguageInfo;
  messages: Messages;
}

export const SOURCE_LANGUAGE = 'en';

type CatalogueFile = Record<string, unknown>;

/**
 * The catalogues Vite bundles, each file found by name. Outside Vite (the CLI
 * and Node workers under tsx) there is no glob: English alone, imported plainly.
 */
function catalogueFiles(): Record<string, CatalogueFile> {
  try {
    return import.meta.glob<CatalogueFile>('./catalogues/*.json', { eager: true, import: 'default' });
  } catch {
    return {};
  }
}
const files: Record<string, CatalogueFile> = { './catalogues/en.json': english, ...catalogueFiles() };

function readCatalogue(path: string, file: CatalogueFile): Catalogue {
  const tag = path.replace(/^.*\//, '').replace(/\.json$/, '');
  const meta = (file['@language'] ?? {}) as Partial<LanguageInfo>;
  const messages: Record<string, string> = {};
  for (const [key, value] of Object.entries(file)) if (typeof value === 'string') messages[key] = value;
  return {
    language: {
      tag,
      name: typeof meta.name === 'string' ? meta.name : tag,
      dir: meta.dir === 'rtl' ? 'rtl' : 'ltr',
      calendars: Array.isArray(meta.calendars) && meta.calendars.length > 0 ? meta.calendars : ['gregory'],
      ...(typeof meta.intlLocale === 'string' ? { intlLocale: meta.intlLocale } : {}),
      ...(meta.months && typeof meta.months === 'object' ? { months: meta.months } : {}),
    },
    messages,
  };
}

/** Every catalogue, English first, then by tag. */
export const CATALOGUES: readonly Catalogue[] = Object.entries(files)
  .map(([path, file]) => readCatalogue(path, file))
  .sort((a, b) =>
    a.language.tag === SOURCE_LANGUAGE
      ? -1
      : b.language.tag === SOURCE_LANGUAGE
        ? 1
        : a.language.tag.localeCompare(b.language.tag),
  );

export function catalogueOf(tag: string): Catalogue | undefined {
  return CATALOGUES.find((c) => c.language.tag === tag);
}
