/**
 * Compiles a search text into what the replay runs: macros expanded (macros.ts), commands split and
 * parsed (split-commands.ts, parse-commands.ts), the events built from records (record model, add-on
 * layer, props), the prefilter (literals.ts), and the record-model check that warns about fields no
 * record can have (digest §2.7, §9).
 *
 * A search without `stats`/`eventstats` (or a field-less `fillnull`) decides each record on its own. One
 * with them is an aggregate: the streaming commands before the first of them select the records, and
 * the whole pipeline then runs over every selected record of the replay at once (one search over the
 * whole window, digest §6.5).
 */
import type { JsonObject, RecordView } from '../../record/view.js';
import type { Prefilter } from '../types.js';
import { ADDON_FIELDS, applyAddon } from '../mapping/splunk/addon.js';
import type { Command, EvalNode, SearchNode } from './ast.js';
import { SplunkCode } from './codes.js';
import { SplError } from './errors.js';
import type { Row } from './event.js';
import type { Fields } from '../mapping/splunk/fields.js';
import { prefilterOf } from './literals.js';
import { blankComments, expandMacros, type MacroTable } from './macros.js';
import { parsePipeline } from './parse-commands.js';
import { isTransforming, runPipeline } from './run-pipeline.js';
import { CLOUDTRAIL_KEYS, extractRecordFields, type EventMetadata } from '../mapping/splunk/record-model.js';
import { applyProps, propsFields, type PropsLayer } from './settings.js';
import { splitCommands } from './split-commands.js';

/** How a search sees its input. */
export interface SearchContext {
  readonly macros: MacroTable;
  /** The Splunk Add-on for AWS alias layer (on unless switched off). */
  readonly addon: boolean;
  readonly props: PropsLayer;
  readonly metadata: EventMetadata;
  /** `cloudtrail`: events are CloudTrail records (record-model checks apply); `fields`: flat field maps. */
  readonly input: 'cloudtrail' | 'fields';
}

/** A compiled search, or why it cannot be replayed. */
export type CompiledSearch =
  | { readonly kind: 'not-replayable'; readonly reason: string }
  | {
      readonly kind: 'ok';
      readonly commands: readonly Command[];
      /** Number of leading streaming commands (all of them unless the search aggregates). */
      readonly streamingPrefix: number;
      readonly aggregate: boolean;
      readonly prefilter: Prefilter | null;
      /** Warnings, offsets in the original text. */
      readonly warnings: readonly SplError[];
    };

const METADATA = new Set(['_time', '_raw', 'sourcetype', 'index', 'host', 'source']);
/** Generating commands that need Splunk: decided before macros, whose CIM macros trailproof may lack. */
const GENERATING_NOT_REPLAYABLE = /^\s*\|\s*(tstats|datamodel|from|pivot|mstats|inputlookup|inputcsv|rest|metadata|dbinspect|loadjob|savedsearch|eventcount|makeresults|multisearch)\b/i;

/** Compiles a search. Throws `SplError` (offsets in `text`) when it does not parse. */
export function compileSearch(text: string, ctx: SearchContext): CompiledSearch {
  const generating = GENERATING_NOT_REPLAYABLE.exec(blankComments(text));
  if (generating !== null) {
    const dm = /datamodel\s*=?\s*"?([A-Za-z0-9_.]+)/.exec(text);
    return { kind: 'not-replayable', reason: `not replayable: '${generating[1]!.toLowerCase()}' reads data other than raw records${dm !== null ? ` (data model ${dm[1]})` : ''}` };
  }
  const expanded = expandMacros(text, ctx.macros);
  const map = (e: unknown): never => {
    if (e instanceof SplError) throw new SplError(e.message, expanded.originOf(e.offset), e.code);
    throw e;
  };
  let parsed: ReturnType<typeof parsePipeline>;
  try {
    parsed = parsePipeline(splitCommands(expanded.text));
  } catch (e) {
    return map(e);
  }
  if (parsed.kind === 'not-replayable') return parsed;
  const commands = parsed.commands;
  let prefix = commands.findIndex(isTransforming);
  const aggregate = prefix !== -1;
  if (!aggregate) prefix = commands.length;
  const layered = layeredFields(ctx);
  const first = commands[0];
  const prefilter = first?.kind === 'search' && ctx.input === 'cloudtrail' ? prefilterOf(first.expr, (f) => layered.has(f) || METADATA.has(f)) : null;
  const warnings = [...parsed.warnings, ...(ctx.input === 'cloudtrail' ? modelWarnings(commands, ctx, layered) : [])].map((w) => new SplError(w.message, expanded.originOf(w.offset), w.code));
  return { kind: 'ok', commands, streamingPrefix: prefix, aggregate, prefilter, warnings };
}

function layeredFields(ctx: SearchContext): Set<string> {
  return new Set([...(ctx.addon ? ADDON_FIELDS : []), ...propsFields(ctx.props)]);
}

function searchFields(node: SearchNode | null, out: { field: string; offset: number; notEqual: boolean }[]): void {
  if (node === null) return;
  if (node.kind === 'and' || node.kind === 'or') node.items.forEach((n) => searchFields(n, out));
  else if (node.kind === 'not') searchFields(node.item, out);
  else if (node.kind === 'compare' || node.kind === 'in') out.push({ field: node.field, offset: node.offset, notEqual: node.kind === 'compare' && node.op === '!=' });
}

function evalFields(node: EvalNode, out: { field: string; offset: number; notEqual: boolean }[]): void {
  switch (node.kind) {
    case 'field':
      out.push({ field: node.name, offset: node.offset, notEqual: false });
      return;
    case 'unary':
      return evalFields(node.item, out);
    case 'binary':
      evalFields(node.left, out);
      return evalFields(node.right, out);
    case 'in':
      evalFields(node.item, out);
      return node.list.forEach((n) => evalFields(n, out));
    case 'call':
      return node.args.forEach((n) => evalFields(n, out));
    default:
      return;
  }
}

/**
 * Fields a `search`/`where` tests that no record can have: not a CloudTrail key path, not metadata, not
 * defined by the add-on layer, the user's props, or an earlier command (digest §2.7, §10.3, §10.4).
 */
function modelWarnings(commands: readonly Command[], ctx: SearchContext, layered: ReadonlySet<string>): SplError[] {
  const warnings: SplError[] = [];
  const topLevel = new Set(CLOUDTRAIL_KEYS);
  const defined = new Set<string>();
  let open = false; // after `spath` without a path any field may exist
  let aggregated: Set<string> | null = null;
  const unsetMetadata = (f: string): boolean => (f === 'index' || f === 'host' || f === 'source') && ctx.metadata[f] === undefined;
  const known = (f: string): boolean => {
    if (open || defined.has(f)) return true;
    if (METADATA.has(f)) return !unsetMetadata(f);
    if (aggregated !== null) return aggregated.has(f);
    if (layered.has(f)) return true;
    return topLevel.has(f.split(/[.{]/)[0]!);
  };
  const seen = new Set<string>();
  for (const c of commands) {
    const used: { field: string; offset: number; notEqual: boolean }[] = [];
    if (c.kind === 'search') searchFields(c.expr, used);
    if (c.kind === 'where') evalFields(c.expr, used);
    if (c.kind === 'stats') {
      for (const f of [...c.by, ...c.aggregations.flatMap((a) => (a.field === null ? [] : [a.field]))]) used.push({ field: f, offset: c.offset, notEqual: false });
    }
    for (const u of used) {
      if (u.notEqual && u.field.includes('{}') && !seen.has(`mv:${u.field}`)) {
        seen.add(`mv:${u.field}`);
        warnings.push(new SplError(`'${u.field}!=…' on a multivalue field: Splunk's behaviour is not documented; trailproof keeps records that have the field and no equal value`, u.offset, SplunkCode.multivalueNotEqual));
      }
      if (known(u.field) || seen.has(u.field)) continue;
      seen.add(u.field);
      const addonOff = !ctx.addon && ADDON_FIELDS.has(u.field);
      const why = addonOff
        ? 'it is a field of the Splunk Add-on for AWS and the alias layer is off'
        : unsetMetadata(u.field)
          ? `replayed records have no ${u.field} unless one is set${u.field === 'index' ? ' (--splunk-index)' : ''}`
          : `the aws:cloudtrail record model has no such field${suggest(u.field)}`;
      warnings.push(new SplError(`field '${u.field}' never has a value: ${why}`, u.offset, SplunkCode.fieldNotInModel));
    }
    switch (c.kind) {
      case 'eval':
        c.assignments.forEach((a) => defined.add(a.field));
        break;
      case 'rename':
        c.pairs.forEach((p) => (p.to.includes('*') ? (open = true) : defined.add(p.to)));
        break;
      case 'rex':
        c.names.forEach((n) => defined.add(n));
        break;
      case 'spath':
        if (c.path === null) open = true;
        else defined.add(c.output ?? c.path);
        break;
      case 'fillnull':
        if (c.fields === null) open = true;
        else c.fields.forEach((f) => defined.add(f));
        break;
      case 'bucket':
        defined.add(c.as);
        break;
      case 'convert':
        c.conversions.forEach((v) => defined.add(v.as));
        break;
      case 'stats':
        if (c.event) c.aggregations.forEach((a) => defined.add(a.as));
        else {
          aggregated = new Set([...c.by, ...c.aggregations.map((a) => a.as)]);
          defined.clear();
        }
        break;
      default:
        break;
    }
  }
  return warnings;
}

function suggest(field: string): string {
  const lower = field.toLowerCase();
  const sameCase = CLOUDTRAIL_KEYS.find((k) => k.toLowerCase() === lower.split('.')[0]);
  if (sameCase !== undefined) return ` (field names are case-sensitive: CloudTrail writes '${sameCase}')`;
  if (lower === 'username') return " (CloudTrail writes 'userIdentity.userName', which root records do not carry)";
  return '';
}

/** The event a CloudTrail record is in Splunk: auto-extracted fields, then the add-on layer, then props. */
export function eventOfRecord(record: JsonObject, raw: string, ctx: SearchContext): Fields {
  const fields = extractRecordFields(record, raw, ctx.metadata);
  if (ctx.addon) applyAddon(fields);
  applyProps(ctx.props, fields);
  return fields;
}

/** True when the commands keep the one event. */
export function keeps(commands: readonly Command[], fields: Fields): boolean {
  return runPipeline(commands, [{ fields, sources: [0] }]).length > 0;
}

/** `keeps` for the engine, whose matchers must not throw: an event the pipeline fails on is not kept. */
export function keepsSafely(commands: readonly Command[], event: () => Fields): boolean {
  try {
    return keeps(commands, event());
  } catch {
    return false;
  }
}

/** Ordinals of the records among `rows`' sources that survive the pipeline. */
export function survivors(commands: readonly Command[], rows: Row[]): number[] {
  const out = new Set<number>();
  for (const r of runPipeline(commands, rows)) for (const s of r.sources) out.add(s);
  return [...out].sort((a, b) => a - b);
}

/** The event of a record view. */
export function eventOfView(view: RecordView, ctx: SearchContext): Fields {
  return eventOfRecord(view.value, view.text, ctx);
}
