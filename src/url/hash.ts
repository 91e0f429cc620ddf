import { dayStart } from '../data/incident-date';
import { ID_PATTERN } from '../data/validate';

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
}

export interface ParsedLink {
  link: LinkState;
  /** One sentence per part of the hash that could not be used. */
  problems: string[];
}

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Reads `#map=ZOOM/LAT/LON&date=YYYY-MM-DD&incident=ID&upto=ID`; a bad part is dropped and explained. */
export function parseHash(hash: string): ParsedLink {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const link: LinkState = {};
  const problems: string[] = [];

  const map = params.get('map');
  if (map !== null) {
    const parts = map.split('/');
    const [zoom, lat, lon] = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
    if (parts.length !== 3 || ![zoom, lat, lon].every(Number.isFinite)) {
      problems.push(
        `The map view "${map}" is not ZOOM/LATITUDE/LONGITUDE, e.g. 6/33.1/69.5; the whole dataset is shown instead.`,
      );
    } else if (zoom < 0 || zoom > 24 || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      problems.push(
        `The map view "${map}" is out of range (zoom 0–24, latitude ±90, longitude ±180); the whole dataset is shown instead.`,
      );
    } else {
      link.map = { zoom, lat, lon };
    }
  }

  const date = params.get('date');
  if (date !== null) {
    if (Number.isNaN(dayStart(date))) {
      problems.push(`The date "${date}" is not a calendar day written YYYY-MM-DD; it was ignored.`);
    } else {
      link.date = date;
    }
  }

  for (const key of ['incident', 'upto'] as const) {
    const id = params.get(key);
    if (id === null) continue;
    if (!ID_PATTERN.test(id)) problems.push(`"${id}" is not a valid incident id; it was ignored.`);
    else link[key] = id;
  }
  return { link, problems };
}

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
  return parts.length ? `#${parts.join('&')}` : '';
}

/** Rounds a view the way the link writes it, so a parsed link compares equal to the view. */
export function roundView(view: MapView): MapView {
  return { zoom: round(view.zoom, 2), lat: round(view.lat, 4), lon: round(view.lon, 4) };
}
