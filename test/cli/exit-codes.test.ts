// Exit codes and usage errors as a user meets them through the built bin (issue 12, items 6 and 7):
// a suite with no expectations exits 5 as pytest does with no tests; a bad choice prints one line and
// a hint, not the whole help.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/cli.js';

t.test('a suite with no expectations exits 5: no expectations collected', async (t) => {
  const dir = t.testdir({ 'detections': { 'root.pattern': '{ $.userIdentity.type = "Root" }\n' }, 'samples': {} });
  writeFileSync(join(dir, 'samples', 'r.jsonl'), `${JSON.stringify({ eventVersion: '1.08', eventTime: '2024-01-01T00:00:00Z', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventID: 'e1', userIdentity: { type: 'Root' } })}\n`);
  writeFileSync(join(dir, 'trailproof.yml'), 'sources: [samples]\ndetections: [detections]\n');
  const r = await runCli(['test', 'trailproof.yml', '--workers', '0'], { cwd: dir });
  t.equal(r.code, 5, r.stderr);
  t.match(r.stderr, /no expectations collected/);
});

t.test('a bad --format value is one line with a hint, not the whole help', async (t) => {
  const r = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'yaml']);
  t.equal(r.code, 2);
  t.match(r.stderr, /argument 'yaml' is invalid\. Allowed choices are table, json, markdown, junit\./);
  t.match(r.stderr, /\(run with --help for usage\)/);
  t.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
});
