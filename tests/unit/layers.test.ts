// The data layer stands alone: it runs in Node, in workers and in the CLI, so
// nothing in src/data may reach into the page, the map, the timeline or the
// analysis code. Checked by reading every import, so a new one fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

function sourcesUnder(folder: string): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.posix.join(folder, file.split(path.sep).join('/')));
}

/** Every relative import of `file`, as a path from the repository's root. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(SPECIFIER)]
    .map((match) => match[1])
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec.replace(/\?.*$/, ''))));
}

describe('layers', () => {
  it('src/data imports only src/data (and files that are not code)', () => {
    const files = sourcesUnder('src/data');
    expect(files.length).toBeGreaterThan(20);
    const outside = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('src/data/') && !/\.(geojson|json)$/.test(target))
        .map((target) => `${file} imports ${target}`),
    );
    expect(outside).toEqual([]);
  });
});
