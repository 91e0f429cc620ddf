import type { CustomLayerInterface, Map as MapLibreMap, SymbolLayerSpecification } from 'maplibre-gl';
import { FADED_HIGHLIGHT_PAINT, HIGHLIGHT_LAYOUT } from '../incident-layers';
import { finishMarkerProgram, startMarkerPrograms } from '../incident-points-layer';
import type { TileProgramMaker } from './tile-programs';

const SOURCE = 'program-warm-up';
const IMAGE = 'program-warm-up';
const LAYERS = ['program-warm-up-icons', 'program-warm-up-faded-icons', 'program-warm-up-markers'];

/**
 * Has the map make, while the first dataset loads, the GPU programs its
 * incident layers will draw with: the icons' (one transparent pixel, drawn
 * twice, with and without data-driven opacity, as the incident layers draw
 * theirs) and the markers'. Making a program waits for the GPU process to
 * finish all it was given, and once a dataset arrives that process is busy
 * compositing the page as it fills in, so the same programs made then held
 * the main thread much longer. The warm-up's layers, source and image come
 * off the map with `remove` once the incident layers are there; the programs
 * stay made.
 */
export class FirstDatasetPrograms {
  readonly #map: MapLibreMap;
  readonly #tilePrograms: TileProgramMaker;
  #added = false;

  constructor(map: MapLibreMap, tilePrograms: TileProgramMaker) {
    this.#map = map;
    this.#tilePrograms = tilePrograms;
  }

  /** Adds the warm-up layers; call once the style is there (`style.load`). */
  add(): void {
    const map = this.#map;
    if (this.#added) return;
    this.#added = true;
    const { lng, lat } = map.getCenter();
    map.addImage(IMAGE, { width: 1, height: 1, data: new Uint8Array(4) });
    map.addSource(SOURCE, {
      type: 'geojson',
      data: {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lng, lat] },
        properties: { size: 1, rank: 0, offset: [0, 0], opacity: 1 },
      },
    });
    // The same layout as the incident layers' icons, so the programs made are theirs.
    const layout: SymbolLayerSpecification['layout'] = { ...HIGHLIGHT_LAYOUT, 'icon-image': IMAGE };
    map.addLayer({ id: LAYERS[0], type: 'symbol', source: SOURCE, layout });
    map.addLayer({
      id: LAYERS[1],
      type: 'symbol',
      source: SOURCE,
      layout,
      paint: FADED_HIGHLIGHT_PAINT,
    });
    const markers: CustomLayerInterface = {
      id: LAYERS[2],
      type: 'custom',
      // Linked now; each asked about in a task of its own once the GPU is idle, not in the style's first frame.
      onAdd: (_map, gl) => {
        const gl2 = gl as WebGL2RenderingContext;
        startMarkerPrograms(gl2);
        for (const which of ['markers', 'copy'] as const)
          this.#tilePrograms.later(() => void finishMarkerProgram(gl2, which));
      },
      render: () => {},
    };
    map.addLayer(markers);
  }

  /** Takes the warm-up layers off the map (the programs stay made). */
  remove(): void {
    const map = this.#map;
    if (!this.#added) return;
    this.#added = false;
    for (const id of LAYERS) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(SOURCE)) map.removeSource(SOURCE);
    if (map.hasImage(IMAGE)) map.removeImage(IMAGE);
  }
}
