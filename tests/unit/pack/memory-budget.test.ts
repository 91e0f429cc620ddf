import { describe, expect, it } from 'vitest';
import { BYTES_PER_INCIDENT, memoryBudget, memoryRefusal, projectNeed } from '../../../src/data/pack/memory-budget';

const GIB = 1024 ** 3;

describe('memory budget', () => {
  it('is half the device memory, between 0.5 and 4 GiB, 4 GiB when the browser does not say', () => {
    expect(memoryBudget(8)).toBe(4 * GIB);
    expect(memoryBudget(4)).toBe(2 * GIB);
    expect(memoryBudget(0.25)).toBe(0.5 * GIB);
    expect(memoryBudget(undefined)).toBe(4 * GIB);
    expect(memoryBudget(64)).toBe(4 * GIB);
  });

  it('projects the whole file from the part read, once enough rows are in', () => {
    expect(projectNeed({ loaded: 100, total: 1000, rows: 999, textKept: 0 })).toBeNull();
    expect(projectNeed({ loaded: 0, total: 1000, rows: 0, textKept: 6 })).toBeNull();
    // A size not given: what has come so far, rows and text.
    expect(projectNeed({ loaded: 1e6, total: null, rows: 5000, textKept: 1 })).toEqual({
      rows: 5000,
      bytes: 5000 * BYTES_PER_INCIDENT + 1e6,
    });
    // GeoJSON read whole: counted by its bytes before any row is.
    expect(projectNeed({ loaded: 1e6, total: 1e9, rows: 0, textKept: 6 })).toEqual({ rows: 0, bytes: 6e9 });
    // A tenth read, 2,000 rows: 20,000 in all.
    expect(projectNeed({ loaded: 1e6, total: 1e7, rows: 2000, textKept: 0 })).toEqual({
      rows: 20_000,
      bytes: 20_000 * BYTES_PER_INCIDENT,
    });
    expect(projectNeed({ loaded: 1e6, total: 1e7, rows: 2000, textKept: 1 })?.bytes).toBe(
      20_000 * BYTES_PER_INCIDENT + 1e7,
    );
  });

  it('refuses a file whose incidents would not fit, naming it, the count and the way out', () => {
    // 1.2 GB of ACLED-like rows (480 bytes each) fits; 40 million short rows do not.
    const acled = { loaded: 120e6, total: 1.2e9, rows: 250_000, textKept: 0 };
    expect(memoryRefusal('acled.csv', acled, memoryBudget(8))).toBeNull();
    const gdelt = { loaded: 100e6, total: 4e9, rows: 1_000_000, textKept: 0 };
    const message = memoryRefusal('gdelt.csv', gdelt, memoryBudget(8));
    expect(message).toMatch(/^gdelt\.csv holds about 40,000,000 incidents, which would need about 48 GB/);
    expect(message).toContain('about 4.0 GB');
    expect(message).toContain('npm run pack');
    // A 1 GB GeoJSON read whole: refused by its bytes, before its features are counted.
    const geojson = memoryRefusal('big.geojson', { loaded: 5e6, total: 1e9, rows: 0, textKept: 6 }, memoryBudget(8));
    expect(geojson).toMatch(/^big\.geojson would need about 5\.6 GB of memory to open/);
  });
});
