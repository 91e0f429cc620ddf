// Which part of src/ may use which: every import, export-from and import() of
// src/**/*.ts is read (comments, strings and regular expressions skipped) and
// held against the rules below, so a new import across a line fails here with
// the file, the line, the import and the rule it breaks.
//
// The wiring is what puts the parts together: the files directly in src/
// (main.ts) and anything under src/app/. Every other folder of src/ is a part, named by its first folder.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Folders that hold no page code: they run in Node, in workers and in tests, with no map and no DOM. */
const PURE = ['src/data/', 'src/timeline/', 'src/analysis/', 'src/url/', 'src/state/', 'src/i18n/', 'src/cite/'];
/** Within the pure folders, the workers and the page's side of them: they may use `self`, `postMessage`, `navigator`. */
const WORKERS = 'src/data/worker/';

/**
 * DOM globals a pure folder may not use: names of the page's objects and types.
 * A name counts as code only: not in a comment or a string, not after a dot
 * (`state.window`), not as a key (`{ window: 7 }`, `location?: string`), not
 * a private field (`this.#window`), and not where the file declares the name
 * itself (`const location = …`: then the file's uses of it are all taken as
 * its own).
 */
const DOM_NAMES = new Set([
  'document',
  'window',
  'location',
  'history',
  'navigator',
  'localStorage',
  'sessionStorage',
  'customElements',
  'Element',
  'DocumentFragment',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'getComputedStyle',
  'matchMedia',
  'DOMParser',
  'MutationObserver',
  'ResizeObserver',
  'IntersectionObserver',
]);
/** HTMLElement, HTMLInputElement, SVGElement...: DOM element types, by their form. */
const DOM_ELEMENT = /^(?:HTML|SVG)\w*Element$/;
/** What a worker has not either: src/data/worker/ may not use these (it may use `self`, `navigator`, `location`). */
const PAGE_ONLY_NAMES = new Set([
  'document',
  'window',
  'localStorage',
  'sessionStorage',
  'customElements',
  'getComputedStyle',
  'matchMedia',
]);

const NODE_BUILTINS = new Set(builtinModules);

interface SourceFile {
  /** From the repository's root, with forward slashes: src/data/types.ts. */
  path: string;
  text: string;
}

interface ImportUse {
  /** As written, with any query: '../types', 'maplibre-gl', './x.geojson?raw'. */
  specifier: string;
  line: number;
}

interface Violation {
  file: string;
  line: number;
  /** The import, or the DOM name used. */
  what: string;
  rule: string;
}

/** The rules, by name: what each forbids. */
const RULES = {
  'data-only-data':
    'src/data imports only src/data and npm packages (and files of public/ as ?raw or ?url assets: data, not code)',
  'data-no-node': 'src/data imports no Node module (node:fs, path...): it runs in workers and the page',
  'maplibre-only-map': 'maplibre-gl is imported only in src/map and the wiring (src/*.ts, src/app)',
  'ui-not-map': 'src/ui does not import src/map (share through a pure module, e.g. src/data/text/quote.ts)',
  'map-not-ui': 'src/map does not import src/ui (share through a pure module, e.g. src/data/text/quote.ts)',
  'only-wiring-imports-wiring': 'only the wiring (src/*.ts, src/app) imports the wiring: the parts do not',
  'pure-imports-pure':
    'src/timeline, src/analysis, src/url, src/state and src/cite import only those and src/data: never src/ui, src/map or src/net',
  'pure-no-dom':
    'src/data (but its worker/), src/timeline, src/analysis, src/url, src/state and src/cite use no DOM global (document, window, location, HTMLElement...)',
  'worker-no-page': 'src/data/worker uses nothing only a page has (document, window, localStorage...)',
} as const;
type Rule = keyof typeof RULES;

/** Whether `file` (a path from the root) is part of the wiring. */
function isWiring(file: string): boolean {
  return (file.startsWith('src/') && !file.slice(4).includes('/')) || file.startsWith('src/app/');
}

const isPure = (file: string) => PURE.some((folder) => file.startsWith(folder));

interface Scanned {
  /** The text with comments, strings, templates and regular expressions blanked (line breaks kept). */
  code: string;
  imports: ImportUse[];
}

const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
  'instanceof',
]);

/**
 * Reads `text` as TypeScript just far enough to tell code from comments,
 * strings, templates and regular expressions, and to find each module named
 * by `from '…'`, `import '…'` or `import('…')`.
 */
function scan(text: string): Scanned {
  const code = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (code[k] !== '\n') code[k] = ' ';
  };
  const strings: { start: number; value: string }[] = [];
  /** Open `${` of templates: the brace depth each was opened at. */
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  /** Reads a template's text from `i` (just past ` or }) to its end or its next `${`. */
  const templateText = () => {
    const start = i;
    while (i < text.length) {
      if (text[i] === '\\') i += 2;
      else if (text[i] === '`') {
        blank(start, i);
        i++;
        return;
      } else if (text[i] === '$' && text[i + 1] === '{') {
        blank(start, i);
        i += 2;
        templates.push(depth++);
        return;
      } else i++;
    }
    blank(start, i);
  };
  /** The last character of code before `at`, and the word ending there. */
  const before = (at: number) => {
    let k = at - 1;
    while (k >= 0 && /\s/.test(code[k])) k--;
    let w = k;
    while (w >= 0 && /[\w$]/.test(code[w])) w--;
    return { char: k >= 0 ? code[k] : '', word: code.slice(w + 1, k + 1).join('') };
  };
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (ch === "'" || ch === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      strings.push({ start, value: text.slice(start + 1, i) });
      i++;
      blank(start + 1, i - 1);
    } else if (ch === '`') {
      i++;
      templateText();
    } else if (ch === '/') {
      const { char, word } = before(i);
      const division = /[\w$)\]}]/.test(char) && !KEYWORDS_BEFORE_EXPRESSION.has(word);
      if (division) i++;
      else {
        const start = i;
        i++;
        let inClass = false;
        while (i < text.length && text[i] !== '\n') {
          if (text[i] === '\\') i++;
          else if (text[i] === '[') inClass = true;
          else if (text[i] === ']') inClass = false;
          else if (text[i] === '/' && !inClass) break;
          i++;
        }
        i++;
        blank(start + 1, i - 1);
      }
    } else if (ch === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      depth--;
      i++;
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        blank(i - 1, i);
        templateText();
      }
    } else i++;
  }
  const blanked = code.join('');
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const imports: ImportUse[] = [];
  for (const { start, value } of strings) {
    const lead = blanked.slice(Math.max(0, start - 200), start);
    // `from '…'` (import, export), `import '…'`, `import('…')` (also in types: typeof import('…')).
    if (/(?:^|[^.\w$])(?:from|import)\s*$/.test(lead) || /(?:^|[^.\w$])import\s*\(\s*$/.test(lead)) {
      imports.push({ specifier: value, line: lineAt(start) });
    }
  }
  return { code: blanked, imports };
}

/** Where an import leads: a file from the root (relative imports), or a package or Node module. */
function target(file: string, specifier: string): { file: string } | { module: string } {
  const bare = specifier.replace(/\?.*$/, '');
  if (bare.startsWith('.')) return { file: path.posix.normalize(path.posix.join(path.posix.dirname(file), bare)) };
  return { module: bare };
}

const isNodeModule = (name: string) => name.startsWith('node:') || NODE_BUILTINS.has(name.split('/')[0]);
const isMaplibre = (name: string) => name === 'maplibre-gl' || name.startsWith('maplibre-gl/');

/** The rules `file` breaks by importing `specifier`. */
function importRulesBroken(file: string, specifier: string): Rule[] {
  const to = target(file, specifier);
  const broken: Rule[] = [];
  if ('module' in to) {
    if (file.startsWith('src/data/') && isNodeModule(to.module)) broken.push('data-no-node');
    if (isMaplibre(to.module) && !file.startsWith('src/map/') && !isWiring(file)) broken.push('maplibre-only-map');
    return broken;
  }
  const asset = /\?(?:raw|url)$/.test(specifier) && to.file.startsWith('public/');
  if (file.startsWith('src/data/') && !to.file.startsWith('src/data/') && !asset) broken.push('data-only-data');
  if (file.startsWith('src/ui/') && to.file.startsWith('src/map/')) broken.push('ui-not-map');
  if (file.startsWith('src/map/') && to.file.startsWith('src/ui/')) broken.push('map-not-ui');
  if (!isWiring(file) && isWiring(to.file)) broken.push('only-wiring-imports-wiring');
  if (
    isPure(file) &&
    !file.startsWith('src/data/') &&
    to.file.startsWith('src/') &&
    !isPure(to.file) &&
    !isWiring(to.file)
  ) {
    broken.push('pure-imports-pure');
  }
  return broken;
}

/** DOM names `code` (as scan blanks it) uses as code: each with its offset. */
function domNamesUsed(code: string, names: (name: string) => boolean): { name: string; offset: number }[] {
  // A name the file declares is its own, not the global: const window = params.get('window').
  const declared = new Set(
    [...code.matchAll(/\b(?:const|let|var|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]),
  );
  const used: { name: string; offset: number }[] = [];
  for (const match of code.matchAll(/#?[A-Za-z_$][\w$]*/g)) {
    const name = match[0];
    if (!names(name) || declared.has(name)) continue; // (#window, a private field, is not a name)
    const offset = match.index;
    const previous = code.slice(0, offset).trimEnd();
    if (previous.endsWith('.') && !previous.endsWith('...')) continue; // a property: state.window
    if (/^\s*\??:(?!:)/.test(code.slice(offset + name.length))) continue; // a key: { window: 7 }, location?: string
    used.push({ name, offset });
  }
  return used;
}

const isDomName = (name: string) => DOM_NAMES.has(name) || DOM_ELEMENT.test(name);
const isPageOnlyName = (name: string) => PAGE_ONLY_NAMES.has(name) || DOM_ELEMENT.test(name);

/** Every rule the files break. */
function checkLayers(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const { path: file, text } of files) {
    const { code, imports } = scan(text);
    for (const { specifier, line } of imports) {
      for (const rule of importRulesBroken(file, specifier)) violations.push({ file, line, what: specifier, rule });
    }
    const dom = file.startsWith(WORKERS) ? isPageOnlyName : isPure(file) ? isDomName : null;
    if (dom) {
      const rule: Rule = file.startsWith(WORKERS) ? 'worker-no-page' : 'pure-no-dom';
      for (const { name, offset } of domNamesUsed(code, dom)) {
        violations.push({ file, line: code.slice(0, offset).split('\n').length, what: name, rule });
      }
    }
  }
  return violations;
}

const describeViolation = (v: Violation) => `${v.file}:${v.line}: ${v.what} breaks ${v.rule}: ${RULES[v.rule as Rule]}`;

function sourceFiles(): SourceFile[] {
  return readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.posix.join('src', file.split(path.sep).join('/')))
    .map((file) => ({ path: file, text: readFileSync(path.join(root, file), 'utf8') }));
}

describe('layer rules', () => {
  it('src/ breaks none of them', () => {
    const files = sourceFiles();
    expect(files.filter((file) => file.path.startsWith('src/data/')).length).toBeGreaterThan(20);
    // Each file is read: the imports found are those a plain reading finds.
    const found = files.reduce((sum, file) => sum + scan(file.text).imports.length, 0);
    expect(found).toBeGreaterThan(500);
    expect(checkLayers(files).map(describeViolation)).toEqual([]);
  });

  describe('the checker (so that it can fail)', () => {
    const rulesBroken = (files: SourceFile[]) =>
      checkLayers(files).map((v) => `${v.file}:${v.line} ${v.what} ${v.rule}`);

    it('reports an import across each line, with the file, line and rule', () => {
      const files: SourceFile[] = [
        { path: 'src/data/pack/x.ts', text: "import { a } from '../types';\nimport { b } from '../../ui/dom';\n" },
        { path: 'src/data/export/y.ts', text: "import { readFile } from 'node:fs/promises';\nimport os from 'os';\n" },
        { path: 'src/analysis/z.ts', text: "import type { Map } from 'maplibre-gl';\n" },
        { path: 'src/net/guard.ts', text: "export type { RequestParameters } from 'maplibre-gl';\n" },
        { path: 'src/ui/legend.ts', text: "const layers = await import('../map/incident-layers');\n" },
        { path: 'src/map/legend.ts', text: "import {\n  formatCount,\n} from '../ui/dom';\n" },
        { path: 'src/ui/opener.ts', text: "import type { OpenedBundle } from '../bundle-view';\n" },
        { path: 'src/state/s.ts', text: "import { boot } from '../app/boot';\n" },
        {
          path: 'src/state/t.ts',
          text: "import { el } from '../ui/dom';\nimport { cut } from '../data/text/quote';\n",
        },
      ];
      expect(rulesBroken(files)).toEqual([
        'src/data/pack/x.ts:2 ../../ui/dom data-only-data',
        'src/data/export/y.ts:1 node:fs/promises data-no-node',
        'src/data/export/y.ts:2 os data-no-node',
        'src/analysis/z.ts:1 maplibre-gl maplibre-only-map',
        'src/net/guard.ts:1 maplibre-gl maplibre-only-map',
        'src/ui/legend.ts:1 ../map/incident-layers ui-not-map',
        'src/map/legend.ts:3 ../ui/dom map-not-ui',
        'src/ui/opener.ts:1 ../bundle-view only-wiring-imports-wiring',
        'src/state/s.ts:1 ../app/boot only-wiring-imports-wiring',
        'src/state/t.ts:1 ../ui/dom pure-imports-pure',
      ]);
    });

    it('lets the wiring, map/ and public/ assets be', () => {
      const files: SourceFile[] = [
        { path: 'src/main.ts', text: "import maplibregl from 'maplibre-gl';\nimport { x } from './explorer';\n" },
        { path: 'src/app/shell.ts', text: "import type { Map } from 'maplibre-gl';\nimport { y } from '../main';\n" },
        {
          path: 'src/map/layers.ts',
          text: "import { Map } from 'maplibre-gl';\nimport { cut } from '../data/text/quote';\n",
        },
        { path: 'src/data/places.ts', text: "import geojson from '../../public/basemap/countries.geojson?raw';\n" },
        { path: 'src/ui/list.ts', text: "import { cut } from '../data/text/quote';\nconst el = document.body;\n" },
      ];
      expect(rulesBroken(files)).toEqual([]);
      // Not ?raw or ?url, or not from public/: code outside src/data.
      expect(
        rulesBroken([{ path: 'src/data/places.ts', text: "import g from '../../geojson/places.geojson?raw';\n" }]),
      ).toEqual(['src/data/places.ts:1 ../../geojson/places.geojson?raw data-only-data']);
    });

    it('reports DOM globals in pure folders, not in comments, strings, keys or properties', () => {
      const text = [
        '// document.title in a comment, window too',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: source text holding a template
        "const mode = 'window'; const re = /document\\.x/; const t = `location.hash ${1}`;",
        'const view = { window: 7, location: null }; const w = view.window;',
        'interface Where { location?: string; history: number[] }',
        'export const title = () => document.title;',
        'export function width(e: HTMLCanvasElement) { return e.width + window.innerWidth; }',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: source text holding a template
        'const at = `${location.hash}`;',
        'class Kept { #window = 1; drop() { this.#window = 0; } }',
      ].join('\n');
      // A name of the file's own is not the global.
      const own = 'const history = [1];\nexport const last = () => history.at(-1);\n';
      expect(rulesBroken([{ path: 'src/analysis/a.ts', text: own }])).toEqual([]);
      expect(rulesBroken([{ path: 'src/timeline/t.ts', text }])).toEqual([
        'src/timeline/t.ts:5 document pure-no-dom',
        'src/timeline/t.ts:6 HTMLCanvasElement pure-no-dom',
        'src/timeline/t.ts:6 window pure-no-dom',
        'src/timeline/t.ts:7 location pure-no-dom',
      ]);
      // Workers may use self, postMessage and navigator; not what only a page has.
      const worker = 'self.postMessage(navigator.hardwareConcurrency);\nconst w = window.innerWidth;\n';
      expect(rulesBroken([{ path: 'src/data/worker/w.ts', text: worker }])).toEqual([
        'src/data/worker/w.ts:2 window worker-no-page',
      ]);
      // Outside the pure folders the DOM is the point.
      expect(rulesBroken([{ path: 'src/ui/u.ts', text: 'document.title = "x";\n' }])).toEqual([]);
    });

    it('finds imports as code only', () => {
      const text = [
        "// import { x } from '../ui/dom';",
        'const s = "from \'../ui/dom\'";',
        "const list = Array.from('abc');",
        "/* import('../map/a') */ export * from './b';",
        "import './side-effect';",
        "type M = typeof import('maplibre-gl');",
        'const half = total / 2; const r = /\'"/g;',
        "export { c } from './c';",
      ].join('\n');
      expect(scan(text).imports).toEqual([
        { specifier: './b', line: 4 },
        { specifier: './side-effect', line: 5 },
        { specifier: 'maplibre-gl', line: 6 },
        { specifier: './c', line: 8 },
      ]);
    });
  });
});
