// The words beside a load's progress bar: how much of the file is read, how
// many rows, and about how long is left, so a reader opening a gigabyte knows
// whether to wait. Pure.

export interface LoadProgress {
  /** Bytes read, and the file's size when known. */
  loaded: number;
  total: number | null;
  /** Rows (or features) read so far; 0 when not counted. */
  rows: number;
  /** Milliseconds since the reading began. */
  elapsedMs: number;
}

const NUMBER = new Intl.NumberFormat('en-GB');

/** A size as people read it: 820 KB, 14.2 MB, 1.2 GB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / 1024 ** 2;
  if (mb < 1000) return `${mb < 100 ? mb.toFixed(1) : Math.round(mb)} MB`;
  return `${(mb / 1024).toFixed(1)} GB`;
}

/** About how long is left, or null while too little is read to say (the first second, the first 2%). */
export function timeLeft(progress: LoadProgress): string | null {
  const { loaded, total, elapsedMs } = progress;
  if (total === null || total <= 0 || loaded <= 0 || elapsedMs < 1000 || loaded / total < 0.02) return null;
  const seconds = ((total - loaded) / loaded) * (elapsedMs / 1000);
  if (seconds < 5) return 'a few seconds left';
  if (seconds < 90) return `about ${Math.round(seconds / 5) * 5} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** "120 MB of 1.2 GB · 250,000 rows · about 40 s left" (parts not known are left out). */
export function progressDetail(progress: LoadProgress): string {
  const parts: string[] = [];
  if (progress.loaded > 0) {
    parts.push(
      progress.total
        ? `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`
        : formatBytes(progress.loaded),
    );
  }
  if (progress.rows > 0) parts.push(`${NUMBER.format(progress.rows)} rows`);
  const left = timeLeft(progress);
  if (left) parts.push(left);
  return parts.join(' · ');
}
