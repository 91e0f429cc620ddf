import { describe, expect, it } from 'vitest';
import { sourceUpdate } from '../../src/map/source-updates';

describe('sourceUpdate', () => {
  it('sends features only when their keys change (a source starts empty)', () => {
    const first = sourceUpdate(undefined, [], []);
    expect(first.setData).toBe(false);
    const a = sourceUpdate(first.sent, ['place:A', 'shape:x'], []);
    expect(a.setData).toBe(true);
    expect(sourceUpdate(a.sent, ['place:A', 'shape:x'], []).setData).toBe(false);
    expect(sourceUpdate(a.sent, ['place:A'], []).setData).toBe(true);
    expect(sourceUpdate(a.sent, ['shape:x', 'place:A'], []).setData).toBe(true);
  });

  it('turns `on` state on and off by difference, for keys among the features only', () => {
    const a = sourceUpdate(undefined, ['place:A', 'place:B'], ['place:A', 'shape:gone']);
    expect(a).toMatchObject({ on: ['place:A'], off: [], sent: { on: ['place:A'] } });
    // The same selection again: nothing to do.
    const same = sourceUpdate(a.sent, ['place:A', 'place:B'], ['place:A']);
    expect(same).toMatchObject({ setData: false, on: [], off: [] });
    // The selection moves: one off, one on, no new data.
    const moved = sourceUpdate(a.sent, ['place:A', 'place:B'], ['place:B']);
    expect(moved).toMatchObject({ setData: false, on: ['place:B'], off: ['place:A'] });
    // The selected feature leaves the source: its state goes with it.
    const left = sourceUpdate(moved.sent, ['place:A'], ['place:B']);
    expect(left).toMatchObject({ setData: true, on: [], off: ['place:B'], sent: { on: [] } });
  });

  it('a key named twice is turned on once', () => {
    expect(sourceUpdate(undefined, ['journey:1'], ['journey:1', 'journey:1']).on).toEqual(['journey:1']);
  });
});
