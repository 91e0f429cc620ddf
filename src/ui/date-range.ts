import { dayFromNumber, dayNumber } from '../data/dates/incident-date';
import { formatIncidentDate, t } from '../i18n/page-language';
import { el } from './dom';

export interface DateRangeOptions {
  /** The dataset's first and last day (YYYY-MM-DD): the inputs' bounds. */
  firstDay: string;
  lastDay: string;
  /** A range was chosen (either end may be null: no bound), or cleared (both null). */
  onChange: (from: string | null, to: string | null) => void;
}

export interface DateRangeView {
  from: string | null;
  to: string | null;
  /** The timeline's date: "this year" and "this month" are its. */
  cursorDay: string;
  /** The days the time axis is zoomed to, or null. */
  span: [string, string] | null;
}

/** Milliseconds a typed day waits for the next keystroke before it applies (a year typed digit by digit is a valid day at each). */
const TYPING_DELAY = 800;

/** The first and last day of the year, month or day a search text names (`2014`, `2014-03`, `2014-03-09`), or null. */
export function periodOf(text: string): { from: string; to: string; name: string } | null {
  const match = /^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$/.exec(text);
  if (!match) return null;
  const [, year, month, day] = match;
  if (day) {
    const d = `${year}-${month}-${day}`;
    return Number.isFinite(dayNumber(d)) ? { from: d, to: d, name: formatIncidentDate(d) } : null;
  }
  if (month) {
    const m = Number(month);
    if (m < 1 || m > 12) return null;
    const from = `${year}-${month}-01`;
    const nextYear = String(Number(year) + 1).padStart(4, '0');
    const next = m === 12 ? `${nextYear}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
    return { from, to: dayFromNumber(dayNumber(next) - 1), name: formatIncidentDate(`${year}-${month}`) };
  }
  return { from: `${year}-01-01`, to: `${year}-12-31`, name: formatIncidentDate(year) };
}

/**
 * A date range that narrows the incidents like the other filters: "from" and
 * "to" days typed or picked (native date inputs), the year or month of the
 * timeline's date in one press, or the days the time axis is zoomed to.
 */
export class DateRange {
  readonly element: HTMLDetailsElement;
  readonly #options: DateRangeOptions;
  readonly #from: HTMLInputElement;
  readonly #to: HTMLInputElement;
  readonly #summary: HTMLElement;
  readonly #year: HTMLButtonElement;
  readonly #month: HTMLButtonElement;
  readonly #zoomed: HTMLButtonElement;
  readonly #all: HTMLButtonElement;
  #view: DateRangeView | null = null;

  /** A typed day waiting to apply. */
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: DateRangeOptions) {
    this.#options = options;
    const input = (label: string) =>
      el('input', { type: 'date', min: options.firstDay, max: options.lastDay, 'aria-label': label });
    this.#from = input(t('dates.from'));
    this.#to = input(t('dates.to'));
    // A day picked or typed applies once typing pauses, or at Enter or on leaving the field; two
    // days in the wrong order are swapped then, in both fields, never while one is being typed.
    const apply = () => {
      clearTimeout(this.#timer);
      let [from, to] = [this.#from.value || null, this.#to.value || null];
      if (from && to && to < from) {
        [from, to] = [to, from];
        [this.#from.value, this.#to.value] = [from, to];
      }
      if (from !== this.#view?.from || to !== this.#view?.to) options.onChange(from, to);
    };
    for (const field of [this.#from, this.#to]) {
      field.addEventListener('change', () => {
        clearTimeout(this.#timer);
        this.#timer = setTimeout(apply, TYPING_DELAY);
      });
      field.addEventListener('blur', apply);
      field.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') apply();
      });
    }
    const button = (text: string) => el('button', { type: 'button', class: 'tool date-preset' }, text);
    this.#year = button(t('dates.only', { period: t('dates.thisYear') }));
    this.#month = button(t('dates.only', { period: t('dates.thisMonth') }));
    this.#zoomed = button(t('dates.zoomed'));
    this.#zoomed.title = t('dates.zoomedTitle');
    this.#all = button(t('dates.all'));
    this.#year.addEventListener('click', () => this.#preset(this.#view?.cursorDay.slice(0, 4)));
    this.#month.addEventListener('click', () => this.#preset(this.#view?.cursorDay.slice(0, 7)));
    this.#zoomed.addEventListener('click', () => {
      const span = this.#view?.span;
      if (span) options.onChange(span[0], span[1]);
    });
    this.#all.addEventListener('click', () => options.onChange(null, null));
    this.#summary = el('summary', {}, t('dates.summary'));
    this.element = el(
      'details',
      { class: 'facet date-range' },
      this.#summary,
      el(
        'div',
        { class: 'date-range-days' },
        el('label', {}, `${t('dates.fromLabel')} `, this.#from),
        el('label', {}, `${t('dates.toLabel')} `, this.#to),
      ),
      el(
        'div',
        { class: 'date-range-presets', role: 'group', 'aria-label': t('dates.presets') },
        this.#year,
        this.#month,
        this.#zoomed,
        this.#all,
      ),
    );
  }
  /** Drops a typed day still waiting to apply. */
  destroy(): void {
    clearTimeout(this.#timer);
    this.element.remove();
  }

  #preset(text: string | undefined): void {
    const period = text ? periodOf(text) : null;
    if (period) this.#options.onChange(period.from, period.to);
  }

  update(view: DateRangeView): void {
    const before = this.#view;
    this.#view = view;
    if (document.activeElement !== this.#from) this.#from.value = view.from ?? '';
    if (document.activeElement !== this.#to) this.#to.value = view.to ?? '';
    const ranged = view.from !== null || view.to !== null;
    this.#summary.textContent = ranged
      ? t('dates.summaryRange', {
          from: view.from ? formatIncidentDate(view.from) : '…',
          to: view.to ? formatIncidentDate(view.to) : '…',
        })
      : t('dates.summary');
    // A range from a link shows itself; the analyst's own opening and closing is left alone.
    if (ranged && before && before.from === null && before.to === null) this.element.open = true;
    if (ranged && !before) this.element.open = true;
    const year = periodOf(view.cursorDay.slice(0, 4));
    const month = periodOf(view.cursorDay.slice(0, 7));
    this.#year.textContent = t('dates.only', { period: year?.name ?? t('dates.thisYear') });
    this.#month.textContent = t('dates.only', { period: month?.name ?? t('dates.thisMonth') });
    this.#zoomed.hidden = view.span === null;
    this.#all.hidden = !ranged;
  }
}
