// Where and why a text is not JSON, in words: the reason JSON.parse gives, and
// the line and column it failed at (JSON.parse does not always say where). The
// whole-text reader and the stream word their messages here alike. Where, when
// JSON.parse does not say, is jsonc-parser's (Microsoft's, VS Code's). Pure.
import { visit } from 'jsonc-parser';
import { type DataText, say } from '../text/messages';

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Found: the offset of the first error, thrown to stop jsonc-parser's walk there. */
class Found {
  constructor(readonly offset: number) {}
}

/**
 * The offset of the first JSON syntax error in `text`, or null when there is
 * none (or it cannot be told). JSON.parse does not always say where it failed:
 * jsonc-parser, set to strict JSON (no comments, no trailing commas), does,
 * at the start of the token it could not take.
 */
export function jsonErrorOffset(text: string): number | null {
  /**
   * Where the last token read ends: what lies between it and the next may be
   * JSON's white space only (jsonc-parser also skips other spaces, a BOM, U+2028).
   */
  let end = 0;
  const spaceTo = (offset: number) => {
    for (let i = end; i < offset; i++) {
      const code = text.charCodeAt(i);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) throw new Found(i);
    }
  };
  const token = (offset: number, length: number) => {
    spaceTo(offset);
    end = offset + length;
  };
  const value = (_value: unknown, offset: number, length: number) => token(offset, length);
  try {
    visit(
      text,
      {
        onObjectBegin: token,
        onObjectEnd: token,
        onArrayBegin: token,
        onArrayEnd: token,
        onObjectProperty: value,
        onLiteralValue: value,
        onSeparator: value,
        onError: (_error, offset) => {
          spaceTo(offset);
          throw new Found(offset);
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
    spaceTo(text.length);
    return null;
  } catch (error) {
    if (error instanceof Found) return error.offset;
    return null; // a RangeError from very deep nesting: cannot tell
  }
}

/**
 * Why JSON.parse failed, without the engine's own "at position" and quote of
 * the text, and the position when the engine says it.
 */
export function jsonErrorReason(error: unknown): { reason: string; position: number | null } {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(raw);
  // V8 quotes the text around the error ("Unexpected token ',', ..."x": [,]..." is not valid JSON"),
  // cut with an ellipsis at either end: keep the reason only.
  const reason = raw
    .replace(/^JSON\.parse: /, '')
    .replace(/ (?:in JSON )?at position \d+(?: \(line \d+ column \d+\))?/, '')
    .replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '')
    .replace(/ at line \d+ column \d+ of the JSON data$/, '');
  return { reason, position: position ? Number(position[1]) : null };
}

/** Where a JSON syntax error is: its line and column, whether only white space follows, and the text there. */
export interface JsonErrorPlace {
  line: number;
  column: number;
  /** Nothing but white space from the error to the end of the text: the text ends too soon. */
  atEnd: boolean;
  /** Up to 30 characters from the error on. */
  near: string;
}

/** The message for a text that is not JSON, for `reason`, at `place` (null: where cannot be told). */
export function jsonErrorMessage(reason: string, place: JsonErrorPlace | null): DataText {
  // The reason is the engine's, in English: data to this message, as a quoted cell is.
  if (place === null) return say('data.json.invalid', { reason });
  const { line, column } = place;
  if (place.atEnd) return say('data.json.cutShort', { line: String(line), column: String(column) });
  return say('data.json.invalidAt', {
    reason,
    line: String(line),
    column: String(column),
    near: JSON.stringify(place.near),
  });
}

/** Why a text is not JSON, and where: `offset` into the text, and the line and column there (null: cannot be told). */
export interface JsonError {
  reason: string;
  offset: number | null;
  place: Omit<JsonErrorPlace, 'atEnd'> | null;
}

/**
 * The first error in `text`, a piece of a longer text, as JSON.parse tells it
 * in the whole: `lead` puts JSON.parse in the state it was in where the piece
 * starts, at `line` and `column0` (UTF-16 units after the last line feed).
 */
export function jsonErrorInPiece(text: string, lead: string, line: number, column0: number): JsonError {
  let reason = 'it is not JSON';
  let offset: number | null = null;
  try {
    JSON.parse(lead + text);
  } catch (error) {
    const said = jsonErrorReason(error);
    reason = said.reason;
    const at = said.position ?? jsonErrorOffset(lead + text);
    offset = at === null ? null : Math.max(0, at - lead.length);
  }
  if (offset === null) return { reason, offset, place: null };
  let column = column0 + 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      column = 1;
    } else column++;
  }
  return { reason, offset, place: { line, column, near: text.slice(offset, offset + 30) } };
}

/** Says where and why JSON.parse failed, in words. */
export function describeJsonError(text: string, error: unknown): DataText {
  const { reason, position } = jsonErrorReason(error);
  const offset = position ?? jsonErrorOffset(text);
  if (offset === null) return jsonErrorMessage(reason, null);
  return jsonErrorMessage(reason, {
    ...lineColumn(text, offset),
    atEnd: offset >= text.trimEnd().length,
    near: text.slice(offset, offset + 30),
  });
}
