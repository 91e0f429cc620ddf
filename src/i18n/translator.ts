import { IntlMessageFormat } from 'intl-messageformat';
import { type Catalogue, catalogueOf, type LanguageInfo, SOURCE_LANGUAGE } from './catalogue';

/**
 * The digits of our languages, for a browser whose Intl lacks the language
 * (Chromium has no Pashto, and would write its numbers in English digits).
 */
const DIGITS: Readonly<Record<string, string>> = { ps: 'arabext', 'fa-AF': 'arabext', ur: 'latn' };

/** Values a message's placeholders take: `{count, plural, …}` wants a number. */
export type MessageValues = Readonly<Record<string, string | number>>;

/**
 * Words, numbers and dates in one language: messages from its catalogue (ICU
 * MessageFormat, plurals by Intl.PluralRules), numbers and dates by Intl in the
 * language's own digits and, where the reader chose it, another calendar. A
 * message the catalogue lacks is taken from English. Pure.
 */
export class Translator {
  readonly language: LanguageInfo;
  /** The calendar dates are shown in (an Intl name: `gregory`, `persian`). */
  readonly calendar: string;
  /** The tag Intl formats with (English writes days as 24 Dec 2024, as the British do). */
  readonly locale: string;
  readonly #own: Catalogue;
  readonly #source: Catalogue;
  readonly #compiled = new Map<string, IntlMessageFormat>();
  readonly #numbers: Intl.NumberFormat;
  /** How messages format their numbers (a plural's `#`): in the language's digits, as `count` does. */
  readonly #formatters: NonNullable<ConstructorParameters<typeof IntlMessageFormat>[3]>['formatters'];
  readonly #dates = new Map<string, Intl.DateTimeFormat>();
  /** Keys neither this catalogue nor English has, said once. */
  readonly missing = new Set<string>();

  constructor(tag: string, calendar?: string | null) {
    const source = catalogueOf(SOURCE_LANGUAGE);
    if (!source) throw new Error('The English catalogue is missing');
    this.#source = source;
    this.#own = catalogueOf(tag) ?? source;
    this.language = this.#own.language;
    this.calendar = calendar && this.language.calendars.includes(calendar) ? calendar : this.language.calendars[0];
    this.locale = this.language.tag === SOURCE_LANGUAGE ? 'en-GB' : this.language.tag;
    const known = Intl.NumberFormat.supportedLocalesOf(this.locale).length > 0;
    const digits = known ? {} : { numberingSystem: DIGITS[this.language.tag] };
    this.#numbers = new Intl.NumberFormat(this.locale, digits);
    this.#formatters = {
      getNumberFormat: (locales, options) =>
        new Intl.NumberFormat(locales, { ...(options as Intl.NumberFormatOptions), ...digits }),
      getDateTimeFormat: (locales, options) => new Intl.DateTimeFormat(locales, options),
      getPluralRules: (locales, options) => new Intl.PluralRules(locales, options),
    };
  }

  /** Whether the language's own catalogue has `key` (false: shown in English). */
  has(key: string): boolean {
    return key in this.#own.messages;
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
          : new IntlMessageFormat(text, this.locale, undefined, { formatters: this.#formatters });
      this.#compiled.set(key, format);
    }
    return String(format.format(values as Record<string, string | number> | undefined));
  }

  /** A count as the language writes it: 100,000 or ۱۰۰٬۰۰۰. */
  count(n: number): string {
    return this.#numbers.format(n);
  }

  /** An Intl date format in this language and calendar, in UTC (days here are calendar days, not instants). */
  dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = JSON.stringify(options);
    let format = this.#dates.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(this.locale, { ...options, calendar: this.calendar, timeZone: 'UTC' });
      this.#dates.set(key, format);
    }
    return format;
  }
}
