import { readFileSync } from 'node:fs';

interface SeedFeature {
  id: string;
  geometry: { coordinates: [number, number] };
  properties: { title: string; date: string; order: number; place: string; location_precision: string };
}

/** The features of a GeoJSON file in their narrative order (`order`), as a test reads them, without the app's code. */
function featuresIn(path: string): SeedFeature[] {
  const { features } = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { features: SeedFeature[] };
  return features.sort((a, b) => a.properties.order - b.properties.order);
}

/** The feature of `features` with this id. */
function finder(features: SeedFeature[], what: string) {
  return (id: string) => {
    const feature = features.find((f) => f.id === id);
    if (!feature) throw new Error(`no ${what} incident ${id}`);
    return feature;
  };
}

/** The shipped dataset. */
export const seed = featuresIn('../../geojson/incidents.geojson');
export const seedIds = seed.map((f) => f.id);
export const byId = finder(seed, 'seed');
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
export const articleOnly = featuresIn('../fixtures/article-only.geojson');
export const articleOnlyIds = articleOnly.map((f) => f.id);
export const articleById = finder(articleOnly, 'article-only');

/** The seed's story as its file writes it (docs/story.md), read without the app's code. */
export function seedStory(): { steps: { title: string; incident?: string; date?: string }[] } {
  const file = JSON.parse(readFileSync(new URL('../../geojson/incidents.geojson', import.meta.url), 'utf8'));
  return file.story;
}
