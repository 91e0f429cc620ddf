import { CATALOGUES, type Translator, t } from '../i18n/page-language';
import { el } from './dom';
import type { Widget } from './widget';

export interface LanguageMenuOptions {
  translator: Translator;
  /** Opens the page again in `tag` (and `calendar`). */
  reopen: (tag: string, calendar: string | null) => void;
  /** Whether reopening would lose what is on screen (a file opened from disk); the reader is asked first. */
  losesDataset: () => boolean;
}

/**
 * The header's language menu: a native select listing each language in its own
 * name, and, where the language offers more than one, the calendar dates are shown in.
 */
export function languageMenu({ translator, reopen, losesDataset }: LanguageMenuOptions): Widget {
  const current = translator.language;
  const language = el(
    'select',
    { class: 'language-select', 'aria-label': t('language.label'), title: t('language.label') },
    ...CATALOGUES.map(({ language: { tag, name, dir } }) => el('option', { value: tag, lang: tag, dir }, name)),
  ) as HTMLSelectElement;
  language.value = current.tag;
  const element = el('div', { class: 'language-menu' }, language);
  let calendar: HTMLSelectElement | null = null;
  if (current.calendars.length > 1) {
    calendar = el(
      'select',
      { class: 'calendar-select', 'aria-label': t('calendar.label'), title: t('calendar.label') },
      ...current.calendars.map((name) => el('option', { value: name }, t(`calendar.${name}`))),
    ) as HTMLSelectElement;
    calendar.value = translator.calendar;
    element.append(calendar);
  }
  const change = (): void => {
    if (losesDataset() && !window.confirm(t('language.reloadFile'))) {
      language.value = current.tag;
      if (calendar) calendar.value = translator.calendar;
      return;
    }
    const tag = language.value;
    reopen(tag, tag === current.tag ? (calendar?.value ?? null) : null);
  };
  language.addEventListener('change', change);
  calendar?.addEventListener('change', change);
  return {
    element,
    destroy: () => {
      language.removeEventListener('change', change);
      calendar?.removeEventListener('change', change);
    },
  };
}
