import { chooseLanguage } from '../i18n/choose-language';
import { CATALOGUES, type Translator, t, useLanguage } from '../i18n/page-language';

// The page's language as it opens: the link's `?lang=`, else the reader's choice
// remembered from the language menu, else the browser's. Changing it reloads the
// page (see ui/language-menu.ts), so everything is built once in one language.

const LANGUAGE_KEY = 'incident-atlas.language';
const CALENDAR_KEY = 'incident-atlas.calendar';

function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Chooses the page's language and sets `<html lang dir>`; `notice` says why a link's language was not used. */
export function openInLanguage(params: URLSearchParams): { translator: Translator; notice: string | null } {
  const store = localStore();
  const available = CATALOGUES.map((c) => c.language.tag);
  const { tag, unknownLink } = chooseLanguage(
    { link: params.get('lang'), remembered: store?.getItem(LANGUAGE_KEY), browser: navigator.languages },
    available,
  );
  const translator = useLanguage(tag, store?.getItem(CALENDAR_KEY));
  const root = document.documentElement;
  root.lang = tag;
  root.dir = translator.language.dir;
  root.dataset.calendar = translator.calendar;
  const notice = unknownLink ? t('language.unknown', { tag: unknownLink, name: translator.language.name }) : null;
  return { translator, notice };
}

/** Remembers the reader's language (and calendar) and reopens the page in it, the address's view kept. */
export function reopenInLanguage(tag: string, calendar: string | null): void {
  const store = localStore();
  store?.setItem(LANGUAGE_KEY, tag);
  if (calendar) store?.setItem(CALENDAR_KEY, calendar);
  const url = new URL(location.href);
  // A link's language gives way to the reader's choice; without one the remembered choice applies.
  if (url.searchParams.has('lang')) url.searchParams.set('lang', tag);
  location.assign(url.href);
  if (url.href === location.href) location.reload();
}
