/**
 * Diagnostic codes of the Splunk SPL dialect (the `TP8xxx` range), listed in docs/splunk.md.
 *
 * Tests assert on codes, so the message wording can change without breaking them.
 */
export const SplunkCode = {
  /** The search does not parse: unbalanced quotes or brackets, a malformed search or eval expression. */
  syntax: 'TP8001',
  /** A command SPL does not have. */
  unknownCommand: 'TP8002',
  /** An undefined macro, a wrong argument count, or macros that expand forever. */
  macro: 'TP8003',
  /** The rule file (YAML, `.conf`) does not read, or holds no search. */
  file: 'TP8004',
  /** A macros or props file given with `--splunk-macros` / `--splunk-props` does not read. */
  settings: 'TP8005',
  /** The search names a field the record model never gives (e.g. `userName` in the 2021 root rules). */
  fieldNotInModel: 'TP8006',
  /** An unquoted dotted name in eval/where: `.` is concatenation there (digest §4.4). */
  evalDottedName: 'TP8007',
  /** `x!=v` on a field that can hold several values: Splunk's behaviour is not documented (digest §3.10). */
  multivalueNotEqual: 'TP8008',
  /** Library only: the search needs Splunk state (tstats, lookups, ...) or a command outside the subset. */
  notReplayable: 'TP8009',
} as const;
