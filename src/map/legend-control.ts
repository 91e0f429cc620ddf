import type { IControl } from 'maplibre-gl';
import { OTHER_COLOR } from '../data/pack/category-colors';
import { cut, SHOWN_CHARS } from '../data/text/quote';
import { categoryWord } from '../i18n/data-words';
import { formatCount, t, translator } from '../i18n/page-language';
import { worded } from '../i18n/worded';

export interface LegendOptions {
  /** Every category of the dataset. */
  categories: readonly string[];
  /** Category -> colour for those listed, in the order to list them; the rest are "Other". */
  colors: ReadonlyMap<string, string>;
  /** Incidents of each category (by index into `categories`) in the dataset. */
  counts: ArrayLike<number>;
}

/**
 * A map legend: one swatch per incident category with its count (past the most
 * frequent, one "Other" swatch for the rest), and what the solid, hollow, haloed
 * and ringed markers mean. Collapsible, so it stays out of the way on a phone.
 */
export class LegendControl implements IControl {
  #container: HTMLElement | null = null;
  readonly #options: LegendOptions;
  #counts: ArrayLike<number>;
  /** Each listed category's index and label. */
  readonly #labels: [number, HTMLElement][] = [];
  #otherLabel: HTMLElement | null = null;

  constructor(options: LegendOptions) {
    this.#options = options;
    this.#counts = options.counts;
  }

  /** Shows how many incidents of each category (by index) the filter keeps. */
  setCounts(counts: ArrayLike<number>): void {
    this.#counts = counts;
    this.#writeCounts();
  }

  #writeCounts(): void {
    const { categories } = this.#options;
    let other = 0;
    for (let c = 0; c < categories.length; c++) other += this.#counts[c] ?? 0;
    for (const [c, label] of this.#labels) {
      const n = this.#counts[c] ?? 0;
      other -= n;
      const word = categoryWord(categories[c]);
      // A category the catalogue does not know is the data's English, marked so (see ui/data-text.ts).
      const name = document.createElement('span');
      name.textContent = cut(word.text, SHOWN_CHARS.name);
      if (!word.ours && translator().language.tag !== 'en') {
        name.lang = 'en';
        name.dir = 'ltr';
      }
      label.replaceChildren(...worded('legend.category', { label: name, count: formatCount(n) }));
    }
    const folded = categories.length - this.#labels.length;
    if (this.#otherLabel) {
      this.#otherLabel.textContent = t('legend.other', { folded, count: formatCount(other) });
    }
  }

  /** The rows the legend shows, as text: each listed category's colour, name and count, then "Other". */
  rows(): { color: string; label: string; english: boolean }[] {
    const { categories, colors } = this.#options;
    const rows = this.#labels.map(([c]) => {
      const word = categoryWord(categories[c]);
      const label = t('legend.category', {
        label: cut(word.text, SHOWN_CHARS.name),
        count: formatCount(this.#counts[c] ?? 0),
      });
      return {
        color: colors.get(categories[c]) ?? OTHER_COLOR,
        label,
        english: !word.ours && translator().language.tag !== 'en',
      };
    });
    if (this.#otherLabel) rows.push({ color: OTHER_COLOR, label: this.#otherLabel.textContent ?? '', english: false });
    return rows;
  }

  onAdd(): HTMLElement {
    const details = document.createElement('details');
    details.className = 'maplibregl-ctrl maplibregl-ctrl-group legend';
    details.open = window.matchMedia('(min-width: 700px)').matches;
    const summary = document.createElement('summary');
    summary.textContent = t('legend.title');
    details.append(summary);

    const list = document.createElement('ul');
    list.setAttribute('aria-label', t('legend.categories'));
    const { categories, colors } = this.#options;
    const row = (color: string) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'legend-swatch';
      swatch.style.background = color;
      const label = document.createElement('span');
      item.append(swatch, label);
      list.append(item);
      return label;
    };
    this.#labels.length = 0;
    categories.forEach((category, c) => {
      const color = colors.get(category);
      if (color !== undefined) this.#labels.push([c, row(color)]);
    });
    this.#otherLabel = this.#labels.length < categories.length ? row(OTHER_COLOR) : null;
    this.#writeCounts();
    const keys = document.createElement('ul');
    keys.className = 'legend-keys';
    for (const [cls, key] of [
      ['legend-solid', 'legend.solid'],
      ['legend-hollow', 'legend.hollow'],
      ['legend-possible', 'legend.possible'],
      ['legend-newest', 'legend.newest'],
      ['legend-area', 'legend.area'],
      ['legend-journey', 'legend.journey'],
    ]) {
      const item = document.createElement('li');
      const symbol = document.createElement('span');
      symbol.className = `legend-symbol ${cls}`;
      const label = document.createElement('span');
      label.textContent = t(key);
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
