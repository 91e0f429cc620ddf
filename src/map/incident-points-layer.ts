import type { CustomLayerInterface, CustomRenderMethodInput, Map as MapLibreMap } from 'maplibre-gl';
import { type Extent, extentOf, markerScale } from './marker-scale';
import { mercatorX, mercatorY, type PointBuffers } from './point-buffers';

const VERTEX = `#version 300 es
uniform mat4 u_matrix;
uniform float u_revealed;
uniform float u_size;
uniform float u_ratio;
uniform vec2 u_viewport;
uniform float u_anchors;
uniform float u_fade;
in vec2 a_position;
in float a_rank;
in vec4 a_color;
in float a_vague;
in vec2 a_offset;
out vec4 v_color;
out float v_vague;
out float v_opacity;
void main() {
  bool fanned = a_offset.x != 0.0 || a_offset.y != 0.0;
  // Not yet revealed (or, in the anchor pass, not fanned): outside the clip volume.
  if (a_rank >= u_revealed || (u_anchors > 0.5 && !fanned)) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    return;
  }
  vec4 clip = u_matrix * vec4(a_position, 0.0, 1.0);
  float age = u_revealed - 1.0 - a_rank;
  if (u_anchors < 0.5) clip.xy += a_offset * 2.0 / u_viewport * vec2(1.0, -1.0) * clip.w;
  gl_Position = clip;
  gl_PointSize = (u_anchors > 0.5 ? 5.0 : u_size) * u_ratio;
  v_color = u_anchors > 0.5 ? vec4(0.2, 0.2, 0.2, 1.0) : a_color;
  v_vague = u_anchors > 0.5 ? 0.0 : a_vague;
  // Older incidents recede but never vanish.
  // Where markers crowd (far out, many incidents) each is fainter, so density reads as shade.
  v_opacity = u_anchors > 0.5 ? 1.0 : max(0.45, 1.0 - age * 0.06) * u_fade;
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
in vec4 v_color;
in float v_vague;
in float v_opacity;
uniform float u_rim;
out vec4 fragColor;
void main() {
  float d = length(gl_PointCoord - 0.5) * 2.0;
  if (d > 1.0) discard;
  float edge = smoothstep(1.0, 0.86, d);
  vec3 white = vec3(1.0);
  vec3 rgb;
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

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('Could not create a WebGL shader');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    throw new Error(`Incident marker shader did not compile: ${gl.getShaderInfoLog(shader)}`);
  }
  return shader;
}

/**
 * Draws every incident marker from typed arrays in one draw call. The number of
 * incidents revealed is a shader uniform, so a timeline step costs one uniform
 * change and a repaint, however many incidents there are; nothing is re-tiled.
 */
export class IncidentPointsLayer implements CustomLayerInterface {
  readonly id: string;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  #map: MapLibreMap | null = null;
  #gl: WebGL2RenderingContext | null = null;
  #program: WebGLProgram | null = null;
  #vao: WebGLVertexArrayObject | null = null;
  #glBuffers: WebGLBuffer[] = [];
  #buffers: PointBuffers;
  #revealed = 0;
  #enabled = true;
  #uniforms: Record<string, WebGLUniformLocation | null> = {};

  readonly #extent: Extent;

  constructor(id: string, buffers: PointBuffers) {
    this.id = id;
    this.#buffers = buffers;
    this.#extent = extentOf(buffers.position);
  }

  /**
   * Draws nothing while disabled. The map compiles the shaders of its other layers
   * on first use, and a compile waits for the GPU to finish what it was given: with
   * a million markers queued that is seconds on the main thread, so the markers
   * are enabled only once the rest of the map has drawn.
   */
  setEnabled(enabled: boolean): void {
    if (enabled === this.#enabled) return;
    this.#enabled = enabled;
    this.#map?.triggerRepaint();
  }

  /** How many incidents, in reveal order, are drawn. */
  setRevealed(count: number): void {
    if (count === this.#revealed) return;
    this.#revealed = count;
    this.#map?.triggerRepaint();
  }

  onAdd(map: MapLibreMap, gl: WebGLRenderingContext | WebGL2RenderingContext): void {
    this.#map = map;
    const gl2 = gl as WebGL2RenderingContext;
    this.#gl = gl2;
    const program = gl2.createProgram();
    if (!program) throw new Error('Could not create a WebGL program');
    gl2.attachShader(program, compile(gl2, gl2.VERTEX_SHADER, VERTEX));
    gl2.attachShader(program, compile(gl2, gl2.FRAGMENT_SHADER, FRAGMENT));
    gl2.linkProgram(program);
    if (!gl2.getProgramParameter(program, gl2.LINK_STATUS)) {
      throw new Error(`Incident marker shaders did not link: ${gl2.getProgramInfoLog(program)}`);
    }
    this.#program = program;
    for (const name of ['u_matrix', 'u_revealed', 'u_size', 'u_ratio', 'u_viewport', 'u_anchors', 'u_fade', 'u_rim']) {
      this.#uniforms[name] = gl2.getUniformLocation(program, name);
    }
    this.#upload();
  }

  #upload(): void {
    const gl = this.#gl;
    const program = this.#program;
    if (!gl || !program) return;
    const b = this.#buffers;
    this.#vao = gl.createVertexArray();
    gl.bindVertexArray(this.#vao);
    const attribute = (name: string, data: ArrayBufferView, size: number, type: number, normalized: boolean) => {
      const location = gl.getAttribLocation(program, name);
      const buffer = gl.createBuffer();
      if (!buffer) throw new Error('Could not create a WebGL buffer');
      this.#glBuffers.push(buffer);
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
      if (location < 0) return;
      gl.enableVertexAttribArray(location);
      gl.vertexAttribPointer(location, size, type, normalized, 0, 0);
    };
    attribute('a_position', b.position, 2, gl.FLOAT, false);
    attribute('a_rank', b.rank, 1, gl.FLOAT, false);
    attribute('a_color', b.color, 4, gl.UNSIGNED_BYTE, true);
    attribute('a_vague', b.vague, 1, gl.UNSIGNED_BYTE, false);
    attribute('a_offset', b.offset, 2, gl.FLOAT, false);
    gl.bindVertexArray(null);
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
  }

  onRemove(): void {
    const gl = this.#gl;
    if (!gl) return;
    for (const buffer of this.#glBuffers) gl.deleteBuffer(buffer);
    this.#glBuffers = [];
    if (this.#vao) gl.deleteVertexArray(this.#vao);
    if (this.#program) gl.deleteProgram(this.#program);
    this.#program = null;
    this.#map = null;
  }

  render(gl: WebGLRenderingContext | WebGL2RenderingContext, options: CustomRenderMethodInput): void {
    const gl2 = gl as WebGL2RenderingContext;
    const map = this.#map;
    if (!this.#enabled || !this.#program || !map || this.#buffers.count === 0 || this.#revealed === 0) return;
    const canvas = map.getCanvas();
    const zoom = map.getZoom();
    const drawn = Math.min(this.#revealed, this.#buffers.count);
    const bounds = map.getBounds();
    const { size, fade } = markerScale({
      zoom,
      revealed: drawn,
      extent: this.#extent,
      view: {
        minX: mercatorX(bounds.getWest()),
        maxX: mercatorX(bounds.getEast()),
        minY: mercatorY(bounds.getNorth()),
        maxY: mercatorY(bounds.getSouth()),
      },
    });
    gl2.useProgram(this.#program);
    gl2.uniformMatrix4fv(this.#uniforms.u_matrix, false, options.defaultProjectionData.mainMatrix as Float32Array);
    gl2.uniform1f(this.#uniforms.u_revealed, this.#revealed);
    gl2.uniform1f(this.#uniforms.u_size, size);
    gl2.uniform1f(this.#uniforms.u_fade, fade);
    gl2.uniform1f(this.#uniforms.u_rim, size >= 6 ? 1 : 0);
    gl2.uniform1f(this.#uniforms.u_ratio, canvas.width / canvas.clientWidth);
    gl2.uniform2f(this.#uniforms.u_viewport, canvas.clientWidth, canvas.clientHeight);
    gl2.enable(gl2.BLEND);
    gl2.blendFunc(gl2.ONE, gl2.ONE_MINUS_SRC_ALPHA);
    gl2.bindVertexArray(this.#vao);
    // The pass of dark dots at the true point of fanned-out markers; skipped when nothing is fanned.
    if (this.#buffers.maxOffset > 0) {
      gl2.uniform1f(this.#uniforms.u_anchors, 1);
      gl2.drawArrays(gl2.POINTS, 0, drawn);
    }
    gl2.uniform1f(this.#uniforms.u_anchors, 0);
    // Incidents are in reveal order, so only the revealed ones are sent at all.
    gl2.drawArrays(gl2.POINTS, 0, drawn);
    gl2.bindVertexArray(null);
  }
}
