import type { Map as MapLibreMap } from 'maplibre-gl';

/** A story step's view of the map (docs/story.md). */
export interface StepView {
  center: [number, number];
  zoom: number;
}

/**
 * Moves the camera to a story step's view: a flight the reader can follow
 * from the last step, or a jump where motion is reduced or `instant` (a link
 * opened at a step). `covered`: CSS pixels of the map's lower edge under a card
 * (phone, embed); the view's centre is put in the middle of what shows.
 */
export function showStepView(
  map: MapLibreMap,
  view: StepView,
  { instant, covered }: { instant: boolean; covered: number },
): void {
  const offset: [number, number] = [0, -covered / 2];
  if (instant) map.easeTo({ center: view.center, zoom: view.zoom, offset, duration: 0 });
  else map.flyTo({ center: view.center, zoom: view.zoom, offset, duration: 1600 });
}
