/**
 * Turns the commands of a search into the pipeline the evaluator runs: the subset of digest §1.1 and
 * §5–6 (search, where, eval, rename, fields, table, rex, spath, fillnull, bucket/bin, convert, stats,
 * eventstats). Commands that need data beyond the raw records (tstats, datamodel, lookups, subsearches,
 * digest §7, §9) and real SPL commands outside the subset make the rule "not replayable" with the
 * command named; a name SPL does not have is an error.
 */
import type { Aggregation, Command } from './ast.js';
import { SplunkCode } from './codes.js';
import { SplError } from './errors.js';
import { checkFunctions } from './evaluate-eval.js';
import { parseEvalAssignments, parseEvalExpression } from './parse-eval.js';
import { parseSearchExpression } from './parse-search.js';
import { compileSplRegex } from './regex.js';
import type { CommandText } from './split-commands.js';

/** Commands that read something other than the events in front of them. */
const NEEDS_SPLUNK: Readonly<Record<string, string>> = {
  tstats: 'reads accelerated data model summaries or indexed fields, not raw records',
  datamodel: 'reads a CIM data model, not raw records',
  from: 'reads a dataset (data model, lookup or saved search), not raw records',
  pivot: 'reads a data model, not raw records',
  mstats: 'reads metrics indexes',
  inputlookup: 'reads a lookup table',
  lookup: 'needs a lookup table',
  outputlookup: 'writes a lookup table',
  inputcsv: 'reads a CSV file on the search head',
  join: 'runs a subsearch',
  append: 'runs a subsearch',
  appendcols: 'runs a subsearch',
  appendpipe: 'runs a subpipeline over the results',
  union: 'reads other datasets',
  multisearch: 'runs several searches',
  map: 'runs a search per result',
  rest: 'reads the Splunk REST API',
  metadata: 'reads index metadata',
  dbinspect: 'reads index buckets',
  loadjob: 'reads a saved job',
  savedsearch: 'runs a saved search',
  eventcount: 'reads index statistics',
  makeresults: 'generates results instead of reading records',
};

/** Real SPL commands trailproof does not evaluate (yet): not replayable rather than wrong. */
const NOT_IN_SUBSET = new Set([
  'dedup', 'sort', 'head', 'tail', 'transaction', 'streamstats', 'iplocation', 'makemv', 'mvexpand', 'mvcombine',
  'top', 'rare', 'chart', 'timechart', 'uniq', 'reverse', 'regex', 'strcat', 'addinfo', 'localize', 'delta', 'accum',
  'autoregress', 'cluster', 'kmeans', 'anomalydetection', 'foreach', 'return', 'format', 'xyseries', 'untable',
  'transpose', 'collect', 'sendemail', 'outputcsv', 'extract', 'kv', 'xmlkv', 'multikv', 'addtotals', 'addcoltotals',
  'fieldformat', 'geostats', 'iconify', 'highlight', 'abstract', 'typer', 'tags', 'eventtypes', 'erex', 'filldown',
  'nomv', 'makecontinuous', 'predict', 'trendline', 'sitop', 'sistats', 'tscollect', 'bucketdir', 'cofilter',
  'associate', 'arules', 'correlate', 'contingency', 'diff', 'inputintelligence', 'x11', 'outlier', 'anomalies',
  'anomalousvalue', 'gauge', 'reltime', 'scrub', 'searchtxn', 'selfjoin', 'setfields', 'xpath', 'xmlunescape',
  'fieldsummary', 'findtypes', 'history', 'audit', 'walklex', 'script', 'run', 'sendalert', 'redistribute', 'require',
  'rangemap', 'relevancy', 'shape', 'concurrency', 'timewrap', 'mcollect', 'meventcollect', 'mpreview',
]);

/** A pipeline ready to run, or the reason it cannot be replayed. */
export type ParsedPipeline =
  | { readonly kind: 'ok'; readonly commands: readonly Command[]; readonly warnings: readonly SplError[] }
  | { readonly kind: 'not-replayable'; readonly reason: string };

class NotReplayable {
  constructor(readonly reason: string) {}
}

/** Splits on commas and spaces, keeping double-quoted names whole. */
function names(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|([^\s,]+)/g)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return out;
}

/** `key=value` options at the start of a command's arguments. */
function options(text: string): { opts: Map<string, string>; rest: string; restOffset: number } {
  const opts = new Map<string, string>();
  const re = /^\s*([A-Za-z_]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)/;
  let consumed = 0;
  for (;;) {
    const m = re.exec(text.slice(consumed));
    if (m === null) break;
    const v = m[2]!;
    opts.set(m[1]!.toLowerCase(), v.startsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v);
    consumed += m[0].length;
  }
  const rest = text.slice(consumed);
  return { opts, rest: rest.trim(), restOffset: consumed + (rest.length - rest.trimStart().length) };
}

const SPAN_UNITS: Readonly<Record<string, number>> = { s: 1, sec: 1, secs: 1, second: 1, seconds: 1, m: 60, min: 60, mins: 60, minute: 60, minutes: 60, h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600, d: 86400, day: 86400, days: 86400 };

const STATS_FUNCTIONS = new Set(['count', 'dc', 'distinct_count', 'min', 'max', 'values', 'list', 'earliest', 'latest', 'sum', 'avg', 'mean', 'first', 'last']);

function parseStats(c: CommandText, event: boolean): Command {
  const { rest, restOffset } = options(c.args);
  const base = c.argsOffset + restOffset;
  const byMatch = /\s(?:by|BY|By)\s/.exec(` ${rest} `);
  const aggText = byMatch === null ? rest : ` ${rest} `.slice(0, byMatch.index);
  const by = byMatch === null ? [] : names(` ${rest} `.slice(byMatch.index + byMatch[0].length));
  const aggregations: Aggregation[] = [];
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s*\(\s*("(?:[^"\\]|\\.)*"|[^)]*?)\s*\))?(?:\s+(?:as|AS|As)\s+("(?:[^"\\]|\\.)*"|[^\s,]+))?\s*,?/y;
  let i = 0;
  while (aggText.slice(i).trim() !== '') {
    re.lastIndex = i;
    const m = re.exec(aggText);
    if (m === null || m[0] === '') throw new SplError(`expected a stats function at '${aggText.slice(i).trim().slice(0, 20)}'`, base + i, SplunkCode.syntax);
    const fn = m[1]!.toLowerCase();
    if (!STATS_FUNCTIONS.has(fn)) {
      throw new NotReplayable(`${c.name} function '${m[1]}' is not supported by trailproof`);
    }
    const unquote = (s: string | undefined): string | null => (s === undefined ? null : s.startsWith('"') ? s.slice(1, -1) : s);
    const field = unquote(m[2]?.trim() === '' ? undefined : m[2]);
    if (field === null && fn !== 'count') throw new SplError(`${fn}() needs a field`, base + i, SplunkCode.syntax);
    if (field !== null && field.startsWith('eval(')) throw new NotReplayable(`${c.name} with eval() inside an aggregation is not supported by trailproof`);
    aggregations.push({ fn: fn === 'distinct_count' ? 'dc' : fn === 'mean' ? 'avg' : fn, field, as: unquote(m[3]) ?? (field === null ? fn : `${m[1]}(${field})`) });
    i = re.lastIndex;
  }
  if (aggregations.length === 0) throw new SplError(`${c.name} needs at least one aggregation`, c.argsOffset, SplunkCode.syntax);
  return { kind: 'stats', event, aggregations, by, offset: c.offset };
}

function parseRename(c: CommandText): Command {
  const parts = names(c.args);
  const pairs: { from: string; to: string }[] = [];
  for (let i = 0; i < parts.length; i += 3) {
    if (parts[i + 1]?.toLowerCase() !== 'as' || parts[i + 2] === undefined) {
      throw new SplError(`expected 'field AS newname' in rename`, c.argsOffset, SplunkCode.syntax);
    }
    pairs.push({ from: parts[i]!, to: parts[i + 2]! });
  }
  if (pairs.length === 0) throw new SplError('rename needs at least one field', c.argsOffset, SplunkCode.syntax);
  return { kind: 'rename', pairs };
}

function parseRex(c: CommandText): Command {
  const { opts, rest, restOffset } = options(c.args);
  if ((opts.get('mode') ?? '').toLowerCase() === 'sed') throw new NotReplayable('rex mode=sed is not supported by trailproof');
  const m = /^"((?:[^"\\]|\\.)*)"$/.exec(rest);
  if (m === null) throw new SplError('rex needs a quoted regular expression', c.argsOffset + restOffset, SplunkCode.syntax);
  const regex = compileSplRegex(m[1]!.replace(/\\"/g, '"'));
  if (typeof regex === 'string') throw new SplError(`rex: ${regex}`, c.argsOffset + restOffset, SplunkCode.syntax);
  const groups = Object.keys(regex.namedGroups());
  if (groups.length === 0) throw new SplError('rex: the regular expression has no named group', c.argsOffset + restOffset, SplunkCode.syntax);
  return { kind: 'rex', field: opts.get('field') ?? '_raw', regex, names: groups };
}

function parseCommand(c: CommandText, warnings: SplError[]): Command {
  if (/\[/.test(c.args) && c.name !== 'rex' && c.name !== 'eval' && c.name !== 'where') {
    throw new NotReplayable(`'${c.name}' runs a subsearch ([ ... ]), which needs Splunk`);
  }
  switch (c.name) {
    case 'search':
      return { kind: 'search', expr: parseSearchExpression(c.args, c.argsOffset) };
    case 'where': {
      if (c.args === '') throw new SplError('where needs an expression', c.offset, SplunkCode.syntax);
      const p = parseEvalExpression(c.args, c.argsOffset);
      checkFunctions(p.expr);
      for (const d of p.dottedNames) warnings.push(dottedWarning(d.name, d.offset));
      return { kind: 'where', expr: p.expr };
    }
    case 'eval': {
      if (c.args === '') throw new SplError('eval needs an assignment', c.offset, SplunkCode.syntax);
      const p = parseEvalAssignments(c.args, c.argsOffset);
      for (const a of p.assignments) checkFunctions(a.expr);
      for (const d of p.dottedNames) warnings.push(dottedWarning(d.name, d.offset));
      return { kind: 'eval', assignments: p.assignments };
    }
    case 'rename':
      return parseRename(c);
    case 'fields': {
      const t = c.args.trim();
      const remove = t.startsWith('-');
      const list = names(t.replace(/^[+-]\s*/, ''));
      if (list.length === 0) throw new SplError('fields needs at least one field name', c.offset, SplunkCode.syntax);
      return { kind: 'fields', remove, names: list };
    }
    case 'table': {
      const list = names(c.args);
      if (list.length === 0) throw new SplError('table needs at least one field name', c.offset, SplunkCode.syntax);
      return { kind: 'fields', remove: false, names: list };
    }
    case 'rex':
      return parseRex(c);
    case 'spath': {
      const { opts, rest } = options(c.args);
      const path = opts.get('path') ?? (rest === '' ? null : rest.replace(/^"|"$/g, ''));
      return { kind: 'spath', input: opts.get('input') ?? '_raw', output: opts.get('output') ?? null, path };
    }
    case 'fillnull': {
      const { opts, rest } = options(c.args);
      const list = names(rest);
      return { kind: 'fillnull', value: opts.get('value') ?? '0', fields: list.length === 0 ? null : list };
    }
    case 'bucket':
    case 'bin': {
      const { opts, rest } = options(c.args);
      const span = opts.get('span');
      if (span === undefined) throw new NotReplayable(`${c.name} without span= is not supported by trailproof`);
      const m = /^(\d+)([a-z]*)$/.exec(span);
      const unit = m === null ? undefined : SPAN_UNITS[m[2] === '' ? 's' : m[2]!];
      if (m === null || unit === undefined || Number(m[1]) === 0) throw new SplError(`${c.name}: unsupported span '${span}' (expected e.g. 10m, 1h, 1d)`, c.argsOffset, SplunkCode.syntax);
      const parts = names(rest);
      const field = parts[0] ?? '_time';
      const as = parts[1]?.toLowerCase() === 'as' && parts[2] !== undefined ? parts[2] : field;
      return { kind: 'bucket', field, as, span: Number(m[1]) * unit };
    }
    case 'convert': {
      const { opts, rest } = options(c.args);
      const conversions: { fn: string; field: string; as: string }[] = [];
      for (const m of rest.matchAll(/([A-Za-z0-9_]+)\(([^)]*)\)(?:\s+(?:as|AS)\s+([^\s,]+))?/g)) {
        const fn = m[1]!.toLowerCase();
        if (fn !== 'ctime') throw new NotReplayable(`convert ${fn}() is not supported by trailproof`);
        conversions.push({ fn, field: m[2]!.trim(), as: m[3] ?? m[2]!.trim() });
      }
      if (conversions.length === 0) throw new SplError('convert needs a conversion such as ctime(field)', c.argsOffset, SplunkCode.syntax);
      return { kind: 'convert', format: opts.get('timeformat') ?? '%m/%d/%Y %H:%M:%S', conversions };
    }
    case 'stats':
      return parseStats(c, false);
    case 'eventstats':
      return parseStats(c, true);
    default: {
      const why = NEEDS_SPLUNK[c.name];
      if (why !== undefined) throw new NotReplayable(notReplayableReason(c, why));
      if (NOT_IN_SUBSET.has(c.name)) throw new NotReplayable(`command '${c.name}' is not supported by trailproof`);
      throw new SplError(`unknown command '${c.name}'`, c.offset, SplunkCode.unknownCommand);
    }
  }
}

function notReplayableReason(c: CommandText, why: string): string {
  const dm = /datamodel\s*=?\s*"?([A-Za-z0-9_.]+)/.exec(c.args);
  return `'${c.name}' ${why}${dm !== null ? ` (data model ${dm[1]})` : ''}`;
}

function dottedWarning(name: string, offset: number): SplError {
  return new SplError(`unquoted '${name}' in eval is '${name.replace('.', "' . '")}' (concatenation of two fields); write '${name}' in single quotes to name the field`, offset, SplunkCode.evalDottedName);
}

/** Parses every command; throws `SplError` for errors. */
export function parsePipeline(commands: readonly CommandText[]): ParsedPipeline {
  const out: Command[] = [];
  const warnings: SplError[] = [];
  try {
    for (const c of commands) out.push(parseCommand(c, warnings));
  } catch (e) {
    if (e instanceof NotReplayable) return { kind: 'not-replayable', reason: `not replayable: ${e.reason}` };
    throw e;
  }
  return { kind: 'ok', commands: out, warnings };
}
