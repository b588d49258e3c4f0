/**
 * `trailproof panther-test <paths...>`: runs the `Tests:` of Panther rule YAML files (with `Mocks:`)
 * through trailproof's runner, like `panther_analysis_tool test`: one line per test, a summary, exit 1
 * when a test fails or a rule does not load, 5 when there is no test at all.
 */
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { runPantherTests } from '../../dialects/panther/index.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../output.js';

/** Flags of `panther-test`. */
export interface PantherTestFlags {
  readonly python?: string;
}

/** Runs the tests; returns the exit code. */
export async function runPantherTestCommand(paths: readonly string[], flags: PantherTestFlags, io: CliIO): Promise<number> {
  const report = await runPantherTests(paths, flags.python !== undefined ? { python: flags.python } : {});
  for (const d of report.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  for (const rule of report.rules) {
    if (rule.error !== null) {
      io.stdout.write(`ERROR ${rule.ruleId} (${rule.file}): not loaded: ${rule.error}\n`);
      continue;
    }
    for (const t of rule.tests) {
      const got = t.result === null ? 'error' : String(t.result);
      const why = t.error !== null ? `: ${t.error}` : t.passed ? '' : `: got ${got}`;
      io.stdout.write(`${t.passed ? 'PASS' : 'FAIL'} ${rule.ruleId}: ${t.name}${why}\n`);
    }
  }
  io.stdout.write(`${report.passed} passed, ${report.failed} failed\n`);
  if (report.failed > 0 || report.diagnostics.some((d) => d.severity === 'error')) return EXIT.MISSED;
  return report.passed === 0 ? EXIT.NO_EXPECTATIONS : EXIT.OK;
}
