import type { CustomLayerInterface, CustomRenderMethodInput, Map as MapLibreMap } from 'maplibre-gl';
import { type DayColumns, firstReaching, longBefore, OPEN_END, spansEndedBy } from '../analysis/time-window';
import { mercatorX, mercatorY, type PointBuffers, paletteRgb, parseHexColor } from '../data/pack/point-buffers';
import { whenGpuDone } from './gpu-fence';
import { type Mark, sameMarks } from './highlights';
import { markerPrograms, RECENT } from './marker-programs';
import { type Extent, extentOf, markerScale } from './marker-scale';

/**
 * Marker size and strength for a frame, in steps: the drawing kept between frames
 * stays valid while they hold, and is redrawn when the crowd changes them by a step.
 */
export function quantisedScale(scale: { size: number; fade: number }): { size: number; fade: number } {
  return {
    size: Math.round(scale.size * 2) / 2,
    fade: Math.min(1, 1.25 ** Math.round(Math.log(scale.fade) / Math.log(1.25))),
  };
}

/** What the kept drawing was drawn for, and how many markers (in reveal order) it holds. */
interface Kept {
  framebuffer: WebGLFramebuffer;
  texture: WebGLTexture;
  width: number;
  height: number;
  matrix: Float64Array;
  size: number;
  fade: number;
  /** What else it was drawn for: filter, window, the day when that matters (see #stateKey). */
  state: string;
  count: number;
}

/** What the markers show besides the number revealed: the filter and the days in view. */
export interface MarkerView {
  /** 1 where an incident passes the filter; null when all do. */
  mask: Uint8Array | null;
  /** First day in view (day number; -Infinity when everything up to the cursor is shown). */
  from: number;
  /** The cursor's day. */
  to: number;
  /** Whether incidents only possibly in view are drawn (faint), or left out. */
  showPossible: boolean;
}

/** The most bytes of marker data sent to the GPU in one go (see IncidentPointsLayer.#feed). */
export const UPLOAD_BYTES = 2 * 1024 * 1024;

/**
 * Draws every incident marker from typed arrays. The number revealed is a shader
 * uniform, so a timeline step changes one number; nothing is re-tiled. Markers
 * more than RECENT places behind the newest all look alike, so they are drawn once
 * into a texture kept between frames: while the camera holds, a step forward only
 * adds the newly settled markers to it, then copies it and draws the last few.
 * A step back, a move of the camera or a change of marker size redraws it whole.
 */
export class IncidentPointsLayer implements CustomLayerInterface {
  readonly id: string;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  #map: MapLibreMap | null = null;
  #gl: WebGL2RenderingContext | null = null;
  #program: WebGLProgram | null = null;
  #copy: WebGLProgram | null = null;
  #marksProgram: WebGLProgram | null = null;
  /** The highlights' attributes: the same buffers as the markers' (see #upload). */
  #marksVao: WebGLVertexArrayObject | null = null;
  #vao: WebGLVertexArrayObject | null = null;
  #emptyVao: WebGLVertexArrayObject | null = null;
  #glBuffers: WebGLBuffer[] = [];
  #buffers: PointBuffers;
  #revealed = 0;
  #enabled = true;
  /** Whether the markers' data is all on the GPU (see #feed); nothing is drawn before. */
  #fed = false;
  /** Counts the layer's removals, so that a feed for a removed layer stops. */
  #generation = 0;
  #fedResolve: (() => void) | null = null;
  /** Resolves when the markers' data is all on the GPU, or the layer is removed before. */
  readonly fed: Promise<void>;
  #kept: Kept | null = null;
  #frame: { size: number; fade: number; settled: number } | null = null;
  readonly #days: DayColumns;
  #view: MarkerView = { mask: null, from: Number.NEGATIVE_INFINITY, to: 0, showPossible: true };
  /** The newest and selected incidents' highlights, drawn over the markers (see highlights.ts). */
  #marks: readonly Mark[] = [];
  #maskVersion = 0;
  #maskBuffer: WebGLBuffer | null = null;
  #maskDirty = false;
  #uniforms: Record<string, WebGLUniformLocation | null> = {};
  #copyUniforms: Record<string, WebGLUniformLocation | null> = {};
  #marksUniforms: Record<string, WebGLUniformLocation | null> = {};
  readonly #extent: Extent;
  /** The palette as the shader takes it: red, green, blue in 0..1 for each of MAX_PALETTE colours. */
  readonly #palette: Float32Array;

  constructor(id: string, buffers: PointBuffers, days: DayColumns) {
    this.id = id;
    this.#buffers = buffers;
    this.#extent = extentOf(buffers.position);
    this.#palette = paletteRgb(buffers.palette);
    this.#days = days;
    this.fed = new Promise((resolve) => {
      this.#fedResolve = resolve;
    });
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

  /**
   * Sets the highlights drawn over the markers, in order: uniforms and a draw of
   * one vertex each, so a change is drawn in the next frame and nothing else.
   */
  setMarks(marks: readonly Mark[]): void {
    if (sameMarks(marks, this.#marks)) return;
    this.#marks = marks;
    this.#map?.triggerRepaint();
  }

  /** Sets the filter and the days in view; the filter's mask is sent to the GPU only when it changes. */
  setView(view: MarkerView): void {
    const before = this.#view;
    this.#view = view;
    if (view.mask !== before.mask) {
      this.#maskVersion++;
      // Sent in the next prerender: MapLibre caches its GL bindings and restores them around custom layers.
      this.#maskDirty = true;
    }
    if (
      view.mask !== before.mask ||
      view.from !== before.from ||
      view.to !== before.to ||
      view.showPossible !== before.showPossible
    ) {
      this.#map?.triggerRepaint();
    }
  }

  #uploadMask(): void {
    const gl = this.#gl;
    if (!gl || !this.#maskBuffer) return;
    const mask = this.#view.mask ?? new Uint8Array(this.#buffers.count).fill(1);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.#maskBuffer);
    gl.bufferData(gl.ARRAY_BUFFER, mask, gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
  }

  /**
   * What the kept drawing depends on besides camera and size: the filter, the
   * window's first day and whether possible ones show, and how many incidents
   * with an interval have ended by the cursor's day (each such marker turns
   * certain as the day passes; other steps leave the kept drawing as it is).
   */
  #stateKey(): string {
    const v = this.#view;
    return `${this.#maskVersion}|${v.from}|${v.showPossible}|${spansEndedBy(this.#days, v.to)}`;
  }

  onAdd(map: MapLibreMap, gl: WebGLRenderingContext | WebGL2RenderingContext): void {
    this.#map = map;
    const gl2 = gl as WebGL2RenderingContext;
    this.#gl = gl2;
    const programs = markerPrograms(gl2);
    this.#program = programs.markers;
    for (const name of [
      'u_matrix',
      'u_revealed',
      'u_from',
      'u_to',
      'u_possible',
      'u_size',
      'u_ratio',
      'u_viewport',
      'u_anchors',
      'u_fade',
      'u_rim',
      'u_palette',
    ]) {
      this.#uniforms[name] = gl2.getUniformLocation(this.#program, name);
    }
    this.#copy = programs.copy;
    for (const name of ['u_texture', 'u_size']) this.#copyUniforms[name] = gl2.getUniformLocation(this.#copy, name);
    this.#marksProgram = programs.marks;
    for (const name of ['u_matrix', 'u_viewport', 'u_ratio', 'u_diameter', 'u_kind', 'u_color', 'u_opacity']) {
      this.#marksUniforms[name] = gl2.getUniformLocation(this.#marksProgram, name);
    }
    this.#emptyVao = gl2.createVertexArray();
    this.#upload();
  }

  #upload(): void {
    const gl = this.#gl;
    const program = this.#program;
    if (!gl || !program) return;
    const b = this.#buffers;
    this.#vao = gl.createVertexArray();
    gl.bindVertexArray(this.#vao);
    const pieces: [WebGLBuffer, ArrayBufferView][] = [];
    // Room is made for each buffer now; its data goes to the GPU a piece at a time (see #feed).
    const attribute = (
      name: string,
      data: ArrayBufferView | number,
      size: number,
      type: number,
      normalized: boolean,
    ) => {
      const location = gl.getAttribLocation(program, name);
      const buffer = gl.createBuffer();
      if (!buffer) throw new Error('Could not create a WebGL buffer');
      this.#glBuffers.push(buffer);
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      if (typeof data === 'number') gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
      else {
        gl.bufferData(gl.ARRAY_BUFFER, data.byteLength, gl.STATIC_DRAW);
        pieces.push([buffer, data]);
      }
      if (location >= 0) {
        gl.enableVertexAttribArray(location);
        gl.vertexAttribPointer(location, size, type, normalized, 0, 0);
      }
      return buffer;
    };
    const position = attribute('a_position', b.position, 2, gl.FLOAT, false);
    attribute('a_group', b.group, 1, gl.UNSIGNED_BYTE, false);
    const vague = attribute('a_vague', b.vague, 1, gl.UNSIGNED_BYTE, false);
    // No marker fanned out: a buffer of zeros, as WebGL makes one, with nothing to send.
    const offset = attribute('a_offset', b.offset.length > 0 ? b.offset : 4 * b.count, 2, gl.SHORT, false);
    attribute('a_first', this.#days.first, 1, gl.FLOAT, false);
    attribute('a_last', this.#days.last, 1, gl.FLOAT, false);
    // Filled in the first prerender (see #uploadMask).
    this.#maskBuffer = attribute('a_match', b.count, 1, gl.UNSIGNED_BYTE, false);
    // The long-dated incidents, drawn by index in a window (see DayColumns.long): a few KB.
    const long = gl.createBuffer();
    if (!long) throw new Error('Could not create a WebGL buffer');
    this.#glBuffers.push(long);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, long);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, this.#days.long, gl.STATIC_DRAW);
    gl.bindVertexArray(null);
    // The highlights read the same buffers, each marker's vertex as it is.
    const marks = this.#marksProgram;
    if (marks) {
      this.#marksVao = gl.createVertexArray();
      gl.bindVertexArray(this.#marksVao);
      for (const [name, buffer, size, type] of [
        ['a_position', position, 2, gl.FLOAT],
        ['a_offset', offset, 2, gl.SHORT],
        ['a_vague', vague, 1, gl.UNSIGNED_BYTE],
      ] as const) {
        const location = gl.getAttribLocation(marks, name);
        if (location < 0) continue;
        gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
        gl.enableVertexAttribArray(location);
        gl.vertexAttribPointer(location, size, type, false, 0, 0);
      }
      gl.bindVertexArray(null);
      gl.bindBuffer(gl.ARRAY_BUFFER, null);
    }
    this.#maskDirty = true;
    this.#fed = false;
    void this.#feed(gl, pieces).then((fed) => {
      if (!fed) return;
      this.#fed = true;
      this.#fedResolve?.();
      this.#map?.triggerRepaint();
    });
  }

  /**
   * Sends the markers' data to the GPU UPLOAD_BYTES at a time, each piece once
   * the GPU has taken the one before (a fence), so that the main thread never
   * waits for it: a WebGL call that needs an answer from the GPU process waits
   * for everything sent before it, and without a GPU, taking in tens of MB
   * behind a frame of the basemap is a few hundred ms. Resolves to whether it
   * all went (not if the layer was removed or the context lost meanwhile).
   */
  async #feed(gl: WebGL2RenderingContext, pieces: [WebGLBuffer, ArrayBufferView][]): Promise<boolean> {
    const generation = this.#generation;
    for (const [buffer, data] of pieces) {
      for (let at = 0; at < data.byteLength; at += UPLOAD_BYTES) {
        if (generation !== this.#generation || gl.isContextLost()) return false;
        const length = Math.min(UPLOAD_BYTES, data.byteLength - at);
        // COPY_WRITE_BUFFER is bound by nothing else, so the map's own record of its bindings holds.
        gl.bindBuffer(gl.COPY_WRITE_BUFFER, buffer);
        gl.bufferSubData(gl.COPY_WRITE_BUFFER, at, new Uint8Array(data.buffer, data.byteOffset + at, length));
        gl.bindBuffer(gl.COPY_WRITE_BUFFER, null);
        await whenGpuDone(gl);
      }
    }
    return generation === this.#generation && !gl.isContextLost();
  }

  onRemove(): void {
    const gl = this.#gl;
    this.#generation++;
    this.#fed = false;
    this.#fedResolve?.();
    if (!gl) return;
    for (const buffer of this.#glBuffers) gl.deleteBuffer(buffer);
    this.#glBuffers = [];
    if (this.#vao) gl.deleteVertexArray(this.#vao);
    if (this.#emptyVao) gl.deleteVertexArray(this.#emptyVao);
    if (this.#marksVao) gl.deleteVertexArray(this.#marksVao);
    this.#marksVao = null;
    // The programs stay for the next layer in this context (see markerPrograms).
    this.#dropKept();
    this.#program = null;
    this.#map = null;
  }

  #dropKept(): void {
    const gl = this.#gl;
    if (gl && this.#kept) {
      gl.deleteFramebuffer(this.#kept.framebuffer);
      gl.deleteTexture(this.#kept.texture);
    }
    this.#kept = null;
  }

  /** The kept drawing for this frame, cleared when what it was drawn for no longer holds. */
  #keptFor(gl: WebGL2RenderingContext, matrix: Float32Array, size: number, fade: number, settled: number): Kept {
    const { width, height } = gl.canvas;
    let kept = this.#kept;
    if (!kept || kept.width !== width || kept.height !== height) {
      this.#dropKept();
      const texture = gl.createTexture();
      const framebuffer = gl.createFramebuffer();
      if (!texture || !framebuffer) throw new Error('Could not create a WebGL framebuffer');
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, width, height, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
      kept = {
        framebuffer,
        texture,
        width,
        height,
        matrix: new Float64Array(16),
        size: 0,
        fade: 0,
        state: '',
        count: -1,
      };
      this.#kept = kept;
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, kept.framebuffer);
    const state = this.#stateKey();
    const same =
      kept.count >= 0 &&
      kept.count <= settled &&
      kept.size === size &&
      kept.fade === fade &&
      kept.state === state &&
      kept.matrix.every((v, i) => v === matrix[i]);
    if (!same) {
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      kept.matrix.set(matrix);
      kept.size = size;
      kept.fade = fade;
      kept.state = state;
      kept.count = 0;
    }
    return kept;
  }

  /**
   * Draws the markers of reveal indexes from..to, after the first `long` of the
   * long-dated incidents (which come before `from`).
   */
  #drawMarkers(
    gl: WebGL2RenderingContext,
    matrix: Float32Array,
    from: number,
    to: number,
    revealed: number,
    long = 0,
  ): void {
    const frame = this.#frame;
    const map = this.#map;
    if (!frame || !map || (to <= from && long === 0)) return;
    const canvas = map.getCanvas();
    gl.useProgram(this.#program);
    gl.uniformMatrix4fv(this.#uniforms.u_matrix, false, matrix);
    gl.uniform1f(this.#uniforms.u_revealed, revealed);
    const view = this.#view;
    gl.uniform1f(this.#uniforms.u_from, Math.max(view.from, -OPEN_END));
    gl.uniform1f(this.#uniforms.u_to, view.to);
    gl.uniform1f(this.#uniforms.u_possible, view.showPossible ? 1 : 0);
    gl.uniform1f(this.#uniforms.u_size, frame.size);
    gl.uniform1f(this.#uniforms.u_fade, frame.fade);
    gl.uniform3fv(this.#uniforms.u_palette, this.#palette);
    gl.uniform1f(this.#uniforms.u_rim, frame.size >= 6 ? 1 : 0);
    gl.uniform1f(this.#uniforms.u_ratio, canvas.width / canvas.clientWidth);
    gl.uniform2f(this.#uniforms.u_viewport, canvas.clientWidth, canvas.clientHeight);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindVertexArray(this.#vao);
    const draw = () => {
      if (long > 0) gl.drawElements(gl.POINTS, long, gl.UNSIGNED_INT, 0);
      if (to > from) gl.drawArrays(gl.POINTS, from, to - from);
    };
    // The pass of dark dots at the true point of fanned-out markers; skipped when nothing is fanned.
    if (this.#buffers.maxOffset > 0) {
      gl.uniform1f(this.#uniforms.u_anchors, 1);
      draw();
    }
    gl.uniform1f(this.#uniforms.u_anchors, 0);
    draw();
    gl.bindVertexArray(null);
  }

  /** Before the map draws: adds newly settled markers to the kept drawing (or redraws it). */
  prerender(gl: WebGLRenderingContext | WebGL2RenderingContext, options: CustomRenderMethodInput): void {
    const gl2 = gl as WebGL2RenderingContext;
    const map = this.#map;
    this.#frame = null;
    if (this.#maskDirty) {
      this.#maskDirty = false;
      this.#uploadMask();
    }
    if (!this.#enabled || !this.#fed || !this.#program || !map || this.#buffers.count === 0 || this.#revealed === 0) {
      return;
    }
    const revealed = Math.min(this.#revealed, this.#buffers.count);
    const bounds = map.getBounds();
    const { size, fade } = quantisedScale(
      markerScale({
        zoom: map.getZoom(),
        revealed,
        extent: this.#extent,
        view: {
          minX: mercatorX(bounds.getWest()),
          maxX: mercatorX(bounds.getEast()),
          minY: mercatorY(bounds.getNorth()),
          maxY: mercatorY(bounds.getSouth()),
        },
      }),
    );
    // In a window only the incidents that can reach into it are drawn; they change
    // at both ends as the cursor moves, so none are kept between frames.
    const windowed = this.#view.from !== Number.NEGATIVE_INFINITY;
    const from = firstReaching(this.#days, this.#view.from);
    const settled = windowed ? from : Math.max(0, revealed - RECENT);
    this.#frame = { size, fade, settled };
    if (windowed) return;
    const matrix = options.defaultProjectionData.mainMatrix as Float32Array;
    const kept = this.#keptFor(gl2, matrix, size, fade, settled);
    if (kept.count < settled) {
      gl2.viewport(0, 0, kept.width, kept.height);
      // Drawn as if far behind the newest: all alike, as they will stay.
      this.#drawMarkers(gl2, matrix, kept.count, settled, revealed + RECENT);
      kept.count = settled;
    }
  }

  render(gl: WebGLRenderingContext | WebGL2RenderingContext, options: CustomRenderMethodInput): void {
    const gl2 = gl as WebGL2RenderingContext;
    const frame = this.#frame;
    const kept = this.#kept;
    if (!frame || !this.#copy) return;
    const revealed = Math.min(this.#revealed, this.#buffers.count);
    const windowed = this.#view.from !== Number.NEGATIVE_INFINITY;
    gl2.enable(gl2.BLEND);
    gl2.blendFunc(gl2.ONE, gl2.ONE_MINUS_SRC_ALPHA);
    if (!windowed && kept && frame.settled > 0) {
      gl2.useProgram(this.#copy);
      gl2.activeTexture(gl2.TEXTURE0);
      gl2.bindTexture(gl2.TEXTURE_2D, kept.texture);
      gl2.uniform1i(this.#copyUniforms.u_texture, 0);
      gl2.uniform2f(this.#copyUniforms.u_size, kept.width, kept.height);
      gl2.bindVertexArray(this.#emptyVao);
      gl2.drawArrays(gl2.TRIANGLE_STRIP, 0, 4);
      gl2.bindVertexArray(null);
    }
    const matrix = options.defaultProjectionData.mainMatrix as Float32Array;
    // In a window, the long-dated incidents before the range drawn may reach into it.
    const long = windowed ? longBefore(this.#days, Math.min(frame.settled, revealed)) : 0;
    this.#drawMarkers(gl2, matrix, frame.settled, revealed, revealed, long);
    this.#drawMarks(gl2, matrix, revealed);
  }

  /** Draws the highlights over the markers, each from its marker's own vertex. */
  #drawMarks(gl: WebGL2RenderingContext, matrix: Float32Array, revealed: number): void {
    const map = this.#map;
    const marks = this.#marks.filter((mark) => mark.rank < revealed);
    if (!map || !this.#marksProgram || !this.#marksVao || marks.length === 0) return;
    const canvas = map.getCanvas();
    const u = this.#marksUniforms;
    gl.useProgram(this.#marksProgram);
    gl.uniformMatrix4fv(u.u_matrix, false, matrix);
    gl.uniform1f(u.u_ratio, canvas.width / canvas.clientWidth);
    gl.uniform2f(u.u_viewport, canvas.clientWidth, canvas.clientHeight);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindVertexArray(this.#marksVao);
    for (const mark of marks) {
      const [r, g, b] = parseHexColor(mark.color);
      gl.uniform1f(u.u_kind, mark.kind);
      gl.uniform1f(u.u_diameter, mark.diameter);
      gl.uniform3f(u.u_color, r / 255, g / 255, b / 255);
      gl.uniform1f(u.u_opacity, mark.opacity);
      gl.drawArrays(gl.POINTS, mark.rank, 1);
    }
    gl.bindVertexArray(null);
  }
}
