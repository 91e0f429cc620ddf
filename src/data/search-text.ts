// Text as search compares it: lower case, accents and other marks dropped, runs
// of white space as one space. The worker folds each incident's searchable text
// once when it packs the dataset; the page folds what is typed the same way.
// Pure.

const MARKS = /[\u0300-\u036f]/g;
const SPACE = /\s+/g;
const NON_ASCII = /[^\p{ASCII}]/u;

/** `Ḳābul  Province` -> `kabul province`. */
export function foldForSearch(text: string): string {
  const lower = text.toLowerCase();
  // Most text is ASCII; only the rest needs decomposing.
  const folded = NON_ASCII.test(lower) ? lower.normalize('NFKD').replace(MARKS, '') : lower;
  return folded.replace(SPACE, ' ');
}

/** What search looks through for one incident: title, summary, actors and place, folded, on one line. */
export function searchTextOf(parts: {
  title: string;
  summary?: string;
  actors: readonly string[];
  place?: string;
}): string {
  let text = parts.title;
  if (parts.summary) text += ` ${parts.summary}`;
  for (const actor of parts.actors) text += ` ${actor}`;
  if (parts.place) text += ` ${parts.place}`;
  return foldForSearch(text);
}
