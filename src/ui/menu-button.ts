import { el } from './dom';

export interface MenuButtonOptions {
  /** The popover's id, unique on the page. */
  id: string;
  /** The button's words. */
  label: string;
  /** A class for the button, for styles and tests (`share-button`). */
  buttonClass: string;
}

/**
 * A header button that opens a short list of actions under it: Share (embed,
 * cite, save as an image) and Export (a file per format). A native popover,
 * so Escape and a click outside close it and focus returns to the button.
 */
export class MenuButton {
  readonly element: HTMLElement;
  readonly button: HTMLButtonElement;
  readonly #list: HTMLElement;
  readonly #popover: HTMLElement;

  constructor({ id, label, buttonClass }: MenuButtonOptions) {
    this.#list = el('ul', { class: 'menu-items', role: 'list' });
    this.#popover = el('div', { id, class: 'menu-popover', popover: 'auto' }, this.#list);
    this.button = el(
      'button',
      { type: 'button', class: `tool ${buttonClass}`, popovertarget: id, 'aria-haspopup': 'true' },
      label,
    );
    this.element = el('span', { class: 'menu-button' }, this.button, this.#popover);
  }

  /** Adds an item: a button that closes the menu and then does `action`. */
  add(label: string, action: () => void, options: { name?: string; title?: string } = {}): HTMLButtonElement {
    const item = el('button', { type: 'button', class: 'menu-item' }, label);
    if (options.name) item.dataset.share = options.name;
    if (options.title) item.title = options.title;
    item.addEventListener('click', () => {
      this.#popover.hidePopover();
      action();
    });
    this.#list.append(el('li', {}, item));
    return item;
  }
}
