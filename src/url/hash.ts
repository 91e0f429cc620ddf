import { MAX_WINDOW_DAYS } from '../analysis/time-window';
import { dayStart } from '../data/dates/incident-date';
import { FINGERPRINT_PATTERN } from '../data/fingerprint';
import { ID_PATTERN } from '../data/import/validate';
import { quoteCell } from '../data/text/quote';
import { t } from '../i18n/page-language';

export interface MapView {
  zoom: number;
  lat: number;
  lon: number;
}

/** What a link's hash asks for. Keys it does not know are kept as they are. */
export interface LinkState {
  map?: MapView;
  date?: string;
  incident?: string;
  /**
   * The last revealed incident, written only when date and incident alone would
   * reopen a different number of revealed incidents (several incidents on one day).
   */
  upto?: string;
  /** `window`: only a span of days ending at the date is shown (absent: everything up to it). */
  mode?: 'window';
  /** Days in the window, 1 to MAX_WINDOW_DAYS. */
  window?: number;
  /** false: incidents only possibly in view (uncertain dates) are hidden. */
  possible?: false;
  /** Categories, countries, actors and search text the incidents are narrowed to. */
  categories?: string[];
  countries?: string[];
  actors?: string[];
  q?: string;
  /** The days the time axis is zoomed to, first and last (YYYY-MM-DD). */
  span?: [string, string];
  /** `even`: the time axis spaces incidents evenly; `calendar`: by date (absent: see state's openingAxis). */
  axis?: 'even' | 'calendar';
  /** The date range the incidents are narrowed to: first and last day (YYYY-MM-DD), either may be absent. */
  from?: string;
  to?: string;
  /** Only incidents whose claimed figures differ (`contested=1`). */
  contested?: true;
  /** The fingerprint of the dataset the link was made with (`ds=`, 12 lowercase hex digits; see data/fingerprint.ts). */
  ds?: string;
  /** The story step shown, 1-based (`step=3`; docs/story.md): it sets the view the other keys describe. */
  step?: number;
}

export interface ParsedLink {
  link: LinkState;
  /** One sentence per part of the hash that could not be used. */
  problems: string[];
}

/** The most values of one facet (categories, countries, actors) a link may choose. */
export const MAX_LINK_VALUES = 100;
/** The longest search text a link may give. */
export const MAX_LINK_SEARCH = 500;

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/**
 * Reads `#map=ZOOM/LAT/LON&date=YYYY-MM-DD&incident=ID&upto=ID` and the analysis
 * keys (`mode`, `window`, `possible`, `span`, `axis`, `cat`, `country`, `actor`, `q`, `from`, `to`) and the
 * dataset's fingerprint (`ds`); a bad part is dropped and explained.
 */
export function parseHash(hash: string): ParsedLink {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const link: LinkState = {};
  const problems: string[] = [];

  const map = params.get('map');
  if (map !== null) {
    const parts = map.split('/');
    const [zoom, lat, lon] = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
    if (parts.length !== 3 || ![zoom, lat, lon].every(Number.isFinite)) {
      problems.push(t('hash.mapShape', { value: quoteCell(map) }));
    } else if (zoom < 0 || zoom > 24 || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      problems.push(t('hash.mapRange', { value: quoteCell(map) }));
    } else {
      link.map = { zoom, lat, lon };
    }
  }

  const date = params.get('date');
  if (date !== null) {
    if (Number.isNaN(dayStart(date))) {
      problems.push(t('hash.date', { value: quoteCell(date) }));
    } else {
      link.date = date;
    }
  }

  for (const key of ['incident', 'upto'] as const) {
    const id = params.get(key);
    if (id === null) continue;
    if (!ID_PATTERN.test(id)) problems.push(t('hash.id', { value: quoteCell(id) }));
    else link[key] = id;
  }

  const mode = params.get('mode');
  if (mode === 'window') link.mode = 'window';
  else if (mode !== null && mode !== 'cumulative') {
    problems.push(t('hash.mode', { value: quoteCell(mode) }));
  }
  const window = params.get('window');
  if (window !== null) {
    const days = /^\d+d?$/.test(window) ? Number.parseInt(window, 10) : Number.NaN;
    if (days >= 1 && days <= MAX_WINDOW_DAYS) link.window = days;
    else problems.push(t('hash.window', { value: quoteCell(window), max: MAX_WINDOW_DAYS }));
  }
  const possible = params.get('possible');
  if (possible === 'hide') link.possible = false;
  else if (possible !== null && possible !== 'show') {
    problems.push(t('hash.possible', { value: quoteCell(possible) }));
  }
  // A link names a few values of each facet; thousands would cost the page a row each.
  const chosen = (key: string, what: string): string[] | undefined => {
    const values = [...new Set(params.getAll(key).filter((value) => value.trim() !== ''))];
    if (values.length > MAX_LINK_VALUES) {
      problems.push(t(`hash.tooMany.${what}`, { count: values.length, max: MAX_LINK_VALUES }));
      values.length = MAX_LINK_VALUES;
    }
    return values.length > 0 ? values : undefined;
  };
  const categories = chosen('cat', 'categories');
  if (categories) link.categories = categories;
  const countries = chosen('country', 'countries');
  if (countries) link.countries = countries;
  const actors = chosen('actor', 'actors');
  if (actors) link.actors = actors;
  const contested = params.get('contested');
  if (contested === '1') link.contested = true;
  else if (contested !== null) {
    problems.push(t('hash.contested', { value: quoteCell(contested) }));
  }
  const q = params.get('q')?.trim();
  if (q && q.length > MAX_LINK_SEARCH) {
    problems.push(t('hash.search', { length: q.length, max: MAX_LINK_SEARCH }));
    link.q = q.slice(0, MAX_LINK_SEARCH).trim();
  } else if (q) link.q = q;
  const span = params.get('span');
  if (span !== null) {
    const [first, last, ...rest] = span.split('/');
    if (rest.length > 0 || Number.isNaN(dayStart(first)) || Number.isNaN(dayStart(last ?? '')) || last < first) {
      problems.push(t('hash.span', { value: quoteCell(span) }));
    } else {
      link.span = [first, last];
    }
  }
  const axis = params.get('axis');
  if (axis === 'even' || axis === 'calendar') link.axis = axis;
  else if (axis !== null) problems.push(t('axis.badLink', { value: quoteCell(axis) }));
  for (const key of ['from', 'to'] as const) {
    const day = params.get(key);
    if (day === null) continue;
    if (Number.isNaN(dayStart(day))) {
      problems.push(t(key === 'from' ? 'hash.rangeFrom' : 'hash.rangeTo', { value: quoteCell(day) }));
    } else link[key] = day;
  }
  if (link.from && link.to && link.to < link.from) {
    problems.push(t('hash.rangeSwapped', { from: link.from, to: link.to }));
    [link.from, link.to] = [link.to, link.from];
  }
  const ds = params.get('ds');
  if (ds !== null) {
    if (FINGERPRINT_PATTERN.test(ds)) link.ds = ds;
    else problems.push(t('cite.hashDs', { value: quoteCell(ds) }));
  }
  const step = params.get('step');
  if (step !== null) {
    const n = /^\d{1,6}$/.test(step) ? Number(step) : 0;
    if (n >= 1) link.step = n;
    else problems.push(t('story.linkBad', { value: quoteCell(step) }));
  }
  return { link, problems };
}

/** A value as the hash writes it: encoded as a URL component, with spaces as +. */
const component = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

/** Writes the hash for a state, in a fixed key order so equal states give equal links. */
export function formatHash(link: LinkState): string {
  const parts: string[] = [];
  if (link.map) {
    const { zoom, lat, lon } = link.map;
    parts.push(`map=${round(zoom, 2)}/${round(lat, 4)}/${round(lon, 4)}`);
  }
  if (link.date) parts.push(`date=${link.date}`);
  if (link.incident) parts.push(`incident=${encodeURIComponent(link.incident)}`);
  if (link.upto) parts.push(`upto=${encodeURIComponent(link.upto)}`);
  if (link.mode === 'window') parts.push('mode=window');
  if (link.window !== undefined) parts.push(`window=${link.window}`);
  if (link.possible === false) parts.push('possible=hide');
  if (link.span) parts.push(`span=${link.span[0]}/${link.span[1]}`);
  if (link.axis) parts.push(`axis=${link.axis}`);
  for (const category of link.categories ?? []) parts.push(`cat=${component(category)}`);
  for (const country of link.countries ?? []) parts.push(`country=${component(country)}`);
  for (const actor of link.actors ?? []) parts.push(`actor=${component(actor)}`);
  if (link.contested) parts.push('contested=1');
  if (link.q) parts.push(`q=${component(link.q)}`);
  if (link.from) parts.push(`from=${link.from}`);
  if (link.to) parts.push(`to=${link.to}`);
  if (link.ds) parts.push(`ds=${link.ds}`);
  if (link.step !== undefined) parts.push(`step=${link.step}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

/** Rounds a view the way the link writes it, so a parsed link compares equal to the view. */
export function roundView(view: MapView): MapView {
  return { zoom: round(view.zoom, 2), lat: round(view.lat, 4), lon: round(view.lon, 4) };
}
