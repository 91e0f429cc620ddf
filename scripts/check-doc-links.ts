// Checks that every relative link in README.md and docs/**/*.md reaches a file and, with a #fragment, a heading
// there, so moving text between pages cannot leave a link pointing nowhere. Usage: npx tsx scripts/check-doc-links.ts
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const line of text.replace(/```[\s\S]*?```/g, '').split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    found.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return found;
}

function withoutCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
}

const files = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))];
let broken = 0;
for (const file of files) {
  const text = withoutCode(readFileSync(file, 'utf8'));
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g), ...text.matchAll(/\b(?:src|href)="([^"]+)"/g)];
  for (const [, target] of links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [path, fragment] = target.split('#');
    const destination = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
    let problem = '';
    if (!existsSync(destination)) problem = 'no such file';
    else if (fragment && destination.endsWith('.md') && !anchors(readFileSync(destination, 'utf8')).has(fragment)) {
      problem = `no heading #${fragment}`;
    }
    if (problem) {
      broken++;
      console.log(`${relative(root, file)}: ${target}: ${problem}`);
    }
  }
}
console.log(`${files.length} files checked, ${broken} broken links`);
process.exitCode = broken > 0 ? 1 : 0;
