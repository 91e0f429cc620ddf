import type { Position } from 'geojson';
import KDBush from 'kdbush';
import { fanOffsets } from './marker-layout';

/** What the GPU layer draws, one entry per incident in reveal order. */
export interface PointBuffers {
  count: number;
  /** Web Mercator x, y in 0..1, interleaved. */
  position: Float32Array;
  /** Place in reveal order: drawn while rank < the number revealed. */
  rank: Float32Array;
  /** RGBA 0..255. */
  color: Uint8Array;
  /** 1 where only the district, province or country is known (drawn hollow). */
  vague: Uint8Array;
  /** Screen offset in CSS pixels, interleaved, fanning out markers that share a point. */
  offset: Float32Array;
  /** Spatial index over `position`, for picking. */
  index: KDBush;
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

function parseHexColor(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/**
 * Typed arrays for the incidents in reveal order. Built once per dataset, so a
 * timeline step only changes one number (how many are revealed), whatever the size.
 */
export function buildPointBuffers(points: readonly PointInput[]): PointBuffers {
  const count = points.length;
  const position = new Float32Array(count * 2);
  const rank = new Float32Array(count);
  const color = new Uint8Array(count * 4);
  const vague = new Uint8Array(count);
  const offset = new Float32Array(count * 2);
  const index = new KDBush(Math.max(count, 1));
  const colorCache = new Map<string, [number, number, number]>();
  const fans = fanOffsets(points.map((p) => p.coordinates));
  let maxOffset = 0;
  for (let i = 0; i < count; i++) {
    const { coordinates } = points[i];
    const x = mercatorX(coordinates[0]);
    const y = mercatorY(coordinates[1]);
    position[2 * i] = x;
    position[2 * i + 1] = y;
    index.add(x, y);
    rank[i] = i;
    let rgb = colorCache.get(points[i].color);
    if (!rgb) {
      rgb = parseHexColor(points[i].color);
      colorCache.set(points[i].color, rgb);
    }
    color.set([rgb[0], rgb[1], rgb[2], 255], 4 * i);
    vague[i] = points[i].vague ? 1 : 0;
    offset[2 * i] = fans[i][0];
    offset[2 * i + 1] = fans[i][1];
    maxOffset = Math.max(maxOffset, Math.hypot(fans[i][0], fans[i][1]));
  }
  if (count === 0) index.add(0, 0);
  index.finish();
  return { count, position, rank, color, vague, offset, index, maxOffset };
}

/**
 * The revealed incident drawn nearest a screen point, within `radius` pixels, or -1.
 * `project` maps Mercator x, y (0..1) to screen pixels; `worldSize` is pixels per
 * Mercator unit at the current zoom. Picks among index candidates only, so it stays
 * fast at a million incidents.
 */
export function pickPoint(
  buffers: PointBuffers,
  revealed: number,
  screen: { x: number; y: number },
  project: (x: number, y: number) => { x: number; y: number },
  center: { x: number; y: number },
  worldSize: number,
  radius = 9,
): number {
  if (buffers.count === 0 || revealed === 0) return -1;
  const reach = (radius + buffers.maxOffset) / worldSize;
  const candidates = buffers.index.range(center.x - reach, center.y - reach, center.x + reach, center.y + reach);
  let best = -1;
  let bestDistance = radius;
  for (const i of candidates) {
    if (buffers.rank[i] >= revealed) continue;
    const p = project(buffers.position[2 * i], buffers.position[2 * i + 1]);
    const d = Math.hypot(p.x + buffers.offset[2 * i] - screen.x, p.y + buffers.offset[2 * i + 1] - screen.y);
    // Later incidents are drawn on top, so on a tie the later one is the one seen.
    if (d < bestDistance || (d === bestDistance && i > best)) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}
