/**
 * One test process per folder. Starting a test process (tap's loaders, tsx, then the modules the tests
 * import: the engine, the AWS SDK) costs far more than most test files take to run, so each folder's
 * `group.ts` runs all its `*.test.ts` files in one process, in name order (docs/testing.md has the
 * measurements). A file that is slow on its own is named `*.solo.test.ts` and tap runs it in a process
 * of its own, so no process comes near tap's per-file time limit.
 *
 * Every file stays runnable alone: `npx tap test/cwl/json.test.ts`.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The test files a folder's group runs: `*.test.ts`, not `*.solo.test.ts`, sorted. */
export function groupMembers(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.test.ts') && !name.endsWith('.solo.test.ts'))
    .sort();
}

/** Imports, one after the other, every member of the folder holding `groupUrl` (a group's `import.meta.url`). */
export async function runGroup(groupUrl: string): Promise<void> {
  const folder = dirname(fileURLToPath(groupUrl));
  for (const name of groupMembers(folder)) await import(pathToFileURL(`${folder}/${name}`).href);
}
