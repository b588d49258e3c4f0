/**
 * Runs the `Tests:` of Panther rule YAML files (with their `Mocks:`), as `panther_analysis_tool test`
 * does: a test passes when `rule()` returns `ExpectedResult` and, for a match, no alert function raises.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { ANALYSIS_TYPE, readAnalysis } from './metadata.js';
import { checkRuleGroups, type RuleSource } from './rule-set.js';
import { AsyncSession, type TestOutcome } from './session.js';

/** The outcome of one rule's tests. */
export interface RuleTests {
  readonly file: string;
  readonly ruleId: string;
  readonly tests: readonly TestOutcome[];
  /** Why the rule's tests could not run (python missing, rule did not load). */
  readonly error: string | null;
}

/** What `runPantherTests` found. */
export interface PantherTestReport {
  readonly rules: readonly RuleTests[];
  readonly passed: number;
  readonly failed: number;
  /** Problems in the YAML files themselves. */
  readonly diagnostics: readonly Diagnostic[];
}

async function yamlFiles(path: string, out: string[]): Promise<void> {
  if ((await stat(path)).isDirectory()) {
    for (const name of (await readdir(path)).sort()) if (!name.startsWith('.')) await yamlFiles(join(path, name), out);
  } else if (/\.ya?ml$/i.test(path)) {
    out.push(path);
  }
}

/** Runs every rule's unit tests under `paths` (files or folders); rules of any log type are tested. */
export async function runPantherTests(paths: readonly string[], options: { readonly python?: string } = {}): Promise<PantherTestReport> {
  const files: string[] = [];
  for (const p of paths) await yamlFiles(p, files);
  const sources: RuleSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    if (!ANALYSIS_TYPE.test(text)) continue;
    const read = readAnalysis(file, text);
    diagnostics.push(...read.diagnostics);
    if (read.analysis?.kind === 'rule') sources.push({ yaml: file, meta: read.analysis });
  }
  const rules: RuleTests[] = [];
  for (const group of checkRuleGroups(sources, options.python)) {
    const check = group.check;
    const session = 'fatal' in check ? null : new AsyncSession(group.setup, options.python);
    try {
      for (const [i, r] of group.rules.entries()) {
        const base = { file: r.yaml, ruleId: r.meta.ruleId };
        const loadError = 'fatal' in check ? check.fatal : check.rules[i]!.error;
        if (loadError !== null || session === null) {
          rules.push({ ...base, tests: [], error: loadError });
          continue;
        }
        rules.push({ ...base, tests: r.meta.tests.length > 0 ? await session.test(i, r.meta.tests) : [], error: null });
      }
    } finally {
      session?.close();
    }
  }
  const all = rules.flatMap((r) => r.tests);
  const passed = all.filter((t) => t.passed).length;
  return { rules, passed, failed: all.length - passed + rules.filter((r) => r.error !== null).length, diagnostics };
}
