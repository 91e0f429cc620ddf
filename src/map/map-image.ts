import type { Map as MapLibreMap } from 'maplibre-gl';

/** How long the map may take to draw itself at the new pixel ratio before it is taken as it is. */
const SETTLE_MS = 5000;

export interface MapPicture {
  /** The map as drawn, markers and highlights included, `ratio` device pixels to a CSS pixel. */
  canvas: HTMLCanvasElement;
  /** Its size on screen, CSS pixels. */
  width: number;
  height: number;
  /** The credits its attribution control shows, one a source, as text. */
  credits: string[];
}

/**
 * Takes a picture of the map as drawn at `ratio` device pixels to a CSS pixel,
 * whatever the screen's: the map is drawn at that ratio for a moment (a sharper
 * copy of the same view, the page shows no change), its canvas is copied right
 * after a frame is drawn (MapLibre clears the drawing buffer once the frame is
 * shown), and the ratio it had is put back. The incident markers are a layer of
 * the map, so they are in the picture.
 */
export function captureMap(map: MapLibreMap, ratio: number): Promise<MapPicture> {
  // One at a time: a second taken meanwhile would read the first's ratio as the one to put back.
  const taken = queue.then(() => capture(map, ratio));
  queue = taken.then(
    () => undefined,
    () => undefined,
  );
  return taken;
}
let queue: Promise<void> = Promise.resolve();

async function capture(map: MapLibreMap, ratio: number): Promise<MapPicture> {
  // The ratio MapLibre follows when none is set is the screen's: then none is put back.
  const previous = map.getPixelRatio();
  const followsScreen = previous === window.devicePixelRatio;
  const copy = document.createElement('canvas');
  try {
    map.setPixelRatio(ratio);
    await settled(map);
    await new Promise<void>((resolve) => {
      map.once('render', () => {
        const source = map.getCanvas();
        copy.width = source.width;
        copy.height = source.height;
        copy.getContext('2d')?.drawImage(source, 0, 0);
        resolve();
      });
      map.triggerRepaint();
    });
  } finally {
    // MapLibre reads null as "follow the screen" (its type says number).
    map.setPixelRatio(followsScreen ? (null as unknown as number) : previous);
  }
  const container = map.getContainer();
  return { canvas: copy, width: container.clientWidth, height: container.clientHeight, credits: mapCredits(map) };
}

/** Resolves when the map has drawn all it was asked to (its tiles, labels, markers), or after SETTLE_MS. */
function settled(map: MapLibreMap): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, SETTLE_MS);
    function done() {
      clearTimeout(timer);
      map.off('idle', done);
      resolve();
    }
    map.on('idle', done);
    map.triggerRepaint();
  });
}

/** The credits the map's attribution control shows, as text, one a source (MapLibre joins them with " | "). */
function mapCredits(map: MapLibreMap): string[] {
  const inner = map.getContainer().querySelector('.maplibregl-ctrl-attrib-inner');
  return (inner?.textContent ?? '')
    .split(' | ')
    .map((credit) => credit.trim())
    .filter(Boolean);
}
