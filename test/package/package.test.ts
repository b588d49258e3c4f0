// The package as a new user meets it (issue 12, items 9 and 10): the README's "try it" command starts
// from the built dist/ with no rebuild, and the licence is Apache-2.0 in package.json, in LICENSE and
// in the packed tarball.
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { REPO, runCli } from '../helpers/cli.js';

const run = promisify(execFile);

t.test("the README's try command runs the built CLI without rebuilding it", async (t) => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = /## Install, try, test\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const lines = block.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l.length > 0);
  t.same(lines[0], 'npm ci');
  t.same(lines[2], 'npm test');
  const tryIt = lines[1]!.split(/\s+/);
  t.same(tryIt.slice(0, 2), ['node', 'dist/cli/bin.js'], 'runs dist/ directly: npx would copy the clone and rebuild it');
  const bin = join(REPO, 'dist', 'cli', 'bin.js');
  const before = statSync(bin).mtimeMs;
  const r = await runCli(tryIt.slice(2));
  t.equal(r.code, 0, r.stderr);
  t.equal((JSON.parse(r.stdout) as { stats: { records: { total: number } } }).stats.records.total > 0, true, 'a JSON report when piped');
  t.equal(statSync(bin).mtimeMs, before, 'dist/ untouched');
});

t.test('Apache-2.0: package.json, LICENSE, and the packed tarball', async (t) => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { license: string };
  t.equal(pkg.license, 'Apache-2.0');
  const license = readFileSync(join(REPO, 'LICENSE'), 'utf8');
  t.match(license, /^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
  t.match(license, /Copyright 2026 The trailproof authors/);
  // --ignore-scripts: listing the tarball must not rebuild dist/.
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO });
  const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/cli/bin.js', 'dist/scale/lambda.js', 'deploy/state-machine.asl.json', 'deploy/scale-out.yaml', 'detections/cis-root-usage.pattern', 'dist/dialects/panther/runner.py', 'detections/panther/root_usage.py']) t.ok(files.includes(f), `${f} is packed`);
  // The compiler's incremental state (dist/.tsbuildinfo*) is build state, not part of the package.
  t.same(files.filter((f) => f.includes('tsbuildinfo')), []);
});
