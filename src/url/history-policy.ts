/** Why the state changed. */
export type ChangeCause = 'select' | 'step' | 'filter' | 'scrub' | 'pan' | 'play' | 'load' | 'history';

/**
 * Whether a change gets its own history entry. Deliberate steps do, so Back undoes
 * them one at a time; continuous ones (scrubbing, panning, playback) replace the
 * current entry, so Back does not crawl through every frame.
 */
export function historyMode(cause: ChangeCause): 'push' | 'replace' | 'none' {
  switch (cause) {
    case 'select':
    case 'step':
    case 'filter':
      return 'push';
    case 'history':
      return 'none';
    default:
      return 'replace';
  }
}
