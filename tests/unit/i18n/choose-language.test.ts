import { describe, expect, it } from 'vitest';
import { chooseLanguage, matchLanguage } from '../../../src/i18n/choose-language';

const OURS = ['en', 'fa-AF', 'ps', 'ur'];

describe('matchLanguage', () => {
  it('takes our tags whatever their case, and a region we do not have by its language', () => {
    expect(matchLanguage('UR', OURS)).toBe('ur');
    expect(matchLanguage('fa-af', OURS)).toBe('fa-AF');
    expect(matchLanguage('ur-PK', OURS)).toBe('ur');
    expect(matchLanguage('en-US', OURS)).toBe('en');
    expect(matchLanguage('ps-AF', OURS)).toBe('ps');
  });
  it("reads Dari's and Pashto's other codes, and Persian as Dari", () => {
    expect(matchLanguage('prs', OURS)).toBe('fa-AF');
    expect(matchLanguage('fa-IR', OURS)).toBe('fa-AF');
    expect(matchLanguage('fa', OURS)).toBe('fa-AF');
    expect(matchLanguage('pbu', OURS)).toBe('ps');
  });
  it('has nothing for a language we lack or an empty wish', () => {
    expect(matchLanguage('de', OURS)).toBeUndefined();
    expect(matchLanguage('  ', OURS)).toBeUndefined();
  });
});

describe('chooseLanguage', () => {
  it("puts the link's language before the remembered one and the browser's", () => {
    expect(chooseLanguage({ link: 'ps', remembered: 'ur', browser: ['fa-AF'] }, OURS)).toEqual({
      tag: 'ps',
      unknownLink: null,
    });
  });
  it("puts the reader's remembered choice before the browser's", () => {
    expect(chooseLanguage({ remembered: 'ur', browser: ['fa-AF', 'en'] }, OURS).tag).toBe('ur');
  });
  it("takes the first of the browser's languages we have", () => {
    expect(chooseLanguage({ browser: ['de-DE', 'ps-AF', 'en'] }, OURS).tag).toBe('ps');
    expect(chooseLanguage({ browser: ['de-DE'] }, OURS).tag).toBe('en');
  });
  it("names a link's language we lack, and falls back past it", () => {
    expect(chooseLanguage({ link: 'xx-YY', browser: ['ur'] }, OURS)).toEqual({ tag: 'ur', unknownLink: 'xx-YY' });
    expect(chooseLanguage({ link: 'z'.repeat(5000) }, OURS).unknownLink).toHaveLength(35);
  });
});
