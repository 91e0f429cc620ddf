/**
 * Resolves once the GPU has done everything `gl` was given so far, without
 * blocking the main thread: a fence, looked at between tasks (WebGL updates a
 * fence's status only then). Resolves at once with no context, or once it is
 * lost. A call that waits for the GPU process (making a program, above all)
 * made after this resolves does not also wait for the work queued before it.
 */
export function whenGpuDone(gl: WebGL2RenderingContext | null): Promise<void> {
  const fence = gl?.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0) ?? null;
  gl?.flush();
  return new Promise((resolve) => {
    const look = () => {
      if (!gl || !fence || gl.isContextLost() || gl.getSyncParameter(fence, gl.SYNC_STATUS) === gl.SIGNALED) {
        if (gl && fence) gl.deleteSync(fence);
        resolve();
      } else setTimeout(look, 4);
    };
    setTimeout(look, 0);
  });
}
