/** How wide a text is drawn, in CSS pixels, in one of the image's fonts (a canvas's measureText, or a stub in tests). */
export type Measure = (text: string) => number;

/**
 * Breaks `text` into lines no wider than `width`, at spaces; a word wider than
 * a line on its own is broken where it must (see breakAnywhere). At most
 * `maxLines` lines: the last one kept ends in an ellipsis when text is left out.
 */
export function wrapWords(text: string, width: number, measure: Measure, maxLines = Infinity): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (measure(joined) <= width) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    if (measure(word) <= width) {
      line = word;
      continue;
    }
    const pieces = breakAnywhere(word, width, measure);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? '';
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = ellipsize(`${kept[maxLines - 1]} ${lines[maxLines]}`, width, measure);
  return kept;
}

/**
 * Breaks text with no spaces to speak of (a link) into lines no wider than
 * `width`, preferring to break after `/`, `&`, `?`, `#` or `=` when one is in
 * the line's last third, so a reader can type it back. Every character is kept.
 */
export function breakAnywhere(text: string, width: number, measure: Measure): string[] {
  const chars = Array.from(text);
  const lines: string[] = [];
  let start = 0;
  while (start < chars.length) {
    // The longest run that fits, by halving: a measure a character would be slow for a long link.
    let low = start + 1;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (measure(chars.slice(start, mid).join('')) <= width) low = mid;
      else high = mid - 1;
    }
    let end = low;
    if (end < chars.length) {
      for (let i = end - 1; i > start + (end - start) * (2 / 3); i--) {
        if ('/&?#='.includes(chars[i])) {
          end = i + 1;
          break;
        }
      }
    }
    lines.push(chars.slice(start, end).join(''));
    start = end;
  }
  return lines;
}

/** `text`, cut at a character and ended with an ellipsis if it is wider than `width`. */
export function ellipsize(text: string, width: number, measure: Measure): string {
  if (measure(text) <= width) return text;
  const chars = Array.from(text);
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(`${chars.slice(0, mid).join('').trimEnd()}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join('').trimEnd()}…`;
}

const ISOLATE_OPENERS = '\u2066\u2067\u2068';
const ISOLATE_CLOSER = '\u2069';

/**
 * Closes on each line the bidi isolates (LRI, RLI, FSI … PDI) a wrap has cut,
 * and opens them again on the next, so that each line, drawn on its own, keeps
 * its run of left-to-right text (an English attribution on an Urdu image) in
 * order: a cut isolate would leave the next line's full stop on the wrong side.
 */
export function balanceIsolates(lines: readonly string[]): string[] {
  const open: string[] = [];
  return lines.map((line) => {
    const prefix = open.join('');
    for (const char of line) {
      if (ISOLATE_OPENERS.includes(char)) open.push(char);
      else if (char === ISOLATE_CLOSER) open.pop();
    }
    return prefix + line + ISOLATE_CLOSER.repeat(open.length);
  });
}
