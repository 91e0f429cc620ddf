import type { Position } from 'geojson';

/**
 * Screen offsets (pixels) that fan out markers sharing one point into a small ring,
 * so each stays visible and clickable. Markers alone at their point stay put.
 */
export function fanOffsets(points: readonly Position[], spacing = 13): [number, number][] {
  const groups = new Map<string, number[]>();
  points.forEach((p, i) => {
    const key = `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const offsets: [number, number][] = points.map(() => [0, 0]);
  for (const members of groups.values()) {
    const n = members.length;
    if (n === 1) continue;
    // A crowd at one point (e.g. a district centroid) stays stacked on it: fanned
    // out it would spread far from where the events were.
    if (n > 12) continue;
    // Radius so neighbours on the ring sit `spacing` pixels apart.
    const radius = Math.max(spacing, spacing / (2 * Math.sin(Math.PI / n)));
    members.forEach((index, k) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * k) / n;
      offsets[index] = [Math.round(radius * Math.cos(angle) * 10) / 10, Math.round(radius * Math.sin(angle) * 10) / 10];
    });
  }
  return offsets;
}
