/**
 * The newest and the selected incident are drawn again on top of the markers,
 * larger, the newest with a yellow halo and the selected one with a dark ring.
 * They are drawn by the marker layer itself (see IncidentPointsLayer.setMarks),
 * from the marker data already on the GPU: a step changes a few uniforms, and
 * MapLibre re-tiles and re-places nothing, so it is one frame.
 */

/** What is drawn: 1 the halo, 2 the ring, 3 the marker itself, larger (the marker shader's u_mark). */
export type MarkKind = 1 | 2 | 3;
export const HALO: MarkKind = 1;
export const RING: MarkKind = 2;
export const MARKER: MarkKind = 3;

/** One highlight of one incident. */
export interface Mark {
  kind: MarkKind;
  /** The incident's reveal index (its vertex in the marker data). */
  rank: number;
  /** Diameter, CSS pixels. */
  diameter: number;
  /** The marker's colour, #rrggbb (halo and ring have their own). */
  color: string;
  opacity: number;
}

/** Diameters at scale 1, CSS pixels: as the icons these replace were drawn (64, 52 and 32 px at a pixel ratio of 2). */
export const HALO_PX = 32;
export const RING_PX = 26;
export const MARKER_PX = 16;
/** How much larger the newest and the selected incident are drawn than the icons' own size. */
export const NEWEST_SCALE = 1.35;
export const SELECTED_SCALE = 1.2;

export interface MarkQuery {
  /** Reveal index of the newest incident shown, or -1. */
  newest: number;
  /** Reveal index of the selected incident, or -1. */
  selected: number;
  /** Whether the incident at a reveal index is drawn now. */
  isShown: (rank: number) => boolean;
  /** Whether its date only possibly falls in the days shown (it is drawn faint). */
  isPossible: (rank: number) => boolean;
  colorOf: (rank: number) => string;
}

/**
 * The highlights to draw, in order: the newest's halo, the selected one's ring,
 * then the newest marker and the selected one on top. An incident both newest
 * and selected has all three, at the newest's size.
 */
export function highlightMarks(q: MarkQuery): Mark[] {
  const newest = q.newest >= 0 && q.isShown(q.newest) ? q.newest : -1;
  const selected = q.selected >= 0 && q.isShown(q.selected) ? q.selected : -1;
  const scaleOf = (rank: number) => (rank === newest ? NEWEST_SCALE : SELECTED_SCALE);
  const marks: Mark[] = [];
  if (newest >= 0) {
    marks.push({ kind: HALO, rank: newest, diameter: HALO_PX * NEWEST_SCALE, color: q.colorOf(newest), opacity: 1 });
  }
  if (selected >= 0) {
    const scale = scaleOf(selected);
    marks.push({ kind: RING, rank: selected, diameter: RING_PX * scale, color: q.colorOf(selected), opacity: 1 });
  }
  for (const rank of newest === selected ? [selected] : [newest, selected]) {
    if (rank < 0) continue;
    marks.push({
      kind: MARKER,
      rank,
      diameter: MARKER_PX * scaleOf(rank),
      color: q.colorOf(rank),
      // Drawn faint, like its marker, when its date only possibly falls in the days shown.
      opacity: q.isPossible(rank) ? 0.5 : 1,
    });
  }
  return marks;
}

/** Whether two lists of marks draw the same. */
export function sameMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (m, i) =>
        m.kind === b[i].kind &&
        m.rank === b[i].rank &&
        m.diameter === b[i].diameter &&
        m.color === b[i].color &&
        m.opacity === b[i].opacity,
    )
  );
}

/**
 * The highlights' own program (the markers' stays free of their branches: with
 * software WebGL a branch on a varying costs every marker's fragments both sides,
 * and a redraw of 100,000 markers took a third longer). One point a draw, from the
 * marker's own vertex: its position, fan-out offset (tenths of a CSS pixel) and
 * whether it is hollow. u_kind is a MarkKind, u_diameter CSS pixels.
 */
export const MARKS_VERTEX = `#version 300 es
uniform mat4 u_matrix;
uniform vec2 u_viewport;
uniform float u_ratio;
uniform float u_diameter;
in vec2 a_position;
in vec2 a_offset;
in float a_vague;
out float v_vague;
out float v_half_pixel;
void main() {
  vec4 at = u_matrix * vec4(a_position, 0.0, 1.0);
  at.xy += a_offset * 0.2 / u_viewport * vec2(1.0, -1.0) * at.w;
  gl_Position = at;
  gl_PointSize = u_diameter * u_ratio;
  v_vague = a_vague;
  // Half a pixel, in units of the point's radius: edges are smoothed over it.
  v_half_pixel = 1.0 / gl_PointSize;
}`;

/** Each highlight as the icon it replaces was drawn (radii in that icon's pixels over its radius). */
export const MARKS_FRAGMENT = `#version 300 es
precision mediump float;
uniform float u_kind;
uniform vec3 u_color;
uniform float u_opacity;
in float v_vague;
in float v_half_pixel;
out vec4 fragColor;
// 1 inside radius r (in units of the point's radius), 0 outside.
float inside(float r, float d) {
  return 1.0 - smoothstep(r - v_half_pixel, r + v_half_pixel, d);
}
void main() {
  float d = length(gl_PointCoord - 0.5) * 2.0;
  if (d > 1.0) discard;
  vec3 white = vec3(1.0);
  float alpha;
  vec3 rgb;
  if (u_kind < 1.5) {
    // The halo: yellow, 0.95 strong to a quarter of the way out, then fading (0.55 at 0.66) to nothing.
    float t = clamp((d - 0.25) / 0.75, 0.0, 1.0);
    alpha = t < 0.55 ? mix(0.95, 0.55, t / 0.55) : mix(0.55, 0.0, (t - 0.55) / 0.45);
    rgb = vec3(1.0, 214.0 / 255.0, 10.0 / 255.0);
  } else if (u_kind < 2.5) {
    // The ring: near black, from 20.5 to 25.5 of 26.
    alpha = inside(25.5 / 26.0, d) - inside(20.5 / 26.0, d);
    rgb = vec3(17.0 / 255.0);
  } else if (v_vague > 0.5) {
    // Hollow, 14 of 16: a ring (7 to 13) and a dot (3) in colour, the rest white at 0.9.
    float colour = inside(3.0 / 16.0, d) + inside(13.0 / 16.0, d) - inside(7.0 / 16.0, d);
    alpha = inside(14.0 / 16.0, d) * mix(0.9, 1.0, colour);
    rgb = mix(white, u_color, colour);
  } else {
    // Solid, 14.5 of 16, with a white rim from 11.5.
    alpha = inside(14.5 / 16.0, d);
    rgb = mix(white, u_color, inside(11.5 / 16.0, d));
  }
  alpha *= u_opacity;
  fragColor = vec4(rgb * alpha, alpha);
}`;
