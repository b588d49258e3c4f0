// The interpreter `python3` really is, for TRAILPROOF_PYTHON. Panther rules start a Python runner in
// every thread of a replay, and `python3` on PATH may be a version manager's shim: pyenv's takes 0.4 s
// to start here against 0.1 s for the interpreter itself, and under npm's PATH another ~0.2 s of
// waiting per start (a replay of the fixture trail: 1.58 s through the shim, 0.96 s without).
import { spawnSync } from 'node:child_process';

/** `env` with TRAILPROOF_PYTHON set to python3's own executable, unless it is set already or there is no python3. */
export function withPython(env) {
  if (env.TRAILPROOF_PYTHON !== undefined) return env;
  const found = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', env });
  const executable = found.status === 0 ? found.stdout.trim() : '';
  return executable !== '' ? { ...env, TRAILPROOF_PYTHON: executable } : env;
}
