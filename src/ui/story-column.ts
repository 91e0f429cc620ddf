// A dataset's story on the page (docs/story.md): on a wide screen a column of
// its steps beside the map, read by scrolling, the step in the column's middle
// becoming the one shown (scrollytelling); on a phone or in an embed one step at
// a time, as a card under the map with Previous and Next. Step text is data:
// set as text, in the page's language where the step translates it.
import type { Story } from '../data/types';
import { t, translator } from '../i18n/page-language';
import { stepText, storyTitle } from '../i18n/story-text';
import { fillDataText } from './data-text';
import { el } from './dom';

export interface StoryColumnOptions {
  story: Story;
  /** The reader chose step `n` (1-based): scrolled it to the column's middle, a button, a key. */
  goTo: (n: number) => void;
  /** The reader closed the story. */
  close: () => void;
  reducedMotion: boolean;
  /** Whether the steps are read by scrolling (a wide screen), rather than one card at a time. */
  scrolls: () => boolean;
}

/** The longest title and text shown (what the dataset may give, see data/import/story.ts). */
const SHOWN = { title: 300, text: 2000 };

export class StoryColumn {
  readonly element: HTMLElement;
  readonly #options: StoryColumnOptions;
  readonly #scroller: HTMLElement;
  readonly #steps: HTMLElement[];
  readonly #counter: HTMLElement;
  readonly #hint: HTMLElement;
  readonly #prev: HTMLButtonElement;
  readonly #next: HTMLButtonElement;
  readonly #status: HTMLElement;
  /** The step shown (1-based), or null. */
  #current: number | null = null;
  /** The step the column stands at: the last one shown, kept when the reader leaves it (0: none yet). */
  #place = 0;
  /** A step the column is being scrolled to: what the observer sees on the way is not the reader's choice. */
  #target: number | null = null;
  #observer: IntersectionObserver | null = null;
  /** Whether the observer has made its first report (where the steps stand, not a scroll). */
  #primed = false;

  constructor(options: StoryColumnOptions) {
    this.#options = options;
    const { story } = options;
    const count = story.steps.length;
    const tag = translator().language.tag;
    const heading = el('h2', { id: 'story-title', class: 'story-title' });
    const title = storyTitle(story, tag);
    if (title) fillDataText(heading, title.title, title.translated, SHOWN.title);
    else heading.textContent = t('story.region');
    const close = el('button', { type: 'button', class: 'story-close', 'aria-label': t('story.close') }, '×');
    close.addEventListener('click', () => options.close());
    // Read by scrolling on a wide screen, a card at a time on a phone or in an embed: styles.css shows the one that fits.
    this.#hint = el(
      'div',
      { class: 'story-hint' },
      el('p', { class: 'story-hint-scroll' }, t('story.hint')),
      el('p', { class: 'story-hint-cards' }, t('story.hintCards')),
    );
    this.#steps = story.steps.map((step, i) => {
      const text = stepText(step, tag);
      const title = el('h3', { class: 'story-step-title' });
      fillDataText(title, text.title, text.titleTranslated, SHOWN.title);
      const body = el('p', { class: 'story-step-text' });
      fillDataText(body, text.text, text.textTranslated, SHOWN.text);
      const number = el('p', { class: 'story-step-number' }, t('story.stepOf', { step: i + 1, count }));
      return el('li', { class: 'story-step', 'data-step': String(i + 1) }, number, title, body);
    });
    this.#scroller = el(
      'div',
      { class: 'story-scroller', tabindex: '0', 'aria-labelledby': 'story-title' },
      this.#hint,
      el('ol', { class: 'story-steps', role: 'list' }, ...this.#steps),
    );
    this.#prev = el('button', { type: 'button', class: 'tool story-prev', 'aria-keyshortcuts': 'K' }, t('story.prev'));
    this.#next = el('button', { type: 'button', class: 'tool story-next', 'aria-keyshortcuts': 'J' }, t('story.next'));
    this.#prev.addEventListener('click', () => this.prev());
    this.#next.addEventListener('click', () => this.next());
    this.#counter = el('span', { class: 'story-counter' });
    this.#status = el('p', { class: 'visually-hidden', role: 'status' });
    this.element = el(
      'section',
      { id: 'story', class: 'story', 'aria-labelledby': 'story-title' },
      el('div', { class: 'story-head' }, heading, close),
      this.#scroller,
      el('div', { class: 'story-nav' }, this.#prev, this.#counter, this.#next),
      this.#status,
    );
    this.#scroller.addEventListener('scrollend', () => {
      this.#target = null;
    });
    this.#mark();
  }

  /** The step the column stands at (0: none yet): where Next and Previous go from. */
  get place(): number {
    return this.#place;
  }

  /** Goes to the next step (the first, before any). */
  next(): void {
    if (this.#place < this.#steps.length) this.#options.goTo(this.#place + 1);
  }

  /** Goes to the previous step. */
  prev(): void {
    if (this.#place > 1) this.#options.goTo(this.#place - 1);
  }

  /**
   * Marks step `n` as shown (null: none; the column keeps its place) and
   * brings it to the column's middle; `announce` says it to screen readers.
   */
  show(n: number | null, announce: boolean): void {
    if (n === this.#current) return;
    this.#current = n;
    if (n !== null) this.#place = n;
    this.#mark();
    if (n === null) return;
    this.#bringToMiddle(n);
    if (announce) {
      const title = this.#steps[n - 1].querySelector('.story-step-title')?.textContent ?? '';
      this.#status.textContent = t('story.announce', { step: n, count: this.#steps.length, title });
    }
  }

  /** Starts (true) or stops following the reader's scrolling: while the column is shown. */
  follow(on: boolean): void {
    this.#observer?.disconnect();
    this.#observer = null;
    if (!on) return;
    this.#primed = false;
    // A band across the column's middle: a step entering or leaving it may be the one to show.
    this.#observer = new IntersectionObserver(() => this.#observed(), {
      root: this.#scroller,
      rootMargin: '-45% 0px -45% 0px',
    });
    for (const step of this.#steps) this.#observer.observe(step);
    if (this.#current !== null) this.#bringToMiddle(this.#current);
  }

  #observed(): void {
    // The first report says where the steps stood when the column was shown: not a scroll of the reader's.
    if (!this.#primed) {
      this.#primed = true;
      return;
    }
    if (!this.#options.scrolls()) return;
    const n = this.#inMiddle();
    if (n === null) return;
    if (this.#target !== null) {
      if (n === this.#target) this.#target = null;
      return;
    }
    if (n !== this.#current) this.#options.goTo(n);
  }

  /** The step across the column's middle line (or within a few pixels of it), or null. */
  #inMiddle(): number | null {
    const box = this.#scroller.getBoundingClientRect();
    if (box.height === 0) return null;
    const middle = box.top + box.height / 2;
    const near = box.height * 0.05;
    let best: number | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    this.#steps.forEach((step, i) => {
      const r = step.getBoundingClientRect();
      const distance = r.top > middle ? r.top - middle : r.bottom < middle ? middle - r.bottom : 0;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i + 1;
      }
    });
    return bestDistance <= near ? best : null;
  }

  /** Scrolls the column so step `n` stands in its middle, unless it does already. */
  #bringToMiddle(n: number): void {
    if (!this.#options.scrolls() || this.#inMiddle() === n) return;
    const scroller = this.#scroller;
    const step = this.#steps[n - 1];
    const top = step.offsetTop - (scroller.clientHeight - step.offsetHeight) / 2;
    const to = Math.max(0, Math.min(top, scroller.scrollHeight - scroller.clientHeight));
    if (Math.abs(to - scroller.scrollTop) < 1) return;
    this.#target = n;
    scroller.scrollTo({ top: to, behavior: this.#options.reducedMotion ? 'instant' : 'smooth' });
  }

  /** The current step marked (aria-current), the card's step shown, the buttons and counter as the place says. */
  #mark(): void {
    const count = this.#steps.length;
    this.#steps.forEach((step, i) => {
      if (i + 1 === this.#current) step.setAttribute('aria-current', 'step');
      else step.removeAttribute('aria-current');
      step.classList.toggle('story-place', i + 1 === this.#place);
    });
    this.element.classList.toggle('story-started', this.#place > 0);
    this.#counter.textContent = this.#place > 0 ? t('story.stepOf', { step: this.#place, count }) : '';
    this.#prev.disabled = this.#place <= 1;
    this.#next.disabled = this.#place >= count;
    this.#next.textContent = this.#place === 0 ? t('story.start') : t('story.next');
  }
}

/** Whether a key pressed here is the field's own (text entry, selects, sliders). */
function isFormField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * J goes to the next story step and K to the previous, wherever focus is not in
 * a form field and no dialog is open: Left and Right stay the timeline's (SPEC).
 */
export function bindStoryKeys(target: Document, actions: { next(): void; prev(): void; active(): boolean }): void {
  target.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented || event.repeat) return;
    if (isFormField(event.target) || target.querySelector('dialog[open]') || !actions.active()) return;
    const key = event.key.toLowerCase();
    if (key !== 'j' && key !== 'k') return;
    event.preventDefault();
    if (key === 'j') actions.next();
    else actions.prev();
  });
}
