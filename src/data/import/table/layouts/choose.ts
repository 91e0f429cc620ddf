import type { HeaderIndex, LayoutGuess } from '../detect-layout';
import { acledLayout } from './acled';
import { atlasLayout } from './atlas';
import { genericLayout } from './generic';
import type { Layout } from './layout';
import { ucdpLayout } from './ucdp';

export function layoutFor(guess: LayoutGuess, headers: HeaderIndex, name: string): Layout | string {
  switch (guess.kind) {
    case 'atlas':
      return atlasLayout(headers);
    case 'ucdp':
      return ucdpLayout(headers);
    case 'acled':
      return acledLayout(headers);
    default: {
      const m = guess.mapping;
      const missing = m
        ? (
            [
              ['date', m.date],
              ['latitude', m.lat],
              ['longitude', m.lon],
            ] as const
          )
            .filter(([, column]) => !column)
            .map(([what]) => what)
        : ['date', 'latitude', 'longitude'];
      if (!m || missing.length > 0) {
        return `no column was chosen for the ${missing.join(', ')}; a table needs date, latitude and longitude columns`;
      }
      return genericLayout(m, name);
    }
  }
}
