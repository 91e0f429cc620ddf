// Builds the app as it was at a git commit (in a temporary worktree), or as the working tree is.
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds the app at `ref` (a git commit), or as the working tree is when `ref` is undefined, into `outDir`. */
export async function buildAt(ref: string | undefined, outDir: string, tree: string): Promise<void> {
  let dir = root;
  if (ref) {
    rmSync(tree, { recursive: true, force: true });
    execFileSync('git', ['worktree', 'add', '--force', '--detach', tree, ref], { cwd: root, stdio: 'ignore' });
    symlinkSync(`${root}node_modules`, `${tree}/node_modules`);
    dir = tree;
  }
  try {
    await build({ root: dir, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    if (ref) execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: root, stdio: 'ignore' });
  }
}
