import { type MessageValues, t } from './page-language';

/** What a message's placeholder may be filled with: text, a number, or a part of the page (an element). */
export type PartValues<Part extends object> = Readonly<Record<string, string | number | Part>>;

// Placeholders stand for elements while the message is worded: each language puts them where its
// sentences want them ("16 according to ISPR" in English, "ISPR کے مطابق 16" in Urdu).
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = /\uE000(\d+)\uE001/;

/**
 * The page's message `key` as nodes to append: text, with the elements given
 * as values in the places the language's message puts them. Text values stay
 * text (never HTML).
 */
export function worded<Part extends object>(key: string, values: PartValues<Part>): (Part | string)[] {
  const nodes: Part[] = [];
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' || typeof value === 'number') flat[name] = value;
    else {
      flat[name] = `${OPEN}${nodes.length}${CLOSE}`;
      nodes.push(value);
    }
  }
  const parts = t(key, flat as MessageValues).split(MARK);
  const out: (Part | string)[] = [];
  const used = new Set<number>();
  // split with a group gives text, index, text, index, …, text.
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      if (part) out.push(part);
      return;
    }
    const n = Number(part);
    // A mark a text value happened to hold is left as the text it was.
    if (n < nodes.length && !used.has(n)) {
      used.add(n);
      out.push(nodes[n]);
    } else out.push(`${OPEN}${part}${CLOSE}`);
  });
  return out;
}
