// A `contains` value list (any value matches) is searched in one Aho–Corasick pass (ContainsAnyLeaf);
// its plain twin is the same values as separate selections, each searched on its own. Both must agree
// on generated values and records (mixed case, non-ASCII, numbers, lists), cased and not.
import t from 'tap';
import { ContainsAnyLeaf } from '../../src/dialects/sigma/compile/leaves.js';
import { StringMatcher } from '../../src/dialects/sigma/compile/string-match.js';
import { MULTI } from '../../src/dialects/sigma/sigma-string.js';
import { prng } from '../helpers/prng.js';
import { rule } from './helpers.js';

const ALPHABET = ['a', 'B', 'k', 'K', 'é', 'É', '\u212A', '\u0130', 'ss', '1', '-'];

function word(next: () => number, min: number, max: number): string {
  let s = '';
  const n = min + Math.floor(next() * (max - min + 1));
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

for (const cased of [false, true]) {
  t.test(`one pass agrees with each value on its own${cased ? ' (cased)' : ''}`, async (t) => {
    const next = prng(cased ? 7 : 3);
    const mods = cased ? '|contains|cased' : '|contains';
    let checked = 0;
    for (let round = 0; round < 12; round++) {
      const values = Array.from({ length: 8 + Math.floor(next() * 8) }, () => word(next, 1, 3));
      const grouped = rule(`
        sel:
            f${mods}: [${values.map(quote).join(', ')}]
        condition: sel
      `);
      const plain = rule(`
        ${values.map((v, i) => `sel${i}:\n            f${mods}: ${quote(v)}`).join('\n        ')}
        condition: 1 of sel*
      `);
      for (let k = 0; k < 40; k++) {
        const f = k % 10 === 0 ? Number(word(next, 1, 2).replace(/\D/g, '') || '1') : k % 7 === 0 ? [word(next, 0, 6), word(next, 0, 6)] : word(next, 0, 10);
        const record = { f };
        if (grouped.matches(record) !== plain.matches(record)) {
          t.fail(`${JSON.stringify(values)} on ${JSON.stringify(record)}`);
          return;
        }
        checked++;
      }
    }
    t.equal(checked, 480);
  });
}

t.test('the leaf answers as its matchers do', async (t) => {
  const matchers = ['root', 'K', 'é'].map((l) => new StringMatcher([MULTI, l, MULTI], false));
  const leaf = ContainsAnyLeaf.build(matchers, false)!;
  for (const v of ['xROOTx', 'k', '\u212A', 'É', 'none', true, 12, null]) {
    const plain = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? matchers.some((m) => m.test(String(v))) : false;
    t.equal(leaf.test(v as string), plain, JSON.stringify(v));
  }
});
