import { AttributionControl, type ErrorEvent, type Map as MapLibreMap, type StyleSpecification } from 'maplibre-gl';
import { cut } from '../data/text/quote';
import { t } from '../i18n/page-language';

/** How long the map may take to load its style before a link's style is given up for the embedded one. */
export const MAP_LOAD_MS = 20_000;

/** A style and the attribution shown with it (MapLibre adds each source's own). */
export interface StyleChoice {
  style: StyleSpecification | string;
  attribution: string[];
}

export interface MapStartOptions {
  /** What the map starts with. */
  chosen: StyleChoice;
  /** The embedded basemap, taken when `chosen` fails before the map has loaded; null when `chosen` is it. */
  fallback: StyleChoice | null;
  /** Says, in words, what could not be loaded. */
  report: (message: string) => void;
  /** The map gave up `chosen` for `fallback` (why, in words). */
  onFallback?: (reason: string) => void;
  loadMs?: number;
  /** The attribution folded behind its (i) button at any width (an embed, whose map is the article's). */
  compact?: boolean;
}

/**
 * Starts a map's attribution and watches its start: resolves once it has loaded,
 * never rejects. An error before then (a link's style, sprite, glyphs or tiles
 * that fail), or a style that has not loaded in `loadMs`, has the map take the
 * embedded basemap instead; errors after are reported, once per kind and host,
 * and the map goes on.
 */
export function startMap(map: MapLibreMap, options: MapStartOptions): Promise<void> {
  // MapLibre folds it by itself only on maps narrower than 640 pixels.
  const compact = options.compact ? { compact: true } : {};
  let attribution = new AttributionControl({ customAttribution: options.chosen.attribution, ...compact });
  map.addControl(attribution, 'bottom-right');
  let fallback = options.fallback;
  const reported = new Set<string>();
  let loaded = false;

  const fallBack = (reason: string) => {
    if (!fallback) return;
    const { style, attribution: credits } = fallback;
    fallback = null;
    options.onFallback?.(reason);
    map.removeControl(attribution);
    attribution = new AttributionControl({ customAttribution: credits, ...compact });
    map.addControl(attribution, 'bottom-right');
    map.setStyle(style, { diff: false });
  };

  map.on('error', (event: ErrorEvent) => {
    const { key, message } = describeMapError(event);
    if (!loaded && fallback) {
      fallBack(message);
      return;
    }
    if (reported.has(key)) return;
    reported.add(key);
    options.report(t('map.errorRestShown', { message }));
  });

  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      if (loaded) return;
      if (fallback) fallBack(t('map.styleSlow', { seconds: Math.round((options.loadMs ?? MAP_LOAD_MS) / 1000) }));
      else options.report(t('map.basemapSlow'));
    }, options.loadMs ?? MAP_LOAD_MS);
    map.once('load', () => {
      loaded = true;
      clearTimeout(timer);
      resolve();
    });
  });
}

/** An error of the map in words, and a key that is the same for errors of one kind from one place. */
export function describeMapError(event: Pick<ErrorEvent, 'error'> & { sourceId?: string }): {
  key: string;
  message: string;
} {
  const error = event.error as (Error & { url?: string; status?: number }) | undefined;
  const url = typeof error?.url === 'string' ? error.url : '';
  let host = '';
  try {
    host = url ? new URL(url).host : '';
  } catch {
    host = '';
  }
  const what = /\.pbf(\?|$)/.test(url)
    ? t('map.what.font')
    : /sprite/i.test(url)
      ? t('map.what.sprite')
      : event.sourceId
        ? t('map.what.layer', { id: event.sourceId.slice(0, 60) })
        : t('map.what.style');
  const why = error?.status
    ? t('map.why.status', { status: String(error.status) })
    : cut(error?.message ?? t('map.why.unknown'), 160);
  return {
    key: `${what}|${host}`,
    message: host ? t('map.couldNotLoadFrom', { what, host, why }) : t('map.couldNotLoad', { what, why }),
  };
}
