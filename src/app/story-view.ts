import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Story, StoryStep } from '../data/types';
import { t } from '../i18n/page-language';
import type { MapView } from '../map/map-view';
import { foldOverlays, showStepView } from '../map/story-camera';
import type { StateDataset } from '../state/state';
import type { Change, Store } from '../state/store';
import { el } from '../ui/dom';
import { bindStoryKeys, StoryColumn } from '../ui/story-column';

export interface StoryViewOptions {
  store: Store;
  map: MapLibreMap;
  mapView: MapView;
  /** The element the story column goes after (the map's). */
  after: HTMLElement;
  embedded: boolean;
  reducedMotion: boolean;
  /** How much of the map's lower edge the page covers (a card on a phone or in an embed, this story's too), CSS pixels. */
  coveredHeight: () => number;
}

/** Wider than this, the story is a column read by scrolling; at most this, a card at a time (styles.css). */
const PHONE_WIDTH = 700;

/**
 * The dataset's story on the page (docs/story.md): the column or cards, the
 * header's Story toggle, J and K, and the map following each step shown. It
 * opens with a step shown (a link's `#step=N`, the API) or the toggle; a
 * dataset opens as it would without a story, so the first view is the one the
 * SPEC describes (the map at its size from the start, a phone's incident card).
 */
export class StoryView {
  readonly #options: StoryViewOptions;
  readonly #toggle: HTMLButtonElement;
  #story: Story | null = null;
  #column: StoryColumn | null = null;
  #open = false;

  constructor(options: StoryViewOptions) {
    this.#options = options;
    this.#toggle = el(
      'button',
      { type: 'button', class: 'tool story-toggle', 'aria-controls': 'story', 'aria-pressed': 'false', hidden: '' },
      t('story.toggle'),
    );
    this.#toggle.addEventListener('click', () => this.#setOpen(!this.#open, true));
    document.querySelector('.app-header .dataset-name')?.after(this.#toggle);
    bindStoryKeys(document, {
      next: () => this.#column?.next(),
      prev: () => this.#column?.prev(),
      active: () => this.#open,
    });
  }

  /** Draws a change: a new dataset's story, the step shown, and the map's move to it. */
  readonly render = (change: Change): void => {
    const { action, state, before, dataset } = change;
    const story = dataset.story ?? null;
    const fresh = story !== this.#story;
    if (fresh) this.#build(story, state.storyStep !== null);
    if (!this.#column) return;
    const step = state.storyStep;
    if (step !== null && !this.#open) this.#setOpen(true, false);
    if (fresh || step !== before.storyStep) this.#column.show(step, !fresh);
    // Going to the step shown again (the API, a host page) takes the map back to it after the reader panned.
    const again = action.type === 'goToStep' && step === before.storyStep;
    if (step === null || (step === before.storyStep && !fresh && !again)) return;
    // A dataset opening moves its camera itself, once framed (see framed); a link with a view has it already.
    if (action.type === 'goToStep') this.#camera(step, dataset, this.#options.reducedMotion);
    else if (action.type === 'followLink' && !action.link.map) this.#camera(step, dataset, true);
  };

  /** How much of the map's foot the story's card covers (a phone's card over the map), CSS pixels; 0 beside or below it. */
  coveredHeight(): number {
    const element = this.#column?.element;
    if (!element || !this.#open) return 0;
    const map = this.#options.after.getBoundingClientRect();
    const card = element.getBoundingClientRect();
    if (card.left >= map.right || card.right <= map.left) return 0;
    return Math.max(0, map.bottom - card.top);
  }

  /** A dataset opened at a step by a link without a view of its own: the map goes to the step's. */
  framed(hasView: boolean): void {
    const { store } = this.#options;
    const step = store.state.storyStep;
    if (step !== null && !hasView) this.#camera(step, store.dataset, true);
  }

  #camera(n: number, dataset: StateDataset, instant: boolean): void {
    const step: StoryStep | undefined = dataset.story?.steps[n - 1];
    if (!step) return;
    const { map, mapView, store } = this.#options;
    const incident = step.incident;
    if (!step.view) {
      if (incident) mapView.bringIntoView(incident, dataset);
      return;
    }
    // The step's view was written for a wider map than a column or card may leave: once there, its incident is
    // brought in if the view left it out (unless the reader has moved on meanwhile).
    if (incident) {
      map.once('moveend', () => {
        if (store.state.storyStep === n) mapView.bringIntoView(incident, store.dataset);
      });
    }
    showStepView(map, step.view, { instant, covered: this.#options.coveredHeight() });
  }

  #build(story: Story | null, atStep: boolean): void {
    this.#setOpen(false, false);
    this.#column?.element.remove();
    this.#column = null;
    this.#story = story;
    this.#toggle.hidden = story === null;
    if (!story) return;
    const { store, after, reducedMotion, embedded } = this.#options;
    this.#column = new StoryColumn({
      story,
      goTo: (n) => store.dispatch({ type: 'goToStep', step: n }),
      close: () => this.#setOpen(false, true),
      reducedMotion,
      scrolls: () => !embedded && window.innerWidth > PHONE_WIDTH,
    });
    this.#column.element.hidden = true;
    after.after(this.#column.element);
    this.#setOpen(atStep, false);
  }

  #setOpen(open: boolean, byReader: boolean): void {
    const column = this.#column;
    const was = this.#open;
    this.#open = open && column !== null;
    document.body.classList.toggle('story-open', this.#open);
    this.#toggle.setAttribute('aria-pressed', String(this.#open));
    if (!column) return;
    column.element.hidden = !this.#open;
    column.follow(this.#open);
    // The map's size changes with the column beside it (only then: a resize costs the map a redraw); a narrow map
    // folds its attribution and legend, as a phone's do.
    if (this.#open === was) return;
    const { map } = this.#options;
    map.resize();
    if (this.#open && map.getContainer().clientWidth <= PHONE_WIDTH) foldOverlays(map);
    if (!byReader) return;
    if (this.#open) (column.element.querySelector('.story-scroller') as HTMLElement | null)?.focus();
    else {
      this.#toggle.focus();
      // Closed by the reader, the story shows no step: the link and getState() stop naming one.
      this.#options.store.dispatch({ type: 'closeStory' });
    }
  }
}
