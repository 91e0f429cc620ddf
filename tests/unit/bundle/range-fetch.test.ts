// fetchRange takes in no more than it asked for: a body longer than the range is cut off and refused.

import { describe, expect, test } from 'vitest';
import { fetchRange, RangeRequestError } from '../../../src/data/bundle/range-fetch';

/** A fetch whose every answer is 206 with `length` bytes, sent in chunks of 1,000. */
function answering(length: number) {
  const pulled = { chunks: 0 };
  const fetchFn = async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          const left = length - pulled.chunks * 1000;
          if (left <= 0) controller.close();
          else controller.enqueue(new Uint8Array(Math.min(1000, left)).fill(7));
          pulled.chunks++;
        },
      }),
      { status: 206 },
    );
  return { fetchFn, pulled };
}

describe('fetchRange', () => {
  test('the bytes asked for, counted', async () => {
    const stats = { requests: 0, bytes: 0 };
    const buffer = await fetchRange(answering(2500).fetchFn, 'http://x/f', 100, 2600, { stats });
    expect(buffer.byteLength).toBe(2500);
    expect(new Uint8Array(buffer)[2499]).toBe(7);
    expect(stats).toEqual({ requests: 1, bytes: 2500 });
  });

  test('a longer body is refused once past the range, the rest unread', async () => {
    const { fetchFn, pulled } = answering(1_000_000);
    const reading = fetchRange(fetchFn, 'http://x/f', 0, 2500);
    await expect(reading).rejects.toThrow(RangeRequestError);
    await expect(reading).rejects.toThrow(/asked for 2500 bytes from byte 0, received more/);
    expect(pulled.chunks).toBeLessThan(10);
  });

  test('a shorter body is refused', async () => {
    await expect(fetchRange(answering(2000).fetchFn, 'http://x/f', 0, 2500)).rejects.toThrow(/received 2000/);
  });
});
