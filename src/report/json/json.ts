/**
 * The JSON report (`trailproof/report@3`, documented in docs/report-schema.md).
 *
 * The output is the `Report` itself, pretty-printed with two-space indentation. Keys always come in the
 * order the model declares them (whatever order the engine built the object in), and the keys of
 * count-per-reason maps are sorted, so two runs over the same input give byte-identical output apart
 * from `generatedAt`. Optional fields that are absent are left out rather than written as null.
 */
import {
  ROOT_CONTEXT_CATEGORIES,
  ROOT_USAGE_CATEGORIES,
  type CategoryCoverage,
  type DetectionReport,
  type FalseAlarmSample,
  type RecordLocation,
  type Report,
  type ReportProblem,
  type RootCategory,
  type RootEvent,
} from '../model.js';

const ALL_CATEGORIES: readonly RootCategory[] = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES];

/** Renders the report as pretty JSON in the model's key order, ending with a newline. */
export function renderJson(report: Report): string {
  return JSON.stringify(orderReport(report), null, 2) + '\n';
}

/** A copy of the report whose keys are in the model's declared order (what `renderJson` serialises). */
export function orderReport(r: Report): Report {
  return {
    schema: r.schema,
    tool: { name: r.tool.name, version: r.tool.version },
    generatedAt: r.generatedAt,
    options: {
      sources: [...r.options.sources],
      since: r.options.since,
      until: r.options.until,
      accounts: [...r.options.accounts],
      regions: [...r.options.regions],
    },
    stats: {
      files: {
        total: r.stats.files.total,
        skipped: sortedCounts(r.stats.files.skipped),
        skippedFiles: r.stats.files.skippedFiles.map((f) => ({ file: f.file, reason: f.reason, message: f.message })),
        skippedFilesNotListed: r.stats.files.skippedFilesNotListed,
        errored: r.stats.files.errored,
      },
      bytes: r.stats.bytes,
      records: {
        total: r.stats.records.total,
        evaluated: r.stats.records.evaluated,
        filtered: r.stats.records.filtered,
        skipped: r.stats.records.skipped,
        duplicateRootEvents: r.stats.records.duplicateRootEvents,
      },
      skipped: sortedCounts(r.stats.skipped),
      errors: r.stats.errors.map(orderProblem),
    },
    rootEvents: r.rootEvents.map(orderRootEvent),
    rootCategories: byCategory((c) => r.rootCategories[c]),
    detections: r.detections.map(orderDetection),
    ruleProblems: r.ruleProblems.map(orderProblem),
    notApplicable: r.notApplicable.map((n) => ({ file: n.file, title: n.title, reason: n.reason })),
    warnings: [...r.warnings],
    ...(r.integrity !== undefined
      ? {
          integrity: r.integrity.map((i) => ({
            location: i.location,
            ok: i.ok,
            digestsChecked: i.digestsChecked,
            logFilesChecked: i.logFilesChecked,
            findings: i.findings.map((f) => ({ kind: f.kind, severity: f.severity, location: f.location, detail: f.detail })),
          })),
        }
      : {}),
  };
}

function byCategory<T>(value: (c: RootCategory) => T): Record<RootCategory, T> {
  const out = {} as Record<RootCategory, T>;
  for (const c of ALL_CATEGORIES) out[c] = value(c);
  return out;
}

function sortedCounts(map: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(map).sort()) out[k] = map[k] ?? 0;
  return out;
}

function orderLocation(l: RecordLocation): RecordLocation {
  return l.line !== undefined ? { uri: l.uri, record: l.record, line: l.line } : { uri: l.uri, record: l.record };
}

function orderProblem(p: ReportProblem): ReportProblem {
  return {
    file: p.file,
    message: p.message,
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.column !== undefined ? { column: p.column } : {}),
    ...(p.code !== undefined ? { code: p.code } : {}),
    ...(p.severity !== undefined ? { severity: p.severity } : {}),
  };
}

function orderRootEvent(e: RootEvent): RootEvent {
  return {
    key: e.key,
    eventID: e.eventID,
    eventTime: e.eventTime,
    eventName: e.eventName,
    eventSource: e.eventSource,
    accountId: e.accountId,
    awsRegion: e.awsRegion,
    category: e.category,
    rootUsage: e.rootUsage,
    cisRootUsage: e.cisRootUsage,
    mfaUsed: e.mfaUsed,
    outcome: e.outcome,
    sourceIPAddress: e.sourceIPAddress,
    userAgent: e.userAgent,
    source: orderLocation(e.source),
    duplicates: e.duplicates,
  };
}

function orderSample(f: FalseAlarmSample): FalseAlarmSample {
  return { eventID: f.eventID, eventTime: f.eventTime, eventName: f.eventName, source: orderLocation(f.source) };
}

function orderDetection(d: DetectionReport): DetectionReport {
  return {
    id: d.id,
    title: d.title,
    dialect: d.dialect,
    file: d.file,
    kind: d.kind,
    level: d.level,
    status: d.status,
    tags: [...d.tags],
    fired: d.fired,
    caught: [...d.caught],
    missed: [...d.missed],
    outOfScope: [...d.outOfScope],
    undelivered: d.undelivered.map((u) => ({ key: u.key, reason: u.reason })),
    scope: { categories: [...d.scope.categories], source: d.scope.source, partial: [...d.scope.partial] },
    rootDetection: d.rootDetection,
    contextHits: [...d.contextHits],
    coverage: byCategory((c): CategoryCoverage => ({ total: d.coverage[c].total, caught: d.coverage[c].caught })),
    falseAlarms: { count: d.falseAlarms.count, sample: d.falseAlarms.sample.map(orderSample) },
    ...(d.ruleErrors !== undefined ? { ruleErrors: { count: d.ruleErrors.count, sample: d.ruleErrors.sample.map((e) => ({ message: e.message, source: orderLocation(e.source) })) } } : {}),
    ...(d.notes !== undefined ? { notes: [...d.notes] } : {}),
  };
}
