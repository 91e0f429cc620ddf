import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appsForThisFile, mapIdle, pixelAt } from './app';
import { byId } from './dataset';

/*
 * The software-renderer path (src/map/software) reads MapLibre internals, and
 * the two renderer paths are chosen with ?renderer= (docs/url.md). Chromium
 * here draws WebGL with SwiftShader, so the default (auto) is the software path.
 */

const openApp = appsForThisFile();

const MAPLIBRE_VERSION: string = JSON.parse(
  readFileSync(new URL('../../node_modules/maplibre-gl/package.json', import.meta.url), 'utf8'),
).version;

const AIRSTRIKE = byId('2024-12-24-paktika-airstrikes');
const WATER = 'rgb(198, 217, 230)';
const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/**
 * Before the page opens: counts the sky's shaders handed to WebGL (only the
 * sky's use u_sky_color) and records every source the map is given.
 */
async function recordSkyAndLayers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __skyShaders: number; __layers: string[] };
    w.__skyShaders = 0;
    w.__layers = [];
    const source = WebGL2RenderingContext.prototype.shaderSource;
    WebGL2RenderingContext.prototype.shaderSource = function (shader, text) {
      if (text.includes('u_sky_color')) w.__skyShaders++;
      return source.call(this, shader, text);
    };
    // Hooked as soon as the map's canvas is in the page: the explorer is made in that same
    // task, and the warm-up's layer is added once the style has loaded, tasks later.
    const watch = new MutationObserver(() => {
      try {
        const map = window.explorer.map;
        watch.disconnect();
        const add = map.addLayer.bind(map);
        map.addLayer = (layer, before) => {
          w.__layers.push(layer.id);
          return add(layer, before);
        };
      } catch {
        // The explorer is not made yet.
      }
    });
    watch.observe(document, { childList: true, subtree: true });
  });
}

/** How the map was set up, as the page shows it. */
function mapSetUp(page: Page) {
  return page.evaluate(() => {
    const { map, renderer } = window.explorer;
    const w = window as unknown as { __skyShaders: number; __layers: string[] };
    return {
      software: renderer.software,
      // The software path wraps triggerRepaint on the map itself.
      ownTriggerRepaint: Object.hasOwn(map, 'triggerRepaint'),
      skyShaders: w.__skyShaders,
      warmUpLayers: w.__layers.filter((id) => id.startsWith('program-warm-up')),
      firstLayer: map.getStyle().layers[0]?.id,
      pageBehind: getComputedStyle(map.getContainer()).backgroundColor,
    };
  });
}

describe('MapLibre internals', () => {
  test(`every internal the software path reads is there in maplibre-gl ${MAPLIBRE_VERSION}, as it expects`, async () => {
    const { page } = await openApp('');
    await mapIdle(page);
    expect(await page.evaluate(() => window.explorer.renderer.software)).toBe(true);
    // Read from the map as the app left it: its painter and style, and the tiles and buckets it has seen.
    const missing = await page.evaluate(() => window.explorer.renderer.missingInternals());
    expect(
      missing,
      `MapLibre internals changed (maplibre-gl ${MAPLIBRE_VERSION}): ${missing.join('; ')}. ` +
        'See src/map/software/internals.ts: fix the accommodations, or pin maplibre-gl back.',
    ).toEqual([]);
    // And the check does name what is gone: two internals taken away for a moment.
    const named = await page.evaluate(() => {
      type Internals = { painter: { drawFunctions: { sky?: unknown } }; style: { _order?: unknown } };
      const { painter, style } = window.explorer.map as unknown as Internals;
      const { sky } = painter.drawFunctions;
      const order = style._order;
      delete painter.drawFunctions.sky;
      delete style._order;
      try {
        return window.explorer.renderer.missingInternals();
      } finally {
        painter.drawFunctions.sky = sky;
        style._order = order;
      }
    });
    expect(named).toEqual(
      expect.arrayContaining([
        'map.painter.drawFunctions.sky (a function)',
        'map.style._order (an array of layer ids)',
      ]),
    );
  });
});

describe('?renderer=', () => {
  test('hardware: MapLibre runs as it ships, the water is a style layer, and the markers draw', async () => {
    const { page } = await openApp(`?renderer=hardware#incident=${AIRSTRIKE.id}`, { prepare: recordSkyAndLayers });
    await mapIdle(page);
    expect(await mapSetUp(page)).toEqual({
      software: false,
      ownTriggerRepaint: false,
      // MapLibre draws its sky every frame, as it ships.
      skyShaders: expect.any(Number),
      warmUpLayers: [],
      firstLayer: 'water',
      pageBehind: 'rgba(0, 0, 0, 0)',
    });
    expect((await mapSetUp(page)).skyShaders).toBeGreaterThan(0);
    // Calm is a no-op.
    expect(
      await page.evaluate(() => {
        window.explorer.renderer.calm = true;
        return window.explorer.renderer.calm;
      }),
    ).toBe(false);
    // The selected airstrike's marker, in its category's orange (#dd6b20).
    expect(distance(await pixelAt(page, AIRSTRIKE.geometry.coordinates), [0xdd, 0x6b, 0x20])).toBeLessThan(60);
  });

  test("hardware: a link's style that fails falls back to the embedded basemap, with its water layer", async () => {
    const { page } = await openApp('?renderer=hardware&style=../fixtures/broken-sprite-style.json', {
      expectedErrors: /Failed to load resource: the server responded with a status of 404/,
    });
    await mapIdle(page);
    expect(
      await page.evaluate(() => ({
        name: window.explorer.map.getStyle().name,
        layers: window.explorer.map.getLayersOrder().slice(0, 2),
      })),
    ).toEqual({ name: 'Incident Atlas offline basemap', layers: ['water', 'world-land'] });
  });

  for (const query of ['', '?renderer=software']) {
    test(`${query || 'none (auto, SwiftShader here)'}: the software path, and the markers draw`, async () => {
      const { page } = await openApp(`${query}#incident=${AIRSTRIKE.id}`, { prepare: recordSkyAndLayers });
      await mapIdle(page);
      expect(await mapSetUp(page)).toEqual({
        software: true,
        ownTriggerRepaint: true,
        skyShaders: 0,
        // Added while the first dataset loaded, then taken off (see FirstDatasetPrograms).
        warmUpLayers: ['program-warm-up-markers'],
        firstLayer: 'world-land',
        pageBehind: WATER,
      });
      expect(distance(await pixelAt(page, AIRSTRIKE.geometry.coordinates), [0xdd, 0x6b, 0x20])).toBeLessThan(60);
    });
  }
});
