/**
 * The record loop: filter, prefilter, parse, classify root identity, run every detection.
 *
 * One `ObjectEvaluator` evaluates the records of one object and fills an `ObjectResult`. The same code
 * runs in worker threads and in-process, so worker count never changes a verdict.
 */
import type { JsonObject, JsonValue } from '../record/view.js';
import { makeRecordView, type RecordView } from '../record/view.js';
import { classifyRoot, hasRootLiteral } from '../record/root.js';
import { objectField, recordAccountId, stringField, summarizeRecord, type RecordSummary } from '../record/summary.js';
import { deliveryKey } from '../record/delivery-identity.js';
import { describeBadEventTime, eventTimeMs } from '../record/event-time.js';
import type { FalseAlarmSample } from '../report/model.js';
import { accountNeedsParse, readTopLevelFields } from './fields.js';
import type { ObjectResult } from './object-result.js';
import type { Plan, RecordFilter } from './plan.js';
import type { TextTest } from './prefilter/compile.js';
import { hasInvalidStringContent } from './split/json-text.js';
import { decodeUnicodeEscapes } from './unicode-escapes.js';

/** How many skip notes one object keeps (the count is always exact). */
export const MAX_SKIP_NOTES = 20;

/** Records handed at once to out-of-process rules (CompiledRule.prepare) before they are evaluated. */
const PREPARE_BATCH = 512;

/** Parses a record's text; undefined when it is not JSON. Kept apart so the loop has no try/catch. */
function tryParse(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** True when a prefilter admits the record's text, or that text with its `\u` escapes decoded. */
function admits(test: TextTest, text: string, decoded: string | null): boolean {
  return test.test(text) || (decoded !== null && test.test(decoded));
}

/** Resolves a dotted path (pre-split) to a string for correlation grouping; null when absent. */
function fieldString(record: JsonObject, path: readonly string[]): string | null {
  let o: JsonObject | null = record;
  for (let i = 0; i < path.length - 1 && o !== null; i++) o = objectField(o, path[i]!);
  const v = o?.[path[path.length - 1]!];
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * What the record-level filters make of a record: `in`, `out` (counted as filtered), or
 * `no-event-time`: a time window was asked for and the record has no valid eventTime
 * (src/record/event-time.ts) to place it in or out of it (counted as skipped with that reason, never
 * silently filtered). Account and region filters are applied first. The caller reads the fields with
 * `readTopLevelFields` (or parses the record when that cannot, or when the account is missing and
 * accounts are filtered).
 */
export function recordVerdict(filter: RecordFilter, time: string | null, region: string | null, account: string | null): 'in' | 'out' | 'no-event-time' {
  if (
    (filter.accounts !== null && (account === null || !filter.accounts.has(account))) ||
    (filter.regions !== null && (region === null || !filter.regions.has(region)))
  ) {
    return 'out';
  }
  if (filter.since === null && filter.until === null) return 'in';
  const t = eventTimeMs(time);
  if (Number.isNaN(t)) return 'no-event-time';
  return (filter.since !== null && t < filter.since) || (filter.until !== null && t >= filter.until) ? 'out' : 'in';
}

/**
 * The eventID a root event goes by and its delivery identity. A record without an eventID gets one
 * naming its place, so it is never merged with another.
 */
function identityOf(s: RecordSummary, uri: string, index: number): { eventID: string; eventTime: string | null; identity: string } {
  const eventID = s.eventID ?? `(no eventID: ${uri} record index ${index})`;
  return { eventID, eventTime: s.eventTime, identity: deliveryKey({ ...s, eventID }) };
}

/** Evaluates the records of one object against a plan. */
export class ObjectEvaluator {
  readonly result: ObjectResult;
  private readonly plan: Plan;
  private readonly matched: number[] = [];
  /** Matches the deployed rule would not have received, with why (CompiledRule.undelivered). */
  private readonly withheld: [number, string][] = [];
  /** The current record's verdict per prefilter test (detections with equal prefilters share one). */
  private readonly tested = new Map<TextTest, boolean>();
  /** Records held back for `prepare` (only when the plan has out-of-process rules). */
  private readonly pending: { text: string; index: number; line: number | undefined }[] = [];

  constructor(plan: Plan, seq: number, uri: string) {
    this.plan = plan;
    const n = plan.detections.length;
    this.result = {
      seq,
      uri,
      fileSkipped: null,
      damaged: false,
      errors: [],
      warnings: [],
      bytes: 0,
      total: 0,
      evaluated: 0,
      filtered: 0,
      skipped: 0,
      skipReasons: {},
      skipNotes: [],
      roots: [],
      nonRootHits: new Array<number>(n).fill(0),
      nonRootSamples: Array.from({ length: n }, () => []),
      correlationHits: [],
      ruleErrors: new Array<number>(n).fill(0),
      ruleErrorSamples: [],
      deferred: [],
    };
  }

  /** Counts a record or line that could not be evaluated. */
  skip(reason: string, message: string, where: { index?: number; line?: number; offset?: number }): void {
    const r = this.result;
    r.total++;
    r.skipped++;
    r.skipReasons[reason] = (r.skipReasons[reason] ?? 0) + 1;
    if (r.skipNotes.length < MAX_SKIP_NOTES) r.skipNotes.push({ reason, message, ...where });
  }

  /** Counts a record the record-level filters leave out. */
  filteredOut(): void {
    this.result.total++;
    this.result.filtered++;
  }

  /**
   * Counts `n` records evaluated without being parsed: records the byte scanner proved no prefilter and
   * no root test admits (what `record` does for each of them).
   */
  passed(n: number): void {
    this.result.total += n;
    this.result.evaluated += n;
  }

  /** Evaluates one record given as compact JSON text (when out-of-process rules are loaded, on `flush`). */
  record(text: string, index: number, line?: number): void {
    if (this.plan.prepares.length === 0) {
      this.evaluate(text, index, line);
      return;
    }
    this.pending.push({ text, index, line });
    if (this.pending.length >= PREPARE_BATCH) this.flush();
  }

  /** Evaluates the records held back, in order, after handing them to the out-of-process rules. */
  flush(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    const texts = pending.map((p) => p.text);
    for (const prepare of this.plan.prepares) prepare(texts);
    for (const p of pending) this.evaluate(p.text, p.index, p.line);
    pending.length = 0;
  }

  private evaluate(text: string, index: number, line: number | undefined): void {
    const plan = this.plan;
    const r = this.result;
    const filter = plan.filter;
    let value: JsonObject | null = null;

    if (filter !== null) {
      const fields = readTopLevelFields(text);
      let time = fields?.eventTime ?? null;
      let region = fields?.awsRegion ?? null;
      let account = fields?.recipientAccountId ?? null;
      if (fields === null || accountNeedsParse(account, filter.accounts)) {
        value = this.parse(text, index, line);
        if (value === null) return;
        time = stringField(value, 'eventTime');
        region = stringField(value, 'awsRegion');
        account = recordAccountId(value);
      }
      const verdict = recordVerdict(filter, time, region, account);
      if (verdict === 'out') {
        this.filteredOut();
        return;
      }
      if (verdict === 'no-event-time') {
        this.skip('no-event-time', `${describeBadEventTime(time)}: --since/--until cannot place the record`, line !== undefined ? { index, line } : { index });
        return;
      }
    }

    // A \u escape may spell a literal of a decoded value (`"\u0052oot"` is `"Root"`): prefilters test
    // such a record on its text and on its text with those escapes decoded (the raw text still counts
    // for literals of the raw text, like CWL terms). A malformed \u escape: parsed, to be reported.
    const escaped = plan.prefilterMode !== 'off' && text.indexOf('\\u') !== -1;
    const decoded = escaped ? decodeUnicodeEscapes(text) : null;
    const all = plan.prefilterMode === 'off' || (escaped && decoded === null);
    const rootCandidate = all || hasRootLiteral(text) || (decoded !== null && hasRootLiteral(decoded));
    if (!all && !rootCandidate && plan.gate !== null && !admits(plan.gate, text, decoded)) {
      // The common case: no rule can match and the record is not root: never parsed.
      this.unparsed(text, index, line);
      return;
    }
    if (plan.candidates !== null) {
      // A worker without the rules: the main thread evaluates what a detection or the root test may want.
      if (all || rootCandidate || plan.candidates.some((pf) => admits(pf, text, decoded))) r.deferred.push(line !== undefined ? { text, index, line } : { text, index });
      else this.unparsed(text, index, line);
      return;
    }
    const matched = this.matched;
    matched.length = 0;
    const withheld = this.withheld;
    withheld.length = 0;
    const detections = plan.detections;
    const prefilters = plan.prefilters;
    let view: RecordView | null = null;

    // `value` is null until the record is parsed; a failed parse counts the record as skipped and returns.
    const tested = this.tested;
    tested.clear();
    for (let i = 0; i < detections.length; i++) {
      const pf = prefilters[i]!;
      if (!all && pf !== null) {
        let admitted = tested.get(pf);
        if (admitted === undefined) tested.set(pf, (admitted = admits(pf, text, decoded)));
        if (!admitted) continue;
      }
      if (value === null && (value = this.parse(text, index, line)) === null) return;
      view ??= makeRecordView(text, value);
      const rule = detections[i]!.rule;
      if (!rule.match(view)) {
        if (rule.lastError !== undefined) this.ruleError(i, rule.lastError(), index, line);
        continue;
      }
      const why = rule.undelivered?.(view) ?? null;
      if (why === null) matched.push(i);
      else withheld.push([i, why]);
    }

    // In 'off' mode `all` is set, so every record is parsed here (the plain twin).
    if (value === null && rootCandidate && (value = this.parse(text, index, line)) === null) return;
    if (value === null) {
      this.unparsed(text, index, line);
      return;
    }

    r.total++;
    r.evaluated++;
    const record = value;
    const cls = rootCandidate ? classifyRoot(record) : null;

    if (cls !== null) {
      const s = summarizeRecord(record);
      r.roots.push({
        ...identityOf(s, r.uri, index),
        eventName: s.eventName ?? '',
        eventSource: s.eventSource ?? '',
        accountId: s.accountId,
        awsRegion: s.awsRegion,
        category: cls.category,
        rootUsage: cls.rootUsage,
        cisRootUsage: cls.cisRootUsage,
        mfaUsed: cls.mfaUsed,
        outcome: cls.outcome,
        sourceIPAddress: s.sourceIPAddress,
        userAgent: s.userAgent,
        index,
        ...(line !== undefined ? { line } : {}),
        rules: matched.slice(),
        ...(withheld.length > 0 ? { undelivered: withheld.slice() } : {}),
      });
    } else {
      for (const i of matched) {
        r.nonRootHits[i]!++;
        const samples = r.nonRootSamples[i]!;
        if (samples.length < plan.sampleSize) samples.push(this.sample(record, index, line));
      }
    }

    let identity: { eventID: string; identity: string } | null = null;
    for (const i of matched) {
      const paths = plan.correlationFields[i];
      if (paths === null || paths === undefined) continue;
      const eventTime = stringField(record, 'eventTime');
      const time = eventTimeMs(eventTime);
      // A record without a valid time cannot be placed in a correlation window.
      if (Number.isNaN(time)) continue;
      identity ??= identityOf(summarizeRecord(record), r.uri, index);
      const fieldOf = detections[i]!.rule.fieldOf;
      r.correlationHits.push({
        rule: i,
        eventID: stringField(record, 'eventID'),
        identity: identity.identity,
        time,
        fields: paths.map((p) => (fieldOf !== undefined && view !== null ? fieldOf(view, p.join('.')) : undefined) ?? fieldString(record, p)),
        index,
        ...(line !== undefined ? { line } : {}),
      });
    }
  }

  /** Counts a rule's error on a record (the record is then not matched by it); keeps the first few. */
  private ruleError(rule: number, message: string | null, index: number, line: number | undefined): void {
    if (message === null) return;
    const r = this.result;
    r.ruleErrors[rule]!++;
    if (r.ruleErrorSamples.length < MAX_SKIP_NOTES) r.ruleErrorSamples.push({ rule, message, index, ...(line !== undefined ? { line } : {}) });
  }

  private sample(record: JsonObject, index: number, line: number | undefined): FalseAlarmSample {
    return {
      eventID: stringField(record, 'eventID'),
      eventTime: stringField(record, 'eventTime'),
      eventName: stringField(record, 'eventName'),
      source: { uri: this.result.uri, record: index, ...(line !== undefined ? { line } : {}) },
    };
  }

  /**
   * Counts a record that no rule can match and that is not root, without parsing it: evaluated, unless
   * parsing would have failed (a bad escape or control character in a string), so that skipping the
   * parse never changes the counts.
   */
  private unparsed(text: string, index: number, line: number | undefined): void {
    if (hasInvalidStringContent(text)) {
      this.skip('malformed-json', 'record is not valid JSON', line !== undefined ? { index, line } : { index });
      return;
    }
    this.result.total++;
    this.result.evaluated++;
  }

  /** Parses and checks a record is an object; counts it as skipped (and returns null) when not. */
  private parse(text: string, index: number, line: number | undefined): JsonObject | null {
    const v = tryParse(text);
    const where = line !== undefined ? { index, line } : { index };
    if (v === undefined) {
      this.skip('malformed-json', 'record is not valid JSON', where);
      return null;
    }
    const o = v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
    if (o === null) {
      this.skip('not-an-object', `record is ${Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'null' : `a ${typeof v}`}, not an object`, where);
      return null;
    }
    return o;
  }
}
