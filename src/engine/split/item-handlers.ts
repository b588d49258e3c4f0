/**
 * Turning scanner items into records, per format: a record item is the record itself; a lookup-events
 * item holds it as the JSON string `CloudTrailEvent`; an EventBridge item holds it as `detail`.
 *
 * Each handler counts items (the record index) and calls the sink exactly once per item, so every
 * element found is delivered or skipped with a reason. An Insights event found among records is
 * skipped on its own (`insight-record.ts`); the records around it are delivered.
 */
import type { RecordSkipReason } from './formats.js';
import { INSIGHT_MESSAGE, isInsightRecord } from './insight-record.js';
import { hasStructuralSpace, member, objectMembers } from './json-text.js';
import {
  ITEM_ARRAY,
  ITEM_LITERAL,
  ITEM_OBJECT,
  ITEM_STRING,
  SHAPE_EVENT_NAME,
  SHAPE_EVENT_SOURCE,
  SHAPE_RECORD,
  type ItemKind,
  type ItemSkipReason,
  type ScanHandler,
} from './scanner.js';
import type { InputPosition, RecordSink } from './sink.js';

/** Base: index counting, positions, problems. */
abstract class ItemHandler implements ScanHandler {
  protected index = 0;
  constructor(
    protected readonly sink: RecordSink,
    /** Line-oriented format: records carry their line. */
    protected readonly lineBased: boolean,
  ) {}

  abstract item(text: string, kind: ItemKind, spaced: boolean, shape: number, line: number, column: number): void;

  itemSkipped(reason: ItemSkipReason, line: number, column: number, message: string): void {
    this.sink.skip(reason, { index: this.index++, line, column }, message);
  }

  problem(message: string, line: number, column: number): void {
    this.sink.error(message, { line, column });
  }

  warning(message: string, line: number, column: number): void {
    this.sink.warning?.(message, { line, column });
  }

  protected skipItem(reason: RecordSkipReason, where: InputPosition, message: string): void {
    this.sink.skip(reason, where, message);
  }

  protected deliver(text: string, index: number, line: number): void {
    this.sink.record(this.lineBased ? { text, index, line } : { text, index });
  }

  /**
   * Skips the record and returns true when it is an Insights event, placed as a record is (so that the
   * byte path, which knows only record ordinals, reports it the same way).
   */
  protected skippedAsInsight(text: string, index: number, line: number): boolean {
    if (!isInsightRecord(text)) return false;
    this.sink.skip('cloudtrail-insight', this.lineBased ? { index, line } : { index }, INSIGHT_MESSAGE);
    return true;
  }
}

/** Items are records (cloudtrail, json-array, jsonl, cwl-export). */
export class RecordItems extends ItemHandler {
  constructor(
    sink: RecordSink,
    lineBased: boolean,
    /** Check the CloudTrail record shape (formats that can hold any JSON). */
    private readonly checkShape: boolean,
  ) {
    super(sink, lineBased);
  }

  item(text: string, kind: ItemKind, spaced: boolean, shape: number, line: number, column: number): void {
    const index = this.index++;
    if (kind !== ITEM_OBJECT) {
      this.skipItem('not-an-object', { index, line, column }, `record is ${KIND_NAMES[kind]}, not an object`);
      return;
    }
    // Before the shape: an Insights event has no eventName or eventSource, and is named for what it is.
    if (this.skippedAsInsight(text, index, line)) return;
    if (this.checkShape && (shape & SHAPE_RECORD) !== SHAPE_RECORD) {
      this.skipItem('not-cloudtrail-record', { index, line, column }, `object has no ${missingKeys(shape)}: not a CloudTrail record`);
      return;
    }
    if (spaced) {
      const compact = compactJson(text);
      if (compact === null) {
        this.skipItem('malformed-json', { index, line, column }, 'record is not valid JSON');
        return;
      }
      text = compact;
    }
    this.deliver(text, index, line);
  }
}

/** Items are lookup-events `Events` entries; the record is the JSON string in `CloudTrailEvent`. */
export class LookupItems extends ItemHandler {
  item(text: string, kind: ItemKind, _spaced: boolean, _shape: number, line: number, column: number): void {
    const index = this.index++;
    const where = { index, line, column };
    if (kind !== ITEM_OBJECT) {
      this.skipItem('not-an-object', where, `Events entry is ${KIND_NAMES[kind]}, not an object`);
      return;
    }
    const m = member(objectMembers(text, 0), 'CloudTrailEvent');
    if (m === undefined || m.valueEnd === -1 || text.charCodeAt(m.valueStart) !== 0x22) {
      this.skipItem('not-cloudtrail-record', where, 'Events entry has no CloudTrailEvent string');
      return;
    }
    const inner = parseJson(text.slice(m.valueStart, m.valueEnd));
    if (typeof inner !== 'string') {
      this.skipItem('malformed-json', where, 'CloudTrailEvent is not a valid JSON string');
      return;
    }
    const value = parseJson(inner);
    if (value === INVALID) {
      this.skipItem('malformed-json', where, 'CloudTrailEvent does not hold valid JSON');
      return;
    }
    if (!isPlainObject(value)) {
      this.skipItem('not-an-object', where, 'CloudTrailEvent does not hold an object');
      return;
    }
    if (this.skippedAsInsight(inner, index, line)) return;
    this.deliver(hasStructuralSpace(inner) ? JSON.stringify(value) : inner, index, line);
  }
}

/** Items are EventBridge events; the record is `detail` when `detail-type` is a CloudTrail one. */
export class EventBridgeItems extends ItemHandler {
  item(text: string, kind: ItemKind, spaced: boolean, _shape: number, line: number, column: number): void {
    const index = this.index++;
    const where = { index, line, column };
    if (kind !== ITEM_OBJECT) {
      this.skipItem('not-an-object', where, `event is ${KIND_NAMES[kind]}, not an object`);
      return;
    }
    const members = objectMembers(text, 0);
    const type = member(members, 'detail-type');
    const detailType = type !== undefined && type.valueEnd !== -1 ? parseJson(text.slice(type.valueStart, type.valueEnd)) : INVALID;
    if (typeof detailType !== 'string') {
      this.skipItem('not-cloudtrail-record', where, 'event has no detail-type string');
      return;
    }
    // "AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail", "AWS Service Event via
    // CloudTrail"...: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
    if (!detailType.endsWith(' via CloudTrail')) {
      this.skipItem('not-cloudtrail-record', where, `detail-type "${detailType}" is not a CloudTrail event`);
      return;
    }
    if (detailType === 'AWS Insight via CloudTrail') {
      this.skipItem('cloudtrail-insight', where, INSIGHT_MESSAGE);
      return;
    }
    const detail = member(members, 'detail');
    if (detail === undefined || detail.valueEnd === -1 || text.charCodeAt(detail.valueStart) !== 0x7b) {
      this.skipItem('not-cloudtrail-record', where, 'event has no detail object');
      return;
    }
    let record = text.slice(detail.valueStart, detail.valueEnd);
    if (spaced) {
      const compact = compactJson(record);
      if (compact === null) {
        this.skipItem('malformed-json', where, 'detail is not valid JSON');
        return;
      }
      record = compact;
    }
    if (this.skippedAsInsight(record, index, line)) return;
    this.deliver(record, index, line);
  }
}

const KIND_NAMES: Record<ItemKind, string> = {
  [ITEM_OBJECT]: 'an object',
  [ITEM_ARRAY]: 'an array',
  [ITEM_STRING]: 'a string',
  [ITEM_LITERAL]: 'a number, boolean or null',
};

const INVALID: unique symbol = Symbol('invalid JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The compact form of a JSON text, or null when it does not parse (string contents are only checked here). */
function compactJson(text: string): string | null {
  const v = parseJson(text);
  return v === INVALID ? null : JSON.stringify(v);
}

function missingKeys(shape: number): string {
  const missing: string[] = [];
  if ((shape & SHAPE_EVENT_NAME) === 0) missing.push('eventName');
  if ((shape & SHAPE_EVENT_SOURCE) === 0) missing.push('eventSource');
  return missing.join(', ');
}
