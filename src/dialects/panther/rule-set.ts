/**
 * Panther rules grouped by checkout, each group checked once by the runner (`runner.py check`): which
 * rules load, which event names each provably requires, which stand-ins each may depend on.
 */
import { checkoutRoot, cloudTrailDataModels, pythonPaths } from './layout.js';
import type { PantherRuleMeta } from './metadata.js';
import { checkSetup, type RunnerSetup, type SetupAnswer } from './python.js';

/** A rule file read: its YAML path and metadata. */
export interface RuleSource {
  readonly yaml: string;
  readonly meta: PantherRuleMeta;
}

/** The rules of one checkout and what the runner said about them. */
export interface RuleGroup {
  readonly root: string;
  readonly rules: readonly RuleSource[];
  readonly setup: RunnerSetup;
  /** The runner's answer, or why Python could not run at all. */
  readonly check: SetupAnswer | { readonly fatal: string };
}

/** The title Panther gives an alert when the rule has no `title()`. */
export function defaultTitle(meta: PantherRuleMeta): string {
  return meta.displayName ?? meta.ruleId;
}

/** Groups rules by checkout root (sorted) and checks each group (by default with `runner.py check`). */
export function checkRuleGroups(
  rules: readonly RuleSource[],
  python?: string,
  check: (setup: RunnerSetup) => SetupAnswer | { readonly fatal: string } = (setup) => checkSetup(setup, python),
): RuleGroup[] {
  const byRoot = new Map<string, RuleSource[]>();
  for (const r of rules) {
    const root = checkoutRoot(r.yaml);
    let list = byRoot.get(root);
    if (list === undefined) byRoot.set(root, (list = []));
    list.push(r);
  }
  return [...byRoot.keys()].sort().map((root) => {
    const list = byRoot.get(root)!;
    const setup: RunnerSetup = {
      paths: pythonPaths(root),
      rules: list.map((r) => ({ file: r.meta.filename, title: defaultTitle(r.meta) })),
      dataModels: cloudTrailDataModels(root).map((m) => ({ file: m.filename, mappings: m.mappings })),
    };
    return { root, rules: list, setup, check: check(setup) };
  });
}
