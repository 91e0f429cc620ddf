import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { searchWords } from '../../src/analysis/filters';
import { MAX_WINDOW_DAYS } from '../../src/analysis/time-window';
import { ID_PATTERN } from '../../src/data/import/validate';
import { formatHash, type LinkState, parseHash, roundView } from '../../src/url/hash';
import { type ChangeCause, historyMode } from '../../src/url/history-policy';

// ---- fixtures -------------------------------------------------------------

const GOOD = {
  map: 'map=6.5/33.1/69.2',
  date: 'date=2024-12-24',
  incident: 'incident=good-id',
  upto: 'upto=last-revealed',
};
const GOOD_LINK: Required<Pick<LinkState, 'map' | 'date' | 'incident' | 'upto'>> = {
  map: { zoom: 6.5, lat: 33.1, lon: 69.2 },
  date: '2024-12-24',
  incident: 'good-id',
  upto: 'last-revealed',
};

/** [key, bad value]: each is dropped with one problem that quotes it. */
const MALFORMED: [keyof typeof GOOD, string][] = [
  ['map', 'abc'],
  ['map', '6/95/10'],
  ['map', '6/33/181'],
  ['map', '25/33/69'],
  ['map', '1/2'],
  ['map', '6/33.1/69.2/1'],
  ['map', '6//69'],
  ['date', '2024-13-01'],
  ['date', '2024-02-30'],
  ['date', '24-12-2024'],
  ['date', ''],
  ['incident', 'has space'],
  ['incident', '-leading-dash'],
];

// ---- parseHash ------------------------------------------------------------

describe('parseHash', () => {
  test('reads map, date and incident', () => {
    expect(parseHash('#map=6.5/33.1/69.2&date=2024-12-24&incident=abc')).toEqual({
      link: { map: { zoom: 6.5, lat: 33.1, lon: 69.2 }, date: '2024-12-24', incident: 'abc' },
      problems: [],
    });
  });

  test('the leading # is optional and key order does not matter', () => {
    expect(parseHash('upto=last-revealed&incident=good-id&date=2024-12-24&map=6.5/33.1/69.2')).toEqual({
      link: GOOD_LINK,
      problems: [],
    });
  });

  test('an empty hash asks for nothing', () => {
    expect(parseHash('')).toEqual({ link: {}, problems: [] });
    expect(parseHash('#')).toEqual({ link: {}, problems: [] });
  });

  test('keys it does not know are not problems', () => {
    expect(parseHash('#date=2024-12-24&layer=heat')).toEqual({ link: { date: '2024-12-24' }, problems: [] });
  });

  test.each(MALFORMED)('a bad %s "%s" is dropped with one sentence quoting it; the rest survive', (key, bad) => {
    const hash = `#${Object.entries(GOOD)
      .map(([k, part]) => (k === key ? `${key}=${bad}` : part))
      .join('&')}`;
    const { link, problems } = parseHash(hash);
    const expected: LinkState = { ...GOOD_LINK };
    delete expected[key];
    expect(link).toEqual(expected);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`"${bad}"`);
    expect(problems[0]).toMatch(/^[A-Z"].*\.$/); // a sentence
  });

  test('several bad parts give one problem each', () => {
    const { link, problems } = parseHash('#map=abc&date=24-12-2024&incident=has space');
    expect(link).toEqual({});
    expect(problems).toHaveLength(3);
  });

  test('an encoded id is decoded before it is checked', () => {
    expect(parseHash('#incident=a%2Fb').problems[0]).toContain('"a/b"');
    expect(parseHash('#incident=a%2Db').link).toEqual({ incident: 'a-b' });
  });
});

// ---- formatHash -----------------------------------------------------------

describe('formatHash', () => {
  test('writes map, date and incident in that order', () => {
    expect(formatHash({ incident: 'good-id', date: '2024-12-24', map: { zoom: 6.5, lat: 33.1, lon: 69.2 } })).toBe(
      '#map=6.5/33.1/69.2&date=2024-12-24&incident=good-id',
    );
  });

  test('leaves out what is missing', () => {
    expect(formatHash({ incident: 'x' })).toBe('#incident=x');
    expect(formatHash({ date: '2024-12-24' })).toBe('#date=2024-12-24');
    expect(formatHash({ map: { zoom: 3, lat: 0, lon: -10 }, incident: 'x' })).toBe('#map=3/0/-10&incident=x');
  });

  test('an empty state is an empty hash', () => {
    expect(formatHash({})).toBe('');
  });

  test('rounds zoom to 2 decimals and coordinates to 4, as roundView does', () => {
    const view = { zoom: 6.12345, lat: 33.123456, lon: -69.987654 };
    expect(formatHash({ map: view })).toBe('#map=6.12/33.1235/-69.9877');
    expect(roundView(view)).toEqual({ zoom: 6.12, lat: 33.1235, lon: -69.9877 });
  });
});

describe('analysis keys', () => {
  test('reads mode, window, possible, span, repeated cat and actor, and q', () => {
    expect(
      parseHash(
        '#date=2024-12-24&mode=window&window=30d&possible=hide&span=2024-10-01/2024-12-31&cat=attack&cat=air+strike&country=Pakistan&actor=TTP&q=Kabul+border',
      ),
    ).toEqual({
      link: {
        date: '2024-12-24',
        mode: 'window',
        window: 30,
        possible: false,
        span: ['2024-10-01', '2024-12-31'],
        categories: ['attack', 'air strike'],
        countries: ['Pakistan'],
        actors: ['TTP'],
        q: 'Kabul border',
      },
      problems: [],
    });
  });

  test.each([
    ['mode=weekly', 'weekly'],
    ['window=0', '"0"'],
    ['window=9999', '9999'],
    ['window=seven', 'seven'],
    ['possible=maybe', 'maybe'],
    ['span=2024-12-31/2024-10-01', '2024-12-31/2024-10-01'],
    ['span=2024-10-01', '2024-10-01'],
    ['axis=log', 'log'],
  ])('%s is dropped with a problem naming it', (part, quoted) => {
    const parsed = parseHash(`#date=2024-12-24&${part}`);
    expect(parsed.link).toEqual({ date: '2024-12-24' });
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toContain(quoted.replaceAll('"', ''));
  });

  test('from and to narrow to a date range; either may be alone; a bad day is dropped, a reversed range swapped', () => {
    expect(parseHash('#from=2014-01-01&to=2014-12-31').link).toEqual({ from: '2014-01-01', to: '2014-12-31' });
    expect(parseHash('#to=2014-12-31')).toEqual({ link: { to: '2014-12-31' }, problems: [] });
    const bad = parseHash('#from=2014-02-30&to=2014-12-31');
    expect(bad.link).toEqual({ to: '2014-12-31' });
    expect(bad.problems).toEqual([expect.stringContaining('2014-02-30')]);
    const reversed = parseHash('#from=2015-01-01&to=2014-01-01');
    expect(reversed.link).toEqual({ from: '2014-01-01', to: '2015-01-01' });
    expect(reversed.problems).toEqual([expect.stringMatching(/ends \(2014-01-01\) before it starts \(2015-01-01\)/)]);
    expect(formatHash({ date: '2014-06-01', from: '2014-01-01', to: '2014-12-31' })).toBe(
      '#date=2014-06-01&from=2014-01-01&to=2014-12-31',
    );
  });

  test('axis=even and axis=calendar are read; even is written after the span', () => {
    expect(parseHash('#axis=even').link).toEqual({ axis: 'even' });
    expect(parseHash('#axis=calendar').link).toEqual({ axis: 'calendar' });
    expect(formatHash({ date: '2024-12-24', span: ['2024-12-01', '2024-12-24'], axis: 'even', q: 'x' })).toBe(
      '#date=2024-12-24&span=2024-12-01/2024-12-24&axis=even&q=x',
    );
  });

  test('cumulative mode and shown possibles are the defaults, written as nothing', () => {
    expect(parseHash('#mode=cumulative&possible=show')).toEqual({ link: {}, problems: [] });
    expect(formatHash({ categories: ['a&b=c #1'], q: 'x y' })).toBe('#cat=a%26b%3Dc+%231&q=x+y');
  });
});

describe('round trip', () => {
  const decimals = (min: number, max: number, digits: number) =>
    fc.integer({ min: min * 10 ** digits, max: max * 10 ** digits }).map((n) => n / 10 ** digits);
  const view = fc.record({ zoom: decimals(0, 22, 2), lat: decimals(-85, 85, 4), lon: decimals(-180, 180, 4) });
  const day = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const id = fc.stringMatching(ID_PATTERN);
  // Names as data writes them: any text, spaces, &, =, #, +, %, non-Latin scripts, but not blank.
  const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((t) => t.trim() !== '');
  const span = fc.tuple(day, day).map(([a, b]): [string, string] => (a <= b ? [a, b] : [b, a]));
  const link = fc
    .record(
      {
        map: view,
        date: day,
        incident: id,
        upto: id,
        mode: fc.constant('window' as const),
        window: fc.integer({ min: 1, max: MAX_WINDOW_DAYS }),
        possible: fc.constant(false as const),
        span,
        axis: fc.constantFrom('even' as const, 'calendar' as const),
        categories: fc.uniqueArray(name, { minLength: 1, maxLength: 3 }),
        countries: fc.uniqueArray(name, { minLength: 1, maxLength: 3 }),
        actors: fc.uniqueArray(name, { minLength: 1, maxLength: 3 }),
        q: name.map((t) => t.trim()).filter((t) => t !== ''),
        from: day,
        to: day,
      },
      { requiredKeys: [] },
    )
    // A range that ends before it starts is read swapped, with a problem (tested apart).
    .filter((s) => !(s.from && s.to && s.to < s.from));

  test('parseHash(formatHash(s)) gives s back, with no problems', () => {
    fc.assert(
      fc.property(link, (s: LinkState) => {
        const parsed = parseHash(formatHash(s));
        expect(parsed.problems).toEqual([]);
        expect(parsed.link).toEqual(s.map ? { ...s, map: roundView(s.map) } : s);
      }),
    );
  });

  test('a view with more decimals comes back as roundView of it', () => {
    const fine = fc.record({
      zoom: fc.double({ min: 0, max: 22, noNaN: true }),
      lat: fc.double({ min: -85, max: 85, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    fc.assert(
      fc.property(fine, (v) => {
        const back = parseHash(formatHash({ map: v })).link.map;
        const want = roundView(v);
        // Compare with == semantics for zero: -0 and 0 write the same link.
        expect([back?.zoom === want.zoom, back?.lat === want.lat, back?.lon === want.lon]).toEqual([true, true, true]);
      }),
    );
  });
});

// ---- history policy -------------------------------------------------------

describe('historyMode', () => {
  test.each<[ChangeCause, 'push' | 'replace' | 'none']>([
    ['select', 'push'],
    ['step', 'push'],
    ['filter', 'push'],
    ['scrub', 'replace'],
    ['pan', 'replace'],
    ['play', 'replace'],
    ['load', 'replace'],
    ['history', 'none'],
  ])('%s -> %s', (cause, mode) => {
    expect(historyMode(cause)).toBe(mode);
  });
});

describe('a link cannot ask for more than the page can show', () => {
  test('at most 100 values of a facet are taken, and the link is told so', () => {
    const cats = Array.from({ length: 150 }, (_, i) => `cat=c${i}`).join('&');
    const { link, problems } = parseHash(`#${cats}&cat=c0`);
    expect(link.categories).toHaveLength(100);
    expect(link.categories?.[99]).toBe('c99');
    expect(problems).toEqual(['The link names 150 categories; the first 100 are used.']);
  });

  test('a search text past 500 characters is cut, and the link is told so', () => {
    const { link, problems } = parseHash(`#q=${'a'.repeat(600)}`);
    expect(link.q).toHaveLength(500);
    expect(problems[0]).toContain('600 characters long; its first 500 are used');
  });

  test('a search looks for each word once, and for 32 words at most', () => {
    expect(searchWords('Kabul kabul KABUL talks')).toEqual(['kabul', 'talks']);
    const many = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    expect(searchWords(many)).toEqual(Array.from({ length: 32 }, (_, i) => `w${i}`));
  });
});
