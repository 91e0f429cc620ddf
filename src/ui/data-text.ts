// Text from the dataset (titles, summaries, place names) on the page, in the
// reader's language where the dataset translates it (see i18n/incident-text.ts).
// Each element says the language of its text, so screen readers voice it and
// browsers shape it right; text shown in English in another language says so.
import { cut, SHOWN_CHARS } from '../data/text/quote';
import type { Incident, Place } from '../data/types';
import type { DataWord } from '../i18n/data-words';
import { type IncidentText, incidentText, isSource, placeText } from '../i18n/incident-text';
import { t, translator } from '../i18n/page-language';
import { el } from './dom';

type Shown = Pick<Incident, 'title' | 'summary' | 'translations'>;

/** The title and summary of `incident` in the page's language. */
export function shownText(incident: Shown): IncidentText {
  return incidentText(incident, translator().language.tag);
}

/**
 * Fills `element` with `text` (cut to `max` characters): marked with the
 * page's language when `translated`; otherwise, on a page in another language
 * than English, marked as English and laid out left to right, with a note in
 * the page's language that it is not translated (read out, and shown on hover).
 */
export function fillDataText(element: HTMLElement, text: string, translated: boolean, max: number): void {
  const { tag, dir } = translator().language;
  const shown = cut(text, max);
  for (const name of ['lang', 'dir', 'title']) element.removeAttribute(name);
  if (translated) {
    element.setAttribute('lang', tag);
    element.replaceChildren(shown);
  } else if (isSource(tag) || text === '') {
    element.replaceChildren(shown);
  } else {
    // The element itself is English, so a paragraph of it aligns and wraps as English does.
    const note = t('translation.missing');
    element.setAttribute('lang', 'en');
    element.setAttribute('dir', 'ltr');
    element.setAttribute('title', note);
    element.replaceChildren(shown, el('span', { class: 'visually-hidden', lang: tag, dir }, ` (${note})`));
  }
}

/** An element holding text from data (see fillDataText). */
export function dataText<K extends keyof HTMLElementTagNameMap>(
  name: K,
  attributes: Record<string, string>,
  text: string,
  translated: boolean,
  max: number,
): HTMLElementTagNameMap[K] {
  const element = el(name, attributes);
  fillDataText(element, text, translated, max);
  return element;
}

/** An element holding `incident`'s title in the page's language. */
export function titleText<K extends keyof HTMLElementTagNameMap>(
  name: K,
  attributes: Record<string, string>,
  incident: Shown,
): HTMLElementTagNameMap[K] {
  const { title, titleTranslated } = shownText(incident);
  return dataText(name, attributes, title, titleTranslated, SHOWN_CHARS.title);
}

/** Fills `element` with `incident`'s summary in the page's language, cut to `max` characters. */
export function fillSummary(element: HTMLElement, incident: Shown, max: number): void {
  const { summary, summaryTranslated } = shownText(incident);
  fillDataText(element, summary, summaryTranslated, max);
}

/** An element holding `incident`'s summary in the page's language, cut to `max` characters. */
export function summaryText<K extends keyof HTMLElementTagNameMap>(
  name: K,
  attributes: Record<string, string>,
  incident: Shown,
  max: number,
): HTMLElementTagNameMap[K] {
  const element = el(name, attributes);
  fillSummary(element, incident, max);
  return element;
}

/**
 * A span naming where an incident happened: its place's name in the page's
 * language, else the dataset's place text, else its coordinates in the
 * language's digits.
 */
export function placeNameText(
  incident: Incident,
  places: ReadonlyMap<string, Place>,
  attributes: Record<string, string> = {},
): HTMLSpanElement {
  if (incident.place) return namedPlaceText(incident.place, places, attributes);
  const degrees = new Intl.NumberFormat(translator().locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const [lon, lat] = incident.coordinates;
  return el('span', attributes, `${degrees.format(lat)}${t('app.comma')}${degrees.format(lon)}`);
}

/** A span naming place `id`: its name in the page's language, else the id as the dataset gives it. */
export function namedPlaceText(
  id: string,
  places: ReadonlyMap<string, Place>,
  attributes: Record<string, string> = {},
): HTMLSpanElement {
  const place = places.get(id);
  if (!place) return dataText('span', attributes, id, false, SHOWN_CHARS.name);
  const { name, nameTranslated } = placeText(place, translator().language.tag);
  return dataText('span', attributes, name, nameTranslated, SHOWN_CHARS.name);
}

/** A word from data (a category, a country) in the page's language, or marked as the data's English. */
export function wordText(word: DataWord, max: number = SHOWN_CHARS.name): HTMLElement {
  const foreign = !word.ours && !isSource(translator().language.tag);
  return el('span', foreign ? { lang: 'en', dir: 'ltr' } : {}, cut(word.text, max));
}

/**
 * The attributes of an element of text from data the dataset does not translate
 * (actors, sources, claimants): English on another language's page (see fillDataText).
 */
export function dataLang(): Record<string, string> {
  return isSource(translator().language.tag) ? {} : { lang: 'en', dir: 'ltr' };
}
