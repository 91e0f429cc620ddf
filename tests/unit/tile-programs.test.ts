import { describe, expect, test } from 'vitest';
import type { BucketLike, LayerLike } from '../../src/map/software/internals';
import { programsFor } from '../../src/map/software/tile-programs';

/** A paint property as MapLibre evaluates it: a constant, or data-driven (`constantOr` gives the fallback). */
const constant = (value: unknown) => ({ constantOr: () => value });
const dataDriven = () => ({ constantOr: (fallback: unknown) => fallback });

function layer(type: string, paint: Record<string, unknown>, visibility = 'visible'): LayerLike {
  return { id: 'layer', type, visibility, paint: { get: (name) => paint[name] } };
}
const configuration = { cacheKey: '/u_color' };
const configurations = { get: (id: string) => (id === 'layer' ? configuration : undefined) };
const withSegments = (count: number) => ({
  programConfigurations: configurations,
  segments: { get: () => new Array(count) },
});
const names = (l: LayerLike, bucket: BucketLike) => programsFor(l, bucket).map(({ name }) => name);

describe("the programs a tile's layer is drawn with", () => {
  const bucket: BucketLike = { programConfigurations: configurations };

  test('a fill: its fill, and its outline when antialiased; none with a pattern', () => {
    expect(names(layer('fill', { 'fill-pattern': constant(null), 'fill-antialias': true }), bucket)).toEqual([
      'fill',
      'fillOutline',
    ]);
    expect(names(layer('fill', { 'fill-pattern': constant(null), 'fill-antialias': false }), bucket)).toEqual(['fill']);
    expect(names(layer('fill', { 'fill-pattern': constant({ name: 'hatch' }) }), bucket)).toEqual([]);
    // The configuration is the layer's own, from the tile's bucket.
    expect(programsFor(layer('fill', { 'fill-pattern': constant(null) }), bucket)[0].configuration).toBe(configuration);
  });

  test('a line: dashed or plain; none when it draws nothing, or with a pattern or gradient', () => {
    const plain = { 'line-pattern': constant(null), 'line-dasharray': constant(null), 'line-opacity': constant(1) };
    expect(names(layer('line', plain), bucket)).toEqual(['line']);
    expect(names(layer('line', { ...plain, 'line-dasharray': constant([2, 2]) }), bucket)).toEqual(['lineSDF']);
    expect(names(layer('line', { ...plain, 'line-dasharray': dataDriven() }), bucket)).toEqual(['lineSDF']);
    expect(names(layer('line', { ...plain, 'line-opacity': constant(0) }), bucket)).toEqual([]);
    expect(names(layer('line', { ...plain, 'line-width': constant(0) }), bucket)).toEqual([]);
    expect(names(layer('line', { ...plain, 'line-pattern': constant({ name: 'dots' }) }), bucket)).toEqual([]);
    expect(names(layer('line', { ...plain, 'line-gradient': { kind: 'source' } }), bucket)).toEqual([]);
  });

  test('a symbol: icons and text each when the tile has some, by kind of icon', () => {
    const symbol = layer('symbol', { 'icon-opacity': constant(1), 'text-opacity': constant(1) });
    expect(names(symbol, { icon: withSegments(2), text: withSegments(3) })).toEqual(['symbolIcon', 'symbolSDF']);
    expect(names(symbol, { icon: withSegments(2), text: withSegments(0) })).toEqual(['symbolIcon']);
    expect(names(symbol, { text: withSegments(1) })).toEqual(['symbolSDF']);
    expect(names(symbol, { icon: withSegments(1), sdfIcons: true })).toEqual(['symbolSDF']);
    expect(names(symbol, { icon: withSegments(1), text: withSegments(1), iconsInText: true })).toEqual([
      'symbolIcon',
      'symbolTextAndIcon',
    ]);
    const noText = layer('symbol', { 'icon-opacity': constant(1), 'text-opacity': constant(0) });
    expect(names(noText, { icon: withSegments(1), text: withSegments(1) })).toEqual(['symbolIcon']);
  });

  test('a circle; nothing for a hidden layer, a layer the tile has no part of, or other kinds', () => {
    expect(names(layer('circle', {}), bucket)).toEqual(['circle']);
    expect(names(layer('circle', {}, 'none'), bucket)).toEqual([]);
    expect(names(layer('circle', {}), { programConfigurations: { get: () => undefined } })).toEqual([]);
    expect(names(layer('heatmap', {}), bucket)).toEqual([]);
    expect(names(layer('raster', {}), bucket)).toEqual([]);
  });
});
