// The hand-made manifest with two categories and two countries, for the outline and the packed rows.

import { type BundleManifest, parseManifest } from '../../../src/data/bundle/manifest';
import { manifestJson } from './fixture-manifest';

/** 70 rows over days 100-159: battle and protest, 35 each; Pakistan 50, Afghanistan 20. */
export function twoCategoryManifest(): BundleManifest {
  const json = manifestJson();
  const days = json.days as { counts: number[] };
  const battle = days.counts.map((_, i) => (i < 10 ? 1 : i % 2));
  const protest = days.counts.map((n, i) => n - battle[i]);
  return parseManifest({
    ...json,
    days: { ...days, categories: ['battle', 'protest'], byCategory: [battle, protest] },
    categories: [
      { name: 'battle', count: 35 },
      { name: 'protest', count: 35 },
    ],
    countries: [
      { name: 'Pakistan', count: 50 },
      { name: 'Afghanistan', count: 20 },
    ],
  });
}
