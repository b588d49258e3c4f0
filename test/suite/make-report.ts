/**
 * Builds hand-made replay Reports for the suite and review tests: root events from a compact spec, and
 * detections from "which events did it fire on", with caught / missed / contextHits / coverage /
 * falseAlarms computed the way docs/report-schema.md defines them.
 */
import {
  REPORT_SCHEMA,
  ROOT_CONTEXT_CATEGORIES,
  ROOT_USAGE_CATEGORIES,
  type CategoryCoverage,
  type DetectionReport,
  type FalseAlarmSample,
  type Report,
  type RootCategory,
  type RootEvent,
} from '../../src/report/model.js';

const ALL: readonly RootCategory[] = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES];

/** A root event with defaults for the fields a test does not care about. */
export function rootEvent(eventID: string, category: RootCategory, over: Partial<RootEvent> = {}): RootEvent {
  const usage = (ROOT_USAGE_CATEGORIES as readonly string[]).includes(category);
  return {
    key: eventID,
    eventID,
    eventTime: '2024-06-03T09:00:00Z',
    eventName: category.startsWith('console-login') ? 'ConsoleLogin' : 'ListBuckets',
    eventSource: category.startsWith('console-login') ? 'signin.amazonaws.com' : 's3.amazonaws.com',
    accountId: '111122223333',
    awsRegion: 'us-east-1',
    category,
    rootUsage: usage,
    cisRootUsage: usage && category !== 'root-console-action',
    mfaUsed: null,
    outcome: 'success',
    sourceIPAddress: '203.0.113.45',
    userAgent: 'aws-cli/2.17.2',
    source: { uri: '/data/a.json', record: 0 },
    duplicates: 0,
    ...over,
  };
}

/** What a detection fired on: root event keys, plus non-root records (by eventID, or null). */
export interface DetectionSpec {
  readonly id: string;
  readonly title?: string;
  readonly file?: string;
  readonly dialect?: string;
  readonly kind?: 'rule' | 'correlation';
  readonly fired: readonly string[];
  readonly nonRoot?: readonly (string | null)[];
}

/** A detection report consistent with the root events. */
export function detection(spec: DetectionSpec, events: readonly RootEvent[]): DetectionReport {
  const fired = new Set(spec.fired);
  const coverage = Object.fromEntries(ALL.map((c) => [c, { total: 0, caught: 0 }])) as Record<RootCategory, CategoryCoverage>;
  const caught: string[] = [];
  const missed: string[] = [];
  const contextHits: string[] = [];
  for (const e of events) {
    const hit = fired.has(e.key);
    coverage[e.category] = { total: coverage[e.category].total + 1, caught: coverage[e.category].caught + (hit ? 1 : 0) };
    if (e.rootUsage) (hit ? caught : missed).push(e.key);
    else if (hit) contextHits.push(e.key);
  }
  const nonRoot = spec.nonRoot ?? [];
  const sample: FalseAlarmSample[] = [
    ...nonRoot.map((id, i) => ({ eventID: id, eventTime: null, eventName: 'GetObject', source: { uri: '/data/b.json', record: i } })),
    ...contextHits.map((id) => ({ eventID: id, eventTime: null, eventName: null, source: { uri: '/data/a.json', record: 0 } })),
  ].slice(0, 10);
  const file = spec.file ?? `/repo/detections/${spec.id}.pattern`;
  return {
    id: `${file}#${spec.id}`,
    title: spec.title ?? spec.id,
    dialect: spec.dialect ?? 'cwl',
    file,
    kind: spec.kind ?? 'rule',
    level: null,
    status: null,
    tags: [],
    fired: caught.length + contextHits.length + nonRoot.length,
    caught,
    missed,
    outOfScope: [],
    undelivered: [],
    scope: { categories: ROOT_USAGE_CATEGORIES, source: 'all', partial: [] },
    rootDetection: true,
    contextHits,
    coverage,
    falseAlarms: { count: nonRoot.length + contextHits.length, sample },
  };
}

/** A whole report from root events and detection specs. */
export function makeReport(events: readonly RootEvent[], detections: readonly DetectionSpec[], over: Partial<Report> = {}): Report {
  const rootCategories = Object.fromEntries(ALL.map((c) => [c, events.filter((e) => e.category === c).length])) as Record<RootCategory, number>;
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'trailproof', version: '0.1.0' },
    generatedAt: '2024-06-05T00:00:00.000Z',
    options: { sources: ['/data'], since: null, until: null, accounts: [], regions: [] },
    stats: {
      files: { total: 2, skipped: {}, skippedFiles: [], skippedFilesNotListed: 0, errored: 0 },
      bytes: 1000,
      records: { total: 40, evaluated: 40, filtered: 0, skipped: 0, duplicateRootEvents: 0 },
      skipped: {},
      errors: [],
    },
    rootEvents: events,
    rootCategories,
    detections: detections.map((d) => detection(d, events)),
    ruleProblems: [],
    notApplicable: [],
    warnings: [],
    ...over,
  };
}
