// A view of the atlas as a reference: APA (7th edition), Chicago (17th edition,
// author-date) and BibTeX, from the dataset's own words and the view's link.
// Plain text (no italics), as a reader pastes it; the citations' few words
// (n.d., Data set, Retrieved, Accessed) are the page's language's. Pure.

import { type MessageValues, t } from '../i18n/page-language';

/** A message by its catalogue key (the page's `t`, or a Translator's). */
export type Say = (key: string, values?: MessageValues) => string;

/** What a citation of one view is made from. */
export interface CitedView {
  /** Who made the data: the dataset's attribution, or the atlas for its own dataset; absent when not known. */
  author?: string;
  /** Who shows the view: Incident Atlas. Left out where it is the author. */
  publisher: string;
  /** The dataset's title, as the page shows it. */
  dataset: string;
  /** What the view shows: the selected incident's title, or the date it stands at, in words. */
  shows?: string;
  /** The view's permalink. */
  url: string;
  /** The day it was accessed, `YYYY-MM-DD`. */
  accessed: string;
  /** The dataset's fingerprint (see data/fingerprint.ts), when known. */
  fingerprint?: string;
}

export interface Citations {
  apa: string;
  chicago: string;
  bibtex: string;
}

/** A view's title: the dataset's, then what the view shows. */
export function viewTitle(view: Pick<CitedView, 'dataset' | 'shows'>): string {
  const dataset = view.dataset.trim();
  const shows = view.shows?.trim();
  return shows ? `${dataset}: ${shows}` : dataset;
}

/** The three citations of a view. */
export function citations(view: CitedView, say: Say = t): Citations {
  return { apa: apa(view, say), chicago: chicago(view, say), bibtex: bibtex(view, say) };
}

/** Text and a full stop, unless it already ends a sentence (APA and Chicago end each element with one). */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.?!。۔؟]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The publisher, unless it is the author (both styles then give it once). */
function publisherOf(view: CitedView): string | null {
  const publisher = view.publisher.trim();
  return publisher && publisher !== view.author?.trim() ? publisher : null;
}

/**
 * APA 7 for a data set with no date of its own and content that changes, so
 * with the day it was retrieved: `Author. (n.d.). Title [Data set]. Publisher.
 * Retrieved DAY, from URL`. With no author, the title takes its place.
 */
export function apa(view: CitedView, say: Say = t): string {
  const title = `${viewTitle(view)} [${say('cite.apa.dataSet')}]`;
  const date = `(${say('cite.noDate')})`;
  const parts = view.author?.trim()
    ? [sentence(view.author), `${date}.`, sentence(title)]
    : [sentence(title), `${date}.`];
  const publisher = publisherOf(view);
  if (publisher) parts.push(sentence(publisher));
  parts.push(say('cite.apa.retrieved', { date: view.accessed, url: view.url }));
  return parts.join(' ');
}

/**
 * Chicago (17th edition) author-date, as for a web page: `Author. n.d.
 * "Title." Publisher. Accessed DAY. URL.` The title's full stop goes inside
 * the quotation marks, unless it ends in its own mark.
 */
export function chicago(view: CitedView, say: Say = t): string {
  const title = `“${sentence(viewTitle(view))}”`;
  const parts = view.author?.trim()
    ? [sentence(view.author), sentence(say('cite.noDate')), title]
    : [title, sentence(say('cite.noDate'))];
  const publisher = publisherOf(view);
  if (publisher) parts.push(sentence(publisher));
  parts.push(sentence(say('cite.chicago.accessed', { date: view.accessed })), sentence(view.url));
  return parts.join(' ');
}

/** LaTeX's special characters in text, as commands that print them; braces stay balanced for BibTeX. */
const LATEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Text as a BibTeX field's value prints it: special characters escaped, any script kept as it is (UTF-8). */
export function bibtexText(text: string): string {
  return text.replace(/[\\{}%&$#_~^]/g, (ch) => LATEX_SPECIAL[ch]).replace(/\s+/g, ' ');
}

/** A URL as a BibTeX `url` field holds it: verbatim, but with no brace or space to end it early. */
function bibtexUrl(url: string): string {
  return url.replace(/[{}\\\s]/g, (ch) => encodeURIComponent(ch));
}

/**
 * A `@misc` entry (read by BibTeX and biblatex alike) with `url`, `urldate`
 * and a `note` giving the dataset's fingerprint. Author and title are in
 * double braces: an organisation is not split into first and last names, nor
 * a title's capitals lowered.
 */
export function bibtex(view: CitedView, say: Say = t): string {
  const key = ['atlas', view.accessed, view.fingerprint].filter(Boolean).join('-');
  const fields: [string, string][] = [];
  if (view.author?.trim()) fields.push(['author', `{${bibtexText(view.author.trim())}}`]);
  fields.push(['title', `{${bibtexText(viewTitle(view))}}`]);
  const publisher = publisherOf(view);
  if (publisher) fields.push(['publisher', bibtexText(publisher)]);
  fields.push(['url', bibtexUrl(view.url)], ['urldate', view.accessed]);
  if (view.fingerprint) fields.push(['note', bibtexText(say('cite.bibtex.note', { fingerprint: view.fingerprint }))]);
  const lines = fields.map(([name, value]) => `  ${name} = {${value}}`);
  return `@misc{${key},\n${lines.join(',\n')}\n}`;
}
