/**
 * Turns a suite's expectations, labels and baseline comparison into checks (the lines of the test
 * output). Pure: everything comes from the verdicts.
 *
 * Expectations always produce their checks, passed or failed, so the totals of a suite do not change
 * between runs. Suite-level problems (a rule file that does not load, a label naming an event that is
 * not in the sources, input errors) produce a failed check only when they occur, like a test runner's
 * collection errors.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DetectionDiff } from './baseline.js';
import { selectDetection, type KeyedDetection } from './detection-key.js';
import type { SuiteExpectation, SuiteLabel } from './model.js';
import type { CheckResult, RuleLocation } from './results.js';
import { eventsOfCategory, namedEvents, type DetectionVerdict, type Verdicts } from './verdicts.js';

/** How many event IDs a check lists before summarising the rest. */
const MAX_LISTED = 20;

/** What the checks need besides the expectation itself. */
export interface CheckContext {
  readonly verdicts: Verdicts;
  /** Where each detection's rule is, by detection key. */
  readonly locate: (d: KeyedDetection) => RuleLocation;
  /** Rule files (relative to the suite) that had load errors. */
  readonly brokenFiles: ReadonlySet<string>;
}

/** `id (EventName 2024-06-03T09:12:45Z)`, or the bare ID when nothing more is known. */
export function describeEvent(verdicts: Verdicts, id: string): string {
  const e = verdicts.events.get(id);
  if (e === undefined) return id;
  const what = [e.eventName, e.eventTime].filter((x) => x !== null && x !== '').join(' ');
  const label = e.category !== e.builtIn ? `, labelled ${e.category}` : '';
  return what === '' && label === '' ? id : `${id} (${what}${label})`;
}

/** ` (EventName 2024-06-03T09:12:45Z)` for an event the suite knows, else ''. */
function eventDetail(verdicts: Verdicts, id: string): string {
  const described = describeEvent(verdicts, id);
  return described === id ? '' : described.slice(id.length);
}

/** Whether the detection fired on the events a suite named (one key, or every event sharing an eventID). */
function eventSummary(verdicts: Verdicts, keys: readonly string[], hits: number): string {
  if (keys.length === 0) return 'no record with this eventID in the sources';
  if (keys.length === 1) return `${hits === 1 ? 'fired' : 'did not fire'}${eventDetail(verdicts, keys[0]!)}`;
  return `fired on ${hits} of the ${keys.length} root events sharing this eventID (${keys.join(', ')})`;
}

function listEvents(verdicts: Verdicts, prefix: string, ids: readonly string[]): string[] {
  const out = ids.slice(0, MAX_LISTED).map((id) => `${prefix}${describeEvent(verdicts, id)}`);
  if (ids.length > MAX_LISTED) out.push(`... and ${ids.length - MAX_LISTED} more`);
  return out;
}

/** Missed events, each an undelivered one (matched, not received by the deployed rule) saying why. */
function missedDetails(verdicts: Verdicts, v: DetectionVerdict, ids: readonly string[]): string[] {
  const why = new Map(v.detection.report.undelivered.map((u) => [u.key, u.reason]));
  if (why.size === 0) return listEvents(verdicts, 'missed ', ids);
  const out = ids.slice(0, MAX_LISTED).map((id) => {
    const reason = why.get(id);
    return reason === undefined ? `missed ${describeEvent(verdicts, id)}` : `not received ${describeEvent(verdicts, id)}: ${reason}`;
  });
  if (ids.length > MAX_LISTED) out.push(`... and ${ids.length - MAX_LISTED} more`);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The checks of one expectation. */
export function checkExpectation(e: SuiteExpectation, ctx: CheckContext): CheckResult[] {
  const { verdicts } = ctx;
  const selection = selectDetection(
    e.detection,
    verdicts.detections.map((v) => v.detection),
  );
  if (selection.kind !== 'one') {
    const broken = ctx.brokenFiles.has(e.detection.replace(/^\.\//, ''));
    const summary =
      selection.kind === 'many'
        ? `names ${selection.keys.length} detections; name one by its id`
        : broken
          ? 'its rule file did not load (see the errors above)'
          : 'no loaded detection has this file, id or title';
    const keys = selection.kind === 'many' ? selection.keys : verdicts.detections.map((v) => v.detection.key);
    const details = keys.slice(0, MAX_LISTED).map((k) => `${selection.kind === 'many' ? 'matches' : 'loaded'}: ${k}`);
    return [{ group: e.detection, kind: 'detection', name: `detection ${e.detection}`, passed: false, summary, details, rule: null, suiteAt: e.keyAt.detection ?? e.at }];
  }
  const d = selection.detection;
  const v = verdicts.detections.find((x) => x.detection === d)!;
  const rule = ctx.locate(d);
  const base = { group: d.key, rule };
  const out: CheckResult[] = [];

  for (const category of e.catches) {
    const events = eventsOfCategory(verdicts, category);
    const missed = events.filter((ev) => !v.fired.has(ev.eventID)).map((ev) => ev.eventID);
    const at = e.keyAt.catches ?? e.at;
    if (events.length === 0) {
      out.push({ ...base, kind: 'catches', category, name: `catches ${category}`, passed: false, summary: `no ${category} events in the sources: nothing to test`, details: [], suiteAt: at });
      continue;
    }
    out.push({
      ...base,
      kind: 'catches',
      category,
      name: `catches ${category}`,
      passed: missed.length === 0,
      summary: missed.length === 0 ? `${events.length}/${events.length} caught` : `missed ${missed.length} of ${events.length}`,
      details: missedDetails(verdicts, v, missed),
      suiteAt: at,
    });
  }

  for (const id of e.catchesEvents) {
    const keys = namedEvents(verdicts, id);
    const hits = keys.filter((k) => v.fired.has(k)).length;
    const hit = hits === keys.length;
    out.push({
      ...base,
      kind: 'catches-events',
      name: `catches event ${id}`,
      passed: keys.length > 0 && hit,
      summary: eventSummary(verdicts, keys, hits),
      details: [],
      suiteAt: e.keyAt.catches_events ?? e.at,
    });
  }

  if (e.maxFalseAlarms !== null) out.push(falseAlarmCheck(e, v, verdicts, base));

  for (const id of e.neverFiresOn) {
    const keys = namedEvents(verdicts, id);
    const hits = keys.filter((k) => v.fired.has(k)).length;
    out.push({
      ...base,
      kind: 'never-fires-on',
      name: `never fires on ${id}`,
      passed: keys.length > 0 && hits === 0,
      summary: eventSummary(verdicts, keys, hits),
      details: [],
      suiteAt: e.keyAt.never_fires_on ?? e.at,
    });
  }
  return out;
}

/**
 * The false-alarm check. Events the expectation itself asks the detection to catch (a context category
 * under `catches`, a non-root event under `catches_events`) are intended hits, not false alarms.
 */
function falseAlarmCheck(e: SuiteExpectation, v: DetectionVerdict, verdicts: Verdicts, base: { group: string; rule: RuleLocation }): CheckResult {
  const intended = new Set<string>(e.catchesEvents.flatMap((id) => [id, ...namedEvents(verdicts, id)]));
  for (const category of e.catches) for (const ev of eventsOfCategory(verdicts, category)) intended.add(ev.eventID);
  let count = v.falseAlarms.count;
  const listed: string[] = [];
  for (const id of v.falseAlarms.eventIDs) {
    if (intended.has(id)) count--;
    else listed.push(id);
  }
  const max = e.maxFalseAlarms!;
  const details = listEvents(verdicts, 'fired on ', listed);
  if (listed.length < count) details.push(`${count - listed.length} more without a listed eventID (see the replay report's falseAlarms.sample)`);
  return {
    ...base,
    kind: 'max-false-alarms',
    name: `at most ${plural(max, 'false alarm')}`,
    passed: count <= max,
    summary: plural(count, 'false alarm'),
    details: count <= max ? [] : details,
    suiteAt: e.keyAt.max_false_alarms ?? e.at,
  };
}

/** Failed checks for labels naming events that are not in the sources; passed checks for the others. */
export function checkLabels(labels: readonly SuiteLabel[], verdicts: Verdicts): CheckResult[] {
  return labels.map((l) => {
    const keys = namedEvents(verdicts, l.eventID);
    const e = verdicts.events.get(keys[0] ?? l.eventID);
    return {
      group: 'labels',
      kind: 'label' as const,
      name: `label ${l.eventID} as ${l.label}`,
      passed: e !== undefined,
      summary:
        e === undefined
          ? 'no record with this eventID in the sources'
          : keys.length > 1
            ? `applies to the ${keys.length} root events sharing this eventID (${keys.join(', ')})`
            : e.builtIn === l.label
              ? `already ${l.label}`
              : `was ${e.builtIn}`,
      details: [],
      rule: null,
      suiteAt: l.at,
    };
  });
}

/** A failed check per rule file with load errors. */
export function checkRuleFiles(diagnostics: readonly Diagnostic[], relative: (path: string) => string): CheckResult[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    const file = relative(d.file);
    let list = byFile.get(file);
    if (list === undefined) byFile.set(file, (list = []));
    list.push(d);
  }
  return [...byFile].map(([file, list]) => ({
    group: file,
    kind: 'rule-file' as const,
    name: 'loads without errors',
    passed: false,
    summary: plural(list.length, 'error'),
    details: list.map((d) => `${d.line !== undefined ? `${d.line}:${d.column ?? 1}: ` : ''}${d.code}: ${d.message}`),
    rule: { key: file, title: file, file, line: list[0]!.line ?? 1 },
    suiteAt: null,
  }));
}

/** One check per detection the baseline or the run knows: failed on a regression. */
export function checkBaseline(diffs: readonly DetectionDiff[], verdicts: Verdicts, locate: (key: string) => RuleLocation | null): CheckResult[] {
  return diffs.map((d) => {
    const parts: string[] = [];
    if (d.status === 'new') parts.push('not in the baseline');
    if (d.status === 'removed') parts.push('in the baseline but not loaded now');
    if (d.newlyMissed.length > 0) parts.push(`${d.newlyMissed.length} newly missed`);
    if (d.newFalseAlarms.length > 0) parts.push(plural(d.newFalseAlarms.length, 'new false alarm'));
    if (d.falseAlarmCount.after !== d.falseAlarmCount.before) parts.push(`false alarms ${d.falseAlarmCount.before} → ${d.falseAlarmCount.after}`);
    if (d.newlyCaught.length > 0) parts.push(`${d.newlyCaught.length} newly caught`);
    if (d.fixedFalseAlarms.length > 0) parts.push(`${d.fixedFalseAlarms.length} false alarms gone`);
    if (d.untrackedMissed.length > 0) parts.push(`${d.untrackedMissed.length} new events missed`);
    if (d.gone.length > 0) parts.push(`${d.gone.length} caught events no longer in the sources`);
    const details = [
      ...listEvents(verdicts, 'newly missed: ', d.newlyMissed),
      ...listEvents(verdicts, 'new false alarm: ', d.newFalseAlarms),
      ...listEvents(verdicts, 'newly caught: ', d.newlyCaught),
      ...listEvents(verdicts, 'false alarm gone: ', d.fixedFalseAlarms),
      ...listEvents(verdicts, 'new event, missed: ', d.untrackedMissed),
      ...listEvents(verdicts, 'no longer in the sources: ', d.gone),
    ];
    return {
      group: 'baseline',
      kind: 'baseline' as const,
      name: `${d.key}: no regressions`,
      passed: !d.regression,
      summary: parts.length === 0 ? 'unchanged' : parts.join(', '),
      details,
      rule: locate(d.key),
      suiteAt: null,
    };
  });
}
