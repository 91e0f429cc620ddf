// The floor's page: hands the chosen file to one worker and keeps how long it took
// (from the hand-over to the worker's answer) in window.__floor for the runner.
import type { FloorRequest, FloorResult } from './worker';

declare global {
  interface Window {
    __floor?: (FloorResult & { ms: number }) | { error: string };
  }
}

const input = document.getElementById('file') as HTMLInputElement;
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
input.addEventListener('change', () => {
  const file = input.files?.[0];
  if (!file) return;
  const mode = (new URLSearchParams(location.search).get('mode') ?? 'papa') as FloorRequest['mode'];
  const started = performance.now();
  worker.onmessage = (event: MessageEvent<FloorResult | { error: string }>) => {
    const data = event.data;
    window.__floor = 'error' in data ? data : { ...data, ms: performance.now() - started };
    (document.getElementById('result') as HTMLElement).textContent = JSON.stringify(window.__floor);
  };
  worker.postMessage({ file, mode } satisfies FloorRequest);
});
