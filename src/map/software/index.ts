import type { Map as MapLibreMap } from 'maplibre-gl';
import { isSoftwareRenderer } from './detect';
import { FirstDatasetPrograms } from './first-dataset-programs';
import { FrameSpacing } from './frame-spacing';
import { skipHiddenSky } from './hidden-sky';
import { checkInternals } from './internals';
import { TileProgramMaker } from './tile-programs';

/*
 * What the map does differently when WebGL draws in software (SwiftShader in CI
 * and VMs, llvmpipe…): there every frame and every GPU program made costs the
 * processor the dataset's workers read with, and some of it reaches into
 * MapLibre's internals (see internals.ts). On a GPU none of it is needed, and
 * MapLibre runs as it ships. See docs/performance.md, "Software WebGL".
 */

export { isSoftwareRenderer } from './detect';

/** `?renderer=`: `software` or `hardware` forces a path; `auto` (anything else, or none) asks WebGL. */
export type RendererChoice = 'auto' | 'software' | 'hardware';

/** Reads `?renderer=software|hardware`; anything else is `auto`. */
export function rendererChoice(params: URLSearchParams): RendererChoice {
  const value = params.get('renderer');
  return value === 'software' || value === 'hardware' ? value : 'auto';
}

/** What the app asks of the map around a dataset's load; on a GPU, most of it does nothing. */
export interface RendererAccommodations {
  /** Whether the software accommodations are on. */
  readonly software: boolean;
  /**
   * While true, the map spaces out the frames it asks for itself, so that the
   * dataset's workers get the processor (see FrameSpacing); the user's moves
   * are drawn at once. Set while a dataset loads. On a GPU it stays false.
   */
  calm: boolean;
  /** While calm, the map's own frames wait until `until` settles (the markers' data going to the GPU). */
  holdUntil(until: Promise<unknown>): void;
  /** A dataset is about to be shown: the layers that made its layers' programs beforehand come off the map. */
  datasetArriving(): void;
  /**
   * Shows `color` beneath the layers of a style with no background layer of
   * its own (the embedded basemap's water): in software, the page behind the
   * map's canvas, so the first frame makes no program for it; on a GPU, a
   * `water` background layer under the others of the style being loaded.
   */
  showWater(color: string): void;
  /**
   * The MapLibre internals the software path reads that this MapLibre lacks or
   * shapes differently, each named; [] when all are as expected. For tests
   * (`window.explorer.renderer.missingInternals()`), on either path.
   */
  missingInternals(): string[];
}

/**
 * Fits `map`, just made, to the renderer `choice` resolves to (`auto`: the
 * map's own WebGL context is asked what draws it, see isSoftwareRenderer). On
 * a GPU the map is left as MapLibre made it. In software: the sky is not drawn
 * where it cannot show (hidden-sky.ts), frames are spaced out while calm
 * (frame-spacing.ts), the GPU programs of each tile are made as it arrives
 * (tile-programs.ts) and those of the incident layers before the first dataset
 * (first-dataset-programs.ts).
 */
export function accommodateRenderer(map: MapLibreMap, choice: RendererChoice): RendererAccommodations {
  const canvas = map.getCanvas();
  const software =
    choice === 'software' ||
    (choice === 'auto' && isSoftwareRenderer(canvas.getContext('webgl2') ?? canvas.getContext('webgl')));
  if (!software) {
    return {
      software: false,
      get calm() {
        return false;
      },
      set calm(_value: boolean) {},
      holdUntil: () => {},
      datasetArriving: () => {},
      showWater: (color) => addWaterLayer(map, color),
      missingInternals: () => checkInternals(map),
    };
  }
  // The app's map is never tilted (maxPitch 0), so its sky never shows.
  skipHiddenSky(map);
  const spacing = new FrameSpacing(map);
  const tiles = new TileProgramMaker(map, spacing);
  const firstDataset = new FirstDatasetPrograms(map, tiles);
  // Added as soon as the style is there, so its programs are made with the basemap's, before any dataset.
  map.once('style.load', () => firstDataset.add());
  return {
    software: true,
    get calm() {
      return spacing.calm;
    },
    set calm(value: boolean) {
      spacing.calm = value;
    },
    holdUntil: (until) => spacing.holdUntil(until),
    datasetArriving: () => firstDataset.remove(),
    showWater: (color) => {
      map.getContainer().style.backgroundColor = color;
    },
    missingInternals: () => checkInternals(map, tiles.seen),
  };
}

/** Adds a `water` background layer under the others of the next style the map loads (the one being loaded). */
function addWaterLayer(map: MapLibreMap, color: string): void {
  map.once('style.load', () => {
    if (map.getLayer('water')) return;
    map.addLayer({ id: 'water', type: 'background', paint: { 'background-color': color } }, map.getLayersOrder()[0]);
  });
}
