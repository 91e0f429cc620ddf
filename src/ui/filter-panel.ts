import type { FilterResult, IncidentFilter } from '../analysis/filters';
import { OTHER_COLOR } from '../data/pack/category-colors';
import { mostFrequent } from '../data/pack/most-frequent';
import { cut, SHOWN_CHARS } from '../data/text/quote';
import { categoryWord, countryWord } from '../i18n/data-words';
import { formatCount, t } from '../i18n/page-language';
import { worded } from '../i18n/worded';
import { wordText } from './data-text';
import { DateRange, periodOf } from './date-range';
import { el } from './dom';
import type { Widget } from './widget';

/** Actors listed as choices without typing; the rest are found through the text box. */
const ACTORS_LISTED = 12;
/** Milliseconds of quiet after typing before a search runs. */
const SEARCH_DELAY = 250;

export interface FilterPanelOptions {
  categories: readonly string[];
  /** Incidents of each category and country in the dataset, by index: the most frequent are listed. */
  categoryCounts: ArrayLike<number>;
  countryCounts: ArrayLike<number>;
  colors: ReadonlyMap<string, string>;
  countries: readonly string[];
  actorNames: readonly string[];
  total: number;
  /** How many incidents have claims of the same thing that give different figures (the choice shows when any do). */
  contested: number;
  /** What the search box says it searches, when not every incident's text (a bundle's fetched titles). */
  searchScope?: string;
  /** The dataset's first and last day (YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
  /** `typing`: the search text changed (successive edits replace one history entry). */
  onChange: (filter: IncidentFilter, cause: 'filter' | 'typing') => void;
  /** A date range was chosen (null ends: no bound); the timeline goes to it. `q`: a search text to put in place. */
  onRange: (from: string | null, to: string | null, q?: string) => void;
}

/** What the timeline shows, which the date range's presets start from. */
export interface TimelineView {
  cursorDay: string;
  span: [string, string] | null;
}

/**
 * Narrows the incidents: free-text search, a date range, categories, countries and actors, each choice
 * with the number of incidents it would keep, and "N of M incidents" with a way
 * to clear everything. The map, list, timeline and counts follow what it sets.
 */
export class FilterPanel implements Widget {
  readonly element: HTMLElement;
  readonly #options: FilterPanelOptions;
  readonly #search: HTMLInputElement;
  readonly #count: HTMLElement;
  readonly #clear: HTMLButtonElement;
  readonly #categories: CheckboxFacet;
  readonly #countries: CheckboxFacet;
  readonly #actorList: HTMLUListElement;
  readonly #actorsSummary: HTMLElement;
  readonly #dates: DateRange;
  readonly #dateHint: HTMLElement;
  readonly #contested: HTMLInputElement;
  readonly #figures: HTMLElement;
  readonly #contestedCount: HTMLElement;
  /** Each actor's index by name, made the first time the actors are listed. */
  #actorIndex: Map<string, number> | null = null;
  #filter: IncidentFilter = { categories: [], countries: [], actors: [], q: '' };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #shownFilter: IncidentFilter | null = null;
  #shownResult: FilterResult | null = null;

  constructor(options: FilterPanelOptions) {
    this.#options = options;
    this.#search = el('input', {
      type: 'search',
      class: 'filter-search',
      placeholder: options.searchScope ?? t('filters.searchPlaceholder'),
      'aria-label': t('filters.searchLabel'),
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
    this.#clear = el('button', { type: 'button', class: 'filter-clear' }, t('filters.clear'));
    this.#clear.addEventListener('click', () => {
      this.#search.value = '';
      this.#change(
        { categories: [], countries: [], actors: [], q: '', from: null, to: null, contested: false },
        'filter',
      );
    });
    this.#dates = new DateRange({ firstDay: options.firstDay, lastDay: options.lastDay, onChange: options.onRange });
    this.#dateHint = el('p', { class: 'date-hint', role: 'status' });

    this.#categories = new CheckboxFacet({
      title: t('filters.categories'),
      what: 'category',
      find: t('filters.findCategory'),
      add: t('filters.addCategory'),
      values: options.categories,
      listed: mostFrequent(options.categoryCounts),
      label: (category) => wordText(categoryWord(category)),
      colors: options.colors,
      onChange: (chosen) => this.#change({ categories: chosen }, 'filter'),
    });
    this.#countries = new CheckboxFacet({
      title: t('filters.countries'),
      what: 'country',
      find: t('filters.findCountry'),
      add: t('filters.addCountry'),
      values: options.countries,
      listed: mostFrequent(options.countryCounts),
      label: (name) => wordText(countryWord(name)),
      colors: null,
      onChange: (chosen) => this.#change({ countries: chosen }, 'filter'),
    });
    this.#countries.element.hidden = options.countries.length === 0;

    this.#actorList = el('ul', { class: 'facet-list', 'aria-label': t('filters.actors') });
    const find = new FindBox('actor', t('filters.findActor'), t('filters.addActor'), options.actorNames, (known) => {
      if (!this.#filter.actors.includes(known)) this.#change({ actors: [...this.#filter.actors, known] }, 'filter');
    });
    this.#actorsSummary = el('summary', {}, t('filters.actors'));
    const actors = el('details', { class: 'facet' }, this.#actorsSummary, ...find.elements, this.#actorList);
    actors.hidden = options.actorNames.length === 0;

    this.#contested = el('input', { type: 'checkbox' });
    this.#contestedCount = el('span', { class: 'facet-count' }, formatCount(options.contested));
    this.#contested.addEventListener('change', () => this.#change({ contested: this.#contested.checked }, 'filter'));
    const figures = el(
      'details',
      { class: 'facet' },
      el('summary', {}, t('filters.figures')),
      el(
        'ul',
        { class: 'facet-list', 'aria-label': t('filters.figures') },
        el('li', {}, el('label', {}, this.#contested, t('filters.contested'), this.#contestedCount)),
      ),
    );
    figures.hidden = options.contested === 0;
    this.#figures = figures;

    this.element = el(
      'section',
      { class: 'filters', 'aria-label': t('filters.label') },
      this.#search,
      this.#dateHint,
      el('p', { class: 'filter-status' }, this.#count, this.#clear),
      this.#dates.element,
      this.#categories.element,
      this.#countries.element,
      actors,
      figures,
    );
  }
  /** Drops a search or a day still being typed: it would apply to the next dataset. */
  destroy(): void {
    clearTimeout(this.#timer);
    this.#dates.destroy();
    this.element.remove();
  }

  #change(part: Partial<IncidentFilter>, cause: 'filter' | 'typing'): void {
    const next = { ...this.#filter, ...part };
    if (
      next.q === this.#filter.q &&
      next.categories.join('\n') === this.#filter.categories.join('\n') &&
      next.countries.join('\n') === this.#filter.countries.join('\n') &&
      next.actors.join('\n') === this.#filter.actors.join('\n') &&
      (next.from ?? null) === (this.#filter.from ?? null) &&
      (next.to ?? null) === (this.#filter.to ?? null) &&
      !!next.contested === !!this.#filter.contested
    ) {
      return;
    }
    this.#filter = next;
    this.#options.onChange(next, cause);
  }

  /** Shows a filter and what it keeps; nothing is redrawn while they stay the same (timeline steps). */
  /** `matching`: how many incidents in all the filter keeps, where that is not `result.count` (a bundle's manifest says). */
  update(filter: IncidentFilter, result: FilterResult, timeline: TimelineView, matching = result.count): void {
    this.#dates.update({ from: filter.from ?? null, to: filter.to ?? null, ...timeline });
    if (filter === this.#shownFilter && result === this.#shownResult) return;
    this.#shownFilter = filter;
    this.#shownResult = result;
    this.#filter = filter;
    if (document.activeElement !== this.#search) this.#search.value = filter.q;
    const { total } = this.#options;
    const filtering =
      matching !== total ||
      filter.categories.length + filter.countries.length + filter.actors.length > 0 ||
      filter.q !== '' ||
      !!filter.from ||
      !!filter.to ||
      !!filter.contested;
    this.#contested.checked = !!filter.contested;
    this.#contestedCount.textContent = formatCount(result.contestedCount);
    // Shown while chosen, though the dataset has none (a link's contested=1), so it can be unchosen.
    this.#figures.hidden = this.#options.contested === 0 && !filter.contested;
    this.#showDateHint(filter.q);
    this.#count.textContent = filtering
      ? t('filters.matching', { matching: formatCount(matching), total })
      : t('filters.total', { total });
    this.#clear.hidden = !filtering;
    this.#categories.update(filter.categories, result.categoryCounts);
    this.#countries.update(filter.countries, result.countryCounts);
    this.#renderActors(filter, result);
  }

  /** A search for a year or a day finds words, not dates: say so, and offer the range it meant. */
  #showDateHint(q: string): void {
    const period = periodOf(q);
    this.#dateHint.hidden = period === null;
    if (!period) {
      this.#dateHint.replaceChildren();
      return;
    }
    const narrow = el(
      'button',
      { type: 'button', class: 'link-button' },
      t('filters.showOnly', { period: period.name }),
    );
    narrow.addEventListener('click', () => {
      this.#search.value = '';
      this.#options.onRange(period.from, period.to, '');
    });
    this.#dateHint.replaceChildren(...worded('filters.dateHint', { period: period.name, showOnly: narrow }));
  }

  /** The chosen actors, then the ones most incidents name, each with its count. */
  #renderActors(filter: IncidentFilter, result: FilterResult): void {
    const names = this.#options.actorNames;
    this.#actorIndex ??= new Map(names.map((name, a) => [name, a]));
    const index = this.#actorIndex;
    const chosen = filter.actors.map((name) => index.get(name) ?? -1).filter((a) => a >= 0);
    // The most frequent of the rest, in one pass (a file may name a million actors), then in order.
    const counts = Int32Array.from(result.actorCounts);
    for (const a of chosen) counts[a] = 0;
    const top = mostFrequent(counts, ACTORS_LISTED)
      .filter((a) => counts[a] > 0)
      .sort((a, b) => counts[b] - counts[a] || names[a].localeCompare(names[b]));
    const listed = [...chosen, ...top];
    const isChosen = new Set(filter.actors);
    this.#actorsSummary.textContent =
      filter.actors.length > 0
        ? t('filters.actorsChosen', { count: formatCount(filter.actors.length) })
        : t('filters.actors');
    this.#actorList.replaceChildren(
      ...listed.map((a) => {
        const box = el('input', { type: 'checkbox', value: names[a] });
        box.checked = isChosen.has(names[a]);
        box.addEventListener('change', () => {
          const chosen = box.checked
            ? [...this.#filter.actors, names[a]]
            : this.#filter.actors.filter((name) => name !== names[a]);
          this.#change({ actors: chosen }, 'filter');
        });
        return el(
          'li',
          {},
          el(
            'label',
            {},
            box,
            cut(names[a], SHOWN_CHARS.name),
            el('span', { class: 'facet-count' }, formatCount(result.actorCounts[a])),
          ),
        );
      }),
    );
  }
}

/** Suggestions shown while typing in a find box: the first matches, never the whole list. */
const SUGGESTIONS = 20;

/**
 * A text box that finds one of many names by typing (actors, and the categories
 * or countries past the most frequent): its suggestions are the first names that
 * hold what was typed, so no list of every name is ever built.
 */
class FindBox {
  readonly elements: [HTMLInputElement, HTMLDataListElement];
  readonly #names: readonly string[];
  /** The names in lower case, made at the first keystroke. */
  #lower: string[] | null = null;

  constructor(
    what: string,
    placeholder: string,
    label: string,
    names: readonly string[],
    onFound: (name: string) => void,
  ) {
    this.#names = names;
    const datalist = el('datalist', { id: `${what}-names` });
    const input = el('input', {
      type: 'text',
      list: datalist.id,
      class: 'facet-find',
      placeholder,
      'aria-label': label,
      autocomplete: 'off',
    });
    input.addEventListener('input', () => {
      const matches = this.#matches(input.value);
      datalist.replaceChildren(...matches.map((a) => el('option', { value: names[a] })));
    });
    input.addEventListener('change', () => {
      const typed = input.value.trim().toLowerCase();
      const lower = this.#lowerNames();
      const found = lower.indexOf(typed);
      if (typed === '' || found < 0) return;
      input.value = '';
      datalist.replaceChildren();
      onFound(names[found]);
    });
    this.elements = [input, datalist];
  }

  #lowerNames(): string[] {
    this.#lower ??= this.#names.map((name) => name.toLowerCase());
    return this.#lower;
  }

  /** Indexes of the first names holding `text` (case aside), those starting with it first. */
  #matches(text: string): number[] {
    const typed = text.trim().toLowerCase();
    if (typed === '') return [];
    const lower = this.#lowerNames();
    const starting: number[] = [];
    const holding: number[] = [];
    for (let a = 0; a < lower.length && starting.length < SUGGESTIONS; a++) {
      const at = lower[a].indexOf(typed);
      if (at === 0) starting.push(a);
      else if (at > 0 && holding.length < SUGGESTIONS) holding.push(a);
    }
    return [...starting, ...holding].slice(0, SUGGESTIONS);
  }
}

interface CheckboxFacetOptions {
  title: string;
  /** One value's kind, naming the find box's suggestions (`category-names`). */
  what: string;
  /** The find box's placeholder ("Find a category…") and label ("Add a category to the filter"). */
  find: string;
  add: string;
  values: readonly string[];
  /** Indexes of the values always listed, in order (see mostFrequent); the rest are found by typing. */
  listed: readonly number[];
  label: (value: string) => Node | string;
  colors: ReadonlyMap<string, string> | null;
  onChange: (chosen: string[]) => void;
}

/**
 * A facet whose values are checkboxes with the count each would keep (categories,
 * countries). Past the most frequent, the rest are one "Other (N values)" line
 * and a box to find any of them by typing; one chosen so is listed while chosen.
 */
class CheckboxFacet {
  readonly element: HTMLDetailsElement;
  readonly #options: CheckboxFacetOptions;
  readonly #list: HTMLUListElement;
  /** The listed values' rows, and the rows of chosen values that are not listed (remade as they change). */
  readonly #rows: FacetRow[] = [];
  #extraRows: FacetRow[] = [];
  readonly #other: HTMLElement | null = null;
  readonly #otherCount: HTMLElement;
  #chosen: readonly string[] = [];
  readonly #listedNames: Set<string>;

  constructor(options: CheckboxFacetOptions) {
    this.#options = options;
    const { values, listed, title } = options;
    this.#list = el('ul', { class: 'facet-list', 'aria-label': title });
    this.#listedNames = new Set(listed.map((v) => values[v]));
    for (const v of listed) {
      const row = this.#row(values[v], v);
      this.#rows.push(row);
      this.#list.append(row.item);
    }
    this.#otherCount = el('span', { class: 'facet-count' });
    const parts: Node[] = [el('summary', {}, title), this.#list];
    const folded = values.length - listed.length;
    if (folded > 0) {
      const swatch = options.colors ? [this.#swatch(OTHER_COLOR)] : [];
      this.#other = el(
        'p',
        { class: 'facet-other' },
        ...swatch,
        t('filters.other', { count: folded }),
        this.#otherCount,
      );
      const find = new FindBox(options.what, options.find, options.add, values, (name) => {
        if (!this.#chosen.includes(name)) options.onChange([...this.#chosen, name]);
      });
      parts.push(this.#other, ...find.elements);
    }
    this.element = el('details', { class: 'facet' }, ...parts);
    // Open beside the map; folded on a phone, where the details and the list come after them.
    this.element.open = window.matchMedia('(min-width: 700px)').matches;
  }

  #swatch(color: string): HTMLElement {
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = color;
    return swatch;
  }

  #row(value: string, index: number): FacetRow {
    const box = el('input', { type: 'checkbox', value });
    box.addEventListener('change', () =>
      this.#options.onChange(
        box.checked ? [...this.#chosen, value] : this.#chosen.filter((chosen) => chosen !== value),
      ),
    );
    const count = el('span', { class: 'facet-count' });
    const { colors, label } = this.#options;
    const swatch = colors ? [this.#swatch(colors.get(value) ?? OTHER_COLOR)] : [];
    const item = el('li', {}, el('label', {}, box, ...swatch, label(value), count));
    return { index, box, count, item };
  }

  update(chosen: readonly string[], counts: Uint32Array): void {
    this.#chosen = chosen;
    const { values } = this.#options;
    // Chosen values that are not listed come first, while chosen.
    const indexOf = new Map<string, number>();
    for (const name of chosen) if (!this.#listedNames.has(name)) indexOf.set(name, -1);
    if (indexOf.size > 0) {
      for (let v = 0; v < values.length; v++) if (indexOf.has(values[v])) indexOf.set(values[v], v);
    }
    for (const row of this.#extraRows) row.item.remove();
    this.#extraRows = [...indexOf.values()].filter((v) => v >= 0).map((v) => this.#row(values[v], v));
    this.#list.prepend(...this.#extraRows.map((row) => row.item));
    let other = 0;
    for (let v = 0; v < counts.length; v++) other += counts[v];
    const isChosen = new Set(chosen);
    for (const row of [...this.#extraRows, ...this.#rows]) {
      row.box.checked = isChosen.has(row.box.value);
      row.count.textContent = formatCount(counts[row.index] ?? 0);
      other -= counts[row.index] ?? 0;
    }
    this.#otherCount.textContent = formatCount(other);
  }
}

interface FacetRow {
  /** The value's index among the facet's values. */
  index: number;
  box: HTMLInputElement;
  count: HTMLElement;
  item: HTMLLIElement;
}
