// A timeline step and a 3-pixel pan timed to the map's `idle` (everything it was
// asked to draw drawn, sources and labels settled), with the frames drawn on the
// way: a step that makes MapLibre re-tile or re-place (a GeoJSON setData) draws
// two or three frames where a redraw of the same markers draws one.
import type { Page } from 'playwright-core';
import type { DrawnPage } from './page-probes';

export interface ToIdle {
  /** ms from the call to `idle` (and the GPU done with that frame), one per go. */
  times: number[];
  /** Map `render` events from the call to `idle`, one per go. */
  frames: number[];
}

/**
 * `runs` steps and `runs` pans at the current view, in turns (pan, step, pan,
 * ...: the machine is shared and its pace drifts, so both see the same). A step
 * is `explorer.next()` (the next incident revealed and selected); a pan moves the
 * map 3 CSS pixels, right and left in turn, which redraws every revealed marker
 * (see IncidentPointsLayer). Needs LONGTASKS in the page (for `__drawn`).
 */
export function stepsAndPans(page: Page, runs = 30): Promise<{ step: ToIdle; pan: ToIdle }> {
  return page.evaluate(
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    async (runs) => {
      const explorer = window.explorer;
      const map = explorer.map;
      const drawn = (window as unknown as DrawnPage).__drawn;
      const step: ToIdle = { times: [], frames: [] };
      const pan: ToIdle = { times: [], frames: [] };
      // A counter kept on the page, its listener added once (and inline: see above).
      const w = window as unknown as { __renders?: number };
      if (w.__renders === undefined) {
        w.__renders = 0;
        map.on('render', () => {
          w.__renders = (w.__renders ?? 0) + 1;
        });
      }
      // Settle first: whatever was under way (a step selects the incident it reveals).
      const settled = drawn(map, 'idle');
      explorer.next();
      await settled;
      for (let i = 0; i < 2 * runs; i++) {
        const isStep = i % 2 === 1;
        const start = w.__renders;
        const t0 = performance.now();
        const idle = drawn(map, 'idle');
        if (isStep) explorer.next();
        else map.panBy([i % 4 ? -3 : 3, 0], { duration: 0 });
        await idle;
        const into = isStep ? step : pan;
        into.times.push(performance.now() - t0);
        into.frames.push(w.__renders - start);
      }
      return { step, pan };
    },
    runs,
  );
}
