import type { IControl } from 'maplibre-gl';
import { formatCount } from '../ui/dom';
import { categoryLabel } from './category-colors';

export interface LegendOptions {
  /** Category -> colour, in the order to list them. */
  colors: ReadonlyMap<string, string>;
  /** Category -> number of incidents in the dataset. */
  counts: ReadonlyMap<string, number>;
}

/**
 * A map legend: one swatch per incident category with its count, and what the
 * solid, hollow, haloed and ringed markers mean. Collapsible, so it stays out of
 * the way on a phone.
 */
export class LegendControl implements IControl {
  #container: HTMLElement | null = null;
  readonly #options: LegendOptions;
  #counts: ReadonlyMap<string, number>;
  readonly #labels = new Map<string, HTMLElement>();

  constructor(options: LegendOptions) {
    this.#options = options;
    this.#counts = options.counts;
  }

  /** Shows how many incidents of each category the filter keeps. */
  setCounts(counts: ReadonlyMap<string, number>): void {
    this.#counts = counts;
    for (const [category, label] of this.#labels) label.textContent = this.#label(category);
  }

  #label(category: string): string {
    return `${categoryLabel(category)} (${formatCount(this.#counts.get(category) ?? 0)})`;
  }

  onAdd(): HTMLElement {
    const details = document.createElement('details');
    details.className = 'maplibregl-ctrl maplibregl-ctrl-group legend';
    details.open = window.matchMedia('(min-width: 700px)').matches;
    const summary = document.createElement('summary');
    summary.textContent = 'Legend';
    details.append(summary);

    const list = document.createElement('ul');
    list.setAttribute('aria-label', 'Incident categories');
    for (const [category, color] of this.#options.colors) {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'legend-swatch';
      swatch.style.background = color;
      const label = document.createElement('span');
      label.textContent = this.#label(category);
      this.#labels.set(category, label);
      item.append(swatch, label);
      list.append(item);
    }
    const keys = document.createElement('ul');
    keys.className = 'legend-keys';
    for (const [cls, text] of [
      ['legend-solid', 'Town or exact location'],
      ['legend-hollow', 'Only the district, province or country is known'],
      ['legend-possible', 'Date uncertain: may or may not fall in the days shown'],
      ['legend-newest', 'Newest revealed incident'],
      ['legend-area', 'Area of a revealed incident'],
      ['legend-journey', 'Journey'],
    ]) {
      const item = document.createElement('li');
      const symbol = document.createElement('span');
      symbol.className = `legend-symbol ${cls}`;
      const label = document.createElement('span');
      label.textContent = text;
      item.append(symbol, label);
      keys.append(item);
    }
    details.append(list, keys);
    this.#container = details;
    return details;
  }

  /** Width the legend takes over the map, for fitting views around it. */
  width(): number {
    return this.#container?.offsetWidth ?? 0;
  }

  onRemove(): void {
    this.#container?.remove();
    this.#container = null;
  }
}
