/**
 * The terminal report: what each detection caught and missed, coverage per root category, the root
 * events themselves, and how every record and file was accounted for.
 *
 * Sections, in order: summary line, DETECTIONS, COVERAGE BY ROOT CATEGORY, MISSED ROOT-USAGE EVENTS,
 * FALSE ALARMS, ROOT EVENTS, STATS, then ERRORS / RULE PROBLEMS / NOT APPLICABLE / WARNINGS when there
 * are any, and a one-line verdict. Long lists are cut (the JSON format always has everything). Every
 * string taken from the input is sanitised, and colour is added only when `options.color` is set.
 */
import {
  ROOT_CONTEXT_CATEGORIES,
  ROOT_USAGE_CATEGORIES,
  ROUTINE_FILE_SKIPS,
  type DetectionReport,
  type RecordLocation,
  type Report,
  type ReportProblem,
  type RootCategory,
  type RootEvent,
} from '../model.js';
import type { RenderOptions } from '../render.js';
import { caughtInScope, scopeLabel, scopeSummary } from '../scope-text.js';
import { failsScope, missVerb, undeliveredInScope } from '../undelivered.js';
import { layoutTable, type Cell, type Fit } from './layout.js';
import { paint, sanitize, truncate, type Style } from './style.js';

/** At most this many root events are listed; the rest are counted. */
const MAX_ROOT_EVENTS = 50;
/** At most this many missed events / false alarms / problems are listed per item. */
const MAX_LISTED = 20;
/** Skipped files named under the stats (the JSON report lists them all, up to its own cap). */
const SKIPPED_FILES_SHOWN = 5;
/** Detection titles are cut to this many characters. */
const MAX_TITLE = 48;
/** Scope labels are cut to this many characters (the JSON has the categories). */
const MAX_SCOPE = 36;
/** The coverage matrix is shown for at most this many root detections. */
const MAX_COVERAGE_COLUMNS = 12;

const USAGE: ReadonlySet<RootCategory> = new Set(ROOT_USAGE_CATEGORIES);
const ALL_CATEGORIES: readonly RootCategory[] = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES];

/** Renders the report as plain (or, with `options.color`, ANSI-coloured) terminal text. */
export function renderTable(report: Report, options: RenderOptions): string {
  const color = options.color;
  // Which columns give way when a table is wider than the terminal (never event IDs or counts).
  const fit = (...shrink: Fit['shrink']): Fit | undefined => (options.width !== undefined ? { width: options.width, shrink } : undefined);
  const fitDropping = (drop: readonly number[], ...shrink: Fit['shrink']): Fit | undefined => (options.width !== undefined ? { width: options.width, shrink, drop } : undefined);
  const out: string[] = [];
  const heading = (title: string): void => {
    out.push('', paint(title, 'bold', color));
  };
  const byId = new Map<string, RootEvent>();
  for (const e of report.rootEvents) byId.set(e.key, e);

  const usageEvents = report.rootEvents.reduce((n, e) => n + (e.rootUsage ? 1 : 0), 0);
  out.push(paint(`trailproof ${sanitize(report.tool.version)} replay report`, 'bold', color));
  out.push(
    `${plural(report.detections.length, 'detection')} · ${plural(report.rootEvents.length, 'root event')} ` +
      `(${usageEvents} root usage) · ${plural(report.stats.records.total, 'record')} from ` +
      `${plural(report.stats.files.total, 'file')}`,
  );
  out.push(`sources: ${report.options.sources.map(sanitize).join(', ') || '-'}`);
  const selection = selectionLine(report);
  if (selection !== '') out.push(selection);

  heading('DETECTIONS');
  const categoryOf = (id: string): RootCategory | undefined => byId.get(id)?.category;
  // The UNDELIVERED column (EventBridge delivery) only when some detection has such events.
  const withUndelivered = report.detections.some((d) => d.undelivered.length > 0);
  const undeliveredCell = (d: DetectionReport): Cell[] => {
    if (!withUndelivered) return [];
    const n = undeliveredInScope(report, d).length;
    const outside = d.undelivered.length - n;
    return [{ text: d.rootDetection ? `${n}${outside > 0 ? ` +${outside}` : ''}` : '', style: n > 0 ? 'red' : 'plain' }];
  };
  if (report.detections.length === 0) out.push('  no detections loaded');
  else out.push(...layoutTable(
    ['#', 'DETECTION', 'DIALECT', 'SCOPE', 'CAUGHT', 'MISSED', ...(withUndelivered ? ['UNDELIVERED'] : []), 'OUTSIDE SCOPE', 'FALSE ALARMS', 'STATUS'],
    report.detections.map((d, i) => {
      const row = detectionRow(d, i, categoryOf, undeliveredInScope(report, d).length);
      return [...row.slice(0, 6), ...undeliveredCell(d), ...row.slice(6)];
    }),
    ['left', 'left', 'left', 'left', 'right', 'right', ...(withUndelivered ? ['right' as const] : []), 'right', 'right', 'left'],
    color,
    '  ',
    fit({ column: 1 }, { column: 3 }, { column: withUndelivered ? 9 : 8 }),
  ));

  // One column per root detection: past a dozen the matrix no longer fits a terminal.
  const rooted = report.detections.map((d, i) => ({ d, i })).filter(({ d }) => d.rootDetection);
  heading('COVERAGE BY ROOT CATEGORY (caught/total)');
  const present = ALL_CATEGORIES.filter((c) => report.rootCategories[c] > 0);
  if (present.length === 0) out.push('  no root events in the input');
  else if (rooted.length > MAX_COVERAGE_COLUMNS) out.push(`  ${rooted.length} root detections: see --format markdown or json`);
  else out.push(...layoutTable(
    ['CATEGORY', 'KIND', 'EVENTS', ...rooted.map(({ i }) => label(i))],
    present.map((c) => coverageRow(c, report, rooted.map(({ d }) => d))),
    ['left', 'left', 'right', ...rooted.map(() => 'right' as const)],
    color,
  ));

  const missing = report.detections.filter((d) => d.missed.length > 0);
  if (missing.length > 0) {
    heading('MISSED ROOT-USAGE EVENTS (inside each detection\'s scope)');
    for (const d of missing) {
      const i = report.detections.indexOf(d);
      out.push(`  ${label(i)} ${sanitize(truncate(d.title, MAX_TITLE))}: ${paint(`${d.missed.length} missed`, 'red', color)} · ${sanitize(scopeSummary(d))}`);
      const rows = d.missed.slice(0, MAX_LISTED).map((id): Cell[] => {
        const e = byId.get(id);
        return [
          { text: sanitize(id) },
          { text: sanitize(e === undefined ? '' : (e.eventTime ?? '-')) },
          { text: e?.category ?? '' },
          { text: sanitize(e?.eventName ?? '') },
          { text: sanitize(e?.accountId ?? '') },
          { text: sanitize(e?.awsRegion ?? '') },
        ];
      });
      out.push(...layoutTable(['EVENT ID', 'TIME', 'CATEGORY', 'EVENT', 'ACCOUNT', 'REGION'], rows,
        ['left', 'left', 'left', 'left', 'left', 'left'], color, '    ', fit({ column: 3 }, { column: 2 })));
      more(out, d.missed.length - MAX_LISTED, '    ');
    }
  }

  const withheld = report.detections.filter((d) => d.undelivered.length > 0);
  if (withheld.length > 0) {
    heading('UNDELIVERED ROOT-USAGE EVENTS (the rule matches them; as deployed it would not have received them)');
    for (const d of withheld) {
      const i = report.detections.indexOf(d);
      out.push(`  ${label(i)} ${sanitize(truncate(d.title, MAX_TITLE))}: ${paint(`${d.undelivered.length} not received`, 'red', color)}`);
      // Grouped by reason, the reason as a prose line: it is a sentence, too long for a column.
      const byReason = new Map<string, string[]>();
      for (const u of d.undelivered.slice(0, MAX_LISTED)) byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), u.key]);
      for (const [reason, keys] of byReason) {
        out.push(`    why: ${sanitize(reason)}`);
        const rows = keys.map((key): Cell[] => {
          const e = byId.get(key);
          return [{ text: sanitize(key) }, { text: sanitize(e === undefined ? '' : (e.eventTime ?? '-')) }, { text: sanitize(e?.eventName ?? '') }, { text: sanitize(e?.awsRegion ?? '') }];
        });
        out.push(...layoutTable(['EVENT ID', 'TIME', 'EVENT', 'REGION'], rows, ['left', 'left', 'left', 'left'], color, '      ', fit({ column: 2 }, { column: 1 })));
      }
      more(out, d.undelivered.length - MAX_LISTED, '    ');
    }
  }

  // A rule that is not about root has hits, not false alarms: its DETECTIONS row counts them.
  const alarming = report.detections.filter((d) => d.rootDetection && d.falseAlarms.count > 0);
  if (alarming.length > 0) {
    heading('FALSE ALARMS (non-root-usage records a detection fired on; sample)');
    for (const d of alarming) {
      const i = report.detections.indexOf(d);
      out.push(`  ${label(i)} ${sanitize(truncate(d.title, MAX_TITLE))}: ${paint(plural(d.falseAlarms.count, 'false alarm'), 'yellow', color)}`);
      const sample = d.falseAlarms.sample.slice(0, MAX_LISTED);
      out.push(...layoutTable(['EVENT ID', 'TIME', 'EVENT', 'SOURCE'], sample.map((f): Cell[] => [
        { text: sanitize(f.eventID ?? '-') },
        { text: sanitize(f.eventTime ?? '-') },
        { text: sanitize(f.eventName ?? '-') },
        { text: sanitize(location(f.source)) },
      ]), ['left', 'left', 'left', 'left'], color, '    ', fit({ column: 3, from: 'start' }, { column: 2 })));
      more(out, d.falseAlarms.count - sample.length, '    ');
    }
  }

  // A rule that raised is not a rule that missed: its errors are listed apart (Panther rules).
  const failing = report.detections.filter((d) => (d.ruleErrors?.count ?? 0) > 0);
  if (failing.length > 0) {
    heading('RULE ERRORS (records on which a rule failed: counted as not matched; sample)');
    for (const d of failing) {
      const errors = d.ruleErrors!;
      out.push(`  ${label(report.detections.indexOf(d))} ${sanitize(truncate(d.title, MAX_TITLE))}: ${paint(plural(errors.count, 'rule error'), 'red', color)}`);
      for (const e of errors.sample.slice(0, MAX_LISTED)) out.push(`    ${sanitize(location(e.source))}: ${sanitize(truncate(e.message, 200))}`);
      more(out, errors.count - Math.min(errors.sample.length, MAX_LISTED), '    ');
    }
  }

  // What a verdict above rests on without the replay checking it (an EventBridge rule's Region).
  const noted = report.detections.filter((d) => (d.notes?.length ?? 0) > 0);
  if (noted.length > 0) {
    heading('NOTES (what the replay could not check)');
    for (const d of noted) {
      for (const note of d.notes!) out.push(`  ${label(report.detections.indexOf(d))} ${sanitize(truncate(d.title, MAX_TITLE))}: ${sanitize(note)}`);
    }
  }

  heading(`ROOT EVENTS (${report.rootEvents.length})`);
  if (report.rootEvents.length === 0) out.push('  none');
  else {
    const listed = report.rootEvents.slice(0, MAX_ROOT_EVENTS);
    out.push(...layoutTable(
      ['TIME', 'CATEGORY', 'EVENT', 'ACCOUNT', 'REGION', 'CIS', 'MFA', 'OUTCOME', 'SOURCE IP', 'EVENT ID'],
      listed.map((e) => rootEventRow(e)),
      ['left', 'left', 'left', 'left', 'left', 'left', 'left', 'left', 'left', 'left'],
      color,
      '  ',
      fitDropping([5, 6, 7, 4, 3], { column: 8 }, { column: 2 }, { column: 1 }),
    ));
    more(out, report.rootEvents.length - listed.length, '  ');
  }

  heading('STATS');
  out.push(...statsLines(report));
  skippedFiles(out, report, color);

  problems(out, 'ERRORS', report.stats.errors, color);
  problems(out, 'RULE PROBLEMS', report.ruleProblems, color);
  if (report.notApplicable.length > 0) {
    heading(`NOT APPLICABLE (${report.notApplicable.length})`);
    for (const n of report.notApplicable.slice(0, MAX_LISTED)) {
      out.push(paint(`  ${sanitize(n.file)}: ${sanitize(n.title)}: ${sanitize(n.reason)}`, 'dim', color));
    }
    more(out, report.notApplicable.length - MAX_LISTED, '  ');
  }
  if (report.warnings.length > 0) {
    heading(`WARNINGS (${report.warnings.length})`);
    for (const w of report.warnings) out.push(paint(`  warning: ${sanitize(w)}`, 'yellow', color));
  }

  out.push('', verdict(report, color));
  return out.join('\n') + '\n';
}

/** `D1`, `D2`, ...: short detection labels used as column headers. */
function label(index: number): string {
  return `D${index + 1}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The --since/--until/--account/--region line, or "" when none was given. */
function selectionLine(report: Report): string {
  const o = report.options;
  const parts: string[] = [];
  if (o.since !== null) parts.push(`since ${sanitize(o.since)}`);
  if (o.until !== null) parts.push(`until ${sanitize(o.until)}`);
  if (o.accounts.length > 0) parts.push(`accounts ${o.accounts.map(sanitize).join(', ')}`);
  if (o.regions.length > 0) parts.push(`regions ${o.regions.map(sanitize).join(', ')}`);
  // Not "scope": that word is each detection's (docs/scope.md).
  return parts.length === 0 ? '' : `selection: ${parts.join(' · ')}`;
}

function detectionRow(d: DetectionReport, index: number, categoryOf: (id: string) => RootCategory | undefined, undelivered: number): Cell[] {
  const head: Cell[] = [{ text: label(index) }, { text: sanitize(truncate(d.title, MAX_TITLE)) }, { text: sanitize(d.dialect) }];
  if (!d.rootDetection) {
    const n = d.falseAlarms.count;
    return [...head, { text: '-', style: 'dim' }, { text: '' }, { text: '' }, { text: '' }, { text: '' },
      { text: `not a root detection · fired on ${plural(n, 'other record')}`, style: 'dim' }];
  }
  const { inside, outside } = caughtInScope(d, categoryOf);
  const total = inside + d.missed.length + undelivered;
  const missed = d.missed.length;
  const status: Cell = total === 0 ? { text: 'nothing in scope', style: 'dim' }
    : missed > 0 ? { text: 'MISSED', style: 'boldRed' } : undelivered > 0 ? { text: 'NOT RECEIVED', style: 'boldRed' } : { text: 'ok', style: 'green' };
  return [
    ...head,
    { text: `${truncate(scopeLabel(d.scope), MAX_SCOPE)} (${d.scope.source})`, style: d.scope.source === 'inferred' ? 'dim' : 'plain' },
    { text: `${inside}/${total}${outside > 0 ? ` +${outside}` : ''}`, style: total === 0 ? 'plain' : missed + undelivered === 0 ? 'green' : 'red' },
    { text: String(missed), style: missed > 0 ? 'red' : 'plain' },
    { text: String(d.outOfScope.length), style: 'plain' },
    { text: String(d.falseAlarms.count), style: d.falseAlarms.count > 0 ? 'yellow' : 'plain' },
    status,
  ];
}

function coverageRow(category: RootCategory, report: Report, detections: readonly DetectionReport[]): Cell[] {
  const usage = USAGE.has(category);
  const cells: Cell[] = [
    { text: category, style: usage ? 'plain' : 'dim' },
    { text: usage ? 'usage' : 'context', style: usage ? 'plain' : 'dim' },
    { text: String(report.rootCategories[category]) },
  ];
  for (const d of detections) {
    const c = d.coverage[category];
    // Red only where the detection is meant to catch the category.
    const style: Style = !usage || !d.scope.categories.includes(category) ? 'dim' : c.caught === c.total ? 'green' : 'red';
    cells.push({ text: `${c.caught}/${c.total}`, style });
  }
  return cells;
}

function yesNo(v: boolean | null): string {
  return v === null ? '-' : v ? 'yes' : 'no';
}

function rootEventRow(e: RootEvent): Cell[] {
  const id = e.duplicates > 0 ? `${e.key} (+${e.duplicates} dup)` : e.key;
  return [
    { text: sanitize(e.eventTime ?? '-') },
    { text: e.category, style: e.rootUsage ? 'plain' : 'dim' },
    { text: sanitize(e.eventName) },
    { text: sanitize(e.accountId ?? '-') },
    { text: sanitize(e.awsRegion ?? '-') },
    { text: e.cisRootUsage ? 'yes' : 'no' },
    { text: yesNo(e.mfaUsed), style: e.mfaUsed === false ? 'yellow' : 'plain' },
    { text: e.outcome ?? '-', style: e.outcome === 'failure' ? 'yellow' : 'plain' },
    { text: sanitize(e.sourceIPAddress ?? '-') },
    { text: sanitize(id) },
  ];
}

/** `uri:line` for line-oriented inputs, else `uri#record` (0-based record index). */
function location(loc: RecordLocation): string {
  return loc.line !== undefined ? `${loc.uri}:${loc.line}` : `${loc.uri}#${loc.record}`;
}

/** A count-per-reason map as `reason: n, reason: n`, reasons sorted. */
function reasons(map: Readonly<Record<string, number>>): string {
  return Object.keys(map).sort().map((k) => `${sanitize(k)}: ${map[k]}`).join(', ');
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

function statsLines(report: Report): string[] {
  const s = report.stats;
  const skippedFiles = Object.values(s.files.skipped).reduce((a, b) => a + b, 0);
  return [
    `  files    ${s.files.total} read, ${skippedFiles} skipped` +
      (skippedFiles > 0 ? ` (${reasons(s.files.skipped)})` : '') + `, ${s.files.errored} with errors`,
    `  records  ${s.records.total} read: ${s.records.evaluated} evaluated, ${s.records.filtered} filtered out, ` +
      `${s.records.skipped} skipped` + (s.records.skipped > 0 ? ` (${reasons(s.skipped)})` : ''),
    `  root     ${plural(report.rootEvents.length, 'root event')}, ${s.records.duplicateRootEvents} duplicate ` +
      (s.records.duplicateRootEvents === 1 ? 'delivery' : 'deliveries'),
    `  input    ${formatBytes(s.bytes)} decompressed`,
  ];
}

/** The first skipped files by name, under the stats: a count alone does not say which files to look at. */
function skippedFiles(out: string[], report: Report, color: boolean): void {
  const { skippedFiles: listed, skippedFilesNotListed } = report.stats.files;
  const shown = [...listed.filter((f) => !ROUTINE_FILE_SKIPS.has(f.reason)), ...listed.filter((f) => ROUTINE_FILE_SKIPS.has(f.reason))];
  for (const f of shown.slice(0, SKIPPED_FILES_SHOWN)) {
    out.push(paint(`    skipped ${sanitize(f.file)}: ${sanitize(f.reason)}: ${sanitize(f.message)}`, 'dim', color));
  }
  more(out, listed.length - SKIPPED_FILES_SHOWN + skippedFilesNotListed, '    ');
}

/** `file:line:col: [code] message`, the position parts only when known. */
function problemLine(p: ReportProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : p.file;
  return `${sanitize(where)}: ${p.code !== undefined ? `${sanitize(p.code)} ` : ''}${sanitize(p.message)}`;
}

function problems(out: string[], title: string, list: readonly ReportProblem[], color: boolean): void {
  if (list.length === 0) return;
  out.push('', paint(`${title} (${list.length})`, 'bold', color));
  for (const p of list.slice(0, MAX_LISTED)) out.push(paint(`  ${problemLine(p)}`, 'red', color));
  more(out, list.length - MAX_LISTED, '  ');
}

function more(out: string[], n: number, indent: string): void {
  if (n > 0) out.push(`${indent}… and ${n} more (see --format json)`);
}

/** The closing line: did every detection catch every root-usage event of its scope? */
function verdict(report: Report, color: boolean): string {
  // Undelivered events of the scope count: the deployed rule would not have alerted on them.
  const missing = report.detections.filter((d) => failsScope(report, d)).length;
  const usage = report.rootEvents.some((e) => e.rootUsage);
  if (report.detections.length === 0) return paint('no detections were evaluated', 'yellow', color);
  if (!usage) return paint('no root-usage events in the input: nothing to catch', 'yellow', color);
  const notRoot = report.detections.filter((d) => !d.rootDetection).length;
  const aside = notRoot > 0 ? ` (${plural(notRoot, 'detection')} not about root)` : '';
  if (missing === 0) return paint(`every detection caught every root-usage event of its scope${aside}`, 'green', color);
  return paint(`${missing} of ${plural(report.detections.length, 'detection')} ${missVerb(report)} root-usage events of their scope`, 'boldRed', color);
}
