// The engine's root prefilter must be sound for classifyRoot: every record classifyRoot calls root
// passes it, however the JSON is spelled (docs/root-usage.md "Prefilter"; the ripgrep contract in
// src/dialects/types.ts: may report false positives, must never report false negatives). The engine
// tests hasRootLiteral on the text, and on the text with its \u escapes decoded when it has some
// (a malformed \u escape: the record is parsed).
import t from 'tap';
import { decodeUnicodeEscapes } from '../../src/engine/unicode-escapes.js';
import { classifyRoot, hasRootLiteral } from '../../src/record/root.js';
import type { JsonObject } from '../../src/record/view.js';
import { generate, pick, rng, serialize } from './generate.js';
import { assumeRootCall, assumedRoleDescribeInstances, iamUserConsoleLogin, rootConsoleLogin } from './records.js';

/** The engine's test (src/engine/evaluate.ts). */
function isRootCandidateText(text: string): boolean {
  const decoded = text.includes('\\u') ? decodeUnicodeEscapes(text) : null;
  return hasRootLiteral(text) || (decoded === null && text.includes('\\u')) || (decoded !== null && hasRootLiteral(decoded));
}

t.test('sound on generated records, spelled many ways', async (t) => {
  const r = rng(20240603);
  let root = 0;
  let unsound = 0;
  let escapedRoot = 0;
  for (let i = 0; i < 6000; i++) {
    const rec = generate(r);
    const text = serialize(r, rec, pick(r, [0, 0, 0.05, 0.5]));
    const parsed = JSON.parse(text) as JsonObject;
    if (classifyRoot(parsed) === null) continue;
    root++;
    if (text.includes('\\u')) escapedRoot++;
    if (!isRootCandidateText(text)) {
      unsound++;
      if (unsound <= 3) t.fail(`prefilter rejected a root record: ${text}`);
    }
  }
  t.equal(unsound, 0, 'no root record rejected');
  t.ok(root > 1000, `enough root records generated (${root})`);
  t.ok(escapedRoot > 100, `enough of them with \\u escapes (${escapedRoot})`);
});

t.test('admits the root shapes, escaped or not, rejects non-root records', async (t) => {
  t.ok(isRootCandidateText(JSON.stringify(rootConsoleLogin())), '"Root" identity type');
  t.ok(isRootCandidateText(JSON.stringify(assumeRootCall(false))), 'AssumeRoot call without the session flag');
  t.ok(isRootCandidateText('{"userIdentity":{"sessionContext":{"assumedRoot":"true"}}}'), 'assumedRoot flag');
  t.ok(isRootCandidateText('{"userIdentity":{"type":"\\u0052oot"}}'), '\\u-escaped type');
  t.ok(isRootCandidateText('{"userIdentity":{"type":"\\u0052\\u006f\\u006F\\u0074"}}'), 'every letter escaped, hex in either case');
  t.ok(isRootCandidateText('{"eventName":"\\u0041ssumeRoot"}'), 'an escaped AssumeRoot');
  t.ok(isRootCandidateText('{"eventName":"x\\u00"}'), 'a malformed escape (parsed, to be reported)');
  t.notOk(isRootCandidateText('{"userName":"\\u00c9quipe","type":"IAMUser"}'), 'escaped non-root text');
  t.notOk(isRootCandidateText('{"path":"C:\\\\u0052oot"}'), 'an escaped backslash, then u0052oot: no escape, no Root');
  t.notOk(isRootCandidateText('Root"'), 'a bare Root at the very start is not a quoted value');
  t.notOk(isRootCandidateText(JSON.stringify(iamUserConsoleLogin())), 'IAM user sign-in');
  t.notOk(isRootCandidateText(JSON.stringify(assumedRoleDescribeInstances())), 'assumed-role call');
  t.notOk(isRootCandidateText('{"requestParameters":{"name":"RootCertificate","arn":"arn:aws:iam::1:root"}}'), '"Root" only inside a longer word');
});
