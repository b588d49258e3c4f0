/**
 * EventBridge event patterns: the `eventbridge` dialect.
 *
 * Brief overview: `parseEventPattern` validates a pattern (JSON text or a parsed value) as EventBridge
 * does, throwing `EventPatternError` with AWS's `InvalidEventPatternException` reason, and matches events
 * exactly as EventBridge does. `envelopeOf` turns a CloudTrail record into the event EventBridge
 * delivers (the `eventbridge` field mapping, src/dialects/mapping/eventbridge.ts); the dialect matches
 * each record's envelope. Every decision is documented in docs/eventbridge.md.
 *
 * Pipeline: json-text.ts → compile-pattern.ts (model.ts) → match.ts; literals.ts, dialect.ts.
 *
 * ```ts
 * import { envelopeOf, parseEventPattern } from './dialects/eventbridge/index.js';
 * const p = parseEventPattern('{"detail": {"userIdentity": {"type": ["Root"]}}}');
 * p.matches(envelopeOf({ eventSource: 'iam.amazonaws.com', userIdentity: { type: 'Root' } })); // true
 * ```
 */
export { EventBridgeCode } from './codes.js';
export { eventBridgeDialect, loadEventBridgeFile } from './dialect.js';
export { DETAIL_TYPES, envelopeOf, sourceOf } from '../mapping/eventbridge.js';
export { EventPatternError } from './errors.js';
export { prefilterOf } from './literals.js';
export { parseEventPattern } from './pattern.js';
export type { EventPattern } from './pattern.js';
export { isReadOnlyManagementEvent, ruleArnParts, undeliveredReason, UNKNOWN_DEPLOYMENT } from './delivery.js';
export type { RuleDeployment } from './delivery.js';
