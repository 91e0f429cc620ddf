export interface KeyboardActions {
  step: (direction: 1 | -1) => void;
  togglePlay: () => void;
  /** Escape: closes the selected incident's details; false when none was open. */
  close?: () => boolean;
}

/** Form fields keep their keys: text entry, selects, and the slider's own arrows. */
function isFormField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Space also activates buttons, links and disclosure summaries; those keep it. */
function activatesOnSpace(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a[href], summary, [role="button"]') !== null;
}

/**
 * Left/Right step one incident and Space plays or pauses, wherever focus is not in
 * a form field (SPEC). Left and Right follow the timeline: in a right-to-left page
 * it runs leftwards, so Left is the next incident and Right the previous. Over the
 * map, Left/Right step the timeline too (the map's other keys still pan and zoom
 * it). Escape closes the details. Nothing happens while a modal dialog is open
 * (its own Escape closes it).
 */
export function bindTimelineKeys(target: Document, actions: KeyboardActions): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (target.querySelector('dialog[open]')) return;
    if (event.key === 'Escape') {
      // A form field's Escape is its own (a search box clears).
      if (!isFormField(event.target) && actions.close?.()) event.preventDefault();
      return;
    }
    if (isFormField(event.target) && !(event.key === ' ' && (event.target as HTMLInputElement).type === 'range')) {
      return;
    }
    if (event.key === ' ') {
      if (activatesOnSpace(event.target)) return;
      event.preventDefault();
      if (!event.repeat) actions.togglePlay();
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      if (isFormField(event.target)) return;
      event.preventDefault();
      // Capture phase: the map's own keyboard handler would pan as well.
      event.stopPropagation();
      const later = target.documentElement.dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
      actions.step(event.key === later ? 1 : -1);
    }
  };
  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => target.removeEventListener('keydown', onKeyDown, { capture: true });
}
