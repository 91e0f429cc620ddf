// The words beside a load's progress bar: how much of the file is read, how
// many rows, and about how long is left, so a reader opening a gigabyte knows
// whether to wait, in the page's language. Pure.

import { t, translator } from '../i18n/page-language';

export interface LoadProgress {
  /** Bytes read, and the file's size when known. */
  loaded: number;
  total: number | null;
  /** Rows (or features) read so far; 0 when not counted. */
  rows: number;
  /** Milliseconds since the reading began. */
  elapsedMs: number;
}

const decimals = new Map<string, Intl.NumberFormat>();

/** A number in the page's digits with `digits` decimals: 14.2, ۱۴٫۲. */
function decimal(n: number, digits: number): string {
  const { locale } = translator();
  const key = `${locale} ${digits}`;
  let format = decimals.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    decimals.set(key, format);
  }
  return format.format(n);
}

/** A size as people read it: 820 KB, 14.2 MB, 1.2 GB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000 * 1024) return t('progress.kb', { size: decimal(Math.max(1, Math.round(bytes / 1024)), 0) });
  const mb = bytes / 1024 ** 2;
  if (mb < 1000) return t('progress.mb', { size: mb < 100 ? decimal(mb, 1) : decimal(Math.round(mb), 0) });
  return t('progress.gb', { size: decimal(mb / 1024, 1) });
}

/** About how long is left, or null while too little is read to say (the first second, the first 2%). */
export function timeLeft(progress: LoadProgress): string | null {
  const { loaded, total, elapsedMs } = progress;
  if (total === null || total <= 0 || loaded <= 0 || elapsedMs < 1000 || loaded / total < 0.02) return null;
  const seconds = ((total - loaded) / loaded) * (elapsedMs / 1000);
  if (seconds < 5) return t('progress.fewSeconds');
  if (seconds < 90) return t('progress.seconds', { seconds: Math.round(seconds / 5) * 5 });
  return t('progress.minutes', { minutes: Math.round(seconds / 60) });
}

/** "120 MB of 1.2 GB · 250,000 rows · about 40 s left" (parts not known are left out). */
export function progressDetail(progress: LoadProgress): string {
  const parts: string[] = [];
  if (progress.loaded > 0) {
    parts.push(
      progress.total
        ? t('progress.of', { done: formatBytes(progress.loaded), total: formatBytes(progress.total) })
        : formatBytes(progress.loaded),
    );
  }
  if (progress.rows > 0) parts.push(t('progress.rows', { count: progress.rows }));
  const left = timeLeft(progress);
  if (left) parts.push(left);
  return parts.join(' · ');
}
