// How much memory a dataset will take once read, projected from how far the
// reading has come, so a file too big for the tab is refused with a clear
// message before the tab runs out, rather than the tab dying. No file size is
// refused as such: a file of long notes holds few incidents for its size. Pure.

import { type DataText, english, say } from '../text/messages';

/**
 * What one incident costs while it is read and packed, in bytes, in all the
 * browser's processes at the peak: its columns (dates, position, category,
 * country, precision, order, actors), point buffers and spatial index, id and
 * id table, short record and search index, and the copies the workers' parts
 * and the merge make of them (a 2.5-million-row ACLED table, its short records
 * as codes, grows the browser by about 650 bytes a row; a 400,000-row GED table,
 * with more text to index, by 1,360 to 1,600 with the workers' start-up in it).
 * Text kept in memory is counted on top (see LoadSoFar.textKept).
 */
export const BYTES_PER_INCIDENT = 1300;

/** GiB, as navigator.deviceMemory gives it (Chromium rounds and caps it at 8). */
const GIB = 1024 ** 3;

/**
 * The memory a load may use: half the device's memory as the browser reports
 * it (4 GiB when it does not), at most 4 GiB: what a 64-bit tab can hold.
 */
export function memoryBudget(deviceMemoryGiB: number | undefined): number {
  const device = deviceMemoryGiB && deviceMemoryGiB > 0 ? deviceMemoryGiB : 8;
  return Math.min(4 * GIB, Math.max(0.5 * GIB, (device / 2) * GIB));
}

export interface LoadSoFar {
  /** Bytes read so far, and the file's size (null when not known). */
  loaded: number;
  total: number | null;
  /** Rows (or features) read so far. */
  rows: number;
  /**
   * Bytes the load holds for each byte of the file besides its incidents'
   * columns: 0 when text is read back from the file, about 0.4 for compressed
   * pages, 1 for text kept as read; plus what records keep besides the
   * columns (a GeoJSON's lines and polygons, twice: worker and page).
   */
  textKept: number;
  /**
   * Bytes held besides, known before any row is read (a Parquet file's row
   * groups being decoded, a file downloaded whole); 0 when not given.
   */
  held?: number;
}

/**
 * The rows the whole file will hold and the bytes they will take, projected
 * from the part read (rows once a thousand are counted); null until there is
 * anything to go by. Of a file of unknown size, what has come so far: a floor
 * that rises as it comes.
 */
export function projectNeed(load: LoadSoFar): { rows: number; bytes: number } | null {
  if (load.loaded <= 0) return null;
  const size = load.total !== null && load.total >= load.loaded ? load.total : load.loaded;
  const rows = load.rows >= 1000 ? Math.round((load.rows * size) / load.loaded) : 0;
  const held = load.held ?? 0;
  if (rows === 0 && load.textKept === 0 && held === 0) return null;
  return { rows, bytes: rows * BYTES_PER_INCIDENT + size * load.textKept + held };
}

function gigabytes(bytes: number): string {
  const gb = bytes / GIB;
  return `${gb >= 10 ? Math.round(gb) : gb.toFixed(1)} GB`;
}

/** Why a load must stop for want of memory, naming the file, or null when it fits. */
export function memoryRefusal(name: string, load: LoadSoFar, budget: number): string | null {
  const text = memoryRefusalText(name, load, budget);
  return text && english(text);
}

/** memoryRefusal as a message key and values, for the page's language. */
export function memoryRefusalText(name: string, load: LoadSoFar, budget: number): DataText | null {
  const need = projectNeed(load);
  if (need === null || need.bytes <= budget) return null;
  const values = { name, need: gigabytes(need.bytes), budget: gigabytes(budget) };
  return need.rows > 0 ? say('data.load.memoryRows', { ...values, rows: need.rows }) : say('data.load.memory', values);
}
