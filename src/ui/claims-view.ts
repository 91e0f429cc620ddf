// What the details show of an incident's claims (see Claim in data/types.ts):
// each figure with who claims it and the report that carries it, figures of
// the same thing side by side, and a note where they disagree; and which
// report an incident's date or place follows. Text from data goes in as text,
// isolated (bdi, dir=auto) so an English name keeps its order in a right-to-left sentence.
import { DEATHS, isContested } from '../data/import/claims';
import { cut, SHOWN_CHARS, SHOWN_ITEMS } from '../data/text/quote';
import type { Claim, ClaimQualifier, Incident, Source } from '../data/types';
import { formatCount, formatIncidentDate, t } from '../i18n/page-language';
import { worded } from '../i18n/worded';
import { dataLang } from './data-text';
import { el, safeHttpUrl } from './dom';

/** The message naming each kind of figure as a heading; others are shown as the data names them. */
const WHAT_HEADINGS = new Map([
  [DEATHS, 'claims.deaths'],
  ['injured', 'claims.injured'],
]);

/** The message putting each qualifier to a figure: "at least 15". */
const QUALIFIED: Record<ClaimQualifier, string> = {
  'at least': 'claims.atLeast',
  'more than': 'claims.moreThan',
  about: 'claims.about',
};

/** "16", "at least 15", "46 (low 40, high 50)": a claim's figure as the details write it. */
export function claimFigure(claim: Claim): string {
  let figure = formatCount(claim.value);
  if (claim.qualifier) figure = t(QUALIFIED[claim.qualifier], { figure });
  if (claim.low !== undefined && claim.high !== undefined) {
    figure = t('claims.range', { figure, low: formatCount(claim.low), high: formatCount(claim.high) });
  }
  return figure;
}

/** A report named by its publisher and date, linked to it when it has a web address. */
export function sourceReference(source: Source | undefined): Node {
  if (!source) return document.createTextNode('');
  const name = cut(source.publisher || source.title, SHOWN_CHARS.name);
  const href = safeHttpUrl(source.url);
  const link = href
    ? el(
        'a',
        { href, target: '_blank', rel: 'noopener noreferrer external', title: cut(source.title, 300), ...dataLang() },
        name,
      )
    : el('span', { title: cut(source.title, 300), ...dataLang() }, name);
  const span = el('span', { class: 'source-ref' });
  if (source.published)
    span.append(...worded('claims.sourceDated', { source: link, date: formatIncidentDate(source.published) }));
  else span.append(link);
  return span;
}

/**
 * The claims, grouped by what they count (in the order first named), each
 * group's figures one after another with their claimants; a group whose
 * figures differ says so. Nothing when the incident has no claims.
 */
export function claimsSection(incident: Incident): Node[] {
  const claims = incident.claims ?? [];
  if (claims.length === 0) return [];
  const groups = new Map<string, Claim[]>();
  for (const claim of claims) {
    const group = groups.get(claim.what);
    if (group) group.push(claim);
    else groups.set(claim.what, [claim]);
  }
  const list = el('dl', { class: 'claims' });
  // Every claim counts towards its group and its mark; SHOWN_ITEMS at most are listed, across the groups.
  let listed = 0;
  for (const [what, group] of groups) {
    if (listed >= SHOWN_ITEMS) break;
    const named = WHAT_HEADINGS.get(what);
    const heading = named ? el('dt', {}, t(named)) : el('dt', dataLang(), cut(capitalised(what), SHOWN_CHARS.name));
    if (isContested(group)) heading.append(' ', el('span', { class: 'contested' }, t('claims.differ')));
    const shown = group.slice(0, SHOWN_ITEMS - listed);
    listed += shown.length;
    const items = shown.map((claim) => {
      const item = el(
        'li',
        {},
        ...worded('claims.according', {
          figure: el('strong', { class: 'figure' }, claimFigure(claim)),
          by: el('bdi', dataLang(), cut(claim.by, SHOWN_CHARS.name)),
        }),
      );
      if (claim.note) item.append(' (', el('bdi', dataLang(), cut(claim.note, SHOWN_CHARS.name)), ')');
      const source = claim.source === undefined ? undefined : incident.sources[claim.source];
      if (source) item.append(' — ', sourceReference(source));
      return item;
    });
    list.append(heading, el('dd', {}, el('ul', {}, ...items)));
  }
  const more =
    claims.length > listed
      ? [el('p', { class: 'summary-note' }, t('claims.more', { count: claims.length - listed }))]
      : [];
  return [el('h3', {}, t('claims.heading')), list, ...more];
}

/** "as reported by Dawn, 25 Dec 2024": which report a date or place follows; nothing when none is named. */
export function followsNote(incident: Incident, index: number | undefined): Node[] {
  const source = index === undefined ? undefined : incident.sources[index];
  if (!source) return [];
  return [el('span', { class: 'follows' }, ' ', ...worded('claims.asReportedBy', { source: sourceReference(source) }))];
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
