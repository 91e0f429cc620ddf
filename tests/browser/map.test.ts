import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  appsForThisFile,
  mapEvents,
  mapIdle,
  pixelAt,
  pixelsAtScreen,
  recordMapEvents,
  screenshot,
  state,
} from './app';
import { ARTICLE_ONLY, articleById, articleOnlyIds, byId } from './dataset';

const openApp = appsForThisFile();

/**
 * Opens the app on a small dataset whose response is held until `release` is
 * called, so the page stays loading (the map calm) while the basemap comes in;
 * the map's frames are recorded (see mapEvents). `prepare` adds to the page before it opens.
 */
async function openHeldLoad(prepare?: (page: Page) => Promise<void>) {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const app = await openApp('?data=../fixtures/mixed.csv', {
    waitReady: false,
    prepare: async (page) => {
      await page.route(
        (url) => url.pathname.endsWith('/fixtures/mixed.csv'),
        async (route) => {
          await held;
          await route.continue();
        },
      );
      await recordMapEvents(page, 'render');
      await prepare?.(page);
    },
  });
  await app.page.waitForFunction(() => window.explorer.map.loaded(), undefined, { timeout: 20_000 });
  return { page: app.page, release, renders: () => mapEvents(app.page, 'render') };
}

/**
 * Before the page opens: records, when the markers' layer is added (when their
 * data starts for the GPU), the time (`__markersAddedAt`) and whether the map
 * was calm (`__calmWhenAdded`).
 */
async function recordMarkersAdded(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as MarkersAdded;
    const hook = setInterval(() => {
      try {
        const map = window.explorer.map;
        clearInterval(hook);
        const add = map.addLayer.bind(map);
        map.addLayer = (layer, before) => {
          if (layer.id === 'incident-points') {
            w.__markersAddedAt = performance.now();
            w.__calmWhenAdded = window.explorer.renderer.calm;
          }
          return add(layer, before);
        };
      } catch {
        // The explorer is not made yet.
      }
    }, 1);
  });
}
interface MarkersAdded {
  __markersAddedAt?: number;
  __calmWhenAdded?: boolean;
}

const AIRSTRIKE = byId('2024-12-24-paktika-airstrikes');
const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('map', () => {
  test('a revealed incident is drawn in its category colour where it happened, and vanishes when hidden', async () => {
    const app = await openApp('#date=2024-08-01');
    const { page } = app;
    const at = AIRSTRIKE.geometry.coordinates;
    const before = await pixelAt(page, at);
    await page.evaluate((id) => window.explorer.select(id), AIRSTRIKE.id);
    await expect.poll(async () => (await state(page)).incident).toBe(AIRSTRIKE.id);
    await mapIdle(page);
    const shown = await pixelAt(page, at);
    // Airstrike orange (#dd6b20) at the marker's centre.
    expect(distance(shown, [0xdd, 0x6b, 0x20])).toBeLessThan(60);
    expect(distance(shown, before)).toBeGreaterThan(80);
    await page.evaluate(() => window.explorer.setDate('2024-08-01'));
    await mapIdle(page);
    expect(distance(await pixelAt(page, at), before)).toBeLessThan(12);
  });

  test('every revealed incident is drawn where its marker is, and none before it is revealed', async () => {
    // The article-only dataset: most of it dated "on or after" a day, so most markers are rings.
    const app = await openApp(`${ARTICLE_ONLY}#map=6.4/33.4/70.3&date=2024-12-24`);
    const { page } = app;
    await mapIdle(page);
    const positions = await page.evaluate(
      (ids) => ids.map((id) => window.explorer.markerPosition(id) ?? { x: -1, y: -1 }),
      articleOnlyIds,
    );
    expect(positions.every((p) => p.x > 0 && p.y > 0)).toBe(true);
    // The centre, and a point on the ring: an incident whose date is uncertain (most
    // of the seed is dated "on or after" a day) is a ring with a clear centre.
    const ring = positions.map((p) => ({ x: p.x + 4, y: p.y }));
    const shown = await pixelsAtScreen(page, [...positions, ...ring]);
    await page.evaluate(() => window.explorer.setDate('2024-08-01'));
    await mapIdle(page);
    expect(await page.evaluate((id) => window.explorer.markerPosition(id), articleOnlyIds[0])).toBeNull();
    const hidden = await pixelsAtScreen(page, [...positions, ...ring]);
    const n = positions.length;
    articleOnlyIds.forEach((id, i) => {
      const changed = Math.max(distance(shown[i], hidden[i]), distance(shown[n + i], hidden[n + i]));
      expect(changed, id).toBeGreaterThan(25);
    });
  });

  test("the selected incident's ring and the newest's halo are drawn at their markers", async () => {
    // Three incidents far apart: good-3 (an attack, red) is the newest, good-1 (a statement, green) is selected.
    const { page } = await openApp('?data=../fixtures/mixed.csv');
    await page.evaluate(() => window.explorer.select('good-1'));
    await mapIdle(page);
    const at = (id: string) => page.evaluate((id) => window.explorer.markerPosition(id), id);
    const selected = await at('good-1');
    const newest = await at('good-3');
    if (!selected || !newest) throw new Error('a marker is not shown');
    // The ring: 12.3 to 15.3 CSS pixels from the centre (26 px across at 1.2 times, a 3-px stroke), near black.
    const around = (p: { x: number; y: number }, r: number) => [
      { x: p.x + r, y: p.y },
      { x: p.x - r, y: p.y },
      { x: p.x, y: p.y + r },
      { x: p.x, y: p.y - r },
    ];
    const [centre, ...ring] = await pixelsAtScreen(page, [selected, ...around(selected, 13.8)]);
    expect(distance(centre, [0x00, 0x94, 0x6a])).toBeLessThan(40);
    for (const pixel of ring) expect(Math.max(...pixel.slice(0, 3))).toBeLessThan(70);
    // The halo: yellow fading out round the newest's marker, which is drawn on top in its colour.
    const [middle, ...halo] = await pixelsAtScreen(page, [newest, ...around(newest, 14)]);
    expect(distance(middle, [0xc5, 0x30, 0x30])).toBeLessThan(40);
    for (const [r, g, b] of halo) {
      expect(r).toBeGreaterThan(200);
      expect(g).toBeGreaterThan(170);
      expect(b).toBeLessThan(160);
    }
    // Selected no more: no ring.
    await page.evaluate(() => window.explorer.select(null));
    await mapIdle(page);
    for (const pixel of await pixelsAtScreen(page, around(selected, 13.8))) {
      expect(Math.max(...pixel.slice(0, 3))).toBeGreaterThan(150);
    }
  });

  test('the polygon of a place with a revealed incident is highlighted', async () => {
    // The article-only dataset places the airstrikes in Paktika's outline (the embedded one, at a point in Barmal).
    const app = await openApp(`${ARTICLE_ONLY}#date=2024-08-01`);
    const { page } = app;
    const at = articleById(AIRSTRIKE.id).geometry.coordinates;
    // A little away from the marker, still inside Paktika.
    const before = await pixelAt(page, at, [0, 40]);
    await page.evaluate(() => window.explorer.setDate('2024-12-24'));
    await mapIdle(page);
    const after = await pixelAt(page, at, [0, 40]);
    expect(distance(after, before)).toBeGreaterThan(10);
    // Tinted towards amber: blue drops more than red.
    expect(before[2] - after[2]).toBeGreaterThan(before[0] - after[0]);
  });

  test('the delegation journey Islamabad -> Kabul is drawn as an arc once revealed', async () => {
    const app = await openApp('#date=2024-12-22');
    const { page } = app;
    const arcs = () =>
      page.evaluate(() => window.explorer.map.queryRenderedFeatures({ layers: ['journey-lines'] }).length);
    expect(await arcs()).toBe(0);
    await page.evaluate(() => window.explorer.setDate('2024-12-23'));
    await mapIdle(page);
    expect(await arcs()).toBeGreaterThan(0);
    // Rendered features are cut at tile edges; the whole arc is in the source.
    const line = await page.evaluate(async () => {
      const source = window.explorer.map.getSource('journeys') as import('maplibre-gl').GeoJSONSource;
      const data = (await source.getData()) as GeoJSON.FeatureCollection;
      const geometry = data.features[0]?.geometry;
      return geometry?.type === 'LineString' ? geometry.coordinates : [];
    });
    // A great circle: many vertices, from Islamabad (~73.0E) to Kabul (~69.2E), bowing north of the straight line.
    expect(line.length).toBeGreaterThan(10);
    const lons = line.map((c) => c[0]);
    expect(Math.max(...lons)).toBeGreaterThan(72.5);
    expect(Math.min(...lons)).toBeLessThan(69.5);
  });

  test('hovering a marker shows its title; clicking selects it', async () => {
    const app = await openApp('#date=2024-12-24');
    const { page } = app;
    await mapIdle(page);
    const box = await page.locator('#map canvas').boundingBox();
    const point = await page.evaluate(
      (c) => window.explorer.map.project(c as [number, number]),
      AIRSTRIKE.geometry.coordinates,
    );
    if (!box) throw new Error('no map canvas');
    await page.mouse.move(box.x + point.x, box.y + point.y);
    const tooltip = page.locator('.incident-tooltip');
    await expect.poll(() => tooltip.count()).toBe(1);
    expect(await tooltip.innerText()).toContain(AIRSTRIKE.properties.title);
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await expect.poll(async () => (await state(page)).incident).toBe(AIRSTRIKE.id);
    await page.mouse.move(box.x + 5, box.y + box.height - 60);
    await expect.poll(() => tooltip.count()).toBe(0);
  });

  test('markers sharing a point fan out so each can be clicked', async () => {
    const app = await openApp();
    const { page } = app;
    await mapIdle(page);
    const kabulIds = [
      '2024-12-23-delegation-arrives-in-kabul',
      '2024-12-sadiq-meets-sirajuddin-haqqani',
      '2024-12-sadiq-meets-amir-khan-muttaqi',
      '2024-12-taliban-condemn-strikes-and-summon-diplomat',
      '2024-12-sadiq-meets-abdul-kabir',
    ];
    const kabul = await page.evaluate(
      (ids) => ids.map((id) => ({ id, ...(window.explorer.markerPosition(id) ?? { x: -1, y: -1 }) })),
      kabulIds,
    );
    // Five distinct spots around Kabul, each within a few markers' width of it.
    const centre = await page.evaluate(() => window.explorer.map.project([69.17233, 34.52813]));
    expect(new Set(kabul.map((m) => `${Math.round(m.x)},${Math.round(m.y)}`)).size).toBe(5);
    for (const m of kabul) expect(Math.hypot(m.x - centre.x, m.y - centre.y)).toBeLessThan(30);
    expect(kabul.length).toBe(5);
    const box = await page.locator('#map canvas').boundingBox();
    if (!box) throw new Error('no map canvas');
    for (const marker of kabul) {
      await page.mouse.click(box.x + marker.x, box.y + marker.y);
      await expect.poll(async () => (await state(page)).incident).toBe(marker.id);
    }
    await screenshot(page, 'kabul-fanned-markers');
  });

  test('while a dataset loads, the map draws its own updates at most every 400 ms, and a drag at once', async () => {
    const { page, release, renders } = await openHeldLoad();
    // Something on the map asks for a frame every 40 ms for 1.6 s (as a transition would).
    const [asked, done] = await page.evaluate(async () => {
      const map = window.explorer.map;
      const first = performance.now();
      for (let k = 0; k < 40; k++) {
        map.triggerRepaint();
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      return [first, performance.now()];
    });
    const drawn = (await renders()).filter(({ at, calm }) => calm && at >= asked && at <= done);
    expect(drawn.length).toBeGreaterThanOrEqual(3);
    // One frame at once, then one each 400 ms: not one for each of the forty requests.
    expect(drawn.length).toBeLessThanOrEqual((done - asked) / 400 + 1);

    const before = await page.evaluate(() => window.explorer.map.getCenter().lng);
    const start = await page.evaluate(() => performance.now());
    await page.mouse.move(640, 400);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) {
      await page.mouse.move(640 - 20 * k, 400);
      await page.waitForTimeout(30);
    }
    await page.mouse.up();
    const end = await page.evaluate(() => performance.now());
    expect(await page.evaluate(() => window.explorer.map.getCenter().lng)).toBeGreaterThan(before);
    const during = (await renders()).filter(({ at }) => at >= start && at <= end);
    // Spaced 400 ms apart there would be at most one frame per 400 ms of the drag, and one more.
    expect(during.length).toBeGreaterThan((end - start) / 400 + 1);
    expect(await page.evaluate(() => window.explorer.renderer.calm)).toBe(true);

    release();
    await page.evaluate(() => window.explorer.ready);
    expect(await page.evaluate(() => window.explorer.renderer.calm)).toBe(false);
    expect((await state(page)).revealedCount).toBeGreaterThan(0);
  });

  test('while a dataset loads, a frame the map asks for at the end of one waits for the next frame asked for', async () => {
    const { page, release, renders } = await openHeldLoad();
    await page.waitForTimeout(500);
    // The next frame asks for one more as it ends, as MapLibre does after a frame that
    // showed new labels; then, 1.2 s on, something else asks for a frame.
    const asked = await page.evaluate(() => {
      const map = window.explorer.map;
      map.once('render', () => map.triggerRepaint());
      map.triggerRepaint();
      return performance.now();
    });
    await page.waitForTimeout(1200);
    const during = (await renders()).filter(({ at }) => at >= asked);
    expect(during).toHaveLength(1);
    const second = await page.evaluate(() => {
      window.explorer.map.triggerRepaint();
      return performance.now();
    });
    await page.waitForTimeout(1200);
    expect((await renders()).filter(({ at }) => at >= second)).toHaveLength(1);
    expect(await page.evaluate(() => window.explorer.renderer.calm)).toBe(true);
    release();
    await page.evaluate(() => window.explorer.ready);
  });

  test("the map stays calm while the markers' data goes to the GPU, and draws the dataset once it is there", async () => {
    const app = await openApp('?data=../fixtures/mixed.csv', { waitReady: false, prepare: recordMarkersAdded });
    const { page } = app;
    await page.evaluate(() => window.explorer.ready);
    expect(await page.evaluate(() => (window as unknown as MarkersAdded).__calmWhenAdded)).toBe(true);
    expect(await page.evaluate(() => window.explorer.renderer.calm)).toBe(false);
    expect((await state(page)).revealedCount).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.explorer.renderer.calm)).toBe(false);
  });

  test("no frame of the map is drawn while the markers' data goes to the GPU, however long that takes", async () => {
    const app = await openApp('?data=../fixtures/mixed.csv', {
      waitReady: false,
      prepare: async (page) => {
        await recordMapEvents(page, 'render');
        await page.addInitScript(() => {
          // Once the markers' layer is added, each fence placed from then on (one per piece
          // of their data: five for a small dataset) reads as not passed for 600 ms: the
          // upload takes seconds, longer than the calm map's patience.
          const w = window as unknown as MarkersAdded & { __firstLook?: number };
          const status = WebGL2RenderingContext.prototype.getSyncParameter;
          const born = new WeakMap<WebGLSync, number>();
          WebGL2RenderingContext.prototype.getSyncParameter = function (sync, name) {
            const value = status.call(this, sync, name);
            if (w.__markersAddedAt === undefined || name !== this.SYNC_STATUS) return value;
            const now = performance.now();
            w.__firstLook ??= now;
            if (!born.has(sync)) born.set(sync, now);
            return now - (born.get(sync) as number) < 600 ? this.UNSIGNALED : value;
          };
        });
        await recordMarkersAdded(page);
      },
    });
    const { page } = app;
    await page.evaluate(() => window.explorer.ready);
    const firstLook = await page.evaluate(() => (window as unknown as { __firstLook?: number }).__firstLook);
    expect(firstLook).toBeDefined();
    const renders = await mapEvents(page, 'render');
    // (A frame asked for before the data started may still be on its way at the first look.)
    const start = (firstLook as number) + 100;
    expect(renders.filter(({ at, calm }) => calm && at > start)).toEqual([]);
    // The calm is lifted once the data is there: the first frame then came seconds after the upload began.
    const fed = renders.find(({ at, calm }) => !calm && at > start);
    expect(fed).toBeDefined();
    expect((fed as { at: number }).at - start).toBeGreaterThan(2000);
    expect((await state(page)).revealedCount).toBeGreaterThan(0);
    expect(app.errors).toEqual([]);
  });

  test('the map is made at its size and keeps it while the first dataset is drawn (the timeline holds its height)', async () => {
    const app = await openApp('', {
      prepare: async (page) => {
        await recordMapEvents(page, 'resize');
        // Every height given to a canvas of the map's, from the page's start: the map's
        // own resize events begin only once the test can reach the map.
        await page.addInitScript(() => {
          const w = window as unknown as { __canvasHeights: number[] };
          w.__canvasHeights = [];
          const height = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, 'height');
          Object.defineProperty(HTMLCanvasElement.prototype, 'height', {
            ...height,
            set(this: HTMLCanvasElement, value: number) {
              if (this.classList.contains('maplibregl-canvas')) w.__canvasHeights.push(value);
              height?.set?.call(this, value);
            },
          });
        });
      },
    });
    // A resize reallocates the map's canvas and draws every marker again.
    expect((await mapEvents(app.page, 'resize')).map(({ size }) => size)).toEqual([]);
    const heights = await app.page.evaluate(() => (window as unknown as { __canvasHeights: number[] }).__canvasHeights);
    const shown = await app.page.evaluate(() => window.explorer.map.getCanvas().height);
    expect(heights.length).toBeGreaterThan(0);
    expect(new Set(heights)).toEqual(new Set([shown]));
  });

  test('the map draws no sky it cannot show and no water layer: the water seen is the page behind the canvas', async () => {
    const { page } = await openApp('', {
      prepare: async (page) => {
        await page.addInitScript(() => {
          // Counts the sky's shaders handed to WebGL (only the sky's use u_sky_color).
          const w = window as unknown as { __skyShaders: number };
          w.__skyShaders = 0;
          const source = WebGL2RenderingContext.prototype.shaderSource;
          WebGL2RenderingContext.prototype.shaderSource = function (shader, text) {
            if (text.includes('u_sky_color')) w.__skyShaders++;
            return source.call(this, shader, text);
          };
        });
      },
    });
    const skyShaders = () => page.evaluate(() => (window as unknown as { __skyShaders: number }).__skyShaders);
    // The Arabian Sea, at the map's centre.
    await page.evaluate(() => window.explorer.map.jumpTo({ center: [64, 18], zoom: 5 }));
    await mapIdle(page);
    expect(await skyShaders()).toBe(0);
    const box = await page.locator('#map canvas').boundingBox();
    if (!box) throw new Error('no map canvas');
    const centre = { x: box.width / 2, y: box.height / 2 };
    // The canvas leaves the sea transparent...
    expect((await pixelsAtScreen(page, [centre]))[0][3]).toBe(0);
    // ...and what the page shows there is the basemap's water.
    const shot = await page.screenshot({ clip: { x: box.x + centre.x, y: box.y + centre.y, width: 1, height: 1 } });
    const seen = await page.evaluate(async (png) => {
      // Decoded as an image (the site's policy allows data: images, not data: connections).
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const context = new OffscreenCanvas(1, 1).getContext('2d') as OffscreenCanvasRenderingContext2D;
      context.drawImage(image, 0, 0);
      return [...context.getImageData(0, 0, 1, 1).data];
    }, shot.toString('base64'));
    expect(distance(seen, [0xc6, 0xd9, 0xe6])).toBeLessThan(4);
    // Tilted (which the app does not allow), the map draws its sky again.
    await page.evaluate(() => {
      window.explorer.map.setMaxPitch(60);
      window.explorer.map.setPitch(50);
    });
    await mapIdle(page);
    expect(await skyShaders()).toBeGreaterThan(0);
  });

  test('?style= uses the given style instead of the embedded basemap, and the incidents still show', async () => {
    const app = await openApp('?style=../fixtures/plain-style.json#incident=2024-12-24-paktika-airstrikes');
    const { page } = app;
    expect(await page.evaluate(() => window.explorer.map.getStyle().name)).toBe("A user's own style (test fixture)");
    const pixel = await pixelAt(page, AIRSTRIKE.geometry.coordinates);
    expect(distance(pixel, [0xdd, 0x6b, 0x20])).toBeLessThan(60);
    await screenshot(page, 'custom-style');
    expect(await warmUpLeftovers(page)).toEqual({ layers: [], sources: [], image: false });
  });

  test("the basemap's programs are made before the frames that draw with them, and those frames use them", async () => {
    const app = await openApp('?data=../fixtures/mixed.csv', {
      waitReady: false,
      prepare: async (page) => {
        await page.addInitScript(() => {
          // Each program MapLibre makes, and whether a frame made it; then which of them frames draw with.
          const w = window as unknown as { __made: { name: string; inFrame: boolean }[]; __usedInFrame: Set<number> };
          w.__made = [];
          w.__usedInFrame = new Set();
          const programs: unknown[] = [];
          let inFrame = false;
          const raf = window.requestAnimationFrame.bind(window);
          window.requestAnimationFrame = (callback) =>
            raf((time) => {
              inFrame = true;
              try {
                callback(time);
              } finally {
                inFrame = false;
              }
            });
          const hook = setInterval(() => {
            type Cache = { programs: object; getProgram(variant: { name: string }): unknown };
            let cache: Cache | undefined;
            try {
              cache = (window.explorer.map as unknown as { painter?: { programCache?: Cache } }).painter?.programCache;
            } catch {
              // The explorer is not made yet.
            }
            if (!cache) return;
            clearInterval(hook);
            const get = cache.getProgram.bind(cache);
            cache.getProgram = (variant) => {
              const count = Object.keys(cache.programs).length;
              const program = get(variant);
              if (Object.keys(cache.programs).length > count) {
                programs.push(program);
                w.__made.push({ name: variant.name, inFrame });
              }
              if (inFrame) w.__usedInFrame.add(programs.indexOf(program));
              return program;
            };
          }, 1);
        });
      },
    });
    const { page } = app;
    await page.evaluate(() => window.explorer.ready);
    await mapIdle(page);
    const { made, used } = await page.evaluate(() => {
      const w = window as unknown as { __made: { name: string; inFrame: boolean }[]; __usedInFrame: Set<number> };
      return { made: w.__made, used: [...w.__usedInFrame] };
    });
    const early = made.flatMap(({ name, inFrame }, index) => (inFrame ? [] : [{ name, index }]));
    // The fills', lines' and labels' programs were made ahead of the frames...
    for (const name of ['fill', 'line', 'symbolSDF']) expect(early.map((p) => p.name)).toContain(name);
    // ...and are the very ones the frames drew with (a program made for the wrong variant would be a second one).
    const unused = early.filter(
      ({ name, index }) => ['fill', 'line', 'symbolSDF'].includes(name) && !used.includes(index),
    );
    expect(unused).toEqual([]);
  });

  test("the markers' programs are asked how they linked once each, in tasks of their own, before the dataset comes", async () => {
    const { page, release } = await openHeldLoad(async (page) => {
      await page.addInitScript(() => {
        // Every question asked of a marker program or its shaders (the markers' use u_revealed; the
        // copy's fragment shader reads gl_FragCoord.xy / u_size), with the task it was asked in:
        // questions with no microtask checkpoint between them (one synchronous run) share a number.
        const w = window as unknown as { __asked: { what: string; task: number }[] };
        w.__asked = [];
        let tasks = 0;
        let open = false;
        const task = () => {
          if (!open) {
            open = true;
            tasks++;
            queueMicrotask(() => {
              open = false;
            });
          }
          return tasks;
        };
        const proto = WebGL2RenderingContext.prototype;
        const sources = new Map<WebGLShader, string>();
        const shadersOf = new Map<WebGLProgram, WebGLShader[]>();
        const shaderSource = proto.shaderSource;
        proto.shaderSource = function (shader, text) {
          sources.set(shader, text);
          return shaderSource.call(this, shader, text);
        };
        const attach = proto.attachShader;
        proto.attachShader = function (program, shader) {
          shadersOf.set(program, [...(shadersOf.get(program) ?? []), shader]);
          return attach.call(this, program, shader);
        };
        const marker = (text = '') =>
          text.includes('u_revealed') ? 'markers' : text.includes('gl_FragCoord.xy / u_size') ? 'copy' : null;
        const askProgram = proto.getProgramParameter;
        proto.getProgramParameter = function (program, name) {
          const which = (shadersOf.get(program) ?? []).map((shader) => marker(sources.get(shader))).find(Boolean);
          if (which) w.__asked.push({ what: `${which} program`, task: task() });
          return askProgram.call(this, program, name);
        };
        const askShader = proto.getShaderParameter;
        proto.getShaderParameter = function (shader, name) {
          const which = marker(sources.get(shader));
          if (which) w.__asked.push({ what: `${which} shader`, task: task() });
          return askShader.call(this, shader, name);
        };
      });
    });
    const asked = () =>
      page.evaluate(() => (window as unknown as { __asked: { what: string; task: number }[] }).__asked);
    await page.waitForFunction(() => (window as unknown as { __asked: unknown[] }).__asked.length >= 2, undefined, {
      timeout: 20_000,
    });
    const before = await asked();
    release();
    await page.evaluate(() => window.explorer.ready);
    await mapIdle(page);
    // Before the dataset came: each program asked about once, in different tasks, no shader asked about.
    expect(before.map((q) => q.what).sort()).toEqual(['copy program', 'markers program']);
    expect(before[0].task).not.toBe(before[1].task);
    // Drawing the dataset asked nothing more.
    expect(await asked()).toEqual(before);
  });

  test('once a dataset is shown, nothing of the GPU program warm-up is left in the style', async () => {
    const { page } = await openApp('');
    await mapIdle(page);
    expect(await warmUpLeftovers(page)).toEqual({ layers: [], sources: [], image: false });
    // The incident layers it made programs for are there: the markers' (a custom layer, not in
    // the style's JSON), which draw the newest incident's halo too.
    expect(await page.evaluate(() => window.explorer.map.getLayer('incident-points')?.type)).toBe('custom');
  });
});

/** Layers, sources and the image the warm-up adds (see FirstDatasetPrograms), if any are still on the map. */
function warmUpLeftovers(page: Page) {
  return page.evaluate(() => {
    const map = window.explorer.map;
    const style = map.getStyle();
    return {
      // The warm-up's layer is a custom one, which getStyle() does not list.
      layers: [...style.layers.map((l) => l.id), 'program-warm-up-markers'].filter(
        (id) => id.startsWith('program-warm-up') && map.getLayer(id),
      ),
      sources: Object.keys(style.sources).filter((id) => id.startsWith('program-warm-up')),
      image: map.hasImage('program-warm-up'),
    };
  });
}
