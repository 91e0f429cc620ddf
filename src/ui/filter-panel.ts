import type { FilterResult, IncidentFilter } from '../analysis/filters';
import { categoryLabel } from '../map/category-colors';
import { el, formatCount } from './dom';

/** Actors listed as choices without typing; the rest are found through the text box. */
const ACTORS_LISTED = 12;
/** Milliseconds of quiet after typing before a search runs. */
const SEARCH_DELAY = 250;

export interface FilterPanelOptions {
  categories: readonly string[];
  colors: ReadonlyMap<string, string>;
  countries: readonly string[];
  actorNames: readonly string[];
  total: number;
  /** `typing`: the search text changed (successive edits replace one history entry). */
  onChange: (filter: IncidentFilter, cause: 'filter' | 'typing') => void;
}

/**
 * Narrows the incidents: free-text search, categories, countries and actors, each choice
 * with the number of incidents it would keep, and "N of M incidents" with a way
 * to clear everything. The map, list, timeline and counts follow what it sets.
 */
export class FilterPanel {
  readonly element: HTMLElement;
  readonly #options: FilterPanelOptions;
  readonly #search: HTMLInputElement;
  readonly #count: HTMLElement;
  readonly #clear: HTMLButtonElement;
  readonly #categories: CheckboxFacet;
  readonly #countries: CheckboxFacet;
  readonly #actorList: HTMLUListElement;
  readonly #actorInput: HTMLInputElement;
  readonly #actorsSummary: HTMLElement;
  #filter: IncidentFilter = { categories: [], countries: [], actors: [], q: '' };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #shownFilter: IncidentFilter | null = null;
  #shownResult: FilterResult | null = null;

  constructor(options: FilterPanelOptions) {
    this.#options = options;
    this.#search = el('input', {
      type: 'search',
      class: 'filter-search',
      placeholder: 'Search titles, summaries, actors, places',
      'aria-label': 'Search incidents',
      autocomplete: 'off',
    });
    this.#search.addEventListener('input', () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#change({ q: this.#search.value }, 'typing'), SEARCH_DELAY);
    });
    this.#search.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      clearTimeout(this.#timer);
      this.#change({ q: this.#search.value }, 'typing');
    });

    this.#count = el('span', { class: 'filter-count', 'aria-live': 'polite' });
    this.#clear = el('button', { type: 'button', class: 'filter-clear' }, 'Clear filters');
    this.#clear.addEventListener('click', () => {
      this.#search.value = '';
      this.#change({ categories: [], countries: [], actors: [], q: '' }, 'filter');
    });

    this.#categories = new CheckboxFacet('Categories', options.categories, categoryLabel, options.colors, (chosen) =>
      this.#change({ categories: chosen }, 'filter'),
    );
    this.#countries = new CheckboxFacet(
      'Countries',
      options.countries,
      (name) => name,
      null,
      (chosen) => this.#change({ countries: chosen }, 'filter'),
    );
    this.#countries.element.hidden = options.countries.length === 0;

    this.#actorList = el('ul', { class: 'facet-list', 'aria-label': 'Actors' });
    const datalist = el('datalist', { id: 'actor-names' });
    for (const name of options.actorNames) datalist.append(el('option', { value: name }));
    this.#actorInput = el('input', {
      type: 'text',
      list: 'actor-names',
      class: 'facet-find',
      placeholder: 'Find an actor…',
      'aria-label': 'Add an actor to the filter',
      autocomplete: 'off',
    });
    this.#actorInput.addEventListener('change', () => {
      const name = this.#actorInput.value.trim();
      const known = options.actorNames.find((a) => a.toLowerCase() === name.toLowerCase());
      if (!known) return;
      this.#actorInput.value = '';
      if (!this.#filter.actors.includes(known)) this.#change({ actors: [...this.#filter.actors, known] }, 'filter');
    });
    this.#actorsSummary = el('summary', {}, 'Actors');
    const actors = el('details', { class: 'facet' }, this.#actorsSummary, this.#actorInput, datalist, this.#actorList);
    actors.hidden = options.actorNames.length === 0;

    this.element = el(
      'section',
      { class: 'filters', 'aria-label': 'Filters' },
      this.#search,
      el('p', { class: 'filter-status' }, this.#count, this.#clear),
      this.#categories.element,
      this.#countries.element,
      actors,
    );
  }

  #change(part: Partial<IncidentFilter>, cause: 'filter' | 'typing'): void {
    const next = { ...this.#filter, ...part };
    if (
      next.q === this.#filter.q &&
      next.categories.join('\n') === this.#filter.categories.join('\n') &&
      next.countries.join('\n') === this.#filter.countries.join('\n') &&
      next.actors.join('\n') === this.#filter.actors.join('\n')
    ) {
      return;
    }
    this.#filter = next;
    this.#options.onChange(next, cause);
  }

  /** Shows a filter and what it keeps; nothing is redrawn while they stay the same (timeline steps). */
  update(filter: IncidentFilter, result: FilterResult): void {
    if (filter === this.#shownFilter && result === this.#shownResult) return;
    this.#shownFilter = filter;
    this.#shownResult = result;
    this.#filter = filter;
    if (document.activeElement !== this.#search) this.#search.value = filter.q;
    const { total } = this.#options;
    const filtering =
      result.count !== total ||
      filter.categories.length + filter.countries.length + filter.actors.length > 0 ||
      filter.q !== '';
    this.#count.textContent = filtering
      ? `${formatCount(result.count)} of ${formatCount(total)} incidents match`
      : `${formatCount(total)} incidents`;
    this.#clear.hidden = !filtering;
    this.#categories.update(filter.categories, result.categoryCounts);
    this.#countries.update(filter.countries, result.countryCounts);
    this.#renderActors(filter, result);
  }

  /** The chosen actors, then the ones most incidents name, each with its count. */
  #renderActors(filter: IncidentFilter, result: FilterResult): void {
    const names = this.#options.actorNames;
    const index = new Map(names.map((name, a) => [name, a]));
    const top = names
      .map((_, a) => a)
      .filter((a) => result.actorCounts[a] > 0 && !filter.actors.includes(names[a]))
      .sort((a, b) => result.actorCounts[b] - result.actorCounts[a] || names[a].localeCompare(names[b]))
      .slice(0, ACTORS_LISTED);
    const listed = [...filter.actors.map((name) => index.get(name) ?? -1).filter((a) => a >= 0), ...top];
    this.#actorsSummary.textContent =
      filter.actors.length > 0 ? `Actors (${formatCount(filter.actors.length)} chosen)` : 'Actors';
    this.#actorList.replaceChildren(
      ...listed.map((a) => {
        const box = el('input', { type: 'checkbox', value: names[a] });
        box.checked = filter.actors.includes(names[a]);
        box.addEventListener('change', () => {
          const chosen = box.checked
            ? [...this.#filter.actors, names[a]]
            : this.#filter.actors.filter((name) => name !== names[a]);
          this.#change({ actors: chosen }, 'filter');
        });
        return el(
          'li',
          {},
          el('label', {}, box, names[a], el('span', { class: 'facet-count' }, formatCount(result.actorCounts[a]))),
        );
      }),
    );
  }
}

/** A facet whose every value is a checkbox with the count it would keep (categories, countries). */
class CheckboxFacet {
  readonly element: HTMLDetailsElement;
  readonly #boxes: HTMLInputElement[] = [];
  readonly #counts: HTMLElement[] = [];

  constructor(
    title: string,
    values: readonly string[],
    label: (value: string) => string,
    colors: ReadonlyMap<string, string> | null,
    onChange: (chosen: string[]) => void,
  ) {
    const list = el('ul', { class: 'facet-list', 'aria-label': title });
    for (const value of values) {
      const box = el('input', { type: 'checkbox', value });
      box.addEventListener('change', () => onChange(this.#boxes.filter((b) => b.checked).map((b) => b.value)));
      const count = el('span', { class: 'facet-count' });
      this.#boxes.push(box);
      this.#counts.push(count);
      const parts: (Node | string)[] = [box];
      if (colors) {
        const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
        swatch.style.background = colors.get(value) ?? '#444';
        parts.push(swatch);
      }
      list.append(el('li', {}, el('label', {}, ...parts, label(value), count)));
    }
    this.element = el('details', { class: 'facet' }, el('summary', {}, title), list);
    // Open beside the map; folded on a phone, where the details and the list come after them.
    this.element.open = window.matchMedia('(min-width: 700px)').matches;
  }

  update(chosen: readonly string[], counts: Uint32Array): void {
    this.#boxes.forEach((box, i) => {
      box.checked = chosen.includes(box.value);
      this.#counts[i].textContent = formatCount(counts[i] ?? 0);
    });
  }
}
