/**
 * The HTML a site pastes to embed a view: an `<iframe>` of the view's link with
 * `embed=1`, at a fixed size or filling the width of its column. Plain text
 * building, no DOM, so the escaping is tested in Node.
 */

/** A size preset of the Embed dialog: fixed pixels, or the width of the host's column at a fixed shape. */
export type EmbedSize = { kind: 'fixed'; width: number; height: number } | { kind: 'responsive' };

export const EMBED_SIZES: readonly EmbedSize[] = [
  { kind: 'fixed', width: 300, height: 250 },
  { kind: 'fixed', width: 640, height: 480 },
  { kind: 'fixed', width: 1000, height: 600 },
  { kind: 'responsive' },
];

/** The responsive variant's shape and bounds: wide enough for the timeline, never shorter than the smallest preset. */
const RESPONSIVE_STYLE = 'position:relative;width:100%;max-width:1000px;aspect-ratio:16/10;min-height:250px';

/** The link of the same view in an iframe: `embed=1` added, everything else (the hash too) kept. */
export function embedUrl(href: string): string {
  const url = new URL(href);
  url.searchParams.set('embed', '1');
  return url.href;
}

/** Escapes text for an HTML attribute value in double quotes (and anywhere else in HTML). */
export function escapeAttribute(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/**
 * The `<iframe>` snippet for `url` (already the embed link) at `size`, named by
 * `title` for screen readers; loaded only when scrolled near, and allowed to go
 * full screen.
 */
export function iframeSnippet(url: string, size: EmbedSize, title: string): string {
  const common = `src="${escapeAttribute(url)}" title="${escapeAttribute(title)}" loading="lazy" allow="fullscreen"`;
  if (size.kind === 'fixed') {
    return `<iframe ${common} width="${size.width}" height="${size.height}" style="border:0"></iframe>`;
  }
  return (
    `<div style="${RESPONSIVE_STYLE}">` +
    `<iframe ${common} style="position:absolute;inset:0;width:100%;height:100%;border:0"></iframe>` +
    '</div>'
  );
}
