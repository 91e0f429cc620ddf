import { describe, expect, test } from 'vitest';
import { dataChangedWarning } from '../../../src/url/dataset-link';
import { formatHash, parseHash } from '../../../src/url/hash';

describe('ds= in the hash', () => {
  test('a fingerprint of 12 lowercase hex digits is read', () => {
    expect(parseHash('#date=2024-12-24&ds=0123456789ab')).toEqual({
      link: { date: '2024-12-24', ds: '0123456789ab' },
      problems: [],
    });
  });

  test.each([['0123456789AB'], ['0123456789a'], ['0123456789abc'], ['0123456789ag'], [''], ['<b>x</b>']])(
    '%j is dropped with a message that quotes it, and the rest of the link applies',
    (bad) => {
      const { link, problems } = parseHash(`#date=2024-12-24&ds=${encodeURIComponent(bad)}`);
      expect(link).toEqual({ date: '2024-12-24' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('fingerprint');
      expect(problems[0]).toContain(`"${bad}"`);
    },
  );

  test('is written last, and read back', () => {
    const hash = formatHash({ date: '2024-12-24', incident: 'a-b', ds: 'deadbeef0123' });
    expect(hash).toBe('#date=2024-12-24&incident=a-b&ds=deadbeef0123');
    expect(parseHash(hash).link.ds).toBe('deadbeef0123');
    expect(formatHash({ date: '2024-12-24' })).toBe('#date=2024-12-24');
  });
});

describe('a link made with other data', () => {
  test('warns naming both fingerprints', () => {
    const warning = dataChangedWarning({ ds: '111111111111' }, '222222222222');
    expect(warning).toBe(
      'The data has changed since this link was made (link 111111111111, now 222222222222), so the view may not match what its author saw.',
    );
  });

  test('says nothing when the fingerprints agree, the link has none, or the dataset has none', () => {
    expect(dataChangedWarning({ ds: '111111111111' }, '111111111111')).toBeNull();
    expect(dataChangedWarning({ date: '2024-12-24' }, '111111111111')).toBeNull();
    expect(dataChangedWarning({ ds: '111111111111' }, undefined)).toBeNull();
  });
});
