// A bundle opened (docs/scale-out.md), as the dataset opener hands it to the
// page: its first rows, its outline, and the view that then follows the
// timeline. bundle-view.ts makes one; the opener and the shell pass it on. Here,
// not in bundle-view.ts, so ui/ needs nothing of the shell's wiring.
import type { DatasetOutline } from '../analysis/outline';
import type { TimeView } from '../analysis/time-window';
import type { BundleManifest } from '../data/bundle/manifest';
import type { PackedDataset } from '../data/pack/packed-types';
import type { Messages } from './messages';

/** What a bundle's view follows of the explorer's state: the date, the time view, the axis's zoom. */
export interface BundleViewState {
  date: string;
  time: Pick<TimeView, 'mode' | 'windowDays'>;
  /** The days the time axis is zoomed to, or null for the whole timeline. */
  span: readonly [string, string] | null;
}

/** What the explorer offers the bundle view: its state's changes, and the incidents it shows. */
export interface BundleHost {
  on(event: 'change', callback: (state: BundleViewState) => void): () => void;
  replaceIncidents(dataset: PackedDataset): void;
}

/** A bundle opened: the rows of the days its link shows, its outline, and the view that follows the timeline. */
export interface OpenedBundle {
  manifest: BundleManifest;
  dataset: PackedDataset;
  outline: DatasetOutline;
  /** From now on, fetches the rows of the days the explorer shows; says what it holds over `map`. */
  follow(host: BundleHost, map: HTMLElement, messages: Messages): void;
  /** Stops fetching and lets the worker go. */
  close(): void;
}
