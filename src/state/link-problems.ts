// What a link asks for that the dataset does not have, in words for the reader.
// The reducer drops those parts (see reduce's `open` and `followLink`); this
// says which, in the words `say` gives (the page's language unless told). Pure.

import { quoteCell } from '../data/text/quote';
import { type MessageValues, t } from '../i18n/page-language';
import type { LinkState } from '../url/hash';
import type { StateDataset } from './state';

/** A message by its catalogue key, its placeholders filled: the page's `t`, or a Translator's. */
export type Say = (key: string, values?: MessageValues) => string;

/** One sentence per name or id of `link` that `dataset` does not have. */
export function linkProblems(link: LinkState, dataset: StateDataset, say: Say = t): string[] {
  const { incidents } = dataset.timeline;
  const { packed } = incidents;
  const problems: string[] = [];
  const unknown = (names: string[] | undefined, all: readonly string[], key: string) => {
    const allNames = new Set(all);
    const missing = (names ?? []).filter((name) => !allNames.has(name));
    if (missing.length === 0) return;
    const first = missing.slice(0, 5).map(quoteCell).join(say('app.comma'));
    const listed = missing.length > 5 ? say('link.andMore', { names: first, more: missing.length - 5 }) : first;
    problems.push(say(key, { names: listed, count: missing.length }));
  };
  unknown(link.categories, packed.categories, 'link.noCategory');
  unknown(link.countries, packed.countries, 'link.noCountry');
  unknown(link.actors, packed.actorNames, 'link.noActor');
  if (link.incident !== undefined && !incidents.has(link.incident)) {
    const id = quoteCell(link.incident);
    problems.push(say(link.date ? 'link.noIncidentDate' : 'link.noIncident', { id }));
  } else if (link.upto !== undefined && !incidents.has(link.upto)) {
    problems.push(say('link.noUpto', { id: quoteCell(link.upto) }));
  }
  const steps = dataset.story?.steps.length ?? 0;
  if (link.step !== undefined && link.step > steps) {
    problems.push(say(steps ? 'story.linkRange' : 'story.noStory', { step: link.step, count: steps }));
  }
  return problems;
}
