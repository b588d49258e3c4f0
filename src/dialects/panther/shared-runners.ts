/**
 * The replay's runners: one per checkout and thread, started when its rules load and kept for the
 * thread's life, so loading the same rules again (the CLI lists them, then the replay plans them) costs
 * no new Python start-up. Its setup answer is the load check. Module state of a rule therefore lives
 * as long as in Panther's own long-lived workers; the cache stand-in is still emptied per rule and
 * record. A rule file changed on disk gets a new runner.
 */
import { statSync } from 'node:fs';
import { pythonCommand, type RunnerSetup, type SetupAnswer } from './python.js';
import { SyncSession } from './session.js';

interface Shared {
  readonly stamp: string;
  readonly session: SyncSession | null;
  readonly check: SetupAnswer | { readonly fatal: string };
}

const runners = new Map<string, Shared>();

function stampOf(setup: RunnerSetup): string {
  return setup.rules
    .map((r) => {
      try {
        return String(statSync(r.file).mtimeMs);
      } catch {
        return 'missing';
      }
    })
    .join(',');
}

/** The thread's runner for a rule set, and its check. */
export function sharedRunner(setup: RunnerSetup, python?: string): Shared {
  const key = `${pythonCommand(python)}\n${JSON.stringify(setup)}`;
  const stamp = stampOf(setup);
  const known = runners.get(key);
  if (known !== undefined && known.stamp === stamp) return known;
  known?.session?.close();
  const session = new SyncSession(setup, python);
  let shared: Shared;
  try {
    shared = { stamp, session, check: session.check() };
  } catch (e) {
    shared = { stamp, session: null, check: { fatal: (e as Error).message } };
  }
  runners.set(key, shared);
  return shared;
}
