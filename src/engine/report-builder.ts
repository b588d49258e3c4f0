/**
 * Merges per-object results, in listing order, into the report. De-duplicates root events by delivery
 * identity (CloudTrail delivers some events twice; src/record/delivery-identity.ts), gives each a
 * unique key, evaluates correlations once every record has been seen, and computes each detection's
 * caught / missed / false alarms.
 */
import type { CorrelationDetection, CorrelationInput, Detection, NotApplicable } from '../dialects/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import {
  MAX_LISTED_SKIPPED_FILES,
  REPORT_SCHEMA,
  ROOT_CONTEXT_CATEGORIES,
  ROOT_USAGE_CATEGORIES,
  type CategoryCoverage,
  type DetectionReport,
  type FalseAlarmSample,
  type Report,
  type ReportProblem,
  type RootCategory,
  type RootEvent,
  type UndeliveredEvent,
} from '../report/model.js';
import { validEventTime } from '../record/event-time.js';
import { emptyState, type AccumulatorState, type At, type RootState } from './accumulator.js';
import type { ObjectResult } from './object-result.js';
import type { Plan } from './plan.js';

const ALL_CATEGORIES: readonly RootCategory[] = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES];

/** The run-level facts the report states besides the merged results. */
export interface ReportContext {
  readonly version: string;
  readonly sources: readonly string[];
  readonly since: string | null;
  readonly until: string | null;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly correlations: readonly CorrelationDetection[];
  readonly diagnostics: readonly Diagnostic[];
  readonly notApplicable: readonly NotApplicable[];
  readonly warnings: readonly string[];
  /** Errors that are not tied to one object's content (listing failures, unreadable objects). */
  readonly sourceErrors: readonly ReportProblem[];
  readonly now?: Date;
}

/** A root event as the report is built from it. */
interface MergedRoot {
  /** Its `deliveryKey`. */
  identity: string;
  event: RootEvent;
  rules: ReadonlySet<number>;
  /** Detections whose rule matched but would not have received it, with the reason. */
  withheld: ReadonlyMap<number, string>;
}

/** Accumulates object results (an `AccumulatorState`) and builds the report. */
export class ReportBuilder {
  private readonly plan: Plan;
  private readonly atPrefix: At;
  private readonly s: AccumulatorState;

  /**
   * `atPrefix` goes before each object's `seq` in the places the state records (a scale-out shard's
   * index); `state` continues from a state built elsewhere (the reduce of partial reports).
   */
  constructor(plan: Plan, atPrefix: At = [], state?: AccumulatorState) {
    this.plan = plan;
    this.atPrefix = atPrefix;
    this.s = state ?? emptyState(plan.detections.length);
  }

  /** The state so far (not a copy: the builder must not be used after handing it on). */
  state(): AccumulatorState {
    return this.s;
  }

  /** Adds one object's result; call in listing order for a deterministic report. */
  add(r: ObjectResult): void {
    const s = this.s;
    const objectAt = [...this.atPrefix, r.seq];
    let n = 0;
    const next = (): At => [...objectAt, n++];
    s.files++;
    s.bytes += r.bytes;
    if (r.fileSkipped !== null) {
      const { reason, message } = r.fileSkipped;
      s.skippedFiles[reason] = (s.skippedFiles[reason] ?? 0) + 1;
      // Capped per reason, so that a year of digest files does not crowd out the one unreadable log file.
      if (s.skippedFiles[reason]! <= MAX_LISTED_SKIPPED_FILES) s.skippedFileList.push({ at: objectAt, item: { file: r.uri, reason, message } });
    }
    if (r.errors.length > 0) s.erroredFiles++;
    // Decompression errors name their compressed byte offset in the message itself.
    for (const e of r.errors) s.errors.push({ at: next(), item: { file: r.uri, message: (e.index !== undefined || e.line !== undefined ? describeWhere(e) : '') + e.message, ...positionOf(e) } });
    for (const w of r.warnings) s.warnings.push({ at: next(), item: `${r.uri}: ${describeWhere(w)}${w.message}` });
    for (const note of r.skipNotes) s.errors.push({ at: next(), item: { file: r.uri, message: `${describeWhere(note)}skipped (${note.reason}): ${note.message}`, ...positionOf(note) } });
    const unnoted = r.skipped - r.skipNotes.length;
    if (unnoted > 0) s.errors.push({ at: next(), item: { file: r.uri, message: `${unnoted} more skipped records not listed` } });
    s.total += r.total;
    s.evaluated += r.evaluated;
    s.filtered += r.filtered;
    s.skipped += r.skipped;
    for (const [k, v] of Object.entries(r.skipReasons)) s.skipReasons[k] = (s.skipReasons[k] ?? 0) + v;

    for (const h of r.roots) {
      const at = [...objectAt, h.index];
      const seen = s.roots.get(h.identity);
      if (seen !== undefined) {
        seen.deliveries.push(at);
        for (const i of h.rules) if (!seen.rules.includes(i)) seen.rules.push(i);
        seen.rules.sort((x, y) => x - y);
        for (const [i, why] of h.undelivered ?? []) if (!seen.withheld.some(([j]) => j === i)) seen.withheld.push([i, why]);
        seen.withheld.sort((x, y) => x[0] - y[0]);
        continue;
      }
      const { index, line, rules, undelivered, identity, eventTime, ...rest } = h;
      s.roots.set(identity, {
        identity,
        // The key is given once every record has been seen (finish), when it is known which IDs are shared.
        event: { key: '', ...rest, eventTime: validEventTime(eventTime), source: { uri: r.uri, record: index, ...(line !== undefined ? { line } : {}) }, duplicates: 0 },
        rawTime: eventTime,
        rules: [...new Set(rules)].sort((x, y) => x - y),
        withheld: [...(undelivered ?? [])].sort((x, y) => x[0] - y[0]),
        deliveries: [at],
      });
    }
    for (let i = 0; i < s.nonRootHits.length; i++) {
      s.nonRootHits[i]! += r.nonRootHits[i]!;
      const samples = s.nonRootSamples[i]!;
      r.nonRootSamples[i]!.forEach((sample, j) => {
        if (samples.length < this.plan.sampleSize) samples.push({ at: [...objectAt, j], item: sample });
      });
    }
    r.correlationHits.forEach((c, j) => s.correlationHits.push({ at: [...objectAt, j], item: { ...c, uri: r.uri } }));
    r.ruleErrors.forEach((k, i) => (s.ruleErrors[i]! += k));
    for (const e of r.ruleErrorSamples) {
      const samples = s.ruleErrorSamples[e.rule]!;
      if (samples.length < this.plan.sampleSize) samples.push({ at: [...objectAt, e.index], item: { message: e.message, source: { uri: r.uri, record: e.index, ...(e.line !== undefined ? { line: e.line } : {}) } } });
    }
  }

  /** Builds the report. */
  finish(ctx: ReportContext): Report {
    const s = this.s;
    const states = [...s.roots.values()];
    const { keys, shared } = assignKeys(states);
    const roots: MergedRoot[] = states.map((m) => ({
      identity: m.identity,
      event: { ...m.event, key: keys.get(m)!, duplicates: m.deliveries.length - 1 },
      rules: new Set(m.rules),
      withheld: new Map(m.withheld),
    }));
    roots.sort((a, b) => cmpTime(a.event.eventTime, b.event.eventTime) || cmp(a.event.key, b.event.key));
    const rootCategories = Object.fromEntries(ALL_CATEGORIES.map((c) => [c, 0])) as Record<RootCategory, number>;
    for (const r of roots) rootCategories[r.event.category]++;

    // Rules that only feed correlations with `generate: false` are not reported on their own (Sigma).
    const hidden = new Set(ctx.correlations.filter((c) => !c.generate).flatMap((c) => c.inputs));
    for (const c of ctx.correlations) if (c.generate) for (const id of c.inputs) hidden.delete(id);
    const detections: DetectionReport[] = [];
    this.plan.detections.forEach((d, i) => {
      if (hidden.has(d.id)) return;
      const samples = s.nonRootSamples[i]!.map((p) => p.item);
      const report = this.detectionReport(d, roots, (m) => m.rules.has(i), s.nonRootHits[i]!, samples, 'rule', (m) => m.withheld.get(i) ?? null);
      const errors = s.ruleErrors[i]!;
      detections.push(errors > 0 ? { ...report, ruleErrors: { count: errors, sample: s.ruleErrorSamples[i]!.map((p) => p.item) } } : report);
    });
    for (const c of ctx.correlations) detections.push(this.correlationReport(c, roots));

    const errors = [...ctx.sourceErrors, ...s.errors.map((e) => e.item)];
    const listedSkips = s.skippedFileList.length;
    const skippedFiles = Object.values(s.skippedFiles).reduce((a, b) => a + b, 0);
    return {
      schema: REPORT_SCHEMA,
      tool: { name: 'trailproof', version: ctx.version },
      generatedAt: (ctx.now ?? new Date()).toISOString(),
      options: { sources: ctx.sources, since: ctx.since, until: ctx.until, accounts: ctx.accounts, regions: ctx.regions },
      stats: {
        files: {
          total: s.files,
          // Keys sorted: the same map whatever order the parts of a sharded replay are merged in.
          skipped: sortedKeys(s.skippedFiles),
          skippedFiles: s.skippedFileList.map((f) => f.item),
          skippedFilesNotListed: skippedFiles - listedSkips,
          errored: s.erroredFiles,
        },
        bytes: s.bytes,
        records: {
          total: s.total,
          evaluated: s.evaluated,
          filtered: s.filtered,
          skipped: s.skipped,
          duplicateRootEvents: states.reduce((n, m) => n + m.deliveries.length - 1, 0),
        },
        skipped: sortedKeys(s.skipReasons),
        errors,
      },
      rootEvents: roots.map((r) => r.event),
      rootCategories,
      detections,
      ruleProblems: ctx.diagnostics.map((d) => ({
        file: d.file,
        message: d.rule !== undefined ? `${d.message} (rule "${d.rule}")` : d.message,
        ...(d.line !== undefined ? { line: d.line } : {}),
        ...(d.column !== undefined ? { column: d.column } : {}),
        code: d.code,
        severity: d.severity === 'error' ? 'error' : 'warning',
      })),
      notApplicable: ctx.notApplicable.map((n) => ({ file: n.file, title: n.title, reason: n.reason })),
      warnings: [...ctx.warnings, ...shared.map(([id, n]) => `eventID ${JSON.stringify(id)} is shared by ${n} different records (test or redacted data?)`), ...s.warnings.map((w) => w.item)],
    };
  }

  private detectionReport(
    d: Pick<Detection, 'id' | 'title' | 'dialect' | 'file' | 'meta'>,
    roots: readonly MergedRoot[],
    fired: (m: MergedRoot) => boolean,
    nonRootCount: number,
    nonRootSamples: readonly FalseAlarmSample[],
    kind: 'rule' | 'correlation' = 'rule',
    withheld: (m: MergedRoot) => string | null = () => null,
  ): DetectionReport {
    const caught: string[] = [];
    const missed: string[] = [];
    const undelivered: UndeliveredEvent[] = [];
    const contextHits: string[] = [];
    const contextSamples: FalseAlarmSample[] = [];
    const coverage = Object.fromEntries(ALL_CATEGORIES.map((c) => [c, { total: 0, caught: 0 }])) as Record<RootCategory, CategoryCoverage>;
    for (const m of roots) {
      const e = m.event;
      const hit = fired(m);
      const cov = coverage[e.category];
      coverage[e.category] = { total: cov.total + 1, caught: cov.caught + (hit ? 1 : 0) };
      if (e.rootUsage) {
        // Matched only on deliveries the rule would not have received: undelivered, with why.
        const why = hit ? null : withheld(m);
        if (why !== null) undelivered.push({ key: e.key, reason: why });
        else (hit ? caught : missed).push(e.key);
      } else if (hit) {
        contextHits.push(e.key);
        contextSamples.push({ eventID: e.eventID, eventTime: e.eventTime, eventName: e.eventName, source: e.source });
      }
    }
    const sample = [...nonRootSamples, ...contextSamples].slice(0, this.plan.sampleSize);
    return {
      id: d.id,
      title: d.title,
      dialect: d.dialect,
      file: d.file,
      kind,
      level: d.meta.level ?? null,
      status: d.meta.status ?? null,
      tags: d.meta.tags ?? [],
      fired: caught.length + contextHits.length + nonRootCount,
      caught,
      missed,
      // The strict view; src/engine/scope/apply-scope.ts narrows it to the detection's scope.
      outOfScope: [],
      undelivered,
      scope: { categories: ROOT_USAGE_CATEGORIES, source: 'all', partial: [] },
      rootDetection: true,
      contextHits,
      coverage,
      falseAlarms: { count: nonRootCount + contextHits.length, sample },
      ...(d.meta.notes !== undefined && d.meta.notes.length > 0 ? { notes: d.meta.notes } : {}),
    };
  }

  private correlationReport(c: CorrelationDetection, roots: readonly MergedRoot[]): DetectionReport {
    const ruleIndex = new Map(this.plan.detections.map((d, i) => [d.id, i]));
    const wanted = new Set(c.inputs.map((id) => ruleIndex.get(id)).filter((i): i is number => i !== undefined));
    const hits = this.s.correlationHits.map((h) => h.item).filter((h) => wanted.has(h.rule));
    const pathsByRule = this.plan.correlationFields.map((paths) => (paths ?? []).map((p) => p.join('.')));
    const inputs: CorrelationInput[] = hits.map((h, ordinal) => {
      const paths = pathsByRule[h.rule]!;
      return {
        detectionId: this.plan.detections[h.rule]!.id,
        ordinal,
        eventID: h.eventID,
        time: h.time,
        fields: c.fields.map((f) => {
          const at = paths.indexOf(f);
          return at === -1 ? null : (h.fields[at] ?? null);
        }),
      };
    });
    inputs.sort((a, b) => a.time - b.time || a.ordinal - b.ordinal);
    const firedOrdinals = new Set(c.evaluate(inputs));
    const firedRoots = new Set<string>();
    let nonRoot = 0;
    const samples: FalseAlarmSample[] = [];
    for (const o of firedOrdinals) {
      const h = hits[o];
      if (h === undefined) continue;
      if (this.s.roots.has(h.identity)) {
        firedRoots.add(h.identity);
        continue;
      }
      nonRoot++;
      if (samples.length < this.plan.sampleSize) {
        samples.push({ eventID: h.eventID, eventTime: null, eventName: null, source: { uri: h.uri, record: h.index, ...(h.line !== undefined ? { line: h.line } : {}) } });
      }
    }
    return this.detectionReport(c, roots, (m) => firedRoots.has(m.identity), nonRoot, samples, 'correlation');
  }
}

function sortedKeys(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort((a, b) => cmp(a[0], b[0])));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Times in order, records without a valid time last. */
function cmpTime(a: string | null, b: string | null): number {
  return a === b ? 0 : a === null ? 1 : b === null ? -1 : cmp(a, b);
}

/**
 * A unique key per root event: its eventID when no other distinct event has it; else `<eventID>#<n>`,
 * n from 1 in order of the identity's other fields (time, source, name, account, region), so keys do not
 * depend on listing order or worker count. A generated key that is some other event's own ID is passed
 * over. Returns the keys and, per shared eventID (in ID order), how many distinct events have it.
 */
function assignKeys(roots: readonly RootState[]): { keys: Map<RootState, string>; shared: [string, number][] } {
  const byID = new Map<string, RootState[]>();
  for (const m of roots) {
    const list = byID.get(m.event.eventID);
    if (list === undefined) byID.set(m.event.eventID, [m]);
    else list.push(m);
  }
  const keys = new Map<RootState, string>();
  const taken = new Set(byID.keys());
  const shared: [string, number][] = [];
  for (const [id, list] of [...byID].sort((a, b) => cmp(a[0], b[0]))) {
    if (list.length === 1) {
      keys.set(list[0]!, id);
      continue;
    }
    shared.push([id, list.length]);
    list.sort((a, b) => cmpIdentity(a, b));
    let n = 1;
    for (const m of list) {
      while (taken.has(`${id}#${n}`)) n++;
      const key = `${id}#${n}`;
      taken.add(key);
      keys.set(m, key);
    }
  }
  return { keys, shared };
}

function cmpIdentity(a: RootState, b: RootState): number {
  const x = a.event;
  const y = b.event;
  return (
    cmpTime(a.rawTime, b.rawTime) ||
    cmp(x.eventSource, y.eventSource) ||
    cmp(x.eventName, y.eventName) ||
    cmpTime(x.accountId, y.accountId) ||
    cmpTime(x.awsRegion, y.awsRegion) ||
    // Only an absent name or source (shown as "") against an empty one is left: the identity decides.
    cmp(a.identity, b.identity)
  );
}

/** `record index 3 (line 1): `, `line 7: `, `byte 940: ` — whichever positions are known. */
/** A problem's `line` and `column` fields (docs/report-schema.md, "Problem objects"), where known. */
function positionOf(w: { line?: number; column?: number }): { line?: number; column?: number } {
  return { ...(w.line !== undefined ? { line: w.line } : {}), ...(w.column !== undefined ? { column: w.column } : {}) };
}

function describeWhere(w: { index?: number; line?: number; offset?: number }): string {
  if (w.index !== undefined) return `record index ${w.index}${w.line !== undefined ? ` (line ${w.line})` : ''}: `;
  if (w.line !== undefined) return `line ${w.line}: `;
  if (w.offset !== undefined) return `byte ${w.offset}: `;
  return '';
}
