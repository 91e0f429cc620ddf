import type { Map as MapLibreMap } from 'maplibre-gl';

/** A story step's view of the map (docs/story.md). */
export interface StepView {
  center: [number, number];
  zoom: number;
}

/**
 * Moves the camera to a story step's view: a flight the reader can follow
 * from the last step, or a jump where motion is reduced or `instant` (a link
 * opened at a step). The view's centre goes to the middle of what the page
 * leaves of the map: beside an open legend, above `covered` CSS pixels of the
 * map's foot under a card (phone, embed).
 */
export function showStepView(
  map: MapLibreMap,
  view: StepView,
  { instant, covered }: { instant: boolean; covered: number },
): void {
  const offset = uncoveredOffset(map, covered);
  if (instant) map.easeTo({ center: view.center, zoom: view.zoom, offset, duration: 0 });
  else map.flyTo({ center: view.center, zoom: view.zoom, offset, duration: 1600 });
}

/** The offset from the map's middle to the middle of what the legend (when open) and a card leave of it. */
function uncoveredOffset(map: MapLibreMap, covered: number): [number, number] {
  const container = map.getContainer();
  const legend = container.querySelector<HTMLElement>('details.legend[open]');
  // A legend wider than half the map (a phone's) is read, then folded: the view does not dodge it.
  const beside = legend && legend.offsetWidth < container.clientWidth / 2 ? legend.offsetWidth : 0;
  // Right to left, the legend is in the top right corner (see styles.css).
  const rtl = getComputedStyle(container).direction === 'rtl';
  return [(rtl ? -beside : beside) / 2, -covered / 2];
}

/**
 * Folds the map's attribution behind its (i) button and the legend to its
 * title, as a phone's are: a map narrowed by a story column beside it keeps its
 * markers in view. The reader opens either again.
 */
export function foldOverlays(map: MapLibreMap): void {
  const container = map.getContainer();
  container.querySelector('.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
  container.querySelector<HTMLDetailsElement>('details.legend[open]')?.removeAttribute('open');
}
