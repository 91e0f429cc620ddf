// A `data:` URL given as `?data=` read as a file in the page: it is never
// fetched (the CSP allows no data: connections) and it goes through the same
// reader, bounds and messages as a file opened from the disk. Pure.

import { t } from '../i18n/page-language';

/** The bytes a `data:` URL holds, as a File named `name`; throws an Error saying what is wrong. */
export function fileFromDataUrl(url: string, name: string): File {
  const comma = url.indexOf(',');
  if (!/^data:/i.test(url) || comma < 0) throw new Error(t('net.noComma'));
  const meta = url.slice(5, comma);
  const body = url.slice(comma + 1);
  const base64 = /;base64$/i.test(meta);
  const type = meta.replace(/;base64$/i, '').split(';')[0] || 'text/plain';
  const text = percentDecode(body);
  let bytes: Uint8Array;
  if (base64) {
    let binary: string;
    try {
      binary = atob(new TextDecoder('latin1').decode(text).replace(/[\s]/g, ''));
    } catch {
      throw new Error(t('net.notBase64'));
    }
    bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } else bytes = text;
  return new File([bytes as BlobPart], name, { type });
}

/** `%XX` escapes as the bytes they stand for, every other character as its UTF-8 bytes (as fetch reads a data: URL). */
function percentDecode(text: string): Uint8Array {
  const utf8 = new TextEncoder().encode(text);
  const out = new Uint8Array(utf8.length);
  let n = 0;
  const hex = (byte: number) =>
    byte >= 48 && byte <= 57
      ? byte - 48
      : byte >= 65 && byte <= 70
        ? byte - 55
        : byte >= 97 && byte <= 102
          ? byte - 87
          : -1;
  for (let i = 0; i < utf8.length; i++) {
    const high = utf8[i] === 37 && i + 2 < utf8.length ? hex(utf8[i + 1]) : -1;
    const low = high >= 0 ? hex(utf8[i + 2]) : -1;
    if (low >= 0) {
      out[n++] = high * 16 + low;
      i += 2;
    } else out[n++] = utf8[i];
  }
  return out.subarray(0, n);
}
