/**
 * Rules over many records as one declarative aggregate (docs/dialects.md "Rules over many records: the
 * aggregate"). A dialect builds an `AggregateSpec` (windows) or a `SequenceSpec` (a state machine) and
 * turns it into a `CorrelationDetection` with `aggregateDetection`; the engine feeds it every input
 * match after the replay.
 */
import type { CorrelationDetection } from '../types.js';
import { evaluateAggregate } from './evaluate.js';
import { checkSpec, type AggregateSpec, type SequenceSpec } from './spec.js';

export { evaluateAggregate, type AggregateResult } from './evaluate.js';
export type { AggregateInput, AggregateSpec, AggregateTest, AggregateWindow, CompareOp, Firing, Measure, SequenceInput, SequenceSpec, SequenceStep } from './spec.js';

/** A `CorrelationDetection` evaluating `spec`; `head` is everything but `evaluate`. */
export function aggregateDetection(head: Omit<CorrelationDetection, 'evaluate'>, spec: AggregateSpec | SequenceSpec): CorrelationDetection {
  checkSpec(spec);
  return { ...head, evaluate: (events) => evaluateAggregate(spec, events).ordinals };
}
