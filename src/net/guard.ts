import { t } from '../i18n/page-language';
import type { HostConsent } from './consent';
import { foreignHost } from './hosts';

/** A request the guard lets through: its URL, sent with no Referer (a MapLibre RequestParameters). */
export interface GuardedRequest {
  url: string;
  referrerPolicy: 'no-referrer';
}

/**
 * A URL to the request to make, or a rejection: what MapLibre's `transformRequest`
 * takes (its RequestTransformFunction), written here so net/ need not import the map.
 */
export type RequestTransform = (url: string) => GuardedRequest | Promise<GuardedRequest>;

/**
 * What every request of the map goes through: one to another host the reader
 * has not allowed is refused before it is made (`onRefused` is told the host),
 * and none sends a Referer. The consent notice asks first for the hosts a style
 * names; this catches any it did not name (the tiles of a TileJSON elsewhere).
 */
export function requestGuard(
  consent: HostConsent,
  origin: string,
  onRefused: (host: string) => void,
): RequestTransform {
  return (url) => {
    const host = foreignHost(url, origin);
    if (host !== null && !consent.allowed(host)) {
      onRefused(host);
      return Promise.reject(new Error(t('net.notAllowed', { host })));
    }
    return { url, referrerPolicy: 'no-referrer' };
  };
}
