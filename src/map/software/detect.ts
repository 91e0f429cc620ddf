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
 * (WEBGL_debug_renderer_info) is a software one. Probed once, with a throwaway
 * canvas whose context is let go at once; false without WebGL.
 */
export function isSoftwareRenderer(): boolean {
  if (probed === undefined) {
    const name = rendererName();
    probed = name !== null && SOFTWARE_RENDERER.test(name);
  }
  return probed;
}

/** The WebGL renderer's name, unmasked where the browser allows; null without WebGL. */
function rendererName(): string | null {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return null;
    // Firefox gives the real name here; Chromium a generic one, and the real one through the extension.
    let name = String(gl.getParameter(gl.RENDERER));
    if (!SOFTWARE_RENDERER.test(name)) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      if (info) name = String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL));
    }
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return null;
  }
}
