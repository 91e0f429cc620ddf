// Draws the app's icon (a map pin standing on a timeline, in the page's colours) as public/icon.svg and renders
// the PNGs the web app manifest names, in the same headless Chromium the browser tests use, so the icons are
// made from this file and not from an image editor. Usage: npx tsx scripts/icons.ts
import { writeFileSync } from 'node:fs';
import { launchChromium } from '../tests/browser/chromium';

const PAPER = '#fbfaf7';
const INK = '#1d1b18';
const ACCENT = '#1f5fa8';
const WATER = '#c6d9e6';

/**
 * The mark on a 512 square. `maskable`: a full-bleed background and the mark shrunk into the central circle
 * (radius 40% of the side) that every launcher's mask keeps.
 */
function iconSvg(maskable: boolean): string {
  const background = maskable
    ? `<rect width="512" height="512" fill="${WATER}"/>`
    : `<rect x="16" y="16" width="480" height="480" rx="96" fill="${WATER}"/>`;
  const mark = [
    // The timeline, with two other incidents on it.
    `<line x1="96" y1="384" x2="416" y2="384" stroke="${INK}" stroke-width="20" stroke-linecap="round"/>`,
    `<circle cx="152" cy="384" r="22" fill="${PAPER}" stroke="${INK}" stroke-width="12"/>`,
    `<circle cx="360" cy="384" r="22" fill="${PAPER}" stroke="${INK}" stroke-width="12"/>`,
    // The pin, its point on the line: a circle of radius 96 and its two tangents from the point.
    `<path d="M256 372 L181.6 268.6 A96 96 0 1 1 330.4 268.6 Z" fill="${ACCENT}" stroke="${PAPER}" stroke-width="10" stroke-linejoin="round"/>`,
    `<circle cx="256" cy="208" r="38" fill="${PAPER}"/>`,
  ].join('');
  const placed = maskable ? `<g transform="translate(256 250) scale(0.78) translate(-256 -250)">${mark}</g>` : mark;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><title>Incident Atlas</title>${background}${placed}</svg>\n`;
}

async function main(): Promise<void> {
  const out = new URL('../public/', import.meta.url);
  writeFileSync(new URL('icon.svg', out), iconSvg(false));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const renders: [string, number, boolean][] = [
      ['icon-192.png', 192, false],
      ['icon-512.png', 512, false],
      ['icon-maskable-512.png', 512, true],
      ['apple-touch-icon.png', 180, true],
    ];
    for (const [name, size, maskable] of renders) {
      await page.setViewportSize({ width: size, height: size });
      const svg = iconSvg(maskable).replace('<svg ', `<svg width="${size}" height="${size}" `);
      await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
      await page.screenshot({ path: new URL(name, out).pathname, omitBackground: true });
    }
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
