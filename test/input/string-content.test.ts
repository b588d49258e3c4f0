// `hasInvalidStringContent` (src/engine/split/json-text.ts) against its plain twin, JSON.parse: on
// compact JSON whose structure is valid, it is true exactly when JSON.parse throws. RFC 8259 §7: no raw
// U+0000-U+001F in a string; escapes are \" \\ \/ \b \f \n \r \t and \u with four hex digits.
import t from 'tap';
import { hasInvalidStringContent } from '../../src/engine/split/json-text.js';
import { prng } from '../helpers/prng.js';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

t.test('hand-written strings', async (t) => {
  const cases: [string, boolean][] = [
    ['plain', false],
    ['\\"\\\\\\/\\b\\f\\n\\r\\t', false],
    ['\\u0041\\uD83D\\uDE00\\uffFF', false],
    ['\\\\x', false],
    ['\u007f\u2028é', false],
    ['\\x', true],
    ['\\\\\\x', true],
    ['\\U0041', true],
    ['\\u004', true],
    ['\\u00g1', true],
    ['tab\there', true],
    ['\u0000', true],
    ['\u001f', true],
  ];
  for (const [content, invalid] of cases) {
    const text = `{"k":"${content}","n":[1,{"m":"x"}]}`;
    // Non-ASCII escaped in the name: U+2028 would end a TAP line.
    const name = JSON.stringify(content).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    t.equal(hasInvalidStringContent(text), invalid, name);
    t.equal(parses(text), !invalid, `${name}: JSON.parse agrees`);
  }
});

t.test('generated strings agree with JSON.parse', async (t) => {
  const rnd = prng(117);
  const pick = (xs: readonly string[]): string => xs[Math.floor(rnd() * xs.length)]!;
  // Units keep the structure valid: a backslash always comes with the character it escapes, so no
  // quote ends the string early and no backslash escapes the closing quote.
  const plain = ['a', 'Z', '0', '4', 'f', 'g', ' ', '/', '\t', '\u0001', 'é', '\u2028'];
  const escaped = ['"', '\\', '/', 'b', 'n', 'u', 'u', 'x', 'U', ' ', '0'];
  let invalid = 0;
  for (let i = 0; i < 3000; i++) {
    let content = '';
    const n = Math.floor(rnd() * 10);
    for (let j = 0; j < n; j++) content += rnd() < 0.4 ? `\\${pick(escaped)}` : pick(plain);
    const text = `{"k":"${content}"}`;
    const bad = hasInvalidStringContent(text);
    if (bad) invalid++;
    if (bad === parses(text)) t.fail(`disagrees with JSON.parse on ${JSON.stringify(text)}`);
  }
  t.ok(invalid > 300 && invalid < 2700, `both kinds generated (${invalid} invalid)`);
});
