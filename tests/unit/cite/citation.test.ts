import { describe, expect, test } from 'vitest';
import { apa, bibtex, bibtexText, type CitedView, chicago, viewTitle } from '../../../src/cite/citation';
import { Translator } from '../../../src/i18n/translator';

const URL_OF_VIEW = 'https://example.org/atlas/#date=2024-12-24&incident=2024-12-24-paktika-airstrikes&ds=0123456789ab';

/** The embedded dataset, one incident selected: the atlas is its author and publisher. */
const SEED: CitedView = {
  author: 'Incident Atlas',
  publisher: 'Incident Atlas',
  dataset: 'Pakistan–Afghanistan, Sept–Dec 2024',
  shows: 'Pakistani airstrikes in Paktika',
  url: URL_OF_VIEW,
  accessed: '2026-12-06',
  fingerprint: '0123456789ab',
};

/** Another dataset: its attribution is the author, the atlas the publisher; no incident selected. */
const OTHER: CitedView = {
  author: 'Republic Policy.',
  publisher: 'Incident Atlas',
  dataset: 'Border incidents',
  shows: 'as of 2024-12-24',
  url: 'https://example.org/atlas/?data=x.csv#date=2024-12-24',
  accessed: '2026-01-31',
};

describe('APA (7th edition)', () => {
  test('a data set with no date, retrieved on a day; the publisher is left out where it is the author', () => {
    expect(apa(SEED)).toBe(
      `Incident Atlas. (n.d.). Pakistan–Afghanistan, Sept–Dec 2024: Pakistani airstrikes in Paktika [Data set]. Retrieved 2026-12-06, from ${URL_OF_VIEW}`,
    );
  });

  test('an author that ends in a full stop gets no second one; the publisher follows the title', () => {
    expect(apa(OTHER)).toBe(
      'Republic Policy. (n.d.). Border incidents: as of 2024-12-24 [Data set]. Incident Atlas. Retrieved 2026-01-31, from https://example.org/atlas/?data=x.csv#date=2024-12-24',
    );
  });

  test('with no author, the title comes first', () => {
    const { author: _, ...view } = OTHER;
    expect(apa(view)).toBe(
      'Border incidents: as of 2024-12-24 [Data set]. (n.d.). Incident Atlas. Retrieved 2026-01-31, from https://example.org/atlas/?data=x.csv#date=2024-12-24',
    );
  });
});

describe('Chicago (17th edition, author-date)', () => {
  test('the title in quotation marks, its full stop inside them, then the day of access and the URL', () => {
    expect(chicago(SEED)).toBe(
      `Incident Atlas. n.d. “Pakistan–Afghanistan, Sept–Dec 2024: Pakistani airstrikes in Paktika.” Accessed 2026-12-06. ${URL_OF_VIEW}.`,
    );
    expect(chicago(OTHER)).toBe(
      'Republic Policy. n.d. “Border incidents: as of 2024-12-24.” Incident Atlas. Accessed 2026-01-31. https://example.org/atlas/?data=x.csv#date=2024-12-24.',
    );
  });

  test('a title that ends in a question mark takes no full stop', () => {
    expect(chicago({ ...OTHER, shows: 'Who struck first?' })).toContain(
      '“Border incidents: Who struck first?” Incident',
    );
    expect(apa({ ...OTHER, shows: 'Who struck first?' })).toContain('Who struck first? [Data set]. Incident');
  });
});

describe('BibTeX', () => {
  test('a @misc entry with url, urldate and the fingerprint in a note', () => {
    expect(bibtex(SEED)).toBe(
      [
        '@misc{atlas-2026-12-06-0123456789ab,',
        '  author = {{Incident Atlas}},',
        '  title = {{Pakistan–Afghanistan, Sept–Dec 2024: Pakistani airstrikes in Paktika}},',
        `  url = {${URL_OF_VIEW}},`,
        '  urldate = {2026-12-06},',
        '  note = {Dataset fingerprint 0123456789ab (first 12 hex digits of the SHA-256 of its file)}',
        '}',
      ].join('\n'),
    );
  });

  test("LaTeX's special characters are escaped, braces kept balanced", () => {
    expect(bibtexText('{50%} & $5 #1 snake_case \\ ~ ^')).toBe(
      '\\textbraceleft{}50\\%\\textbraceright{} \\& \\$5 \\#1 snake\\_case \\textbackslash{} \\textasciitilde{} \\textasciicircum{}',
    );
    const entry = bibtex({ ...OTHER, author: 'Smith & Sons_{x}', dataset: 'Costs: 100% of $ #1' });
    expect(entry).toContain('  author = {{Smith \\& Sons\\_\\textbraceleft{}x\\textbraceright{}}},');
    expect(entry).toContain('  title = {{Costs: 100\\% of \\$ \\#1: as of 2024-12-24}},');
    expect(entry).toContain('  publisher = {Incident Atlas},');
    // No fingerprint, no note.
    expect(entry).not.toContain('note');
    expect(entry.startsWith('@misc{atlas-2026-01-31,\n')).toBe(true);
    let depth = 0;
    for (const ch of entry.replace(/\\textbrace(left|right)\{\}/g, '')) {
      depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  test('non-Latin titles are kept as they are; a URL keeps its % and # but no brace or space', () => {
    const entry = bibtex({
      ...SEED,
      dataset: 'پاکستان–افغانستان',
      shows: 'پکتیکا میں فضائی حملے',
      url: 'https://example.org/a b/#q=%D8%A7{x}',
    });
    expect(entry).toContain('  title = {{پاکستان–افغانستان: پکتیکا میں فضائی حملے}},');
    expect(entry).toContain('  url = {https://example.org/a%20b/#q=%D8%A7%7Bx%7D},');
  });
});

describe("a citation's words are the page's language's", () => {
  test('Urdu', () => {
    const ur = new Translator('ur');
    const say = ur.t.bind(ur);
    expect(apa(SEED, say)).toBe(
      `Incident Atlas. (بلا تاریخ). Pakistan–Afghanistan, Sept–Dec 2024: Pakistani airstrikes in Paktika [ڈیٹاسیٹ]. 2026-12-06 کو حاصل کیا گیا، از ${URL_OF_VIEW}`,
    );
    expect(bibtex(SEED, say)).toContain(
      'note = {ڈیٹاسیٹ کا فنگرپرنٹ 0123456789ab (اس کی فائل کے SHA-256 کے پہلے 12 ہیکس ہندسے)}',
    );
  });
});

test('a view title is the dataset and what the view shows', () => {
  expect(viewTitle({ dataset: ' Border incidents ', shows: '' })).toBe('Border incidents');
  expect(viewTitle({ dataset: 'A', shows: 'B' })).toBe('A: B');
});
