/** Coordinates closer than this (degrees, about a metre) count as one point. */
const GRID = 1e5;

/**
 * Screen offsets (pixels, interleaved x, y) that fan out markers sharing one point
 * into a small ring, so each stays visible and clickable. Markers alone at their
 * point stay put. Takes columns, so a million points need no object each.
 */
export function fanOffsets(lon: ArrayLike<number>, lat: ArrayLike<number>, spacing = 13): Float32Array {
  const count = lon.length;
  const offsets = new Float32Array(count * 2);
  // The key packs both rounded coordinates in one number below 2^53.
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    keys[i] = (Math.round(lon[i] * GRID) + 2e7) * 2e7 + (Math.round(lat[i] * GRID) + 1e7);
  }
  // Keys that occur more than once, found in a sorted copy: most points are
  // alone, and a native sort of numbers is far cheaper than a map entry each.
  const sorted = keys.slice().sort();
  const shared = new Set<number>();
  for (let k = 1; k < count; k++) if (sorted[k] === sorted[k - 1]) shared.add(sorted[k]);
  const groups = new Map<number, number[]>();
  if (shared.size > 0) {
    for (let i = 0; i < count; i++) {
      const key = keys[i];
      if (!shared.has(key)) continue;
      const group = groups.get(key);
      if (group) group.push(i);
      else groups.set(key, [i]);
    }
  }
  for (const members of groups.values()) {
    const n = members.length;
    // A crowd at one point (e.g. a district centroid) stays stacked on it: fanned
    // out it would spread far from where the events were.
    if (n > 12) continue;
    // Radius so neighbours on the ring sit `spacing` pixels apart.
    const radius = Math.max(spacing, spacing / (2 * Math.sin(Math.PI / n)));
    members.forEach((index, k) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * k) / n;
      offsets[2 * index] = Math.round(radius * Math.cos(angle) * 10) / 10;
      offsets[2 * index + 1] = Math.round(radius * Math.sin(angle) * 10) / 10;
    });
  }
  return offsets;
}
