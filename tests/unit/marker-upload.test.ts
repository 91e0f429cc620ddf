import type { CustomRenderMethodInput, Map as MapLibreMap } from 'maplibre-gl';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { dayColumns } from '../../src/analysis/time-window';
import { DAY_MS } from '../../src/data/dates/incident-date';
import type { PointBuffers } from '../../src/data/pack/point-buffers';
import { IncidentPointsLayer, UPLOAD_BYTES } from '../../src/map/incident-points-layer';

/**
 * A WebGL2 context that records what it is sent. Constants are numbers named
 * after themselves; a fence is signalled only when the test says the GPU has
 * caught up.
 */
function fakeGl() {
  const constants = new Map<string, number>();
  const constant = (name: string) => {
    if (!constants.has(name)) constants.set(name, 0x1000 + constants.size);
    return constants.get(name) as number;
  };
  let nextObject = 1;
  const buffers = new Map<number, Uint8Array>();
  const bound = new Map<number, number | null>();
  const sent: { buffer: number; at: number; length: number }[] = [];
  const draws: string[] = [];
  const fences: { signalled: boolean }[] = [];
  let unsignalledFences = 0;
  const impl: Record<string, (...args: never[]) => unknown> = {
    createBuffer: () => nextObject++,
    createVertexArray: () => nextObject++,
    createShader: () => nextObject++,
    createProgram: () => nextObject++,
    createTexture: () => nextObject++,
    createFramebuffer: () => nextObject++,
    getShaderParameter: () => true,
    getProgramParameter: () => true,
    getAttribLocation: () => 0,
    getUniformLocation: () => ({}),
    isContextLost: () => false,
    bindBuffer: (target: number, buffer: number | null) => void bound.set(target, buffer),
    bufferData: (target: number, data: number | ArrayBufferView) => {
      const buffer = bound.get(target);
      if (buffer == null) throw new Error('bufferData with no buffer bound');
      if (typeof data === 'number') buffers.set(buffer, new Uint8Array(data));
      else {
        buffers.set(buffer, new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)));
        sent.push({ buffer, at: 0, length: data.byteLength });
      }
    },
    bufferSubData: (target: number, at: number, data: ArrayBufferView) => {
      const buffer = bound.get(target);
      const store = buffer == null ? undefined : buffers.get(buffer);
      if (buffer == null || !store) throw new Error('bufferSubData with no buffer bound');
      if (at + data.byteLength > store.byteLength) throw new Error('bufferSubData past the end of the buffer');
      store.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
      sent.push({ buffer, at, length: data.byteLength });
    },
    fenceSync: () => {
      const fence = { signalled: false };
      fences.push(fence);
      unsignalledFences++;
      return fence;
    },
    getSyncParameter: (fence: { signalled: boolean }) =>
      fence.signalled ? constant('SIGNALED') : constant('UNSIGNALED'),
    drawArrays: () => void draws.push('drawArrays'),
    drawElements: () => void draws.push('drawElements'),
  };
  const gl = new Proxy(
    {},
    {
      get: (_target, name: string) => {
        if (/^[A-Z0-9_]+$/.test(name)) return constant(name);
        if (name === 'canvas') return { width: 800, height: 600 };
        return impl[name] ?? (() => undefined);
      },
    },
  ) as unknown as WebGL2RenderingContext;
  return {
    gl,
    buffers,
    sent,
    draws,
    /** Whether a piece sent is waiting for the GPU. */
    get waiting() {
      return unsignalledFences > 0;
    },
    /** The GPU takes everything sent so far. */
    catchUp() {
      for (const fence of fences) fence.signalled = true;
      unsignalledFences = 0;
    },
  };
}

function fakeMap() {
  const canvas = { width: 800, height: 600, clientWidth: 800, clientHeight: 600 };
  return {
    repaints: 0,
    triggerRepaint() {
      this.repaints++;
    },
    getCanvas: () => canvas,
    getZoom: () => 6,
    getBounds: () => ({ getWest: () => 60, getEast: () => 80, getNorth: () => 40, getSouth: () => 28 }),
  };
}

/** Enough incidents that the positions (8 bytes each) take several pieces. */
const COUNT = Math.ceil((UPLOAD_BYTES * 2.5) / 8);

function layerWithData() {
  // Made directly (no spatial index: drawing does not use it), as building them for this many takes seconds.
  const position = Float32Array.from({ length: 2 * COUNT }, (_, i) => (i % 2 ? 0.4 : 0.7) + (i % 997) / 1e5);
  const buffers: PointBuffers = {
    count: COUNT,
    position,
    group: new Uint8Array(COUNT),
    palette: ['#c8c8c8'],
    vague: new Uint8Array(COUNT),
    offset: new Int16Array(0),
    index: undefined as unknown as PointBuffers['index'],
    grid: { cells: false, minX: 0, minY: 0, scaleX: 1, scaleY: 1 },
    maxOffset: 0,
  };
  const day = Int32Array.from({ length: COUNT }, (_, i) => Math.floor(i / 10));
  const end = Float64Array.from(day);
  const layer = new IncidentPointsLayer(
    'points',
    buffers,
    dayColumns({ start: Float64Array.from(day, (d) => d * DAY_MS), end }),
  );
  return { layer, buffers };
}

/** Lets the GPU take each piece as it comes, until all of it is there. */
async function feedAll(fake: ReturnType<typeof fakeGl>, layer: IncidentPointsLayer): Promise<void> {
  let fed = false;
  void layer.fed.then(() => {
    fed = true;
  });
  for (let round = 0; round < 1000 && !fed; round++) {
    await settle();
    fake.catchUp();
  }
  expect(fed).toBe(true);
}

const frame = {
  defaultProjectionData: { mainMatrix: new Float32Array(16).fill(0.5) },
} as unknown as CustomRenderMethodInput;

/** Lets the layer's fence polling run (it looks every few ms). */
const settle = () => vi.advanceTimersByTimeAsync(20);

describe('sending the markers to the GPU', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('goes in pieces of at most UPLOAD_BYTES, each only once the GPU has taken the one before, and arrives whole', async () => {
    const fake = fakeGl();
    const map = fakeMap();
    const { layer, buffers } = layerWithData();
    let fed = false;
    void layer.fed.then(() => {
      fed = true;
    });
    layer.onAdd(map as unknown as MapLibreMap, fake.gl);
    layer.setRevealed(COUNT);
    let pieces = 0;
    for (let round = 0; round < 1000 && !fed; round++) {
      await settle();
      // Nothing more is sent while a piece waits for the GPU.
      const before = fake.sent.length;
      await settle();
      expect(fake.sent.length).toBe(before);
      if (fake.waiting) pieces++;
      fake.catchUp();
    }
    expect(fed).toBe(true);
    const large = fake.sent.filter((s) => s.length > UPLOAD_BYTES);
    expect(large).toEqual([]);
    expect(pieces).toBeGreaterThanOrEqual(Math.ceil(buffers.position.byteLength / UPLOAD_BYTES));
    // Every byte of the positions reached its buffer.
    const stored = [...fake.buffers.values()].find((b) => b.byteLength === buffers.position.byteLength);
    const want = new Uint8Array(buffers.position.buffer, buffers.position.byteOffset, buffers.position.byteLength);
    // The first byte that differs, if any (comparing 5 MB element by element in expect would take seconds).
    expect(stored?.findIndex((byte, i) => byte !== want[i])).toBe(-1);
    expect(map.repaints).toBeGreaterThan(0);
  });

  test('nothing is drawn before all of it is on the GPU', async () => {
    const fake = fakeGl();
    const map = fakeMap();
    const { layer } = layerWithData();
    layer.onAdd(map as unknown as MapLibreMap, fake.gl);
    layer.setRevealed(COUNT);
    for (let i = 0; i < 3; i++) {
      layer.prerender(fake.gl, frame);
      layer.render(fake.gl, frame);
      await settle();
      fake.catchUp();
    }
    expect(fake.draws).toEqual([]);
    await feedAll(fake, layer);
    layer.prerender(fake.gl, frame);
    layer.render(fake.gl, frame);
    expect(fake.draws.length).toBeGreaterThan(0);
  });

  test('stops when the layer is taken off the map, and its promise still settles', async () => {
    const fake = fakeGl();
    const map = fakeMap();
    const { layer } = layerWithData();
    layer.onAdd(map as unknown as MapLibreMap, fake.gl);
    await settle();
    fake.catchUp();
    await settle();
    const sentBefore = fake.sent.length;
    layer.onRemove();
    for (let i = 0; i < 10; i++) {
      fake.catchUp();
      await settle();
    }
    // At most the piece under way when it was removed.
    expect(fake.sent.length).toBeLessThanOrEqual(sentBefore + 1);
    await expect(layer.fed).resolves.toBeUndefined();
  });
});
