/**
 * A widget of the page: the element it draws in, and `destroy`, which lets go
 * of what it holds beyond that element (observers, timers) and takes it off the
 * page. Widgets over the map are MapLibre IControls instead (onAdd, onRemove).
 */
export interface Widget {
  readonly element: HTMLElement;
  destroy(): void;
}
