// Holds the state of the dataset on screen and passes each action through
// `reduce`, then tells every view, once, what changed. The only place the state
// is replaced. Pure (no DOM): the effects (timers, the dataset worker) are the
// wiring's, which dispatches what they bring.

import { type Action, type AtlasState, initialState, reduce, type StateDataset } from './state';

/** One action's change: the state before and after, and the dataset they are of. */
export interface Change {
  action: Action;
  state: AtlasState;
  before: AtlasState;
  dataset: StateDataset;
}

/** A view: renders a change. Called once per action that changed the state, in the order views subscribed. */
export type View = (change: Change) => void;

export class Store {
  #dataset: StateDataset;
  #state: AtlasState;
  readonly #views: View[] = [];
  /** Actions dispatched while the views draw another: applied after it, in order. */
  #queue: { action: Action; dataset: StateDataset | undefined }[] | null = null;

  constructor(dataset: StateDataset) {
    this.#dataset = dataset;
    this.#state = initialState(dataset);
  }

  get state(): AtlasState {
    return this.#state;
  }

  get dataset(): StateDataset {
    return this.#dataset;
  }

  /** Adds a view; returns what removes it. */
  subscribe(view: View): () => void {
    this.#views.push(view);
    return () => {
      const at = this.#views.indexOf(view);
      if (at >= 0) this.#views.splice(at, 1);
    };
  }

  /**
   * Applies `action` on `dataset` (the one held unless another is given: it
   * replaces it). An action dispatched while the views draw another (a listener
   * of the public API pausing, say) waits until every view has drawn that one.
   */
  dispatch(action: Action, dataset?: StateDataset): void {
    if (this.#queue) {
      this.#queue.push({ action, dataset });
      return;
    }
    this.#queue = [{ action, dataset }];
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) this.#apply(next.action, next.dataset);
    } finally {
      this.#queue = null;
    }
  }

  #apply(action: Action, dataset: StateDataset = this.#dataset): void {
    const before = this.#state;
    const state = reduce(before, action, dataset);
    const replaced = dataset !== this.#dataset;
    this.#dataset = dataset;
    if (state === before && !replaced) return;
    this.#state = state;
    const change = { action, state, before, dataset };
    for (const view of [...this.#views]) view(change);
  }
}
