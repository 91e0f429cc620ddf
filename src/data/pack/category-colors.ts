import { cut } from '../text/quote';
import { mostFrequent } from './most-frequent';

/**
 * Colours for the categories our schema names; others get one from the spare palette.
 * Chosen to stay apart for readers with a colour-vision deficiency: see
 * docs/accessibility.md and tests/unit/palette.test.ts before changing one.
 */
const KNOWN: Record<string, string> = {
  diplomacy: '#2b6cb0',
  attack: '#c53030',
  airstrike: '#dd6b20',
  'security-operation': '#302ab5',
  statement: '#00946a',
};
const SPARE = ['#c300e4', '#639b8b', '#684533', '#405067', '#b88d50', '#3f7d4c', '#8f4993', '#aa2200'];

/** The colour of the categories folded into "Other" (past the most frequent; see mostFrequent). */
export const OTHER_COLOR = '#8795a8';

/**
 * A stable colour for each of a dataset's categories, in the order given. With
 * `counts` (incidents per category, by index) and more categories than are
 * listed, only the most frequent get one; the rest are drawn in OTHER_COLOR.
 */
export function categoryColors(categories: readonly string[], counts?: ArrayLike<number>): Map<string, string> {
  const colors = new Map<string, string>();
  let spare = 0;
  const listed = counts ? mostFrequent(counts) : categories.map((_, i) => i);
  for (const c of listed) {
    const category = categories[c];
    if (colors.has(category)) continue;
    // Own keys only: a category named "constructor" is a category like any other.
    colors.set(category, Object.hasOwn(KNOWN, category) ? KNOWN[category] : SPARE[spare++ % SPARE.length]);
  }
  return colors;
}

/**
 * The distinct colours of a dataset's categories (`palette`, OTHER_COLOR last
 * when some are folded) and each category's index into it: what the timeline
 * stacks and colours by, a few colours however many categories there are.
 */
export function colorGroups(
  categories: readonly string[],
  colors: ReadonlyMap<string, string>,
): { palette: string[]; groupOf: Uint8Array } {
  const palette: string[] = [];
  const index = new Map<string, number>();
  const groupOf = new Uint8Array(categories.length);
  const groupFor = (color: string) => {
    let g = index.get(color);
    if (g === undefined) {
      g = palette.length;
      palette.push(color);
      index.set(color, g);
    }
    return g;
  };
  for (const color of colors.values()) groupFor(color);
  for (let c = 0; c < categories.length; c++) groupOf[c] = groupFor(colors.get(categories[c]) ?? OTHER_COLOR);
  return { palette, groupOf };
}

/** "security-operation" -> "Security operation"; past 120 characters, cut (a label, not the data). */
export function categoryLabel(category: string): string {
  const words = cut(category, 120).replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
