// The category palette stays distinguishable for readers with a colour-vision
// deficiency: each colour is seen as a dichromat would see it (Machado et al.
// 2009), then every pair is compared by CIEDE2000. docs/accessibility.md gives the
// thresholds' reasons and the figures.
import { describe, expect, it } from 'vitest';
import { categoryColors, OTHER_COLOR } from '../../src/data/pack/category-colors';

type Vec3 = [number, number, number];
type Mat3 = [Vec3, Vec3, Vec3];

/**
 * Simulation matrices for dichromacy (severity 1.0), applied to linear RGB. From
 * G. M. Machado, M. M. Oliveira and L. A. F. Fernandes, "A Physiologically-based
 * Model for Simulation of Color Vision Deficiency", IEEE Transactions on
 * Visualization and Computer Graphics 15(6), 1291-1298, 2009 (Table 1, severity 1.0).
 */
const MACHADO_2009: Record<string, Mat3> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};
const VISIONS: Record<string, Mat3 | null> = { normal: null, ...MACHADO_2009 };

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

function linearRgb(hex: string): Vec3 {
  const n = (i: number) => toLinear(Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  return [n(1), n(3), n(5)];
}

/** A colour as seen with `matrix` (null: normal vision), clipped to the displayable range. */
function seen(rgb: Vec3, matrix: Mat3 | null): Vec3 {
  if (!matrix) return rgb;
  const clip = (v: number) => Math.min(1, Math.max(0, v));
  return matrix.map((row) => clip(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])) as Vec3;
}

/** Linear sRGB to CIELAB (D65 white). */
function lab([r, g, b]: Vec3): Vec3 {
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIEDE2000 colour difference, as G. Sharma, W. Wu and E. N. Dalal (2005) set it out. */
function deltaE2000([l1, a1, b1]: Vec3, [l2, a2, b2]: Vec3): number {
  const rad = Math.PI / 180;
  const c7 = (c: number) => Math.sqrt(c ** 7 / (c ** 7 + 25 ** 7));
  const cBar = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const g = 0.5 * (1 - c7(cBar));
  const a1p = (1 + g) * a1;
  const a2p = (1 + g) * a2;
  const c1p = Math.hypot(a1p, b1);
  const c2p = Math.hypot(a2p, b2);
  const hue = (a: number, b: number) => (a === 0 && b === 0 ? 0 : (Math.atan2(b, a) / rad + 360) % 360);
  const h1p = hue(a1p, b1);
  const h2p = hue(a2p, b2);
  let dh = 0;
  if (c1p * c2p !== 0) {
    dh = h2p - h1p;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dL = l2 - l1;
  const dC = c2p - c1p;
  const dH = 2 * Math.sqrt(c1p * c2p) * Math.sin((dh * rad) / 2);
  const lBar = (l1 + l2) / 2;
  const cBarP = (c1p + c2p) / 2;
  let hBar = h1p + h2p;
  if (c1p * c2p !== 0) {
    if (Math.abs(h1p - h2p) > 180) hBar += hBar < 360 ? 360 : -360;
    hBar /= 2;
  }
  const t =
    1 -
    0.17 * Math.cos((hBar - 30) * rad) +
    0.24 * Math.cos(2 * hBar * rad) +
    0.32 * Math.cos((3 * hBar + 6) * rad) -
    0.2 * Math.cos((4 * hBar - 63) * rad);
  const sL = 1 + (0.015 * (lBar - 50) ** 2) / Math.sqrt(20 + (lBar - 50) ** 2);
  const sC = 1 + 0.045 * cBarP;
  const sH = 1 + 0.015 * cBarP * t;
  const rT = -Math.sin(2 * 30 * Math.exp(-(((hBar - 275) / 25) ** 2)) * rad) * 2 * c7(cBarP);
  return Math.sqrt((dL / sL) ** 2 + (dC / sC) ** 2 + (dH / sH) ** 2 + rT * (dC / sC) * (dH / sH));
}

/** The difference between two colours as a reader with `vision` sees them. */
function difference(one: string, two: string, vision: string): number {
  const matrix = VISIONS[vision];
  return deltaE2000(lab(seen(linearRgb(one), matrix)), lab(seen(linearRgb(two), matrix)));
}

/** Every pair of `colors` closer than `threshold` for `vision`, as `#a–#b: 6.2`. */
function tooClose(colors: readonly string[], vision: string, threshold: number): string[] {
  const close: string[] = [];
  for (let i = 0; i < colors.length; i++) {
    for (let j = i + 1; j < colors.length; j++) {
      const d = difference(colors[i], colors[j], vision);
      if (d < threshold) close.push(`${colors[i]}–${colors[j]}: ${d.toFixed(1)}`);
    }
  }
  return close;
}

const NAMED = ['diplomacy', 'attack', 'airstrike', 'security-operation', 'statement'];
const named = [...categoryColors(NAMED).values()];
/** A dataset of its own categories (ACLED's event types, say) takes the spare colours in turn. */
const spare = [...categoryColors(Array.from({ length: 8 }, (_, i) => `own-${i}`)).values()];

describe('the CIEDE2000 measure', () => {
  it('gives the differences of Sharma, Wu and Dalal (2005), test data pairs 1, 7, 17, 25 and 34', () => {
    const pairs: [Vec3, Vec3, number][] = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 0, 0], [50, -1, 2], 2.3669],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
      [[6.7747, -0.2908, -2.4247], [5.8714, -0.0985, -2.2286], 0.6377],
    ];
    for (const [one, two, expected] of pairs) expect(deltaE2000(one, two)).toBeCloseTo(expected, 4);
  });

  it('sees what the simulation is for: red and green merge without L or M cones, blue and green without S', () => {
    // An olive green and a brick red of like lightness: far apart normally and for tritanopes.
    const red = '#c0392b';
    const green = '#6b8e23';
    expect(difference(red, green, 'normal')).toBeGreaterThan(50);
    expect(difference(red, green, 'tritanopia')).toBeGreaterThan(40);
    expect(difference(red, green, 'deuteranopia')).toBeLessThan(10);
    expect(difference(red, green, 'protanopia')).toBeLessThan(difference(red, green, 'normal') / 2);
    // A blue and a green: apart for protanopes and deuteranopes, close for tritanopes.
    expect(difference('#1f77b4', '#2ca02c', 'protanopia')).toBeGreaterThan(40);
    expect(difference('#1f77b4', '#2ca02c', 'deuteranopia')).toBeGreaterThan(40);
    expect(difference('#1f77b4', '#2ca02c', 'tritanopia')).toBeLessThan(15);
  });
});

describe('the category palette, as each reader sees it', () => {
  it('holds the five named categories, the spare eight and Other, all different', () => {
    expect(named).toHaveLength(5);
    expect(spare).toHaveLength(8);
    expect(new Set([...named, ...spare, OTHER_COLOR]).size).toBe(14);
  });

  describe.each(Object.keys(VISIONS))('%s', (vision) => {
    it('the named categories and Other: every pair at least 10 apart (CIEDE2000)', () => {
      expect(tooClose([...named, OTHER_COLOR], vision, 10)).toEqual([]);
    });

    it("a dataset's own categories (the spare colours) and Other: every pair at least 10 apart", () => {
      expect(tooClose([...spare, OTHER_COLOR], vision, 10)).toEqual([]);
    });

    it('all fourteen at once: at least 10 apart with normal vision, 6 with a deficiency', () => {
      expect(tooClose([...named, ...spare, OTHER_COLOR], vision, vision === 'normal' ? 10 : 6)).toEqual([]);
    });
  });
});
