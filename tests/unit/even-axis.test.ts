import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dayNumber } from '../../src/data/dates/incident-date';
import {
  crowded,
  type EvenSteps,
  gapMarks,
  gapThreshold,
  incidentAtStep,
  labelledSteps,
  positionOf,
  stepCount,
  stepDay,
  stepsThroughDay,
} from '../../src/timeline/even-axis';

// The seed's first days, in reveal order: nine of thirteen on 20 to 27 December.
const SEED = [
  '2024-09-10',
  '2024-12-05',
  '2024-12-09',
  '2024-12-20',
  '2024-12-23',
  '2024-12-23',
  '2024-12-24',
  '2024-12-24',
  '2024-12-24',
  '2024-12-24',
  '2024-12-24',
  '2024-12-27',
  '2024-12-27',
].map(dayNumber);

const stepsOf = (days: number[], kept: number[] | null = null): EvenSteps => ({
  kept: kept ? Uint32Array.from(kept) : null,
  count: days.length,
  day: (i) => days[i],
});

/** Ascending day numbers, with runs of one day, from 0 to 300 incidents. */
const sortedDays = fc
  .array(fc.integer({ min: 0, max: 4000 }), { maxLength: 300 })
  .map((days) => days.sort((a, b) => a - b));

describe('the steps of the even axis', () => {
  test('every incident kept is one step, in reveal order, and its position reveals it', () => {
    fc.assert(
      fc.property(sortedDays, fc.array(fc.boolean(), { maxLength: 300 }), (days, keep) => {
        const kept = days.map((_, i) => i).filter((i) => keep[i] ?? true);
        const steps = stepsOf(days, kept);
        expect(stepCount(steps)).toBe(kept.length);
        for (let k = 1; k <= kept.length; k++) {
          const index = incidentAtStep(steps, k);
          expect(index).toBe(kept[k - 1]);
          // Revealed through this incident, the cursor stands at its step.
          expect(positionOf(steps, index + 1)).toBe(k);
          if (k > 1) expect(stepDay(steps, k)).toBeGreaterThanOrEqual(stepDay(steps, k - 1));
        }
        expect(incidentAtStep(steps, 0)).toBe(-1);
        expect(positionOf(steps, 0)).toBe(0);
      }),
    );
  });

  test('stepsThroughDay counts the steps on or before a day', () => {
    fc.assert(
      fc.property(sortedDays, fc.integer({ min: -1, max: 4001 }), (days, day) => {
        expect(stepsThroughDay(stepsOf(days), day)).toBe(days.filter((d) => d <= day).length);
      }),
    );
  });
});

describe('gap marks', () => {
  test('in the seed, the three months from 10 September to 5 December are the one gap marked', () => {
    const steps = stepsOf(SEED);
    // The mean gap is 108 / 12 = 9 days: four times that.
    expect(gapThreshold(steps)).toBe(36);
    expect(gapMarks(steps, 900, 90)).toEqual([{ after: 1, days: 86 }]);
  });

  test('evenly dated incidents have no gap marked, and none shorter than a week ever is', () => {
    const daily = Array.from({ length: 50 }, (_, i) => i * 3);
    expect(gapMarks(stepsOf(daily), 900, 90)).toEqual([]);
    expect(gapMarks(stepsOf([0, 0, 0, 5]), 900, 90)).toEqual([]);
  });

  test('marks never overlap and never outnumber the room for them', () => {
    fc.assert(
      fc.property(sortedDays, fc.integer({ min: 50, max: 2000 }), (days, width) => {
        const steps = stepsOf(days);
        const marks = gapMarks(steps, width, 80);
        expect(marks.length).toBeLessThanOrEqual(Math.floor(width / 80));
        for (let m = 1; m < marks.length; m++) {
          expect(((marks[m].after - marks[m - 1].after) * width) / days.length).toBeGreaterThanOrEqual(80);
        }
        for (const mark of marks) {
          expect(stepDay(steps, mark.after + 1) - stepDay(steps, mark.after)).toBe(mark.days);
          expect(mark.days).toBeGreaterThanOrEqual(gapThreshold(steps));
        }
      }),
    );
  });
});

describe('labels', () => {
  test('the seed on a wide track: each day labelled once, at its first step', () => {
    const labelled = labelledSteps(stepsOf(SEED), 1000, 70);
    expect(labelled.map((k) => SEED[k - 1])).toEqual([...new Set(SEED)]);
    expect(labelled).toEqual([1, 2, 3, 4, 5, 7, 12]);
  });

  test('labels are whole on the track, clear of each other, and as many as fit at most', () => {
    fc.assert(
      fc.property(sortedDays, fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 20, max: 120 }), (d, w, l) => {
        const steps = stepsOf(d);
        const labelled = labelledSteps(steps, w, l);
        expect(labelled.length).toBeLessThanOrEqual(Math.max(0, Math.floor(w / l)));
        const centre = (k: number) => Math.min(Math.max((k / d.length) * w, l / 2), w - l / 2);
        for (let i = 1; i < labelled.length; i++) {
          expect(labelled[i]).toBeGreaterThan(labelled[i - 1]);
          expect(centre(labelled[i]) - centre(labelled[i - 1])).toBeGreaterThanOrEqual(l - 1e-9);
          // One label a day.
          expect(stepDay(steps, labelled[i])).toBeGreaterThan(stepDay(steps, labelled[i - 1]));
        }
      }),
    );
  });

  test('a hundred thousand steps get only the labels that fit, found without a pass over them', () => {
    const days = Array.from({ length: 100_000 }, (_, i) => Math.floor(i / 27));
    let asked = 0;
    const steps: EvenSteps = {
      kept: null,
      count: days.length,
      day: (i) => {
        asked++;
        return days[i];
      },
    };
    const labelled = labelledSteps(steps, 1000, 80);
    expect(labelled.length).toBe(12);
    expect(asked).toBeLessThan(1000);
  });
});

describe('the opening rule: crowded when half the incidents start within a twentieth of the axis', () => {
  test('the seed is crowded', () => {
    expect(crowded(SEED, dayNumber('2024-09-09'), dayNumber('2024-12-27'))).toBe(true);
  });

  test('incidents spread evenly are not, nor are two', () => {
    const spread = Array.from({ length: 100 }, (_, i) => i * 10);
    expect(crowded(spread, -1, 990)).toBe(false);
    expect(crowded([0, 0], -1, 100)).toBe(false);
  });

  test('half within a twentieth is crowded, fewer is not', () => {
    // Axis of 200 days: a twentieth is 10 days.
    const half = [0, 50, 100, 150, 190, 195, 196, 200];
    expect(crowded(half, 0, 200)).toBe(true);
    const fewer = [0, 50, 100, 150, 160, 190, 196, 200];
    expect(crowded(fewer, 0, 200)).toBe(false);
  });
});
