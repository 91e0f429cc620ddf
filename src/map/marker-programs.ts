// The marker layer's GPU programs: their shaders (the markers, the copy of the
// drawing kept between frames; the highlights' are in highlights.ts), and their
// links, asked for early and answered once per context (see finishMarkerProgram).
import { MAX_PALETTE } from '../data/pack/point-buffers';
import { MARKS_FRAGMENT, MARKS_VERTEX } from './highlights';

/** Markers this many places behind the newest are all drawn alike (see v_opacity), so they can be kept drawn. */
export const RECENT = 10;

const VERTEX = `#version 300 es
uniform mat4 u_matrix;
uniform float u_revealed;
uniform float u_from;
uniform float u_to;
uniform float u_possible;
uniform float u_size;
uniform float u_ratio;
uniform vec2 u_viewport;
uniform float u_anchors;
uniform float u_fade;
// The colours markers are drawn in (see MAX_PALETTE), each marker's an index into them.
uniform vec3 u_palette[${MAX_PALETTE}];
in vec2 a_position;
in float a_group;
in float a_vague;
// Tenths of a CSS pixel (see offsetTenths).
in vec2 a_offset;
in float a_first;
in float a_last;
in float a_match;
out vec4 v_color;
out float v_vague;
out float v_opacity;
out float v_possible;
void main() {
  // Markers are in reveal order, so a marker's place in it is its vertex's index
  // (drawn by index too: the long-dated ones).
  float rank = float(gl_VertexID);
  bool fanned = a_offset.x != 0.0 || a_offset.y != 0.0;
  // Certainly in view when its whole date is within the days shown; possibly when only part is.
  bool certain = a_first >= u_from && a_last <= u_to;
  // Not yet revealed, filtered out, over before the window, possibly in view
  // while those are hidden (or, in the anchor pass, not fanned): outside the clip volume.
  if (rank >= u_revealed || a_match < 0.5 || a_last < u_from || (!certain && u_possible < 0.5) ||
      (u_anchors > 0.5 && !fanned)) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    return;
  }
  vec4 clip = u_matrix * vec4(a_position, 0.0, 1.0);
  float age = u_revealed - 1.0 - rank;
  if (u_anchors < 0.5) clip.xy += a_offset * 0.2 / u_viewport * vec2(1.0, -1.0) * clip.w;
  gl_Position = clip;
  gl_PointSize = (u_anchors > 0.5 ? 5.0 : u_size) * u_ratio;
  v_color = u_anchors > 0.5 ? vec4(0.2, 0.2, 0.2, 1.0) : vec4(u_palette[min(int(a_group), ${MAX_PALETTE - 1})], 1.0);
  v_vague = u_anchors > 0.5 ? 0.0 : a_vague;
  // The newest markers stand out; from ${RECENT} back all recede alike, and never vanish.
  // Where markers crowd (far out, many incidents) each is fainter, so density reads as shade.
  v_opacity = u_anchors > 0.5 ? 1.0 : max(0.45, 1.0 - age * 0.06) * u_fade;
  v_possible = certain || u_anchors > 0.5 ? 0.0 : 1.0;
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
in vec4 v_color;
in float v_vague;
in float v_opacity;
in float v_possible;
uniform float u_rim;
out vec4 fragColor;
void main() {
  float d = length(gl_PointCoord - 0.5) * 2.0;
  if (d > 1.0) discard;
  float edge = smoothstep(1.0, 0.86, d);
  vec3 white = vec3(1.0);
  vec3 rgb;
  if (v_possible > 0.5) {
    // Possibly in view (its date straddles the days shown): a faint ring with a clear centre.
    if (d < 0.55) discard;
    fragColor = vec4(v_color.rgb * 0.55 * edge, 0.55 * edge) * v_opacity;
    return;
  }
  if (v_vague > 0.5) {
    // Hollow: a coloured ring round a pale centre with a small dot.
    rgb = d > 0.5 ? v_color.rgb : (d < 0.22 ? v_color.rgb : white);
  } else {
    // Solid, with a white rim unless markers are drawn small for density.
    rgb = d > 0.78 && u_rim > 0.5 ? white : v_color.rgb;
  }
  float alpha = edge * v_opacity;
  fragColor = vec4(rgb * alpha, alpha);
}`;

/** Copies the kept drawing (premultiplied colour) onto the map: a quad over the whole viewport. */
const COPY_VERTEX = `#version 300 es
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}`;
const COPY_FRAGMENT = `#version 300 es
precision mediump float;
uniform sampler2D u_texture;
uniform vec2 u_size;
out vec4 fragColor;
void main() {
  fragColor = texture(u_texture, gl_FragCoord.xy / u_size);
}`;

/** A program whose link has been asked for, with its shaders: nothing asked of the GPU process yet. */
interface Linking {
  program: WebGLProgram;
  vertex: WebGLShader;
  fragment: WebGLShader;
}

function shader(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const made = gl.createShader(type);
  if (!made) throw new Error('Could not create a WebGL shader');
  gl.shaderSource(made, source);
  gl.compileShader(made);
  return made;
}

/**
 * Compiles and links without asking how it went: each question waits for the GPU
 * process to answer (see finishMarkerProgram), so the shaders are asked only if the link failed.
 */
function startLink(gl: WebGL2RenderingContext, vertexSource: string, fragmentSource: string): Linking {
  const program = gl.createProgram();
  if (!program) throw new Error('Could not create a WebGL program');
  const vertex = shader(gl, gl.VERTEX_SHADER, vertexSource);
  const fragment = shader(gl, gl.FRAGMENT_SHADER, fragmentSource);
  gl.attachShader(program, vertex);
  gl.attachShader(program, fragment);
  gl.linkProgram(program);
  return { program, vertex, fragment };
}

function finishLink(gl: WebGL2RenderingContext, { program, vertex, fragment }: Linking): WebGLProgram {
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
    for (const made of [vertex, fragment]) {
      if (!gl.getShaderParameter(made, gl.COMPILE_STATUS)) {
        throw new Error(`Incident marker shader did not compile: ${gl.getShaderInfoLog(made)}`);
      }
    }
    throw new Error(`Incident marker shaders did not link: ${gl.getProgramInfoLog(program)}`);
  }
  gl.deleteShader(vertex);
  gl.deleteShader(fragment);
  return program;
}

/** Every program of the marker layer: its markers', the copy of the kept drawing's, and the highlights' (highlights.ts). */
type LayerProgram = 'markers' | 'copy' | 'marks';

/** The marker programs of each GL context, each linking or linked: made once (see markerPrograms). */
const programsOf = new WeakMap<WebGL2RenderingContext, Record<LayerProgram, Linking | WebGLProgram>>();

/**
 * The marker layer's programs, as the warm-up finishes them: its markers', and
 * those drawn after the markers, 'copy' (the copy of the drawing kept between
 * frames, and the newest's and the selected one's highlights).
 */
export type MarkerProgram = 'markers' | 'copy';

/** Asks for the links of the marker programs in `gl`, once; nothing here waits for the GPU process. */
export function startMarkerPrograms(gl: WebGL2RenderingContext): void {
  if (programsOf.has(gl)) return;
  programsOf.set(gl, {
    markers: startLink(gl, VERTEX, FRAGMENT),
    copy: startLink(gl, COPY_VERTEX, COPY_FRAGMENT),
    marks: startLink(gl, MARKS_VERTEX, MARKS_FRAGMENT),
  });
}

function finishProgram(gl: WebGL2RenderingContext, which: LayerProgram): WebGLProgram {
  startMarkerPrograms(gl);
  const programs = programsOf.get(gl) as Record<LayerProgram, Linking | WebGLProgram>;
  const step = programs[which];
  // (A program is an object to WebGL; the unit tests' fake GL makes numbers.)
  if (typeof step !== 'object' || step === null || !('vertex' in step)) return step;
  const program = finishLink(gl, step);
  programs[which] = program;
  return program;
}

/**
 * One marker program in `gl`, linked: the question of how its link went is the
 * call that waits for the GPU process to answer, and is asked once in the
 * context's life. Without a GPU that wait can be a few hundred ms of the main
 * thread (the link, and whatever the GPU process is busy with), so the warm-up
 * asks it in a task of its own for each program, before any dataset.
 */
export function finishMarkerProgram(gl: WebGL2RenderingContext, which: MarkerProgram): WebGLProgram {
  // The highlights' link is asked about in the same task as the copy's: the second answer waits for nothing more.
  if (which === 'copy') finishProgram(gl, 'marks');
  return finishProgram(gl, which);
}

/** The programs incident markers are drawn with in `gl`, linked once and kept for the context's life. */
export function markerPrograms(gl: WebGL2RenderingContext): Record<LayerProgram, WebGLProgram> {
  return {
    markers: finishMarkerProgram(gl, 'markers'),
    copy: finishMarkerProgram(gl, 'copy'),
    marks: finishProgram(gl, 'marks'),
  };
}
