import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { serveStatic } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    fixturesUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the app as `npm run build` does and serves it from a sub-path
 * (/atlas/), as a static host would, with the test fixtures beside it.
 */
export default async function setup(project: TestProject) {
  const outDir = `${root}test-results/dist`;
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const { server, origin } = await serveStatic({
    '/atlas/': outDir,
    '/fixtures/': `${root}tests/fixtures`,
  });
  project.provide('appUrl', `${origin}/atlas/`);
  project.provide('fixturesUrl', `${origin}/fixtures/`);
  return async () => {
    await new Promise((resolve) => server.close(resolve));
  };
}
