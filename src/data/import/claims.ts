// Claims (see Claim in types.ts): attributed figures, read from a feature's
// `claims` and checked against its sources; the figure tools that read one
// number take (`fatalities`, the lowest "deaths" claimed); whether the
// figures disagree. Pure.
import { type DataText, joinValues, say } from '../text/messages';
import { cut, quoteValueText } from '../text/quote';
import { CLAIM_QUALIFIERS, type Claim, type ClaimQualifier, type Incident } from '../types';
import { isObject, type Json, nonEmptyString, own } from './json';

/** What counts the dead of the incident itself, for `fatalities`. */
export const DEATHS = 'deaths';

/** A claim list read: the claims kept (undefined when none) and what was wrong, each a message for the `claims` field. */
export interface ClaimsRead {
  claims: Claim[] | undefined;
  problems: DataText[];
}

/**
 * Reads `claims` as a feature gives it; `kept` is, for each of the feature's
 * sources as written, its index among those the reader keeps (see
 * keptSources), so a claim names the report it named in the file. A claim
 * without what, value or claimant is left out; one whose source is not one
 * of the incident's is kept without it. Each such fault is a problem.
 */
export function readClaims(value: unknown, kept: readonly number[]): ClaimsRead {
  if (value === undefined) return { claims: undefined, problems: [] };
  if (!Array.isArray(value)) return { claims: undefined, problems: [say('data.claims.notList')] };
  const claims: Claim[] = [];
  const problems: DataText[] = [];
  value.forEach((item, k) => {
    const n = k + 1;
    if (!isObject(item)) {
      problems.push(say('data.claim.notObject', { n }));
      return;
    }
    const what = own(item, 'what');
    const figure = own(item, 'value');
    const by = own(item, 'by');
    if (!nonEmptyString(what) || !isCount(figure) || !nonEmptyString(by)) {
      const missing = [
        nonEmptyString(what) ? null : say('data.claim.needWhat'),
        isCount(figure) ? null : say('data.claim.needValue'),
        nonEmptyString(by) ? null : say('data.claim.needBy'),
      ].filter((need) => need !== null);
      problems.push(say('data.claim.leftOut', { n, needs: joinValues(missing) }));
      return;
    }
    const claim: Claim = { what: whatOf(what), value: figure, by: by.trim() };
    const low = own(item, 'low');
    const high = own(item, 'high');
    if (low !== undefined || high !== undefined) {
      if (isCount(low) && isCount(high) && low <= figure && figure <= high) {
        claim.low = low;
        claim.high = high;
      } else problems.push(say('data.claim.badRange', { n }));
    }
    const qualifier = own(item, 'qualifier');
    if (qualifier !== undefined) {
      if (CLAIM_QUALIFIERS.includes(qualifier as ClaimQualifier)) claim.qualifier = qualifier as ClaimQualifier;
      else
        problems.push(
          say('data.claim.badQualifier', { n, value: quoteValueText(qualifier), list: CLAIM_QUALIFIERS.join(', ') }),
        );
    }
    const source = readSourceIndex(own(item, 'source'), kept);
    if (typeof source === 'number') claim.source = source;
    else problems.push(say('data.claim.source', { n, by: cut(claim.by, 60), why: source }));
    const note = own(item, 'note');
    if (nonEmptyString(note)) claim.note = note.trim();
    claims.push(claim);
  });
  return { claims: claims.length > 0 ? claims : undefined, problems };
}

/**
 * For each of a feature's sources as written, its index among those the
 * reader keeps (those with a title or a publisher, see readSources), or -1
 * for one it leaves out.
 */
export function keptSources(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  let k = 0;
  return value.map((item) =>
    isObject(item) && (nonEmptyString(own(item, 'title')) || nonEmptyString(own(item, 'publisher'))) ? k++ : -1,
  );
}

/**
 * A source named by its place among a feature's sources as written (0 for
 * the first), as its index among those kept (see keptSources); else what is
 * wrong with it, as the end of a sentence.
 */
export function readSourceIndex(value: unknown, kept: readonly number[]): number | DataText {
  if (value === undefined) return say('data.source.none');
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    return say('data.source.asText', { value: quoteValueText(value) });
  }
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < kept.length)) {
    return kept.length === 0
      ? say('data.source.noSources', { value: quoteValueText(value) })
      : say('data.source.notOne', { value: quoteValueText(value), count: kept.length, last: kept.length - 1 });
  }
  const at = kept[value];
  return at >= 0 ? at : say('data.source.leftOut', { value: String(value) });
}

/** What a claim counts, trimmed; the words the app reads (deaths, injured) in lower case however they are written. */
function whatOf(text: string): string {
  const what = text.trim();
  const lower = what.toLowerCase();
  return lower === DEATHS || lower === 'injured' ? lower : what;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** The lowest figure of the dead claimed, or undefined when no claim counts them. */
export function lowestDeaths(claims: readonly Claim[] | undefined): number | undefined {
  let lowest: number | undefined;
  for (const claim of claims ?? []) {
    if (claim.what === DEATHS && (lowest === undefined || claim.value < lowest)) lowest = claim.value;
  }
  return lowest;
}

/** Whether two claims of the same thing give different figures. */
export function isContested(claims: readonly Claim[] | undefined): boolean {
  if (!claims || claims.length < 2) return false;
  const seen = new Map<string, number>();
  for (const { what, value } of claims) {
    const before = seen.get(what);
    if (before !== undefined && before !== value) return true;
    seen.set(what, value);
  }
  return false;
}

/**
 * A feature's claims, and which of its sources its date and place follow:
 * each fault told to `warn` (field, message), the rest kept; members only
 * when present. `fatalities` as given is checked against the deaths claimed.
 */
export function readAttribution(
  props: Json,
  fatalities: number | undefined,
  warn: (field: string, text: DataText) => void,
): Pick<Incident, 'claims' | 'dateSource' | 'placeSource'> {
  const read: Pick<Incident, 'claims' | 'dateSource' | 'placeSource'> = {};
  const kept = keptSources(own(props, 'sources'));
  const { claims, problems } = readClaims(own(props, 'claims'), kept);
  for (const problem of problems) warn('claims', problem);
  if (claims) read.claims = claims;
  const lowest = lowestDeaths(claims);
  if (fatalities !== undefined && lowest !== undefined && fatalities !== lowest) {
    warn('fatalities', say('data.fatalities.notLowest', { value: String(fatalities), lowest: String(lowest) }));
  }
  for (const [field, key] of [
    ['date_source', 'dateSource'],
    ['place_source', 'placeSource'],
  ] as const) {
    const given = own(props, field);
    if (given === undefined) continue;
    const at = readSourceIndex(given, kept);
    if (typeof at === 'number') read[key] = at;
    else warn(field, say('data.source.ignored', { why: at }));
  }
  return read;
}
