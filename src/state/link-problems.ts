// What a link asks for that the dataset does not have, in words for the reader.
// The reducer drops those parts (see reduce's `open` and `followLink`); this
// says which. Pure.

import { formatCount, quoteCell } from '../data/text/quote';
import type { LinkState } from '../url/hash';
import type { StateDataset } from './state';

/** One sentence per name or id of `link` that `dataset` does not have. */
export function linkProblems(link: LinkState, dataset: StateDataset): string[] {
  const { incidents } = dataset.timeline;
  const { packed } = incidents;
  const problems: string[] = [];
  const unknown = (names: string[] | undefined, all: readonly string[], what: string) => {
    const allNames = new Set(all);
    const missing = (names ?? []).filter((name) => !allNames.has(name));
    if (missing.length === 0) return;
    const more = missing.length > 5 ? ` and ${formatCount(missing.length - 5)} more` : '';
    problems.push(
      `This dataset has no ${what} ${missing.slice(0, 5).map(quoteCell).join(', ')}${more}; the filter leaves ${missing.length > 1 ? 'them' : 'it'} out.`,
    );
  };
  unknown(link.categories, packed.categories, 'category');
  unknown(link.countries, packed.countries, 'country');
  unknown(link.actors, packed.actorNames, 'actor');
  if (link.incident !== undefined && !incidents.has(link.incident)) {
    problems.push(
      `Sorry, this dataset has no incident ${quoteCell(link.incident)}. ${link.date ? 'The link’s date is shown instead.' : 'The whole timeline is shown instead.'}`,
    );
  } else if (link.upto !== undefined && !incidents.has(link.upto)) {
    problems.push(`Sorry, this dataset has no incident ${quoteCell(link.upto)}; the link’s date is used instead.`);
  }
  return problems;
}
