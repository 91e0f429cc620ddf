// What a packed dataset's search answers, whichever way it keeps its text
// (folded lines or a token index), for tests that compare two ways of reading
// the same file: the answers to words taken from the incidents' titles and
// their first letters, which exercise whole words, parts of words and misses.
import { searchMask } from '../../../src/analysis/filters';
import type { PackedIncidents } from '../../../src/data/pack/packed-types';
import { incidentAt } from '../../../src/data/pack/records';
import { foldForSearch } from '../../../src/data/search/fold';
import { searchTokenIndex } from '../../../src/data/search/token-index';

function probeWords(p: PackedIncidents): string[] {
  const words = new Set<string>(['zzqx', 'a', 'e']);
  for (let i = 0; i < Math.min(p.count, 20); i++) {
    const { title } = incidentAt(p, i);
    for (const token of foldForSearch(title).split(' ')) {
      if (token === '') continue;
      words.add(token);
      words.add(token.slice(0, 1));
      words.add(token.slice(1, 3) || token);
    }
  }
  return [...words].slice(0, 40);
}

/** For each probe word, the incidents (reveal ranks) whose text holds it. */
export function searchAnswers(p: PackedIncidents): Record<string, number[]> {
  const answers: Record<string, number[]> = {};
  for (const word of probeWords(p)) {
    const mask = p.searchIndex ? searchTokenIndex(p.searchIndex, [word], p.count) : searchMask(p, word);
    answers[word] = mask ? [...mask.keys()].filter((i) => mask[i]) : [];
  }
  return answers;
}
