// Text from data as messages, the page and the map write it: counts, texts cut
// short, cells quoted. A cell can be megabytes long; a message or a label that
// shows it whole becomes one the page cannot lay out. The one home of these
// for src/data, src/ui and src/map alike (ui and map import nothing of each
// other). Pure.

import { type DataValue, english, say } from './messages';

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
  return englishOf(quoteCellText(text));
}

/** quoteCell as a message value: the quote is data, "(N characters)" words of ours. */
export function quoteCellText(text: string): DataValue {
  if (text.length <= QUOTE_CHARS) return JSON.stringify(text);
  let cut = QUOTE_CHARS - 1;
  // Not between the two halves of a surrogate pair.
  const unit = text.charCodeAt(cut - 1);
  if (unit >= 0xd800 && unit <= 0xdbff) cut--;
  return say('data.value.cut', { text: JSON.stringify(`${text.slice(0, cut)}…`), length: text.length });
}

/** A JSON value as a message names it: a string or a number as written (quoted, cut), else what it is. */
export function quoteValue(value: unknown): string {
  return englishOf(quoteValueText(value));
}

/** quoteValue as a message value. */
export function quoteValueText(value: unknown): DataValue {
  if (typeof value === 'string') return quoteCellText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return say('data.value.nothing');
  if (Array.isArray(value)) return say('data.value.aList');
  return say('data.value.anObject');
}

/** What a JSON value is, in words: "the string "abc"", "the number 4", "a list (JSON array)". */
export function describeValue(value: unknown): string {
  return englishOf(describeValueText(value));
}

/** describeValue as a message value. */
export function describeValueText(value: unknown): DataValue {
  if (value === null) return 'null';
  if (Array.isArray(value)) return say('data.value.jsonArray');
  if (typeof value === 'string') return say('data.value.string', { value: quoteCellText(value) });
  if (typeof value === 'number') return say('data.value.number', { value: String(value) });
  if (typeof value === 'boolean') return say('data.value.boolean', { value: String(value) });
  return say('data.value.anObject');
}

function englishOf(value: DataValue): string {
  return typeof value === 'object' ? english(value) : String(value);
}
