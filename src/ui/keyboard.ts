export interface KeyboardActions {
  step: (direction: 1 | -1) => void;
  togglePlay: () => void;
}

/** Where keys belong to the element itself: text fields, the slider, the map's own panning. */
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('.maplibregl-canvas-container')) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Left/Right step one incident and Space plays or pauses, wherever focus is not in a form field. */
export function bindTimelineKeys(target: Document, actions: KeyboardActions): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (event.key === ' ' && !ownsTextKeys(event.target)) {
      event.preventDefault();
      if (!event.repeat) actions.togglePlay();
      return;
    }
    if (ownsKeys(event.target)) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      actions.step(event.key === 'ArrowRight' ? 1 : -1);
    }
  };
  // A button would also activate on Space's keyup; the shortcut has taken it.
  const onKeyUp = (event: KeyboardEvent) => {
    if (event.key === ' ' && event.target instanceof HTMLButtonElement) event.preventDefault();
  };
  target.addEventListener('keydown', onKeyDown);
  target.addEventListener('keyup', onKeyUp);
  return () => {
    target.removeEventListener('keydown', onKeyDown);
    target.removeEventListener('keyup', onKeyUp);
  };
}

/** Text entry keeps Space; the range slider has no Space action, so it plays there too. */
function ownsTextKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target instanceof HTMLInputElement && target.type !== 'range';
}
