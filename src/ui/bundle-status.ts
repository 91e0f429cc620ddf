import { dayFromNumber } from '../data/dates/incident-date';
import { formatCount, formatIncidentDate, t, translator } from '../i18n/page-language';
import { el } from './dom';

/** Days as a reader says them: "1 Jun 2024 – 30 Jun 2024", or one day. */
export function daysText(from: number, to: number): string {
  const first = formatIncidentDate(dayFromNumber(from));
  return from === to ? first : t('bundle.days', { from: first, to: formatIncidentDate(dayFromNumber(to)) });
}

/** Bytes in words: "840 kB", "2.1 MB". */
export function bytesText(bytes: number): string {
  if (bytes < 1e6) return t('bundle.kb', { size: formatCount(Math.max(1, Math.round(bytes / 1e3))) });
  const mb = new Intl.NumberFormat(translator().locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return t('bundle.mb', { size: mb.format(bytes / 1e6) });
}

export type BundleState = 'reading' | 'read' | 'too-many' | 'failed';

/**
 * A line over the top of the map saying what of a bundle the page holds: the days being fetched,
 * those fetched and what they cost, or why none are (too many to read at once, a host that fails).
 * A polite live region: it is read out when it changes, without interrupting. Its data attributes
 * (state, from, to, requests, bytes) are for tests and anyone reading the page's structure.
 */
export class BundleStatus {
  readonly element: HTMLElement;

  constructor() {
    this.element = el('p', { class: 'bundle-status', role: 'status', 'aria-live': 'polite' });
    this.element.hidden = true;
  }

  show(state: BundleState, text: string, data: Record<string, number> = {}): void {
    this.element.hidden = false;
    this.element.dataset.state = state;
    for (const key of ['from', 'to', 'requests', 'bytes', 'rows']) delete this.element.dataset[key];
    for (const [key, value] of Object.entries(data)) this.element.dataset[key] = String(value);
    this.element.textContent = text;
  }

  remove(): void {
    this.element.remove();
  }
}
