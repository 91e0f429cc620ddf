import { type DataText, joinValues, say } from '../../../text/messages';
import type { HeaderIndex, LayoutGuess } from '../detect-layout';
import { acledLayout } from './acled';
import { atlasLayout } from './atlas';
import { genericLayout } from './generic';
import type { Layout } from './layout';
import { ucdpLayout } from './ucdp';

/** The layout of a table's rows, or (a DataText) why there is none. */
export function layoutFor(guess: LayoutGuess, headers: HeaderIndex, name: string): Layout | DataText {
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
              [say('data.column.date'), m.date],
              [say('data.column.latitude'), m.lat],
              [say('data.column.longitude'), m.lon],
            ] as const
          )
            .filter(([, column]) => !column)
            .map(([what]) => what)
        : [say('data.column.date'), say('data.column.latitude'), say('data.column.longitude')];
      if (!m || missing.length > 0) {
        return say('data.column.notChosen', { missing: joinValues(missing) });
      }
      return genericLayout(m, name);
    }
  }
}
