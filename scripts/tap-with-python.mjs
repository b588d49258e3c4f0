// Runs tap with TRAILPROOF_PYTHON set to the interpreter `python3` really is (scripts/resolve-python.mjs):
// the suite starts Python for Panther rules a few hundred times, and through pyenv's shim that cost
// cli/group.ts and replay-formats.solo.test.ts ~2.5 s each. Resolved once here, every test process and
// every CLI they spawn inherit it. A TRAILPROOF_PYTHON already set is kept; without python3 nothing is
// set, and the Panther tests say what is missing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withPython } from './resolve-python.mjs';

const tap = fileURLToPath(new URL('../node_modules/.bin/tap', import.meta.url));
const run = spawnSync(tap, process.argv.slice(2), { stdio: 'inherit', env: withPython(process.env) });
process.exit(run.status ?? 1);
