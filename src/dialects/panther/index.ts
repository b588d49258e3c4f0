/**
 * Panther Python rules: the `panther` dialect (docs/panther.md).
 *
 * Brief overview: a rule's YAML (metadata.ts) names its `.py`; rules are grouped by checkout
 * (layout.ts, rule-set.ts) and run in a long-lived `python3 runner.py` per group, fed records as JSON
 * lines (session.ts; sync-runner.ts blocks the engine's synchronous `match` on the answer). The
 * runner wraps each record in trailproof's own Panther-like event and stands in for Panther's cloud.
 * `Threshold`/`DedupPeriodMinutes` become an alert view (alerts.ts); `runPantherTests` runs the rules'
 * own `Tests:`; `parsePantherRule` is the library form.
 */
export { PantherCode } from './codes.js';
export { pantherDialect, loadPantherFiles } from './dialect.js';
export { parsePantherRule, PantherRuleError } from './rule-api.js';
export type { PantherRule, ParsePantherRuleOptions } from './rule-api.js';
export { runPantherTests } from './unit-tests.js';
export type { PantherTestReport } from './unit-tests.js';
