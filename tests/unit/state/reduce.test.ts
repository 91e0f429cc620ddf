// The explorer's state driven through `reduce` with named actions, over a small
// fixture dataset, and read through the selectors, as the views read it.
// Reveal order of tests/fixtures/state/incidents.geojson (listed out of order there):
//   a 2024-08-30 diplomacy | b 2024-09 (a month) statement | c 2024-10-05 attack |
//   d 2024-12-23 attack (order 1) | e 2024-12-23 airstrike (order 2) | f 2024-12-24 diplomacy
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readIncidents } from '../../../src/data/import/validate';
import { IncidentStore } from '../../../src/data/store/incident-store';
import { Translator } from '../../../src/i18n/translator';
import { linkProblems } from '../../../src/state/link-problems';
import {
  canStep,
  emptyListNote,
  filterResult,
  legendCounts,
  linkOf,
  matchingCount,
  newestShown,
  shown,
} from '../../../src/state/selectors';
import { type Action, type AtlasState, initialState, reduce, type StateDataset } from '../../../src/state/state';
import { Store } from '../../../src/state/store';
import { buildTimeline } from '../../../src/timeline/cursor';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/state/incidents.geojson', import.meta.url), 'utf8'));
const { incidents, problems } = readIncidents(fixture);
const dataset: StateDataset = { timeline: buildTimeline(IncidentStore.of(incidents)), outline: null };
const ids = ['a', 'b', 'c', 'd', 'e', 'f'];

/** The state after each action in turn, from a dataset just opened. */
function run(...actions: Action[]): AtlasState {
  return actions.reduce((state, action) => reduce(state, action, dataset), initialState(dataset));
}
const cursorOf = (state: AtlasState) => [state.cursor.revealedCount, state.cursor.date, state.cursor.incident];
const shownIds = (state: AtlasState) => {
  const list = shown(state, dataset);
  return Array.from({ length: list.count }, (_, n) => ids[list.at(n)]);
};
const back: Action = { type: 'step', direction: -1 };
const next: Action = { type: 'step', direction: 1 };
const toStart: Action = { type: 'scrub', day: '2024-08-29' };

test('the fixture reads cleanly, in the reveal order the tests assume', () => {
  expect(problems).toEqual([]);
  expect(Array.from({ length: 6 }, (_, i) => dataset.timeline.incidents.id(i))).toEqual(ids);
  expect([dataset.timeline.firstDay, dataset.timeline.lastDay]).toEqual(['2024-08-29', '2024-12-24']);
});

describe('opening', () => {
  test('a dataset opens with everything revealed, nothing selected or filtered', () => {
    const state = initialState(dataset);
    expect(cursorOf(state)).toEqual([6, '2024-12-24', null]);
    expect(shownIds(state)).toEqual(ids);
    expect(state.playing).toBe(false);
    expect(emptyListNote(state, dataset)).toEqual({ key: 'list.emptyNotYetMatching' });
  });

  test('a link to an incident reveals up to it and selects it; its filter and mode apply', () => {
    const state = run({ type: 'open', link: { incident: 'c', categories: ['attack'], mode: 'window', window: 30 } });
    expect(cursorOf(state)).toEqual([3, '2024-10-05', 'c']);
    expect(state.filter.categories).toEqual(['attack']);
    expect(state.time).toEqual({ mode: 'window', windowDays: 30, showPossible: true });
    expect(shownIds(state)).toEqual(['c']);
  });

  test('an unknown incident leaves the link’s date; unknown names are dropped, and each is said', () => {
    const link = { incident: 'zz', date: '2024-09-15', categories: ['nope', 'attack'] };
    const state = run({ type: 'open', link });
    expect(cursorOf(state)).toEqual([2, '2024-09-15', null]);
    expect(state.filter.categories).toEqual(['attack']);
    const said = linkProblems(link, dataset);
    expect(said).toHaveLength(2);
    expect(said[0]).toContain('"nope"');
    expect(said[1]).toContain('"zz"');
    expect(said[1]).toContain('The link’s date is shown instead.');
  });

  test('the problems are said in the words `say` gives: Urdu, its comma, a plural and its count', () => {
    const ur = new Translator('ur');
    const link = { incident: 'zz', categories: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'attack'] };
    const said = linkProblems(link, dataset, (key, values) => ur.t(key, values));
    expect(said).toEqual([
      'اس ڈیٹا سیٹ میں زمرہ "n1"، "n2"، "n3"، "n4"، "n5" اور 1 مزید نہیں ہے؛ فلٹر انہیں چھوڑ دیتا ہے۔',
      'معذرت، اس ڈیٹا سیٹ میں واقعہ "zz" موجود نہیں۔ اس کی جگہ پوری ٹائم لائن دکھائی گئی ہے۔',
    ]);
  });

  test('a link with nothing the dataset lacks has no problems', () => {
    expect(linkProblems({ incident: 'd', categories: ['attack'] }, dataset)).toEqual([]);
  });
});

describe('stepping', () => {
  test('Previous from the end selects the one before the last; Next goes back to it', () => {
    const once = run(back);
    expect(cursorOf(once)).toEqual([5, '2024-12-23', 'e']);
    expect(cursorOf(reduce(once, next, dataset))).toEqual([6, '2024-12-24', 'f']);
  });

  test('with a filter, Next goes only through the incidents it keeps, then stays put', () => {
    const start = run(
      { type: 'setFilter', filter: { categories: ['attack'], countries: [], actors: [], q: '' } },
      toStart,
    );
    const first = reduce(start, next, dataset);
    expect(cursorOf(first)).toEqual([3, '2024-10-05', 'c']);
    const second = reduce(first, next, dataset);
    expect(cursorOf(second)).toEqual([4, '2024-12-23', 'd']);
    expect(canStep(second, dataset)).toEqual({ next: false, prev: true });
    expect(reduce(second, next, dataset)).toBe(second);
  });

  test('with uncertain dates hidden, Next passes over the month-dated incident', () => {
    const start = run(
      { type: 'setTimeView', time: { mode: 'cumulative', windowDays: 7, showPossible: false } },
      toStart,
    );
    const first = reduce(start, next, dataset);
    expect(first.cursor.incident).toBe('a');
    expect(reduce(first, next, dataset).cursor.incident).toBe('c');
  });

  test('selecting an incident not yet revealed moves the cursor to it; deselecting keeps the date', () => {
    const selected = run(toStart, { type: 'select', id: 'd' });
    expect(cursorOf(selected)).toEqual([4, '2024-12-23', 'd']);
    expect(cursorOf(reduce(selected, { type: 'select', id: null }, dataset))).toEqual([4, '2024-12-23', null]);
  });
});

describe('playing', () => {
  test('Play at the end starts again from the beginning and reveals the first incident at once', () => {
    const state = run({ type: 'play' });
    expect(state.playing).toBe(true);
    expect(cursorOf(state)).toEqual([1, '2024-08-30', 'a']);
  });

  test('each tick reveals one more; at the end playing stops', () => {
    let state = run({ type: 'play' });
    const seen = [state.cursor.incident];
    for (let tick = 0; tick < 10 && state.playing; tick++) {
      state = reduce(state, { type: 'playStep' }, dataset);
      if (state.playing) seen.push(state.cursor.incident);
    }
    expect(seen).toEqual(ids);
    expect(state.playing).toBe(false);
  });

  test('the reader stepping or scrubbing takes over: playback pauses', () => {
    expect(run({ type: 'play' }, next).playing).toBe(false);
    expect(run({ type: 'play' }, { type: 'scrub', day: '2024-10-01' }).playing).toBe(false);
  });

  test('Play with a filter that keeps nothing does nothing', () => {
    const none = run({ type: 'setFilter', filter: { categories: [], countries: [], actors: [], q: 'no-such-word' } });
    expect(reduce(none, { type: 'play' }, dataset)).toBe(none);
    expect(emptyListNote(none, dataset)).toEqual({ key: 'list.emptyNoMatch' });
  });
});

describe('filters, windows and the axis', () => {
  test('a date range zooms the axis to it and moves a date outside it to its last day', () => {
    const state = run({ type: 'scrub', day: '2024-09-15' }, { type: 'setRange', from: '2024-12-01', to: '2024-12-31' });
    expect(state.span).toEqual(['2024-12-01', '2024-12-24']);
    expect(cursorOf(state)).toEqual([6, '2024-12-24', null]);
    expect(shownIds(state)).toEqual(['d', 'e', 'f']);
    expect(matchingCount(state, dataset)).toBe(3);
    const cleared = reduce(state, { type: 'setRange', from: null, to: null }, dataset);
    expect(cleared.span).toBeNull();
    expect(cleared.filter).toEqual({ categories: [], countries: [], actors: [], q: '' });
  });

  test('a week’s window shows only the incidents in the seven days ending at the date', () => {
    const state = run({ type: 'setTimeView', time: { mode: 'window', windowDays: 7, showPossible: true } });
    expect(shownIds(state)).toEqual(['d', 'e', 'f']);
    expect(ids[newestShown(state, dataset)]).toBe('f');
  });

  test('a zoomed axis follows the cursor off it, keeping its length', () => {
    const zoomed = run({ type: 'setSpan', span: ['2024-12-01', '2024-12-24'] });
    const moved = reduce(zoomed, { type: 'scrub', day: '2024-09-15' }, dataset);
    // The axis moves the least that puts the slider's position (the end of 15 Sept) on it:
    // 15 Sept becomes its left end, so the days it shows start on the 16th, 24 of them as before.
    expect(moved.span).toEqual(['2024-09-16', '2024-10-09']);
    // A move along the axis already showing the date leaves it.
    expect(reduce(zoomed, { type: 'scrub', day: '2024-12-10' }, dataset).span).toBe(zoomed.span);
  });

  test('the legend counts what the filter keeps, and nothing for the categories not chosen', () => {
    const state = run({ type: 'setFilter', filter: { categories: ['attack'], countries: [], actors: [], q: '' } });
    const { categories } = dataset.timeline.incidents;
    const counts = Object.fromEntries(categories.map((name, c) => [name, legendCounts(state, dataset)[c]]));
    expect(counts).toEqual({ attack: 2, airstrike: 0, diplomacy: 0, statement: 0 });
  });

  test('an action that changes nothing returns the same state', () => {
    const state = initialState(dataset);
    expect(reduce(state, { type: 'pause' }, dataset)).toBe(state);
    expect(reduce(state, { type: 'setSpan', span: null }, dataset)).toBe(state);
    expect(reduce(state, { type: 'scrub', day: '2024-12-24' }, dataset)).toBe(state);
  });
});

describe('the link', () => {
  test('writes the date and selection, and the last revealed incident when they alone would reopen more', () => {
    expect(linkOf(run(back), dataset)).toEqual({ date: '2024-12-23', incident: 'e' });
    const dAlone = run(back, back, { type: 'select', id: null });
    expect(cursorOf(dAlone)).toEqual([4, '2024-12-23', null]);
    expect(linkOf(dAlone, dataset)).toEqual({ date: '2024-12-23', upto: 'd' });
  });

  test('opening the link written after any of these actions gives the same view back', () => {
    const actions: Action[][] = [
      [back, back],
      [toStart, next, next],
      [{ type: 'setRange', from: '2024-10-01', to: null }, back],
      [{ type: 'setTimeView', time: { mode: 'window', windowDays: 30, showPossible: false } }, back],
    ];
    for (const sequence of actions) {
      const state = run(...sequence);
      const reopened = run({ type: 'open', link: linkOf(state, dataset) });
      expect([cursorOf(reopened), reopened.filter, reopened.time, reopened.span]).toEqual([
        cursorOf(state),
        state.filter,
        state.time,
        state.span,
      ]);
    }
  });
});

describe('the store', () => {
  test('tells each view once per action that changed the state, and not for one that did not', () => {
    const store = new Store(dataset);
    const seen: string[] = [];
    store.subscribe(({ action, before, state }) =>
      seen.push(`${action.type}:${before.cursor.date}>${state.cursor.date}`),
    );
    store.dispatch({ type: 'pause' });
    store.dispatch(toStart);
    store.dispatch(toStart);
    expect(seen).toEqual(['scrub:2024-12-24>2024-08-29']);
  });

  test('an action dispatched while the views draw another waits until every view has drawn that one', () => {
    const store = new Store(dataset);
    const seen: string[] = [];
    store.subscribe(({ action }) => {
      if (action.type === 'play') store.dispatch({ type: 'pause' });
    });
    store.subscribe(({ action, state }) => seen.push(`${action.type}:${state.playing}`));
    store.dispatch({ type: 'play' });
    expect(seen).toEqual(['play:true', 'pause:false']);
    expect(store.state.playing).toBe(false);
  });
});

describe('more of the actions', () => {
  test('Back or Forward (followLink) replaces the view, keeping the searches answered', () => {
    const state = run(back, { type: 'searchAnswered', answer: { words: 'x', mask: null } });
    const followed = reduce(
      state,
      { type: 'followLink', link: { date: '2024-10-01', categories: ['attack'] } },
      dataset,
    );
    expect(cursorOf(followed)).toEqual([2, '2024-10-01', null]);
    expect(followed.filter.categories).toEqual(['attack']);
    expect(followed.answers).toBe(state.answers);
  });

  test('clearing a date range the axis was zoomed to unzooms it', () => {
    const ranged = run({ type: 'setRange', from: '2024-12-01', to: '2024-12-31' });
    const cleared = reduce(ranged, { type: 'setFilter', filter: { ...ranged.filter, from: null, to: null } }, dataset);
    expect(cleared.span).toBeNull();
    expect(cleared.filter).toEqual({ categories: [], countries: [], actors: [], q: '' });
  });

  test('Play from the end on a zoomed axis takes the axis back to the start with the cursor', () => {
    const state = run({ type: 'setSpan', span: ['2024-12-01', '2024-12-24'] }, { type: 'play' });
    expect(cursorOf(state)).toEqual([1, '2024-08-30', 'a']);
    // The start's position (the end of 29 Aug) becomes the axis's left end: 24 days from the 30th.
    expect(state.span).toEqual(['2024-08-30', '2024-09-22']);
  });
});

describe('a search the dataset worker answers', () => {
  // The store of a dataset whose text the worker keeps: the filter then waits for its answers.
  const store = dataset.timeline.incidents;
  const elsewhere: StateDataset = {
    ...dataset,
    timeline: {
      ...dataset.timeline,
      incidents: { packed: store.packed, length: store.length, textElsewhere: true } as unknown as IncidentStore,
    },
  };
  const found = (...indexes: number[]) => {
    const mask = new Uint8Array(6);
    for (const i of indexes) mask[i] = 1;
    return mask;
  };
  const search = (q: string): Action => ({
    type: 'setFilter',
    filter: { categories: [], countries: [], actors: [], q },
  });
  const count = (state: AtlasState) => filterResult(state, elsewhere).count;
  const after = (...actions: Action[]) =>
    actions.reduce((state, action) => reduce(state, action, elsewhere), initialState(elsewhere));

  test('finds nothing until the answer comes, then what it found', () => {
    const asked = after(search('kabul'));
    expect(count(asked)).toBe(0);
    const answered = reduce(asked, { type: 'searchAnswered', answer: { words: 'kabul', mask: found(2) } }, elsewhere);
    expect(count(answered)).toBe(1);
  });

  test('while the next answer is awaited, what was shown stays: a search’s results, or everything once cleared', () => {
    const kabul = after(search('kabul'), { type: 'searchAnswered', answer: { words: 'kabul', mask: found(2, 3) } });
    expect(count(reduce(kabul, search('herat'), elsewhere))).toBe(2);
    const cleared = reduce(kabul, search(''), elsewhere);
    expect(count(cleared)).toBe(6);
    expect(count(reduce(cleared, search('herat'), elsewhere))).toBe(6);
  });

  test('an answer kept is used at once when its words come back', () => {
    const kabul = after(search('kabul'), { type: 'searchAnswered', answer: { words: 'kabul', mask: found(2) } });
    const back = reduce(reduce(kabul, search(''), elsewhere), search('Kabul'), elsewhere);
    expect(count(back)).toBe(1);
  });
});

describe('the time axis', () => {
  test('a first visit opens evenly spaced: half the incidents (d, e, f) start within a twentieth of the axis', () => {
    // 29 Aug to 24 Dec is 117 days: a twentieth is under six, and three of six start on 23 or 24 Dec.
    expect(run({ type: 'open', link: {} }).axis).toBe('even');
    expect(run({ type: 'open', link: { categories: ['attack'] } }).axis).toBe('even');
  });

  test('a link with a date, an incident or a span opens the calendar axis, unless it names the axis', () => {
    expect(run({ type: 'open', link: { date: '2024-12-24' } }).axis).toBe('calendar');
    expect(run({ type: 'open', link: { incident: 'c' } }).axis).toBe('calendar');
    expect(run({ type: 'open', link: { span: ['2024-10-01', '2024-12-24'] } }).axis).toBe('calendar');
    expect(run({ type: 'open', link: { date: '2024-12-24', axis: 'even' } }).axis).toBe('even');
    expect(run({ type: 'open', link: { axis: 'calendar' } }).axis).toBe('calendar');
  });

  test('incidents spread over their timeline open on the calendar axis', () => {
    const spread: StateDataset = {
      timeline: buildTimeline(IncidentStore.of(incidents.filter((i) => ['a', 'b', 'c'].includes(i.id)))),
      outline: null,
    };
    expect(reduce(initialState(spread), { type: 'open', link: {} }, spread).axis).toBe('calendar');
  });

  test('setAxis changes the axis and the link; the same axis again is no change', () => {
    const even = run({ type: 'open', link: { date: '2024-12-24' } }, { type: 'setAxis', axis: 'even' });
    expect(even.axis).toBe('even');
    expect(linkOf(even, dataset).axis).toBe('even');
    expect(reduce(even, { type: 'setAxis', axis: 'even' }, dataset)).toBe(even);
    const calendar = reduce(even, { type: 'setAxis', axis: 'calendar' }, dataset);
    expect(linkOf(calendar, dataset).axis).toBeUndefined();
  });

  test('scrubStep reveals through one incident and selects it, forwards and back', () => {
    const at = run({ type: 'open', link: { date: '2024-08-29' } }, { type: 'scrubStep', index: 3 });
    expect(cursorOf(at)).toEqual([4, '2024-12-23', 'd']);
    const after = reduce(at, { type: 'scrubStep', index: 4 }, dataset);
    expect(cursorOf(after)).toEqual([5, '2024-12-23', 'e']);
    expect(cursorOf(reduce(after, { type: 'scrubStep', index: 1 }, dataset))).toEqual([2, '2024-09-01', 'b']);
    expect(cursorOf(reduce(after, { type: 'scrubStep', index: -1 }, dataset))).toEqual([0, '2024-08-29', null]);
  });
});
