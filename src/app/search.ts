import { t } from '../i18n/page-language';
import { searchKey } from '../state/selectors';
import type { Action } from '../state/state';
import type { Change, Store } from '../state/store';

/** The actions that can change the search's words or the incidents searched. */
const ASKING_ACTIONS = new Set<Action['type']>(['open', 'followLink', 'incidentsReplaced', 'setFilter', 'setRange']);

/**
 * Asks the dataset worker (which keeps the text of a big dataset) for each new
 * search the filter holds, and dispatches its answer. The page's own search
 * needs none of this: the filter reads the text it holds.
 */
export function searchTheWorker(store: Store, report: (message: string) => void): (change: Change) => void {
  /** Searches asked and not answered yet, by their words and the store asked. */
  const asking = new Map<string, unknown>();
  return ({ action, state, dataset }) => {
    const incidents = dataset.timeline.incidents;
    // Asked when the search or the dataset may have changed; a failed one is asked again when retyped.
    if (!incidents.textElsewhere || !ASKING_ACTIONS.has(action.type)) return;
    const words = searchKey(state.filter.q);
    if (words === '' || state.answers.some((a) => a.words === words) || asking.get(words) === incidents) return;
    asking.set(words, incidents);
    incidents.search(words).then(
      (mask) => {
        if (asking.get(words) === incidents) asking.delete(words);
        if (store.dataset.timeline.incidents !== incidents) return;
        store.dispatch({ type: 'searchAnswered', answer: { words, mask } });
      },
      (error: Error) => {
        if (asking.get(words) === incidents) asking.delete(words);
        if (store.dataset.timeline.incidents !== incidents) return;
        report(t('app.searchFailed', { error: error.message }));
      },
    );
  };
}
