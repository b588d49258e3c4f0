/**
 * A Markdown summary of the report for pull-request comments (GitHub-flavoured tables).
 *
 * Layout: a headline with the verdict, a table of the root detections (with their scope) and a
 * collapsible list of the detections that are not about root, a coverage table per root category, then
 * collapsible `<details>` blocks for scopes (events outside them), missed events, false alarms and the
 * root events, then stats, input
 * errors, rule problems and warnings. Lists are capped so a comment stays well under GitHub's size
 * limit; the JSON format always has everything. Every string taken from the input is escaped, so a
 * rule title or file name cannot break a table or inject markup.
 */
import {
  ROOT_CONTEXT_CATEGORIES,
  ROOT_USAGE_CATEGORIES,
  type DetectionReport,
  type RecordLocation,
  type Report,
  type ReportProblem,
  type RootCategory,
  type RootEvent,
} from '../model.js';
import { caughtInScope, scopeLabel, scopeSummary } from '../scope-text.js';
import { failsScope, missVerb, undeliveredInScope } from '../undelivered.js';

/** At most this many root events are listed. */
const MAX_ROOT_EVENTS = 100;
/** At most this many missed events / false alarms / problems are listed per item. */
const MAX_LISTED = 50;

const USAGE: ReadonlySet<RootCategory> = new Set(ROOT_USAGE_CATEGORIES);
const ALL_CATEGORIES: readonly RootCategory[] = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES];

/** Renders the report as Markdown, ending with a newline. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const byId = new Map<string, RootEvent>();
  for (const e of report.rootEvents) byId.set(e.key, e);
  const usageEvents = report.rootEvents.reduce((n, e) => n + (e.rootUsage ? 1 : 0), 0);

  out.push('## trailproof replay report', '');
  out.push(
    `${verdict(report)} · ${plural(report.rootEvents.length, 'root event')} (${usageEvents} root usage) · ` +
      `${plural(report.stats.records.total, 'record')} from ${plural(report.stats.files.total, 'file')}`,
  );

  out.push('', '### Detections', '');
  const categoryOf = (id: string): RootCategory | undefined => byId.get(id)?.category;
  // Rules about something else get one line each, apart from the root detections they would drown.
  const rooted = report.detections.map((d, i) => ({ d, i })).filter(({ d }) => d.rootDetection);
  const notRoot = report.detections.map((d, i) => ({ d, i })).filter(({ d }) => !d.rootDetection);
  if (report.detections.length === 0) out.push('No detections were loaded.');
  else if (rooted.length === 0) out.push('No root detection: none of the detections fires on a root example or a root event.');
  else {
    // The Undelivered column (EventBridge delivery) only when some detection has such events.
    const withUndelivered = rooted.some(({ d }) => d.undelivered.length > 0);
    out.push(...table(
      ['', 'Detection', 'Dialect', 'Scope', 'Caught', 'Missed', ...(withUndelivered ? ['Undelivered'] : []), 'Outside scope', 'False alarms', 'Context hits'],
      ['left', 'left', 'left', 'left', 'right', 'right', ...(withUndelivered ? ['right' as const] : []), 'right', 'right', 'right'],
      rooted.map(({ d, i }) => {
        const inScope = undeliveredInScope(report, d).length;
        const row = detectionRow(d, i, categoryOf, inScope);
        const outside = d.undelivered.length - inScope;
        const cell = `${inScope > 0 ? `**${inScope}**` : '0'}${outside > 0 ? ` +${outside}` : ''}`;
        return withUndelivered ? [...row.slice(0, 6), cell, ...row.slice(6)] : row;
      }),
    ));
  }
  if (notRoot.length > 0) {
    out.push('', '<details>', `<summary>Not root detections (${notRoot.length})</summary>`, '');
    for (const { d, i } of notRoot) out.push(`- ${label(i)} ${md(d.title)}: ${md(scopeSummary(d))}`);
    out.push('', '</details>');
  }

  out.push('', '### Coverage by root category', '');
  const present = ALL_CATEGORIES.filter((c) => report.rootCategories[c] > 0);
  if (present.length === 0) out.push('No root events in the input.');
  else {
    out.push(...table(
      ['Category', 'Kind', 'Events', ...rooted.map(({ i }) => label(i))],
      ['left', 'left', 'right', ...rooted.map(() => 'right' as const)],
      present.map((c) => [
        c,
        USAGE.has(c) ? 'usage' : 'context',
        String(report.rootCategories[c]),
        // Italic where the category is outside the detection's scope: not judged there.
        ...rooted.map(({ d }) => {
          const cell = `${d.coverage[c].caught}/${d.coverage[c].total}`;
          return USAGE.has(c) && !d.scope.categories.includes(c) ? `_${cell}_` : cell;
        }),
      ]),
    ));
  }

  const scoped = rooted.filter(({ d }) => d.outOfScope.length > 0 || d.scope.partial.length > 0);
  if (scoped.length > 0) {
    out.push('', '<details>', `<summary>Scopes: root-usage events outside each detection's scope</summary>`);
    for (const { d, i } of scoped) {
      out.push('', `**${label(i)} ${md(d.title)}** ${md(scopeSummary(d))}`);
      if (d.outOfScope.length === 0) continue;
      out.push('', ...d.outOfScope.slice(0, MAX_LISTED).map((id) => {
        const e = byId.get(id);
        return `- ${md(id)} ${e?.category ?? ''} ${md(e?.eventName ?? '')} ${md(e?.eventTime ?? '')}`;
      }));
      more(out, d.outOfScope.length - MAX_LISTED);
    }
    out.push('', '</details>');
  }

  const missing = report.detections.filter((d) => d.missed.length > 0);
  if (missing.length > 0) {
    const total = missing.reduce((n, d) => n + d.missed.length, 0);
    out.push('', '<details>', `<summary>Missed root-usage events (${total})</summary>`);
    for (const d of missing) {
      out.push('', `**${label(report.detections.indexOf(d))} ${md(d.title)}** missed ${d.missed.length}:`, '');
      out.push(...table(
        ['Event ID', 'Time', 'Category', 'Event', 'Account', 'Region'],
        ['left', 'left', 'left', 'left', 'left', 'left'],
        d.missed.slice(0, MAX_LISTED).map((id) => {
          const e = byId.get(id);
          return [md(id), md(e === undefined ? '' : (e.eventTime ?? '-')), e?.category ?? '', md(e?.eventName ?? ''), md(e?.accountId ?? ''), md(e?.awsRegion ?? '')];
        }),
      ));
      more(out, d.missed.length - MAX_LISTED);
    }
    out.push('', '</details>');
  }

  const withheld = report.detections.filter((d) => d.undelivered.length > 0);
  if (withheld.length > 0) {
    const total = withheld.reduce((n, d) => n + d.undelivered.length, 0);
    out.push('', '<details>', `<summary>Undelivered root-usage events: matched, but the deployed rule would not have received them (${total})</summary>`);
    for (const d of withheld) {
      out.push('', `**${label(report.detections.indexOf(d))} ${md(d.title)}** would not have received ${d.undelivered.length}:`, '');
      out.push(...table(
        ['Event ID', 'Event', 'Region', 'Why'],
        ['left', 'left', 'left', 'left'],
        d.undelivered.slice(0, MAX_LISTED).map((u) => {
          const e = byId.get(u.key);
          return [md(u.key), md(e?.eventName ?? ''), md(e?.awsRegion ?? ''), md(u.reason)];
        }),
      ));
      more(out, d.undelivered.length - MAX_LISTED);
    }
    out.push('', '</details>');
  }

  const alarming = report.detections.filter((d) => d.rootDetection && d.falseAlarms.count > 0);
  if (alarming.length > 0) {
    const total = alarming.reduce((n, d) => n + d.falseAlarms.count, 0);
    out.push('', '<details>', `<summary>False alarms (${total})</summary>`);
    for (const d of alarming) {
      out.push('', `**${label(report.detections.indexOf(d))} ${md(d.title)}** fired on ${plural(d.falseAlarms.count, 'record')} that ${d.falseAlarms.count === 1 ? 'is' : 'are'} not root usage (sample):`, '');
      const sample = d.falseAlarms.sample.slice(0, MAX_LISTED);
      out.push(...table(
        ['Event ID', 'Time', 'Event', 'Source'],
        ['left', 'left', 'left', 'left'],
        sample.map((f) => [md(f.eventID ?? '-'), md(f.eventTime ?? '-'), md(f.eventName ?? '-'), md(location(f.source))]),
      ));
      more(out, d.falseAlarms.count - sample.length);
    }
    out.push('', '</details>');
  }

  if (report.rootEvents.length > 0) {
    out.push('', '<details>', `<summary>Root events (${report.rootEvents.length})</summary>`, '');
    const listed = report.rootEvents.slice(0, MAX_ROOT_EVENTS);
    out.push(...table(
      ['Time', 'Category', 'Event', 'Account', 'Region', 'CIS', 'MFA', 'Outcome', 'Event ID'],
      ['left', 'left', 'left', 'left', 'left', 'left', 'left', 'left', 'left'],
      listed.map((e) => [
        md(e.eventTime ?? '-'), e.category, md(e.eventName), md(e.accountId ?? '-'), md(e.awsRegion ?? '-'),
        e.cisRootUsage ? 'yes' : 'no', yesNo(e.mfaUsed), e.outcome ?? '-',
        md(e.key) + (e.duplicates > 0 ? ` (+${e.duplicates} duplicate)` : ''),
      ]),
    ));
    more(out, report.rootEvents.length - listed.length);
    out.push('', '</details>');
  }

  const s = report.stats;
  const skippedFiles = Object.values(s.files.skipped).reduce((a, b) => a + b, 0);
  out.push('', '### Stats', '');
  out.push(`- **Files:** ${s.files.total} read, ${skippedFiles} skipped` +
    (skippedFiles > 0 ? ` (${reasons(s.files.skipped)})` : '') + `, ${s.files.errored} with errors`);
  out.push(`- **Records:** ${s.records.total} read: ${s.records.evaluated} evaluated, ${s.records.filtered} filtered out, ` +
    `${s.records.skipped} skipped` + (s.records.skipped > 0 ? ` (${reasons(s.skipped)})` : ''));
  out.push(`- **Root events:** ${report.rootEvents.length}, ${s.records.duplicateRootEvents} duplicate ` +
    (s.records.duplicateRootEvents === 1 ? 'delivery' : 'deliveries'));
  if (s.files.skippedFiles.length > 0) {
    out.push('', `### Skipped files (${skippedFiles})`, '');
    for (const f of s.files.skippedFiles.slice(0, MAX_LISTED)) out.push(`- ${md(f.file)}: ${md(f.reason)}: ${md(f.message)}`);
    more(out, skippedFiles - Math.min(MAX_LISTED, s.files.skippedFiles.length));
  }

  problems(out, 'Input errors', s.errors);
  problems(out, 'Rule problems', report.ruleProblems);
  if (report.notApplicable.length > 0) {
    out.push('', `### Not applicable (${report.notApplicable.length})`, '');
    for (const n of report.notApplicable.slice(0, MAX_LISTED)) out.push(`- ${md(n.file)}: ${md(n.title)}: ${md(n.reason)}`);
    more(out, report.notApplicable.length - MAX_LISTED);
  }
  const noted = report.detections.filter((d) => (d.notes?.length ?? 0) > 0);
  if (noted.length > 0) {
    out.push('', '### Notes (what the replay could not check)', '');
    for (const d of noted) for (const note of d.notes!) out.push(`- ${md(d.title)}: ${md(note)}`);
  }
  if (report.warnings.length > 0) {
    out.push('', '### Warnings', '');
    for (const w of report.warnings) out.push(`- ⚠️ ${md(w)}`);
  }
  return out.join('\n') + '\n';
}

/**
 * Escapes text for an inline Markdown context (table cell, list item): backslash-escapes the
 * punctuation CommonMark gives meaning to inline (including `|`, which ends a GFM table cell, and `<`
 * / `&`, which start HTML and entities), and turns line breaks and control characters into spaces.
 */
export function md(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const c = text.charCodeAt(i);
    if (c < 32 || c === 127) out += ' ';
    else if ('\\`*_[]<>&|~!'.includes(ch)) out += '\\' + ch;
    else if (i === 0 && '#+-='.includes(ch)) out += '\\' + ch;
    else out += ch;
  }
  return out;
}

type Align = 'left' | 'right';

/** A GFM table; cells must already be escaped. */
function table(header: readonly string[], align: readonly Align[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'right' ? '---:' : '---'))), ...rows.map(line)];
}

function label(index: number): string {
  return `D${index + 1}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function yesNo(v: boolean | null): string {
  return v === null ? '-' : v ? 'yes' : 'no';
}

function detectionRow(d: DetectionReport, index: number, categoryOf: (id: string) => RootCategory | undefined, undelivered: number): string[] {
  const { inside, outside } = caughtInScope(d, categoryOf);
  const total = inside + d.missed.length + undelivered;
  const status = total === 0 ? '➖' : d.missed.length + undelivered === 0 ? '✅' : '❌';
  return [
    status,
    `${label(index)} ${md(d.title)}`,
    md(d.dialect),
    `${md(scopeLabel(d.scope))} (${d.scope.source})`,
    `${inside}/${total}${outside > 0 ? ` +${outside}` : ''}`,
    d.missed.length > 0 ? `**${d.missed.length}**` : '0',
    String(d.outOfScope.length),
    String(d.falseAlarms.count),
    String(d.contextHits.length),
  ];
}

function location(loc: RecordLocation): string {
  return loc.line !== undefined ? `${loc.uri}:${loc.line}` : `${loc.uri}#${loc.record}`;
}

function reasons(map: Readonly<Record<string, number>>): string {
  return Object.keys(map).sort().map((k) => `${md(k)}: ${map[k]}`).join(', ');
}

function problems(out: string[], title: string, list: readonly ReportProblem[]): void {
  if (list.length === 0) return;
  out.push('', `### ${title} (${list.length})`, '');
  for (const p of list.slice(0, MAX_LISTED)) {
    const where = p.line !== undefined ? `${p.file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : p.file;
    out.push(`- ${md(where)}: ${p.code !== undefined ? `${md(p.code)} ` : ''}${md(p.message)}`);
  }
  more(out, list.length - MAX_LISTED);
}

function more(out: string[], n: number): void {
  if (n > 0) out.push('', `… and ${n} more (see the JSON report).`);
}

function verdict(report: Report): string {
  const missing = report.detections.filter((d) => failsScope(report, d)).length;
  if (report.detections.length === 0) return '⚠️ **No detections were evaluated**';
  if (!report.rootEvents.some((e) => e.rootUsage)) return '➖ **No root-usage events in the input**';
  if (missing === 0) return '✅ **Every detection caught every root-usage event of its scope**';
  return `❌ **${missing} of ${plural(report.detections.length, 'detection')} ${missVerb(report)} root-usage events of their scope**`;
}
