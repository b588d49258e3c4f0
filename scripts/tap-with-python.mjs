// Runs tap with TRAILPROOF_PYTHON set to the interpreter `python3` really is. The suite starts Python
// for Panther rules a few hundred times (each replay's main thread and every worker), and `python3`
// on PATH may be a version manager's shim: pyenv's takes 0.4 s to start here against 0.1 s for the
// interpreter itself, which cost cli/group.ts and replay-formats.solo.test.ts ~2.5 s each. Resolved
// once here, every test process and every CLI they spawn inherit it. A TRAILPROOF_PYTHON already set
// is kept; without python3 nothing is set, and the Panther tests say what is missing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env };
if (env.TRAILPROOF_PYTHON === undefined) {
  const found = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  const executable = found.status === 0 ? found.stdout.trim() : '';
  if (executable !== '') env.TRAILPROOF_PYTHON = executable;
}
const tap = fileURLToPath(new URL('../node_modules/.bin/tap', import.meta.url));
const run = spawnSync(tap, process.argv.slice(2), { stdio: 'inherit', env });
process.exit(run.status ?? 1);
