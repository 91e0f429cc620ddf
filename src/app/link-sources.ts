// What a link asks the page to load (`?data=`, `?style=`) and from where, with
// the reader's consent before any host but the page's own is contacted. Part of
// the shell: it asks (ui/consent-dialog.ts), fetches the style, and says what
// it did instead when it cannot or may not.
import type { StyleSpecification } from 'maplibre-gl';
import { cut, QUOTE_CHARS } from '../data/text/quote';
import { formatCount, t } from '../i18n/page-language';
import { credits } from '../map/basemap-style';
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
  if (/^data:/i.test(value)) return t('link.dataInLink');
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
  if (url.username || url.password) return t('link.hasPassword');
  if (url.protocol === 'http:' && location.protocol === 'https:' && url.origin !== location.origin) {
    return t('link.plainHttp');
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
      messages.show(t('link.dataUnreadable', { error: (error as Error).message }));
    }
  } else if (dataValue) {
    const url = parse(dataValue);
    const why = url ? unfetchable(url) : t('link.notUrl');
    if (url && !why) data = { url: url.href, name: linkName(dataValue) };
    else messages.show(t('link.dataRefused', { why: why ?? '' }));
  }
  let styleUrl: string | null = null;
  if (styleValue) {
    const url = parse(styleValue);
    const why = url ? unfetchable(url) : t('link.notUrl');
    if (url && !why) styleUrl = url.href;
    else messages.show(t('link.styleRefused', { why: why ?? '' }));
  }
  const uses: HostUse[] = [];
  const dataHost = data && 'url' in data ? foreignHost(data.url, origin) : null;
  const styleHost = styleUrl ? foreignHost(styleUrl, origin) : null;
  if (dataHost) uses.push({ host: dataHost, purpose: t('link.forData') });
  if (styleHost) uses.push({ host: styleHost, purpose: t('link.forStyle') });
  if (uses.length === 0) return { data, styleUrl };
  const refused = await ask(uses, t('link.askIntro'), context);
  if (dataHost && refused.has(dataHost)) {
    messages.show(t('link.offlineData', { host: dataHost }), 'info');
    data = null;
  }
  if (styleHost && refused.has(styleHost)) {
    messages.show(t('link.offlineStyle', { host: styleHost }), 'info');
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
    messages.show(t('link.styleFailed', { host, error: cut((error as Error).message, 200) }));
    return { chosen: embedded, custom: false };
  }
  const named = foreignHosts(styleUrls(style), origin);
  if (named.length > MAX_STYLE_HOSTS) {
    messages.show(t('link.styleHosts', { host, count: formatCount(named.length), most: formatCount(MAX_STYLE_HOSTS) }));
    return { chosen: embedded, custom: false };
  }
  const uses = named.map((other) => ({ host: other, purpose: t('link.forStyleParts') }));
  if (uses.length > 0) {
    const refused = await ask(uses, t('link.askStyleIntro', { host }), context);
    if (refused.size > 0) {
      messages.show(t('link.offlineStyleHosts', { host, hosts: [...refused].join(t('app.comma')) }), 'info');
      return { chosen: embedded, custom: false };
    }
  }
  return { chosen: { style, attribution: [credits.geoNames()] }, custom: true };
}
