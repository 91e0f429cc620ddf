// Text from data as messages, the page and the map write it: counts, texts cut
// short, cells quoted. A cell can be megabytes long; a message or a label that
// shows it whole becomes one the page cannot lay out. The one home of these
// for src/data, src/ui and src/map alike (ui and map import nothing of each
// other). Pure.

/** About how many characters of a cell a message quotes. */
export const QUOTE_CHARS = 80;

/**
 * How much of a text from data the page lays out in one place. A title or a
 * name of megabytes (with no space to break at) held the page for seconds;
 * the dataset keeps it whole (export writes it all).
 */
export const SHOWN_CHARS = { title: 300, name: 200, summary: 20_000 } as const;
/** How many of an incident's actors, sources or related incidents are listed. */
export const SHOWN_ITEMS = 50;

const COUNT = new Intl.NumberFormat('en-GB');
/** A count as messages and the page write it: 100,000. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** `text` cut to `max` characters with an ellipsis (not between the halves of a surrogate pair), or as it is. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const unit = text.charCodeAt(max - 2);
  return `${text.slice(0, unit >= 0xd800 && unit <= 0xdbff ? max - 2 : max - 1)}…`;
}

/**
 * `text` in double quotes (escaped as JSON escapes it, so a line break or a NUL
 * shows), cut after about QUOTE_CHARS characters, with its length said when cut.
 */
export function quoteCell(text: string): string {
  if (text.length <= QUOTE_CHARS) return JSON.stringify(text);
  let cut = QUOTE_CHARS - 1;
  // Not between the two halves of a surrogate pair.
  const unit = text.charCodeAt(cut - 1);
  if (unit >= 0xd800 && unit <= 0xdbff) cut--;
  return `${JSON.stringify(`${text.slice(0, cut)}…`)} (${formatCount(text.length)} characters)`;
}

/** A JSON value as a message names it: a string or a number as written (quoted, cut), else what it is. */
export function quoteValue(value: unknown): string {
  if (typeof value === 'string') return quoteCell(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return 'an object';
}

/** What a JSON value is, in words: "the string "abc"", "the number 4", "a list (JSON array)". */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list (JSON array)';
  if (typeof value === 'string') return `the string ${quoteCell(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the value ${value}`;
  return 'an object';
}
