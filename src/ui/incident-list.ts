import { formatIncidentDate } from '../data/incident-date';
import type { Incident } from '../data/types';
import { el } from './dom';

export interface IncidentListOptions {
  colors: ReadonlyMap<string, string>;
  onSelect: (id: string) => void;
}

/** The revealed incidents, oldest first; choosing one selects it. */
export class IncidentList {
  readonly element: HTMLElement;
  readonly #list: HTMLOListElement;
  readonly #heading: HTMLElement;
  readonly #empty: HTMLElement;
  readonly #options: IncidentListOptions;
  readonly #items = new Map<string, HTMLLIElement>();
  #shown: readonly Incident[] = [];

  constructor(options: IncidentListOptions) {
    this.#options = options;
    this.#heading = el('h2', { id: 'incident-list-heading' }, 'Revealed incidents');
    this.#list = el('ol', { class: 'incident-list', role: 'list', 'aria-labelledby': 'incident-list-heading' });
    this.#empty = el(
      'p',
      { class: 'incident-list-empty' },
      'Nothing revealed yet: press Play, Next incident or move the date slider.',
    );
    this.element = el('section', { class: 'incident-list-section' }, this.#heading, this.#empty, this.#list);
  }

  #item(incident: Incident): HTMLLIElement {
    const cached = this.#items.get(incident.id);
    if (cached) return cached;
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = this.#options.colors.get(incident.category) ?? '#444';
    const button = el(
      'button',
      { type: 'button', class: 'incident-item' },
      swatch,
      el('span', { class: 'incident-item-title' }, incident.title),
      el('span', { class: 'incident-item-date' }, formatIncidentDate(incident.date)),
    );
    button.addEventListener('click', () => this.#options.onSelect(incident.id));
    const item = el('li', { 'aria-label': incident.title, 'data-id': incident.id }, button);
    this.#items.set(incident.id, item);
    return item;
  }

  render(revealed: readonly Incident[], selected: string | null): void {
    const hadFocus = this.#list.contains(document.activeElement);
    if (revealed !== this.#shown) {
      // Reveal order only grows or shrinks at the end, so keep the common prefix.
      let common = 0;
      while (common < revealed.length && common < this.#shown.length && revealed[common] === this.#shown[common])
        common++;
      while (this.#list.children.length > common) this.#list.lastElementChild?.remove();
      for (const incident of revealed.slice(common)) this.#list.append(this.#item(incident));
      this.#shown = revealed;
    }
    this.#heading.textContent = `Revealed incidents (${revealed.length})`;
    this.#empty.hidden = revealed.length > 0;
    for (const item of this.#list.children) {
      const isSelected = (item as HTMLElement).dataset.id === selected;
      item.classList.toggle('selected', isSelected);
      item.firstElementChild?.setAttribute('aria-current', String(isSelected));
    }
    const focus = (selected && this.#items.get(selected)) || this.#list.lastElementChild;
    if (focus instanceof HTMLElement) this.#scrollToItem(focus);
    // The focused item may have been hidden by stepping back: move focus to the current one.
    if (hadFocus && !this.#list.contains(document.activeElement)) {
      (focus?.firstElementChild as HTMLElement | null | undefined)?.focus();
    }
  }

  /** Puts keyboard focus on an incident's item; false if it is not listed. */
  focusItem(id: string | null): boolean {
    const button = id ? this.#items.get(id)?.firstElementChild : null;
    if (!(button instanceof HTMLElement) || !this.#list.contains(button)) return false;
    button.focus();
    return true;
  }

  /** Scrolls the list itself (never the page) so the item is in view. */
  #scrollToItem(item: HTMLElement): void {
    const list = this.#list;
    if (list.scrollHeight <= list.clientHeight) return;
    const top = item.offsetTop - list.offsetTop;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + item.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = top + item.offsetHeight - list.clientHeight;
    }
  }
}
