// What the benchmarks put into a page before it starts: a record of its long
// main-thread tasks, and a way to wait for a frame to be drawn.
import type { Page } from 'playwright-core';

/** The page as LONGTASKS leaves it. */
export interface DrawnPage {
  __drawn(
    map: { once(event: string, listener: () => void): unknown },
    event: 'render' | 'idle',
    sync?: boolean,
  ): Promise<void>;
}

/**
 * Records long main-thread tasks from the very start of the page, and gives the
 * page `__drawn(map, event, sync)`: a promise of the map's next `event` ('render'
 * or 'idle') and, with `sync` (the default), of the GPU having finished that
 * frame (a one-pixel read waits for it: with software WebGL the event comes first).
 */
export const LONGTASKS = `
  window.__drawn = (map, event, sync = true) => new Promise((resolve) => map.once(event, () => {
    const gl = map.getCanvas().getContext('webgl2');
    if (sync) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    resolve();
  }));
  window.__tasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * The longest main-thread task of the whole page, and of the part after the page
 * marked 'atlas-load-start' (when the dataset starts loading, after the map's own start-up),
 * and that part's blocking time (each task's time past 50 ms, summed: the Total Blocking
 * Time of web performance tools, steadier from load to load than the one longest task).
 */
export function longestTasks(page: Page): Promise<{ all: number; whileLoading: number; blockingWhileLoading: number }> {
  return page.evaluate(() => {
    const tasks = (window as unknown as { __tasks: [number, number][] }).__tasks;
    const start = performance.getEntriesByName('atlas-load-start').at(-1)?.startTime ?? 0;
    // A task that was running when loading started counts too. (No named functions in
    // here: tsx would wrap them in a helper the page does not have.)
    return {
      all: Math.max(0, ...tasks.map(([, duration]) => duration)),
      whileLoading: Math.max(0, ...tasks.filter(([at, d]) => at + d >= start).map(([, duration]) => duration)),
      blockingWhileLoading: tasks
        .filter(([at, d]) => at + d >= start)
        .reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
    };
  });
}
