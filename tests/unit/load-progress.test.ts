import { afterEach, describe, expect, it } from 'vitest';
import { useLanguage } from '../../src/i18n/page-language';
import { formatBytes, progressDetail, timeLeft } from '../../src/ui/load-progress';

const MB = 1024 ** 2;

describe('load progress words', () => {
  it('sizes as people read them', () => {
    expect(formatBytes(300)).toBe('1 KB');
    expect(formatBytes(820 * 1024)).toBe('820 KB');
    expect(formatBytes(14.2 * MB)).toBe('14.2 MB');
    expect(formatBytes(220 * MB)).toBe('220 MB');
    expect(formatBytes(1.2 * 1024 * MB)).toBe('1.2 GB');
  });

  it('says how long is left from the rate so far, only once there is enough to go by', () => {
    expect(timeLeft({ loaded: 10 * MB, total: 100 * MB, rows: 0, elapsedMs: 500 })).toBeNull();
    expect(timeLeft({ loaded: 1 * MB, total: 100 * MB, rows: 0, elapsedMs: 5000 })).toBeNull();
    expect(timeLeft({ loaded: 10 * MB, total: null, rows: 0, elapsedMs: 5000 })).toBeNull();
    // A tenth in 4 s: 36 s to go.
    expect(timeLeft({ loaded: 10 * MB, total: 100 * MB, rows: 0, elapsedMs: 4000 })).toBe('about 35 s left');
    expect(timeLeft({ loaded: 10 * MB, total: 100 * MB, rows: 0, elapsedMs: 40_000 })).toBe('about 6 min left');
    expect(timeLeft({ loaded: 99 * MB, total: 100 * MB, rows: 0, elapsedMs: 4000 })).toBe('a few seconds left');
  });

  it('puts bytes, rows and time left together', () => {
    expect(progressDetail({ loaded: 120 * MB, total: 1.2 * 1024 * MB, rows: 250_000, elapsedMs: 4000 })).toBe(
      '120 MB of 1.2 GB · 250,000 rows · about 35 s left',
    );
    expect(progressDetail({ loaded: 3 * MB, total: null, rows: 0, elapsedMs: 100 })).toBe('3.0 MB');
    expect(progressDetail({ loaded: 0, total: 10, rows: 0, elapsedMs: 0 })).toBe('');
  });

  describe('in Dari', () => {
    afterEach(() => useLanguage('en'));

    it('says sizes, rows and time left in Dari words and digits', () => {
      useLanguage('fa-AF');
      expect(progressDetail({ loaded: 120 * MB, total: 1.2 * 1024 * MB, rows: 250_000, elapsedMs: 4000 })).toBe(
        '۱۲۰ MB از ۱٫۲ GB · ۲۵۰٬۰۰۰ سطر · حدود ۳۵ ثانیه مانده',
      );
      expect(formatBytes(14.2 * MB)).toBe('۱۴٫۲ MB');
    });
  });
});
