// The data layer's messages (problems of an imported file, a load that
// failed) in the page's language: src/data gives each as a key and values
// (see data/text/messages.ts), worded here from the catalogue. Pure.

import { problemText } from '../data/import/problem-line';
import type { DataText, DataValue } from '../data/text/messages';
import type { DatasetProblem } from '../data/types';
import { translator } from './page-language';
import type { Translator } from './translator';

/** First strong isolate … pop directional isolate: data keeps its own direction inside a right-to-left line. */
const FSI = '\u2068';
const PDI = '\u2069';

/** Values that name a row or a feature: written like a line number, in the language's digits but not grouped. */
const PLACES = new Set(['row', 'index']);

function sayValue(value: DataValue, tr: Translator, name = ''): string {
  if (typeof value === 'number') return PLACES.has(name) ? tr.digits(value) : tr.count(value);
  if (typeof value !== 'string') return sayText(value, tr);
  // Text from the file (a quoted cell, an id, a column name) is isolated, so its quotes and commas stay with it.
  return tr.language.dir === 'rtl' && value !== '' ? `${FSI}${value}${PDI}` : value;
}

/** A data message (and the messages in its values) in `tr`'s language; counts in its digits. */
export function sayText(text: DataText, tr: Translator = translator()): string {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(text.values ?? {})) values[name] = sayValue(value, tr, name);
  return tr.t(text.key, values);
}

/** A problem's line, as the import report lists it: where, the field, and what is wrong. */
export function sayProblem(problem: DatasetProblem, tr: Translator = translator()): string {
  return sayText(problemText(problem, true), tr);
}

/** Why a load failed: its message in the page's language when it has one, else as it came (English). */
export function sayLoadError(error: { message: string; text?: DataText }, tr: Translator = translator()): string {
  return error.text ? sayText(error.text, tr) : error.message;
}
