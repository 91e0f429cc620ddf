import { t } from '../i18n/page-language';
import { el } from './dom';

/** The most messages shown at once. */
const MAX_SHOWN = 5;

export interface MessageAction {
  label: string;
  run: () => void;
}

/** Polite, dismissable messages about the data or the link; the app keeps working. */
export class Messages {
  readonly element: HTMLElement;

  constructor() {
    this.element = el('div', { class: 'messages', role: 'status', 'aria-live': 'polite' });
  }

  /** `action`: a button beside the text (such as Reload), which also dismisses the message. */
  show(text: string, kind: 'info' | 'warning' = 'warning', action?: MessageAction): void {
    const dismiss = el('button', { type: 'button', class: 'dismiss', 'aria-label': t('messages.dismiss') }, '×');
    const message = el('div', { class: `message ${kind}` }, el('p', {}, text));
    if (action) {
      const button = el('button', { type: 'button', class: 'message-action' }, action.label);
      button.addEventListener('click', () => {
        message.remove();
        action.run();
      });
      message.append(button);
    }
    message.append(dismiss);
    dismiss.addEventListener('click', () => message.remove());
    this.element.append(message);
    // A link can give many faults at once: the newest few are kept, not a column of them over the map.
    while (this.element.childElementCount > MAX_SHOWN) this.element.firstElementChild?.remove();
  }
}
