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

/**
 * Folds `text` as foldForSearch does, writing it into `units` from `at` as
 * UTF-16 code units, when it is all ASCII (most is): one pass, no strings made.
 * Returns where the line ends, or -1 when the text is not all ASCII (nothing
 * is then to be taken from `units`). `units` must have room for `text.length`.
 */
export function foldAsciiInto(text: string, units: Uint16Array, at: number): number {
  let to = at;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x80) return -1;
    // White space as \s reads it in ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
    if (unit === 32 || (unit >= 9 && unit <= 13)) {
      if (!space) units[to++] = 32;
      space = true;
      continue;
    }
    space = false;
    units[to++] = unit >= 65 && unit <= 90 ? unit + 32 : unit;
  }
  return to;
}

/** What search looks through for one incident, before folding: title, summary, actors and place, on one line. */
export function searchLineOf(parts: {
  title: string;
  summary?: string;
  actors: readonly string[];
  place?: string;
}): string {
  let text = parts.title;
  if (parts.summary) text += ` ${parts.summary}`;
  for (const actor of parts.actors) text += ` ${actor}`;
  if (parts.place) text += ` ${parts.place}`;
  return text;
}
