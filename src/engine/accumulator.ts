/**
 * The replay's fold state, as data: what `ReportBuilder` accumulates from object results before it
 * builds the report, and how two such states combine. A single-machine replay is one state over every
 * object; a scale-out shard is one state over its objects (src/scale), and the reduce combines them.
 *
 * Every item that is ordered or chosen "first" carries its place in the listing, `at` (object position,
 * then position in the object; a shard prefixes its index). Shards are contiguous runs of the listing,
 * so sorting by `at` gives the single-machine order whatever order states are combined in: the combine
 * is associative and commutative (sums, sorted unions, k-smallest by `at`).
 */
import type { FalseAlarmSample, ReportProblem, RootEvent, RuleErrorSample, SkippedFile } from '../report/model.js';
import type { CorrelationHit } from './object-result.js';

/** A place in the listing, compared element by element. */
export type At = readonly number[];

/** Compares two places in the listing. */
export function cmpAt(a: At, b: At): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** A root event with every delivery of it seen so far. */
export interface RootState {
  /** Its `deliveryKey`. */
  readonly identity: string;
  /** As the first delivery (smallest `at`) has it; `key` is given when the report is built. */
  readonly event: RootEvent;
  /** The eventTime as the record has it (part of the identity; `event.eventTime` only when valid). */
  readonly rawTime: string | null;
  /** Indexes of the detections that fired on any delivery, ascending. */
  readonly rules: number[];
  /** Per detection whose rule matched but would not have received it: [index, reason], by index. */
  readonly withheld: [number, string][];
  /** Where each delivery is, ascending; a set, so that a re-delivered shard is not counted twice. */
  readonly deliveries: At[];
}

export interface Placed<T> {
  readonly at: At;
  readonly item: T;
}

/** A correlation input match, with the object it is in. */
export interface PlacedCorrelationHit extends CorrelationHit {
  readonly uri: string;
}

/** Everything a replay has folded so far. JSON-serialisable (the partial report carries it). */
export interface AccumulatorState {
  files: number;
  erroredFiles: number;
  bytes: number;
  total: number;
  evaluated: number;
  filtered: number;
  skipped: number;
  readonly skippedFiles: Record<string, number>;
  /** The first `MAX_LISTED_SKIPPED_FILES` per reason, in listing order. */
  skippedFileList: Placed<SkippedFile>[];
  readonly skipReasons: Record<string, number>;
  errors: Placed<ReportProblem>[];
  warnings: Placed<string>[];
  /** By delivery identity. */
  readonly roots: Map<string, RootState>;
  readonly nonRootHits: number[];
  /** Per detection, the first `sampleSize` non-root matches in listing order. */
  readonly nonRootSamples: Placed<FalseAlarmSample>[][];
  correlationHits: Placed<PlacedCorrelationHit>[];
  /** Per detection: records on which its rule failed (CompiledRule.lastError), and the first `sampleSize`. */
  readonly ruleErrors: number[];
  readonly ruleErrorSamples: Placed<RuleErrorSample>[][];
}

/** The state before any object. */
export function emptyState(detections: number): AccumulatorState {
  return {
    files: 0,
    erroredFiles: 0,
    bytes: 0,
    total: 0,
    evaluated: 0,
    filtered: 0,
    skipped: 0,
    skippedFiles: {},
    skippedFileList: [],
    skipReasons: {},
    errors: [],
    warnings: [],
    roots: new Map(),
    nonRootHits: Array.from({ length: detections }, () => 0),
    nonRootSamples: Array.from({ length: detections }, () => []),
    correlationHits: [],
    ruleErrors: Array.from({ length: detections }, () => 0),
    ruleErrorSamples: Array.from({ length: detections }, () => []),
  };
}

/** Caps applied when states combine (the same the builder applies as it adds). */
export interface CombineLimits {
  readonly sampleSize: number;
  readonly listedSkippedFiles: number;
}

/**
 * Combines states of disjoint parts of one listing into a new state; the inputs are not modified (the
 * result may share their unmodified parts). Associative and commutative; an item present in several
 * (same `at`) is kept once. Linear in the items after one sort, so a reduce of 1,000 partials costs
 * one pass, not 1,000.
 */
export function combineStates(states: readonly AccumulatorState[], limits: CombineLimits): AccumulatorState {
  const detections = states[0]?.nonRootHits.length ?? 0;
  const out = emptyState(detections);
  for (const s of states) {
    if (s.nonRootHits.length !== detections) throw new Error(`cannot combine states of ${detections} and ${s.nonRootHits.length} detections`);
    out.files += s.files;
    out.erroredFiles += s.erroredFiles;
    out.bytes += s.bytes;
    out.total += s.total;
    out.evaluated += s.evaluated;
    out.filtered += s.filtered;
    out.skipped += s.skipped;
    addCounts(out.skippedFiles, s.skippedFiles);
    addCounts(out.skipReasons, s.skipReasons);
    s.nonRootHits.forEach((n, i) => (out.nonRootHits[i]! += n));
    s.ruleErrors.forEach((n, i) => (out.ruleErrors[i]! += n));
    for (const [id, r] of s.roots) {
      const seen = out.roots.get(id);
      out.roots.set(id, seen === undefined ? r : combineRoot(seen, r));
    }
  }
  const perReason = new Map<string, number>();
  out.skippedFileList = unionByAt(states.map((s) => s.skippedFileList)).filter((f) => {
    const n = (perReason.get(f.item.reason) ?? 0) + 1;
    perReason.set(f.item.reason, n);
    return n <= limits.listedSkippedFiles;
  });
  out.errors = unionByAt(states.map((s) => s.errors));
  out.warnings = unionByAt(states.map((s) => s.warnings));
  out.correlationHits = unionByAt(states.map((s) => s.correlationHits));
  for (let i = 0; i < detections; i++) out.nonRootSamples[i]!.push(...unionByAt(states.map((s) => s.nonRootSamples[i]!)).slice(0, limits.sampleSize));
  for (let i = 0; i < detections; i++) out.ruleErrorSamples[i]!.push(...unionByAt(states.map((s) => s.ruleErrorSamples[i]!)).slice(0, limits.sampleSize));
  return out;
}

function combineRoot(a: RootState, b: RootState): RootState {
  const first = cmpAt(a.deliveries[0]!, b.deliveries[0]!) <= 0 ? a : b;
  return {
    ...first,
    rules: [...new Set([...a.rules, ...b.rules])].sort((x, y) => x - y),
    // The reason of the earlier delivery wins, as in a single replay, which keeps the first it sees.
    withheld: [...new Map([...(first === a ? b : a).withheld, ...first.withheld])].sort((x, y) => x[0] - y[0]),
    deliveries: uniqueSorted([...a.deliveries, ...b.deliveries]),
  };
}

function uniqueSorted(list: At[]): At[] {
  list.sort(cmpAt);
  return list.filter((x, i) => i === 0 || cmpAt(list[i - 1]!, x) !== 0);
}

/** The lists' items in `at` order, an `at` present more than once kept once. */
function unionByAt<T extends { readonly at: At }>(lists: readonly (readonly T[])[]): T[] {
  const all = lists.flat().sort((x, y) => cmpAt(x.at, y.at));
  return all.filter((x, i) => i === 0 || cmpAt(all[i - 1]!.at, x.at) !== 0);
}

function addCounts(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [k, v] of Object.entries(counts)) into[k] = (into[k] ?? 0) + v;
}
