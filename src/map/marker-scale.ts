/** A box in Web Mercator units (0..1, y down). */
export interface Extent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The box around interleaved Mercator x, y positions. */
export function extentOf(position: Float32Array): Extent {
  const extent = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let i = 0; i < position.length; i += 2) {
    const x = position[i];
    const y = position[i + 1];
    if (x < extent.minX) extent.minX = x;
    if (x > extent.maxX) extent.maxX = x;
    if (y < extent.minY) extent.minY = y;
    if (y > extent.maxY) extent.maxY = y;
  }
  return extent;
}

/** Marker diameter in CSS pixels at a zoom when markers do not crowd. */
export function baseMarkerSize(zoom: number): number {
  return Math.max(7, Math.min(16, 6 + zoom * 1.4));
}

export const MIN_MARKER_SIZE = 3;
export const MIN_FADE = 0.12;

/**
 * How big and how opaque to draw markers so that a crowd stays readable: the
 * number of revealed markers expected in view (spread evenly over the data's
 * extent) times a marker's area, over the area they share, is how many times over
 * the screen is covered. Beyond once, markers shrink (down to 3 px) and then fade,
 * so a dense place shows as a deeper shade instead of one solid blot.
 */
export function markerScale(input: { zoom: number; revealed: number; extent: Extent; view: Extent }): {
  size: number;
  fade: number;
} {
  const base = baseMarkerSize(input.zoom);
  const worldSize = 512 * 2 ** input.zoom;
  // Everything in pixels, each box grown by a marker so a single point has an area.
  const px = (e: Extent) => ({
    minX: e.minX * worldSize - base,
    maxX: e.maxX * worldSize + base,
    minY: e.minY * worldSize - base,
    maxY: e.maxY * worldSize + base,
  });
  const data = px(input.extent);
  const view = px(input.view);
  const width = Math.min(data.maxX, view.maxX) - Math.max(data.minX, view.minX);
  const height = Math.min(data.maxY, view.maxY) - Math.max(data.minY, view.minY);
  if (!(width > 0 && height > 0) || input.revealed <= 0) return { size: base, fade: 1 };
  const shared = width * height;
  const inView = (input.revealed * shared) / ((data.maxX - data.minX) * (data.maxY - data.minY));
  const coverage = (inView * base * base) / shared;
  if (coverage <= 1) return { size: base, fade: 1 };
  const size = Math.max(MIN_MARKER_SIZE, base * coverage ** -0.25);
  const covered = (inView * size * size) / shared;
  return { size, fade: Math.max(MIN_FADE, Math.min(1, 1 / Math.sqrt(covered))) };
}
