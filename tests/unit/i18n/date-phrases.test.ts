import { describe, expect, it } from 'vitest';
import { sayDate } from '../../../src/i18n/date-phrases';
import { Translator } from '../../../src/i18n/translator';

// Expected texts are written out by hand: what a reader of each language reads.
describe('dates in each language', () => {
  it('English keeps the phrases the page has always had', () => {
    const en = new Translator('en');
    expect(sayDate('2024-12-24', en)).toBe('24 Dec 2024');
    expect(sayDate('2024-09', en)).toBe('Sept 2024');
    expect(sayDate('2024-12-21~', en)).toBe('about 21 Dec 2024');
    expect(sayDate('2024-12-16/2024-12-22', en)).toBe('between 16 and 22 Dec 2024');
    expect(sayDate('2024-11-28/2024-12-02', en)).toBe('between 28 Nov and 2 Dec 2024');
    expect(sayDate('2024-12-24/..', en)).toBe('24 Dec 2024 or later');
    expect(sayDate('../2024-12-24', en)).toBe('24 Dec 2024 or earlier');
    expect(sayDate('2024-12-24/', en)).toBe('from 24 Dec 2024, end unknown');
    expect(sayDate('2024-12-24?', en)).toBe('24 Dec 2024, uncertain');
  });

  it('Urdu words the phrases and months in Urdu, with the Western digits Urdu news uses', () => {
    const ur = new Translator('ur');
    expect(sayDate('2024-09', ur)).toBe('ستمبر 2024');
    expect(sayDate('2024-12-24/..', ur)).toBe('24 دسمبر، 2024 یا اس کے بعد');
    expect(sayDate('2024-12-16/2024-12-22', ur)).toBe('16 اور 22 دسمبر، 2024 کے درمیان');
    expect(sayDate('2024-11-28/2024-12-02', ur)).toBe('28 نومبر اور 2 دسمبر، 2024 کے درمیان');
  });

  it('Dari and Pashto write Extended Arabic-Indic digits', () => {
    const dari = new Translator('fa-AF');
    expect(sayDate('2024-09', dari)).toBe('سپتمبر ۲۰۲۴');
    expect(sayDate('2024-12-24/..', dari)).toBe('۲۴ دسمبر ۲۰۲۴ یا بعد از آن');
    expect(sayDate('2024-12-21~', dari)).toBe('حدود ۲۱ دسمبر ۲۰۲۴');
    expect(sayDate('2024-11-28/2024-12-02', dari)).toBe('بین ۲۸ نومبر و ۲ دسمبر ۲۰۲۴');
    const pashto = new Translator('ps');
    // Browsers' Intl lacks Pashto: its dates take Dari's patterns and digits with Pashto month names.
    expect(sayDate('2024-12-24/..', pashto)).toBe('۲۴ دسمبر ۲۰۲۴ یا وروسته');
    expect(sayDate('2024-11-28/2024-12-02', pashto)).toBe('د ۲۸ نومبر او ۲ دسمبر ۲۰۲۴ ترمنځ');
    expect(sayDate('2024-04', pashto)).toBe('اپرېل ۲۰۲۴');
    expect(sayDate('2024-12-24', new Translator('ps', 'persian'))).toBe('۴ مرغومی ۱۴۰۳');
    expect(pashto.count(12345)).toBe('۱۲٬۳۴۵');
  });

  it('a Dari reader who chooses it reads Solar Hijri dates; a Gregorian month is the days it spans', () => {
    const hijri = new Translator('fa-AF', 'persian');
    expect(hijri.calendar).toBe('persian');
    // 24 December 2024 is 4 Jadi 1403; September 2024 runs from 11 Sonbola to 9 Mizan 1403.
    expect(sayDate('2024-12-24', hijri)).toBe('۴ جدی ۱۴۰۳');
    expect(sayDate('2024-09', hijri)).toBe('۱۱ سنبلهٔ تا ۹ میزان ۱۴۰۳');
    // 16 Dec is 26 Qaws and 22 Dec is 2 Jadi: the shortened start keeps its month.
    expect(sayDate('2024-12-16/2024-12-22', hijri)).toBe('بین ۲۶ قوس و ۲ جدی ۱۴۰۳');
  });

  it('a calendar the language does not offer is not used', () => {
    expect(new Translator('ur', 'persian').calendar).toBe('gregory');
    expect(new Translator('en', 'persian').calendar).toBe('gregory');
  });

  it('shows a form it does not phrase as written', () => {
    expect(sayDate('2024-XX-XX', new Translator('ur'))).toBe('2024-XX-XX');
    expect(sayDate('not a date', new Translator('ps'))).toBe('not a date');
  });
});

describe('Translator', () => {
  it('fills placeholders, and takes a message its catalogue lacks from English', () => {
    const ur = new Translator('ur');
    expect(ur.t('date.between', { start: 'الف', end: 'ب' })).toBe('الف اور ب کے درمیان');
    expect(ur.t('no.such.key')).toBe('no.such.key');
    expect(ur.missing.has('no.such.key')).toBe(true);
  });
  it('falls back to English for a language it does not have', () => {
    expect(new Translator('xx').language.tag).toBe('en');
  });
});
