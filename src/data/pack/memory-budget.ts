// How much memory a dataset will take once read, projected from how far the
// reading has come, so a file too big for the tab is refused with a clear
// message before the tab runs out, rather than the tab dying. No file size is
// refused as such: a file of long notes holds few incidents for its size. Pure.

/**
 * The most one incident costs while it is read and packed, in bytes: its
 * columns (dates, position, category, country, precision, order, actors), its
 * point buffers and spatial index, id and id table, its record and search text,
 * and the copies a merge makes of them. Measured generously on UCDP and ACLED
 * shaped tables; text beyond this is counted by its length (see projectNeed).
 */
export const BYTES_PER_INCIDENT = 700;

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
  /** Bytes of text the load keeps for each byte it reads (0 when text stays in the source). */
  textKept: number;
}

/** The rows the whole file will hold and the bytes they will take, projected from the part read; null until enough is read to say. */
export function projectNeed(load: LoadSoFar): { rows: number; bytes: number } | null {
  if (load.total === null || load.loaded <= 0 || load.rows < 1000) return null;
  const scale = load.total / load.loaded;
  const rows = Math.round(load.rows * scale);
  return { rows, bytes: rows * BYTES_PER_INCIDENT + load.total * load.textKept };
}

function gigabytes(bytes: number): string {
  const gb = bytes / GIB;
  return `${gb >= 10 ? Math.round(gb) : gb.toFixed(1)} GB`;
}

/** Why a load must stop for want of memory, naming the file, or null when it fits. */
export function memoryRefusal(name: string, load: LoadSoFar, budget: number): string | null {
  const need = projectNeed(load);
  if (need === null || need.bytes <= budget) return null;
  return (
    `${name} holds about ${need.rows.toLocaleString('en-GB')} incidents, which would need about ${gigabytes(need.bytes)} of memory to open: ` +
    `more than this browser tab can use (about ${gigabytes(budget)}). Open a filtered part of it, or turn it into a bundle with ` +
    '`npm run pack` that opens a few days at a time (see docs/scale-out.md).'
  );
}
