// Works out what a file is from its name and first few KB of text, before
// reading it all, and says in plain words when it is not something we open.
// Size is no reason: memory is checked as a file is read (see memory-budget.ts). Pure.

export type SniffResult = { format: 'geojson' | 'csv' | 'tsv' } | { error: string };

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
const SIGNATURES: [string[], string][] = [
  [['\u0089PNG', `${BAD}PNG`], 'an image (PNG)'],
  [['\u00FF\u00D8\u00FF', `${BAD}${BAD}`], 'an image (JPEG)'],
  [['GIF87a', 'GIF89a'], 'an image (GIF)'],
  [['%PDF'], 'a PDF document'],
  [[String.fromCharCode(0x50, 0x4b, 3, 4)], 'a ZIP archive (perhaps an Excel workbook or a zipped shapefile)'],
  [[String.fromCharCode(0x1f, 0x8b), String.fromCharCode(0x1f) + BAD], 'a compressed (gzip) file'],
  [
    [String.fromCharCode(0xd0, 0xcf, 0x11, 0xe0), `${BAD}${BAD}${String.fromCharCode(0x11)}`],
    'an old Excel or Word file',
  ],
  [['SQLite format 3'], 'a database (SQLite or GeoPackage)'],
];

/** Control characters that do not occur in text (NUL and the like; tab and line breaks are fine). */
function isBinaryChar(code: number): boolean {
  return code <= 0x08 || (code >= 0x0e && code <= 0x1a) || code === 0xfffd;
}

/** Says whether a file is GeoJSON, CSV or TSV, or why it cannot be opened. */
export function sniffFormat(name: string, head: string, size: number): SniffResult {
  const kinds = 'a GeoJSON or CSV file';
  if (size === 0 || head.trim() === '' || head.replace(/^\uFEFF/, '').trim() === '') {
    return { error: `${name} is empty: there is nothing to open.` };
  }
  for (const [signature, what] of SIGNATURES) {
    if (signature.some((start) => head.startsWith(start)))
      return { error: `${name} looks like ${what}, not ${kinds}.` };
  }
  const text = head.replace(/^(\uFEFF|\u00EF\u00BB\u00BF)/, '').trimStart();
  if (/^<(!doctype html|html|head|body)\b/i.test(text)) {
    return {
      error: `${name} looks like a web page (HTML), not ${kinds}; perhaps the link leads to a page about the data rather than the data itself.`,
    };
  }
  if (/^<(\?xml|kml|gpx)\b/i.test(text)) {
    return { error: `${name} looks like XML (such as KML or GPX), not ${kinds}; convert it to GeoJSON first.` };
  }
  // Text with NUL characters or many undecodable bytes is binary.
  const sample = head.slice(0, 1024);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (isBinaryChar(sample.charCodeAt(i))) odd++;
  if (odd > 0 && odd >= sample.length / 20) {
    return { error: `${name} looks like a binary file, not ${kinds}.` };
  }
  if (text.startsWith('{') || text.startsWith('[')) return { format: 'geojson' };
  if (/^RIFF[\s\S]{4}WEBP/.test(head)) return { error: `${name} looks like an image (WebP), not ${kinds}.` };

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
    return {
      error: `${name} is not JSON: it should start with "{" but starts with ${JSON.stringify(text.slice(0, 20))}.`,
    };
  }
  return {
    error: `${name} is not ${kinds}: it is not JSON, and its first line has no commas or tabs to separate columns.`,
  };
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
