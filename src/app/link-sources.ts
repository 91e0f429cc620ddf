// What a link asks the page to load (`?data=`, `?style=`) and from where, with
// the reader's consent before any host but the page's own is contacted. Part of
// the shell: it asks (ui/consent-dialog.ts), fetches the style, and says what
// it did instead when it cannot or may not.
import type { StyleSpecification } from 'maplibre-gl';
import { cut, formatCount, QUOTE_CHARS } from '../data/text/quote';
import { GEONAMES } from '../map/basemap-style';
import { fetchStyle } from '../map/remote-style';
import type { StyleChoice } from '../map/start-up';
import type { HostConsent } from '../net/consent';
import { fileFromDataUrl } from '../net/data-url';
import { foreignHost, foreignHosts, styleUrls } from '../net/hosts';
import { askToContact, type HostUse } from '../ui/consent-dialog';
import type { DataSource } from '../ui/dataset-opener';
import type { Messages } from '../ui/messages';

/** A link's `?data=` as messages and progress name it: the URL as written, cut when long. */
export function linkName(value: string): string {
  if (/^data:/i.test(value)) return 'the data in the link';
  return cut(value, QUOTE_CHARS);
}

function parse(value: string): URL | null {
  try {
    return new URL(value, location.href);
  } catch {
    return null;
  }
}

interface LinkContext {
  consent: HostConsent;
  messages: Messages;
  /** The page's origin: hosts other than its own are asked about. */
  origin: string;
}

/**
 * Asks once about every host of `uses` no choice was made for, and returns the
 * hosts of `uses` the reader refused (now or before).
 */
async function ask(uses: HostUse[], intro: string, { consent }: LinkContext): Promise<Set<string>> {
  const unasked = new Set(consent.unasked(new Set(uses.map((use) => use.host))));
  if (unasked.size > 0) {
    const answer = await askToContact(
      uses.filter((use) => unasked.has(use.host)),
      intro,
    );
    consent.record([...unasked], answer.allowed ? 'allow' : 'deny', answer.remember);
  }
  return new Set(uses.map((use) => use.host).filter((host) => !consent.allowed(host)));
}

/** The most other hosts a style may name: real ones name a few (tiles, sprite, fonts); a list of hundreds is not asked about. */
const MAX_STYLE_HOSTS = 20;

/**
 * Why a link's URL is not fetched whatever the reader says, or null: one
 * with a user name or password in it (they would be shown and sent), or a
 * plain http: one on an https: page (the browser refuses it as mixed content).
 */
function unfetchable(url: URL): string | null {
  if (url.username || url.password) return 'it has a user name or password in it; give the address without them';
  if (url.protocol === 'http:' && location.protocol === 'https:' && url.origin !== location.origin) {
    return 'it is a plain http: address, which an https: page cannot fetch; use its https: address';
  }
  return null;
}

/** The link's `?data=` and `?style=` as the reader allowed them: what to open, and the style to start the map with. */
export interface LinkSources {
  /** The dataset the link names, or null (none, or refused, or malformed: a message said so). */
  data: DataSource | null;
  /** The style the link names, once allowed; fetched by `style()`. */
  styleUrl: string | null;
}

/** Reads `?data=` and `?style=` and asks about their hosts, in one notice, before anything is fetched. */
export async function readLink(params: URLSearchParams, context: LinkContext): Promise<LinkSources> {
  const { messages, origin } = context;
  const dataValue = params.get('data');
  const styleValue = params.get('style');
  let data: DataSource | null = null;
  if (dataValue !== null && /^data:/i.test(dataValue)) {
    try {
      data = { file: fileFromDataUrl(dataValue, linkName(dataValue)), name: linkName(dataValue) };
    } catch (error) {
      messages.show(`The data in the link could not be read: ${(error as Error).message}.`);
    }
  } else if (dataValue) {
    const url = parse(dataValue);
    const why = url ? unfetchable(url) : 'it is not a URL';
    if (url && !why) data = { url: url.href, name: linkName(dataValue) };
    else messages.show(`The link's data address is not opened: ${why}. The embedded dataset is shown.`);
  }
  let styleUrl: string | null = null;
  if (styleValue) {
    const url = parse(styleValue);
    const why = url ? unfetchable(url) : 'it is not a URL';
    if (url && !why) styleUrl = url.href;
    else messages.show(`The link's map style is not used: ${why}. The embedded basemap is shown.`);
  }
  const uses: HostUse[] = [];
  const dataHost = data && 'url' in data ? foreignHost(data.url, origin) : null;
  const styleHost = styleUrl ? foreignHost(styleUrl, origin) : null;
  if (dataHost) uses.push({ host: dataHost, purpose: 'the incidents this link opens' });
  if (styleHost) uses.push({ host: styleHost, purpose: 'the map style this link names' });
  if (uses.length === 0) return { data, styleUrl };
  const refused = await ask(uses, 'This link opens things kept on other sites:', context);
  if (dataHost && refused.has(dataHost)) {
    messages.show(
      `Stayed offline: the incidents at ${dataHost} were not opened; the embedded dataset is shown.`,
      'info',
    );
    data = null;
  }
  if (styleHost && refused.has(styleHost)) {
    messages.show(
      `Stayed offline: the map style at ${styleHost} was not loaded; the embedded basemap is shown.`,
      'info',
    );
    styleUrl = null;
  }
  return { data, styleUrl };
}

/**
 * The map style to start with: the link's, fetched and checked, once the reader
 * has allowed every host it names for sprites, glyphs, tiles and data; else
 * (refused, or it fails) the embedded basemap, with a message saying why.
 */
export async function chooseStyle(
  styleUrl: string | null,
  embedded: StyleChoice,
  context: LinkContext,
): Promise<{ chosen: StyleChoice; custom: boolean }> {
  if (!styleUrl) return { chosen: embedded, custom: false };
  const { messages, origin } = context;
  const host = new URL(styleUrl).host;
  let style: StyleSpecification;
  try {
    style = await fetchStyle(styleUrl);
  } catch (error) {
    messages.show(
      `The map style at ${host} is not used: ${cut((error as Error).message, 200)}. The embedded basemap is shown.`,
    );
    return { chosen: embedded, custom: false };
  }
  const named = foreignHosts(styleUrls(style), origin);
  if (named.length > MAX_STYLE_HOSTS) {
    messages.show(
      `The map style at ${host} is not used: it loads from ${formatCount(named.length)} other sites, more than the ${MAX_STYLE_HOSTS} a style may name. The embedded basemap is shown.`,
    );
    return { chosen: embedded, custom: false };
  }
  const uses = named.map((other) => ({ host: other, purpose: "the map style's tiles, symbols or fonts" }));
  if (uses.length > 0) {
    const refused = await ask(uses, `The map style at ${host} loads from other sites too:`, context);
    if (refused.size > 0) {
      messages.show(
        `Stayed offline: the map style at ${host} needs ${[...refused].join(', ')}, which you did not allow; the embedded basemap is shown.`,
        'info',
      );
      return { chosen: embedded, custom: false };
    }
  }
  return { chosen: { style, attribution: [GEONAMES] }, custom: true };
}
