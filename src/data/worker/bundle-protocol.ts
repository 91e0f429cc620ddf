// Messages between the page and the bundle worker (bundle-worker.ts): open a bundle's manifest, read
// the rows of some days (packed for the page), and for the rows of one such read, the long text of a
// few and a search through their titles.

import type { BundleManifest } from '../bundle/manifest';
import type { IncidentText } from '../pack/long-text';
import type { PackedDataset } from '../pack/packed-types';
import type { DataText } from '../text/messages';

/** What a bundle keeps apart from the map's columns, read when an incident is selected. */
export interface BundleText extends IncidentText {
  actors: string[];
  /** The place's name, finest first ('' when the bundle has none). */
  place?: string;
}

export type BundleRequest =
  | { type: 'open'; url: string }
  /** The rows of days `from`..`to` (day numbers); `id` names the read, and the rows it packs. */
  | { type: 'rows'; id: number; from: number; to: number }
  /** Stops read `id` (a newer one replaces it). */
  | { type: 'cancel'; id: number }
  /** The long text of rows (by reveal rank) of the rows read `rows`. */
  | { type: 'read'; id: number; rows: number; ranks: number[] }
  | { type: 'search'; id: number; rows: number; q: string }
  /** The rows of read `rows` are no longer shown. */
  | { type: 'forget'; rows: number };

export interface RowsFetched {
  /** Requests made and bytes received for this read (footers and row groups not held). */
  requests: number;
  bytes: number;
  /** Row groups fetched now, and those held from earlier reads. */
  groups: number;
  held: number;
}

export type BundleReply =
  /** `fingerprint`: of the manifest's bytes (see data/fingerprint.ts). */
  | { type: 'opened'; url: string; manifest: BundleManifest; fingerprint: string }
  | { type: 'rows'; id: number; from: number; to: number; dataset: PackedDataset; fetched: RowsFetched }
  | { type: 'texts'; id: number; texts: BundleText[] }
  | { type: 'found'; id: number; mask: Uint8Array | null }
  /** `id` the request that failed, or null for `open`; `cancelled` when it was stopped. */
  | { type: 'failed'; id: number | null; message: string; cancelled?: boolean; text?: DataText };
