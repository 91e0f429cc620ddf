// Time bounds for reading from the network: a server that stops sending must
// not leave a load waiting for ever. Pure (timers aside); used by the dataset
// worker and by the page when it fetches a map style.
import { DataError, type DataText, say } from '../text/messages';

/** A download that delivers no bytes for this long is given up. */
export const STALL_MS = 20_000;

/** Thrown when no bytes came for `ms` milliseconds. */
export class StalledError extends DataError {
  declare readonly text: DataText;
  constructor(readonly ms: number) {
    super(say('data.load.nothingCame', { seconds: Math.round(ms / 1000) }));
  }
}

/** Resolves as `promise` does, or rejects with a StalledError after `ms` (and then runs `onStall`). */
export async function within<T>(promise: Promise<T>, ms = STALL_MS, onStall?: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Rejected first: cancelling a stream settles its pending read at once, as if it had ended.
      reject(new StalledError(ms));
      onStall?.();
    }, ms);
  });
  try {
    return await Promise.race([promise, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fetches `url`, giving up (and aborting the request) when the answer does not
 * start within `ms`. No Referer is sent: a link's host need not learn which
 * page opened it. A redirect is not followed: it could lead to a host the
 * reader was not asked about; the Error says to open the address it leads to.
 */
export async function fetchWithin(url: string, ms = STALL_MS): Promise<Response> {
  const controller = new AbortController();
  const request = fetch(url, { signal: controller.signal, referrerPolicy: 'no-referrer', redirect: 'manual' });
  const response = await within(request, ms, () => controller.abort());
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new Error(
      'the server sends it on to another address, which the page does not follow without asking; open that address instead',
    );
  }
  return response;
}

/**
 * Reads a body whole as text, giving up when no bytes come for `ms`, when it
 * passes `maxBytes`, or when `deadline` (a time of performance.now()) passes:
 * a server can send a byte every few seconds. The Error's message says which.
 * `onBytes` sees each piece of the body as it arrives (a bundle's manifest is fingerprinted so).
 */
export async function readTextWithin(
  response: Response,
  maxBytes: number,
  ms = STALL_MS,
  deadline = Number.POSITIVE_INFINITY,
  onBytes?: (bytes: Uint8Array) => void,
): Promise<string> {
  const body = response.body;
  if (!body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    onBytes?.(whole);
    return new TextDecoder().decode(whole);
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const left = deadline - performance.now();
    const late = () => new Error('it did not finish arriving in time');
    if (left <= 0) {
      await reader.cancel();
      throw late();
    }
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await within(reader.read(), Math.min(ms, left), () => void reader.cancel());
    } catch (error) {
      // Cut short by the deadline, not by a stall of its own length.
      throw error instanceof StalledError && left < ms ? late() : error;
    }
    const { done, value } = next;
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw new Error(`it is larger than ${Math.round(maxBytes / (1024 * 1024))} MB`);
    }
    onBytes?.(value);
    text += decoder.decode(value, { stream: true });
  }
}
