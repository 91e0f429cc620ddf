// Which other hosts a link would have the reader's browser contact: the host of
// a `?data=` or `?style=` URL, and every host a map style names for its
// sprite, glyphs, tiles and data. By default the app contacts none but its own;
// these are what the consent notice lists. Pure.

import { t } from '../i18n/page-language';

/**
 * The host (`tiles.example.org:8080`) an http(s) URL contacts when it is not
 * on `origin`; null otherwise. A page whose origin is opaque (`null`, as in a
 * sandboxed frame) has no host of its own: every http(s) URL is foreign then.
 */
export function foreignHost(url: string, origin: string): string | null {
  let own: string | null = null;
  try {
    own = new URL(origin).origin;
  } catch {
    own = null;
  }
  let parsed: URL;
  try {
    parsed = own === null || own === 'null' ? new URL(url) : new URL(url, own);
  } catch {
    // Not a URL that can be fetched (relative to an opaque origin, or malformed): nothing is contacted.
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.origin === own ? null : parsed.host;
}

/** The other hosts of `urls`, each once, in the order first named. */
export function foreignHosts(urls: Iterable<string>, origin: string): string[] {
  const hosts = new Set<string>();
  for (const url of urls) {
    const host = foreignHost(url, origin);
    if (host !== null) hosts.add(host);
  }
  return [...hosts];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];

/** Why `json` is not a MapLibre style (version 8, sources, layers), or null when it looks like one. */
export function notAStyle(json: unknown): string | null {
  if (!isObject(json)) return t('net.notObject');
  if (json.version !== 8) return t('net.noVersion');
  if (!isObject(json.sources)) return t('net.noSources');
  if (!Array.isArray(json.layers)) return t('net.noLayers');
  return null;
}

/**
 * A style's URLs made absolute against the URL it came from (MapLibre, given a
 * style object, would read them against the page's), with the `{fontstack}`,
 * `{z}` and like placeholders kept as written. Returns a copy; URLs of schemes
 * other than http(s) are left as they are.
 */
export function absoluteStyle<T>(style: T, styleUrl: string): T {
  const absolute = (url: string) => {
    if (/^[a-z][a-z\d+.-]*:/i.test(url)) return url;
    try {
      return new URL(url, styleUrl).href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
    } catch {
      return url;
    }
  };
  const copy = structuredClone(style) as unknown as Json;
  if (typeof copy.glyphs === 'string') copy.glyphs = absolute(copy.glyphs);
  const faces = copy['font-faces'];
  if (isObject(faces)) {
    for (const [name, face] of Object.entries(faces)) {
      if (typeof face === 'string') faces[name] = absolute(face);
      else if (Array.isArray(face)) {
        for (const part of face) if (isObject(part) && typeof part.url === 'string') part.url = absolute(part.url);
      }
    }
  }
  if (typeof copy.sprite === 'string') copy.sprite = absolute(copy.sprite);
  else if (Array.isArray(copy.sprite)) {
    for (const sprite of copy.sprite)
      if (isObject(sprite) && typeof sprite.url === 'string') sprite.url = absolute(sprite.url);
  }
  if (isObject(copy.sources)) {
    for (const source of Object.values(copy.sources)) {
      if (!isObject(source)) continue;
      for (const key of ['url', 'data'] as const) {
        if (typeof source[key] === 'string') source[key] = absolute(source[key] as string);
      }
      for (const key of ['tiles', 'urls'] as const) {
        if (Array.isArray(source[key])) source[key] = strings(source[key]).map(absolute);
      }
    }
  }
  return copy as unknown as T;
}

/** Every URL a style names for its sprite, glyphs and sources (tiles, TileJSON, GeoJSON data, images, video). */
export function styleUrls(style: unknown): string[] {
  if (!isObject(style)) return [];
  const urls = [...strings(style.glyphs), ...strings(style.sprite)];
  if (Array.isArray(style.sprite))
    for (const sprite of style.sprite) if (isObject(sprite)) urls.push(...strings(sprite.url));
  const faces = style['font-faces'];
  if (isObject(faces)) {
    for (const face of Object.values(faces)) {
      urls.push(...strings(face));
      if (Array.isArray(face)) for (const part of face) if (isObject(part)) urls.push(...strings(part.url));
    }
  }
  if (isObject(style.sources)) {
    for (const source of Object.values(style.sources)) {
      if (!isObject(source)) continue;
      urls.push(...strings(source.url), ...strings(source.tiles), ...strings(source.urls));
      // GeoJSON data given inline is an object, not a URL.
      if (typeof source.data === 'string') urls.push(source.data);
    }
  }
  return urls;
}
