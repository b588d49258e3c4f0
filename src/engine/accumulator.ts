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
import type { FalseAlarmSample, ReportProblem, RootEvent, SkippedFile } from '../report/model.js';
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
  };
}

/** Caps applied when states combine (the same the builder applies as it adds). */
export interface CombineLimits {
  readonly sampleSize: number;
  readonly listedSkippedFiles: number;
}

/**
 * Combines two states of disjoint parts of one listing. Neither input is modified. Associative and
 * commutative; an item present in both (same `at`) is kept once.
 */
export function combineStates(a: AccumulatorState, b: AccumulatorState, limits: CombineLimits): AccumulatorState {
  if (a.nonRootHits.length !== b.nonRootHits.length) throw new Error(`cannot combine states of ${a.nonRootHits.length} and ${b.nonRootHits.length} detections`);
  const listed: Placed<SkippedFile>[] = [];
  const perReason = new Map<string, number>();
  for (const f of unionByAt(a.skippedFileList, b.skippedFileList)) {
    const n = (perReason.get(f.item.reason) ?? 0) + 1;
    perReason.set(f.item.reason, n);
    if (n <= limits.listedSkippedFiles) listed.push(f);
  }
  const roots = new Map(a.roots);
  for (const [id, r] of b.roots) {
    const seen = roots.get(id);
    roots.set(id, seen === undefined ? r : combineRoot(seen, r));
  }
  return {
    files: a.files + b.files,
    erroredFiles: a.erroredFiles + b.erroredFiles,
    bytes: a.bytes + b.bytes,
    total: a.total + b.total,
    evaluated: a.evaluated + b.evaluated,
    filtered: a.filtered + b.filtered,
    skipped: a.skipped + b.skipped,
    skippedFiles: addCounts(a.skippedFiles, b.skippedFiles),
    skippedFileList: listed,
    skipReasons: addCounts(a.skipReasons, b.skipReasons),
    errors: unionByAt(a.errors, b.errors),
    warnings: unionByAt(a.warnings, b.warnings),
    roots,
    nonRootHits: a.nonRootHits.map((n, i) => n + b.nonRootHits[i]!),
    nonRootSamples: a.nonRootSamples.map((s, i) => unionByAt(s, b.nonRootSamples[i]!).slice(0, limits.sampleSize)),
    correlationHits: unionByAt(a.correlationHits, b.correlationHits),
  };
}

function combineRoot(a: RootState, b: RootState): RootState {
  const first = cmpAt(a.deliveries[0]!, b.deliveries[0]!) <= 0 ? a : b;
  return {
    ...first,
    rules: [...new Set([...a.rules, ...b.rules])].sort((x, y) => x - y),
    deliveries: uniqueSorted([...a.deliveries, ...b.deliveries]),
  };
}

function uniqueSorted(list: At[]): At[] {
  list.sort(cmpAt);
  return list.filter((x, i) => i === 0 || cmpAt(list[i - 1]!, x) !== 0);
}

/** Both sorted lists merged in `at` order, an `at` present in both kept once. */
function unionByAt<T extends { readonly at: At }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const c = i === a.length ? 1 : j === b.length ? -1 : cmpAt(a[i]!.at, b[j]!.at);
    if (c <= 0) out.push(a[i++]!);
    else out.push(b[j++]!);
    if (c === 0) j++;
  }
  return out;
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}
