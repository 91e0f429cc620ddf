/**
 * Software WebGL renderers as browsers name them: SwiftShader (Chromium without
 * a usable GPU, CI, VMs), Mesa's llvmpipe, softpipe and lavapipe, Windows'
 * Microsoft Basic Render Driver, Apple Software Renderer, and anything calling
 * itself "software".
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|basic render driver|software/i;

let probed: boolean | undefined;

/**
 * Whether WebGL draws in software here: its unmasked renderer
 * (WEBGL_debug_renderer_info) is a software one. Probed once a page: from
 * `gl` when given (the map's own context: a second context costs the start-up
 * tens of ms in software), else from a throwaway canvas whose context is let
 * go at once. False without WebGL.
 */
export function isSoftwareRenderer(gl?: WebGLRenderingContext | WebGL2RenderingContext | null): boolean {
  if (probed === undefined) {
    const name = gl ? rendererName(gl) : throwawayRendererName();
    probed = name !== null && SOFTWARE_RENDERER.test(name);
  }
  return probed;
}

/** The WebGL renderer's name, unmasked where the browser allows. */
function rendererName(gl: WebGLRenderingContext | WebGL2RenderingContext): string | null {
  try {
    // Firefox gives the real name here; Chromium a generic one, and the real one through the extension.
    const name = String(gl.getParameter(gl.RENDERER));
    if (SOFTWARE_RENDERER.test(name)) return name;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : name;
  } catch {
    return null;
  }
}

function throwawayRendererName(): string | null {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return null;
  const name = rendererName(gl);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}
