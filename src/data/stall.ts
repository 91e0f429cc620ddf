// Time bounds for reading from the network: a server that stops sending must
// not leave a load waiting for ever. Pure (timers aside); used by the dataset
// worker and by the page when it fetches a map style.

/** A download that delivers no bytes for this long is given up. */
export const STALL_MS = 20_000;

/** Thrown when no bytes came for `ms` milliseconds. */
export class StalledError extends Error {
  constructor(readonly ms: number) {
    super(`nothing came for ${Math.round(ms / 1000)} seconds`);
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
 * page opened it.
 */
export function fetchWithin(url: string, ms = STALL_MS, signal?: AbortSignal): Promise<Response> {
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return within(fetch(url, { signal: controller.signal, referrerPolicy: 'no-referrer' }), ms, () => controller.abort());
}

/**
 * Reads a body whole as text, giving up when no bytes come for `ms` or when it
 * passes `maxBytes` (the Error's message says which).
 */
export async function readTextWithin(response: Response, maxBytes: number, ms = STALL_MS): Promise<string> {
  const body = response.body;
  if (!body) return response.text();
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await within(reader.read(), ms, () => void reader.cancel());
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw new Error(`it is larger than ${Math.round(maxBytes / (1024 * 1024))} MB`);
    }
    text += decoder.decode(value, { stream: true });
  }
}
