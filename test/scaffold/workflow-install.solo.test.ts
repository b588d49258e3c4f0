// The workflow `trailproof init` writes works as written for the version that wrote it (issue 12,
// item 11): run from this checkout, init packs this trailproof into .trailproof/ and the workflow
// installs that tarball. The test runs the workflow's own install and test steps (those that are not
// GitHub actions) in the scaffold folder, with bash as a runner would, and checks the reports.
//
// npm resolves each dependency from the registry's metadata unless a satisfying copy is installed
// already, and the AWS SDK's metadata is large: on a fresh machine (tarballs cached by `npm ci`,
// metadata not) the install step alone took about 50 s. So the checkout's installed runtime
// dependencies (scripts/runtime-dependencies.mjs) are copied into the scaffold's node_modules first:
// the workflow's command still installs trailproof from the tarball, against those copies, without
// the network. A dependency the tarball needs and the lockfile lacks is still fetched.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { parse } from 'yaml';
import { REPO, runCli } from '../helpers/cli.js';
import { runtimeDependencyDirs } from '../../scripts/runtime-dependencies.mjs';
import { VERSION } from '../../src/version.js';

const run = promisify(execFile);

interface Workflow {
  jobs: { test: { steps: { name?: string; run?: string; uses?: string }[] } };
}

t.test('init from a checkout vendors this trailproof; the workflow installs it and the suite passes', async (t) => {
  const dir = t.testdir({});
  const init = await runCli(['init', dir]);
  t.equal(init.code, 0, init.stderr);
  const tarball = `.trailproof/trailproof-${VERSION}.tgz`;
  t.match(init.stdout, `created      ${tarball} (this trailproof, packed`);
  t.ok(existsSync(join(dir, tarball)));

  const workflow = parse(readFileSync(join(dir, '.github/workflows/trailproof.yml'), 'utf8')) as Workflow;
  const steps = workflow.jobs.test.steps.filter((s) => s.run !== undefined && !s.run.includes('GITHUB_STEP_SUMMARY'));
  t.same(steps.map((s) => s.name), ['Install trailproof', 'Replay the samples through the detections']);
  t.equal(steps[0]!.run, `npm install --no-save --no-package-lock --no-audit --no-fund ./${tarball}`);
  for (const path of runtimeDependencyDirs(REPO)) cpSync(join(REPO, path), join(dir, path), { recursive: true });
  const env = { ...process.env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };
  for (const step of steps) {
    const r = await run('bash', ['-eo', 'pipefail', '-c', step.run!], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    t.equal('code' in r ? r.code : 0, 0, `${step.name}: ${'stderr' in r ? r.stderr : ''}`);
  }
  t.match(readFileSync(join(dir, 'reports/trailproof.md'), 'utf8'), /passed/);
  t.match(readFileSync(join(dir, 'reports/trailproof.xml'), 'utf8'), /<testsuites[^>]* failures="0"/);
  t.ok(existsSync(join(dir, 'reports/trailproof.sarif')));
});

t.test('--install names the spec; no tarball is packed', async (t) => {
  const dir = t.testdir({});
  const init = await runCli(['init', dir, '--install', 'trailproof@9.9.9']);
  t.equal(init.code, 0, init.stderr);
  t.notOk(existsSync(join(dir, '.trailproof')));
  t.match(readFileSync(join(dir, '.github/workflows/trailproof.yml'), 'utf8'), /run: npm install --no-save --no-package-lock --no-audit --no-fund trailproof@9\.9\.9\n/);
});
