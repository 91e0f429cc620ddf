// The text of an incident or a place in the reader's language: the dataset's
// translation (see IncidentTranslation in data/types.ts) where it has one,
// else the dataset's own text, which is taken to be English. Pure.
import type { Incident, Place, Translations } from '../data/types';
import { SOURCE_LANGUAGE } from './catalogue';

/** An incident's title and summary as shown in one language, and which of them are translated. */
export interface IncidentText {
  title: string;
  summary: string;
  titleTranslated: boolean;
  summaryTranslated: boolean;
}

/** A place's name as shown in one language. */
export interface PlaceText {
  name: string;
  nameTranslated: boolean;
}

/**
 * The translation for `tag` among `translations`: the tag's own, else that of
 * a shorter tag it falls back to (BCP 47 lookup: "fa-AF" takes "fa" when a
 * dataset has only that), compared without regard to case.
 */
export function translationFor<T>(translations: Translations<T> | undefined, tag: string): T | undefined {
  if (!translations) return undefined;
  const keys = Object.keys(translations);
  for (let wanted = tag.toLowerCase(); wanted !== ''; wanted = wanted.slice(0, Math.max(0, wanted.lastIndexOf('-')))) {
    const key = keys.find((k) => k.toLowerCase() === wanted);
    if (key !== undefined) return translations[key];
  }
  return undefined;
}

/** The title and summary of `incident` in language `tag`: each translated where the dataset translates it. */
export function incidentText(
  incident: Pick<Incident, 'title' | 'summary' | 'translations'>,
  tag: string,
): IncidentText {
  const translation = isSource(tag) ? undefined : translationFor(incident.translations, tag);
  const title = translation?.title;
  const summary = translation?.summary;
  return {
    title: title ?? incident.title,
    summary: summary ?? incident.summary,
    titleTranslated: title !== undefined,
    summaryTranslated: summary !== undefined,
  };
}

/** The name of `place` in language `tag`. */
export function placeText(place: Pick<Place, 'name' | 'translations'>, tag: string): PlaceText {
  const name = isSource(tag) ? undefined : translationFor(place.translations, tag)?.name;
  return { name: name ?? place.name, nameTranslated: name !== undefined };
}

/**
 * Whether text shown in language `tag` without a translation needs saying so:
 * in any language but the one the dataset is written in.
 */
export function isSource(tag: string): boolean {
  return tag.toLowerCase() === SOURCE_LANGUAGE || tag.toLowerCase().startsWith(`${SOURCE_LANGUAGE}-`);
}
