/**
 * The library API for one Sentinel rule: `parseSentinelRule(text)` takes a query (`.kql` text), an
 * Azure-Sentinel YAML rule or an ARM export holding one rule, and returns a matcher, or throws
 * `SentinelRuleError` with the code, line and column of the first problem.
 *
 * `matches(event)` runs the whole query over that one event (one run, now() = its TimeGenerated) and is
 * true when the event reaches the result (for a summarizing query: is folded into a result row). The
 * trigger threshold is not applied: it counts rows of a scheduled run, which one event does not make.
 */
import type { JsonObject } from '../../record/view.js';
import { RuleError } from '../rule-error.js';
import type { DetectionMeta } from '../types.js';
import { SentinelCode } from './codes.js';
import { rowOfPartial, rowOfRecord } from './columns.js';
import { compileSentinel } from './compile-rule.js';
import { KqlError } from './errors.js';
import { readRuleFile, shapeOf, type RuleSource } from './rule-file.js';
import { ONE_RUN, type Schedule } from './schedule.js';
import type { CompiledQuery } from './tabular.js';
import { KDateTime, type Row } from './values.js';

/** A query Sentinel would reject, or one the replay cannot run (`TP9004`): a `RuleError` (code, line, column). */
export class SentinelRuleError extends RuleError {
  constructor(code: string, message: string, line: number | undefined, column: number | undefined) {
    super(code, line !== undefined ? `${message} (line ${line}, col ${column ?? 1})` : message, line, column);
    this.name = 'SentinelRuleError';
  }
}

/** Options of `parseSentinelRule`. */
export interface ParseSentinelRuleOptions {
  /**
   * What `matches` receives: `cloudtrail` (default) a CloudTrail record, mapped to its `AWSCloudTrail` row
   * (sentinel-kql.md §2); `row` a row given by column name, unnamed string columns `""`, others null.
   */
  readonly input?: 'cloudtrail' | 'row';
}

/** A parsed Sentinel rule. */
export interface SentinelRule {
  readonly title: string;
  readonly query: string;
  readonly schedule: Schedule;
  readonly meta: DetectionMeta;
  /** True when the rule fires per record (no aggregation, any row alerts); false when it replays scheduled runs. */
  readonly perRecord: boolean;
  /** True when the event reaches the query's result (an object, or its JSON text; anything else is false). */
  matches(event: object | string): boolean;
}

function sourceOf(text: string): RuleSource {
  const asFile = (path: string): RuleSource | null => {
    const file = { path, text };
    if (shapeOf(file) === null) return null;
    const read = readRuleFile(file, 'rule');
    const first = read.diagnostics[0];
    if (first !== undefined) throw new SentinelRuleError(first.code, first.message, first.line, first.column);
    const rule = read.rules[0];
    if (rule === undefined) throw new SentinelRuleError(SentinelCode.fileSyntax, 'no Sentinel rule found in the text', undefined, undefined);
    return rule;
  };
  const structured = /^\s*\{/.test(text) ? asFile('rule.json') : asFile('rule.yaml');
  if (structured !== null) return structured;
  return { title: 'rule', query: text, schedule: ONE_RUN, meta: {}, where: (o) => ({ ...lineOf(text, o), note: '' }) };
}

function lineOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Parses one Sentinel rule or query; throws `SentinelRuleError`. */
export function parseSentinelRule(text: string, options: ParseSentinelRuleOptions = {}): SentinelRule {
  const source = sourceOf(text);
  let query: CompiledQuery;
  let perRecord: boolean;
  try {
    const compiled = compileSentinel(source.query, source.schedule);
    if (compiled.kind === 'not-replayable') {
      const at = source.where(compiled.offset);
      throw new SentinelRuleError(SentinelCode.notReplayable, `not replayable: ${compiled.reason}${at.note}`, at.line, at.column);
    }
    query = compiled.query;
    perRecord = compiled.kind === 'per-record';
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
    const at = source.where(e.offset);
    throw new SentinelRuleError(e.code, `${e.message}${at.note}`, at.line, at.column);
  }
  const toRow = options.input === 'row' ? rowOfPartial : rowOfRecord;
  return {
    title: source.title,
    query: source.query,
    schedule: source.schedule,
    meta: source.meta,
    perRecord,
    matches(event: object | string): boolean {
      let value: unknown = event;
      if (typeof event === 'string') {
        try {
          value = JSON.parse(event);
        } catch {
          return false;
        }
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
      const row: Row = toRow(value as JsonObject);
      const time = row['TimeGenerated'];
      const now = time instanceof KDateTime ? time.ms : 0;
      return query.run({ now, rows: [{ row, src: [0] }] }, new Map()).some((r) => r.src.includes(0));
    },
  };
}
