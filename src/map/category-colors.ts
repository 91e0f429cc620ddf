/** Colours for the categories our schema names; others get one from the spare palette. */
const KNOWN: Record<string, string> = {
  diplomacy: '#2b6cb0',
  attack: '#c53030',
  airstrike: '#dd6b20',
  'security-operation': '#6b46c1',
  statement: '#2f855a',
};
const SPARE = ['#b83280', '#319795', '#975a16', '#4a5568', '#d69e2e', '#38a169', '#805ad5', '#e53e3e'];

/** A stable colour for every category in a dataset, in the order given. */
export function categoryColors(categories: Iterable<string>): Map<string, string> {
  const colors = new Map<string, string>();
  let spare = 0;
  for (const category of categories) {
    if (colors.has(category)) continue;
    colors.set(category, KNOWN[category] ?? SPARE[spare++ % SPARE.length]);
  }
  return colors;
}

/** "security-operation" -> "Security operation" */
export function categoryLabel(category: string): string {
  const words = category.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
