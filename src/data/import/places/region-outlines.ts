// The country outlines the basemap draws (Natural Earth 10m, clipped to the
// region), put into the dataset worker's bundle at build time: rows are checked
// as they stream in, on three workers, so the outlines must be there before the
// first row, with no request to wait for or to fail. See docs/data-formats.md.
import geojson from '../../../../public/basemap/region/region_countries_10m.geojson?raw';
import { type OutlineSource, REGION_CLIP } from './country-outlines';

/** India, China, Pakistan, Oman, Uzbekistan, Tajikistan, Kyrgyzstan, Iran, Afghanistan, Turkmenistan, Siachen Glacier. */
export const REGION_OUTLINES: OutlineSource = { geojson, clip: REGION_CLIP };
