// Day numbers (whole days since 1970-01-01, UTC) and their YYYY-MM-DD text: the bundle's unit of time.

const DAY_MS = 86_400_000;

/** The day number of a YYYY-MM-DD date; throws on anything else or a day the calendar lacks (2023-02-29). */
export function dayFromIso(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`"${text.slice(0, 40)}" is not a date written YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0-99 as 1900-1999
  const ms = check.getTime();
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`${text} is not a day of the calendar`);
  }
  return Math.round(ms / DAY_MS);
}

/** The YYYY-MM-DD text of a day number. */
export function isoFromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
