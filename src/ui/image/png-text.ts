import { addMetadata } from 'meta-png';

/**
 * Adds text chunks to a PNG's bytes, after its header: a `tEXt` chunk (written
 * by meta-png) for a value in plain ASCII, which every reader of PNG metadata
 * shows; an `iTXt` chunk (UTF-8, as the PNG standard asks for text beyond
 * Latin-1) for any other, such as a title in Urdu. Keys are PNG's own
 * (`Title`, `Source`, `Copyright`, `Creation Time`, `Software`).
 */
export function withPngText(png: Uint8Array, entries: readonly [key: string, value: string][]): Uint8Array {
  let bytes = png;
  // Each is put right after the header, so the last added comes first: added backwards, they read in order.
  for (const [key, value] of [...entries].reverse()) {
    bytes = /^[\x20-\x7e]*$/.test(value) ? addMetadata(bytes, key, value) : addInternationalText(bytes, key, value);
  }
  return bytes;
}

const encoder = new TextEncoder();

/** An `iTXt` chunk of `key` and `value` (uncompressed, no language), put after the PNG's header. */
function addInternationalText(png: Uint8Array, key: string, value: string): Uint8Array {
  const keyBytes = encoder.encode(key);
  const valueBytes = encoder.encode(value);
  // keyword NUL, compression flag 0, method 0, language tag NUL, translated keyword NUL, text.
  const data = new Uint8Array(keyBytes.length + 5 + valueBytes.length);
  data.set(keyBytes, 0);
  data.set(valueBytes, keyBytes.length + 5);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(encoder.encode('iTXt'), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  // The signature (8 bytes) and IHDR (4 length, 4 type, 13 data, 4 CRC).
  const end = 8 + 25;
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, end), 0);
  out.set(chunk, end);
  out.set(png.subarray(end), end + chunk.length);
  return out;
}

let table: Uint32Array | null = null;
/** The CRC-32 of PNG chunks (ISO 3309). */
function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The text chunks of a PNG, `tEXt` and uncompressed `iTXt`, in order: for tests and for reading a saved view back. */
export function readPngText(png: Uint8Array): [key: string, value: string][] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder();
  const out: [string, string][] = [];
  let at = 8;
  while (at + 8 <= png.length) {
    const length = view.getUint32(at);
    const type = latin1.decode(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    const nul = data.indexOf(0);
    if (type === 'tEXt' && nul > 0)
      out.push([latin1.decode(data.subarray(0, nul)), latin1.decode(data.subarray(nul + 1))]);
    if (type === 'iTXt' && nul > 0 && data[nul + 1] === 0) {
      const language = data.indexOf(0, nul + 3);
      const translated = data.indexOf(0, language + 1);
      out.push([latin1.decode(data.subarray(0, nul)), utf8.decode(data.subarray(translated + 1))]);
    }
    at += 12 + length;
  }
  return out;
}
