// Bytes compared natively: vitest's deep equality walks large arrays an element at a time.
import { expect } from 'vitest';

/** Fails unless `read` is exactly `bytes` . */
export function expectBytes(read: Uint8Array, bytes: Uint8Array, label = ''): void {
  expect(read, label).toBeInstanceOf(Uint8Array);
  if (Buffer.compare(read, bytes) === 0) return;
  let at = 0;
  while (at < read.length && read[at] === bytes[at]) at++;
  expect.fail(`${label}: ${read.length} bytes read, ${bytes.length} expected; they first differ at ${at}`);
}
