import { t } from '../i18n/page-language';
import { el } from './dom';

/**
 * The header's Share menu: one button that opens a short list of ways to take
 * the view elsewhere (embed it, cite it, save it as an image). A native popover,
 * so Escape and a click outside close it and focus returns to the button.
 */
export class ShareMenu {
  readonly element: HTMLElement;
  readonly #list: HTMLElement;
  readonly #popover: HTMLElement;

  constructor() {
    this.#list = el('ul', { class: 'share-items', role: 'list' });
    this.#popover = el('div', { id: 'share-menu', class: 'share-popover', popover: 'auto' }, this.#list);
    const button = el(
      'button',
      { type: 'button', class: 'tool share-button', popovertarget: 'share-menu', 'aria-haspopup': 'true' },
      t('share.button'),
    );
    this.element = el('span', { class: 'share-menu' }, button, this.#popover);
  }

  /** Adds an item: a button that closes the menu and then does `action`. */
  add(label: string, action: () => void, options: { name?: string } = {}): HTMLButtonElement {
    const item = el('button', { type: 'button', class: 'share-item' }, label);
    if (options.name) item.dataset.share = options.name;
    item.addEventListener('click', () => {
      this.#popover.hidePopover();
      action();
    });
    this.#list.append(el('li', {}, item));
    return item;
  }
}
