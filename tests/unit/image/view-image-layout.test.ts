// The image of the view's layout (src/ui/image): text wrapping, the QR code as rectangles, where
// everything goes left to right and right to left, and the PNG's text chunks.
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  FONT_SIZES,
  type ImageWords,
  type LayoutInput,
  layoutViewImage,
  MIN_MODULE_PIXELS,
} from '../../../src/ui/image/layout';
import { readPngText, withPngText } from '../../../src/ui/image/png-text';
import { QUIET_MODULES, qrMatrix, qrRects } from '../../../src/ui/image/qr';
import { balanceIsolates, breakAnywhere, ellipsize, wrapWords } from '../../../src/ui/image/text-wrap';

/** Every character 7 units wide: enough to check the maths. */
const measure = (text: string) => Array.from(text).length * 7;

describe('wrapping text', () => {
  const text = 'Incidents from Bilawal Kamran, Republic Policy, and the news reports each incident names.';
  it('breaks at spaces into lines that fit, losing no word', () => {
    const lines = wrapWords(text, 140, measure);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(140);
    expect(lines.join(' ')).toBe(text);
  });
  it('keeps at most maxLines, the last ending in an ellipsis', () => {
    const lines = wrapWords(text, 140, measure, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith('…')).toBe(true);
    expect(measure(lines[1])).toBeLessThanOrEqual(140);
  });
  it('breaks a link anywhere, keeping every character, after a / ? & # or = where it can', () => {
    const link = 'https://example.org/atlas/?lang=ur#map=6.2/33.1/69.8&date=2024-12-24&incident=2024-12-24-paktika';
    const lines = breakAnywhere(link, 200, measure);
    expect(lines.join('')).toBe(link);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(200);
    expect(lines.slice(0, -1).every((line) => /[/?&#=]$/.test(line))).toBe(true);
  });
  it('closes a left-to-right isolate a wrap cuts, and opens it again on the next line', () => {
    const lines = balanceIsolates(
      wrapWords('ڈیٹا: \u2066Incidents from Bilawal Kamran, Republic Policy.\u2069', 120, measure),
    );
    expect(lines.length).toBeGreaterThan(2);
    expect(lines[0]).toMatch(/\u2066Incidents.*\u2069$/);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\u2066.*\u2069$/);
    expect(lines.at(-1)).not.toMatch(/\u2069\u2069$/);
  });
  it('cuts a long text with an ellipsis', () => {
    expect(ellipsize('short', 100, measure)).toBe('short');
    const cut = ellipsize('a rather long category name', 70, measure);
    expect(cut).toMatch(/…$/);
    expect(measure(cut)).toBeLessThanOrEqual(70);
  });
});

describe('the QR code', () => {
  it('is medium error correction for a usual link, low when only that fits, none when nothing does', () => {
    const usual = qrMatrix('https://example.org/atlas/#map=6/33/69&date=2024-12-24');
    expect(usual?.ecc).toBe('M');
    // Between what version 25 holds at M (997 bytes) and at L (1,273).
    expect(qrMatrix(`https://example.org/#q=${'a'.repeat(1100)}`)?.ecc).toBe('L');
    // A search of 500 Arabic letters, percent-encoded: six bytes each.
    expect(qrMatrix(`https://example.org/#q=${'%D8%A7'.repeat(500)}`)).toBeNull();
  });
  it('is drawn as rectangles covering exactly its dark modules', () => {
    const qr = qrMatrix('https://example.org/') ?? expect.unreachable();
    const rects = qrRects(qr, 10, 20, 2);
    const covered = new Set<string>();
    for (const rect of rects) {
      expect(rect.height).toBe(2);
      for (let x = rect.x; x < rect.x + rect.width; x += 2) covered.add(`${(x - 10) / 2},${(rect.y - 20) / 2}`);
    }
    const dark = qr.dark.flatMap((row, r) => row.flatMap((on, c) => (on ? [`${c},${r}`] : [])));
    expect([...covered].sort()).toEqual(dark.sort());
    expect(rects.length).toBeLessThan(dark.length);
  });
});

const words: ImageWords = {
  title: 'Pakistan–Afghanistan, Sept–Dec 2024',
  readout: '24 Dec 2024 · 11 of 13 incidents',
  legendTitle: 'Legend',
  legend: [
    { color: '#d62728', label: 'Attack (4)', english: false },
    { color: '#1f77b4', label: 'Diplomacy (5)', english: false },
    { color: '#ff7f0e', label: 'Airstrike (2)', english: true },
  ],
  data: 'Data: Incidents from Bilawal Kamran, Republic Policy.',
  credits: 'Map: Natural Earth · © OpenStreetMap contributors',
  link: 'https://example.org/atlas/#map=6/33/69&date=2024-12-24',
  linkNote: null,
  made: 'Made with Incident Atlas, 6 Dec 2026',
};
const input = (over: Partial<LayoutInput> = {}): LayoutInput => ({
  words,
  map: { width: 900, height: 600 },
  qr: qrMatrix(words.link),
  scale: 2,
  rtl: false,
  measure: (text, role) => measure(text) * (FONT_SIZES[role] / 12),
  lineHeight: 1.35,
  ...over,
});
const inside = (r: { x: number; y: number; width: number; height: number }, outer: typeof r) =>
  r.x >= outer.x &&
  r.y >= outer.y &&
  r.x + r.width <= outer.x + outer.width &&
  r.y + r.height <= outer.y + outer.height;

describe('the layout', () => {
  it('puts the map at its own width under the header, the legend over it, the footer below', () => {
    const layout = layoutViewImage(input());
    expect(layout.width).toBe(900);
    expect(layout.map).toEqual({ x: 0, y: layout.map.y, width: 900, height: 600 });
    expect(layout.map.y).toBeGreaterThan(FONT_SIZES.title + FONT_SIZES.readout);
    const title = layout.texts.find((line) => line.role === 'title');
    expect(title?.text).toBe(words.title);
    expect(layout.legend && inside(layout.legend.box, layout.map)).toBe(true);
    expect(layout.legend?.swatches.map((s) => s.color)).toEqual(['#d62728', '#1f77b4', '#ff7f0e']);
    const footer = layout.texts.filter((line) => line.y > layout.map.y + layout.map.height);
    expect(footer.map((line) => line.text).join(' ')).toContain(words.link);
    for (const line of layout.texts) expect(line.y).toBeLessThan(layout.height);
  });

  it('draws the QR code in whole device pixels, two or more a module, at the end side, beside the text', () => {
    const layout = layoutViewImage(input());
    const qr = layout.qr ?? expect.unreachable();
    const { box, module } = qr;
    expect(module * 2).toBeGreaterThanOrEqual(MIN_MODULE_PIXELS);
    expect(Number.isInteger(module * 2) && Number.isInteger(box.x * 2)).toBe(true);
    expect(box.x + box.width).toBeLessThanOrEqual(900 - 19);
    expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
    expect(qr.rects[0].x).toBe(box.x + QUIET_MODULES * module);
    for (const line of layout.texts.filter((l) => l.y > box.y)) {
      expect(line.x + measure(line.text) * (FONT_SIZES[line.role] / 12)).toBeLessThanOrEqual(box.x);
    }
  });

  it('keeps two device pixels a module for the longest link a QR code takes here', () => {
    const link = `https://example.org/#q=${'a'.repeat(1200)}`;
    const layout = layoutViewImage(input({ words: { ...words, link }, qr: qrMatrix(link) }));
    expect(layout.qr?.module).toBe(1);
    expect(layout.qr?.box.width).toBeGreaterThan(100);
  });

  it('mirrors right to left: legend and text on the right, the QR code on the left, the link still left to right', () => {
    const ltr = layoutViewImage(input());
    const rtl = layoutViewImage(input({ rtl: true }));
    expect(rtl.legend?.box.x).toBe(900 - (ltr.legend?.box.x ?? 0) - (ltr.legend?.box.width ?? 0));
    expect(rtl.qr?.box.x).toBe(20);
    const title = rtl.texts.find((line) => line.role === 'title');
    expect(title).toMatchObject({ x: 880, align: 'right', dir: 'rtl' });
    expect(rtl.texts.find((line) => line.role === 'link')).toMatchObject({ align: 'right', dir: 'ltr' });
    expect(rtl.texts.find((line) => line.text.startsWith('Airstrike'))?.dir).toBe('ltr');
  });

  it('prints a link too long for a QR code with a note, and leaves out legend rows a short map has no room for', () => {
    const link = `https://example.org/#q=${'%D8%A7'.repeat(500)}`;
    const layout = layoutViewImage(
      input({
        words: { ...words, link, linkNote: 'Too long for a QR code.' },
        qr: null,
        map: { width: 360, height: 70 },
      }),
    );
    expect(layout.qr).toBeNull();
    const linkLines = layout.texts.filter((line) => line.role === 'link');
    expect(linkLines.map((line) => line.text).join('')).toBe(link);
    expect(layout.texts.some((line) => line.text === 'Too long for a QR code.')).toBe(true);
    expect(layout.legend?.swatches.length ?? 0).toBeLessThan(3);
  });
});

describe('PNG text chunks', () => {
  // A 1x1 grey PNG.
  const png = Uint8Array.from(
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==',
      'base64',
    ),
  );
  it('keeps ASCII in tEXt and other text in iTXt, in order, each chunk with a valid CRC', () => {
    const entries: [string, string][] = [
      ['Title', 'پاکستان–افغانستان'],
      ['Source', 'https://example.org/#date=2024-12-24'],
      ['Creation Time', 'Sun, 06 Dec 2026 10:30:00 GMT'],
    ];
    const out = withPngText(png, entries);
    expect(readPngText(out)).toEqual(entries);
    const view = new DataView(out.buffer, out.byteOffset);
    const types: string[] = [];
    for (let at = 8; at < out.length; ) {
      const length = view.getUint32(at);
      types.push(Buffer.from(out.subarray(at + 4, at + 8)).toString('latin1'));
      expect(view.getUint32(at + 8 + length)).toBe(crc32(out.subarray(at + 4, at + 8 + length)));
      at += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'iTXt', 'tEXt', 'tEXt', 'IDAT', 'IEND']);
  });
});
