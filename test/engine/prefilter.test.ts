// The compiled prefilter (a RegExp with the i flag, no u flag) must answer exactly as the contract's
// reference fold does: `asciiLower(text).includes(literal)` (src/dialects/types.ts). ECMA-262 §22.2.2.7.3
// (Canonicalize, non-unicode mode) never maps a character >= 128 onto ASCII, so U+212A KELVIN SIGN does
// not match "k" and U+017F LONG S does not match "s"; this test pins that down on Node's engine.
import t from 'tap';
import { compileGate, compileLiterals } from '../../src/engine/prefilter/compile.js';
import { asciiLower } from '../../src/record/view.js';

t.test('case-insensitive literals fold ASCII only', async (t) => {
  const ci = compileLiterals(['kms.amazonaws.com'], true);
  t.ok(ci.test('{"eventSource":"KMS.AmazonAWS.com"}'));
  t.notOk(ci.test('{"eventSource":"\u212Ams.amazonaws.com"}'), 'Kelvin sign is not k');
  t.notOk(compileLiterals(['signin'], true).test('"\u017Fignin"'), 'long s is not s');
  t.notOk(compileLiterals(['istanbul'], true).test('"\u0130stanbul"'), 'dotted capital I is not i');
});

t.test('regex metacharacters in literals are literal', async (t) => {
  const lit = compileLiterals(['a.b*c(d)[e]{1}|f^$\\/-'], false);
  t.ok(lit.test('xx a.b*c(d)[e]{1}|f^$\\/- yy'));
  t.notOk(lit.test('axb*c(d)[e]{1}|f^$\\/-'));
});

t.test('agrees with the reference fold on generated text', async (t) => {
  const alphabet = ['a', 'A', 'k', 'K', 's', 'S', 'i', 'I', '\u212A', '\u017F', '\u0130', '\u0131', 'é', 'É', '.', '*', '"', ' ', 'ß'];
  let seed = 11;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const word = (len: number): string => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]!).join('');
  const asciiAlphabet = ['a', 'k', 's', 'i', '.', '*'];
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    const literal = Array.from({ length: 1 + rnd(3) }, () => asciiAlphabet[rnd(asciiAlphabet.length)]!).join('');
    const text = word(rnd(12));
    for (const ci of [true, false]) {
      const want = (ci ? asciiLower(text) : text).includes(literal);
      if (compileLiterals([literal], ci).test(text) !== want) t.fail(`${JSON.stringify(literal)} in ${JSON.stringify(text)} (ci ${ci})`);
      checked++;
    }
  }
  t.equal(checked, 6000);
});

t.test('the gate admits exactly when some prefilter admits', async (t) => {
  const gate = compileGate([
    { anyOf: ['Root'], caseInsensitive: false },
    { anyOf: ['signin.amazonaws.com', 'createaccesskey'], caseInsensitive: true },
  ]);
  t.ok(gate);
  t.ok(gate!.test('"type":"Root"'));
  t.notOk(gate!.test('"type":"root"'), 'the case-sensitive literal stays case-sensitive');
  t.ok(gate!.test('"eventName":"CreateAccessKey"'));
  t.notOk(gate!.test('"eventName":"ListBuckets"'));
  t.equal(compileGate([{ anyOf: ['x'], caseInsensitive: false }, null]), null, 'a rule without prefilter disables the gate');
});

t.test('whole-token literals ("Root") need the quote before the word', async (t) => {
  const cs = compileLiterals(['"Root"'], false);
  t.ok(cs.test('{"type":"Root","x":1}'));
  t.notOk(cs.test('{"role":"SecurityHub-Root"}'), 'Root" not preceded by a quote');
  t.ok(cs.test('{"role":"SecurityHub-Root","type":"Root"}'), 'a later occurrence is found');
  t.notOk(cs.test('{"role":"SecurityHub-RootActivityMonitor"}'));
  t.ok(compileLiterals(['"root"'], true).test('{"type":"ROOT"}'), 'regex form: case-insensitive, quote dropped (a superset)');
});

t.test('detections with equal prefilters share one test, tested once per record', async (t) => {
  const { loadDetectionFiles } = await import('../../src/dialects/index.js');
  const { makePlan } = await import('../../src/engine/plan.js');
  const { evaluateObject } = await import('../../src/engine/evaluate-object.js');
  const loaded = loadDetectionFiles([
    { path: 'a.pattern', text: '{ $.userIdentity.type = "Root" }' },
    { path: 'b.pattern', text: '{ $.userIdentity.type = "Root" && $.eventName != "GetUser" }' },
    { path: 'c.pattern', text: '{ $.eventName = "ListUsers" }' },
  ]);
  const plan = makePlan(loaded.detections, [], null, 'text');
  t.same(loaded.detections.map((d) => d.rule.prefilter?.anyOf), [['"Root"'], ['"Root"'], ['"ListUsers"']]);
  t.equal(plan.prefilters[0], plan.prefilters[1], 'the same test');
  t.not(plan.prefilters[0], plan.prefilters[2]);
  let calls = 0;
  const shared = plan.prefilters[0]!;
  const counting = { test: (text: string) => (calls++, shared.test(text)) };
  const counted = { ...plan, prefilters: plan.prefilters.map((p) => (p === shared ? counting : p)) };
  const record = (type: string, name: string): string => JSON.stringify({ eventVersion: '1.09', userIdentity: { type }, eventTime: '2026-03-10T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: name, eventID: `${type}-${name}` });
  const text = `{"Records":[${record('Root', 'ListUsers')},${record('IAMUser', 'ListUsers')},${record('Root', 'GetUser')}]}`;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    yield new TextEncoder().encode(text);
  }
  const result = await evaluateObject(counted, 0, 'mem.json', bytes(), undefined);
  t.same(result.roots.map((r) => r.rules), [[0, 1, 2], [0]], 'each detection still decides for itself');
  t.same(result.nonRootHits, [0, 0, 1]);
  t.equal(calls, 3, 'one call per record, not one per detection');
});
