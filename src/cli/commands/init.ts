/**
 * `trailproof init [dir]`: scaffolds a detection repository (a suite, `detections/` with the CIS
 * root-usage pattern, sample CloudTrail records and a GitHub Actions workflow) on which `trailproof test`
 * passes as written, locally and in the workflow.
 */
import { relative, resolve } from 'node:path';
import { installedFromRegistry, vendorTarball } from '../../scaffold/install-spec.js';
import { writeScaffold } from '../../scaffold/scaffold.js';
import { VERSION } from '../../version.js';
import { EXIT, UsageError } from '../exit-codes.js';
import type { CliIO } from '../output.js';

/** The options `init` takes. */
export interface InitFlags {
  /** Overwrite files that already exist. */
  readonly force?: boolean;
  /** The npm package spec the workflow installs trailproof from (default: see install-spec.ts). */
  readonly install?: string;
}

/** Runs `init`; returns the exit code (0; existing files are kept and listed unless --force). */
export async function runInit(args: readonly string[], flags: InitFlags, io: CliIO): Promise<number> {
  const dir = args[0] ?? '.';
  const lines: string[] = [];
  let install = flags.install;
  if (install === undefined) {
    if (installedFromRegistry()) install = `trailproof@${VERSION}`;
    else {
      try {
        install = await vendorTarball(dir);
      } catch (e) {
        throw new UsageError(`cannot pack this trailproof for the workflow (${(e as Error).message.split('\n')[0]}); give --install SPEC (e.g. trailproof@${VERSION})`);
      }
      lines.push(`created      ${install.slice(2)} (this trailproof, packed: the workflow installs it; commit it)`);
    }
  }
  const result = await writeScaffold(dir, { install, ...(flags.force === true ? { force: true } : {}) });
  for (const f of result.created) lines.push(`created      ${f}`);
  for (const f of result.overwritten) lines.push(`overwritten  ${f}`);
  for (const f of result.kept) lines.push(`kept         ${f} (exists; --force to overwrite)`);
  lines.push('', 'next:');
  // The folder as the user typed it; quoted when a shell would split or expand it.
  if (relative(process.cwd(), resolve(dir)) !== '') lines.push(`  cd ${/^[\w./-]+$/.test(dir) ? dir : JSON.stringify(dir)}`);
  lines.push('  trailproof test                    # replays samples/ through detections/: all checks pass');
  lines.push('  trailproof test --update-baseline  # records trailproof.baseline.json to review rule changes against');
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.OK;
}
