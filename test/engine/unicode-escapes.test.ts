// decodeUnicodeEscapes (src/engine/unicode-escapes.ts) decodes exactly the \uXXXX escapes of JSON text
// (RFC 8259 §7: "\u" followed by four hexadecimal digits, either case, one UTF-16 code unit each) and
// keeps every other escape, so that prefilters can be tested on what a \u escape spells.
import t from 'tap';
import { decodeUnicodeEscapes } from '../../src/engine/unicode-escapes.js';
import { prng } from '../helpers/prng.js';

t.test('decodes \\u escapes, keeps the others', async (t) => {
  t.equal(decodeUnicodeEscapes('{"type":"\\u0052oot"}'), '{"type":"Root"}');
  t.equal(decodeUnicodeEscapes('"\\u0052\\u006f\\u006F\\u0074"'), '"Root"', 'hex digits in either case');
  t.equal(decodeUnicodeEscapes('"\\ud83d\\ude00"'), '"\u{1F600}"', 'a surrogate pair: two code units');
  t.equal(decodeUnicodeEscapes('"\\\\u0052oot"'), '"\\\\u0052oot"', 'an escaped backslash is not an escape');
  t.equal(decodeUnicodeEscapes('"\\\\\\u0052oot"'), '"\\\\Root"', 'an escaped backslash, then an escape');
  t.equal(decodeUnicodeEscapes('"a\\"b\\/c\\n\\u0022"'), '"a\\"b\\/c\\n""', 'other escapes kept; \\u0022 decodes to a quote');
  t.equal(decodeUnicodeEscapes('no escapes'), 'no escapes');
  for (const bad of ['"\\u12"', '"\\u12g4"', '"\\u"', 'x\\u00', '"\\uZZZZ"']) t.equal(decodeUnicodeEscapes(bad), null, `malformed: ${bad}`);
});

t.test('the decoded text holds every run of a value that a prefilter literal can hold', async (t) => {
  // What the engine relies on (src/dialects/types.ts): a literal is printable ASCII without `"`, `\`
  // and `/`, so every such run of a value's characters must appear in the decoded text, however the
  // value was spelled with \u escapes.
  const rnd = prng(2718);
  const alphabet = ['a', 'R', 'o', 't', 'u', '0', ' ', '"', '\\', '/', '\n', '\u0001', 'é', '\u212a', '\ud83d', '\ude00'];
  const safeRuns = (v: string): string[] => v.split(/[^\x20-\x7e]|["\\/]/).filter((r) => r !== '');
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    const value = Array.from({ length: Math.floor(rnd() * 20) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    // Some characters re-spelled as \u escapes, the others as JSON.stringify writes them.
    let spelled = '"';
    for (let k = 0; k < value.length; k++) {
      const ch = value[k]!;
      const hex = ch.charCodeAt(0).toString(16).padStart(4, '0');
      spelled += rnd() < 0.4 ? `\\u${rnd() < 0.5 ? hex : hex.toUpperCase()}` : JSON.stringify(ch).slice(1, -1);
    }
    spelled += '"';
    if (JSON.parse(spelled) !== value) {
      t.fail(`${spelled} does not spell ${JSON.stringify(value)}`);
      return;
    }
    const decoded = decodeUnicodeEscapes(`{"v":${spelled}}`);
    for (const run of safeRuns(value)) {
      if (decoded === null || !decoded.includes(run)) {
        t.fail(`${spelled} decoded to ${decoded}: ${JSON.stringify(run)} missing`);
        return;
      }
      checked++;
    }
  }
  t.ok(checked > 2000, `checked ${checked} runs`);
});
