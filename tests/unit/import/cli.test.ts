import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fixturePath } from './helpers';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `npm run validate -- ...files` as node runs it (tsx), returning its output lines and exit code. */
function validate(...files: string[]): { lines: string[]; status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/validate.ts', ...files], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { lines: result.stdout.split('\n').filter((l) => l !== ''), status: result.status, stderr: result.stderr };
}

describe('npm run validate', { timeout: 60_000 }, () => {
  test('a good file: only the summary, exit 0', () => {
    const file = fixturePath('atlas-small.csv');
    const { lines, status } = validate(file);
    expect(lines).toEqual([`${file}: 4 incidents loaded, 0 skipped`]);
    expect(status).toBe(0);
  });

  test('a table with bad rows: one line per problem by row and column, the summary, exit 1', () => {
    const file = fixturePath('mixed-good-bad.csv');
    const { lines, status } = validate(file);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:row 3: date "31/02/2024" is not a date.*; expected `,
      ),
    );
    expect(lines.slice(1, 5)).toEqual([
      `${file}:row 4: latitude "abc" is not a number; expected a latitude in decimal degrees (-90 to 90)`,
      expect.stringMatching(/:row 5: date is empty; expected /),
      `${file}:row 7: longitude 190.5 is outside -180 to 180; expected a longitude in decimal degrees`,
      expect.stringMatching(/:row 8: longitude is empty; expected /),
    ]);
    expect(lines.at(-1)).toBe(`${file}: 3 incidents loaded, 5 skipped`);
    expect(status).toBe(1);
  });

  test('warnings alone do not fail: swapped coordinates load, marked "(loaded)"', () => {
    const file = fixturePath('swapped.csv');
    const { lines, status } = validate(file);
    expect(lines[0]).toMatch(/:row 2: latitude .* swapped.*\(loaded\)$/);
    expect(lines.at(-1)).toBe(`${file}: 3 incidents loaded, 0 skipped`);
    expect(status).toBe(0);
  });

  test('a GeoJSON file names the feature', () => {
    const file = fixturePath('check-geojson-bad/stringcoord.geojson');
    const { lines, status } = validate(file);
    expect(lines).toContain(
      `${file}:feature 0: geometry is not valid GeoJSON: each element in a position must be a number (at "39.36827914916011")`,
    );
    expect(lines.at(-1)).toBe(`${file}: 0 incidents loaded, 2 skipped`);
    expect(status).toBe(1);
  });

  test('a file that is not data, and one that does not exist, fail with a sentence', () => {
    const png = fixturePath('photo.png');
    const missing = fixturePath('no-such-file.csv');
    const { lines, status } = validate(png, missing);
    expect(lines).toEqual([
      `${png}: photo.png looks like an image (PNG), not a GeoJSON or CSV file.`,
      `${png}: 0 incidents loaded, 0 skipped (the file could not be read)`,
      expect.stringMatching(/no-such-file\.csv: could not be read: ENOENT/),
      expect.stringMatching(/no-such-file\.csv: 0 incidents loaded, 0 skipped \(the file could not be read\)/),
    ]);
    expect(status).toBe(1);
  });

  test('several files: one summary each; any failure fails the run', () => {
    const good = fixturePath('atlas-small.csv');
    const bad = fixturePath('missing-date.csv');
    const { lines, status } = validate(good, bad);
    expect(lines.filter((l) => /incidents loaded/.test(l))).toEqual([
      `${good}: 4 incidents loaded, 0 skipped`,
      `${bad}: 1 incidents loaded, 2 skipped`,
    ]);
    expect(status).toBe(1);
  });

  test('the full UCDP sample loads every event', () => {
    const file = fileURLToPath(new URL('../../fixtures/ucdp-ged-22.1-pakistan.csv', import.meta.url));
    const { lines, status } = validate(file);
    expect(lines).toEqual([`${file}: 5568 incidents loaded, 0 skipped`]);
    expect(status).toBe(0);
  });

  test('a point outside the country its row names is a warning, as in the app', () => {
    const file = fixturePath('ucdp-country-check.csv');
    const { lines, status } = validate(file);
    expect(lines).toEqual([
      expect.stringMatching(
        /:row 7 \(ucdp-900001\): latitude\/longitude 67\.01, 24\.86 .* look swapped; .*\(loaded\)$/,
      ),
      expect.stringMatching(/:row 8 \(ucdp-900002\): latitude\/longitude .* outside "Afghanistan".*\(loaded\)$/),
      `${file}: 7 incidents loaded, 0 skipped`,
    ]);
    expect(status).toBe(0);
  });

  test('the embedded dataset is valid, checked against the places.geojson beside it', () => {
    const { lines, status } = validate('geojson/incidents.geojson');
    expect(lines).toEqual([expect.stringMatching(/^geojson\/incidents\.geojson: \d+ incidents loaded, 0 skipped$/)]);
    expect(status).toBe(0);
  });

  test('no files: usage on stderr, exit 2', () => {
    const { lines, status, stderr } = validate();
    expect(lines).toEqual([]);
    expect(stderr).toMatch(/usage: npm run validate -- FILE/);
    expect(status).toBe(2);
  });
});
