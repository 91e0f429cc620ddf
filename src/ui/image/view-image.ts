import { t, translator } from '../../i18n/page-language';
import { FONT_SIZES, type FontRole, type ImageLayout, type ImageWords, layoutViewImage } from './layout';
import { withPngText } from './png-text';
import { qrMatrix } from './qr';

export interface ViewImageInput {
  /** The map as drawn, `scale` times its CSS size (see map/map-image.ts). */
  map: CanvasImageSource;
  /** The map's size on screen, CSS pixels. */
  mapSize: { width: number; height: number };
  /** Drawn behind the map, where its picture is transparent (a basemap with no water layer). */
  water: string;
  scale: number;
  words: Omit<ImageWords, 'linkNote'>;
  /** PNG text chunks, key and value (see png-text.ts). */
  metadata: readonly [string, string][];
}

const INK = '#1b1f23';
const MUTED = '#59636e';
const LINK_FONT = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace';
/** How long the page's fonts may take to load before the image is drawn with what is there. */
const FONT_WAIT_MS = 3000;

/**
 * Draws the image of the view on a canvas (header, map, legend, footer with
 * the permalink and its QR code, laid out by layout.ts) in the page's fonts and
 * direction, and returns it as a PNG carrying `metadata` as text chunks.
 */
export async function composeViewImage(input: ViewImageInput): Promise<Blob> {
  const language = translator().language;
  const rtl = language.dir === 'rtl';
  const qr = qrMatrix(input.words.link);
  const words: ImageWords = { ...input.words, linkNote: qr ? null : t('image.linkTooLong') };
  const family = getComputedStyle(document.body).fontFamily;
  const font = (role: FontRole) =>
    `${role === 'title' || role === 'legendTitle' ? 600 : 400} ${FONT_SIZES[role]}px ${role === 'link' ? LINK_FONT : family}`;
  await fontsFor(words, font);

  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.direction = rtl ? 'rtl' : 'ltr';
  const measure = (text: string, role: FontRole) => {
    context.font = font(role);
    return context.measureText(text).width;
  };
  // Nastaliq climbs and falls far from its line; Naskh a little; Latin least.
  const lineHeight = language.tag === 'ur' ? 2.1 : rtl ? 1.7 : 1.35;
  const layout = layoutViewImage({ words, map: input.mapSize, qr, scale: input.scale, rtl, measure, lineHeight });
  canvas.width = Math.round(layout.width * input.scale);
  canvas.height = Math.round(layout.height * input.scale);
  context.scale(input.scale, input.scale);
  draw(context, layout, input, font);

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not make a PNG');
  const bytes = withPngText(new Uint8Array(await blob.arrayBuffer()), input.metadata);
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' });
}

function draw(
  context: CanvasRenderingContext2D,
  layout: ImageLayout,
  input: ViewImageInput,
  font: (role: FontRole) => string,
): void {
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, layout.width, layout.height);
  const { map } = layout;
  context.fillStyle = input.water;
  context.fillRect(map.x, map.y, map.width, map.height);
  context.drawImage(input.map, map.x, map.y, map.width, map.height);
  context.fillStyle = '#d0d7de';
  context.fillRect(map.x, map.y - 1, map.width, 1);
  context.fillRect(map.x, map.y + map.height, map.width, 1);

  if (layout.legend) {
    const { box, swatches } = layout.legend;
    context.fillStyle = 'rgba(255, 255, 255, 0.92)';
    context.strokeStyle = 'rgba(0, 0, 0, 0.15)';
    context.lineWidth = 1;
    context.beginPath();
    context.roundRect(box.x + 0.5, box.y + 0.5, box.width, box.height, 6);
    context.fill();
    context.stroke();
    for (const swatch of swatches) {
      context.beginPath();
      context.arc(swatch.x, swatch.y, swatch.radius, 0, 2 * Math.PI);
      context.fillStyle = swatch.color;
      context.fill();
      context.strokeStyle = '#ffffff';
      context.stroke();
    }
  }

  context.textBaseline = 'middle';
  for (const line of layout.texts) {
    context.font = font(line.role);
    context.direction = line.dir;
    context.textAlign = line.align;
    context.fillStyle = line.muted ? MUTED : INK;
    context.fillText(line.text, line.x, line.y);
  }

  if (layout.qr) {
    const { box, rects } = layout.qr;
    context.fillStyle = '#ffffff';
    context.fillRect(box.x, box.y, box.width, box.height);
    context.fillStyle = '#000000';
    for (const rect of rects) context.fillRect(rect.x, rect.y, rect.width, rect.height);
  }
}

/** Waits (a while at most) for the faces the image's text needs: a face loads only once text asks for it. */
async function fontsFor(words: ImageWords, font: (role: FontRole) => string): Promise<void> {
  const sample = [words.title, words.readout, words.legendTitle, ...words.legend.map((row) => row.label), words.made]
    .join(' ')
    .slice(0, 2000);
  const loads = (['title', 'readout', 'legend', 'body'] as const).map((role) =>
    document.fonts.load(font(role), sample).catch(() => []),
  );
  await Promise.race([
    Promise.all([...loads, document.fonts.ready]),
    new Promise((resolve) => setTimeout(resolve, FONT_WAIT_MS)),
  ]);
}
