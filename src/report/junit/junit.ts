/**
 * JUnit XML for CI test reporting.
 *
 * One `<testsuite>` per detection, holding one `<testcase>` per root-usage category that has events in
 * the replay. A test case fails (`<failure type="missed">`) when the detection missed events of a
 * category of its scope (docs/scope.md), or (`type="undelivered"`, when it missed none) when its rule
 * matched such events that the deployed rule would not have received; the failure message names the
 * eventIDs and its body lists them with time, name, account and region (and why not received). Categories outside the scope are `<skipped>` with
 * the count of their events it did not fire on, and a detection that is not about root holds one
 * skipped case saying so: neither can fail. When the run had input errors or rule problems, a last `trailproof` suite holds
 * one erroring test case for each kind. Element and attribute names follow the common JUnit schema
 * that Jenkins, GitLab and GitHub reporters read (testsuites > testsuite > properties, testcase >
 * failure | error). Times are 0: the replay does not time detections individually.
 */
import { ROOT_USAGE_CATEGORIES, type DetectionReport, type Report, type ReportProblem, type RootCategory, type RootEvent, type UndeliveredEvent } from '../model.js';
import { scopeSummary } from '../scope-text.js';
import { escapeAttr, escapeText } from './xml.js';

/** At most this many eventIDs go into a failure message attribute (the body lists them all). */
const MAX_IDS_IN_MESSAGE = 20;

interface Suite {
  readonly xml: string[];
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

/** Renders the report as a JUnit XML document, ending with a newline. */
export function renderJunit(report: Report): string {
  const byId = new Map<string, RootEvent>();
  for (const e of report.rootEvents) byId.set(e.key, e);
  const timestamp = junitTimestamp(report.generatedAt);
  const suites = report.detections.map((d) => detectionSuite(d, byId, timestamp));
  const run = runSuite(report, timestamp);
  if (run !== null) suites.push(run);

  const sum = (f: (s: Suite) => number): number => suites.reduce((n, s) => n + f(s), 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="trailproof" tests="${sum((s) => s.tests)}" failures="${sum((s) => s.failures)}" errors="${sum((s) => s.errors)}" skipped="${sum((s) => s.skipped)}" time="0">`,
  ];
  for (const s of suites) out.push(...s.xml);
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** The JUnit schema's timestamp form (`YYYY-MM-DDThh:mm:ss`, no zone), or null when not ISO 8601 UTC. */
function junitTimestamp(iso: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(iso) ? iso.slice(0, 19) : null;
}

function suiteOpen(name: string, tests: number, failures: number, errors: number, timestamp: string | null, skipped = 0): string {
  const ts = timestamp === null ? '' : ` timestamp="${timestamp}"`;
  return `  <testsuite name="${escapeAttr(name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0"${ts}>`;
}

function detectionSuite(d: DetectionReport, byId: ReadonlyMap<string, RootEvent>, timestamp: string | null): Suite {
  // Missed eventIDs per category, in the detection's order.
  const missedBy = new Map<RootCategory, string[]>();
  for (const id of d.missed) {
    const category = byId.get(id)?.category;
    if (category === undefined) continue; // every missed ID is a root event in a report the engine built
    const list = missedBy.get(category);
    if (list === undefined) missedBy.set(category, [id]);
    else list.push(id);
  }
  // Undelivered events (matched, not received by the deployed rule) per category: misses too.
  const undeliveredBy = new Map<RootCategory, UndeliveredEvent[]>();
  for (const u of d.undelivered) {
    const category = byId.get(u.key)?.category;
    if (category === undefined) continue;
    undeliveredBy.set(category, [...(undeliveredBy.get(category) ?? []), u]);
  }
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  const classname = escapeAttr(d.id);
  const scope = new Set(d.scope.categories);
  const outside = new Map<RootCategory, number>();
  for (const id of d.outOfScope) {
    const category = byId.get(id)?.category;
    if (category !== undefined) outside.set(category, (outside.get(category) ?? 0) + 1);
  }
  if (!d.rootDetection) {
    skipped++;
    cases.push(`    <testcase classname="${classname}" name="not a root detection" time="0">`, `      <skipped message="${escapeAttr(scopeSummary(d))}"/>`, '    </testcase>');
  }
  for (const category of d.rootDetection ? ROOT_USAGE_CATEGORIES : []) {
    const cov = d.coverage[category];
    if (cov.total === 0) continue;
    const open = `    <testcase classname="${classname}" name="${category}" time="0"`;
    if (!scope.has(category)) {
      skipped++;
      const message = `outside the ${d.scope.source} scope: fired on ${cov.caught} of ${cov.total}, ${outside.get(category) ?? 0} not fired on are not misses`;
      cases.push(`${open}>`, `      <skipped message="${escapeAttr(message)}"/>`, '    </testcase>');
      continue;
    }
    const missed = missedBy.get(category) ?? [];
    const undelivered = undeliveredBy.get(category) ?? [];
    if (missed.length === 0 && undelivered.length === 0) {
      cases.push(`${open}/>`);
      continue;
    }
    failures++;
    const ids = (list: readonly string[]): string =>
      list.slice(0, MAX_IDS_IN_MESSAGE).join(', ') + (list.length > MAX_IDS_IN_MESSAGE ? ` and ${list.length - MAX_IDS_IN_MESSAGE} more` : '');
    const parts: string[] = [];
    if (missed.length > 0) parts.push(`missed ${missed.length} of ${cov.total} ${category} events: ${ids(missed)}`);
    if (undelivered.length > 0) parts.push(`${undelivered.length} of ${cov.total} ${category} events matched but not received by the deployed rule: ${ids(undelivered.map((u) => u.key))}`);
    const body = [
      ...missed.map((id) => missedLine(id, byId.get(id))),
      ...undelivered.map((u) => `${missedLine(u.key, byId.get(u.key))}: not received: ${u.reason}`),
    ].join('\n');
    const type = missed.length > 0 ? 'missed' : 'undelivered';
    cases.push(`${open}>`, `      <failure type="${type}" message="${escapeAttr(parts.join('; '))}">${escapeText(body)}</failure>`, '    </testcase>');
  }
  const tests = d.rootDetection ? ROOT_USAGE_CATEGORIES.filter((c) => d.coverage[c].total > 0).length : 1;
  const xml = [
    suiteOpen(d.title, tests, failures, 0, timestamp, skipped),
    '    <properties>',
    property('id', d.id),
    property('dialect', d.dialect),
    property('file', d.file),
    property('kind', d.kind),
    property('scope', d.scope.categories.join(',')),
    property('scopeSource', d.scope.source),
    property('fired', String(d.fired)),
    property('falseAlarms', String(d.falseAlarms.count)),
    ...(d.undelivered.length > 0 ? [property('undelivered', String(d.undelivered.length))] : []),
    '    </properties>',
    ...cases,
    '  </testsuite>',
  ];
  return { xml, tests, failures, errors: 0, skipped };
}

function property(name: string, value: string): string {
  return `      <property name="${name}" value="${escapeAttr(value)}"/>`;
}

/** `<eventID> <time> <eventName> account <id> region <r>` for a failure body. */
function missedLine(id: string, e: RootEvent | undefined): string {
  if (e === undefined) return id;
  return `${id} ${e.eventTime ?? '-'} ${e.eventName} account ${e.accountId ?? '-'} region ${e.awsRegion ?? '-'}`;
}

function problemLine(p: ReportProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : p.file;
  return `${where}: ${p.code !== undefined ? `${p.code} ` : ''}${p.message}`;
}

/** The `trailproof` suite: one erroring case for input errors, one for rule problems; null when neither. */
function runSuite(report: Report, timestamp: string | null): Suite | null {
  const cases: string[] = [];
  const add = (name: string, type: string, list: readonly ReportProblem[], noun: string): void => {
    if (list.length === 0) return;
    const message = `${list.length} ${noun}${list.length === 1 ? '' : 's'}`;
    cases.push(
      `    <testcase classname="trailproof" name="${name}" time="0">`,
      `      <error type="${type}" message="${escapeAttr(message)}">${escapeText(list.map(problemLine).join('\n'))}</error>`,
      '    </testcase>',
    );
  };
  add('input errors', 'input-error', report.stats.errors, 'input error');
  add('rule problems', 'rule-problem', report.ruleProblems, 'rule problem');
  if (cases.length === 0) return null;
  const errors = (report.stats.errors.length > 0 ? 1 : 0) + (report.ruleProblems.length > 0 ? 1 : 0);
  return { xml: [suiteOpen('trailproof', errors, 0, errors, timestamp), ...cases, '  </testsuite>'], tests: errors, failures: 0, errors, skipped: 0 };
}
