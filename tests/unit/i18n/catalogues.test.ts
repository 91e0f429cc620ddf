import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, catalogueOf } from '../../../src/i18n/catalogue';
import { KEPT_IN_DATA_MESSAGES, KEPT_IN_LATIN } from '../../kept-in-latin';

type Ast = ReturnType<IntlMessageFormat['getAst']>;

/** The names of a message's arguments, and its plural/select cases, as `name` and `name:case`. */
function argumentsOf(ast: Ast, into = new Set<string>()): Set<string> {
  for (const element of ast) {
    if ('value' in element && typeof element.value === 'string' && element.type !== 0) {
      into.add(element.value);
    }
    if ('options' in element) {
      for (const [name, option] of Object.entries(element.options)) {
        if (name === 'other') into.add(`${element.value}:other`);
        argumentsOf(option.value, into);
      }
    }
    if ('children' in element) argumentsOf(element.children as Ast, into);
  }
  return into;
}

/** The words a reader sees in a message: its literal text, placeholders left out. */
function literalText(ast: Ast): string {
  let text = '';
  for (const element of ast) {
    if (element.type === 0) text += element.value;
    if ('options' in element)
      for (const option of Object.values(element.options)) text += ` ${literalText(option.value)}`;
    if ('children' in element) text += literalText(element.children as Ast);
  }
  return text;
}

const english = catalogueOf('en');
if (!english) throw new Error('no English catalogue');
const others = CATALOGUES.filter((c) => c.language.tag !== 'en');

describe('the catalogues', () => {
  it('are English and the three languages of the region, each naming itself', () => {
    expect(CATALOGUES.map((c) => c.language.tag)).toEqual(['en', 'fa-AF', 'ps', 'ur']);
    expect(others.map((c) => [c.language.name, c.language.dir])).toEqual([
      ['دری', 'rtl'],
      ['پښتو', 'rtl'],
      ['اردو', 'rtl'],
    ]);
  });

  it('parse as ICU MessageFormat, every message', () => {
    const broken: string[] = [];
    for (const { language, messages } of CATALOGUES) {
      for (const [key, text] of Object.entries(messages)) {
        try {
          new IntlMessageFormat(text, language.tag).getAst();
        } catch (error) {
          broken.push(`${language.tag} ${key}: ${(error as Error).message}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  for (const { language, messages } of others) {
    describe(language.tag, () => {
      it("has every English message and no other, with the same placeholders and an 'other' for each plural", () => {
        const problems: string[] = [];
        for (const [key, text] of Object.entries(english.messages)) {
          const own = messages[key];
          if (own === undefined) {
            problems.push(`${key}: missing`);
            continue;
          }
          const want = [...argumentsOf(new IntlMessageFormat(text, 'en').getAst())].sort();
          const have = [...argumentsOf(new IntlMessageFormat(own, language.tag).getAst())].sort();
          if (want.join() !== have.join()) problems.push(`${key}: placeholders ${have} instead of ${want}`);
        }
        for (const key of Object.keys(messages))
          if (!(key in english.messages)) problems.push(`${key}: not in English`);
        expect(problems).toEqual([]);
      });

      it('leaves no English word in its messages', () => {
        const english: string[] = [];
        for (const [key, text] of Object.entries(messages)) {
          // Code a message quotes stays as written: a scheme (`data:`), a link's key (`possible=`) or a member name in quotes ("layers").
          const words =
            literalText(new IntlMessageFormat(text, language.tag).getAst())
              .replace(/"[A-Za-z-]+"|\b[a-z]+[:=]/g, '')
              .match(/[A-Za-z][A-Za-z0-9_]*/g) ?? [];
          const kept = (word: string) =>
            KEPT_IN_LATIN.has(word) || (key.startsWith('data.') && KEPT_IN_DATA_MESSAGES.has(word));
          const left = words.filter((word) => !kept(word));
          if (left.length > 0) english.push(`${key}: ${left.join(' ')}`);
        }
        expect(english).toEqual([]);
      });
    });
  }
});
