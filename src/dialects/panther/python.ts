/**
 * Finding the Python interpreter and the runner, and the one-shot setup check (`runner.py check`).
 *
 * The interpreter is `python3` on PATH unless `TRAILPROOF_PYTHON` (or the library's `python` option)
 * names another; the runner is `runner.py` next to this module (the build copies it into dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The runner script shipped next to this module. */
export const RUNNER = fileURLToPath(new URL('./runner.py', import.meta.url));

/** The interpreter to run: an explicit choice, else `TRAILPROOF_PYTHON`, else `python3`. */
export function pythonCommand(explicit?: string): string {
  return explicit ?? process.env['TRAILPROOF_PYTHON'] ?? 'python3';
}

/** What the runner is started with: the rules and where their helpers and data models are. */
export interface RunnerSetup {
  /** Folders put first on the Python path (`global_helpers/`, `data_models/` of the checkout). */
  readonly paths: readonly string[];
  readonly rules: readonly { readonly file: string; readonly title: string }[];
  readonly dataModels: readonly { readonly file: string | null; readonly mappings: readonly { name: string; path?: string; method?: string }[] }[];
}

/** The runner's answer to its setup: per rule, its load error, provable event names and stand-ins. */
export interface SetupAnswer {
  readonly python: string;
  readonly dateutil: boolean;
  readonly rules: readonly { readonly error: string | null; readonly requiredValues: readonly string[] | null; readonly standIns: readonly string[] }[];
}

/** Runs the setup once and exits: the answer, or why Python could not run the rules at all. */
export function checkSetup(setup: RunnerSetup, python?: string): SetupAnswer | { readonly fatal: string } {
  const command = pythonCommand(python);
  if (!existsSync(RUNNER)) return { fatal: `the runner ${RUNNER} is missing (build the package)` };
  const run = spawnSync(command, [RUNNER, 'check'], { input: `${JSON.stringify(setup)}\n`, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 });
  if (run.error !== undefined) {
    const code = (run.error as NodeJS.ErrnoException).code;
    return { fatal: code === 'ENOENT' ? `${command} not found: Panther rules need Python 3.9 or later (set TRAILPROOF_PYTHON to choose one)` : `${command} failed to start: ${run.error.message}` };
  }
  const line = run.stdout.split('\n')[0] ?? '';
  try {
    const answer = JSON.parse(line) as SetupAnswer | { fatal: string };
    return answer;
  } catch {
    const why = run.stderr.trim().split('\n').slice(-1)[0] ?? `exit code ${run.status}`;
    return { fatal: `${command} could not run the Panther runner: ${why}` };
  }
}
