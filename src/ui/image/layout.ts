import { type QrMatrix, QUIET_MODULES, qrRects, type Rect } from './qr';
import { balanceIsolates, breakAnywhere, ellipsize, wrapWords } from './text-wrap';

/*
 * Where everything goes on the saved image of the view: a header with the
 * dataset's title and the timeline's readout, the map as drawn with its legend
 * over its top corner, and a footer with the credits, the permalink and its QR
 * code. Pure: text is measured through the function given, so the layout is the
 * same maths in a test as on a canvas. Units are CSS pixels; the image is drawn
 * at `scale` device pixels to one.
 */

/** The image's fonts, by what they set. */
export type FontRole = 'title' | 'readout' | 'legendTitle' | 'legend' | 'body' | 'link';

/** Font size of each role, CSS pixels. */
export const FONT_SIZES: Record<FontRole, number> = {
  title: 22,
  readout: 15,
  legendTitle: 12,
  legend: 12,
  body: 11.5,
  link: 11,
};

export interface LegendRow {
  color: string;
  /** The category and its count, as the legend shows them. */
  label: string;
  /** Written in English on a page in another language (a category the catalogue lacks). */
  english: boolean;
}

/** The words on the image, already in the page's language. */
export interface ImageWords {
  title: string;
  /** The timeline's date and counts. */
  readout: string;
  legendTitle: string;
  legend: readonly LegendRow[];
  /** The dataset's attribution, worded ("Data: …"); empty for none. */
  data: string;
  /** The basemap's credits, worded ("Map: …"). */
  credits: string;
  /** The permalink, as is. */
  link: string;
  /** Said under the link when it has no QR code (too long for one); null when it has. */
  linkNote: string | null;
  /** The maker and the day ("Made with Incident Atlas, 6 Dec 2026"). */
  made: string;
}

export interface LayoutInput {
  words: ImageWords;
  /** The map's size on screen, CSS pixels. */
  map: { width: number; height: number };
  qr: QrMatrix | null;
  /** Device pixels to a CSS pixel in the saved image. */
  scale: number;
  rtl: boolean;
  measure: (text: string, role: FontRole) => number;
  /** Line height as a multiple of the font size (Nastaliq needs more than Latin). */
  lineHeight: number;
}

/** One line of text: centred vertically on `y`, anchored at `x` on the side `align` names. */
export interface TextLine {
  text: string;
  role: FontRole;
  x: number;
  y: number;
  align: 'left' | 'right';
  dir: 'ltr' | 'rtl';
  /** Secondary text (credits, the note) is drawn lighter. */
  muted: boolean;
}

export interface ImageLayout {
  width: number;
  height: number;
  /** Where the map's picture goes. */
  map: Rect;
  /** The legend's panel over the map, and one swatch (a circle) a row; null when there is no room or no row. */
  legend: { box: Rect; swatches: { x: number; y: number; radius: number; color: string }[] } | null;
  texts: TextLine[];
  /** The QR code: its light box (with the quiet zone) and its dark modules, in CSS pixels. */
  qr: { box: Rect; rects: Rect[]; module: number } | null;
}

const PAD = 20;
/** The size a QR code aims at, CSS pixels, quiet zone included. */
const QR_TARGET = 132;
/** The fewest device pixels a QR module is drawn with: below it, a phone's camera loses it. */
export const MIN_MODULE_PIXELS = 2;

/** Lays out the image of the view (see the top of this file). */
export function layoutViewImage(input: LayoutInput): ImageLayout {
  const { words, rtl, measure, lineHeight } = input;
  const width = Math.max(1, Math.round(input.map.width));
  const mapHeight = Math.max(1, Math.round(input.map.height));
  const texts: TextLine[] = [];
  const lineOf = (role: FontRole) => FONT_SIZES[role] * lineHeight;
  /** A line at logical `x` from the start edge (the right, right to left). */
  const line = (text: string, role: FontRole, x: number, y: number, options: Partial<TextLine> = {}) =>
    texts.push({
      text,
      role,
      x: rtl ? width - x : x,
      y,
      align: rtl ? 'right' : 'left',
      dir: rtl ? 'rtl' : 'ltr',
      muted: false,
      ...options,
    });
  const box = (x: number, y: number, w: number, h: number): Rect => ({
    x: rtl ? width - x - w : x,
    y,
    width: w,
    height: h,
  });

  // Header: the title (two lines at most), then the date and counts.
  let y = PAD;
  const inner = width - 2 * PAD;
  for (const [role, text] of [
    ['title', words.title],
    ['readout', words.readout],
  ] as const) {
    for (const text1 of balanceIsolates(wrapWords(text, inner, (s) => measure(s, role), 2))) {
      line(text1, role, PAD, y + lineOf(role) / 2);
      y += lineOf(role);
    }
    y += 2;
  }
  y += 10;
  // On a whole CSS pixel, so the map and its edges fall on whole device pixels.
  const map: Rect = { x: 0, y: Math.ceil(y), width, height: mapHeight };

  // The legend, over the map's top corner on the start side, where the page has it.
  let legend: ImageLayout['legend'] = null;
  const rowHeight = Math.max(18, lineOf('legend'));
  const inset = 10;
  const fits = Math.floor((mapHeight - 2 * inset - lineOf('legendTitle') - 16) / rowHeight);
  const rows = words.legend.slice(0, Math.max(0, fits));
  if (rows.length > 0) {
    const radius = 5;
    const labelX = 10 + 2 * radius + 8;
    const maxLabel = Math.max(40, width * 0.45 - labelX - 10);
    const labels = rows.map((row) => ellipsize(row.label, maxLabel, (s) => measure(s, 'legend')));
    const titleWidth = measure(words.legendTitle, 'legendTitle');
    const panelWidth = Math.ceil(
      Math.max(titleWidth + 20, ...labels.map((label) => labelX + measure(label, 'legend') + 10)),
    );
    const panelHeight = Math.ceil(8 + lineOf('legendTitle') + rows.length * rowHeight + 8);
    const left = inset;
    const top = map.y + inset;
    let rowY = top + 8;
    line(words.legendTitle, 'legendTitle', left + 10, rowY + lineOf('legendTitle') / 2);
    rowY += lineOf('legendTitle');
    const swatches = rows.map((row, i) => {
      const middle = rowY + i * rowHeight + rowHeight / 2;
      line(labels[i], 'legend', left + labelX, middle, row.english ? { dir: 'ltr' } : {});
      const centre = left + 10 + radius;
      return { x: rtl ? width - centre : centre, y: middle, radius, color: row.color };
    });
    legend = { box: box(left, top, panelWidth, panelHeight), swatches };
  }

  // Footer: credits and the link on the start side, the QR code on the end side.
  const top = map.y + map.height + 16;
  let qr: ImageLayout['qr'] = null;
  let qrSide = 0;
  if (input.qr) {
    const modules = input.qr.size + 2 * QUIET_MODULES;
    const pixels = Math.max(MIN_MODULE_PIXELS, Math.floor((QR_TARGET * input.scale) / modules));
    const module = pixels / input.scale;
    qrSide = modules * module;
    // Whole device pixels, so every module's edges are sharp.
    const x = Math.round((width - PAD - qrSide) * input.scale) / input.scale;
    const light: Rect = { x: rtl ? width - x - qrSide : x, y: top, width: qrSide, height: qrSide };
    const origin = QUIET_MODULES * module;
    qr = { box: light, rects: qrRects(input.qr, light.x + origin, light.y + origin, module), module };
  }
  const column = inner - (qr ? qrSide + 16 : 0);
  let textY = top;
  const paragraph = (lines: string[], role: FontRole, options: Partial<TextLine> = {}) => {
    for (const text of balanceIsolates(lines)) {
      line(text, role, PAD, textY + lineOf(role) / 2, options);
      textY += lineOf(role);
    }
    textY += 4;
  };
  const body = (s: string) => measure(s, 'body');
  // Room for a long attribution on a phone's narrow image; past it, an ellipsis (the PNG's Copyright has it whole).
  if (words.data) paragraph(wrapWords(words.data, column, body, 6), 'body');
  paragraph(wrapWords(words.credits, column, body, 6), 'body', { muted: true });
  paragraph(
    breakAnywhere(words.link, column, (s) => measure(s, 'link')),
    'link',
    // A link reads left to right whatever the page's direction.
    { dir: 'ltr' },
  );
  if (words.linkNote) paragraph(wrapWords(words.linkNote, column, body), 'body', { muted: true });
  paragraph([ellipsize(words.made, column, body)], 'body', { muted: true });
  const height = Math.ceil(Math.max(textY, top + qrSide) + PAD);
  return { width, height, map, legend, texts, qr };
}
