import { describe, expect, test } from 'vitest';
import { HostConsent } from '../../src/net/consent';
import { fileFromDataUrl } from '../../src/net/data-url';
import { absoluteStyle, foreignHost, foreignHosts, notAStyle, styleUrls } from '../../src/net/hosts';

const ORIGIN = 'https://atlas.example.org';

describe('which hosts a link contacts', () => {
  test('only http(s) URLs on another origin are foreign; a port makes another origin', () => {
    expect(foreignHost('https://atlas.example.org/data.csv', ORIGIN)).toBeNull();
    expect(foreignHost('/relative/data.csv', ORIGIN)).toBeNull();
    expect(foreignHost('https://data.example.com/x.csv', ORIGIN)).toBe('data.example.com');
    expect(foreignHost('https://atlas.example.org:8443/x.csv', ORIGIN)).toBe('atlas.example.org:8443');
    expect(foreignHost('http://atlas.example.org/x.csv', ORIGIN)).toBe('atlas.example.org');
    expect(foreignHost('data:text/csv,a', ORIGIN)).toBeNull();
    expect(foreignHost('not a url at all', 'not an origin either')).toBeNull();
  });

  test('a page whose origin is opaque (a sandboxed frame) has no host of its own: every host is foreign', () => {
    expect(foreignHost('https://evil.example/x', 'null')).toBe('evil.example');
    expect(foreignHost('https://atlas.example.org/x', 'null')).toBe('atlas.example.org');
    expect(foreignHost('/relative', 'null')).toBeNull();
  });

  test('a style names hosts for its sprite, glyphs, TileJSON, tiles, GeoJSON data, images and video', () => {
    const style = {
      version: 8,
      sprite: [{ id: 'a', url: 'https://sprites.example.com/a' }],
      glyphs: 'https://fonts.example.com/{fontstack}/{range}.pbf',
      sources: {
        tilejson: { type: 'vector', url: 'https://tilejson.example.com/v.json' },
        raster: { type: 'raster', tiles: ['https://a.tiles.example.com/{z}/{x}/{y}.png'] },
        geojson: { type: 'geojson', data: 'https://geo.example.com/x.geojson' },
        inline: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
        video: { type: 'video', urls: ['https://video.example.com/v.mp4'], coordinates: [] },
        local: { type: 'geojson', data: `${ORIGIN}/local.geojson` },
      },
      'font-faces': {
        'Noto Sans': 'https://faces.example.com/noto.ttf',
        Other: [{ url: 'https://more-faces.example.com/a.woff2', 'unicode-range': ['U+0000-00FF'] }],
      },
      layers: [],
    };
    expect(foreignHosts(styleUrls(style), ORIGIN).sort()).toEqual([
      'a.tiles.example.com',
      'faces.example.com',
      'fonts.example.com',
      'geo.example.com',
      'more-faces.example.com',
      'sprites.example.com',
      'tilejson.example.com',
      'video.example.com',
    ]);
  });

  test("a style's relative URLs are read against the style's URL, placeholders kept", () => {
    const style = {
      version: 8,
      sprite: './sprite',
      glyphs: 'fonts/{fontstack}/{range}.pbf',
      sources: {
        t: { type: 'vector', tiles: ['/tiles/{z}/{x}/{y}.pbf'] },
        u: { type: 'vector', url: 'https://x.org/t.json' },
      },
      layers: [],
    };
    const absolute = absoluteStyle(style, 'https://styles.example.com/dark/style.json');
    expect(absolute.sprite).toBe('https://styles.example.com/dark/sprite');
    expect(absolute.glyphs).toBe('https://styles.example.com/dark/fonts/{fontstack}/{range}.pbf');
    expect(absolute.sources.t.tiles).toEqual(['https://styles.example.com/tiles/{z}/{x}/{y}.pbf']);
    expect(absolute.sources.u.url).toBe('https://x.org/t.json');
    // The original is left as it was.
    expect(style.sprite).toBe('./sprite');
  });

  test('a style is version 8 with sources and layers; anything else says what it lacks', () => {
    expect(notAStyle({ version: 8, sources: {}, layers: [] })).toBeNull();
    expect(notAStyle([])).toBe('it is not a JSON object');
    expect(notAStyle({ type: 'FeatureCollection', features: [] })).toContain('"version": 8');
    expect(notAStyle({ version: 8, layers: [] })).toContain('"sources"');
    expect(notAStyle({ version: 8, sources: {} })).toContain('"layers"');
  });
});

describe("the reader's answers", () => {
  /** sessionStorage as a map. */
  const storage = () => {
    const items = new Map<string, string>();
    return {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
    };
  };

  test('an answer lasts for the page; remembered, it lasts for the session (a new page reads it)', () => {
    const session = storage();
    const page = new HostConsent(session);
    page.record(['a.example'], 'allow', false);
    page.record(['b.example'], 'deny', true);
    expect(page.allowed('a.example')).toBe(true);
    expect(page.choice('b.example')).toBe('deny');
    expect(page.unasked(['a.example', 'b.example', 'c.example'])).toEqual(['c.example']);
    const next = new HostConsent(session);
    expect(next.choice('a.example')).toBeUndefined();
    expect(next.choice('b.example')).toBe('deny');
  });

  test('stored answers that are not answers, or storage that fails, are as if none was given', () => {
    const broken = {
      getItem: () => '{"x.example":"maybe","__proto__":"allow","y.example":"allow"}',
      setItem: () => {
        throw new Error('full');
      },
    };
    const consent = new HostConsent(broken);
    expect(consent.choice('x.example')).toBeUndefined();
    expect(consent.allowed('y.example')).toBe(true);
    consent.record(['z.example'], 'allow', true);
    expect(consent.allowed('z.example')).toBe(true);
    expect(new HostConsent({ getItem: () => 'not json', setItem: () => {} }).choice('y.example')).toBeUndefined();
    expect(new HostConsent(null).unasked(['a'])).toEqual(['a']);
  });
});

describe('data: links', () => {
  test('percent-encoded text is read as its bytes, as fetch reads a data: URL', async () => {
    const file = fileFromDataUrl('data:text/csv,date%2Clat%0A2024-12-01%2C34%E2%80%93', 'link.csv');
    expect(file.type).toBe('text/csv');
    expect(await file.text()).toBe('date,lat\n2024-12-01,34–');
  });

  test('base64 is decoded; a malformed link says what is wrong', async () => {
    expect(await fileFromDataUrl(`data:text/csv;base64,${btoa('a,b\n1,2')}`, 'x').text()).toBe('a,b\n1,2');
    expect(() => fileFromDataUrl('data:text/csv;base64,@@@', 'x')).toThrow('not base64');
    expect(() => fileFromDataUrl('data:text/csv', 'x')).toThrow('no comma');
  });

  test('a stray % is kept as it is', async () => {
    expect(await fileFromDataUrl('data:,100%25 and 5% more%', 'x').text()).toBe('100% and 5% more%');
  });
});
