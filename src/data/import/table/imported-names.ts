// How rows of imported tables are named for people: the place line the
// details show ("Mir Ali, North Waziristan, Khyber Pakhtunkhwa") and the short
// title the list shows ("TTP vs Government of Pakistan, Mir Ali"). Pure.

/** A name folded for comparing, as whole words: lower case, letters and digits only, space at each end. */
function foldName(name: string): string {
  return ` ${name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** A name as a place line shows it: one line, no trailing full stop or comma. */
function tidy(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.;,:]+$/, '');
}

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
    const name = tidy(tidy(raw).split(',')[0]);
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
