/**
 * Builds the incident review from a replay report. Pure: the same report and options give the same
 * review.
 */
import { ROOT_CONTEXT_CATEGORIES, ROOT_USAGE_CATEGORIES, type Report, type RootCategory } from '../report/model.js';
import { REVIEW_PROBLEM_LIMIT, REVIEW_SCHEMA, type Review, type ReviewCount, type ReviewEvent, type ReviewSession } from './model.js';
import { eventTimeMs } from '../record/event-time.js';
import { assignSessions } from './sessions.js';

/** Options of a review. */
export interface ReviewOptions {
  /** Largest gap between two events of one session, in milliseconds (default 30 minutes). */
  readonly sessionGapMs?: number;
}

/** The default session gap: 30 minutes. */
export const DEFAULT_SESSION_GAP_MS = 30 * 60_000;

const ALL_CATEGORIES: readonly RootCategory[] = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES];

function counts(events: readonly ReviewEvent[], keyOf: (e: ReviewEvent) => string | null): ReviewCount[] {
  const by = new Map<string | null, { events: number; rootUsage: number; sessions: Set<number>; first: string | null; last: string | null }>();
  for (const e of events) {
    const key = keyOf(e);
    const c = by.get(key);
    if (c === undefined) by.set(key, { events: 1, rootUsage: e.rootUsage ? 1 : 0, sessions: new Set([e.session]), first: e.eventTime, last: e.eventTime });
    else {
      c.events++;
      if (e.rootUsage) c.rootUsage++;
      c.sessions.add(e.session);
      // Events are in time order (untimed ones last), so the last timed one seen is the latest.
      c.first ??= e.eventTime;
      if (e.eventTime !== null) c.last = e.eventTime;
    }
  }
  return [...by]
    .map(([key, c]) => ({ key, events: c.events, rootUsage: c.rootUsage, sessions: c.sessions.size, firstSeen: c.first, lastSeen: c.last }))
    .sort((a, b) => b.events - a.events || (a.key ?? '').localeCompare(b.key ?? ''));
}

function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Builds the review of every root event in the report. */
export function buildReview(report: Report, options: ReviewOptions = {}): Review {
  const gap = options.sessionGapMs ?? DEFAULT_SESSION_GAP_MS;
  const firedBy = new Map<string, string[]>();
  for (const d of report.detections) {
    for (const key of [...d.caught, ...d.contextHits]) {
      const list = firedBy.get(key);
      if (list === undefined) firedBy.set(key, [d.id]);
      else list.push(d.id);
    }
  }
  const sessionOf = assignSessions(report.rootEvents, gap);
  const events: ReviewEvent[] = report.rootEvents.map((e, i) => ({
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
    outcome: e.outcome,
    mfaUsed: e.mfaUsed,
    sourceIPAddress: e.sourceIPAddress,
    userAgent: e.userAgent,
    session: sessionOf[i]!,
    detections: firedBy.get(e.key) ?? [],
    source: e.source,
    duplicates: e.duplicates,
  }));

  const bySession = new Map<number, ReviewEvent[]>();
  for (const e of events) {
    const list = bySession.get(e.session);
    if (list === undefined) bySession.set(e.session, [e]);
    else list.push(e);
  }
  const sessions: ReviewSession[] = [...bySession]
    .sort((a, b) => a[0] - b[0])
    .map(([id, list]) => {
      const first = list[0]!;
      const timed = list.filter((e) => e.eventTime !== null);
      const firstSeen = timed[0]?.eventTime ?? null;
      const lastSeen = timed[timed.length - 1]?.eventTime ?? null;
      const categories: Partial<Record<RootCategory, number>> = {};
      for (const e of list) categories[e.category] = (categories[e.category] ?? 0) + 1;
      const span = eventTimeMs(lastSeen) - eventTimeMs(firstSeen);
      const userAgents = distinct(list.flatMap((e) => (e.userAgent === null ? [] : [e.userAgent])));
      return {
        id,
        sourceIPAddress: first.sourceIPAddress,
        userAgent: userAgents[0] ?? null,
        userAgents,
        firstSeen,
        lastSeen,
        durationSeconds: Number.isNaN(span) ? 0 : Math.round(span / 1000),
        events: list.length,
        rootUsage: list.filter((e) => e.rootUsage).length,
        accounts: distinct(list.map((e) => e.accountId)),
        regions: distinct(list.map((e) => e.awsRegion)),
        categories,
        eventNames: distinct(list.map((e) => e.eventName)),
        detections: distinct(list.flatMap((e) => e.detections)),
        undetected: list.filter((e) => e.rootUsage && e.detections.length === 0).length,
      };
    });

  const byCategory = Object.fromEntries(ALL_CATEGORIES.map((c) => [c, 0])) as Record<RootCategory, number>;
  for (const e of events) byCategory[e.category]++;
  const rootUsage = events.filter((e) => e.rootUsage).length;
  const accounts = counts(events, (e) => e.accountId);
  const sourceIPs = counts(events, (e) => e.sourceIPAddress);
  const firedCount = new Map<string, number>();
  for (const e of events) for (const id of e.detections) firedCount.set(id, (firedCount.get(id) ?? 0) + 1);

  return {
    schema: REVIEW_SCHEMA,
    tool: report.tool,
    generatedAt: report.generatedAt,
    window: {
      sources: report.options.sources,
      since: report.options.since,
      until: report.options.until,
      accounts: report.options.accounts,
      regions: report.options.regions,
    },
    sessionGapSeconds: Math.round(gap / 1000),
    summary: {
      events: events.length,
      rootUsage,
      context: events.length - rootUsage,
      accounts: accounts.length,
      sourceIPs: sourceIPs.length,
      sessions: sessions.length,
      firstSeen: events.find((e) => e.eventTime !== null)?.eventTime ?? null,
      lastSeen: events.reduce<string | null>((max, e) => (e.eventTime !== null && (max === null || e.eventTime > max) ? e.eventTime : max), null),
      byCategory,
      failedSignIns: byCategory['console-login-failure'],
      signInsWithoutMfa: events.filter((e) => e.eventName === 'ConsoleLogin' && e.outcome === 'success' && e.mfaUsed === false).length,
      undetected: events.filter((e) => e.rootUsage && e.detections.length === 0).length,
    },
    detections: report.detections.map((d) => ({ id: d.id, title: d.title, dialect: d.dialect, file: d.file, fired: firedCount.get(d.id) ?? 0 })),
    accounts,
    sourceIPs,
    sessions,
    events,
    input: {
      files: report.stats.files.total,
      records: report.stats.records.total,
      errors: report.stats.errors.length,
      problems: report.stats.errors.slice(0, REVIEW_PROBLEM_LIMIT),
      moreProblems: Math.max(0, report.stats.errors.length - REVIEW_PROBLEM_LIMIT),
    },
    warnings: report.warnings,
  };
}
