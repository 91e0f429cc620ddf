import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fanOffsets } from '../../src/data/pack/marker-layout';
import {
  buildPointBuffers,
  fanOffset,
  MAX_PALETTE,
  mercatorX,
  mercatorY,
  offsetTenths,
  paletteRgb,
  pickPoint,
} from '../../src/data/pack/point-buffers';

const WORLD = 512 * 2 ** 8; // pixels per Mercator unit at zoom 8
/** A flat screen: Mercator (0..1) times the world size, so distances are easy to reason about. */
const project = (x: number, y: number) => ({ x: x * WORLD, y: y * WORLD });
const pickAt = (buffers: ReturnType<typeof buildPointBuffers>, revealed: number, screen: { x: number; y: number }) =>
  pickPoint(buffers, revealed, { x: screen.x / WORLD, y: screen.y / WORLD }, WORLD);

describe('Web Mercator', () => {
  test('known points', () => {
    expect(mercatorX(-180)).toBe(0);
    expect(mercatorX(0)).toBe(0.5);
    expect(mercatorX(180)).toBe(1);
    expect(mercatorY(0)).toBeCloseTo(0.5, 12);
    expect(mercatorY(85.051129)).toBeCloseTo(0, 6);
    expect(mercatorY(-85.051129)).toBeCloseTo(1, 6);
  });
  test('y falls as latitude rises, and is symmetric about the equator', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (lat, d) => {
          if (lat + d > 85) return;
          expect(mercatorY(lat + d)).toBeLessThan(mercatorY(lat));
          expect(mercatorY(lat) + mercatorY(-lat)).toBeCloseTo(1, 9);
        },
      ),
    );
  });
});

describe('point buffers', () => {
  const points = [
    { coordinates: [69.17, 34.53], color: '#2b6cb0', vague: false },
    { coordinates: [73.04, 33.72], color: '#c53030', vague: true },
    { coordinates: [69.17, 34.53], color: '#2b6cb0', vague: false },
  ];
  const buffers = buildPointBuffers(points);

  test('one entry per incident, in reveal order, with colour and hollowness', () => {
    expect(buffers.count).toBe(3);
    expect(buffers.palette).toEqual(['#2b6cb0', '#c53030']);
    expect([...buffers.group]).toEqual([0, 1, 0]);
    expect([...buffers.vague]).toEqual([0, 1, 0]);
    expect(buffers.position[2]).toBeCloseTo(mercatorX(73.04), 6);
    expect(buffers.position[3]).toBeCloseTo(mercatorY(33.72), 6);
  });

  test('incidents sharing a point get distinct offsets; a lone one stays on its point', () => {
    expect(fanOffset(buffers, 1)).toEqual([0, 0]);
    const a = fanOffset(buffers, 0);
    const b = fanOffset(buffers, 2);
    expect(a).not.toEqual(b);
    expect(Math.hypot(...a)).toBeGreaterThan(5);
    expect(buffers.maxOffset).toBeCloseTo(Math.hypot(...a), 1);
  });

  test('no offsets are kept when every marker is alone at its point', () => {
    const alone = buildPointBuffers(points.slice(0, 2));
    expect(alone.offset.length).toBe(0);
    expect(alone.maxOffset).toBe(0);
    expect(fanOffset(alone, 1)).toEqual([0, 0]);
  });

  test('picking finds the revealed marker under the pointer, offsets included, and never an unrevealed one', () => {
    const drawn = (i: number) => {
      const p = project(buffers.position[2 * i], buffers.position[2 * i + 1]);
      const [dx, dy] = fanOffset(buffers, i);
      return { x: p.x + dx, y: p.y + dy };
    };
    expect(pickAt(buffers, 3, drawn(0))).toBe(0);
    expect(pickAt(buffers, 3, drawn(2))).toBe(2);
    expect(pickAt(buffers, 3, drawn(1))).toBe(1);
    expect(pickAt(buffers, 2, drawn(2))).toBe(-1);
    expect(pickAt(buffers, 0, drawn(0))).toBe(-1);
    const away = drawn(1);
    expect(pickAt(buffers, 3, { x: away.x + 40, y: away.y })).toBe(-1);
  });

  test('picking agrees with a brute-force search over random points', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 68, max: 70, noNaN: true }), fc.double({ min: 33, max: 35, noNaN: true })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.nat(),
        fc.nat(),
        fc.tuple(fc.integer({ min: -12, max: 12 }), fc.integer({ min: -12, max: 12 })),
        (coords, revealedSeed, near, jitter) => {
          const b = buildPointBuffers(coords.map((c) => ({ coordinates: c, color: '#000000', vague: false })));
          const revealed = revealedSeed % (coords.length + 1);
          // The pointer lands a few pixels from one of the points, so most cases are real hits.
          const target = coords[near % coords.length];
          const base = project(mercatorX(target[0]), mercatorY(target[1]));
          const screen = { x: base.x + jitter[0], y: base.y + jitter[1] };
          const distance = (i: number) => {
            const p = project(b.position[2 * i], b.position[2 * i + 1]);
            const [dx, dy] = fanOffset(b, i);
            return Math.hypot(p.x + dx - screen.x, p.y + dy - screen.y);
          };
          let best = -1;
          let bestD = 9;
          for (let i = 0; i < revealed; i++) {
            const d = distance(i);
            if (d < bestD || (d === bestD && i > best)) {
              best = i;
              bestD = d;
            }
          }
          const picked = pickAt(b, revealed, screen);
          if (picked === best) return;
          // Otherwise only rounding may part them: a tie, or a marker right on the 9-pixel edge.
          const EPSILON = 1e-6;
          if (picked < 0) expect(bestD).toBeGreaterThan(9 - EPSILON);
          else {
            expect(picked).toBeLessThan(revealed);
            expect(Math.abs(distance(picked) - bestD)).toBeLessThan(EPSILON);
          }
        },
      ),
    );
  });
});

describe('picking through the 16-bit index', () => {
  test("a region's points are indexed in 16-bit cells, the world's by their positions", () => {
    const at = (coordinates: [number, number][]) =>
      buildPointBuffers(coordinates.map((c) => ({ coordinates: c, color: '#000000', vague: false }))).grid.cells;
    expect(
      at([
        [61, 29],
        [75, 37],
      ]),
    ).toBe(true);
    expect(
      at([
        [-120, 40],
        [69, 34],
      ]),
    ).toBe(false);
  });

  test('a point on the far edge of the box keeps the last cell, not the first', () => {
    // Rounded to 32 bits, the second point's y lies past the box worked out in doubles: its cell once wrapped to 0.
    const b = buildPointBuffers([
      { coordinates: [68, 33.654174113614005], color: '#000000', vague: false },
      { coordinates: [68, 33.63359479065294], color: '#000000', vague: false },
    ]);
    const WORLD8 = 512 * 2 ** 8;
    expect(pickPoint(b, 2, { x: mercatorX(68), y: mercatorY(33.63359479065294) }, WORLD8)).toBe(1);
    expect(pickPoint(b, 2, { x: mercatorX(68), y: mercatorY(33.654174113614005) }, WORLD8)).toBe(0);
  });

  test('finds each marker, a pixel off it, at any zoom, among points over the whole world or all at one place', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(
            fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -85, max: 85, noNaN: true })),
            {
              minLength: 1,
              maxLength: 40,
            },
          ),
          fc
            .integer({ min: 1, max: 20 })
            .map((n) => Array.from({ length: n }, () => [69.17, 34.53] as [number, number])),
        ),
        fc.integer({ min: 0, max: 22 }),
        fc.nat(),
        (coords, zoom, pick) => {
          const b = buildPointBuffers(coords.map((c) => ({ coordinates: c, color: '#000000', vague: false })));
          const worldSize = 512 * 2 ** zoom;
          const i = pick % coords.length;
          const [dx, dy] = fanOffset(b, i);
          // One pixel right of where marker i is drawn.
          const at = { x: b.position[2 * i] + (dx + 1) / worldSize, y: b.position[2 * i + 1] + dy / worldSize };
          const got = pickPoint(b, coords.length, at, worldSize);
          expect(got).toBeGreaterThanOrEqual(0);
          const [gx, gy] = fanOffset(b, got);
          const distance = Math.hypot(
            (b.position[2 * got] - at.x) * worldSize + gx,
            (b.position[2 * got + 1] - at.y) * worldSize + gy,
          );
          expect(distance).toBeLessThanOrEqual(1 + 1e-6);
        },
      ),
    );
  });
});

describe('marker colours for the GPU', () => {
  test('each marker names its colour in a palette the shader takes as floats, Other past its end', () => {
    const rgb = paletteRgb(['#c53030', '#2b6cb0']);
    expect(rgb.length).toBe(3 * MAX_PALETTE);
    expect([...rgb.slice(0, 6)].map((v) => Math.round(v * 255))).toEqual([0xc5, 0x30, 0x30, 0x2b, 0x6c, 0xb0]);
    expect([...rgb.slice(6, 9)].map((v) => Math.round(v * 255))).toEqual([0x87, 0x95, 0xa8]);
  });

  test('more colours than the palette holds are drawn in its last', () => {
    const many = Array.from({ length: MAX_PALETTE + 3 }, (_, i) => ({
      coordinates: [60 + i / 10, 30],
      color: `#0000${i.toString(16).padStart(2, '0')}`,
      vague: false,
    }));
    const b = buildPointBuffers(many);
    expect(b.palette.length).toBe(MAX_PALETTE);
    expect([...b.group.slice(MAX_PALETTE - 2)]).toEqual([
      MAX_PALETTE - 2,
      MAX_PALETTE - 1,
      MAX_PALETTE - 1,
      MAX_PALETTE - 1,
      MAX_PALETTE - 1,
    ]);
  });
});

describe('fan offsets for the GPU', () => {
  test('every fan offset survives as whole tenths of a pixel, for rings of any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 5 }), (crowd, alone) => {
        const lon = [...Array(crowd).fill(69.17), ...Array.from({ length: alone }, (_, i) => 70 + i)];
        const lat = [...Array(crowd).fill(34.53), ...Array.from({ length: alone }, (_, i) => 30 + i)];
        const offset = fanOffsets(lon, lat);
        const tenths = offsetTenths(offset);
        expect(tenths).toBeInstanceOf(Int16Array);
        expect(tenths.length).toBe(offset.length);
        for (let i = 0; i < offset.length; i++) expect(tenths[i] / 10).toBeCloseTo(offset[i], 4);
      }),
    );
  });

  test('rounds to the nearest tenth and holds at the ends of 16 bits', () => {
    expect([...offsetTenths(Float32Array.of(0, 1.26, -1.24, 5000, -5000))]).toEqual([0, 13, -12, 32767, -32768]);
  });
});
