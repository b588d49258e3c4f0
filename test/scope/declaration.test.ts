// Scope declarations next to the rule: a Sigma custom attribute and a `.pattern` header, the words
// they accept, and warnings (with positions) that leave the rule loaded and its scope to inference.
import t from 'tap';
import { loadDetectionFiles } from '../../src/dialects/index.js';
import { parseScopeText } from '../../src/dialects/scope-declaration.js';

const SIGMA = (extra: string): string =>
  `title: Root Sign-In\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  selection:\n    eventName: ConsoleLogin\n    userIdentity.type: Root\n  condition: selection\n${extra}`;

t.test('scope words', async (t) => {
  t.same(parseScopeText('console-login-failure, console-login-success'), { categories: ['console-login-success', 'console-login-failure'] }, 'report order');
  t.same(parseScopeText('root-usage'), { categories: ['console-login-success', 'console-login-failure', 'root-api-call', 'root-console-action', 'assume-root-session'] });
  t.same(parseScopeText('none'), { categories: [] });
  t.match(parseScopeText('none, root-api-call'), { error: /'none' cannot be combined/ });
  t.match(parseScopeText('root-api-calls'), { error: /unknown root category 'root-api-calls'/ });
  t.match(parseScopeText(' '), { error: /empty scope/ });
});

t.test('sigma: trailproof.scope as a list, a word, or empty', async (t) => {
  const load = (extra: string): ReturnType<typeof loadDetectionFiles> => loadDetectionFiles([{ path: 'r.yml', text: SIGMA(extra) }]);
  const list = load('trailproof:\n  scope: [console-login-success, console-login-failure]\n');
  t.same(list.diagnostics, []);
  t.same(list.detections[0]?.meta.scope, ['console-login-success', 'console-login-failure']);
  t.same(load('trailproof:\n  scope: none\n').detections[0]?.meta.scope, []);
  t.same(load('trailproof:\n  scope: []\n').detections[0]?.meta.scope, []);
  t.equal(load('').detections[0]?.meta.scope, undefined, 'no declaration: nothing declared');
  t.equal(load('scope: [server]\n').detections[0]?.meta.scope, undefined, "Sigma 2.0's own scope field is not ours");
});

t.test('sigma: a bad declaration is a positioned warning; the rule loads without a scope', async (t) => {
  const bad = loadDetectionFiles([{ path: 'r.yml', text: SIGMA('trailproof:\n  scope: [console-login, root-api-call]\n  scopes: x\n') }]);
  t.equal(bad.detections.length, 1, 'the rule still loads');
  t.equal(bad.detections[0]?.meta.scope, undefined);
  t.match(bad.diagnostics, [
    { code: 'TP3024', severity: 'warning', file: 'r.yml', line: 12, column: 3, message: /unknown key 'trailproof.scopes'/ },
    { code: 'TP3024', severity: 'warning', file: 'r.yml', line: 11, column: 10, message: /unknown root category 'console-login'.*inferred/ },
  ].sort((a, b) => a.line - b.line));
  const notMap = loadDetectionFiles([{ path: 'r.yml', text: SIGMA('trailproof: root-usage\n') }]);
  t.match(notMap.diagnostics, [{ code: 'TP3024', line: 10, message: /must be a map/ }]);
});

t.test('pattern files: a # scope: header, comments, and the pattern after them', async (t) => {
  const text = '# CIS root usage\n# scope: console-login-success, root-api-call\n{ $.userIdentity.type = "Root" }\n';
  const loaded = loadDetectionFiles([{ path: 'cis.pattern', text }]);
  t.same(loaded.diagnostics, []);
  t.equal(loaded.detections[0]?.text, '{ $.userIdentity.type = "Root" }');
  t.same(loaded.detections[0]?.meta.scope, ['console-login-success', 'root-api-call']);

  const broken = loadDetectionFiles([{ path: 'b.pattern', text: '# scope: console\r\n{ $.userIdentity.type = }\n' }]);
  t.match(broken.diagnostics, [
    { code: 'TP1008', severity: 'warning', line: 1, column: 1, message: /unknown root category 'console'/ },
    { code: 'TP1001', line: 2, column: 25 },
  ], 'pattern errors keep their positions in the file below the header');
  t.equal(broken.detections.length, 0);
});
