// A bundle's outline: the timeline's days, the histogram and the counts from the manifest alone.

import { describe, expect, test } from 'vitest';
import { NO_FILTER } from '../../../src/analysis/filters';
import { bundleOutline } from '../../../src/analysis/outline';
import { bundleNames } from '../../../src/data/bundle/pack-rows';
import { dayFromNumber } from '../../../src/data/dates/incident-date';
import { twoCategoryManifest } from '../bundle/outline-fixture';

const manifest = twoCategoryManifest();
const names = bundleNames(manifest);
const outline = bundleOutline(manifest, names);

describe('bundleOutline', () => {
  test('the timeline runs from the day before the first row to the last day a bounded date reaches', () => {
    expect([outline.firstDay, outline.lastDay]).toEqual([dayFromNumber(99), dayFromNumber(160)]);
    expect(outline.total).toBe(70);
    expect(outline.bounds).toEqual([60, 25, 75, 38]);
  });

  test('the histogram counts the manifest days, by colour group, for the categories chosen', () => {
    const h = outline.histogram({ first: 100, last: 159 }, 100, []);
    expect(h.unit).toBe('day');
    expect(h.edges[0]).toBe(100);
    const total = (counts: Uint32Array) => counts.reduce((n, c) => n + c, 0);
    expect(total(h.counts)).toBe(70);
    // Day 100 holds two rows, one of each category.
    expect(h.counts[names.groupOf[0]]).toBe(1);
    expect(h.counts[names.groupOf[1]]).toBe(1);
    expect(h.max).toBe(2);
    const battles = outline.histogram({ first: 100, last: 159 }, 100, ['battle']);
    expect(total(battles.counts)).toBe(35);
    // Weeks over a part of the days: only the days in range are counted.
    const weeks = outline.histogram({ first: 110, last: 159 }, 8, []);
    expect(weeks.unit).toBe('week');
    expect(total(weeks.counts)).toBe(50);
  });

  test('matching: the manifest tells categories or countries alone, nothing more', () => {
    expect(outline.matching(NO_FILTER)).toBe(70);
    expect(outline.matching({ ...NO_FILTER, categories: ['protest'] })).toBe(35);
    expect(outline.matching({ ...NO_FILTER, countries: ['Afghanistan', 'Pakistan'] })).toBe(70);
    expect(outline.matching({ ...NO_FILTER, categories: ['battle'], countries: ['Pakistan'] })).toBeNull();
    expect(outline.matching({ ...NO_FILTER, q: 'kabul' })).toBeNull();
    expect(outline.matching({ ...NO_FILTER, from: '2024-01-01' })).toBeNull();
    // Whether figures differ is not in the manifest.
    expect(outline.matching({ ...NO_FILTER, categories: ['protest'], contested: true })).toBeNull();
  });
});
