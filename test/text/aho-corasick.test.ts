// The Aho–Corasick literal set must answer exactly as its plain twin (each literal in turn), folded or
// not, on generated literal sets and texts, and must refuse (null) beyond its table budget.
import t from 'tap';
import { foldString, foldUnit } from '../../src/dialects/sigma/compile/fold.js';
import { anyIncludes, asciiFold, LiteralSet, type Fold } from '../../src/text/aho-corasick.js';
import { prng } from '../helpers/prng.js';

const ALPHABET = ['a', 'b', 'A', 'B', 'k', 'K', '"', '.', '\u212A', 'é', 'É', '\u0130', '😀'];

function word(next: () => number, max: number): string {
  let s = '';
  const n = Math.floor(next() * max);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

const folds: [string, Fold | null, (s: string) => string][] = [
  ['exact', null, (s) => s],
  ['ascii fold', asciiFold, (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase())],
  ['sigma fold', foldUnit, foldString],
];

for (const [name, fold, foldLiteral] of folds) {
  t.test(`agrees with the plain twin: ${name}`, async (t) => {
    const next = prng(name.length * 7919);
    let checked = 0;
    for (let round = 0; round < 150; round++) {
      const literals = Array.from({ length: 1 + Math.floor(next() * 12) }, () => foldLiteral(word(next, 5))).filter((l) => l !== '' || round % 10 === 0);
      const set = LiteralSet.build(literals, fold);
      if (set === null) throw new Error('a small set must build');
      for (let k = 0; k < 20; k++) {
        const text = word(next, 30);
        if (set.test(text) !== anyIncludes(literals, text, fold)) {
          t.fail(`${JSON.stringify(literals)} on ${JSON.stringify(text)}`);
          return;
        }
        checked++;
      }
    }
    t.equal(checked, 3000);
  });
}

t.test('overlapping literals and failure links', async (t) => {
  const set = LiteralSet.build(['he', 'she', 'his', 'hers', 'usher'], null)!;
  t.ok(set.test('ushers'));
  t.ok(set.test('xxhixxhe'));
  t.notOk(set.test('hi sh h e'));
  const nested = LiteralSet.build(['abcd', 'bc'], null)!;
  t.ok(nested.test('xabcx'), 'a literal inside a longer one that fails is still found');
  t.ok(LiteralSet.build([''], null)!.test(''), 'an empty literal matches everything');
});

t.test('many literals: one automaton, same answers', async (t) => {
  const literals = Array.from({ length: 20_000 }, (_, i) => `"event${i}x"`);
  const set = LiteralSet.build(literals, asciiFold)!;
  t.ok(set !== null, 'twenty thousand literals fit the budget');
  t.ok(set.test('{"eventName":"EVENT19999X"}'));
  t.notOk(set.test('{"eventName":"Event20000x"}'));
  t.notOk(set.test('{"eventName":"Event1x2"}'));
});

t.test('beyond the table budget the caller keeps its plain matcher', async (t) => {
  t.equal(LiteralSet.build(['abcdefgh', 'ijklmnop'], null, 50), null);
  t.not(LiteralSet.build(['abcdefgh', 'ijklmnop'], null, 1000), null);
});
