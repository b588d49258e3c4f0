// The canonical root records scope inference runs on: each one is what it claims to be, by the same
// classification the replay uses, and every category has an example.
import t from 'tap';
import { CANONICAL_RECORDS } from '../../src/engine/scope/canonical-records.js';
import { classifyRoot } from '../../src/record/root.js';
import { ROOT_CONTEXT_CATEGORIES, ROOT_USAGE_CATEGORIES } from '../../src/report/model.js';

t.test('each canonical record classifies as its category', async (t) => {
  for (const c of CANONICAL_RECORDS) t.equal(classifyRoot(c.record)?.category, c.category, `${c.category}/${c.variant}`);
});

t.test('every root category has an example; variants the issue names are there', async (t) => {
  for (const category of [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES]) {
    t.ok(CANONICAL_RECORDS.some((c) => c.category === category), category);
  }
  const names = CANONICAL_RECORDS.map((c) => `${c.category}/${c.variant}`);
  t.equal(new Set(names).size, names.length, 'variant names are unique');
  const root = (c: (typeof CANONICAL_RECORDS)[number]): ReturnType<typeof classifyRoot> => classifyRoot(c.record);
  const logins = CANONICAL_RECORDS.filter((c) => c.category === 'console-login-success').map((c) => root(c)?.mfaUsed);
  t.same(logins, [true, false], 'successful sign-ins with and without MFA');
  const calls = CANONICAL_RECORDS.filter((c) => c.category === 'root-api-call').map((c) => root(c)?.outcome);
  t.same(calls, ['success', 'success', 'failure'], 'API calls that succeed and one that is denied');
  const assume = CANONICAL_RECORDS.filter((c) => c.category === 'assume-root-session').map((c) => c.record['eventName']);
  t.same(assume, ['AssumeRoot', 'DeleteBucketPolicy'], 'the AssumeRoot call and its session');
});
