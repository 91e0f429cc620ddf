import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  dayColumns,
  firstReaching,
  membership,
  OPEN_END,
  shownIncidents,
  spansEndedBy,
  windowStartDay,
} from '../../../src/analysis/time-window';
import { DAY_MS, dayEnd, dayFromNumber, dayNumber, dayStart } from '../../../src/data/dates/incident-date';
import { buildTimeline } from '../../../src/timeline/cursor';

describe('membership', () => {
  test('a day is in a window holding it, out of one that does not', () => {
    expect(membership(10, 10, 4, 10)).toBe('in');
    expect(membership(4, 4, 4, 10)).toBe('in');
    expect(membership(3, 3, 4, 10)).toBe('out');
    expect(membership(11, 11, 4, 10)).toBe('out');
  });

  test('an interval is possibly in a window it overlaps but does not fit in', () => {
    // A month (1..31) and a seven-day window inside it.
    expect(membership(1, 31, 8, 14)).toBe('possible');
    // The window takes in the whole month.
    expect(membership(1, 31, 1, 40)).toBe('in');
    // Overlapping at one end only.
    expect(membership(1, 31, 30, 36)).toBe('possible');
    expect(membership(1, 31, 32, 38)).toBe('out');
    // Everything up to day 20: the month has begun but not ended.
    expect(membership(1, 31, Number.NEGATIVE_INFINITY, 20)).toBe('possible');
    expect(membership(1, 31, Number.NEGATIVE_INFINITY, 31)).toBe('in');
    // Open-ended: possibly, for ever after it starts.
    expect(membership(1, OPEN_END, Number.NEGATIVE_INFINITY, 9000)).toBe('possible');
  });

  test('the window ends on the cursor day and holds windowDays days', () => {
    expect(windowStartDay({ mode: 'window', windowDays: 7 }, 100)).toBe(94);
    expect(windowStartDay({ mode: 'window', windowDays: 1 }, 100)).toBe(100);
    expect(windowStartDay({ mode: 'cumulative', windowDays: 7 }, 100)).toBe(Number.NEGATIVE_INFINITY);
  });
});

/** Incidents in reveal order (sorted by first day), some of them intervals. */
const incidentsArb = fc
  .array(
    fc.record({
      day: fc.integer({ min: 0, max: 80 }),
      length: fc.oneof(
        fc.constant(1),
        fc.constant(1),
        fc.integer({ min: 2, max: 40 }),
        fc.constant(Number.POSITIVE_INFINITY),
      ),
      kept: fc.boolean(),
    }),
    { maxLength: 40 },
  )
  .map((list) => list.sort((a, b) => a.day - b.day));

describe('shownIncidents', () => {
  test('lists exactly the revealed, kept incidents in (or possibly in) the days shown, in order', () => {
    fc.assert(
      fc.property(
        incidentsArb,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 90 }),
        fc.oneof(fc.constant(Number.NEGATIVE_INFINITY), fc.integer({ min: 1, max: 30 })),
        fc.boolean(),
        fc.boolean(),
        // Few set apart as long, so both the long ones and the reach are tried.
        fc.integer({ min: 0, max: 4 }),
        (incidents, revealedPick, cursorPick, windowDays, showPossible, filtered, maxLong) => {
          const start = Float64Array.from(incidents, (i) => i.day * DAY_MS);
          const end = Float64Array.from(incidents, (i) =>
            i.length === Number.POSITIVE_INFINITY ? i.length : (i.day + i.length) * DAY_MS - 1,
          );
          const days = dayColumns({ start, end }, maxLong);
          expect(days.long.length).toBeLessThanOrEqual(maxLong);
          const revealed = Math.min(revealedPick, incidents.length);
          // As on the page: the cursor's day is never before the newest revealed incident's first day.
          const cursor = Math.max(cursorPick, revealed > 0 ? incidents[revealed - 1].day : 0);
          const mask = filtered ? Uint8Array.from(incidents, (i) => (i.kept ? 1 : 0)) : null;
          const kept = mask ? Uint32Array.from(incidents.flatMap((_, i) => (mask[i] ? [i] : []))) : null;
          const from = windowDays === Number.NEGATIVE_INFINITY ? windowDays : cursor - windowDays + 1;
          const list = shownIncidents(days, { revealed, from, to: cursor, showPossible, mask, kept });

          const expected = incidents.flatMap((incident, i) => {
            if (i >= revealed || (mask && !mask[i])) return [];
            const last = incident.length === Number.POSITIVE_INFINITY ? OPEN_END : incident.day + incident.length - 1;
            const m = membership(incident.day, last, from, cursor);
            return m === 'in' || (m === 'possible' && showPossible) ? [i] : [];
          });
          expect(Array.from({ length: list.count }, (_, n) => list.at(n))).toEqual(expected);
          for (let i = 0; i < incidents.length; i++) expect(list.indexOf(i)).toBe(expected.indexOf(i));
          // Nothing before firstReaching can reach the window, the long ones aside.
          const first = firstReaching(days, from);
          const long = new Set(days.long);
          for (let i = 0; i < first; i++) if (!long.has(i)) expect(days.last[i]).toBeLessThan(from);
        },
      ),
    );
  });
});

describe('the timeline over uncertain dates', () => {
  test('reaches the end of a last incident dated to a month, so it can be shown as certain', () => {
    const day = Int32Array.from([dayNumber('2024-11-02'), dayNumber('2024-12-01')]);
    const packed = {
      day,
      end: Float64Array.from([dayEnd('2024-11-02'), dayEnd('2024-12-31')]),
      start: Float64Array.from([dayStart('2024-11-02'), dayStart('2024-12-01')]),
      latestEnd: dayEnd('2024-12-31'),
    };
    const timeline = buildTimeline({ length: 2, packed, startDay: (i: number) => dayFromNumber(day[i]) } as never);
    expect(timeline.lastDay).toBe('2024-12-31');
    expect(timeline.firstDay).toBe('2024-11-01');
  });

  test('counts the intervals that have ended by a day', () => {
    const days = dayColumns({
      start: Float64Array.from([10, 10, 12, 20], (day) => day * DAY_MS),
      end: Float64Array.from([11 * DAY_MS - 1, 15 * DAY_MS - 1, 13 * DAY_MS - 1, Number.POSITIVE_INFINITY]),
    });
    // Only 10–14 and the open end are more than a day.
    expect(Array.from(days.spanEnds)).toEqual([14, OPEN_END]);
    expect(spansEndedBy(days, 13)).toBe(0);
    expect(spansEndedBy(days, 14)).toBe(1);
    expect(spansEndedBy(days, 100_000)).toBe(1);
  });
});
