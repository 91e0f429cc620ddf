import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idAt, idColumnOf, idIs } from '../../../src/data/pack/id-column';

function columnOf(ids: string[]) {
  const offsets = new Uint32Array(ids.length + 1);
  ids.forEach((id, i) => {
    offsets[i + 1] = offsets[i] + id.length;
  });
  return idColumnOf(ids.join(''), offsets);
}

describe('id column', () => {
  it('codes numbered ids as prefix and number', () => {
    const ids = ['ucdp-347200', 'ucdp-0', 'AFG1545001', 'PAK12', '4294967295', 'row-7'];
    const column = columnOf(ids);
    expect('text' in column).toBe(false);
    if ('text' in column) return;
    expect(column.prefixes).toEqual(['ucdp-', 'AFG', 'PAK', '', 'row-']);
    expect([...column.number]).toEqual([347200, 0, 1545001, 12, 4294967295, 7]);
    expect(column.prefix).toBeInstanceOf(Uint8Array);
    expect(ids.map((_, i) => idAt(column, i))).toEqual(ids);
  });

  it('keeps ids as text when they have more prefixes than an eighth of their number and 16', () => {
    const many = Array.from(
      { length: 200 },
      (_, i) => `evt_${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}_${i}`,
    );
    expect('text' in columnOf(many)).toBe(true);
    // 200 ids may have 16 + 25 prefixes.
    const few = Array.from({ length: 200 }, (_, i) => `p${i % 41}-${i}`);
    expect('text' in columnOf(few)).toBe(false);
    const one = Array.from({ length: 200 }, (_, i) => `p${i % 42}-${i}`);
    expect('text' in columnOf(one)).toBe(true);
  });

  it.each([
    ['a leading zero', ['a-1', 'a-01']],
    ['no number at its end', ['a-1', 'kabul-embassy']],
    ['a number past 32 bits', ['a-1', 'a-4294967296']],
    ['eleven digits', ['a-1', 'a-10000000000']],
  ])('keeps ids as text when one has %s', (_, ids) => {
    const column = columnOf(ids);
    expect('text' in column).toBe(true);
    expect(ids.map((__, i) => idAt(column, i))).toEqual(ids);
  });

  it('gives back any ids exactly, and says which id is which', () => {
    const id = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.tuple(fc.constantFrom('', 'x-', 'AFG', 'ü'), fc.nat()).map(([p, n]) => `${p}${n}`),
      fc.tuple(fc.constantFrom('x-', 'y'), fc.stringMatching(/^[0-9]{1,12}$/)).map(([p, n]) => `${p}${n}`),
    );
    fc.assert(
      fc.property(fc.uniqueArray(id, { maxLength: 40 }), fc.string({ maxLength: 6 }), (ids, other) => {
        const column = columnOf(ids);
        ids.forEach((want, i) => {
          expect(idAt(column, i)).toBe(want);
          expect(idIs(column, i, want)).toBe(true);
          expect(idIs(column, i, other)).toBe(other === want);
        });
      }),
    );
  });
});
