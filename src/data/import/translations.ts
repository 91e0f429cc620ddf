// Translations (see IncidentTranslation in types.ts): an incident's title and
// summary, or a place's name, in other languages, read from a feature's
// `translations`. Each fault is a problem on its own field, and only the
// faulty part is left out: the incident and its other translations load. Pure.
import { type DataText, say } from '../text/messages';
import { describeValueText, quoteValueText, SHOWN_CHARS } from '../text/quote';
import type { IncidentTranslation, PlaceTranslation, Translations } from '../types';
import { isObject, own } from './json';

/**
 * The longest text a translation may give of each field: what the page lays
 * out of it (SHOWN_CHARS), since the page keeps translations in memory with
 * the titles, and text past that would never be shown.
 */
export const TRANSLATED_CHARS = { title: SHOWN_CHARS.title, summary: SHOWN_CHARS.summary, name: SHOWN_CHARS.name };

/** How many languages one feature's translations may name; a dataset in more is not one we expect. */
export const MAX_LANGUAGES = 32;

/** The longest language tag read (BCP 47 advises support of 35 characters). */
const MAX_TAG_LENGTH = 35;

/** A fault in a feature's translations: the field it names ("translations.ur.title") and what is wrong. */
export interface TranslationProblem {
  field: string;
  text: DataText;
}

export interface TranslationsRead<T> {
  /** What was kept, by canonical tag; undefined when nothing was. */
  translations: Translations<T> | undefined;
  problems: TranslationProblem[];
}

/** An incident's translations: `title` and `summary`. */
export function readIncidentTranslations(value: unknown): TranslationsRead<IncidentTranslation> {
  return readTranslations(value, { title: TRANSLATED_CHARS.title, summary: TRANSLATED_CHARS.summary });
}

/** A place's translations: `name`. */
export function readPlaceTranslations(value: unknown): TranslationsRead<PlaceTranslation> {
  return readTranslations(value, { name: TRANSLATED_CHARS.name });
}

/** What a feature without translations reads as (most): one object for all of them, not one each. */
const NONE: TranslationsRead<never> = Object.freeze({
  translations: undefined,
  problems: Object.freeze([]) as never[],
});

/** Translations of the fields `limits` names, each at most its number of characters long. */
export function readTranslations<T>(value: unknown, limits: Readonly<Record<string, number>>): TranslationsRead<T> {
  const fields = Object.keys(limits);
  if (value === undefined || value === null) return NONE as TranslationsRead<T>;
  const problems: TranslationProblem[] = [];
  const problem = (field: string, text: DataText) => problems.push({ field, text });
  const fieldList = fields.join(', ');
  if (!isObject(value)) {
    problem('translations', say('data.translations.notObject', { value: describeValueText(value), field: fields[0] }));
    return { translations: undefined, problems };
  }
  const kept: Record<string, Record<string, string>> = {};
  let count = 0;
  const tags = Object.keys(value);
  for (const given of tags) {
    if (count === MAX_LANGUAGES) {
      problem('translations', say('data.translations.tooMany', { count: tags.length, max: MAX_LANGUAGES }));
      break;
    }
    const tag = canonicalTag(given);
    if (tag === null) {
      problem('translations', say('data.translations.badTag', { value: quoteValueText(given) }));
      continue;
    }
    const where = `translations.${tag}`;
    if (Object.hasOwn(kept, tag)) {
      problem(where, say('data.translations.twice', { value: quoteValueText(given) }));
      continue;
    }
    const item = own(value, given);
    if (!isObject(item)) {
      problem(where, say('data.translations.notFields', { value: describeValueText(item), fields: fieldList }));
      continue;
    }
    const texts: Record<string, string> = {};
    for (const key of Object.keys(item)) {
      const text = own(item, key);
      if (!fields.includes(key)) {
        problem(
          `${where}.${key.length > 40 ? `${key.slice(0, 39)}…` : key}`,
          say('data.translations.unknownField', { fields: fieldList }),
        );
        continue;
      }
      const max = limits[key];
      if (typeof text !== 'string')
        problem(`${where}.${key}`, say('data.translations.notText', { value: describeValueText(text) }));
      else if (text.length > max) {
        problem(`${where}.${key}`, say('data.translations.tooLong', { length: text.length, max }));
      } else if (text.trim() !== '') texts[key] = text.trim();
    }
    if (Object.keys(texts).length === 0) continue;
    kept[tag] = texts;
    count++;
  }
  return { translations: count > 0 ? (kept as Translations<T>) : undefined, problems };
}

/** `tag` in its canonical case ("fa-af" as "fa-AF"), or null when it is not a well-formed BCP 47 tag. */
function canonicalTag(tag: string): string | null {
  if (tag.length === 0 || tag.length > MAX_TAG_LENGTH) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}
