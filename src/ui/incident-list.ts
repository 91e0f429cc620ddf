import type { ShownList } from '../analysis/time-window';
import { OTHER_COLOR } from '../data/pack/category-colors';
import type { IncidentStore } from '../data/store/incident-store';
import { cut, SHOWN_CHARS } from '../data/text/quote';
import type { Incident } from '../data/types';
import { formatCount, formatIncidentDate, t, translator } from '../i18n/page-language';
import { shownText, titleText } from './data-text';
import { el } from './dom';
import type { Widget } from './widget';

export interface IncidentListOptions {
  colors: ReadonlyMap<string, string>;
  onSelect: (id: string) => void;
}

/**
 * Height of one row, in CSS pixels; titles are clamped to two lines so every row has it.
 * Naskh and Nastaliq, the Arabic-script languages' fonts, need taller lines than Latin.
 */
const rowHeight = () => (translator().language.dir === 'rtl' ? 92 : 64);
/** Rows drawn above and below the visible ones. */
const OVERSCAN = 20;
/**
 * Tallest the scrolling content is made, in pixels: browsers cap an element's
 * height (Chrome near 33 million pixels, a little over half a million rows), so
 * past this the scrollbar stands for the rows in proportion instead of one to one.
 */
const MAX_HEIGHT = 4_000_000;

/**
 * The incidents shown (revealed, kept by the filter, in the window), oldest first; choosing one selects it. Virtualised:
 * only the rows in view (and a margin) are in the page, so it stays fast with a
 * million incidents. Rows carry aria-setsize and aria-posinset for screen readers.
 */
export class IncidentList implements Widget {
  readonly #rowHeight = rowHeight();
  readonly element: HTMLElement;
  readonly #scroller: HTMLElement;
  readonly #list: HTMLOListElement;
  readonly #heading: HTMLElement;
  readonly #empty: HTMLElement;
  readonly #options: IncidentListOptions;
  #incidents: IncidentStore | null = null;
  #shown: ShownList | null = null;
  #count = 0;
  #selected: string | null = null;
  #selectedIndex = -1;
  #window = { from: 0, to: 0 };

  constructor(options: IncidentListOptions) {
    this.#options = options;
    this.#heading = el('h2', { id: 'incident-list-heading' }, t('list.heading'));
    this.#list = el('ol', { class: 'incident-list', role: 'list', 'aria-labelledby': 'incident-list-heading' });
    this.#scroller = el('div', { class: 'incident-list-scroller' }, this.#list);
    this.#scroller.addEventListener('scroll', () => this.#draw(false), { passive: true });
    this.#empty = el('p', { class: 'incident-list-empty' }, t('list.emptyNotRevealed'));
    this.element = el('section', { class: 'incident-list-section' }, this.#heading, this.#empty, this.#scroller);
  }
  destroy(): void {
    this.element.remove();
  }

  #row(incident: Incident, index: number, shift: number): HTMLLIElement {
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = this.#options.colors.get(incident.category) ?? OTHER_COLOR;
    const isSelected = incident.id === this.#selected;
    const button = el(
      'button',
      { type: 'button', class: 'incident-item', 'aria-current': String(isSelected) },
      swatch,
      titleText('span', { class: 'incident-item-title' }, incident),
      el('span', { class: 'incident-item-date' }, formatIncidentDate(incident.date)),
    );
    button.addEventListener('click', () => this.#options.onSelect(incident.id));
    const item = el(
      'li',
      {
        'aria-label': cut(shownText(incident).title, SHOWN_CHARS.title),
        'data-id': incident.id,
        'aria-setsize': String(this.#count),
        'aria-posinset': String(index + 1),
      },
      button,
    );
    item.style.top = `${index * this.#rowHeight + shift}px`;
    if (isSelected) item.classList.add('selected');
    return item;
  }

  /**
   * Shows the incidents `shown` (in reveal order) with `selected` highlighted;
   * `empty` says why there are none.
   */
  render(incidents: IncidentStore, shown: ShownList, selected: string | null, empty: string): void {
    const count = shown.count;
    const grew = incidents === this.#incidents && count > this.#count;
    // A new list with the same rows (a zoom or mode change that kept them) keeps the scroll.
    const sameRows =
      incidents === this.#incidents &&
      count === this.#count &&
      (count === 0 || (shown.at(0) === this.#shown?.at(0) && shown.at(count - 1) === this.#shown?.at(count - 1)));
    const same = sameRows && selected === this.#selected;
    const redraw = !same || shown !== this.#shown;
    const scroller = this.#scroller;
    const following =
      incidents === this.#incidents &&
      this.#count > 0 &&
      scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - this.#rowHeight;
    this.#incidents = incidents;
    this.#shown = shown;
    this.#count = count;
    this.#selected = selected;
    this.#selectedIndex = selected ? shown.indexOf(incidents.indexOf(selected)) : -1;
    this.#heading.textContent = t('list.headingCount', { count: formatCount(count) });
    this.#empty.hidden = count > 0;
    this.#empty.textContent = empty;
    this.#list.style.height = `${Math.min(count * this.#rowHeight, MAX_HEIGHT)}px`;
    if (!redraw) return;
    if (!same) {
      // The selected incident is kept in view. A list whose end was in view follows the newest;
      // any other new list opens at its first incident, so the story reads from the start.
      // Only the selection changed (or it closed): the list stays where the reader left it.
      const focus =
        this.#selectedIndex >= 0 ? this.#selectedIndex : sameRows || grew ? (following ? count - 1 : -1) : 0;
      if (focus >= 0) this.#scrollToIndex(focus);
    }
    this.#draw(true);
  }

  /** Content pixels per scrolled pixel: 1 unless the rows are taller than MAX_HEIGHT. */
  #scale(): number {
    const full = this.#count * this.#rowHeight;
    if (full <= MAX_HEIGHT) return 1;
    const view = this.#scroller.clientHeight || 600;
    return (full - view) / (MAX_HEIGHT - view);
  }

  #scrollToIndex(index: number): void {
    const scroller = this.#scroller;
    const scale = this.#scale();
    const view = scroller.clientHeight;
    const shown = scroller.scrollTop * scale;
    const top = index * this.#rowHeight;
    if (top < shown) scroller.scrollTop = top / scale;
    else if (top + this.#rowHeight > shown + view) scroller.scrollTop = (top + this.#rowHeight - view) / scale;
  }

  #draw(force: boolean): void {
    const scroller = this.#scroller;
    const visible = Math.ceil((scroller.clientHeight || 600) / this.#rowHeight);
    const scale = this.#scale();
    const shown = scroller.scrollTop * scale;
    // Rows sit where they show: their place in all rows, less what is scrolled past, plus the scroll.
    const shift = scroller.scrollTop - shown;
    const first = Math.floor(shown / this.#rowHeight);
    const from = Math.max(0, first - OVERSCAN);
    const to = Math.min(this.#count, first + visible + OVERSCAN);
    if (!force && scale === 1 && from === this.#window.from && to === this.#window.to) return;
    this.#window = { from, to };
    // Rows are rebuilt, so keyboard focus inside the list moves to the same incident's new row.
    const focusedId = (document.activeElement?.closest('li') as HTMLElement | null)?.dataset.id;
    const hadFocus = this.#list.contains(document.activeElement);
    const rows: HTMLLIElement[] = [];
    const incidents = this.#incidents;
    const list = this.#shown;
    if (incidents && list) for (let i = from; i < to; i++) rows.push(this.#row(incidents.get(list.at(i)), i, shift));
    this.#list.replaceChildren(...rows);
    if (hadFocus) {
      const target =
        rows.find((row) => row.dataset.id === focusedId) ??
        rows.find((row) => row.dataset.id === this.#selected) ??
        rows.at(-1);
      (target?.firstElementChild as HTMLElement | null | undefined)?.focus();
    }
  }

  /** Puts keyboard focus on an incident's row; false if it is not listed. */
  focusItem(id: string | null): boolean {
    if (id === null) return false;
    const rank = this.#incidents?.indexOf(id) ?? -1;
    const index = rank < 0 ? -1 : (this.#shown?.indexOf(rank) ?? -1);
    if (index < 0) return false;
    this.#scrollToIndex(index);
    this.#draw(true);
    const button = this.#list.querySelector(`li[data-id="${CSS.escape(id)}"] > button`);
    if (!(button instanceof HTMLElement)) return false;
    button.focus();
    // A list the page hides (an embed) takes no focus.
    return document.activeElement === button;
  }
}
