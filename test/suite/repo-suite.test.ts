// The repository's own suite (trailproof.yml at the root: the shipped detections over fixtures/, with
// its committed baseline) must pass: issue 6, "The repo's own detections/ and fixtures/ get a suite that
// CI runs". When a rule or a fixture changes on purpose, review the diff this prints and refresh the
// baseline with `trailproof test --update-baseline`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { runTest } from '../../src/cli/commands/test.js';
import { captureIO } from './capture-io.js';

t.test('trailproof.yml passes with its baseline', async (t) => {
  const suite = fileURLToPath(new URL('../../trailproof.yml', import.meta.url));
  const out = captureIO();
  const code = await runTest([suite], { workers: '0' }, out.io);
  t.equal(code, 0, out.stdout());
  t.match(out.stdout(), /\n\d+ passed, 0 failed\n$/);
  // Every detection of the baseline is unchanged (a rule added to detections/ since is new, not a failure).
  const baseline = JSON.parse(readFileSync(new URL('../../trailproof.baseline.json', import.meta.url), 'utf8')) as { detections: Record<string, unknown> };
  t.equal(out.stdout().match(/✓ detections\/[^\n]*: no regressions {2}unchanged\n/g)?.length, Object.keys(baseline.detections).length);
  t.equal(out.stderr(), '');
});
