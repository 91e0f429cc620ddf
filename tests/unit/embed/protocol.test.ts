import { describe, expect, test } from 'vitest';
import { EMBED_API_VERSION, eventTarget, readEmbedOrigins, readMessage } from '../../../src/app/embed-protocol';

describe('readMessage: commands from the host page', () => {
  test.each([
    [{ type: 'atlas:next' }, { name: 'next' }],
    [{ type: 'atlas:prev', version: 1 }, { name: 'prev' }],
    [{ type: 'atlas:play' }, { name: 'play' }],
    [{ type: 'atlas:pause' }, { name: 'pause' }],
    [
      { type: 'atlas:select', id: 'a-b' },
      { name: 'select', id: 'a-b' },
    ],
    [
      { type: 'atlas:select', id: null },
      { name: 'select', id: null },
    ],
    [
      { type: 'atlas:setDate', date: '2024-12-24' },
      { name: 'setDate', date: '2024-12-24' },
    ],
    [
      { type: 'atlas:goToStep', step: 3 },
      { name: 'goToStep', step: 3 },
    ],
    [
      { type: 'atlas:setFilter', filter: { categories: ['attack'], q: 'kabul', from: null, contested: true } },
      { name: 'setFilter', filter: { categories: ['attack'], q: 'kabul', from: null, contested: true } },
    ],
  ])('%j is a command', (data, command) => {
    expect(readMessage(data)).toEqual({ kind: 'command', command });
  });

  test.each([
    'hello',
    42,
    null,
    undefined,
    [1, 2],
    {},
    { type: 7 },
    { type: 'resize', height: 300 },
    { type: 'ATLAS:next' },
  ])("%j is another script's and ignored silently", (data) => {
    expect(readMessage(data)).toEqual({ kind: 'foreign' });
  });

  test.each([
    ['atlas:next', /is a string/],
    [{ type: 'atlas:jump' }, /atlas:jump is not a command; the commands are atlas:select, /],
    [{ type: 'atlas:next', version: 2 }, /version 2 is not spoken here \(version 1\)/],
    [{ type: 'atlas:select' }, /id is an incident id \(a string\) or null, not missing/],
    [{ type: 'atlas:select', id: 12 }, /not number 12/],
    [{ type: 'atlas:select', id: 'x'.repeat(5000) }, /id is an incident id/],
    [{ type: 'atlas:setDate', date: 20241224 }, /date is a day written YYYY-MM-DD, not number 20241224/],
    [{ type: 'atlas:goToStep', step: 0 }, /step is a whole number from 1, not number 0/],
    [{ type: 'atlas:goToStep', step: 2.5 }, /step is a whole number/],
    [{ type: 'atlas:goToStep', step: '3' }, /step is a whole number from 1, not "3"/],
    [{ type: 'atlas:setFilter' }, /filter is an object .* not missing/],
    [{ type: 'atlas:setFilter', filter: ['attack'] }, /filter is an object .* not a list of 1/],
    [{ type: 'atlas:setFilter', filter: { category: ['attack'] } }, /filter has no "category"/],
    [{ type: 'atlas:setFilter', filter: { categories: 'attack' } }, /filter.categories is a list of names/],
    [{ type: 'atlas:setFilter', filter: { actors: [1] } }, /filter.actors is a list of names/],
    [{ type: 'atlas:setFilter', filter: { q: 5 } }, /filter.q is search text/],
    [{ type: 'atlas:setFilter', filter: { q: 'a'.repeat(501) } }, /filter.q has 501 characters; .* at most 500/],
    [{ type: 'atlas:setFilter', filter: { from: 20240101 } }, /filter.from is a day/],
    [{ type: 'atlas:setFilter', filter: { contested: 'yes' } }, /filter.contested is true or false/],
  ])('%j is ours but malformed: the problem is named', (data, problem) => {
    const read = readMessage(data);
    expect(read.kind).toBe('invalid');
    expect(read.kind === 'invalid' && read.problem).toMatch(problem);
  });

  test('a filter with more names than a link may hold is refused, so one message cannot flood the page', () => {
    const names = Array.from({ length: 5000 }, (_, n) => `c${n}`);
    const read = readMessage({ type: 'atlas:setFilter', filter: { countries: names } });
    expect(read).toEqual({
      kind: 'invalid',
      problem: expect.stringMatching(/filter.countries has 5000 names; a filter takes at most 100/),
    });
    // At the bound it is taken, as a link takes it.
    expect(readMessage({ type: 'atlas:setFilter', filter: { countries: names.slice(0, 100) } }).kind).toBe('command');
  });

  test('the filter handed on is a copy: the host cannot change it afterwards', () => {
    const categories = ['attack'];
    const read = readMessage({ type: 'atlas:setFilter', filter: { categories } });
    categories.push('airstrike');
    expect(read).toEqual({ kind: 'command', command: { name: 'setFilter', filter: { categories: ['attack'] } } });
  });

  test('the version is 1', () => {
    expect(EMBED_API_VERSION).toBe(1);
  });
});

describe('readEmbedOrigins', () => {
  test('absent: any parent (null)', () => {
    expect(readEmbedOrigins(null)).toEqual({ origins: null, problems: [] });
  });
  test('one or several origins, a trailing slash and case allowed, repeats once', () => {
    expect(readEmbedOrigins('https://news.example, http://localhost:8080/,HTTPS://News.Example')).toEqual({
      origins: ['https://news.example', 'http://localhost:8080'],
      problems: [],
    });
  });
  test('entries that are not origins are named and left out', () => {
    const { origins, problems } = readEmbedOrigins(
      'https://news.example/story,javascript:alert(1),*,https://ok.example',
    );
    expect(origins).toEqual(['https://ok.example']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/"https:\/\/news.example\/story" is not an origin/);
  });
  test('none left: nobody may command (an empty list, not null)', () => {
    const { origins, problems } = readEmbedOrigins('news.example');
    expect(origins).toEqual([]);
    expect(problems.at(-1)).toMatch(/no page may command/);
  });
});

describe('eventTarget', () => {
  test("without embed-origin events go to '*': the state is the public view of public data", () => {
    expect(eventTarget(null, 'https://any.example')).toBe('*');
    expect(eventTarget(null, null)).toBe('*');
  });
  test('with embed-origin, only to an allowed parent', () => {
    expect(eventTarget(['https://a.example', 'https://b.example'], 'https://b.example')).toBe('https://b.example');
    expect(eventTarget(['https://a.example'], 'https://evil.example')).toBeNull();
    expect(eventTarget(['https://a.example'], null)).toBe('https://a.example');
    expect(eventTarget(['https://a.example', 'https://b.example'], null)).toBeNull();
  });
});
