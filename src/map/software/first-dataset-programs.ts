import type { CustomLayerInterface, Map as MapLibreMap } from 'maplibre-gl';
import { finishMarkerProgram, startMarkerPrograms } from '../marker-programs';
import type { TileProgramMaker } from './tile-programs';

const LAYER = 'program-warm-up-markers';

/**
 * Has the map make, while the first dataset loads, the GPU programs of the
 * marker layer (the markers', the kept drawing's copy and the highlights'),
 * from a custom layer that draws nothing. Making a program waits for the GPU
 * process to finish all it was given, and once a dataset arrives that process
 * is busy compositing the page as it fills in, so the same programs made then
 * held the main thread much longer. The layer comes off the map with `remove`
 * once the incident layers are there; the programs stay made.
 */
export class FirstDatasetPrograms {
  readonly #map: MapLibreMap;
  readonly #tilePrograms: TileProgramMaker;
  #added = false;

  constructor(map: MapLibreMap, tilePrograms: TileProgramMaker) {
    this.#map = map;
    this.#tilePrograms = tilePrograms;
  }

  /** Adds the warm-up layer; call once the style is there (`style.load`). */
  add(): void {
    if (this.#added) return;
    this.#added = true;
    const markers: CustomLayerInterface = {
      id: LAYER,
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
    this.#map.addLayer(markers);
  }

  /** Takes the warm-up layer off the map (the programs stay made). */
  remove(): void {
    if (!this.#added) return;
    this.#added = false;
    if (this.#map.getLayer(LAYER)) this.#map.removeLayer(LAYER);
  }
}
