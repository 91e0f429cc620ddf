import { encode } from 'uqr';

/** Light modules around the code, as the QR standard asks, so a reader finds its edges. */
export const QUIET_MODULES = 4;
/**
 * The largest QR version printed: past it (a link of more than about 1,270
 * bytes) the modules get too small to scan from a screen at the sizes the
 * image gives them, and the link is printed alone.
 */
export const MAX_QR_VERSION = 25;

/** A QR code's dark modules, row by row; `size` modules a side, without the quiet zone. */
export interface QrMatrix {
  size: number;
  dark: boolean[][];
  ecc: 'M' | 'L';
}

/**
 * The QR code of `text`: medium error correction (15% of it may be lost) when
 * that fits within MAX_QR_VERSION, else low (7%), which holds more; null when
 * the text is too long for either.
 */
export function qrMatrix(text: string): QrMatrix | null {
  for (const ecc of ['M', 'L'] as const) {
    try {
      const { size, data } = encode(text, { ecc, border: 0, maxVersion: MAX_QR_VERSION });
      return { size, dark: data, ecc };
    } catch {
      // Too long at this level: the next holds more.
    }
  }
  return null;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The dark modules of `qr` as rectangles to fill, the code's top-left module at
 * (`x`, `y`), each module `module` units a side: runs of dark modules in a row
 * are one rectangle, so a code of thousands of modules is a few hundred fills.
 */
export function qrRects(qr: QrMatrix, x: number, y: number, module: number): Rect[] {
  const rects: Rect[] = [];
  qr.dark.forEach((row, r) => {
    let c = 0;
    while (c < row.length) {
      if (!row[c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < row.length && row[c]) c++;
      rects.push({ x: x + start * module, y: y + r * module, width: (c - start) * module, height: module });
    }
  });
  return rects;
}
