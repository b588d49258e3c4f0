/**
 * The declarative form of a rule over many records (issue 13, "Rules over many records"). Window form
 * (`AggregateSpec`): which per-record matches feed it, how they are grouped, which windows are looked
 * at, and what must hold in a window for it to fire (Sigma correlations, Elastic threshold rules, Panther
 * alert grouping). Sequence form (`SequenceSpec`): steps, `until`, missing steps and maxspan for a state
 * machine (EQL sequences and samples). Dialects only build one of these; `evaluate.ts` is the one
 * evaluator (docs/dialects.md "Rules over many records").
 */

/** A comparison of a measure with a number (Sigma's operator names). */
export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

/** What is measured over the occurrences of one window. */
export type Measure =
  /** Distinct records; an occurrence counts as its first record, so one record matched by two inputs counts once. */
  | { readonly kind: 'count' }
  /** Distinct tuples of the given value slots, counting only occurrences where every slot has a value. */
  | { readonly kind: 'distinct-values'; readonly slots: readonly number[] }
  /** Distinct inputs; with `ordered`, the length of the in-order chain instead (see `AggregateSpec.ordered`). */
  | { readonly kind: 'distinct-inputs' }
  /** Over the numeric values of one slot (blank and non-numeric values skipped). */
  | { readonly kind: 'sum'; readonly slot: number }
  | { readonly kind: 'avg'; readonly slot: number }
  /** Nearest-rank percentile, `rank` in 0..100. */
  | { readonly kind: 'percentile'; readonly slot: number; readonly rank: number };

/** One conjunct of the condition. */
export interface AggregateTest {
  readonly measure: Measure;
  readonly op: CompareOp;
  readonly value: number;
}

/** Where an input's occurrences come from. */
export type AggregateInput =
  | {
      readonly kind: 'records';
      /**
       * The `CorrelationInput.detectionId` whose matches this input takes; null takes every match handed
       * over (a one-input aggregate whose input gets its id only when the dialect links it).
       */
      readonly detectionId: string | null;
      /** Indexes into `CorrelationInput.fields` of the group keys, in `groupBy` order. */
      readonly keys: readonly number[];
      /** Indexes into `CorrelationInput.fields` of the value slots the measures read. */
      readonly values: readonly number[];
    }
  | {
      /** The firings of another aggregate over the same matches (Sigma's chained correlations). */
      readonly kind: 'aggregate';
      readonly spec: AggregateSpec;
      /** Indexes into the inner aggregate's group key, in `groupBy` order. Such an input has no value slots. */
      readonly keys: readonly number[];
    };

/**
 * Which windows of a group's time-sorted occurrences are looked at:
 * - `sliding-forward`: one per occurrence, from it to every later one within `span` ([t, t + span]);
 * - `look-back`: one per occurrence, from the earliest one less than `span` before it to it ((t - span, t]);
 * - `fixed-from-first`: consecutive windows, each opened by the first occurrence after the previous one
 *   closed and closed `span` later ([first, first + span)).
 */
export interface AggregateWindow {
  readonly kind: 'sliding-forward' | 'look-back' | 'fixed-from-first';
  /** Milliseconds. */
  readonly span: number;
}

/** A rule over many records, tested over windows. */
export interface AggregateSpec {
  /** Optional so the window form needs no tag; `SequenceSpec` is the other form. */
  readonly kind?: 'windows';
  readonly inputs: readonly AggregateInput[];
  readonly groupBy: {
    /** Number of group keys; every input has this many `keys`. Zero puts every occurrence in one group. */
    readonly width: number;
    /** A key without a value: a group of its own (null is a value) or no group at all (the occurrence is dropped). */
    readonly nullKey: 'own-group' | 'no-bucket';
  };
  readonly window: AggregateWindow;
  /**
   * The inputs must occur in their listed order: a window starts only at an occurrence of input 0 and
   * ends at the last occurrence of the chain picked greedily (input 1 after it, input 2 after that, one
   * record never two links); `distinct-inputs` is the chain's length.
   */
  readonly ordered: boolean;
  /** Every test must hold; a measure with no numbers to compute over (sum of nothing) fails every test. */
  readonly condition: readonly AggregateTest[];
}

/** The matches of one detection, keyed (an input of a `SequenceSpec`). */
export interface SequenceInput {
  /** The `CorrelationInput.detectionId` whose matches this input takes. */
  readonly detectionId: string;
  /**
   * Indexes into `CorrelationInput.fields` of the join keys; every input of a spec has as many. A match
   * with a null key takes no part (an optional key is the dialect's business: it gives a non-null value).
   */
  readonly keys: readonly number[];
}

/** A step: a match of its input takes the step; a `missing` step's match instead drops the sequences around it. */
export interface SequenceStep extends SequenceInput {
  readonly missing?: boolean;
}

/**
 * A rule over many records decided by a state machine instead of windows (EQL sequences and samples;
 * sequence.ts has the semantics). Occurrences of one record (same `eventID` and time, or the same
 * ordinal without an `eventID`) are one record, whatever steps they match.
 */
export interface SequenceSpec {
  readonly kind: 'sequence';
  /**
   * In order (a step repeated N times is listed N times). A sequence needs one record per positive
   * step, in time order; a missing step sits between the positive steps around it.
   */
  readonly steps: readonly SequenceStep[];
  /** Its matches drop every pending sequence of their key (never in a sample). */
  readonly until: SequenceInput | null;
  /** Milliseconds from a sequence's first record to its last, inclusive; null: unbounded. */
  readonly maxspan: number | null;
  /** The steps match in any order, over the whole replay, one sample per key (no missing steps, no `until`, no maxspan). */
  readonly sample: boolean;
}

/**
 * One episode: overlapping firing windows of one group merged, with the time of its last occurrence; or
 * one completed sequence (or sample), with the time of its last record.
 */
export interface Firing {
  readonly time: number;
  /** Ascending. */
  readonly ordinals: readonly number[];
  /** The group key of its last occurrence (a sequence's join key). */
  readonly key: readonly (string | null)[];
  /** Sequences and samples only: each positive step's record, as its ordinals (ascending), in step order. */
  readonly steps?: readonly (readonly number[])[];
}

/** Throws when a spec's parts disagree (a dialect's bug, not a rule author's). */
export function checkSpec(spec: AggregateSpec | SequenceSpec): void {
  if (spec.kind === 'sequence') {
    const positive = spec.steps.filter((s) => s.missing !== true);
    if (positive.length === 0) throw new Error('sequence aggregate has no positive step');
    const width = spec.steps[0]!.keys.length;
    for (const input of spec.until === null ? spec.steps : [...spec.steps, spec.until]) {
      if (input.keys.length !== width) throw new Error(`sequence aggregate input has ${input.keys.length} join keys, expected ${width}`);
    }
    if (spec.sample && (spec.until !== null || spec.maxspan !== null || positive.length !== spec.steps.length)) throw new Error('a sample has no until, maxspan or missing step');
    return;
  }
  for (const input of spec.inputs) {
    if (input.keys.length !== spec.groupBy.width) throw new Error(`aggregate input has ${input.keys.length} group keys, expected ${spec.groupBy.width}`);
    if (input.kind === 'aggregate') checkSpec(input.spec);
  }
}
