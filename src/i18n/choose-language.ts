// Which language the page opens in. Pure.

/**
 * Tags readers' browsers and links use for a language we have under another tag:
 * `prs` is Dari's ISO 639-3 code; Persian written in Iran is close enough to Dari
 * to read, and Pashto has varieties of its own codes.
 */
const ALIASES: Readonly<Record<string, string>> = { prs: 'fa-AF', fa: 'fa-AF', pbu: 'ps', pbt: 'ps', pst: 'ps' };

/** The tag of ours that `wanted` (any BCP 47 tag) names, if any: exactly, then by its language. */
export function matchLanguage(wanted: string, available: readonly string[]): string | undefined {
  const lower = wanted.trim().toLowerCase();
  if (!lower) return undefined;
  const exact = available.find((tag) => tag.toLowerCase() === lower);
  if (exact) return exact;
  const base = lower.split(/[-_]/)[0];
  const alias = ALIASES[base];
  if (alias && available.includes(alias)) return alias;
  return available.find((tag) => tag.toLowerCase().split('-')[0] === base);
}

export interface LanguageWishes {
  /** `?lang=`, when the link has it. */
  link?: string | null;
  /** What the reader chose in the language menu before. */
  remembered?: string | null;
  /** The browser's languages, most wanted first. */
  browser?: readonly string[];
}

/**
 * The language to show: the link's, else the one the reader chose before,
 * else the first of the browser's we have, else the first available.
 * `unknownLink` is the link's wish when we have no such language.
 */
export function chooseLanguage(
  wishes: LanguageWishes,
  available: readonly string[],
): { tag: string; unknownLink: string | null } {
  const fallback = available[0];
  const fromLink = wishes.link ? matchLanguage(wishes.link, available) : undefined;
  if (fromLink) return { tag: fromLink, unknownLink: null };
  const unknownLink = wishes.link ? wishes.link.slice(0, 35) : null;
  const remembered = wishes.remembered ? matchLanguage(wishes.remembered, available) : undefined;
  if (remembered) return { tag: remembered, unknownLink };
  for (const wish of wishes.browser ?? []) {
    const match = matchLanguage(wish, available);
    if (match) return { tag: match, unknownLink };
  }
  return { tag: fallback, unknownLink };
}
