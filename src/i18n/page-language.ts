import { sayDate } from './date-phrases';
import { type MessageValues, Translator } from './translator';

// The page's language: one Translator, chosen once as the page opens (see
// app/language.ts). The page's modules word everything through these.

let current = new Translator('en');

/** Makes `tag` (and `calendar`, where the language offers it) the page's language. */
export function useLanguage(tag: string, calendar?: string | null): Translator {
  current = new Translator(tag, calendar);
  return current;
}

export function translator(): Translator {
  return current;
}

/** The page's message `key`, its placeholders filled. */
export function t(key: string, values?: MessageValues): string {
  return current.t(key, values);
}

/** A count in the page's digits. */
export function formatCount(n: number): string {
  return current.count(n);
}

/** An incident's date in the page's words, digits and calendar. */
export function formatIncidentDate(text: string): string {
  return sayDate(text, current);
}

export type { LanguageInfo } from './catalogue';
export { CATALOGUES } from './catalogue';
export type { MessageValues, Translator } from './translator';
