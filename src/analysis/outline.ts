// What the page knows of a dataset it does not hold whole (a bundle, docs/scale-out.md): the extent
// of its timeline, its histogram, its totals and its facets' counts, all from the manifest, while the
// incidents it holds are those of the days shown. Pure.

import { bundleDays } from '../data/bundle/fetch-choice';
import type { BundleManifest } from '../data/bundle/manifest';
import type { BundleNames } from '../data/bundle/pack-rows';
import { dayFromNumber } from '../data/dates/incident-date';
import type { IncidentFilter } from './filters';
import { binEdges, chooseBinUnit, type Histogram } from './histogram';

/** A dataset known in outline: what the page shows of it whatever incidents it holds (see Explorer.setDataset). */
export interface DatasetOutline {
  /** The timeline's ends: the day before the first incident, and the last day one may have happened on. */
  firstDay: string;
  lastDay: string;
  /** Incidents in all. */
  total: number;
  /** [west, south, east, north] of every incident: the map's first view. */
  bounds: [number, number, number, number];
  /** Incidents of each category and country in all, by the held incidents' indexes (see PackedIncidents). */
  categoryCounts: Uint32Array;
  countryCounts: Uint32Array;
  /** Bars over days `range.first`..`range.last`, counting incidents of the `categories` chosen (none: all) by colour group. */
  histogram(range: { first: number; last: number }, maxBins: number, categories: readonly string[]): Histogram;
  /** How many incidents in all the filter keeps, when the outline can tell (categories or countries alone); else null. */
  matching(filter: IncidentFilter): number | null;
  /** Why nothing is held for the days shown, when that is so (the list shows it); null otherwise. */
  note: string | null;
  /** Called once when another dataset replaces this one. */
  release?: () => void;
}

/** The outline of a bundle, from its manifest; `names` as its rows are packed with (bundleNames). */
export function bundleOutline(manifest: BundleManifest, names: BundleNames): DatasetOutline {
  const whole = bundleDays(manifest);
  const { days } = manifest;
  const categoryIndex = new Map(names.categories.map((name, i) => [name, i]));
  // Each of the manifest's per-day count arrays (its most frequent categories, then the others) and its colour group.
  const series = days.categories.map((name, k) => {
    const c = categoryIndex.get(name);
    return {
      names: [name],
      counts: days.byCategory[k],
      group: c === undefined ? names.palette.length - 1 : names.groupOf[c],
    };
  });
  if (days.otherCategories) {
    const listed = new Set(days.categories);
    series.push({
      names: names.categories.filter((name) => !listed.has(name)),
      counts: days.otherCategories,
      group: names.palette.length - 1,
    });
  }
  const total = manifest.rows;
  const sum = (counts: readonly { name: string; count: number }[], chosen: readonly string[]) => {
    const wanted = new Set(chosen);
    return counts.reduce((n, c) => (wanted.has(c.name) ? n + c.count : n), 0);
  };
  return {
    firstDay: dayFromNumber(whole.from - 1),
    lastDay: dayFromNumber(whole.to),
    total,
    bounds: manifest.bounds,
    categoryCounts: names.categoryCounts,
    countryCounts: names.countryCounts,
    note: null,
    histogram(range, maxBins, categories) {
      const unit = chooseBinUnit(range.last - range.first + 1, maxBins);
      const edges = binEdges(range.first, range.last, unit);
      const bins = edges.length - 1;
      const groups = names.palette.length;
      const counts = new Uint32Array(bins * groups);
      const chosen = new Set(categories);
      // A category among the folded others cannot be told apart from them: all the others are counted.
      const kept = series.filter((s) => chosen.size === 0 || s.names.some((name) => chosen.has(name)));
      const first = Math.max(range.first, edges[0], days.first);
      const last = Math.min(range.last, edges[bins] - 1, days.first + days.counts.length - 1);
      let b = 0;
      for (let day = first; day <= last; day++) {
        while (edges[b + 1] <= day) b++;
        for (const s of kept) counts[b * groups + s.group] += s.counts[day - days.first];
      }
      let max = 0;
      for (let bin = 0; bin < bins; bin++) {
        let n = 0;
        for (let g = 0; g < groups; g++) n += counts[bin * groups + g];
        max = Math.max(max, n);
      }
      return { unit, edges, counts, categories: groups, max };
    },
    matching(filter) {
      const [categories, countries] = [filter.categories.length, filter.countries.length];
      // Claims are not in a bundle: the rows fetched say (none of them is contested).
      if (filter.actors.length > 0 || filter.q.trim() !== '' || filter.from || filter.to || filter.contested)
        return null;
      if (categories > 0 && countries > 0) return null;
      if (categories > 0) return sum(manifest.categories, filter.categories);
      if (countries > 0) return sum(manifest.countries, filter.countries);
      return total;
    },
  };
}
