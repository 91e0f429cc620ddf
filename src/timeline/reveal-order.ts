import type { Incident } from '../data/types';

/**
 * Incidents in the order the timeline reveals them: by the start of their date,
 * then by `order` within what the dates do not separate, then as the file lists them.
 */
export function revealOrder<T extends Pick<Incident, 'start' | 'order'>>(incidents: readonly T[]): T[] {
  return incidents
    .map((incident, index) => ({ incident, index }))
    .sort(
      (a, b) =>
        a.incident.start - b.incident.start ||
        (a.incident.order ?? Number.MAX_SAFE_INTEGER) - (b.incident.order ?? Number.MAX_SAFE_INTEGER) ||
        a.index - b.index,
    )
    .map(({ incident }) => incident);
}
