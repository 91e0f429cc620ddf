// A dataset's fingerprint: the first 12 hex digits of the SHA-256 of its bytes
// as read (the file as served or opened, before any decoding), so a link can
// say which data it was made with. Computed as the bytes stream past, so a
// large file is never held twice (crypto.subtle has no streaming digest).
import { sha256 } from '@noble/hashes/sha2.js';

/** A fingerprint as links write it: 12 lowercase hex digits. */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{12}$/;

/** How many hex digits of the digest a fingerprint keeps: 48 bits, enough to tell versions of a dataset apart. */
const DIGITS = 12;

/** Feeds bytes as they arrive; `fingerprint()` once they have all passed. */
export class Fingerprinter {
  readonly #hash = sha256.create();

  update(bytes: Uint8Array): void {
    this.#hash.update(bytes);
  }

  /** The fingerprint of every byte given so far; call once. */
  fingerprint(): string {
    return hexOf(this.#hash.digest()).slice(0, DIGITS);
  }
}

/** The fingerprint of bytes held whole. */
export function fingerprintOf(bytes: Uint8Array): string {
  const fingerprinter = new Fingerprinter();
  fingerprinter.update(bytes);
  return fingerprinter.fingerprint();
}

function hexOf(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
