// The page keeps short records; the worker keeps the long text and answers for
// it. Checked against the seed dataset read the ordinary way (whole incidents).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { searchMask } from '../../../src/analysis/filters';
import { readDataset } from '../../../src/data/import/validate';
import { longTextOf, splitLongText } from '../../../src/data/pack/long-text';
import { PackBuilder, packDataset } from '../../../src/data/pack/packed';
import { IncidentStore } from '../../../src/data/store/incident-store';
import type { TextReader } from '../../../src/data/store/text-reader';
import { KeptTexts } from '../../../src/data/worker/text-service';

const readJson = (relative: string): unknown => JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
const seed = readDataset(
  readJson('../../../geojson/incidents.geojson'),
  readJson('../../../geojson/places.geojson'),
).dataset;

describe('long text kept apart from the page', () => {
  const whole = new IncidentStore(packDataset(seed).incidents);
  const { page, texts } = splitLongText(packDataset(seed));
  const backend = new KeptTexts(texts);
  const reader: TextReader = {
    read: (ranks) => backend.texts(ranks),
    search: async (q) => backend.search(q),
    close: () => {},
  };
  const store = new IncidentStore(page.incidents, reader);

  test('the page copy holds no summary, source or search text', () => {
    const pageBytes = new TextDecoder().decode(page.incidents.records);
    for (let i = 0; i < whole.length; i++) {
      const incident = whole.get(i);
      if (incident.summary.length > 20) expect(pageBytes).not.toContain(JSON.stringify(incident.summary));
      const short = store.get(i);
      expect(short.title).toBe(incident.title);
      expect(short.date).toBe(incident.date);
      expect(short.place).toBe(incident.place);
      expect(short.actors).toEqual(incident.actors);
      expect(short.summary).toBe('');
      expect(short.sources).toEqual([]);
    }
    expect(page.incidents.search.length).toBe(0);
    expect(page.incidents.sourceSets).toEqual([]);
    expect(store.textElsewhere).toBe(true);
  });

  test('read() gives every incident whole again, as the page would have held it', async () => {
    const all = Array.from({ length: whole.length }, (_, i) => i).reverse();
    expect(await store.read(all)).toEqual(all.map((i) => whole.get(i)));
    expect(longTextOf(texts, 0).summary).toBe(whole.get(0).summary);
    await expect(backend.texts([whole.length])).rejects.toThrow(RangeError);
  });

  test("the worker's search agrees with the page's own", async () => {
    for (const q of ['kabul', 'KABUL talks', 'strikes paktika', 'ttp', 'zzzz', '', '   ', 'a']) {
      expect(await store.search(q)).toEqual(searchMask(whole.packed, q));
    }
  });
});

describe('a builder that leaves the long text in the file', () => {
  test('writes short records only, as codes, yet searches the summaries', () => {
    const builder = new PackBuilder(seed.places, { longText: false });
    for (const [index, incident] of seed.incidents.entries()) builder.add(incident, index);
    const packed = builder.finish({ name: 'seed', places: seed.places }).incidents;
    const whole = new IncidentStore(packDataset(seed).incidents);
    // No JSON records at all: the short records are codes into tables of names (see short-records.ts).
    expect(packed.records.length).toBe(0);
    const values = (packed.short?.values ?? []).map((table) => new TextDecoder().decode(table.bytes));
    expect(values.join('\n')).not.toContain(seed.incidents[0].summary);
    const short = new IncidentStore(packed);
    for (let i = 0; i < whole.length; i++) {
      // The long text: summary, sources, claims and what the date and place follow.
      const { claims, dateSource, placeSource, ...kept } = whole.get(i);
      expect(short.get(i)).toStrictEqual({ ...kept, summary: '', sources: [] });
    }
    // A word found in a summary and not in any title still finds its incidents.
    const word = 'prerogative';
    expect(seed.incidents.some((i) => i.summary.toLowerCase().includes(word))).toBe(true);
    expect(searchMask(packed, word)).toEqual(searchMask(whole.packed, word));
    expect(searchMask(packed, word)?.includes(1)).toBe(true);
  });
});
