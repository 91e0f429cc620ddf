import { linkOf } from '../state/selectors';
import type { Action } from '../state/state';
import type { Change, Store } from '../state/store';
import { formatHash, type LinkState, type MapView, parseHash } from '../url/hash';
import { type ChangeCause, historyMode } from '../url/history-policy';

export interface UrlSyncOptions {
  store: Store;
  /** The map's camera as a link writes it. */
  view: () => MapView;
  /** A link's camera, applied (Back, Forward, an edited address). */
  jumpTo: (view: MapView) => void;
  /** A link read from the address: its problems said, then applied. */
  follow: (link: LinkState, problems: string[]) => void;
  /** The address changed (the card's Copy link follows it). */
  written: () => void;
  /** The fingerprint of the dataset on screen, written as `ds=` (undefined while it is not known). */
  fingerprint: () => string | undefined;
}

/** Why an action changed the state, as the history policy reads it; null for a change the link does not hold. */
function causeOf(action: Action, typedBefore: boolean): ChangeCause | null {
  switch (action.type) {
    case 'open':
    case 'incidentsReplaced':
      return 'load';
    case 'followLink':
      return 'history';
    case 'scrub':
    case 'select':
    case 'step':
      return action.type;
    case 'scrubStep':
      return 'scrub';
    case 'goToStep':
      // A story step is a deliberate step: Back and Forward walk the story.
      return 'step';
    case 'play':
    case 'playStep':
      return 'play';
    case 'setFilter':
      // Successive edits of the search text replace one history entry; the first makes it.
      return action.typing && typedBefore ? 'scrub' : 'filter';
    case 'setRange':
    case 'setTimeView':
    case 'setAxis':
      return 'filter';
    case 'setSpan':
    case 'closeStory':
      // Closing the story drops step= from the link it replaces: the view is the same.
      return 'pan';
    case 'pause':
    case 'searchAnswered':
      return null;
  }
}

/**
 * The page's address as a view of the state: each change writes the hash
 * (pushing a history entry for deliberate steps, replacing it for continuous
 * ones), and Back, Forward or an edited address are read back as a link.
 */
export class UrlSync {
  readonly #options: UrlSyncOptions;
  /** Until a dataset is on screen the address is still the link the reader opened. */
  #active = false;
  #typedBefore = false;
  #applying = false;
  #appliedHash: string | null = null;

  constructor(options: UrlSyncOptions) {
    this.#options = options;
    const read = () => this.#read();
    window.addEventListener('popstate', read);
    window.addEventListener('hashchange', read);
  }

  /** Starts (or, with false, stops) writing the address: while a dataset is being put on screen it is left alone. */
  set active(value: boolean) {
    this.#active = value;
  }

  readonly render = (change: Change): void => {
    const { action } = change;
    const cause = causeOf(action, this.#typedBefore);
    if (cause !== null && action.type !== 'setSpan') {
      this.#typedBefore = action.type === 'setFilter' && action.typing === true;
    }
    if (cause) this.write(cause);
  };

  /** The map was moved by the reader (a move made while applying a link must not rewrite the entry returned to). */
  moved(): void {
    if (!this.#applying) this.write('pan');
  }

  /** The link of the state on screen, camera included. */
  link(): LinkState {
    const { store } = this.#options;
    const ds = this.#options.fingerprint();
    return { map: this.#options.view(), ...linkOf(store.state, store.dataset), ...(ds ? { ds } : {}) };
  }

  write(cause: ChangeCause): void {
    const mode = historyMode(cause);
    if (mode === 'none' || !this.#active) return;
    const hash = formatHash(this.link());
    this.#appliedHash = hash;
    if (hash === location.hash) return;
    const url = `${location.pathname}${location.search}${hash}`;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    this.#options.written();
  }

  /** Applies the page's hash after Back, Forward or an edit of the address (popstate and hashchange both call it). */
  #read(): void {
    if (!this.#active) return;
    const hash = location.hash;
    if (hash === this.#appliedHash || hash === formatHash(this.link())) return;
    this.#appliedHash = hash;
    const { link, problems } = parseHash(hash);
    this.#applying = true;
    try {
      if (link.map) this.#options.jumpTo(link.map);
      this.#options.follow(link, problems);
      this.#options.written();
    } finally {
      this.#applying = false;
    }
  }
}
