// The summary line is what CI logs are read by: every way a run can fail must
// show in its failed count. Each case runs Vitest on small test files in a
// folder of its own, with only this reporter and no config file (so the
// project's own projects are not run again), and reads the line it printed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { startVitest } from 'vitest/node';
import SummaryReporter from '../summary-reporter';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Collects what is written to it, and stays open: Vitest pipes each worker's output in, and a pipe ends it. */
class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += String(chunk);
    done();
  }
  override end(): this {
    return this;
  }
}

/** Runs Vitest on `files` (name → source) with the summary reporter and returns the last summary line printed. */
async function summaryOf(files: Record<string, string>, globalSetup?: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'summary-reporter-'));
  folders.push(root);
  for (const [name, source] of Object.entries(files)) writeFileSync(join(root, name), source);
  const stdout = new Collect();
  const stderr = new Collect();
  // A failing inner run sets the exit code; it is this test's to judge, not the outer run's.
  const exitCode = process.exitCode;
  try {
    const vitest = await startVitest(
      'test',
      [],
      {
        root,
        config: false,
        watch: false,
        reporters: [new SummaryReporter()],
        ...(globalSetup ? { globalSetup: [join(root, globalSetup)] } : {}),
      },
      {},
      { stdout, stderr },
    );
    await vitest.close();
  } finally {
    process.exitCode = exitCode;
  }
  const lines = stdout.text.match(/^\d+ passed, \d+ failed, \d+ skipped$/gm) ?? [];
  expect(lines, `printed:\n${stdout.text}\n${stderr.text}`).toHaveLength(1);
  return lines[0] ?? '';
}

const passing = `import { expect, test } from 'vitest';
test('passes', () => expect(1).toBe(1));
test.skip('is skipped', () => {});
`;

describe('the summary line', { timeout: 30_000 }, () => {
  test('a clean run: its tests passed and skipped, none failed', async () => {
    expect(await summaryOf({ 'a.test.ts': passing })).toBe('1 passed, 0 failed, 1 skipped');
  });

  test('an afterAll that throws in a module whose tests pass counts as a failure', async () => {
    const afterAllThrows = `import { afterAll, expect, test } from 'vitest';
afterAll(() => { throw new Error('afterAll broke'); });
test('passes', () => expect(1).toBe(1));
`;
    expect(await summaryOf({ 'a.test.ts': afterAllThrows, 'b.test.ts': passing })).toBe(
      '2 passed, 1 failed, 1 skipped',
    );
  });

  test("an afterAll that throws in a describe block counts too, as does an afterEach (as its test's failure)", async () => {
    const suiteAfterAll = `import { afterAll, describe, expect, test } from 'vitest';
describe('inner', () => {
  afterAll(() => { throw new Error('suite afterAll broke'); });
  test('passes', () => expect(1).toBe(1));
});
`;
    const afterEachThrows = `import { afterEach, expect, test } from 'vitest';
afterEach(() => { throw new Error('afterEach broke'); });
test('passes by itself', () => expect(1).toBe(1));
`;
    expect(await summaryOf({ 'a.test.ts': suiteAfterAll, 'b.test.ts': afterEachThrows })).toBe(
      '1 passed, 2 failed, 0 skipped',
    );
  });

  test('a beforeAll that throws counts as a failure; the tests it kept from running are skipped', async () => {
    const beforeAllThrows = `import { beforeAll, expect, test } from 'vitest';
beforeAll(() => { throw new Error('beforeAll broke'); });
test('would pass', () => expect(1).toBe(1));
`;
    expect(await summaryOf({ 'a.test.ts': beforeAllThrows })).toBe('0 passed, 1 failed, 1 skipped');
  });

  test('a module that fails to import, or throws while its tests are collected, counts as a failure', async () => {
    const importFails = `import { test } from 'vitest';
import './no-such-module';
test('never runs', () => {});
`;
    const collectionThrows = `import { describe, test } from 'vitest';
describe('throws while collected', () => {
  test('never runs', () => {});
  throw new Error('collection broke');
});
`;
    expect(await summaryOf({ 'a.test.ts': importFails, 'b.test.ts': collectionThrows, 'c.test.ts': passing })).toBe(
      '1 passed, 2 failed, 1 skipped',
    );
  });

  test('an error thrown outside any test after its test passed counts as a failure', async () => {
    const unhandled = `import { expect, test } from 'vitest';
test('passes, leaving a timer behind', async () => {
  setTimeout(() => { throw new Error('thrown by a timer'); }, 0);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(1).toBe(1);
});
`;
    expect(await summaryOf({ 'a.test.ts': unhandled })).toBe('1 passed, 1 failed, 0 skipped');
  });

  test('a globalSetup that throws, before any module runs, counts as a failure', async () => {
    const setup = `export default function setup() { throw new Error('globalSetup broke'); }\n`;
    expect(await summaryOf({ 'a.test.ts': passing, 'setup.ts': setup }, 'setup.ts')).toBe(
      '0 passed, 1 failed, 0 skipped',
    );
  });
});
