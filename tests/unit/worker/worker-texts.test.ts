// The page's side of the dataset worker's text service: how long it waits for
// an answer before telling the person the dataset did not answer. A fake worker
// that never replies stands in; time is the test's.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { WorkerTexts } from '../../../src/data/worker/dataset-loader';

/** A worker that takes every message and answers none. */
function silentWorker(): Worker & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    postMessage: (message: unknown) => sent.push(message),
    terminate: () => {},
  } as unknown as Worker & { sent: unknown[] };
}

/** Whether `promise` has settled, and how, after the timers run so far. */
function watch(promise: Promise<unknown>): { state: string } {
  const seen = { state: 'pending' };
  promise.then(
    () => {
      seen.state = 'resolved';
    },
    (error: Error) => {
      seen.state = `rejected: ${error.message}`;
    },
  );
  return seen;
}

describe('WorkerTexts waits for the worker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('half a minute for one record, then says the dataset did not answer', async () => {
    const texts = new WorkerTexts(silentWorker());
    const one = watch(texts.read([7]));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(one.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(one.state).toBe('rejected: The dataset did not answer in time.');
  });

  test("an export's batch of 2,000 records spread through a file is not cut off at half a minute", async () => {
    const texts = new WorkerTexts(silentWorker());
    const batch = watch(texts.read(Array.from({ length: 2000 }, (_, i) => i * 1000)));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(batch.state).toBe('pending');
    // Still bounded: a worker that never answers is reported.
    await vi.advanceTimersByTimeAsync(300_000);
    expect(batch.state).toBe('rejected: The dataset did not answer in time.');
  });

  test('however many records are asked, the wait ends at five minutes', async () => {
    const texts = new WorkerTexts(silentWorker());
    const many = watch(texts.read(Array.from({ length: 50_000 }, (_, i) => i)));
    await vi.advanceTimersByTimeAsync(299_000);
    expect(many.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(many.state).toBe('rejected: The dataset did not answer in time.');
  });

  test('a search gets half a minute whatever it asks', async () => {
    const texts = new WorkerTexts(silentWorker());
    const search = watch(texts.search('waziristan'));
    await vi.advanceTimersByTimeAsync(31_000);
    expect(search.state).toBe('rejected: The dataset did not answer in time.');
  });
});
