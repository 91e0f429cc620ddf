import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameGate } from '../../src/map/software/frame-gate';

const PERIOD = 400;

const PATIENCE = 1600;

/**
 * A gate on fake time; `frames` holds the time of every frame it let through.
 * With `loading`, the map it draws is settled only while `loading.now` is false.
 */
function gate(loading?: { now: boolean }) {
  const frames: number[] = [];
  const g = new FrameGate(
    () => frames.push(Date.now()),
    PERIOD,
    () => Date.now(),
    loading ? { settled: () => !loading.now, patience: PATIENCE } : {},
  );
  return { g, frames };
}

describe('FrameGate', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 10_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws every request at once while not calm', () => {
    const { g, frames } = gate();
    for (let k = 0; k < 5; k++) {
      g.request();
      vi.advanceTimersByTime(10);
    }
    expect(frames).toEqual([10_000, 10_010, 10_020, 10_030, 10_040]);
  });

  it('while calm, folds requests made within the period into one frame when it is up', () => {
    const { g, frames } = gate();
    g.calm = true;
    g.request(); // the first is drawn at once: no frame was drawn before it
    for (let k = 0; k < 10; k++) {
      vi.advanceTimersByTime(50);
      g.request();
    }
    expect(frames).toEqual([10_000, 10_400]);
    vi.advanceTimersByTime(1000);
    // 10,500 was folded into the frame at 10,400's period: one more, at 10,800.
    expect(frames).toEqual([10_000, 10_400, 10_800]);
  });

  it('draws a calm request at once when the last frame is a period old', () => {
    const { g, frames } = gate();
    g.calm = true;
    g.request();
    vi.advanceTimersByTime(PERIOD);
    g.request();
    expect(frames).toEqual([10_000, 10_400]);
  });

  it('draws urgent requests (the map moving) at once, and they drop a frame that was waiting', () => {
    const { g, frames } = gate();
    g.calm = true;
    g.request();
    vi.advanceTimersByTime(100);
    g.request();
    g.request(true);
    expect(frames).toEqual([10_000, 10_100]);
    vi.advanceTimersByTime(1000);
    expect(frames).toEqual([10_000, 10_100]);
  });

  it('after wake, draws what waits and every request for one period at once', () => {
    const { g, frames } = gate();
    g.calm = true;
    g.request();
    vi.advanceTimersByTime(100);
    g.request();
    g.wake();
    expect(frames).toEqual([10_000, 10_100]);
    vi.advanceTimersByTime(100);
    g.request();
    vi.advanceTimersByTime(100);
    g.request();
    expect(frames).toEqual([10_000, 10_100, 10_200, 10_300]);
    vi.advanceTimersByTime(250); // 350 ms after waking the calm holds again
    g.request();
    expect(frames).toHaveLength(4);
    vi.advanceTimersByTime(PERIOD);
    expect(frames).toEqual([10_000, 10_100, 10_200, 10_300, 10_700]);
  });

  it('turning calm off draws a waiting frame at once; cancel drops it', () => {
    const a = gate();
    a.g.calm = true;
    a.g.request();
    vi.advanceTimersByTime(10);
    a.g.request();
    a.g.calm = false;
    expect(a.frames).toEqual([10_000, 10_010]);
    vi.advanceTimersByTime(1000);
    expect(a.frames).toHaveLength(2);

    const b = gate();
    b.g.calm = true;
    b.g.request();
    b.g.request();
    b.g.cancel();
    vi.advanceTimersByTime(1000);
    expect(b.frames).toEqual([11_010]);
  });

  it('while calm and still loading, waits for a request that finds the map loaded, or for its patience', () => {
    const loading = { now: true };
    const { g, frames } = gate(loading);
    g.calm = true;
    g.request();
    // Tiles arrive: each asks for a frame, none drawn while more are coming.
    for (let k = 0; k < 8; k++) {
      vi.advanceTimersByTime(100);
      g.request();
    }
    expect(frames).toEqual([10_000]);
    loading.now = false;
    g.request(); // the last tile: 800 ms after the last frame, more than a period
    expect(frames).toEqual([10_000, 10_800]);
    // Loading again, requests wait out the patience from the last frame.
    loading.now = true;
    vi.advanceTimersByTime(100);
    g.request();
    vi.advanceTimersByTime(PATIENCE - 200);
    expect(frames).toHaveLength(2);
    vi.advanceTimersByTime(100);
    expect(frames).toEqual([10_000, 10_800, 10_800 + PATIENCE]);
    // Loaded within a period of a frame: drawn when the period is up.
    vi.advanceTimersByTime(50);
    g.request();
    loading.now = false;
    vi.advanceTimersByTime(100);
    g.request();
    expect(frames).toHaveLength(3);
    vi.advanceTimersByTime(PERIOD);
    expect(frames).toEqual([10_000, 10_800, 10_800 + PATIENCE, 10_800 + PATIENCE + PERIOD]);
  });

  it('while calm and held, waits past patience, even for urgent requests, until the hold is released', async () => {
    const loading = { now: true };
    const { g, frames } = gate(loading);
    g.calm = true;
    g.request();
    let release = () => {};
    g.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    vi.advanceTimersByTime(100);
    g.request();
    g.request(true); // a move made by the app, not the user
    vi.advanceTimersByTime(3 * PATIENCE);
    expect(frames).toEqual([10_000]);
    loading.now = false;
    release();
    await Promise.resolve();
    expect(frames).toEqual([10_000, 10_000 + 100 + 3 * PATIENCE]);
    // Released, the patience holds again.
    loading.now = true;
    g.request();
    vi.advanceTimersByTime(PATIENCE);
    expect(frames).toEqual([10_000, 10_100 + 3 * PATIENCE, 10_100 + 4 * PATIENCE]);
  });

  it('a hold ends when its promise fails, or when calm is turned off; the user touching the map draws at once', async () => {
    const { g, frames } = gate();
    g.calm = true;
    g.request();
    let fail = (_: Error) => {};
    g.holdUntil(new Promise<void>((_, reject) => (fail = reject)));
    vi.advanceTimersByTime(PERIOD);
    g.request();
    expect(frames).toEqual([10_000]);
    g.wake(); // draws what waits, and what is asked for in the next period
    expect(frames).toEqual([10_000, 10_400]);
    g.request();
    expect(frames).toEqual([10_000, 10_400, 10_400]);
    frames.pop();
    vi.advanceTimersByTime(PERIOD);
    g.request();
    expect(frames).toHaveLength(2);
    fail(new Error('upload stopped'));
    await Promise.resolve();
    await Promise.resolve();
    expect(frames).toEqual([10_000, 10_400, 10_800]);

    g.holdUntil(new Promise<void>(() => {}));
    vi.advanceTimersByTime(PERIOD);
    g.request();
    expect(frames).toHaveLength(3);
    g.calm = false;
    expect(frames).toEqual([10_000, 10_400, 10_800, 11_200]);
    g.calm = true;
    vi.advanceTimersByTime(PERIOD);
    g.request(); // the hold that never settles ended with the calm
    expect(frames).toEqual([10_000, 10_400, 10_800, 11_200, 11_600]);
  });

  it('while calm, a follow-up brings no frame of its own: it goes with the next frame asked for, or when calm ends', () => {
    const { g, frames } = gate();
    g.calm = true;
    g.request();
    g.request(false, true);
    vi.advanceTimersByTime(10 * PERIOD);
    expect(frames).toEqual([10_000]);
    g.request(); // drawn at once (the last frame is periods old), the follow-up with it
    expect(frames).toEqual([10_000, 14_000]);
    // A follow-up neither puts off nor adds to a frame already coming.
    vi.advanceTimersByTime(100);
    g.request();
    g.request(false, true);
    vi.advanceTimersByTime(10 * PERIOD);
    expect(frames).toEqual([10_000, 14_000, 14_400]);
    g.request(false, true);
    vi.advanceTimersByTime(PERIOD);
    g.calm = false;
    expect(frames).toEqual([10_000, 14_000, 14_400, 18_500]);
    // Not calm, a follow-up is drawn at once.
    g.request(false, true);
    expect(frames).toEqual([10_000, 14_000, 14_400, 18_500, 18_500]);
  });

  it('for any requests while calm and loading now and then, frames are a period apart and none waits past patience', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 900 }), fc.boolean()), { minLength: 1, maxLength: 40 }),
        (steps) => {
          vi.setSystemTime(0);
          const loading = { now: false };
          const { g, frames } = gate(loading);
          g.calm = true;
          const requests: number[] = [];
          for (const [gap, busy] of steps) {
            vi.advanceTimersByTime(gap);
            loading.now = busy;
            requests.push(Date.now());
            g.request();
          }
          vi.advanceTimersByTime(PATIENCE);
          g.cancel();
          for (let k = 1; k < frames.length; k++) expect(frames[k] - frames[k - 1]).toBeGreaterThanOrEqual(PERIOD);
          for (const at of requests) expect(frames.some((f) => f >= at && f <= at + PATIENCE)).toBe(true);
        },
      ),
    );
  });

  it('for any requests while calm, frames are a period apart and none is lost', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 40 }), (gaps) => {
        vi.setSystemTime(0);
        const { g, frames } = gate();
        g.calm = true;
        const requests: number[] = [];
        for (const gap of gaps) {
          vi.advanceTimersByTime(gap);
          requests.push(Date.now());
          g.request();
        }
        vi.advanceTimersByTime(PERIOD);
        g.cancel();
        for (let k = 1; k < frames.length; k++) expect(frames[k] - frames[k - 1]).toBeGreaterThanOrEqual(PERIOD);
        // Every request is answered by a frame no earlier than it and at most a period later.
        for (const at of requests) expect(frames.some((f) => f >= at && f <= at + PERIOD)).toBe(true);
      }),
    );
  });
});
