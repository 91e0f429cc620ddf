import { describe, expect, it } from 'vitest';
import {
  HALO,
  HALO_PX,
  highlightMarks,
  MARKER,
  MARKER_PX,
  type MarkQuery,
  NEWEST_SCALE,
  RING,
  RING_PX,
  SELECTED_SCALE,
  sameMarks,
} from '../../src/map/highlights';

const colors = ['#c53030', '#2b6cb0', '#2f855a', '#dd6b20'];
const query = (over: Partial<MarkQuery>): MarkQuery => ({
  newest: -1,
  selected: -1,
  isShown: () => true,
  isPossible: () => false,
  colorOf: (rank) => colors[rank % colors.length],
  ...over,
});
const kinds = (q: MarkQuery) => highlightMarks(q).map((m) => [m.kind, m.rank]);

describe('highlightMarks', () => {
  it('nothing newest or selected: nothing drawn', () => {
    expect(highlightMarks(query({}))).toEqual([]);
  });

  it('the newest alone: its halo, then itself larger, in its colour', () => {
    expect(highlightMarks(query({ newest: 5 }))).toEqual([
      { kind: HALO, rank: 5, diameter: HALO_PX * NEWEST_SCALE, color: colors[1], opacity: 1 },
      { kind: MARKER, rank: 5, diameter: MARKER_PX * NEWEST_SCALE, color: colors[1], opacity: 1 },
    ]);
  });

  it('newest and selected apart: halo, ring, then the newest and the selected one on top', () => {
    expect(kinds(query({ newest: 5, selected: 2 }))).toEqual([
      [HALO, 5],
      [RING, 2],
      [MARKER, 5],
      [MARKER, 2],
    ]);
    const [, ring, , selected] = highlightMarks(query({ newest: 5, selected: 2 }));
    expect(ring.diameter).toBe(RING_PX * SELECTED_SCALE);
    expect(selected.diameter).toBe(MARKER_PX * SELECTED_SCALE);
  });

  it('the newest selected (as after a step): halo, ring and marker once, all at the newest size', () => {
    const marks = highlightMarks(query({ newest: 7, selected: 7 }));
    expect(marks.map((m) => [m.kind, m.rank])).toEqual([
      [HALO, 7],
      [RING, 7],
      [MARKER, 7],
    ]);
    expect(marks[1].diameter).toBe(RING_PX * NEWEST_SCALE);
    expect(marks[2].diameter).toBe(MARKER_PX * NEWEST_SCALE);
  });

  it('an incident not shown (hidden by the filter, the window or the cursor) has no highlight', () => {
    expect(kinds(query({ newest: 5, selected: 2, isShown: (rank) => rank !== 2 }))).toEqual([
      [HALO, 5],
      [MARKER, 5],
    ]);
    expect(kinds(query({ newest: 5, selected: 2, isShown: () => false }))).toEqual([]);
  });

  it('one only possibly in the days shown is drawn at half strength; its halo and ring are not', () => {
    const marks = highlightMarks(query({ newest: 3, selected: 3, isPossible: () => true }));
    expect(marks.map((m) => m.opacity)).toEqual([1, 1, 0.5]);
  });
});

describe('sameMarks', () => {
  it('is true for the same marks, false for any difference', () => {
    const a = highlightMarks(query({ newest: 5, selected: 2 }));
    expect(sameMarks(a, highlightMarks(query({ newest: 5, selected: 2 })))).toBe(true);
    expect(sameMarks(a, highlightMarks(query({ newest: 5, selected: 3 })))).toBe(false);
    expect(sameMarks(a, highlightMarks(query({ newest: 5 })))).toBe(false);
    expect(sameMarks(a, highlightMarks(query({ newest: 5, selected: 2, isPossible: (r) => r === 2 })))).toBe(false);
    expect(sameMarks(a, highlightMarks(query({ newest: 5, selected: 2, colorOf: () => '#000000' })))).toBe(false);
    expect(sameMarks([], [])).toBe(true);
  });
});
