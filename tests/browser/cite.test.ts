// Cite this view and the dataset fingerprint: links carry `ds=`, the SHA-256
// (first 12 hex digits) of the dataset's bytes, computed here with Node's own
// SHA-256 from the file the app serves; a link made with other data warns;
// the Cite dialog gives the permalink and the citations of the view on screen.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { KEPT_IN_LATIN } from '../kept-in-latin';
import { appsForThisFile, fixturesUrl, revealedIds, screenshot, state } from './app';
import { byId } from './dataset';

const openApp = appsForThisFile();
const paktika = byId('2024-12-24-paktika-airstrikes');
const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const fingerprintOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);

/** The embedded dataset as the built app serves it (its name carries a content hash). */
function servedSeed(): Buffer {
  const assets = path('../../test-results/dist/assets/');
  const name = readdirSync(assets).find((file) => /^incidents-.*\.geojson$/.test(file));
  if (!name) throw new Error('the built app has no incidents geojson');
  return readFileSync(`${assets}${name}`);
}
const SEED_FINGERPRINT = fingerprintOf(readFileSync(path('../../geojson/incidents.geojson')));

/** The hash's keys as the page's address holds them now. */
const hashOf = (page: Page) =>
  page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.slice(1))) as Record<string, string>);
const messagesOf = (page: Page) => page.locator('.messages').innerText();

describe('the dataset fingerprint', () => {
  test('the built app serves the embedded dataset byte for byte, so the fingerprint is of the source file', () => {
    expect(fingerprintOf(servedSeed())).toBe(SEED_FINGERPRINT);
  });

  test('after a load the address carries ds=, with no history entry of its own', async () => {
    const { page } = await openApp('', {
      prepare: async (page) => {
        await page.addInitScript(() => {
          (window as { startingHistory?: number }).startingHistory = history.length;
        });
      },
    });
    await expect.poll(async () => (await hashOf(page)).ds, { timeout: 10_000 }).toBe(SEED_FINGERPRINT);
    expect(await page.evaluate(() => window.explorer.fingerprint())).toBe(SEED_FINGERPRINT);
    expect(
      await page.evaluate(() => history.length - ((window as { startingHistory?: number }).startingHistory ?? 0)),
    ).toBe(0);
    // A step writes a link that keeps it.
    await page.evaluate(() => window.explorer.prev());
    expect((await hashOf(page)).ds).toBe(SEED_FINGERPRINT);
    expect(await messagesOf(page)).toBe('');
  });

  test('a ?data= link and a file opened from disk are fingerprinted by their bytes', async () => {
    const name = 'ucdp-ged-22.1-pakistan.csv';
    const bytes = readFileSync(path(`../fixtures/${name}`));
    const { page } = await openApp(`?data=${encodeURIComponent(`${fixturesUrl}${name}`)}`);
    expect(await page.evaluate(() => window.explorer.fingerprint())).toBe(fingerprintOf(bytes));
    expect((await hashOf(page)).ds).toBe(fingerprintOf(bytes));

    const other = path('../fixtures/mixed.csv');
    await page.locator('#open-file').setInputFiles(other);
    await expect.poll(() => revealedIds(page), { timeout: 60_000 }).toEqual(['good-1', 'good-2', 'good-3']);
    const mixed = fingerprintOf(readFileSync(other));
    await expect.poll(() => page.evaluate(() => window.explorer.fingerprint()), { timeout: 10_000 }).toBe(mixed);
    await expect.poll(async () => (await hashOf(page)).ds, { timeout: 10_000 }).toBe(mixed);
  });

  test('a link with a wrong ds= warns that the data changed, naming both; the view still opens', async () => {
    const { page } = await openApp(`#incident=${paktika.id}&ds=0123456789ab`);
    expect((await state(page)).incident).toBe(paktika.id);
    const text = await messagesOf(page);
    expect(text).toContain('The data has changed since this link was made');
    expect(text).toContain('0123456789ab');
    expect(text).toContain(SEED_FINGERPRINT);
    // The address now says which data it shows.
    expect((await hashOf(page)).ds).toBe(SEED_FINGERPRINT);
    await screenshot(page, 'cite-data-changed');

    // An address edited to another fingerprint warns again.
    await page.evaluate(() => {
      location.hash = `${location.hash.replace(/&ds=[^&]*/, '')}&ds=ffffffffffff`;
    });
    await expect.poll(() => messagesOf(page)).toContain('ffffffffffff');
  });

  test('a link with the right ds= warns of nothing; a malformed one gets the usual polite message', async () => {
    const right = await openApp(`#incident=${paktika.id}&ds=${SEED_FINGERPRINT}`);
    expect((await state(right.page)).incident).toBe(paktika.id);
    expect(await messagesOf(right.page)).toBe('');

    const { page } = await openApp(`#incident=${paktika.id}&ds=NOT-HEX`);
    expect((await state(page)).incident).toBe(paktika.id);
    const text = await messagesOf(page);
    expect(text).toContain('The dataset fingerprint "NOT-HEX" is not 12 hex digits');
    expect(text).not.toContain('has changed');
  });
});

describe('Cite this view', () => {
  test('the Share menu opens a dialog with the permalink, the day of access and three citations', async () => {
    const { page } = await openApp(`#incident=${paktika.id}`, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.locator('.share-button').click();
    await page.locator('[data-share="cite"]').click();
    const dialog = page.getByRole('dialog', { name: 'Cite this view' });
    await expect.poll(() => dialog.isVisible()).toBe(true);

    const permalink = await dialog.locator('input[data-cite="link"]').inputValue();
    expect(permalink).toBe(await page.evaluate(() => location.href));
    const hash = new URLSearchParams(new URL(permalink).hash.slice(1));
    expect(hash.get('incident')).toBe(paktika.id);
    expect(hash.get('ds')).toBe(SEED_FINGERPRINT);

    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    const bibtex = await dialog.locator('textarea[data-cite="bibtex"]').inputValue();
    expect(bibtex).toContain(`url = {${permalink}}`);
    expect(bibtex).toContain(`urldate = {${today}}`);
    expect(bibtex).toContain(`note = {Dataset fingerprint ${SEED_FINGERPRINT}`);
    expect(bibtex).toContain(`title = {{Pakistan–Afghanistan, Sept–Dec 2024: ${paktika.properties.title}}}`);
    const apa = await dialog.locator('textarea[data-cite="apa"]').inputValue();
    expect(apa).toBe(
      `Incident Atlas. (n.d.). Pakistan–Afghanistan, Sept–Dec 2024: ${paktika.properties.title} [Data set]. Retrieved ${today}, from ${permalink}`,
    );
    const chicago = await dialog.locator('textarea[data-cite="chicago"]').inputValue();
    expect(chicago).toContain(`Accessed ${today}. ${permalink}.`);
    // The seed's own credit line, beside the citations.
    expect(await dialog.innerText()).toContain('Credit: Incidents from Bilawal Kamran');

    // Each Copy button copies its own box.
    await dialog.locator('button[data-cite="bibtex"]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(bibtex);
    await dialog.locator('button[data-cite="link"]').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(permalink);
    await screenshot(page, 'cite-dialog');

    // Escape closes it and gives focus back to the Share button.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog.cite-dialog').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('share-button'))).toBe(true);
  });

  test('with no incident selected the view is cited by its date', async () => {
    const { page } = await openApp('#date=2024-12-20');
    await page.locator('.share-button').click();
    await page.locator('[data-share="cite"]').click();
    const bibtex = await page.locator('dialog.cite-dialog textarea[data-cite="bibtex"]').inputValue();
    expect(bibtex).toContain('title = {{Pakistan–Afghanistan, Sept–Dec 2024: as of 2024-12-20}}');
  });

  test("a dataset's name and titles are text in the dialog, never markup", async () => {
    const { page } = await openApp(`?data=${encodeURIComponent(`${fixturesUrl}hostile.geojson`)}#incident=hostile-1`);
    await page.locator('.share-button').click();
    await page.locator('[data-share="cite"]').click();
    const dialog = page.locator('dialog.cite-dialog');
    const apa = await dialog.locator('textarea[data-cite="apa"]').inputValue();
    expect(apa).toContain(`<img src=x onerror="window.__pwned='name'">: <img src=x`);
    expect(await dialog.locator('img, script, iframe, svg, b, a').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
  });

  test('in Urdu, the dialog speaks Urdu: only data, names of formats and the product stay in Latin script', async () => {
    const { page } = await openApp(`?lang=ur#incident=${paktika.id}`);
    await page.locator('.share-button').click();
    await page.locator('[data-share="cite"]').click();
    const latin = await page.evaluate(
      (kept) => {
        const dialog = document.querySelector('dialog.cite-dialog') as HTMLElement;
        const words: string[] = [];
        const walker = document.createTreeWalker(dialog, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement?.closest('[lang]')?.getAttribute('lang') !== 'ur') continue;
          // The fingerprint is hex digits, not words.
          const text = (node.textContent ?? '').replace(/\b[0-9a-f]{12}\b/g, '');
          words.push(...(text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !kept.includes(w)));
        }
        return words;
      },
      [...KEPT_IN_LATIN],
    );
    expect(latin).toEqual([]);
    const apa = await page.locator('dialog.cite-dialog textarea[data-cite="apa"]').inputValue();
    expect(apa).toContain('(بلا تاریخ)');
    await screenshot(page, 'cite-dialog-ur');
  });
});
