import type { Map as MapLibreMap } from 'maplibre-gl';
import { internalsOf } from './internals';

/*
 * MapLibre 6 draws its sky first in every frame once the style has loaded
 * (Painter.drawFunctions.sky, not public API), with a program of its own. On a
 * flat Mercator map the horizon is never on screen and the sky's shader colours
 * no pixel, so without a GPU that draw is a screenful of fragments for nothing,
 * and making its program was the first frame's longest wait for the GPU
 * process (the first program a page asks for waits out that process's
 * start-up). A MapLibre without these internals draws its sky as it always did.
 */

const mercator = (map: MapLibreMap): boolean => {
  const type = map.getProjection()?.type;
  return type === undefined || type === 'mercator';
};

/** Whether the map can ever show its sky: it can be tilted, or it is not on Mercator. */
export function skyCanShow(map: MapLibreMap): boolean {
  return map.getMaxPitch() > 0 || !mercator(map);
}

/** Has the map skip its sky in every frame where it cannot show (untilted, on Mercator). */
export function skipHiddenSky(map: MapLibreMap): void {
  const apply = () => {
    const painter = internalsOf(map).painter;
    const draws = painter?.drawFunctions;
    const sky = draws?.sky;
    if (!painter || !draws || typeof sky !== 'function') return;
    // A copy for this map's painter only: the table it replaces is MapLibre's, shared by every map.
    painter.drawFunctions = {
      ...draws,
      sky: (...args: unknown[]) => {
        if (map.getPitch() > 0 || !mercator(map)) sky(...args);
      },
    };
  };
  apply();
  // A restored WebGL context comes with a new painter.
  map.on('webglcontextrestored', apply);
}
