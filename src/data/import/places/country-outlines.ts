// Country outlines, indexed so that a million points can each be placed inside,
// near or outside the country their row names for little more than a look-up:
// each outline gets a grid of 0.1° cells, those its edges cross marked, and
// the others' insideness found once (Turf point-in-polygon on the cell's centre)
// the first time a point falls in one. Distances to the outline are worked out
// only for the few points in a cell outside it, from the edges near them. Pure.
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { countryName } from '../../pack/packed';
import { type DataText, say } from '../../text/messages';
import { quoteCellText } from '../../text/quote';
import { isObject, own } from '../json';

/** West, south, east, north, in degrees. */
export type Bbox = [number, number, number, number];

/**
 * The box the basemap's regional layers were clipped to (58–78°E, 23–40°N;
 * public/basemap/PROVENANCE.md), and so the country outlines of
 * region_countries_10m.geojson: India, Iran and others are cut at its edges.
 */
export const REGION_CLIP: Bbox = [58, 23, 78, 40];

/**
 * Outlines to read (a GeoJSON FeatureCollection of Polygons and MultiPolygons
 * named by a `name` property), and, when they were clipped to a box, that box:
 * an outline that reaches its edge is known only inside it.
 */
export interface OutlineSource {
  geojson: string;
  clip?: Bbox;
}

/**
 * How far outside its outline a point may lie before it is called outside.
 * Coarse outlines cut corners at coasts and borders, and datasets put a
 * district's events at a point that may be across a river from it.
 */
export const BORDER_TOLERANCE_KM = 25;

/** Where a point lies against a country's outline. */
export type Placement = 'inside' | 'near' | 'outside' | 'unknown';

/** Side of a grid cell, in degrees: any point of a cell an edge crosses is within its diagonal (16 km) of that edge. */
const CELL = 0.1;
const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LON = 111.32;
const RADIANS = Math.PI / 180;

/**
 * A cell's state: not yet known; an outline edge crosses it; wholly inside;
 * wholly outside, and either every point of it beyond the tolerance (FAR) or
 * some maybe within it (each of those points is measured).
 */
const UNKNOWN = 0;
const EDGE = 1;
const IN = 2;
const OUT = 3;
const FAR = 4;
const OUT_NEAR = 5;

/** One country's outline and its grid. */
export class CountryOutline {
  readonly #geometry: Polygon | MultiPolygon;
  /** Where the outline is the country's (the clip box less the tolerance), or null: everywhere. */
  readonly #known: Bbox | null;
  /** The grid covers the outline's box and the tolerance around it. */
  readonly #west: number;
  readonly #south: number;
  readonly #columns: number;
  readonly #rows: number;
  readonly #cells: Uint8Array;
  /** Edges by cell: cell c's are #edgeList[#edgeStart[c] .. #edgeStart[c + 1]), indexes into the segment arrays. */
  readonly #edgeStart: Uint32Array;
  readonly #edgeList: Uint32Array;
  /** Segment k runs from (#x[2k], #y[2k]) to (#x[2k + 1], #y[2k + 1]). */
  readonly #x: Float64Array;
  readonly #y: Float64Array;

  constructor(
    readonly name: string,
    geometry: Polygon | MultiPolygon,
    clip?: Bbox,
  ) {
    this.#geometry = geometry;
    const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
    let segments = 0;
    for (const ring of rings) segments += Math.max(0, ring.length - 1);
    this.#x = new Float64Array(segments * 2);
    this.#y = new Float64Array(segments * 2);
    const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
    let k = 0;
    for (const ring of rings) {
      for (let p = 0; p + 1 < ring.length; p++, k++) {
        this.#x[2 * k] = ring[p][0];
        this.#y[2 * k] = ring[p][1];
        this.#x[2 * k + 1] = ring[p + 1][0];
        this.#y[2 * k + 1] = ring[p + 1][1];
      }
      for (const [x, y] of ring) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
    }
    const marginLat = BORDER_TOLERANCE_KM / KM_PER_DEGREE_LAT;
    const marginLon = lonDegrees(BORDER_TOLERANCE_KM, Math.max(Math.abs(box[1]), Math.abs(box[3])) + marginLat);
    const clipped =
      clip !== undefined &&
      (box[0] <= clip[0] + 1e-9 || box[1] <= clip[1] + 1e-9 || box[2] >= clip[2] - 1e-9 || box[3] >= clip[3] - 1e-9);
    // Within the tolerance of the clip box's edge, a point may be near a part of the country the clip cut off.
    this.#known = clipped ? [clip[0] + marginLon, clip[1] + marginLat, clip[2] - marginLon, clip[3] - marginLat] : null;
    this.#west = box[0] - marginLon;
    this.#south = box[1] - marginLat;
    this.#columns = Math.max(1, Math.ceil((box[2] + marginLon - this.#west) / CELL));
    this.#rows = Math.max(1, Math.ceil((box[3] + marginLat - this.#south) / CELL));
    this.#cells = new Uint8Array(this.#columns * this.#rows);
    [this.#edgeStart, this.#edgeList] = this.#indexEdges(segments);
  }

  /**
   * Each segment into the cells it runs through, found by stepping along it a
   * quarter of a cell at a time: a cell it only clips the corner of may be
   * missed, but every point of such a corner is near the edge anyway.
   */
  #indexEdges(segments: number): [Uint32Array, Uint32Array] {
    const pairs: number[] = [];
    for (let k = 0; k < segments; k++) {
      const x0 = this.#x[2 * k];
      const y0 = this.#y[2 * k];
      const dx = this.#x[2 * k + 1] - x0;
      const dy = this.#y[2 * k + 1] - y0;
      const steps = Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy)) / (CELL / 4)));
      let last = -1;
      for (let s = 0; s <= steps; s++) {
        const cell = this.#cellOf(x0 + (dx * s) / steps, y0 + (dy * s) / steps);
        if (cell === last || cell < 0) continue;
        last = cell;
        this.#cells[cell] = EDGE;
        pairs.push(cell, k);
      }
    }
    const start = new Uint32Array(this.#cells.length + 1);
    for (let p = 0; p < pairs.length; p += 2) start[pairs[p] + 1]++;
    for (let c = 0; c < this.#cells.length; c++) start[c + 1] += start[c];
    const list = new Uint32Array(pairs.length / 2);
    const filled = start.slice(0, this.#cells.length);
    for (let p = 0; p < pairs.length; p += 2) list[filled[pairs[p]]++] = pairs[p + 1];
    return [start, list];
  }

  /** The grid cell of a point, or -1 outside the grid. */
  #cellOf(lon: number, lat: number): number {
    const column = Math.floor((lon - this.#west) / CELL);
    const row = Math.floor((lat - this.#south) / CELL);
    if (column < 0 || row < 0 || column >= this.#columns || row >= this.#rows) return -1;
    return row * this.#columns + column;
  }

  /** Whether cell `cell` (no edge crosses it) lies inside the outline: its centre's answer, asked once. */
  #cellInside(cell: number): boolean {
    let state = this.#cells[cell];
    if (state === UNKNOWN) {
      const lon = this.#west + ((cell % this.#columns) + 0.5) * CELL;
      const lat = this.#south + (Math.floor(cell / this.#columns) + 0.5) * CELL;
      state = booleanPointInPolygon([lon, lat], this.#geometry) ? IN : OUT;
      this.#cells[cell] = state;
    }
    return state === IN;
  }

  /** Whether the outline is known around this point (see OutlineSource.clip). */
  knows(lon: number, lat: number): boolean {
    const known = this.#known;
    return known === null || (lon >= known[0] && lon <= known[2] && lat >= known[1] && lat <= known[3]);
  }

  /**
   * Where a point lies: inside the outline, near it (within the tolerance, on
   * either side), outside it, or unknown where the outline was clipped away.
   */
  placement(lon: number, lat: number): Placement {
    if (!this.knows(lon, lat)) return 'unknown';
    const cell = this.#cellOf(lon, lat);
    if (cell < 0) return 'outside';
    if (this.#cells[cell] === EDGE) return 'near';
    if (this.#cellInside(cell)) return 'inside';
    if (this.#cells[cell] === OUT) {
      // Once per cell: when its centre is far enough from every edge, so is each of its points.
      const lonC = this.#west + ((cell % this.#columns) + 0.5) * CELL;
      const latC = this.#south + (Math.floor(cell / this.#columns) + 0.5) * CELL;
      const halfDiagonal = (CELL / 2) * Math.hypot(KM_PER_DEGREE_LON * Math.cos(latC * RADIANS), KM_PER_DEGREE_LAT);
      this.#cells[cell] = this.#nearEdge(lonC, latC, BORDER_TOLERANCE_KM + halfDiagonal) ? OUT_NEAR : FAR;
    }
    if (this.#cells[cell] === FAR) return 'outside';
    return this.#nearEdge(lon, lat, BORDER_TOLERANCE_KM) ? 'near' : 'outside';
  }

  /** Whether an edge of the outline passes within `km` of a point (distances on a local flat projection). */
  #nearEdge(lon: number, lat: number, km: number): boolean {
    const kx = KM_PER_DEGREE_LON * Math.cos(lat * RADIANS);
    const ky = KM_PER_DEGREE_LAT;
    // The cells an edge within reach may be filed under, and one more for the step along it.
    const reachX = Math.ceil(km / Math.max(kx, 1e-6) / CELL) + 1;
    const reachY = Math.ceil(km / ky / CELL) + 1;
    const column = Math.floor((lon - this.#west) / CELL);
    const row = Math.floor((lat - this.#south) / CELL);
    const limit = km * km;
    for (let r = Math.max(0, row - reachY); r <= Math.min(this.#rows - 1, row + reachY); r++) {
      for (let c = Math.max(0, column - reachX); c <= Math.min(this.#columns - 1, column + reachX); c++) {
        const cell = r * this.#columns + c;
        for (let e = this.#edgeStart[cell]; e < this.#edgeStart[cell + 1]; e++) {
          const k = this.#edgeList[e];
          const ax = (this.#x[2 * k] - lon) * kx;
          const ay = (this.#y[2 * k] - lat) * ky;
          const bx = (this.#x[2 * k + 1] - lon) * kx;
          const by = (this.#y[2 * k + 1] - lat) * ky;
          if (squaredDistanceToOrigin(ax, ay, bx, by) <= limit) return true;
        }
      }
    }
    return false;
  }
}

/** Degrees of longitude that `km` spans at latitude `lat`. */
function lonDegrees(km: number, lat: number): number {
  return km / (KM_PER_DEGREE_LON * Math.max(Math.cos(Math.min(89, lat) * RADIANS), 0.01));
}

/** Squared distance from (0, 0) to the segment from (ax, ay) to (bx, by). */
function squaredDistanceToOrigin(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length));
  const x = ax + t * dx;
  const y = ay + t * dy;
  return x * x + y * y;
}

/** Other names data gives the countries of the outlines, lower case. */
const ALIASES: Record<string, string> = {
  'iran (islamic republic of)': 'iran',
  'iran, islamic republic of': 'iran',
  'islamic republic of iran': 'iran',
  'islamic republic of afghanistan': 'afghanistan',
  'islamic emirate of afghanistan': 'afghanistan',
  'islamic republic of pakistan': 'pakistan',
  'kyrgyz republic': 'kyrgyzstan',
  "people's republic of china": 'china',
  'republic of india': 'india',
};

/** A country's name as outlines are looked up by: English name (a two-letter code read as one), lower case. */
export function countryKey(country: string): string {
  const key = (countryName(country) ?? '').trim().toLowerCase();
  return Object.hasOwn(ALIASES, key) ? ALIASES[key] : key;
}

/**
 * Country outlines by name. Each outline's grid is made the first time a row
 * names its country, so a file about one country pays for one.
 */
export class CountryOutlines {
  readonly #features = new Map<string, { name: string; geometry: Polygon | MultiPolygon }>();
  readonly #made = new Map<string, CountryOutline | null>();
  readonly #clip: Bbox | undefined;
  #lastCountry: string | null = null;
  #lastOutline: CountryOutline | null = null;

  constructor(source: OutlineSource) {
    this.#clip = source.clip;
    const json: unknown = JSON.parse(source.geojson);
    const features = isObject(json) ? own(json, 'features') : undefined;
    for (const feature of Array.isArray(features) ? features : []) {
      if (!isObject(feature)) continue;
      const properties = own(feature, 'properties');
      const geometry = own(feature, 'geometry');
      const name = isObject(properties) ? own(properties, 'name') : undefined;
      const type = isObject(geometry) ? own(geometry, 'type') : undefined;
      if (typeof name !== 'string' || (type !== 'Polygon' && type !== 'MultiPolygon')) continue;
      this.#features.set(countryKey(name), { name, geometry: geometry as unknown as Polygon | MultiPolygon });
    }
  }

  /** The outline of the country `country` names (a name or a two-letter code), or null when there is none. */
  find(country: string): CountryOutline | null {
    // Rows of one file mostly name one country: the last answer first.
    if (country === this.#lastCountry) return this.#lastOutline;
    const key = countryKey(country);
    let outline = this.#made.get(key);
    if (outline === undefined) {
      const feature = this.#features.get(key);
      outline = feature ? new CountryOutline(feature.name, feature.geometry, this.#clip) : null;
      this.#made.set(key, outline);
    }
    this.#lastCountry = country;
    this.#lastOutline = outline;
    return outline;
  }

  /** The names of the countries with an outline. */
  get names(): string[] {
    return [...this.#features.values()].map((feature) => feature.name);
  }
}

/** What a point says against the country its row names. */
export type CountryFit = 'fits' | 'outside' | 'swapped' | 'unknown';

/**
 * Whether a point (longitude, latitude) lies in the country named: it fits
 * inside the outline or near it; it is outside, or looks swapped when it is
 * outside but the point read the other way round (latitude as longitude)
 * would fit; unknown without an outline for that country or where it was clipped.
 */
export function fitCountry(outlines: CountryOutlines, country: string, lon: number, lat: number): CountryFit {
  const outline = outlines.find(country);
  if (outline === null) return 'unknown';
  const placement = outline.placement(lon, lat);
  if (placement === 'inside' || placement === 'near') return 'fits';
  if (placement === 'unknown') return 'unknown';
  const swapped = Math.abs(lon) <= 90 ? outline.placement(lat, lon) : 'outside';
  return swapped === 'inside' || swapped === 'near' ? 'swapped' : 'outside';
}

/**
 * The import report's words for a point that does not fit its country, after
 * the field (the latitude and longitude columns): what is wrong, then what to do.
 */
export function describeCountryFit(
  fit: 'outside' | 'swapped',
  row: { lat: number; lon: number; country: string },
): DataText {
  const values = {
    point: `${row.lat}, ${row.lon}`,
    km: String(BORDER_TOLERANCE_KM),
    country: quoteCellText(row.country),
  };
  return say(fit === 'swapped' ? 'data.country.swapped' : 'data.country.outside', values);
}
