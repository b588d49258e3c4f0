// Scope inference runs each detection's compiled rule over the canonical root records: the shipped
// rules, with their declarations removed, infer what they declare; a rule about something else fires
// on no example.
import { readFileSync, readdirSync } from 'node:fs';
import t from 'tap';
import { loadDetectionFiles } from '../../src/dialects/index.js';
import type { DetectionFile } from '../../src/dialects/types.js';
import { inferScope } from '../../src/engine/scope/infer-scope.js';

/** A shipped rule file with its scope declaration taken out. */
function undeclared(path: string): DetectionFile {
  const text = readFileSync(path, 'utf8')
    .replace(/^# scope:.*\n/m, '')
    .replace(/^trailproof:\n {4}scope: .*\n/m, '');
  return { path, text };
}

function load(files: DetectionFile[]): ReturnType<typeof loadDetectionFiles> {
  const loaded = loadDetectionFiles(files);
  if (loaded.diagnostics.length > 0) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded;
}

t.test('the shipped rules infer the scopes they declare', async (t) => {
  const files = ['detections/cis-root-usage.pattern', ...readdirSync('detections/sigma').map((f) => `detections/sigma/${f}`)].map(undeclared);
  const loaded = load(files);
  t.ok(loaded.detections.every((d) => d.meta.scope === undefined), 'declarations removed');
  const byTitle = new Map(loaded.detections.map((d) => [d.title, inferScope(d.rule)]));
  const cis = { covered: ['console-login-success', 'console-login-failure', 'root-api-call'], partial: ['root-console-action', 'assume-root-session'], firesOnExample: true };
  t.same(byTitle.get('cis-root-usage'), cis, 'CIS: sign-ins and API calls; console actions and AssumeRoot only in part');
  t.same(byTitle.get('AWS Root User Activity (CIS Root Usage)'), cis, 'the Sigma twin infers the same');
  t.same(byTitle.get('AWS Root User Console Sign-In'), { covered: ['console-login-success'], partial: [], firesOnExample: true });
  t.same(byTitle.get('AWS Root User Console Sign-In Without MFA'), { covered: [], partial: ['console-login-success'], firesOnExample: true });
  t.same(byTitle.get('AWS Root User Created An Access Key'), { covered: [], partial: ['root-api-call'], firesOnExample: true });
});

t.test('a rule about something else fires on no canonical example', async (t) => {
  const loaded = load([{
    path: 'bucket.yml',
    text: 'title: Bucket Deleted\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  selection:\n    eventName: DeleteBucket\n  condition: selection\n',
  }]);
  t.same(inferScope(loaded.detections[0]!.rule), { covered: [], partial: [], firesOnExample: false });
});

t.test('a rule for all root identities covers every usage category', async (t) => {
  const loaded = load([{ path: 'any-root.pattern', text: '{ $.userIdentity.type = "Root" || $.eventName = "AssumeRoot" || $.userIdentity.invokedBy = "signin.amazonaws.com" }' }]);
  t.same(inferScope(loaded.detections[0]!.rule).covered, ['console-login-success', 'console-login-failure', 'root-api-call', 'root-console-action', 'assume-root-session']);
});
