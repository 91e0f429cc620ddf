// Messages of src/data as keys and values, so the page can word them in its
// reader's language (see src/i18n/problems.ts) while the CLI, exports and
// tests read the same English. The English comes from one table of templates
// (message-table.ts) that en.json repeats word for word. Pure.

import type { DatasetProblem } from '../types';
import { DATA_MESSAGES, type DataKey } from './message-table';

export { DATA_MESSAGES, type DataKey };

/** A value a message names: data as it is (a quoted cell, an id), a count, or words of ours. */
export type DataValue = string | number | DataText;

/** A message as its key and the values of its placeholders. */
export interface DataText {
  readonly key: DataKey;
  readonly values?: Readonly<Record<string, DataValue>>;
}

/** Message `key` with `values`. */
export function say(key: DataKey, values?: Record<string, DataValue>): DataText {
  return values ? { key, values } : { key };
}

const COUNT = new Intl.NumberFormat('en-GB');

/** A value in English: a number as a count (1,234), as the page's English writes it. */
function englishValue(value: DataValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return COUNT.format(value);
  if (typeof value === 'string') return value;
  return english(value);
}

/** Each template split at its placeholders: text, name, text, name, …, text (a file may have a million problems). */
const SPLIT = new Map<string, string[]>();

/** The English of a message: its template with its placeholders filled. */
export function english(text: DataText): string {
  let parts = SPLIT.get(text.key);
  if (parts === undefined) {
    parts = (DATA_MESSAGES[text.key] as string).split(/\{(\w+)\}/);
    SPLIT.set(text.key, parts);
  }
  if (parts.length === 1) return parts[0];
  const values = text.values;
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) out += englishValue(values?.[parts[i]]) + parts[i + 1];
  return out;
}

/** An error of src/data whose message the page can word in its reader's language (given as text: English only). */
export class DataError extends Error {
  readonly text: DataText | undefined;
  constructor(text: DataText | string) {
    super(typeof text === 'string' ? text : english(text));
    this.text = typeof text === 'string' ? undefined : text;
  }
}

/** The words of an error: its text when it is a DataError that has one, else its message as data. */
export function errorText(error: unknown): DataValue {
  if (error instanceof DataError && error.text) return error.text;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A message as a problem keeps it: its JSON. A file may have a million
 * problems, and the worker hands them to the page by structured clone, which
 * copies a string several times faster than a tree of small objects.
 */
export function encodeText(text: DataText, message?: string): string {
  if (message === undefined) return JSON.stringify(text);
  // A file's problems repeat (the same fault in every row): each message is written once.
  const seen = `${text.key}\u0000${message}`;
  let json = ENCODED.get(seen);
  if (json === undefined) {
    json = JSON.stringify(text);
    if (ENCODED.size >= ENCODED_KEPT) ENCODED.clear();
    ENCODED.set(seen, json);
  }
  return json;
}
/** Messages encoded, by key and English; cleared when full, so all-different messages cost no more than this. */
const ENCODED = new Map<string, string>();
const ENCODED_KEPT = 1 << 12;

/** A problem's message as encodeText wrote it. */
export function decodeText(json: string): DataText {
  return JSON.parse(json) as DataText;
}

/** Values named one after another ("a", "b", "c"): data joined as data, else each pair by the language's comma. */
export function joinValues(values: readonly DataValue[]): DataValue {
  if (values.every((v) => typeof v === 'string')) return values.join(', ');
  return values.reduce((list, next) => say('data.value.pair', { first: list, next }));
}

/** A problem of feature `index` (-1: the file) with `field`, its message in English and as `text`. */
export function problemOf(
  index: number,
  field: string,
  text: DataText,
  skipped: boolean,
  more?: { id?: string; row?: number },
): DatasetProblem {
  const message = english(text);
  return { index, ...more, field, message, skipped, text: encodeText(text, message) };
}
