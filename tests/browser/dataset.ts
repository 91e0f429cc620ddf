import { readFileSync } from 'node:fs';

interface SeedFeature {
  id: string;
  geometry: { coordinates: [number, number] };
  properties: { title: string; date: string; order: number; place: string; location_precision: string };
}

/** The shipped dataset as a test reads it, without the app's code: its `order` is the narrative sequence. */
export const seed: SeedFeature[] = (
  JSON.parse(readFileSync(new URL('../../geojson/incidents.geojson', import.meta.url), 'utf8')) as {
    features: SeedFeature[];
  }
).features.sort((a, b) => a.properties.order - b.properties.order);

export const seedIds = seed.map((f) => f.id);
export const byId = (id: string) => {
  const feature = seed.find((f) => f.id === id);
  if (!feature) throw new Error(`no seed incident ${id}`);
  return feature;
};
/** The day an incident is revealed on: the start of its EDTF date (all seed dates start with a full day or month). */
export function startDay(date: string): string {
  const start = date.split('/')[0].replace(/[~?%]/g, '');
  return start.length === 7 ? `${start}-01` : start;
}

/**
 * The embedded dataset as it was before its reports were added (issue #30):
 * dates as vague as the article (a month, intervals of days, open ends) and
 * places known only to a province or district. Tests of how uncertain dates
 * and areas are shown open it by `?data=` (the embedded places come with it).
 */
export const ARTICLE_ONLY = '?data=../fixtures/article-only.geojson';
export const articleOnly: SeedFeature[] = (
  JSON.parse(readFileSync(new URL('../fixtures/article-only.geojson', import.meta.url), 'utf8')) as {
    features: SeedFeature[];
  }
).features.sort((a, b) => a.properties.order - b.properties.order);
export const articleOnlyIds = articleOnly.map((f) => f.id);
export const articleById = (id: string) => {
  const feature = articleOnly.find((f) => f.id === id);
  if (!feature) throw new Error(`no article-only incident ${id}`);
  return feature;
};
