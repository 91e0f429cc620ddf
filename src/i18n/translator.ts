import { IntlMessageFormat } from 'intl-messageformat';
import { type Catalogue, catalogueOf, type LanguageInfo, SOURCE_LANGUAGE } from './catalogue';

/** Values a message's placeholders take: `{count, plural, …}` wants a number. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** What the page formats dates with: an Intl.DateTimeFormat, or one with the catalogue's month names. */
export type DateFormat = Pick<Intl.DateTimeFormat, 'format' | 'formatToParts' | 'formatRange'>;

type Formatters = NonNullable<ConstructorParameters<typeof IntlMessageFormat>[3]>['formatters'];

/**
 * Words, numbers and dates in one language: messages from its catalogue (ICU
 * MessageFormat, plurals by Intl.PluralRules), numbers and dates by Intl in the
 * language's own digits and, where the reader chose it, another calendar. A
 * language browsers' Intl lacks (Chromium has no Pashto) names a nearby locale
 * for Intl's patterns and digits and its own month names (see catalogue.ts).
 * A message the catalogue lacks is taken from English. Pure.
 */
export class Translator {
  readonly language: LanguageInfo;
  /** The calendar dates are shown in (an Intl name: `gregory`, `persian`). */
  readonly calendar: string;
  /** The tag Intl formats numbers and dates with (English writes days as 24 Dec 2024, as the British do). */
  readonly locale: string;
  readonly #own: Catalogue;
  readonly #source: Catalogue;
  readonly #compiled = new Map<string, IntlMessageFormat>();
  readonly #numbers: Intl.NumberFormat;
  readonly #digits: Intl.NumberFormat;
  readonly #formatters: Formatters;
  readonly #dates = new Map<string, DateFormat>();
  /** Keys neither this catalogue nor English has, said once. */
  readonly missing = new Set<string>();

  constructor(tag: string, calendar?: string | null) {
    const source = catalogueOf(SOURCE_LANGUAGE);
    if (!source) throw new Error('The English catalogue is missing');
    this.#source = source;
    this.#own = catalogueOf(tag) ?? source;
    this.language = this.#own.language;
    this.calendar = calendar && this.language.calendars.includes(calendar) ? calendar : this.language.calendars[0];
    this.locale = this.language.intlLocale ?? (this.language.tag === SOURCE_LANGUAGE ? 'en-GB' : this.language.tag);
    this.#numbers = new Intl.NumberFormat(this.locale);
    this.#digits = new Intl.NumberFormat(this.locale, { useGrouping: false });
    // A plural's `#` is written as `count` writes numbers, in the Intl locale's digits.
    this.#formatters = {
      getNumberFormat: (_locales, options) => new Intl.NumberFormat(this.locale, options as Intl.NumberFormatOptions),
      getDateTimeFormat: (locales, options) => new Intl.DateTimeFormat(locales, options),
      getPluralRules: (locales, options) => new Intl.PluralRules(locales, options),
    };
  }

  /** Whether the language's own catalogue has `key` (false: shown in English). */
  has(key: string): boolean {
    return key in this.#own.messages;
  }

  /** Whether English (so every language, or its English fallback) has the message `key`. */
  knows(key: string): boolean {
    return key in this.#source.messages;
  }

  /** The message `key` with its placeholders filled. */
  t(key: string, values?: MessageValues): string {
    let format = this.#compiled.get(key);
    if (!format) {
      const own = this.#own.messages[key];
      const text = own ?? this.#source.messages[key];
      if (text === undefined) {
        this.missing.add(key);
        return key;
      }
      format =
        own === undefined
          ? new IntlMessageFormat(text, 'en-GB')
          : new IntlMessageFormat(text, this.language.tag, undefined, { formatters: this.#formatters });
      this.#compiled.set(key, format);
    }
    return String(format.format(values as Record<string, string | number> | undefined));
  }

  /** A count as the language writes it: 100,000 or ۱۰۰٬۰۰۰. */
  count(n: number): string {
    return this.#numbers.format(n);
  }

  /** A number that names something (a row, a line) in the language's digits, ungrouped: 12345 or ۱۲۳۴۵. */
  digits(n: number): string {
    return this.#digits.format(n);
  }

  /** A date format in this language and calendar, in UTC (days here are calendar days, not instants). */
  dateFormat(options: Intl.DateTimeFormatOptions): DateFormat {
    const key = JSON.stringify(options);
    let format = this.#dates.get(key);
    if (!format) {
      const intl = new Intl.DateTimeFormat(this.locale, { ...options, calendar: this.calendar, timeZone: 'UTC' });
      const months = this.language.months?.[this.calendar];
      format = months && options.month && options.month !== 'numeric' ? withMonths(intl, this.calendar, months) : intl;
      this.#dates.set(key, format);
    }
    return format;
  }
}

/** `intl`, its month names replaced by the catalogue's (`months`, January or its calendar's first month first). */
function withMonths(intl: Intl.DateTimeFormat, calendar: string, months: readonly string[]): DateFormat {
  const monthOf = new Intl.DateTimeFormat('en-US', { month: 'numeric', calendar, timeZone: 'UTC' });
  // Whatever format() takes: the lib a dependency's types pull in (esnext, via vite-plugin-pwa) adds Temporal's.
  type Day = Parameters<Intl.DateTimeFormat['format']>[0];
  const name = (date: Day) => months[Number(monthOf.format(date)) - 1] ?? '';
  const rename = <P extends Intl.DateTimeFormatPart>(parts: P[], dateOf: (part: P) => Day) =>
    parts.map((part) => (part.type === 'month' ? { ...part, value: name(dateOf(part)) } : part));
  const text = (parts: Intl.DateTimeFormatPart[]) => parts.map((part) => part.value).join('');
  return {
    format: (date) => text(rename(intl.formatToParts(date), () => date)),
    formatToParts: (date) => rename(intl.formatToParts(date), () => date),
    formatRange: (start: number | Date, end: number | Date) =>
      text(rename(intl.formatRangeToParts(start, end), (part) => (part.source === 'endRange' ? end : start))),
  };
}
