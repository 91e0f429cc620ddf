import { DEATHS } from '../data/import/claims';
import { OTHER_COLOR } from '../data/pack/category-colors';
import { cut, SHOWN_CHARS, SHOWN_ITEMS } from '../data/text/quote';
import type { Incident, LocationPrecision, Place } from '../data/types';
import { categoryWord } from '../i18n/data-words';
import { formatCount, formatIncidentDate, t } from '../i18n/page-language';
import { claimsSection, followsNote } from './claims-view';
import { dataLang, namedPlaceText, placeNameText, shownText, summaryText, titleText, wordText } from './data-text';
import { el, safeHttpUrl } from './dom';
import type { Widget } from './widget';

/** How long a read-back may take before the details say it is under way. */
const READING_NOTE_MS = 150;

/** A list item saying how many more a list had than are shown, if it had more. */
const more = (count: number): HTMLLIElement[] =>
  count > SHOWN_ITEMS
    ? [el('li', { class: 'more' }, t('details.more', { count: formatCount(count - SHOWN_ITEMS) }))]
    : [];

export interface IncidentDetailsOptions {
  places: ReadonlyMap<string, Place>;
  /** Looks an incident up by id. */
  incident: (id: string) => Incident | undefined;
  colors: ReadonlyMap<string, string>;
  onSelect: (id: string | null) => void;
  /** The link that reopens the selected incident. */
  linkFor: () => string;
  /** Called when the details close while they had keyboard focus, to put it somewhere useful. */
  onFocusLeaving?: (closedId: string | null) => void;
  /**
   * Reads an incident whole, summary and sources included, where `incident`
   * gives only its short record (the dataset worker keeps the rest); absent
   * when `incident` gives it whole.
   */
  readWhole?: (id: string) => Promise<Incident | undefined>;
}

/** How precisely a place is known, in words: `details.precision.exact` and the like. */
const precisionText = (precision: LocationPrecision): string => t(`details.precision.${precision}`);

/** The selected incident: title, date as written, place, summary, actors, sources, related. */
export class IncidentDetails implements Widget {
  readonly element: HTMLElement;
  readonly #options: IncidentDetailsOptions;
  #shown: string | null = null;
  /** Shows "Reading…" should the text read back be slow. */
  #slow: ReturnType<typeof setTimeout> | undefined;

  constructor(options: IncidentDetailsOptions) {
    this.#options = options;
    this.element = el('section', { class: 'incident-details', 'aria-labelledby': 'incident-title' });
    this.element.hidden = true;
  }
  destroy(): void {
    clearTimeout(this.#slow);
    this.#shown = null;
    this.element.remove();
  }

  render(selected: string | null): void {
    if (selected === this.#shown) return;
    const closed = this.#shown;
    this.#shown = selected;
    // Replacing the panel would drop keyboard focus on the page body; keep it here.
    const hadFocus = this.element.contains(document.activeElement);
    const incident = selected ? this.#options.incident(selected) : undefined;
    this.element.replaceChildren();
    this.element.hidden = !incident;
    if (!incident) {
      this.element.removeAttribute('role');
      if (hadFocus) this.#options.onFocusLeaving?.(closed);
      return;
    }
    this.element.setAttribute('role', 'region');
    this.element.append(...this.#content(incident));
    if (hadFocus) this.element.querySelector<HTMLElement>('#incident-title')?.focus();
    const { readWhole } = this.#options;
    const long = this.element.querySelector<HTMLElement>('.long-text');
    if (!readWhole || !long || !selected) return;
    // The summary and sources follow once read back (a few ms from a file); the rest is shown at once.
    long.setAttribute('aria-busy', 'true');
    long.replaceChildren();
    clearTimeout(this.#slow);
    const slow = setTimeout(() => {
      if (long.hasAttribute('aria-busy')) {
        long.replaceChildren(el('p', { class: 'summary reading' }, t('details.reading')));
      }
    }, READING_NOTE_MS);
    this.#slow = slow;
    readWhole(selected).then(
      (whole) => {
        clearTimeout(slow);
        if (this.#shown !== selected || !whole) return;
        // Where the facts too were read back (a bundle's actors and place), they are shown again.
        this.element.querySelector('.facts')?.replaceWith(this.#facts(whole));
        long.replaceChildren(...this.#longText(whole));
        long.removeAttribute('aria-busy');
      },
      (error: Error) => {
        clearTimeout(slow);
        if (this.#shown !== selected) return;
        long.replaceChildren(el('p', { class: 'summary-note' }, t('details.readFailed', { error: error.message })));
        long.removeAttribute('aria-busy');
      },
    );
  }

  /** Puts keyboard focus on the details' heading, with the details' top brought into view. */
  focusHeading(): void {
    const heading = this.element.querySelector<HTMLElement>('#incident-title');
    if (!heading) return;
    heading.focus({ preventScroll: true });
    this.element.scrollIntoView({ block: 'start' });
  }

  /** Date, place, category, actors and fatalities. */
  #facts(incident: Incident): HTMLElement {
    const { places, colors } = this.#options;
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = colors.get(incident.category) ?? OTHER_COLOR;
    const facts = el('dl', { class: 'facts' });
    const fact = (term: string, ...value: (Node | string)[]) =>
      facts.append(el('dt', {}, term), el('dd', {}, ...value));
    fact(
      t('details.date'),
      el('span', { class: 'date-written' }, formatIncidentDate(incident.date)),
      ' ',
      el('code', { class: 'edtf', title: t('details.edtf') }, incident.date),
      ...followsNote(incident, incident.dateSource),
    );
    fact(
      t('details.place'),
      placeNameText(incident, places),
      el('span', { class: 'precision' }, ` (${precisionText(incident.locationPrecision)})`),
      ...followsNote(incident, incident.placeSource),
    );
    if (incident.origin) fact(t('details.from'), namedPlaceText(incident.origin, places));
    fact(t('details.category'), swatch, wordText(categoryWord(incident.category)));
    if (incident.actors.length > 0) {
      const actors = incident.actors.slice(0, SHOWN_ITEMS).map((a) => el('li', dataLang(), cut(a, SHOWN_CHARS.name)));
      fact(t('details.actors'), el('ul', { class: 'actors' }, ...actors, ...more(incident.actors.length)));
    }
    // Where the figures are claims, they are shown with who claims each (see claimsSection), never one as fact.
    const deathsClaimed = incident.claims?.some((claim) => claim.what === DEATHS) ?? false;
    if (incident.fatalities !== undefined && !deathsClaimed)
      fact(t('details.fatalities'), formatCount(incident.fatalities));
    return facts;
  }

  #content(incident: Incident): Node[] {
    const close = el('button', { type: 'button', class: 'close', 'aria-label': t('details.close') }, '×');
    close.addEventListener('click', () => this.#options.onSelect(null));
    const facts = this.#facts(incident);

    const related = incident.related
      .slice(0, SHOWN_ITEMS)
      .map((id) => this.#options.incident(id))
      .filter((r): r is Incident => r !== undefined)
      .map((r) => {
        const button = titleText('button', { type: 'button', class: 'link-button' }, r);
        button.addEventListener('click', () => this.#options.onSelect(r.id));
        return el('li', {}, button);
      });

    const copy = el('button', { type: 'button', class: 'copy-link' }, t('details.copyLink'));
    const copied = el('span', { class: 'copy-status', role: 'status' });
    copy.addEventListener('click', () => {
      const link = this.#options.linkFor();
      const fallback = () => {
        copied.textContent = t('details.copyThisLink', { link });
      };
      if (!navigator.clipboard) return fallback();
      navigator.clipboard.writeText(link).then(() => {
        copied.textContent = t('details.linkCopied');
      }, fallback);
    });

    return [
      el('header', {}, titleText('h2', { id: 'incident-title', tabindex: '-1' }, incident), close),
      facts,
      el('div', { class: 'long-text' }, ...this.#longText(incident)),
      ...(related.length
        ? [
            el('h3', {}, t('details.related')),
            el('ul', { class: 'related' }, ...related, ...more(incident.related.length)),
          ]
        : []),
      el('div', { class: 'details-actions' }, copy, copied),
    ];
  }

  /** The summary and sources: what may have to be read back before it is shown. */
  #longText(incident: Incident): Node[] {
    const sources = el(
      'ol',
      { class: 'sources' },
      ...incident.sources.slice(0, SHOWN_ITEMS).map((source) => {
        const href = safeHttpUrl(source.url);
        const text = cut(source.title, SHOWN_CHARS.title);
        const title = href
          ? el('a', { href, target: '_blank', rel: 'noopener noreferrer external' }, text)
          : el('span', {}, text);
        const meta = [source.author, source.publisher, source.published]
          .filter(Boolean)
          .map((part) => cut(part as string, SHOWN_CHARS.name))
          .join(', ');
        return el('li', dataLang(), title, meta ? el('span', { class: 'source-meta' }, ` — ${meta}`) : '');
      }),
      ...more(incident.sources.length),
    );

    return [
      summaryText('p', { class: 'summary' }, incident, SHOWN_CHARS.summary),
      ...(shownText(incident).summary.length > SHOWN_CHARS.summary
        ? [
            el(
              'p',
              { class: 'summary-note' },
              t('details.summaryLonger', { count: shownText(incident).summary.length - SHOWN_CHARS.summary }),
            ),
          ]
        : []),
      ...claimsSection(incident),
      el('h3', {}, t('details.sources')),
      sources,
    ];
  }
}
