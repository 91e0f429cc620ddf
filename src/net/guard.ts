import type { RequestParameters, RequestTransformFunction } from 'maplibre-gl';
import type { HostConsent } from './consent';
import { foreignHost } from './hosts';

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
): RequestTransformFunction {
  return (url): RequestParameters | Promise<RequestParameters> => {
    const host = foreignHost(url, origin);
    if (host !== null && !consent.allowed(host)) {
      onRefused(host);
      return Promise.reject(new Error(`${host} is not among the sites allowed`));
    }
    return { url, referrerPolicy: 'no-referrer' };
  };
}
