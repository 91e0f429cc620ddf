// A bundle packed by `npm run pack` and served with HTTP Range: the page draws the histogram and the
// counts from its manifest, fetches only the row groups of the days shown, and reads one incident's
// text from its row group alone. Expected rows come from the generator, not from the app's code.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { type SyntheticRow, syntheticRows, writeSyntheticCsv } from '../../scripts/pack/synthetic';
import { dayFromIso } from '../../src/data/bundle/days';
import type { BundleManifest } from '../../src/data/bundle/manifest';
import { appsForThisFile, exportItem, screenshot, state } from './app';

const openApp = appsForThisFile();
const ROWS = 60_000;
const SEED = 29;
const FROM = '2022-01-01';
const DAYS = 730;
const root = fileURLToPath(new URL('../../', import.meta.url));
/** Under the folder the test server serves as /generated/ (with Range) and /generated-plain/ (without). */
const DIR = `${root}test-results/generated/bundle-29`;
const generated = new URL(inject('generatedUrl')).pathname;
const MANIFEST = `${generated}bundle-29/out/manifest.json`;
const MANIFEST_PLAIN = MANIFEST.replace('/generated/', '/generated-plain/');
const input: SyntheticRow[] = [...syntheticRows(ROWS, { seed: SEED, from: FROM, days: DAYS })];
let manifest: BundleManifest;

/** The requests for generated files since last asked, as the server received them: `path` or `path bytes=A-B`. */
const received = async (): Promise<string[]> =>
  (await fetch(new URL('/received-generated', inject('generatedUrl')))).json() as Promise<string[]>;

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  await writeSyntheticCsv(`${DIR}/incidents.csv`, ROWS, { seed: SEED, from: FROM, days: DAYS });
  // The command a user runs, small row groups so that a month is a small share of them.
  const packCli = (...args: string[]) =>
    promisify(execFile)(
      `${root}node_modules/.bin/tsx`,
      [`${root}scripts/pack/cli.ts`, `${DIR}/incidents.csv`, ...args],
      {
        cwd: root,
        timeout: 170_000,
      },
    );
  await Promise.all([
    packCli(`${DIR}/out`, '--row-group-rows', '2048'),
    packCli(`${DIR}/zstd`, '--compression', 'zstd'),
  ]);
  manifest = JSON.parse(readFileSync(`${DIR}/out/manifest.json`, 'utf8')) as BundleManifest;
}, 180_000);

/** The ids the page should show in a window of days from..to: rows dated into it, none starting after it. */
function idsInWindow(from: number, to: number): string[] {
  return input
    .filter((r) => r.day <= to && r.lastDay >= from)
    .map((r) => r.id)
    .sort();
}

/** Byte ranges a read of days from..to may ask for, from the manifest: each file's footer and the row groups those days need. */
function allowedRanges(from: number, to: number) {
  return manifest.files.flatMap((file) => {
    const groups = file.rowGroups.filter((g) => g.firstDay <= to && (g.maxLastDay === null || g.maxLastDay >= from));
    if (groups.length === 0) return [];
    const path = `${generated}bundle-29/out/${file.path}`;
    return [
      { path, start: file.footerStart, end: file.bytes, footer: true },
      ...groups.map((g) => ({ path, start: g.byteStart, end: g.byteEnd, footer: false })),
    ];
  });
}

/** The Parquet requests among `entries`, each with its path and byte range (end exclusive). */
function parquetReads(entries: string[]) {
  return entries
    .filter((entry) => entry.includes('.parquet'))
    .map((entry) => {
      const match = /^(\S+) bytes=(\d+)-(\d+)$/.exec(entry);
      return match
        ? { entry, path: match[1], start: Number(match[2]), end: Number(match[3]) + 1 }
        : { entry, path: entry, start: -1, end: -1 };
    });
}

async function waitForRead(page: Page, from: number, to: number): Promise<void> {
  await expect.poll(() => page.locator('.bundle-status').getAttribute('data-state'), { timeout: 30_000 }).toBe('read');
  const status = page.locator('.bundle-status');
  expect([Number(await status.getAttribute('data-from')), Number(await status.getAttribute('data-to'))]).toEqual([
    from,
    to,
  ]);
}

async function histogramTotal(page: Page): Promise<number> {
  const { bins } = await page.evaluate(() => window.explorer.histogram());
  return bins.reduce((n, bin) => n + bin.count, 0);
}

const bundleBytes = () => manifest.files.reduce((n, f) => n + f.bytes, 0);

describe('a bundle opened by ?data=…/manifest.json', { timeout: 120_000 }, () => {
  test('a 30-day window: the histogram and counts from the manifest, its rows alone, fetched from its row groups', async () => {
    await received();
    const to = dayFromIso('2023-06-30');
    const from = to - 29;
    const { page } = await openApp(`?data=${encodeURIComponent(MANIFEST)}#date=2023-06-30&mode=window&window=30`);
    await waitForRead(page, from, to);
    // A bundle's fingerprint is its manifest's (docs/sharing.md), and links carry it.
    const fingerprint = createHash('sha256')
      .update(readFileSync(`${DIR}/out/manifest.json`))
      .digest('hex')
      .slice(0, 12);
    expect(await page.evaluate(() => window.explorer.fingerprint())).toBe(fingerprint);
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 10_000 }).toContain(`ds=${fingerprint}`);

    // The manifest's counts, which the generator's rows give independently.
    expect(manifest.rows).toBe(ROWS);
    expect(await histogramTotal(page)).toBe(ROWS);
    // Each bar counts the rows that start in its days.
    const { bins } = await page.evaluate(() => window.explorer.histogram());
    expect(bins.map((b) => b.count)).toEqual(
      bins.map((b) => input.filter((r) => r.day >= dayFromIso(b.first) && r.day <= dayFromIso(b.last)).length),
    );
    await expect.poll(() => page.locator('.filter-count').textContent()).toBe('60,000 incidents');
    await expect.poll(() => page.locator('.dataset-status').textContent()).toMatch(/60,000 incidents in the bundle/);
    const expected = idsInWindow(from, to);
    expect(expected.length).toBeGreaterThan(1000);
    expect((await page.evaluate(() => window.explorer.shownIds())).sort()).toEqual(expected);
    expect((await state(page)).shownCount).toBe(expected.length);
    await expect
      .poll(() => page.locator('.timeline-count').textContent())
      .toBe(`${expected.length.toLocaleString('en')} in the window, of 60,000 incidents`);

    // What the server sent: the manifest, then ranges of the footers and of this window's row groups only.
    const entries = (await received()).filter((entry) => entry.includes('/bundle-29/'));
    expect(entries.filter((entry) => entry.endsWith('manifest.json'))).toHaveLength(1);
    const reads = parquetReads(entries);
    const allowed = allowedRanges(from, to);
    for (const read of reads) {
      expect(
        allowed.some((a) => a.path === read.path && a.start <= read.start && read.end <= a.end),
        read.entry,
      ).toBe(true);
    }
    const bytes = reads.reduce((n, r) => n + r.end - r.start, 0);
    const bound = allowed.reduce((n, a) => n + a.end - a.start, 0);
    expect(reads.length).toBeLessThanOrEqual(allowed.length);
    expect(bytes).toBeLessThanOrEqual(bound);
    expect(bytes).toBeLessThan(bundleBytes() / 8);
    const status = page.locator('.bundle-status');
    expect(Number(await status.getAttribute('data-requests'))).toBe(reads.length);
    expect(Number(await status.getAttribute('data-bytes'))).toBe(bytes);
    console.info(
      `bundle: 30-day window, ${reads.length} requests, ${bytes} bytes of ${bundleBytes()} (${allowed.filter((a) => !a.footer).length} of ${manifest.files.reduce((n, f) => n + f.rowGroups.length, 0)} row groups needed)`,
    );
    await screenshot(page, 'bundle-window');

    // Twenty days later: only the row groups not held are fetched, and no footer again.
    await page.evaluate(() => window.explorer.setDate('2023-07-20'));
    await waitForRead(page, from + 20, to + 20);
    expect((await page.evaluate(() => window.explorer.shownIds())).sort()).toEqual(idsInWindow(from + 20, to + 20));
    const again = parquetReads((await received()).filter((entry) => entry.includes('/bundle-29/')));
    const newGroups = allowedRanges(from + 20, to + 20).filter(
      (a) => !a.footer && !allowed.some((b) => b.path === a.path && b.start === a.start),
    );
    expect(newGroups.length).toBeGreaterThan(0);
    expect(again.length).toBe(newGroups.length);
    for (const read of again) {
      expect(
        newGroups.some((a) => a.path === read.path && a.start <= read.start && read.end <= a.end),
        read.entry,
      ).toBe(true);
    }
    console.info(`bundle: 20 days later, ${again.length} requests for the ${newGroups.length} row groups not held`);
  });

  test('one incident selected: its summary and actors read from its row group alone', async () => {
    const to = dayFromIso('2022-09-30');
    const { page } = await openApp(`?data=${encodeURIComponent(MANIFEST)}#date=2022-09-30&mode=window&window=7`);
    await waitForRead(page, to - 6, to);
    await received();
    const ids = await page.evaluate(() => window.explorer.shownIds());
    const row = input.find((r) => r.id === ids[Math.floor(ids.length / 2)]) as SyntheticRow;
    await page.evaluate((id) => window.explorer.select(id), row.id);
    const details = page.getByRole('region', { name: row.title });
    await expect.poll(() => details.textContent(), { timeout: 15_000 }).toContain(row.summary);
    for (const actor of row.actors.split('; ')) expect(await details.textContent()).toContain(actor);
    // Its row group's text columns: one request (its footer was read with the window's rows).
    const reads = parquetReads((await received()).filter((entry) => entry.includes('/bundle-29/')));
    expect(reads.map((r) => r.entry)).toHaveLength(1);
    const groups = manifest.files.flatMap((file) =>
      file.rowGroups.map((g) => ({ path: `${generated}bundle-29/out/${file.path}`, ...g })),
    );
    const group = groups.find(
      (g) => g.path === reads[0].path && g.byteStart <= reads[0].start && reads[0].end <= g.byteEnd,
    );
    expect(group, reads[0].entry).toBeDefined();
    expect(group && row.day >= group.firstDay && row.day <= group.lastDay).toBe(true);

    // An export of the window reads every shown incident's text back the same way.
    const csvItem = await exportItem(page, 'CSV');
    const [download] = await Promise.all([page.waitForEvent('download'), csvItem.click()]);
    expect(await download.failure()).toBeNull();
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.split('\n').filter((line) => /^ev-\d{9},/.test(line));
    expect(lines.map((line) => line.slice(0, 12)).sort()).toEqual([...ids].sort());
    const byId = new Map(input.map((r) => [r.id, r]));
    expect(lines.every((line) => line.includes((byId.get(line.slice(0, 12)) as SyntheticRow).summary))).toBe(true);
  });

  test('the whole timeline, within the row budget: every incident, the same as the generator wrote', async () => {
    const { page } = await openApp(`?data=${encodeURIComponent(MANIFEST)}`);
    const last = Math.max(manifest.lastDay, ...manifest.files.map((f) => f.maxLastDay ?? manifest.lastDay));
    await waitForRead(page, manifest.firstDay, last);
    expect((await state(page)).revealedCount).toBe(ROWS);
    expect(await histogramTotal(page)).toBe(ROWS);
    const afghanistan = input.filter((r) => r.country === 'Afghanistan').length;
    await page.evaluate(() => window.explorer.setFilter({ countries: ['Afghanistan'] }));
    await expect
      .poll(() => page.locator('.filter-count').textContent())
      .toBe(`${afghanistan.toLocaleString('en')} of 60,000 incidents match`);
    expect((await state(page)).shownCount).toBe(afghanistan);
    // Only the fetched rows' titles can be searched, and the search box says so.
    expect(await page.getByRole('searchbox', { name: 'Search incidents' }).getAttribute('placeholder')).toBe(
      'Search the titles of the incidents fetched',
    );
  });

  test('a server that ignores Range: the histogram from the manifest, and a message that says so', async () => {
    const { page } = await openApp(`?data=${encodeURIComponent(MANIFEST_PLAIN)}#date=2023-06-30&mode=window&window=30`);
    await expect
      .poll(() => page.locator('.messages').textContent(), { timeout: 30_000 })
      .toMatch(/could not be fetched: .*ignores HTTP Range requests/);
    expect(await histogramTotal(page)).toBe(ROWS);
    expect(await page.locator('.bundle-status').getAttribute('data-state')).toBe('failed');
    expect((await state(page)).shownCount).toBe(0);
  });
});

test('a bundle packed with ZSTD: a message saying to pack it again, and the embedded dataset', {
  timeout: 60_000,
}, async () => {
  const { page } = await openApp(`?data=${encodeURIComponent(`${generated}bundle-29/zstd/manifest.json`)}`);
  await expect
    .poll(() => page.locator('.messages').textContent(), { timeout: 30_000 })
    .toMatch(/compressed with ZSTD, which this page cannot decompress: pack it again with --compression snappy/);
  await expect.poll(() => page.locator('.dataset-name').textContent()).toMatch(/Pakistan/);
  // Nothing but the manifest was fetched.
  const entries = (await received()).filter((entry) => entry.includes('/bundle-29/zstd/'));
  expect(entries).toEqual([`${generated}bundle-29/zstd/manifest.json`]);
});

test('a manifest picked from disk: a message saying a bundle opens from a link, and the dataset on screen stays', {
  timeout: 60_000,
}, async () => {
  const { page } = await openApp();
  const before = await page.locator('.dataset-status').textContent();
  await page.setInputFiles('#open-file', `${DIR}/out/manifest.json`);
  await expect
    .poll(() => page.locator('.messages').textContent(), { timeout: 30_000 })
    .toMatch(/manifest\.json.*is the manifest of an Incident Atlas bundle, which opens from a link, not from a file/s);
  await expect.poll(() => page.locator('.messages').textContent()).toMatch(/\?data=/);
  await expect.poll(() => page.locator('body[data-loading]').count()).toBe(0);
  expect(await page.locator('.dataset-status').textContent()).toBe(before);
  await expect.poll(() => page.locator('.dataset-name').textContent()).toMatch(/Pakistan/);
  await screenshot(page, 'bundle-manifest-from-disk');
});

describe('a bundle past the row budget', { timeout: 120_000 }, () => {
  const BIG = 310_000;
  const BIG_DIR = `${root}test-results/generated/bundle-310k`;
  const BIG_MANIFEST = `${generated}bundle-310k/out/manifest.json`;
  const big: SyntheticRow[] = [];
  beforeAll(async () => {
    rmSync(BIG_DIR, { recursive: true, force: true });
    mkdirSync(BIG_DIR, { recursive: true });
    const options = { seed: SEED + 1, from: FROM, days: DAYS };
    await writeSyntheticCsv(`${BIG_DIR}/incidents.csv`, BIG, options);
    for (const row of syntheticRows(BIG, options)) big.push(row);
    await promisify(execFile)(
      `${root}node_modules/.bin/tsx`,
      [`${root}scripts/pack/cli.ts`, `${BIG_DIR}/incidents.csv`, `${BIG_DIR}/out`],
      { cwd: root, timeout: 170_000 },
    );
  }, 180_000);

  test('the whole timeline is the histogram alone, with a note; zoomed in, the days on the axis are fetched', async () => {
    await received();
    const { page } = await openApp(`?data=${encodeURIComponent(BIG_MANIFEST)}`);
    expect(await histogramTotal(page)).toBe(BIG);
    const status = page.locator('.bundle-status');
    expect(await status.getAttribute('data-state')).toBe('too-many');
    expect(await status.textContent()).toMatch(
      /^Histogram only: the days shown hold 310,000 incidents, more than the 300,000 this page reads at once\. Zoom in/,
    );
    await expect.poll(() => page.locator('.incident-list-empty').textContent()).toMatch(/^Histogram only/);
    expect((await state(page)).shownCount).toBe(0);
    // Nothing but the manifest was asked for.
    const entries = (await received()).filter((entry) => entry.includes('/bundle-310k/'));
    expect(entries).toEqual([`${generated}bundle-310k/out/manifest.json`]);
    await screenshot(page, 'bundle-too-many');

    // Zoomed to two weeks: their rows, revealed up to the date on the axis's last day.
    await page.evaluate(() => {
      window.explorer.setTimeSpan(['2023-03-01', '2023-03-14']);
      window.explorer.setDate('2023-03-14');
    });
    const [from, to] = [dayFromIso('2023-03-01'), dayFromIso('2023-03-14')];
    await waitForRead(page, from, to);
    const expected = big.filter((r) => r.day <= to && r.lastDay >= from).map((r) => r.id);
    expect((await page.evaluate(() => window.explorer.shownIds())).sort()).toEqual(expected.sort());
    const reads = parquetReads((await received()).filter((entry) => entry.includes('/bundle-310k/')));
    expect(reads.every((r) => r.start >= 0)).toBe(true);

    // Out again: the rows go, the note comes back.
    await page.evaluate(() => window.explorer.setTimeSpan(null));
    await expect.poll(() => status.getAttribute('data-state')).toBe('too-many');
    expect((await state(page)).shownCount).toBe(0);

    // A file that fails to open leaves the bundle on screen, though it shows no incident.
    await page
      .locator('#open-file')
      .setInputFiles({ name: 'broken.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type":') });
    await expect.poll(() => page.locator('.messages').textContent()).toMatch(/broken\.geojson/);
    await expect.poll(() => page.locator('body[data-loading]').count()).toBe(0);
    const said = (await page.locator('.messages').textContent()) ?? '';
    expect(said).toMatch(/The dataset on screen stays\./);
    expect(said).not.toMatch(/embedded dataset/);
    expect(await histogramTotal(page)).toBe(BIG);
    expect(await status.getAttribute('data-state')).toBe('too-many');
    await screenshot(page, 'bundle-stays-after-failed-load');
  });
});
