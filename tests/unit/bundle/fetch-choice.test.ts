// Which days the page fetches for what it shows, and when it fetches none, from the hand-made manifest.

import { describe, expect, test } from 'vitest';
import { bundleDays, chooseFetch, covers, daysShown } from '../../../src/data/bundle/fetch-choice';
import { parseManifest } from '../../../src/data/bundle/manifest';
import { planDays, rowsStartingIn } from '../../../src/data/bundle/plan';
import { manifestJson } from './fixture-manifest';

const manifest = parseManifest(manifestJson());
const whole = bundleDays(manifest);

describe('the days shown', () => {
  test('run from the first day to the last day a bounded date reaches', () => {
    // Its last `day` is 159; a row of the second file reaches day 160; the open-ended ones reach no day.
    expect(whole).toEqual({ from: 100, to: 160 });
  });

  test('are the window, the zoomed axis, or the whole timeline', () => {
    expect(daysShown({ mode: 'window', windowDays: 7, date: 120, span: null }, whole)).toEqual({ from: 114, to: 120 });
    expect(daysShown({ mode: 'window', windowDays: 1, date: 120, span: [100, 110] }, whole)).toEqual({
      from: 120,
      to: 120,
    });
    expect(daysShown({ mode: 'cumulative', windowDays: 7, date: 120, span: [110, 130] }, whole)).toEqual({
      from: 110,
      to: 130,
    });
    expect(daysShown({ mode: 'cumulative', windowDays: 7, date: 120, span: null }, whole)).toEqual(whole);
  });

  test('are covered by the days held when those hold all of them', () => {
    expect(covers({ from: 100, to: 130 }, { from: 110, to: 130 })).toBe(true);
    expect(covers({ from: 100, to: 130 }, { from: 110, to: 131 })).toBe(false);
    expect(covers({ from: 100, to: 130 }, { from: 99, to: 110 })).toBe(false);
    expect(covers(null, { from: 110, to: 120 })).toBe(false);
  });
});

describe('chooseFetch', () => {
  test('fetches nothing when the days held cover the days shown', () => {
    expect(chooseFetch(manifest, { from: 110, to: 115 }, { from: 100, to: 120 })).toEqual({ kind: 'held' });
  });

  test('fetches exactly the days shown, their rows those of the row groups they need', () => {
    const choice = chooseFetch(manifest, { from: 110, to: 125 }, { from: 100, to: 120 });
    expect(choice).toEqual({ kind: 'fetch', from: 110, to: 125, rows: planDays(manifest, 110, 125).rows });
    // Groups 2-4 of the first file and the open-ended one.
    expect(choice.kind === 'fetch' && choice.rows).toBe(35);
  });

  test('fetches nothing past the budget, and says how many rows start on those days', () => {
    expect(chooseFetch(manifest, { from: 100, to: 160 }, null, 70)).toMatchObject({ kind: 'fetch', rows: 70 });
    expect(chooseFetch(manifest, { from: 100, to: 160 }, null, 69)).toEqual({
      kind: 'too-many',
      rows: 70,
      bytes: planDays(manifest, 100, 160).bytes,
      starting: rowsStartingIn(manifest, 100, 160),
    });
  });

  test('nothing past the bytes a manifest may say a range costs', () => {
    const json = manifestJson();
    const files = json.files as { bytes: number; footerStart: number }[];
    // A footer of a gigabyte, as a hostile manifest could claim.
    files[0].bytes = 2 ** 30;
    files[0].footerStart = 4004;
    expect(chooseFetch(parseManifest(json), { from: 100, to: 110 }, null)).toMatchObject({
      kind: 'too-many',
      rows: 25,
    });
  });

  test('days with no row cost nothing', () => {
    expect(chooseFetch(manifest, { from: 10, to: 20 }, null)).toEqual({ kind: 'fetch', from: 10, to: 20, rows: 0 });
  });
});
