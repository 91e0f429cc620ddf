import type { Position } from 'geojson';
import KDBush from 'kdbush';
import { OTHER_COLOR } from './category-colors';
import { fanOffsets } from './marker-layout';

/** What the GPU layer draws, one entry per incident in reveal order. */
export interface PointBuffers {
  count: number;
  /** Web Mercator x, y in 0..1, interleaved. */
  position: Float32Array;
  /** Each marker's colour, an index into `palette` (see MAX_PALETTE). */
  group: Uint8Array;
  /** The colours markers are drawn in, as #rrggbb. */
  palette: readonly string[];
  /** 1 where only the district, province or country is known (drawn hollow). */
  vague: Uint8Array;
  /**
   * Screen offset in tenths of a CSS pixel, interleaved, fanning out markers
   * that share a point (as the GPU takes them); empty when no marker is fanned
   * out, as in most large files. Read through fanOffset.
   */
  offset: Int16Array;
  /** Spatial index over `position` in `grid`'s 16-bit cells, for picking. */
  index: KDBush;
  grid: IndexGrid;
  /** Largest fan offset, in pixels: how far from its point a marker may be drawn. */
  maxOffset: number;
}

export interface PointInput {
  coordinates: Position;
  color: string;
  vague: boolean;
}

export function mercatorX(lon: number): number {
  return (lon + 180) / 360;
}
export function mercatorY(lat: number): number {
  const clamped = Math.max(-85.051129, Math.min(85.051129, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
}

export function parseHexColor(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/**
 * The most colours markers are drawn in: the GPU looks each marker's colour up
 * in a table of this many, where a colour per marker cost four bytes each.
 * Categories take at most 14 (see categoryColors).
 */
export const MAX_PALETTE = 32;

/**
 * A palette as the GPU takes it: red, green and blue in 0..1 for each of
 * MAX_PALETTE colours, those past the palette's end in OTHER_COLOR.
 */
export function paletteRgb(palette: readonly string[]): Float32Array {
  const rgb = new Float32Array(3 * MAX_PALETTE);
  for (let g = 0; g < MAX_PALETTE; g++) {
    const [r, gr, b] = parseHexColor(palette[g] ?? OTHER_COLOR);
    rgb.set([r / 255, gr / 255, b / 255], 3 * g);
  }
  return rgb;
}

/** Point buffers for a list of points (the seed, tests); colours past MAX_PALETTE take the last. */
export function buildPointBuffers(points: readonly PointInput[]): PointBuffers {
  const count = points.length;
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  const group = new Uint8Array(count);
  const vague = new Uint8Array(count);
  const palette: string[] = [];
  points.forEach((point, i) => {
    lon[i] = point.coordinates[0];
    lat[i] = point.coordinates[1];
    let g = palette.indexOf(point.color);
    if (g < 0 && palette.length < MAX_PALETTE) g = palette.push(point.color) - 1;
    group[i] = g < 0 ? MAX_PALETTE - 1 : g;
    vague[i] = point.vague ? 1 : 0;
  });
  return pointBuffersFrom({ lon, lat, group, palette, vague });
}

/**
 * Typed arrays for the incidents in reveal order. Built once per dataset, so a
 * timeline step only changes one number (how many are revealed), whatever the size.
 * The arrays given are kept, not copied.
 */
export function pointBuffersFrom(columns: {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  group: Uint8Array;
  palette: readonly string[];
  vague: Uint8Array;
}): PointBuffers {
  const { lon, lat, group, palette, vague } = columns;
  return { count: lon.length, ...pointPositions(lon, lat), group, palette, vague, ...pointFan(lon, lat) };
}

/**
 * The spatial index's coordinates. With `cells`, the points' box in Web
 * Mercator cut into 65,536 columns and rows, a cell's corner being
 * (minX + column / scaleX, minY + row / scaleY); else the positions themselves.
 */
export interface IndexGrid {
  cells: boolean;
  minX: number;
  minY: number;
  scaleX: number;
  scaleY: number;
}

const CELLS = 0xffff;
/**
 * The widest a cell may be, in Mercator units (about 40 m at the equator):
 * the box of a region's data (up to about 24 degrees across) is cut finely
 * enough, while the world's would make cells of half a kilometre, and a pick
 * in a dense city would then measure tens of thousands of candidates.
 */
const MAX_CELL = 1e-6;

/** Where each point is drawn (Web Mercator) and a spatial index over them: half of pointBuffersFrom. */
export function pointPositions(
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
): Pick<PointBuffers, 'position' | 'index' | 'grid'> {
  const count = lon.length;
  const position = new Float32Array(count * 2);
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    position[2 * i] = mercatorX(lon[i]);
    position[2 * i + 1] = mercatorY(lat[i]);
    // The box of the positions as kept (32-bit), which a cell is worked out from.
    const x = position[2 * i];
    const y = position[2 * i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (count === 0) minX = minY = maxX = maxY = 0;
  const cells = Math.max(maxX - minX, maxY - minY) / CELLS <= MAX_CELL;
  const grid = {
    cells,
    minX: cells ? minX : 0,
    minY: cells ? minY : 0,
    scaleX: !cells ? 1 : maxX > minX ? CELLS / (maxX - minX) : 0,
    scaleY: !cells ? 1 : maxY > minY ? CELLS / (maxY - minY) : 0,
  };
  // Leaves of 256 points (kdbush's default is 64): a fifth less time to build at a million,
  // and a pick still reads only a few leaves. Its coordinates are 16-bit cells of the points'
  // box where that is fine enough (a region's data), four bytes a point less than the
  // positions' 32-bit floats: a pick asks for the cells around it, then measures from the
  // positions themselves.
  const index = new KDBush(Math.max(count, 1), 256, cells ? Uint16Array : Float32Array);
  const cell = (value: number, min: number, scale: number) => Math.min(CELLS, Math.round((value - min) * scale));
  for (let i = 0; i < count; i++) {
    const x = position[2 * i];
    const y = position[2 * i + 1];
    if (cells) index.add(cell(x, minX, grid.scaleX), cell(y, minY, grid.scaleY));
    else index.add(x, y);
  }
  if (count === 0) index.add(0, 0);
  index.finish();
  return { position, index, grid };
}

/** How markers that share a point fan out (see fanOffsets), and how far: the other half of pointBuffersFrom. */
export function pointFan(lon: ArrayLike<number>, lat: ArrayLike<number>): Pick<PointBuffers, 'offset' | 'maxOffset'> {
  const offset = fanOffsets(lon, lat);
  let maxOffset = 0;
  for (let i = 0; i < lon.length; i++) {
    if (offset[2 * i] !== 0 || offset[2 * i + 1] !== 0) {
      maxOffset = Math.max(maxOffset, Math.hypot(offset[2 * i], offset[2 * i + 1]));
    }
  }
  return { offset: maxOffset > 0 ? offsetTenths(offset) : new Int16Array(0), maxOffset };
}

/** Marker `i`'s fan offset in CSS pixels, [x, y]. */
export function fanOffset(buffers: Pick<PointBuffers, 'offset'>, i: number): [number, number] {
  const { offset } = buffers;
  return offset.length === 0 ? [0, 0] : [offset[2 * i] / 10, offset[2 * i + 1] / 10];
}

/**
 * Fan offsets as the GPU takes them: whole tenths of a pixel in 16 bits, half the
 * bytes of floats (fanOffsets rounds to tenths; a ring is a few tens of pixels wide).
 */
export function offsetTenths(offset: Float32Array): Int16Array {
  const tenths = new Int16Array(offset.length);
  for (let i = 0; i < offset.length; i++) {
    if (offset[i] !== 0) tenths[i] = Math.max(-32768, Math.min(32767, Math.round(offset[i] * 10)));
  }
  return tenths;
}

/**
 * The revealed incident drawn nearest a point on the screen, within `radius` pixels, or -1;
 * `shown` leaves out revealed ones that are not drawn (filtered, outside the window).
 * `center` is that point in Mercator x, y (0..1) and `worldSize` is pixels per
 * Mercator unit at the current zoom: the map neither rotates nor tilts, so screen
 * position is linear in Mercator coordinates around the point. Picks among index
 * candidates only, and rejects most of them by arithmetic alone (no call, no object
 * each), so it stays fast at a million incidents, where a fan offset widens the
 * search to a few thousand candidates.
 */
export function pickPoint(
  buffers: PointBuffers,
  revealed: number,
  center: { x: number; y: number },
  worldSize: number,
  shown: (index: number) => boolean = () => true,
  radius = 9,
): number {
  if (buffers.count === 0 || revealed === 0) return -1;
  const { position, offset } = buffers;
  // Tenths of a pixel, or none at all.
  const fanned = offset.length > 0;
  const reach = (radius + buffers.maxOffset) / worldSize;
  const { cells, minX, minY, scaleX, scaleY } = buffers.grid;
  // The cells the box around the point touches, one more each way for the rounding of positions into cells.
  const candidates = cells
    ? buffers.index.range(
        Math.floor((center.x - reach - minX) * scaleX) - 1,
        Math.floor((center.y - reach - minY) * scaleY) - 1,
        Math.ceil((center.x + reach - minX) * scaleX) + 1,
        Math.ceil((center.y + reach - minY) * scaleY) + 1,
      )
    : buffers.index.range(center.x - reach, center.y - reach, center.x + reach, center.y + reach);
  let best = -1;
  let bestSquared = radius * radius;
  for (let k = 0; k < candidates.length; k++) {
    const i = candidates[k];
    const dx = (position[2 * i] - center.x) * worldSize + (fanned ? offset[2 * i] / 10 : 0);
    const dy = (position[2 * i + 1] - center.y) * worldSize + (fanned ? offset[2 * i + 1] / 10 : 0);
    const squared = dx * dx + dy * dy;
    // Later incidents are drawn on top, so on a tie the later one is the one seen.
    if (squared > bestSquared || (squared === bestSquared && i < best)) continue;
    if (i >= revealed || !shown(i)) continue;
    best = i;
    bestSquared = squared;
  }
  return best;
}
