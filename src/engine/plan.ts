/**
 * The run plan: everything decided once per run, outside the record loop (ripgrep's "decide once").
 */
import type { CorrelationDetection, Detection, Prefilter } from '../dialects/types.js';
import { flagLiterals } from './bytes/flag-literals.js';
import type { ByteLiteral } from './bytes/byte-scanner.js';
import { compileGate, compilePrefilter, type TextTest } from './prefilter/compile.js';

/**
 * How the engine uses prefilters. `on`: CloudTrail files are split and prefiltered as bytes where the
 * byte scanner can (src/engine/bytes), the text path elsewhere; `text`: always the text path, with
 * prefilters on each record's text; `off`: the plain twin, every record is parsed and evaluated.
 */
export type PrefilterMode = 'on' | 'text' | 'off';

/** The record-level filters of a run (the same as the sources' SelectionFilter, as numbers). */
export interface RecordFilter {
  readonly since: number | null;
  readonly until: number | null;
  readonly accounts: ReadonlySet<string> | null;
  readonly regions: ReadonlySet<string> | null;
}

/** A run plan shared by the in-process evaluator and every worker. */
export interface Plan {
  readonly detections: readonly Detection[];
  readonly prefilterMode: PrefilterMode;
  /**
   * Per detection, its compiled prefilter when the mode uses prefilters and it has one, else null.
   * Detections with equal prefilters share one test (the record loop tests it once per record).
   */
  readonly prefilters: readonly (TextTest | null)[];
  /** False when no detection's prefilter admits the text; null when some detection has no prefilter. */
  readonly gate: TextTest | null;
  /** Per detection that feeds a correlation, the field paths (split on dots) to collect when it matches; else null. */
  readonly correlationFields: readonly (readonly (readonly string[])[] | null)[];
  readonly filter: RecordFilter | null;
  /**
   * Literals the byte scanner flags candidate records with (every record it does not flag is one the
   * text path would count as evaluated without parsing), or null when the byte path is not used: the
   * mode is not `on`, or some detection has no prefilter (every record is a candidate).
   */
  readonly byteLiterals: readonly ByteLiteral[] | null;
  /** How many false-alarm samples to keep per detection. */
  readonly sampleSize: number;
  /** The distinct `CompiledRule.prepare` functions (empty unless an out-of-process rule is loaded). */
  readonly prepares: readonly ((texts: readonly string[]) => void)[];
  /**
   * A worker's plan without the rules (`candidatePlan`): the distinct prefilters of the main thread's
   * detections. A record one of them admits, or a root candidate, is deferred to the main thread
   * (`ObjectResult.deferred`) instead of evaluated; null in a plan with its detections.
   */
  readonly candidates: readonly TextTest[] | null;
}

/** Builds the plan for a run. */
export function makePlan(
  detections: readonly Detection[],
  correlations: readonly CorrelationDetection[],
  filter: RecordFilter | null,
  prefilterMode: PrefilterMode,
  sampleSize = 10,
): Plan {
  const raw = detections.map((d) => (prefilterMode !== 'off' ? d.rule.prefilter : null));
  const fieldsByRule = detections.map(() => new Set<string>());
  const index = new Map(detections.map((d, i) => [d.id, i]));
  for (const c of correlations) {
    for (const input of c.inputs) {
      const i = index.get(input);
      if (i === undefined) continue;
      for (const f of c.fields) fieldsByRule[i]!.add(f);
    }
  }
  // Correlations need every match of their inputs even when no field is collected.
  const inputs = new Set(correlations.flatMap((c) => c.inputs));
  const gate = prefilterMode !== 'off' ? compileGate(raw) : null;
  return {
    detections,
    prefilterMode,
    prefilters: shared(raw),
    gate,
    correlationFields: detections.map((d, i) => (inputs.has(d.id) ? [...fieldsByRule[i]!].sort().map((f) => f.split('.')) : null)),
    filter,
    byteLiterals: prefilterMode === 'on' && gate !== null ? flagLiterals(raw) : null,
    sampleSize,
    prepares: [...new Set(detections.flatMap((d) => (d.rule.prepare !== undefined ? [d.rule.prepare] : [])))],
    candidates: null,
  };
}

/**
 * The prefilters of `detections` when every one has a prefilter the mode uses, else null: then workers
 * need not load the rules (`candidatePlan`).
 */
export function candidatePrefilters(detections: readonly Detection[], prefilterMode: PrefilterMode): Prefilter[] | null {
  if (prefilterMode === 'off' || detections.length === 0) return null;
  const raw = detections.map((d) => d.rule.prefilter);
  return raw.every((p) => p !== null) ? (raw as Prefilter[]) : null;
}

/**
 * A worker's plan from the main thread's prefilters alone: it reads, splits and counts records, and
 * defers those a prefilter admits, and root candidates, to the main thread, which holds the compiled
 * rules. Records no prefilter admits can match no detection (the prefilter contract), so the main
 * thread evaluates every record that can change a verdict, with the same code as without workers.
 */
export function candidatePlan(prefilters: readonly Prefilter[], filter: RecordFilter | null, prefilterMode: PrefilterMode, sampleSize: number): Plan {
  return {
    detections: [],
    prefilterMode,
    prefilters: [],
    gate: compileGate(prefilters),
    correlationFields: [],
    filter,
    byteLiterals: prefilterMode === 'on' ? flagLiterals(prefilters) : null,
    sampleSize,
    prepares: [],
    candidates: [...new Set(shared(prefilters))] as TextTest[],
  };
}

/** Compiles each distinct prefilter once: equal prefilters (the shipped root rules all ask for `"Root"`) get the same test. */
function shared(prefilters: readonly (Prefilter | null)[]): (TextTest | null)[] {
  const byKey = new Map<string, TextTest>();
  return prefilters.map((p) => {
    if (p === null) return null;
    const key = JSON.stringify(p);
    let test = byKey.get(key);
    if (test === undefined) byKey.set(key, (test = compilePrefilter(p)));
    return test;
  });
}
