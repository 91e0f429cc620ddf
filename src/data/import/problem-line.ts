// A problem's one line, as the CLI and the app's report show it: where it is
// (the row, the feature or the file, and the id), the field, and what is
// wrong. Pure.

import { type DataText, type DataValue, decodeText, english, say } from '../text/messages';
import { QUOTE_CHARS } from '../text/quote';
import type { DatasetProblem } from '../types';

/** One line per problem, as the CLI and the app's report show it. */
export function describeProblem(problem: DatasetProblem): string {
  return english(problemText(problem, false));
}

/**
 * A problem's line as a message: where (the row, the feature or the file, and
 * the id), the field, and what is wrong. `counts`: the row and feature numbers
 * as numbers, for the page to write in its digits; else as written (12345).
 */
export function problemText(problem: DatasetProblem, counts: boolean): DataText {
  // An id may be 256 characters long: named, like a cell, in about 80.
  const id = problem.id
    ? problem.id.length > QUOTE_CHARS
      ? `${problem.id.slice(0, QUOTE_CHARS - 1)}…`
      : problem.id
    : undefined;
  const number = (n: number): DataValue => (counts ? n : String(n));
  const where =
    problem.row !== undefined
      ? id === undefined
        ? say('data.where.row', { row: number(problem.row) })
        : say('data.where.rowId', { row: number(problem.row), id })
      : problem.index < 0
        ? say('data.where.file')
        : id === undefined
          ? say('data.where.feature', { index: number(problem.index) })
          : say('data.where.featureId', { index: number(problem.index), id });
  return say(problem.skipped ? 'data.problem.skipped' : 'data.problem.loaded', {
    where,
    field: problem.field,
    message: problem.text ? decodeText(problem.text) : problem.message,
  });
}
