// How rows of imported tables are named for people: the place line the
// details show ("Mir Ali, North Waziristan, Khyber Pakhtunkhwa") and the short
// title the list shows ("TTP vs Government of Pakistan, Mir Ali"). Pure.
import { isOneLine } from './cells';

/** A name folded for comparing, as whole words: lower case, letters and digits only, space at each end. */
export function foldName(name: string): string {
  // Most names are ASCII words with single spaces between them ("South Waziristan"): only lower-cased.
  if (isAsciiWords(name)) return ` ${name.toLowerCase()} `;
  return ` ${name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** Whether `text` is ASCII letters and digits in words joined by single spaces (or empty). */
function isAsciiWords(text: string): boolean {
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x20) {
      if (space) return false;
      space = true;
    } else if ((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x30 && unit <= 0x39)) {
      space = false;
    } else return false;
  }
  return !space || text.length === 0;
}

/** A name as a place line shows it: one line, no trailing full stop or comma. */
export function tidy(name: string): string {
  // A name already on one line that ends in neither of those is as it is (most are).
  if (isOneLine(name) && !TRAILING.has(name.charCodeAt(name.length - 1))) return name;
  return name
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.;,:]+$/, '');
}
/** What tidy takes off a name's end, but for white space: . ; , : */
const TRAILING = new Set([0x2e, 0x3b, 0x2c, 0x3a]);

/**
 * Place names, finest first (town, district, province), joined into one line,
 * leaving out a name that an earlier one already says ("Ladha, South
 * Waziristan" then "South Waziristan": the district once; "Mir Ali" twice:
 * once). A town and the district named after it ("Karachi town, Karachi
 * district") are two places, and both are kept. '' when no name is given.
 */
export function placeLine(names: readonly string[]): string {
  const kept: string[] = [];
  const said: string[] = [];
  for (const raw of names) {
    const name = tidy(raw);
    if (name === '') continue;
    const folded = foldName(name);
    if (folded.trim() !== '' && said.some((earlier) => earlier.includes(folded))) continue;
    kept.push(name);
    said.push(folded);
  }
  return kept.join(', ');
}

/** The longest place name a title takes: longer descriptions give way to a district's name. */
export const TITLE_PLACE_CHARS = 40;

/**
 * The place a title names: the first of `names` (best first) that is short,
 * a description cut at its first comma ("Hayyatabad, on the outskirts of
 * Peshawar" is "Hayyatabad"); '' when none is.
 */
export function titlePlace(names: readonly string[]): string {
  for (const raw of names) {
    const whole = tidy(raw);
    const comma = whole.indexOf(',');
    const name = comma < 0 ? whole : tidy(whole.slice(0, comma));
    if (name !== '' && name.length <= TITLE_PLACE_CHARS) return name;
  }
  return '';
}

/** What a UCDP row says of who fought whom. */
export interface UcdpSides {
  sideA: string;
  sideB: string;
  dyad: string;
  conflict: string;
  /** `type_of_violence`: 1 state-based, 2 non-state, 3 one-sided. */
  violence: string;
}

const isGovernment = (side: string) => /^governments? of\b/i.test(side);

/**
 * Who against whom, in UCDP's names: "TTP vs Government of Pakistan". In a
 * state-based conflict the government is always side A, so titles that put
 * it first all begin alike ("Government of Pakistan vs ..."); the other side
 * comes first, so a list of them can be read down its first words. One-sided
 * violence is "TTP against civilians". Without sides, the dyad or conflict name.
 */
export function ucdpWho({ sideA, sideB, dyad, conflict, violence }: UcdpSides): string {
  if (sideA !== '' && violence === '3') return `${sideA} against civilians`;
  if (sideA !== '' && sideB !== '') {
    return isGovernment(sideA) && !isGovernment(sideB) ? `${sideB} vs ${sideA}` : `${sideA} vs ${sideB}`;
  }
  if (sideA !== '' || sideB !== '') return sideA || sideB;
  if (dyad !== '') return dyad.replace(/\s+-\s+/, ' vs ');
  return conflict || 'UCDP event';
}

/** A title of who and where: "TTP vs Government of Pakistan, Mir Ali"; just who without a place. */
export function whoAndWhere(who: string, where: string): string {
  return where === '' ? who : `${who}, ${where}`;
}
