import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { generateIncidents, toCsv } from '../../bench/generate';
import { serveStatic } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    fixturesUrl: string;
    generatedUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Size of the generated dataset the scale tests open (the same seeded rows as `npm run bench`). */
export const SCALE_COUNT = 100_000;

/**
 * Builds the app as `npm run build` does and serves it from a sub-path
 * (/atlas/), as a static host would, with the test fixtures beside it and a
 * generated 100,000-incident CSV.
 */
export default async function setup(project: TestProject) {
  const outDir = `${root}test-results/dist`;
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const generated = `${root}test-results/generated`;
  mkdirSync(generated, { recursive: true });
  writeFileSync(`${generated}/${SCALE_COUNT}.csv`, toCsv(generateIncidents(SCALE_COUNT)));
  const { server, origin } = await serveStatic({
    '/atlas/': outDir,
    '/fixtures/': `${root}tests/fixtures`,
    '/generated/': generated,
  });
  project.provide('appUrl', `${origin}/atlas/`);
  project.provide('fixturesUrl', `${origin}/fixtures/`);
  project.provide('generatedUrl', `${origin}/generated/`);
  return async () => {
    await new Promise((resolve) => server.close(resolve));
  };
}
