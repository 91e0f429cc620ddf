import type { StyleSpecification } from 'maplibre-gl';
import { t, translator } from '../i18n/page-language';
import { labelsInArabicScript, labelText, provinceLabelText } from './label-language';

// Credits as the attribution control shows them (HTML), worded in the page's language.
const credit = (key: string, link: string) => t(key, { link: `\uE000${link}\uE001` });
function linked(text: string, href: string): string {
  const [before, name, after] = escapeText(text).split(/\uE000|\uE001/);
  return `${before}<a href="${href}">${name}</a>${after ?? ''}`;
}
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** The credits, worded once the page's language is chosen. */
export const credits = {
  naturalEarth: () => linked(credit('attribution.naturalEarth', 'Natural Earth'), 'https://www.naturalearthdata.com/'),
  openStreetMap: () =>
    `© ${linked(credit('attribution.openStreetMap', 'OpenStreetMap'), 'https://www.openstreetmap.org/copyright')}`,
  geoNames: () => `${linked(credit('attribution.geoNames', 'GeoNames'), 'https://www.geonames.org/')} (CC BY 4.0)`,
  fonts: () => linked(credit('attribution.fonts', 'SIL OFL 1.1'), 'https://openfontlicense.org/'),
};

export const LABEL_FONT = ['Noto Sans Regular'];
export const LABEL_FONT_BOLD = ['Noto Sans Bold'];
/**
 * Labels in Urdu, Pashto and Dari: one stack, served as one folder of glyphs
 * (MapLibre asks for the stack's names joined), Latin from Noto Sans and Arabic
 * from Noto Sans Arabic, which has no bold.
 */
export const ARABIC_LABEL_FONT = ['Noto Sans Regular', 'Noto Sans Arabic Regular'];

const FOCUS_COUNTRIES = ['Afghanistan', 'Pakistan'];

/** The box `names/places.geojson` covers: world places inside it are labelled from that file in Arabic script. */
const NAMES_BOX: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [58, 22],
      [80, 22],
      [80, 40],
      [58, 40],
      [58, 22],
    ],
  ],
};

/**
 * The basemap's water. The style has no background layer: the map shows this
 * colour beneath its layers (RendererAccommodations.showWater). Where WebGL
 * draws in software it is the page behind the map's canvas, so that no frame
 * draws a screenful of water before the land and no program is made for it in
 * the first frame, which waits for the GPU process's start-up.
 */
export const BASEMAP_WATER = '#c6d9e6';

/**
 * The embedded offline basemap: Natural Earth land, lakes, borders, provinces,
 * rivers and places, the OpenStreetMap Durand Line at district zoom, and labels
 * from the glyphs the app serves, in the page's language (`language`, a tag of
 * the i18n catalogues). `base` is the absolute URL of the app's folder, so the
 * style works from any sub-path.
 */
export function basemapStyle(base: string, language = translator().language.tag): StyleSpecification {
  const url = (path: string) => `${base}basemap/${path}`;
  const ne = { type: 'geojson' as const, attribution: credits.naturalEarth() };
  const arabic = labelsInArabicScript(language);
  const font = arabic ? ARABIC_LABEL_FONT : LABEL_FONT;
  const boldFont = arabic ? ARABIC_LABEL_FONT : LABEL_FONT_BOLD;
  // In Arabic script the region's places are named from the names file even zoomed out (world-places has only English).
  const placesFrom = arabic ? 2 : 3.5;
  return {
    version: 8,
    name: 'Incident Atlas offline basemap',
    glyphs: `${base}basemap/glyphs/{fontstack}/{range}.pbf`,
    sources: {
      'world-land': { ...ne, data: url('world/world_land_110m.geojson') },
      'world-boundaries': { ...ne, data: url('world/world_boundaries_110m.geojson') },
      'world-lakes': { ...ne, data: url('world/world_lakes_110m.geojson') },
      'world-rivers': { ...ne, data: url('world/world_rivers_110m.geojson') },
      'world-places': { ...ne, data: url('world/world_places_110m.geojson') },
      'region-land': { ...ne, data: url('region/region_land_10m.geojson') },
      'region-countries': { ...ne, data: url('region/region_countries_10m.geojson') },
      'region-admin1': { ...ne, data: url('region/region_admin1_10m.geojson') },
      'region-boundaries': { ...ne, data: url('region/region_boundaries_10m.geojson') },
      'region-rivers': { ...ne, data: url('region/region_rivers_10m.geojson') },
      'region-lakes': { ...ne, data: url('region/region_lakes_10m.geojson') },
      // Label points with Natural Earth's names in every language it has (names/README in PROVENANCE.md).
      'names-countries': { ...ne, data: url('names/countries.geojson') },
      'names-provinces': { ...ne, data: url('names/provinces.geojson') },
      'names-places': { ...ne, data: url('names/places.geojson') },
      durand: {
        type: 'geojson',
        data: url('focus/af_pk_border_osm.geojson'),
        attribution: credits.openStreetMap(),
      },
    },
    layers: [
      { id: 'world-land', type: 'fill', source: 'world-land', paint: { 'fill-color': '#efebe2' } },
      { id: 'region-land', type: 'fill', source: 'region-land', minzoom: 3, paint: { 'fill-color': '#efebe2' } },
      {
        id: 'focus-countries',
        type: 'fill',
        source: 'region-countries',
        filter: ['in', ['get', 'name'], ['literal', FOCUS_COUNTRIES]],
        paint: { 'fill-color': '#f8f6f0', 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 2, 0, 4, 1] },
      },
      { id: 'world-lakes', type: 'fill', source: 'world-lakes', maxzoom: 4, paint: { 'fill-color': BASEMAP_WATER } },
      { id: 'region-lakes', type: 'fill', source: 'region-lakes', minzoom: 4, paint: { 'fill-color': BASEMAP_WATER } },
      {
        id: 'world-rivers',
        type: 'line',
        source: 'world-rivers',
        minzoom: 2,
        maxzoom: 4,
        paint: { 'line-color': '#9dbfd8', 'line-width': 0.6 },
      },
      {
        id: 'region-rivers',
        type: 'line',
        source: 'region-rivers',
        minzoom: 4,
        paint: {
          'line-color': '#9dbfd8',
          'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.6, 9, 2],
        },
      },
      {
        id: 'admin1-lines',
        type: 'line',
        source: 'region-admin1',
        minzoom: 4,
        paint: {
          'line-color': '#b7a9c4',
          'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.4, 9, 1.2],
          'line-dasharray': [3, 2],
        },
      },
      {
        id: 'world-boundaries',
        type: 'line',
        source: 'world-boundaries',
        maxzoom: 3.5,
        paint: { 'line-color': '#8e7a9e', 'line-width': 0.7 },
      },
      {
        id: 'region-boundaries',
        type: 'line',
        source: 'region-boundaries',
        minzoom: 3.5,
        filter: ['==', ['get', 'kind'], 'international'],
        paint: {
          'line-color': '#7a5e8f',
          'line-width': ['interpolate', ['linear'], ['zoom'], 3.5, 0.8, 8, 1.8],
          'line-opacity': ['interpolate', ['linear'], ['zoom'], 6.5, 1, 7.5, 0.25],
        },
      },
      {
        id: 'region-boundaries-disputed',
        type: 'line',
        source: 'region-boundaries',
        minzoom: 3.5,
        filter: ['==', ['get', 'kind'], 'disputed'],
        paint: { 'line-color': '#7a5e8f', 'line-width': 1, 'line-dasharray': [2, 2] },
      },
      {
        id: 'durand-line',
        type: 'line',
        source: 'durand',
        minzoom: 6.5,
        paint: {
          'line-color': '#5b3d70',
          'line-width': ['interpolate', ['linear'], ['zoom'], 6.5, 1.2, 10, 2.4],
          'line-opacity': ['interpolate', ['linear'], ['zoom'], 6.5, 0, 7.5, 1],
        },
      },
      {
        id: 'country-labels',
        type: 'symbol',
        source: 'names-countries',
        minzoom: 3,
        maxzoom: 8,
        filter: ['<=', ['get', 'min_zoom'], ['zoom']],
        layout: {
          'text-field': ['upcase', labelText(language, ['name'])],
          'text-font': boldFont,
          'text-size': ['interpolate', ['linear'], ['zoom'], 3, 11, 7, 16],
          'text-letter-spacing': arabic ? 0 : 0.2,
          'text-max-width': 8,
        },
        paint: { 'text-color': '#8a7f73', 'text-halo-color': '#f8f6f0', 'text-halo-width': 1.2 },
      },
      {
        id: 'admin1-labels',
        type: 'symbol',
        source: 'names-provinces',
        minzoom: 5.5,
        // Natural Earth still has FATA, merged into Khyber Pakhtunkhwa in 2018; don't label it as current.
        filter: ['!=', ['get', 'name_en'], 'Federally Administered Tribal Areas'],
        layout: {
          'text-field': provinceLabelText(language, ['name_en', 'name']),
          'text-font': font,
          'text-size': 11,
          'text-transform': 'uppercase',
          'text-letter-spacing': arabic ? 0 : 0.1,
          'text-max-width': 7,
        },
        paint: { 'text-color': '#9a8aa8', 'text-halo-color': '#f8f6f0', 'text-halo-width': 1 },
      },
      {
        id: 'world-places',
        type: 'symbol',
        source: 'world-places',
        maxzoom: 3.5,
        filter: arabic
          ? ['all', ['<=', ['get', 'scalerank'], 2], ['!', ['within', NAMES_BOX]]]
          : ['<=', ['get', 'scalerank'], 2],
        layout: {
          'text-field': ['get', 'name'],
          'text-font': font,
          'text-size': 10,
        },
        paint: { 'text-color': '#555', 'text-halo-color': '#fff', 'text-halo-width': 1 },
      },
      {
        id: 'region-places-dots',
        type: 'circle',
        source: 'names-places',
        minzoom: placesFrom,
        filter: ['<=', ['get', 'scalerank'], ['-', ['zoom'], 1]],
        paint: {
          'circle-radius': 2.2,
          'circle-color': '#6b6257',
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 0.8,
        },
      },
      {
        id: 'region-places',
        type: 'symbol',
        source: 'names-places',
        minzoom: placesFrom,
        filter: ['<=', ['get', 'scalerank'], ['-', ['zoom'], 1]],
        layout: {
          'text-field': labelText(language, ['name']),
          'text-font': font,
          'text-size': ['interpolate', ['linear'], ['zoom'], 4, 10, 9, 13],
          // The name starts at the dot, on the side its script is read from.
          'text-anchor': arabic ? 'right' : 'left',
          'text-offset': [arabic ? -0.5 : 0.5, 0],
          'text-optional': true,
        },
        paint: { 'text-color': '#3f3a34', 'text-halo-color': '#fff', 'text-halo-width': 1.2 },
      },
    ],
  };
}
