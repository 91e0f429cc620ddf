import { describe, expect, test } from 'vitest';
import { EMBED_SIZES, embedUrl, escapeAttribute, iframeSnippet } from '../../../src/ui/embed-snippet';

describe('the Embed snippet', () => {
  test('the embed link adds embed=1 and keeps the rest of the query and the hash', () => {
    expect(embedUrl('https://atlas.example/a/?lang=ur#incident=x-y&date=2024-12-24')).toBe(
      'https://atlas.example/a/?lang=ur&embed=1#incident=x-y&date=2024-12-24',
    );
    // Already embedded: not doubled.
    expect(embedUrl('https://atlas.example/?embed=1#date=2024-12-01')).toBe(
      'https://atlas.example/?embed=1#date=2024-12-01',
    );
  });

  test('attribute text is escaped: it cannot end the attribute or open a tag', () => {
    expect(escapeAttribute(`a&b"c'd<e>f`)).toBe('a&amp;b&quot;c&#39;d&lt;e&gt;f');
  });

  test('a fixed size: width, height, a title, lazy loading, full screen allowed, the URL escaped', () => {
    const url = 'https://atlas.example/?lang=ur&embed=1#incident=a&cat=b';
    const html = iframeSnippet(url, { kind: 'fixed', width: 640, height: 480 }, 'Seed "data": <map>');
    expect(html).toBe(
      '<iframe src="https://atlas.example/?lang=ur&amp;embed=1#incident=a&amp;cat=b" title="Seed &quot;data&quot;: &lt;map&gt;" loading="lazy" allow="fullscreen" width="640" height="480" style="border:0"></iframe>',
    );
  });

  test('the responsive variant fills its column at a fixed shape', () => {
    const html = iframeSnippet('https://atlas.example/?embed=1', { kind: 'responsive' }, 'Map');
    expect(html).toMatch(/^<div style="[^"]*width:100%;[^"]*aspect-ratio:16\/10;[^"]*"><iframe /);
    expect(html).toContain('style="position:absolute;inset:0;width:100%;height:100%;border:0"');
    expect(html).toMatch(/<\/iframe><\/div>$/);
  });

  test('the presets: three fixed sizes from 300x250 and a responsive one', () => {
    expect(EMBED_SIZES.map((s) => (s.kind === 'fixed' ? `${s.width}x${s.height}` : s.kind))).toEqual([
      '300x250',
      '640x480',
      '1000x600',
      'responsive',
    ]);
  });
});
