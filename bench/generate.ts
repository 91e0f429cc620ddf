/** Seeded synthetic incidents: the same rows in Node (for the app's CSV) and in the baseline page. */
export interface SyntheticIncident {
  id: string;
  day: number; // days since 2015-01-01
  lon: number;
  lat: number;
  category: number;
}

export const CATEGORIES = ['attack', 'airstrike', 'diplomacy', 'statement', 'security-operation'];
export const FIRST_DAY = Date.UTC(2015, 0, 1);
export const SPAN_DAYS = 3650;

/** mulberry32: a small seeded random number generator, the same on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` incidents over ten years in the Afghanistan–Pakistan region, sorted by day. */
export function generateIncidents(count: number, seed = 42): SyntheticIncident[] {
  const random = mulberry32(seed + count);
  const rows: SyntheticIncident[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      id: `syn-${i}`,
      day: Math.floor(random() * SPAN_DAYS),
      lon: 61 + random() * 14,
      lat: 29 + random() * 8,
      category: Math.floor(random() * CATEGORIES.length),
    });
  }
  return rows.sort((a, b) => a.day - b.day);
}

export function isoDay(day: number): string {
  return new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
}

export function toCsv(rows: readonly SyntheticIncident[]): string {
  const lines = ['id,date,latitude,longitude,title,category'];
  for (const r of rows) {
    lines.push(
      `${r.id},${isoDay(r.day)},${r.lat.toFixed(5)},${r.lon.toFixed(5)},Synthetic incident ${r.id},${CATEGORIES[r.category]}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
