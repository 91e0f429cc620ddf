import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { addDays } from '../../src/data/dates/incident-date';
import { readIncidents } from '../../src/data/import/validate';
import { revealOrder, revealPermutation } from '../../src/data/pack/reveal-order';
import { IncidentStore } from '../../src/data/store/incident-store';
import type { Incident } from '../../src/data/types';
import {
  buildTimeline,
  countThroughDay,
  cursorAtDate,
  cursorAtEnd,
  cursorFromLink,
  linkForCursor,
  selectIncident,
  stepBack,
  stepForward,
  type Timeline,
  type TimelineCursor,
} from '../../src/timeline/cursor';
import { Playback } from '../../src/timeline/playback';

// ---- fixtures -------------------------------------------------------------

interface Row {
  id: string;
  date: string;
  order?: number;
}

/** Incidents as the app gets them: through the validator, from a FeatureCollection. */
function load(rows: readonly Row[]): Incident[] {
  const { incidents, problems } = readIncidents({
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature',
      id: row.id,
      geometry: { type: 'Point', coordinates: [69.17, 34.53] },
      properties: {
        title: `Incident ${row.id}`,
        date: row.date,
        ...(row.order === undefined ? {} : { order: row.order }),
        category: 'diplomacy',
        location_precision: 'town',
        sources: [{ title: 'Report', publisher: 'Paper' }],
      },
    })),
  });
  expect(problems).toEqual([]);
  return incidents;
}
const timelineOf = (rows: readonly Row[]) => buildTimeline(IncidentStore.of(load(rows)));
const idsOf = (timeline: Timeline) =>
  Array.from({ length: timeline.incidents.length }, (_, i) => timeline.incidents.id(i));

/** Listed out of order on purpose; the expected reveal order is REVEALED below. */
const ROWS: Row[] = [
  { id: 'dec-24', date: '2024-12-24' },
  { id: 'no-order-1', date: '2024-12-23' },
  { id: 'meet-b', date: '2024-12-23', order: 7 },
  { id: 'open', date: '2024-12-24/..', order: 1 },
  { id: 'interval', date: '2024-09-10/2024-12-01' },
  { id: 'arrive', date: '2024-12-23', order: 5 },
  { id: 'no-order-2', date: '2024-12-23' },
  { id: 'dec-20', date: '2024-12-20', order: 99 },
  { id: 'meet-a', date: '2024-12-23', order: 6 },
  { id: 'sept', date: '2024-09', order: 1 },
];
const REVEALED = [
  'sept', // 2024-09 starts 1 Sept
  'interval', // starts 10 Sept
  'dec-20',
  'arrive', // 23 Dec, order 5
  'meet-a', // order 6
  'meet-b', // order 7
  'no-order-1', // no order: after those with one, in file order
  'no-order-2',
  'open', // 24 Dec, order 1
  'dec-24', // 24 Dec, no order
];
const T: Timeline = timelineOf(ROWS);
const cursor = (revealedCount: number, date: string, incident: string | null): TimelineCursor => ({
  revealedCount,
  date,
  incident,
});

// ---- reveal order ---------------------------------------------------------

describe('revealOrder', () => {
  test('sorts by start, then by order, then by file order', () => {
    expect(idsOf(T)).toEqual(REVEALED);
  });

  test('the permutation is a stable sort by day, order and start, for input in any order or already sorted', () => {
    const DAY = 86_400_000;
    const entry = fc.record({
      day: fc.integer({ min: 0, max: 3 }),
      hour: fc.constantFrom(0, 0, 6),
      order: fc.constantFrom(Number.NaN, Number.NaN, 1, 2),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), fc.boolean(), (entries, presorted) => {
        const key = (e: (typeof entries)[number]) => [e.day, Number.isNaN(e.order) ? Infinity : e.order, e.hour];
        const byKey = (a: (typeof entries)[number], b: (typeof entries)[number]) => {
          const [x, y] = [key(a), key(b)];
          return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
        };
        const list = presorted ? [...entries].sort(byKey) : entries;
        const start = Float64Array.from(list, (e) => e.day * DAY + e.hour * 3_600_000);
        const order = Float64Array.from(list, (e) => e.order);
        const expected = list.map((_, i) => i).sort((a, b) => byKey(list[a], list[b]) || a - b);
        expect([...revealPermutation(start, order)]).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  test('does not change the list it is given', () => {
    const incidents = load(ROWS);
    const before = incidents.map((i) => i.id);
    revealOrder(incidents);
    expect(incidents.map((i) => i.id)).toEqual(before);
  });

  test('any subset of the incidents, kept in file order, reveals in the same relative order', () => {
    const pool = load(ROWS);
    fc.assert(
      fc.property(fc.subarray(pool), (some) => {
        expect(revealOrder(some).map((i) => i.id)).toEqual(REVEALED.filter((id) => some.some((i) => i.id === id)));
      }),
    );
  });

  test('for any input order, the result is a permutation sorted by start, order, then input position', () => {
    const pool = load(ROWS);
    const key = (i: Incident) => [i.start, i.order ?? Number.POSITIVE_INFINITY];
    fc.assert(
      fc.property(fc.shuffledSubarray(pool), (some) => {
        const sorted = revealOrder(some);
        expect(new Set(sorted)).toEqual(new Set(some));
        expect(sorted).toHaveLength(some.length);
        for (let k = 1; k < sorted.length; k++) {
          const [a, b] = [key(sorted[k - 1]), key(sorted[k])];
          const before = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
          const tieInInputOrder =
            a[0] === b[0] && a[1] === b[1] && some.indexOf(sorted[k - 1]) < some.indexOf(sorted[k]);
          expect(before || tieInInputOrder).toBe(true);
        }
      }),
    );
  });

  // A day-precision date covers the whole day, so a time on that day does not separate the two:
  // the narrative `order` should decide. revealOrder compares start instants, so the 00:00 start of the
  // plain day always sorts first.
  test('incidents on the same day are ordered by `order` even when one has a time of day', () => {
    const timed = timelineOf([
      { id: 'later-in-story', date: '2024-12-23', order: 2 },
      { id: 'first-in-story', date: '2024-12-23T10:00:00Z', order: 1 },
    ]);
    expect(idsOf(timed)).toEqual(['first-in-story', 'later-in-story']);
  });
});

// ---- cursor ---------------------------------------------------------------

describe('buildTimeline and countThroughDay', () => {
  test('the slider runs from the day before the first incident to the day the last starts', () => {
    expect(T.firstDay).toBe('2024-08-31');
    expect(T.lastDay).toBe('2024-12-24');
    expect(T.incidents.indexOf('meet-b')).toBe(5);
    expect(T.incidents.indexOf('no-such-incident')).toBe(-1);
  });

  test.each([
    ['2024-08-31', 0],
    ['2024-09-01', 1],
    ['2024-09-09', 1], // a month sorts and reveals by its start
    ['2024-09-10', 2], // an interval reveals on its start day
    ['2024-12-22', 3],
    ['2024-12-23', 8], // every incident of a tie
    ['2024-12-24', 10],
    ['2031-01-01', 10],
  ])('through %s reveals %i', (day, count) => {
    expect(countThroughDay(T, day)).toBe(count);
  });
});

describe('cursorAtDate', () => {
  test('keeps the selection only if it is still revealed', () => {
    expect(cursorAtDate(T, '2024-12-23', 'dec-20')).toEqual(cursor(8, '2024-12-23', 'dec-20'));
    expect(cursorAtDate(T, '2024-12-22', 'arrive')).toEqual(cursor(3, '2024-12-22', null));
    expect(cursorAtDate(T, '2024-12-22', 'ghost')).toEqual(cursor(3, '2024-12-22', null));
    expect(cursorAtDate(T, '2024-12-22')).toEqual(cursor(3, '2024-12-22', null));
  });

  test('a day before the first incident is valid and reveals none', () => {
    expect(cursorAtDate(T, '2020-01-01', 'sept')).toEqual(cursor(0, '2020-01-01', null));
  });
});

describe('stepping', () => {
  test('Next reveals exactly one more incident, selects it and moves the date to its start day', () => {
    const start = cursorAtDate(T, '2024-12-22');
    const one = stepForward(T, start);
    expect(one).toEqual(cursor(4, '2024-12-23', 'arrive'));
    expect(stepForward(T, one)).toEqual(cursor(5, '2024-12-23', 'meet-a'));
  });

  test('Previous hides exactly one incident and selects the one before it', () => {
    expect(stepBack(T, cursor(5, '2024-12-23', 'meet-a'))).toEqual(cursor(4, '2024-12-23', 'arrive'));
    expect(stepBack(T, cursorAtDate(T, '2024-12-22'))).toEqual(cursor(2, '2024-09-10', 'interval'));
  });

  test('Previous from the first incident reveals none, selects nothing, and goes to the day before', () => {
    expect(stepBack(T, cursor(1, '2024-09-01', 'sept'))).toEqual(cursor(0, T.firstDay, null));
  });

  test('stepping past either end returns the same cursor', () => {
    const end = cursorAtEnd(T);
    expect(end).toEqual(cursor(10, '2024-12-24', null));
    expect(stepForward(T, end)).toBe(end);
    const none = cursorAtDate(T, T.firstDay);
    expect(stepBack(T, none)).toBe(none);
  });

  test('walking forward from nothing visits every incident in reveal order', () => {
    let c = cursorAtDate(T, T.firstDay);
    const visited: (string | null)[] = [];
    for (let i = 0; i < REVEALED.length + 2; i++) {
      c = stepForward(T, c);
      visited.push(c.incident);
    }
    expect(visited).toEqual([...REVEALED, 'dec-24', 'dec-24']);
  });
});

describe('selectIncident', () => {
  const at23 = cursor(8, '2024-12-23', null);

  test('an incident already revealed is selected where the cursor stands', () => {
    expect(selectIncident(T, at23, 'sept')).toEqual(cursor(8, '2024-12-23', 'sept'));
  });

  test('a later incident moves the cursor to it', () => {
    expect(selectIncident(T, at23, 'dec-24')).toEqual(cursor(10, '2024-12-24', 'dec-24'));
    expect(selectIncident(T, cursor(2, '2024-09-30', null), 'meet-a')).toEqual(cursor(5, '2024-12-23', 'meet-a'));
  });

  test('null clears the selection and an unknown id changes nothing', () => {
    const selected = cursor(8, '2024-12-23', 'arrive');
    expect(selectIncident(T, selected, null)).toEqual(at23);
    expect(selectIncident(T, selected, 'ghost')).toBe(selected);
  });
});

describe('cursorFromLink', () => {
  test('an incident alone: revealed up to it and selected', () => {
    expect(cursorFromLink(T, { incident: 'meet-a' })).toEqual(cursor(5, '2024-12-23', 'meet-a'));
  });

  test('a date earlier than the incident: the incident wins', () => {
    expect(cursorFromLink(T, { incident: 'meet-a', date: '2024-09-05' })).toEqual(cursor(5, '2024-12-23', 'meet-a'));
  });

  test('a date later than the incident: everything up to the date, with the incident selected', () => {
    expect(cursorFromLink(T, { incident: 'interval', date: '2024-12-22' })).toEqual(
      cursor(3, '2024-12-22', 'interval'),
    );
    expect(cursorFromLink(T, { incident: 'meet-a', date: '2024-12-24' })).toEqual(cursor(10, '2024-12-24', 'meet-a'));
  });

  test('a date alone, or with an unknown incident, is cursorAtDate', () => {
    expect(cursorFromLink(T, { date: '2024-12-22' })).toEqual(cursorAtDate(T, '2024-12-22'));
    expect(cursorFromLink(T, { date: '2024-12-22' })).toEqual(cursor(3, '2024-12-22', null));
    expect(cursorFromLink(T, { date: '2024-01-01', incident: 'ghost' })).toEqual(cursor(0, '2024-01-01', null));
  });

  test('an empty link, or an unknown incident alone, gives null', () => {
    expect(cursorFromLink(T, {})).toBeNull();
    expect(cursorFromLink(T, { incident: 'ghost' })).toBeNull();
  });

  test('the link of any stepped-to cursor reopens exactly that cursor', () => {
    let c = cursorAtDate(T, T.firstDay);
    for (let i = 0; i < REVEALED.length; i++) {
      c = stepForward(T, c);
      expect(cursorFromLink(T, { date: c.date, incident: c.incident ?? undefined })).toEqual(c);
    }
  });
});

describe('random step sequences', () => {
  const rowsArb = fc
    .array(
      fc.record({
        offset: fc.integer({ min: 0, max: 10 }),
        order: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      }),
      { maxLength: 12 },
    )
    .map((list) => list.map((r, i): Row => ({ id: `i${i}`, date: addDays('2024-12-01', r.offset), order: r.order })));

  test('revealedCount stays in [0, n] and each step moves it by exactly one unless at a bound', () => {
    fc.assert(
      fc.property(rowsArb, fc.boolean(), fc.array(fc.boolean(), { maxLength: 40 }), (rows, fromEnd, steps) => {
        const timeline = timelineOf(rows);
        const n = timeline.incidents.length;
        let c = fromEnd ? cursorAtEnd(timeline) : cursorAtDate(timeline, timeline.firstDay);
        expect(c.revealedCount).toBe(fromEnd ? n : 0);
        for (const forward of steps) {
          const next = forward ? stepForward(timeline, c) : stepBack(timeline, c);
          const atBound = forward ? c.revealedCount === n : c.revealedCount === 0;
          if (atBound) {
            expect(next).toBe(c);
          } else {
            expect(next.revealedCount).toBe(c.revealedCount + (forward ? 1 : -1));
            const selected = next.revealedCount === 0 ? null : timeline.incidents.get(next.revealedCount - 1);
            expect(next.incident).toBe(selected?.id ?? null);
            expect(next.date).toBe(selected?.startDay ?? timeline.firstDay);
          }
          expect(next.revealedCount).toBeGreaterThanOrEqual(0);
          expect(next.revealedCount).toBeLessThanOrEqual(n);
          c = next;
        }
      }),
    );
  });
});

// ---- playback -------------------------------------------------------------

/** Timers that run only when the test advances the clock. */
class FakeClock {
  now = 0;
  #next = 1;
  #timers = new Map<number, { at: number; fn: () => void }>();
  readonly setTimer = vi.fn((fn: () => void, ms: number): unknown => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + ms, fn });
    return id;
  });
  readonly clearTimer = vi.fn((handle: unknown) => {
    this.#timers.delete(handle as number);
  });
  get pending(): number {
    return this.#timers.size;
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
  }
}

/** A Playback over a timeline of `length` steps, with everything it does recorded. */
function setup(length: number) {
  const clock = new FakeClock();
  let position = 0;
  const step = vi.fn(() => {
    if (position >= length) return false;
    position++;
    return true;
  });
  const playback = new Playback({ interval: 500, step, setTimer: clock.setTimer, clearTimer: clock.clearTimer });
  return { clock, step, playback };
}

describe('Playback', () => {
  test('steps once per interval, the first an interval after play', () => {
    const { clock, step, playback } = setup(10);
    playback.play();
    expect(playback.playing).toBe(true);
    expect(step).not.toHaveBeenCalled();
    clock.advance(499);
    expect(step).not.toHaveBeenCalled();
    clock.advance(1);
    expect(step).toHaveBeenCalledTimes(1);
    clock.advance(1500);
    expect(step).toHaveBeenCalledTimes(4);
    expect(clock.pending).toBe(1);
  });

  test('stops by itself when step returns false', () => {
    const { clock, step, playback } = setup(3);
    playback.play();
    clock.advance(10_000);
    expect(step).toHaveBeenCalledTimes(4); // three steps, then the one that finds nothing more
    expect(playback.playing).toBe(false);
    expect(clock.pending).toBe(0);
  });

  test('pause stops further steps and can be resumed', () => {
    const { clock, step, playback } = setup(10);
    playback.play();
    clock.advance(500);
    playback.pause();
    expect(playback.playing).toBe(false);
    expect(clock.clearTimer).toHaveBeenCalledTimes(1);
    clock.advance(10_000);
    expect(step).toHaveBeenCalledTimes(1);
    playback.play();
    clock.advance(500);
    expect(step).toHaveBeenCalledTimes(2);
    expect(playback.playing).toBe(true);
  });

  test('play while playing and pause while paused do nothing', () => {
    const { clock, step, playback } = setup(10);
    playback.pause();
    expect(clock.clearTimer).not.toHaveBeenCalled();
    playback.play();
    playback.play();
    expect(clock.pending).toBe(1);
    clock.advance(500);
    expect(step).toHaveBeenCalledTimes(1);
  });

  test('a step that pauses playback (e.g. from a listener) leaves no timer behind', () => {
    const clock = new FakeClock();
    const playback: Playback = new Playback({
      interval: 100,
      step: () => {
        playback.pause();
        return true;
      },
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });
    playback.play();
    clock.advance(100);
    expect(playback.playing).toBe(false);
    expect(clock.pending).toBe(0);
  });
});

describe('links for cursors', () => {
  const rowsArb = fc
    .array(
      fc.record({
        offset: fc.integer({ min: 0, max: 6 }),
        order: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 10 },
    )
    .map((list) => list.map((r, i): Row => ({ id: `i${i}`, date: addDays('2024-12-01', r.offset), order: r.order })));
  const action = fc.oneof(
    fc.constant({ kind: 'next' as const }),
    fc.constant({ kind: 'prev' as const }),
    fc.record({ kind: fc.constant('date' as const), offset: fc.integer({ min: -2, max: 8 }) }),
    fc.record({ kind: fc.constant('select' as const), pick: fc.nat() }),
    fc.constant({ kind: 'deselect' as const }),
  );

  test('the link written for any reachable cursor reopens exactly that cursor', () => {
    fc.assert(
      fc.property(rowsArb, fc.array(action, { maxLength: 25 }), (rows, actions) => {
        const timeline = timelineOf(rows);
        let c = cursorAtEnd(timeline);
        for (const a of actions) {
          if (a.kind === 'next') c = stepForward(timeline, c);
          else if (a.kind === 'prev') c = stepBack(timeline, c);
          else if (a.kind === 'date') c = cursorAtDate(timeline, addDays('2024-12-01', a.offset), c.incident);
          else if (a.kind === 'deselect') c = selectIncident(timeline, c, null);
          else c = selectIncident(timeline, c, timeline.incidents.id(a.pick % timeline.incidents.length));
          expect(cursorFromLink(timeline, linkForCursor(timeline, c))).toEqual(c);
        }
      }),
    );
  });

  test('upto is written only when date and incident alone would reopen a different cursor', () => {
    // Scrubbed to 23 Dec (all four of its incidents), then the first of them chosen from the list.
    const scrubbed = selectIncident(T, cursorAtDate(T, '2024-12-23'), 'arrive');
    expect(scrubbed.revealedCount).toBe(8);
    expect(linkForCursor(T, scrubbed)).toEqual({ date: '2024-12-23', incident: 'arrive', upto: 'no-order-2' });
    // Stepped onto 'arrive': the link needs no upto.
    const stepped = stepForward(T, cursorAtDate(T, '2024-12-22'));
    expect(linkForCursor(T, stepped)).toEqual({ date: '2024-12-23', incident: 'arrive' });
  });
});
