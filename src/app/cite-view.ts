// What "Cite this view" cites: the dataset on screen, what the view shows and
// its permalink, gathered from the explorer when the dialog opens.
import type { CitedView } from '../cite/citation';
import { formatIncidentDate, t } from '../i18n/page-language';
import type { CiteDialogContent } from '../ui/cite-dialog';
import { shownText } from '../ui/data-text';
import type { Explorer } from './explorer';

/** Who shows every view, and who made the embedded dataset's summaries. */
export const PUBLISHER = 'Incident Atlas';

/** The day in the reader's time zone, `YYYY-MM-DD`. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The Cite dialog's content for the view on screen. `title`: the dataset's
 * name as the page shows it; `embedded`: it is the atlas's own dataset (the
 * atlas is then its author, and the dataset's credit line is shown beside);
 * `fromFile`: it was opened from a file, not a link.
 */
export function citeContent(
  explorer: Explorer,
  options: { title: string; embedded: boolean; fromFile: boolean; now?: Date },
): CiteDialogContent {
  const { dataset } = explorer;
  const state = explorer.api.getState();
  const selected = state.incident ? dataset.incidents.byId(state.incident) : undefined;
  const accessed = localDay(options.now ?? new Date());
  const author = options.embedded ? PUBLISHER : dataset.attribution;
  const view: CitedView = {
    ...(author ? { author } : {}),
    publisher: PUBLISHER,
    dataset: options.title,
    shows: selected ? shownText(selected).title : t('cite.asOf', { date: state.date }),
    url: location.href,
    accessed,
    ...(dataset.fingerprint ? { fingerprint: dataset.fingerprint } : {}),
  };
  return {
    view,
    accessedText: formatIncidentDate(accessed),
    fromFile: options.fromFile,
    ...(dataset.attribution && dataset.attribution !== author ? { attribution: dataset.attribution } : {}),
  };
}
