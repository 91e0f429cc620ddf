// Works out what a file is from its name and first few KB of text, before
// reading it all, and says in plain words when it is not something we open.
// Size is no reason: memory is checked as a file is read (see memory-budget.ts). Pure.

import { type DataKey, type DataText, english, say } from '../text/messages';

/** `error` in English; `text` as a message key and values. */
export type SniffResult = { format: 'geojson' | 'csv' | 'tsv' } | { error: string; text: DataText };

function refused(text: DataText): SniffResult {
  return { error: english(text), text };
}

/**
 * Whether a file is Parquet: its first bytes are PAR1, or its name ends in
 * .parquet or .geoparquet. Asked before sniffFormat by a reader of Parquet
 * (the dataset worker); to the others it is a binary file.
 */
export function isParquet(name: string, head: string): boolean {
  return head.startsWith('PAR1') || /\.(geo)?parquet$/i.test(name.replace(/[?#].*$/, ''));
}

/** U+FFFD: what a UTF-8 decoder makes of a byte that is not UTF-8. */
const BAD = '\uFFFD';

/**
 * Binary signatures, checked against the first characters of the text. The
 * text may have been decoded as Latin-1 (bytes as they are) or as UTF-8 (bytes
 * that are not UTF-8 become U+FFFD), so both spellings are accepted.
 */
const SIGNATURES: [string[], DataKey][] = [
  [['\u0089PNG', `${BAD}PNG`], 'data.sniff.png'],
  [['\u00FF\u00D8\u00FF', `${BAD}${BAD}`], 'data.sniff.jpeg'],
  [['GIF87a', 'GIF89a'], 'data.sniff.gif'],
  [['%PDF'], 'data.sniff.pdf'],
  [[String.fromCharCode(0x50, 0x4b, 3, 4)], 'data.sniff.zip'],
  [[String.fromCharCode(0x1f, 0x8b), String.fromCharCode(0x1f) + BAD], 'data.sniff.gzip'],
  [[String.fromCharCode(0xd0, 0xcf, 0x11, 0xe0), `${BAD}${BAD}${String.fromCharCode(0x11)}`], 'data.sniff.oldOffice'],
  [['SQLite format 3'], 'data.sniff.sqlite'],
];

/** Control characters that do not occur in text (NUL and the like; tab and line breaks are fine). */
function isBinaryChar(code: number): boolean {
  return code <= 0x08 || (code >= 0x0e && code <= 0x1a) || code === 0xfffd;
}

/** Says whether a file is GeoJSON, CSV or TSV, or why it cannot be opened. */
export function sniffFormat(name: string, head: string, size: number): SniffResult {
  if (size === 0 || head.trim() === '' || head.replace(/^\uFEFF/, '').trim() === '') {
    return refused(say('data.sniff.empty', { name }));
  }
  for (const [signature, what] of SIGNATURES) {
    if (signature.some((start) => head.startsWith(start)))
      return refused(say('data.sniff.looksLike', { name, what: say(what) }));
  }
  const text = head.replace(/^(\uFEFF|\u00EF\u00BB\u00BF)/, '').trimStart();
  if (/^<(!doctype html|html|head|body)\b/i.test(text)) {
    return refused(say('data.sniff.html', { name }));
  }
  if (/^<(\?xml|kml|gpx)\b/i.test(text)) {
    return refused(say('data.sniff.xml', { name }));
  }
  // Text with NUL characters or many undecodable bytes is binary.
  const sample = head.slice(0, 1024);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (isBinaryChar(sample.charCodeAt(i))) odd++;
  if (odd > 0 && odd >= sample.length / 20) {
    return refused(say('data.sniff.binary', { name }));
  }
  if (text.startsWith('{') || text.startsWith('[')) return { format: 'geojson' };
  if (/^RIFF[\s\S]{4}WEBP/.test(head))
    return refused(say('data.sniff.looksLike', { name, what: say('data.sniff.webp') }));

  // A table: decide the separator from the header line (outside quotes).
  const header = firstLine(text);
  const count = (ch: string) => header.split(ch).length - 1;
  const tabs = count('\t');
  const commas = count(',');
  const semicolons = count(';');
  const lower = name.toLowerCase();
  if (tabs > 0 && (tabs >= commas || /\.(tsv|tab)$/.test(lower))) return { format: 'tsv' };
  if (commas > 0 || semicolons > 0) return { format: 'csv' };
  if (/\.(geo)?json$/.test(lower)) {
    return refused(say('data.sniff.notJson', { name, brace: '"{"', start: JSON.stringify(text.slice(0, 20)) }));
  }
  return refused(say('data.sniff.notTable', { name }));
}

/** The first line of a table, not counting line breaks inside quoted fields. */
function firstLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' || ch === '\r') && !quoted) return text.slice(0, i);
  }
  return text;
}
