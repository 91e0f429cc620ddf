import { OTHER_COLOR } from '../data/pack/category-colors';
import type { Incident, Place } from '../data/types';
import { formatIncidentDate, t } from '../i18n/page-language';
import { fillSummary, placeNameText, summaryText, titleText } from './data-text';
import { el } from './dom';
import type { Widget } from './widget';

/** Characters of the summary the card starts with; the details have the rest. */
const CARD_SUMMARY = 400;

export interface IncidentCardOptions {
  places: ReadonlyMap<string, Place>;
  incident: (id: string) => Incident | undefined;
  colors: ReadonlyMap<string, string>;
  /** The card's close button: deselects. */
  onClose: () => void;
  /** "Full details": shows the selected incident's whole details. */
  onMore: () => void;
  /** In an embed, the link that opens this view in the full app (else null: no such link). */
  fullView: (() => string) | null;
  /** Reads an incident whole where `incident` gives only its short record (see IncidentDetailsOptions.readWhole). */
  readWhole?: (id: string) => Promise<Incident | undefined>;
}

/**
 * The selected incident in brief (title, date, place, first lines) over the
 * lower edge of the map, where the page has no room beside the map for the
 * details: on a phone, and in an embed. Wider pages hide it with CSS, as the
 * details beside the map say the same.
 */
export class IncidentCard implements Widget {
  readonly element: HTMLElement;
  readonly #options: IncidentCardOptions;
  #shown: string | null = null;

  constructor(options: IncidentCardOptions) {
    this.#options = options;
    // In an embed the card is the details' region (the panel is not shown); on a phone the details below the map are.
    const embedded = options.fullView !== null;
    this.element = el(
      'section',
      embedded
        ? { class: 'incident-card', 'aria-labelledby': 'incident-card-title' }
        : { class: 'incident-card', 'aria-label': t('card.label') },
    );
    this.element.hidden = true;
  }
  destroy(): void {
    this.element.remove();
  }

  render(selected: string | null): void {
    if (selected === this.#shown) return;
    this.#shown = selected;
    const incident = selected ? this.#options.incident(selected) : undefined;
    // Stepping on while the card has focus keeps it on the card (on its new title).
    const hadFocus = this.element.contains(document.activeElement);
    this.element.hidden = !incident;
    if (!incident) {
      this.element.replaceChildren();
      return;
    }
    const { colors, places, fullView } = this.#options;
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = colors.get(incident.category) ?? OTHER_COLOR;
    const close = el('button', { type: 'button', class: 'close', 'aria-label': t('card.close') }, '×');
    close.addEventListener('click', () => this.#options.onClose());
    const more = el('button', { type: 'button', class: 'card-more' }, t('card.fullDetails'));
    more.addEventListener('click', () => this.#options.onMore());
    const actions = el('div', { class: 'card-actions' }, more);
    if (fullView) {
      actions.append(
        el('a', { class: 'full-view', href: fullView(), target: '_blank', rel: 'noopener' }, t('card.openFull')),
      );
    }
    const summary = summaryText('p', { class: 'card-summary' }, incident, CARD_SUMMARY);
    this.element.replaceChildren(
      el('header', {}, swatch, titleText('h2', { id: 'incident-card-title', tabindex: '-1' }, incident), close),
      el(
        'p',
        { class: 'card-meta' },
        el('span', {}, formatIncidentDate(incident.date)),
        ' · ',
        placeNameText(incident, places, { class: 'card-place' }),
      ),
      summary,
      actions,
    );
    if (hadFocus) this.focusTitle();
    const { readWhole } = this.#options;
    if (!readWhole || !selected) return;
    // The first lines follow once read back; an empty paragraph holds their place meanwhile.
    readWhole(selected).then(
      (whole) => {
        if (this.#shown === selected && whole) fillSummary(summary, whole, CARD_SUMMARY);
      },
      () => {},
    );
  }

  /** Puts focus on "Full details" (where the full details return to). */
  focusMore(): void {
    this.element.querySelector<HTMLElement>('.card-more')?.focus({ preventScroll: true });
  }

  /** The page's link changed: "Open in Incident Atlas" follows it. */
  updateLink(): void {
    const link = this.element.querySelector('a.full-view');
    if (link && this.#options.fullView) link.setAttribute('href', this.#options.fullView());
  }

  /** Whether the page shows the card (CSS hides it where the details are beside the map). */
  get visible(): boolean {
    return !this.element.hidden && this.element.offsetParent !== null;
  }

  /** Puts focus on the card's title without scrolling the page to it. */
  focusTitle(): void {
    this.element.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
  }

  /** Height the card covers at the bottom of the map, in CSS pixels (0 when not shown). */
  coveredHeight(): number {
    return this.visible ? this.element.offsetHeight + 12 : 0;
  }
}
