// Share > Save image (PNG): the view saved as a picture a newsroom can publish (docs/sharing.md, "Image").
// The file is read back in Node: decoded, its size, its text chunks, the colours where the sea and
// the markers are, and the QR code module by module against the permalink's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { encode } from 'uqr';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, mapIdle, pixelsAtScreen } from './app';
import { type DecodedPng, decodePng, pixel } from './png';

const openApp = appsForThisFile();
const OUT = new URL('../../test-results/view-image/', import.meta.url);
const seed = JSON.parse(readFileSync(new URL('../../geojson/incidents.geojson', import.meta.url), 'utf8'));

const AIRSTRIKE = '2024-12-24-paktika-airstrikes';
/** A diplomatic meeting in Kabul: a solid marker, neither selected nor the newest. */
const MEETING = '2024-12-23-delegation-arrives-in-kabul';
/** The Arabian Sea, off Pakistan's coast: open water in the view below. */
const SEA: [number, number] = [63.5, 22.5];
/** BASEMAP_WATER. */
const WATER = [0xc6, 0xd9, 0xe6];
const VIEW = `#map=4.6/28.5/67&date=2024-12-24&incident=${AIRSTRIKE}`;
const SCALE = 2;

const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Saves the image as a reader does, through the Share menu, and reads the download back. */
async function saveImage(page: Page, name: string) {
  await page.locator('.share-button').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-share="image"]').click()]);
  expect(await download.failure()).toBeNull();
  const bytes = readFileSync(await download.path());
  mkdirSync(OUT, { recursive: true });
  writeFileSync(new URL(`${name}.png`, OUT), bytes);
  return { filename: download.suggestedFilename(), png: decodePng(bytes) };
}

/** Where the map's picture starts in the image: under the grey rule that tops it (the header is white at its edge). */
function mapTop(png: DecodedPng): number {
  for (let y = 0; y < png.height; y++) if (distance(pixel(png, 2, y), [255, 255, 255]) > 20) return y + SCALE;
  throw new Error('no map in the image');
}

/** What the page shows of the map: its size, the sea's and two markers' places (CSS pixels), the legend's colours. */
function onScreen(page: Page) {
  return page.evaluate(
    ({ sea, airstrike, meeting }) => {
      const map = window.explorer.map;
      const swatches = [...document.querySelectorAll('.legend li:has(.legend-swatch)')].map((li) => ({
        text: li.textContent ?? '',
        color: getComputedStyle(li.querySelector('.legend-swatch') as Element).backgroundColor,
      }));
      return {
        width: map.getContainer().clientWidth,
        height: map.getContainer().clientHeight,
        sea: map.project(sea),
        airstrike: window.explorer.markerPosition(airstrike),
        meeting: window.explorer.markerPosition(meeting),
        swatches,
        href: location.href,
      };
    },
    { sea: SEA, airstrike: AIRSTRIKE, meeting: MEETING },
  );
}

/**
 * The QR code as drawn in the footer's `side` half, below `from`: the first pure black pixel is the
 * top-left finder's corner, and that finder is seven modules wide. Null when there is none.
 */
function findQr(png: DecodedPng, from: number, side: 'left' | 'right') {
  const [x0, x1] = side === 'right' ? [png.width / 2, png.width] : [0, png.width / 2];
  for (let y = from; y < png.height; y++) {
    for (let x = x0; x < x1; x++) {
      if (pixel(png, x, y)[0] !== 0) continue;
      let run = 0;
      while (pixel(png, x + run, y)[0] === 0) run++;
      return { x, y, module: run / 7 };
    }
  }
  return null;
}

/** Whether the QR code drawn is the link's own, module by module, each two device pixels or more. */
function qrMatches(png: DecodedPng, from: number, text: string, side: 'left' | 'right'): boolean {
  const expected = encode(text, { ecc: 'M', border: 0, maxVersion: 25 });
  const qr = findQr(png, from, side);
  if (!qr || !Number.isInteger(qr.module) || qr.module < 2) return false;
  const { x, y, module } = qr;
  return expected.data.every((row, r) =>
    row.every((dark, c) => pixel(png, x + (c + 0.5) * module, y + (r + 0.5) * module)[0] < 128 === dark),
  );
}

describe('the view as an image', () => {
  test('Share > Save image saves a PNG at twice the map, with the sea, the markers, the link and its QR code', async () => {
    const { page } = await openApp(VIEW);
    await mapIdle(page);
    const screen = await onScreen(page);
    const { filename, png } = await saveImage(page, 'en');
    expect(filename).toBe('pakistan-afghanistan-sept-dec-2024-2024-12-24.png');
    // The composed layout is the map's width, twice over; the header and footer add to its height.
    expect(png.width).toBe(screen.width * SCALE);
    expect(png.height).toBeGreaterThan(screen.height * SCALE + 200);
    expect(png.text.get('Source')).toBe(screen.href);
    expect(png.text.get('Copyright')).toBe(seed.attribution);
    expect(png.text.get('Software')).toBe('Incident Atlas');
    const made = Date.parse(png.text.get('Creation Time') ?? '');
    expect(Math.abs(Date.now() - made)).toBeLessThan(10 * 60_000);

    const top = mapTop(png);
    const at = (p: { x: number; y: number }) => pixel(png, p.x * SCALE, top + p.y * SCALE);
    // The map leaves the sea transparent (the page's background shows through): the image paints it water.
    expect(screen.sea.x > 0 && screen.sea.y > 0 && screen.sea.y < screen.height).toBe(true);
    expect(distance(at(screen.sea), WATER)).toBeLessThan(12);
    // The selected airstrike in airstrike orange, the meeting in the legend's colour for diplomacy.
    expect(screen.airstrike && screen.meeting).toBeTruthy();
    expect(distance(at(screen.airstrike ?? { x: 0, y: 0 }), [0xdd, 0x6b, 0x20])).toBeLessThan(60);
    const swatch = screen.swatches.find((s) => s.text.startsWith('Diplomacy'));
    const diplomacy = (swatch?.color.match(/\d+/g) ?? []).map(Number);
    const meeting = screen.meeting ?? { x: 0, y: 0 };
    // Markers are drawn a little translucent over the land: near the swatch, and as the page draws them.
    expect(distance(at(meeting), diplomacy)).toBeLessThan(60);
    const [live] = await pixelsAtScreen(page, [meeting]);
    expect(distance(at(meeting), live)).toBeLessThan(12);
    // The legend's panel over the map's top left.
    expect(distance(at({ x: 14, y: 14 }), [255, 255, 255])).toBeLessThan(12);
    expect(qrMatches(png, top + screen.height * SCALE, screen.href, 'right')).toBe(true);

    // The same through the API, for hosts and scripts.
    const api = await page.evaluate(async () => {
      const blob = await window.explorer.exportImage();
      return { type: blob.type, bytes: [...new Uint8Array(await blob.arrayBuffer())] };
    });
    expect(api.type).toBe('image/png');
    expect(decodePng(Uint8Array.from(api.bytes)).text.get('Source')).toBe(screen.href);
    // Two at once are taken one after the other, and the map is left drawing at the screen's ratio.
    const after = await page.evaluate(async () => {
      await Promise.all([window.explorer.exportImage(), window.explorer.exportImage()]);
      const canvas = window.explorer.map.getCanvas();
      return { ratio: canvas.width / canvas.clientWidth, screen: devicePixelRatio };
    });
    expect(after.ratio).toBe(after.screen);
  });

  test('in Urdu the image reads right to left: legend on the right, the QR code on the left', async () => {
    const { page } = await openApp(`?lang=ur${VIEW}`);
    await mapIdle(page);
    const screen = await onScreen(page);
    const { filename, png } = await saveImage(page, 'ur');
    expect(filename).toBe('pakistan-afghanistan-sept-dec-2024-2024-12-24.png');
    expect(png.width).toBe(screen.width * SCALE);
    expect(png.text.get('Source')).toBe(screen.href);
    expect(png.text.get('Copyright')).toBe(seed.attribution);
    const top = mapTop(png);
    const at = (p: { x: number; y: number }) => pixel(png, p.x * SCALE, top + p.y * SCALE);
    expect(distance(at({ x: screen.width - 14, y: 14 }), [255, 255, 255])).toBeLessThan(12);
    expect(distance(at({ x: 14, y: 14 }), [255, 255, 255])).toBeGreaterThan(30);
    expect(distance(at(screen.sea), WATER)).toBeLessThan(12);
    expect(qrMatches(png, top + screen.height * SCALE, screen.href, 'left')).toBe(true);
  });

  test('a link too long for a QR code is printed without one', async () => {
    const { page } = await openApp(VIEW);
    // A search of 500 Arabic letters: six bytes each in the link, past what a QR code holds.
    await page.evaluate(() => window.explorer.setFilter({ q: 'ا'.repeat(500) }));
    await expect.poll(() => page.evaluate(() => location.href.length)).toBeGreaterThan(3000);
    await mapIdle(page);
    const { png } = await saveImage(page, 'long-link');
    const href = await page.evaluate(() => location.href);
    expect(png.text.get('Source')).toBe(href);
    const top = mapTop(png);
    const height = await page.evaluate(() => window.explorer.map.getContainer().clientHeight);
    expect(findQr(png, top + height * SCALE, 'right')).toBeNull();
    expect(findQr(png, top + height * SCALE, 'left')).toBeNull();
  });
});
