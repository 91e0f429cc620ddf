import type { Incident } from '../data/types';

const DAY_MS = 86_400_000;

/**
 * Incidents in the order the timeline reveals them: by the day their date starts,
 * then by `order` among incidents of the same day, then by time of day where one
 * is given, then as the file lists them.
 */
export function revealOrder<T extends Pick<Incident, 'start' | 'order'>>(incidents: readonly T[]): T[] {
  const day = (ms: number) => Math.floor(ms / DAY_MS);
  return incidents
    .map((incident, index) => ({ incident, index }))
    .sort(
      (a, b) =>
        day(a.incident.start) - day(b.incident.start) ||
        (a.incident.order ?? Number.MAX_SAFE_INTEGER) - (b.incident.order ?? Number.MAX_SAFE_INTEGER) ||
        a.incident.start - b.incident.start ||
        a.index - b.index,
    )
    .map(({ incident }) => incident);
}
