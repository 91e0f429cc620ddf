import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FINGERPRINT_PATTERN, Fingerprinter, fingerprintOf } from '../../../src/data/fingerprint';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);

describe('a dataset fingerprint', () => {
  test('is the first 12 hex digits of the SHA-256 of the bytes', () => {
    const bytes = new TextEncoder().encode('{"type":"FeatureCollection","features":[]}\n');
    expect(fingerprintOf(bytes)).toBe(sha256(bytes));
    // SHA-256 of nothing, as every implementation gives it.
    expect(fingerprintOf(new Uint8Array(0))).toBe('e3b0c44298fc');
    expect(fingerprintOf(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01');
  });

  test('is the same however the bytes arrive in pieces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(3000), { maxLength: 8 }), (bytes, cuts) => {
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const fingerprinter = new Fingerprinter();
        let from = 0;
        for (const to of [...at, bytes.length]) {
          fingerprinter.update(bytes.subarray(from, to));
          from = to;
        }
        const fingerprint = fingerprinter.fingerprint();
        expect(fingerprint).toBe(sha256(bytes));
        expect(fingerprint).toMatch(FINGERPRINT_PATTERN);
      }),
    );
  });

  test('differs when one byte does', () => {
    const bytes = new TextEncoder().encode('id,date\na,2024-12-24\n');
    const changed = bytes.slice();
    changed[10] ^= 1;
    expect(fingerprintOf(changed)).not.toBe(fingerprintOf(bytes));
  });
});

describe("a bundle's manifest, as the bundle worker reads it", () => {
  test('every byte of the body passes to the fingerprint, a BOM and bad UTF-8 included', async () => {
    const { readTextWithin } = await import('../../../src/data/worker/stall');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"name":"x"}'), 0xff, 0x0a]);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 5));
        controller.enqueue(bytes.subarray(5));
        controller.close();
      },
    });
    const fingerprinter = new Fingerprinter();
    const text = await readTextWithin(new Response(body), 1024, 5000, Number.POSITIVE_INFINITY, (piece) =>
      fingerprinter.update(piece),
    );
    expect(text.startsWith('{"name":"x"}')).toBe(true);
    expect(fingerprinter.fingerprint()).toBe(sha256(bytes));
  });
});
