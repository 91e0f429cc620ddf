// What reading a large GeoJSON file holds in memory. Streamed, the heap grows
// with the ids kept (every id is checked against all before it), not with the
// file: a feature's text is let go once it is read. Read whole, the text and
// JSON.parse's tree of it are held at once. Measured on 200,000 features, and
// printed; the assertions are about memory, never time.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { readGeoJSONText } from '../../../src/data/import/geojson';
import { GeoJSONStream } from '../../../src/data/import/geojson-stream';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** The heap in use once garbage is collected. */
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const MB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const COUNT = 200_000;
const HEAD = '{"type":"FeatureCollection","name":"Synthetic","features":[\n';
const TAIL = '\n]}\n';
/** Feature `i`: an incident in our schema, about 500 bytes, text in another script included. */
const feature = (i: number) =>
  (i > 0 ? ',\n' : '') +
  JSON.stringify({
    type: 'Feature',
    id: `inc-${i}`,
    geometry: { type: 'Point', coordinates: [60 + (i % 1000) / 100, 25 + (i % 700) / 50] },
    properties: {
      title: `Incident ${i} near Peshāwar`,
      summary: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(4),
      date: `20${10 + (i % 14)}-0${1 + (i % 9)}-1${i % 10}`,
      category: ['attack', 'statement', 'airstrike'][i % 3],
      location_precision: 'exact',
      actors: [`Actor ${i % 50}`],
      sources: [{ title: 'Wire report', publisher: 'Wire' }],
    },
  });

test('200,000 features: streamed, the heap grows with the ids kept, not the text; read whole, it holds it all', () => {
  // Streamed: the file is made a piece at a time (never whole), as a download arrives.
  const utf8 = new TextEncoder();
  const before = heap();
  let loaded = 0;
  let bytes = 0;
  const stream = new GeoJSONStream({ name: 'big.geojson', onIncident: () => loaded++, onRestart: () => {} });
  const push = (text: string) => {
    const chunk = utf8.encode(text);
    bytes += chunk.length;
    stream.push(chunk);
  };
  push(HEAD);
  const grown: number[] = [];
  for (let i = 0; i < COUNT; i += 100) {
    let text = '';
    for (let j = i; j < i + 100; j++) text += feature(j);
    push(text);
    if ((i + 100) % 50_000 === 0) grown.push(heap() - before);
  }
  push(TAIL);
  const { problems } = stream.end();
  expect([loaded, problems.length]).toEqual([COUNT, 0]);

  // Read whole, as the dataset worker did: the text, then JSON.parse's tree of it beside it (a floor
  // for readGeoJSONText's peak, which holds both and the incidents), then the report it returns.
  const wholeBefore = heap();
  let text = HEAD;
  for (let i = 0; i < COUNT; i++) text += feature(i);
  text += TAIL;
  const tree = JSON.parse(text);
  const textAndTree = heap() - wholeBefore;
  expect(tree.features.length).toBe(COUNT);
  const report = readGeoJSONText(text, { name: 'big.geojson' });
  const withReport = heap() - wholeBefore;
  expect(report.dataset.incidents.length).toBe(COUNT);

  const perFeature = (grown[3] - grown[0]) / 150_000;
  console.log(
    `GeoJSON of ${COUNT.toLocaleString('en-GB')} features, ${MB(bytes)}. Streamed, heap grown after ` +
      `${grown.map((g, k) => `${(k + 1) * 50}k: ${MB(g)}`).join(', ')} (${perFeature.toFixed(0)} bytes a feature: its id). ` +
      `Read whole: text and JSON.parse tree ${MB(textAndTree)}, with readGeoJSONText's report too ${MB(withReport)}.`,
  );
  // The growth from 50,000 to 200,000 features is the ids' (a few dozen bytes each), not the features' (500 bytes each).
  expect(perFeature).toBeLessThan(100);
  expect(grown[3]).toBeLessThan(textAndTree / 10);
}, 600_000);
