/**
 * `verify-pattern --aws`: checks trailproof's event-pattern matcher against EventBridge's own, by sending
 * each sampled record, as the event EventBridge delivers for it (the envelope, digest §2), with each
 * pattern to TestEventPattern and comparing verdicts.
 *
 * TestEventPattern takes one pattern and one event per call and answers `Result` (true when the pattern
 * matches); the event must hold `id`, `account`, `source`, `time`, `region` and `detail-type`, else
 * `ValidationException` (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html;
 * digest P35). Records whose envelope lacks one of them are not sent, and listed. The local matcher is
 * passed in (`localMatch`), so this module does not depend on the dialect's compiler.
 */
import { TestEventPatternCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { envelopeOf } from '../dialects/mapping/eventbridge.js';
import type { JsonObject } from '../record/view.js';
import type { AwsClientOptions } from './client-options.js';
import { AwsCallError, classifyFailure } from './errors.js';
import { createEventBridgeClient } from './eventbridge-client.js';
import type { DrawnSample, SampleDescription } from './record-reservoir.js';

/** Envelope fields TestEventPattern requires (P35). */
export const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/** A pattern to check: its detection id (for the report) and its JSON text. */
export interface PatternToVerify {
  readonly id: string;
  readonly pattern: string;
}

/** Options of {@link verifyPatterns}. */
export interface VerifyPatternsOptions extends AwsClientOptions {
  /** trailproof's matcher: true when `pattern` matches `event` (an envelope). Must not throw. */
  readonly localMatch: (pattern: string, event: JsonObject) => boolean;
  /** An existing client to use instead of building one from the options. */
  readonly client?: EventBridgeClient;
}

/** One record on which AWS and trailproof disagree. */
export interface PatternDisagreement {
  /** Position of the record among the records read. */
  readonly recordIndex: number;
  /** EventBridge's verdict (TestEventPattern `Result`). */
  readonly aws: boolean;
  /** trailproof's verdict. */
  readonly local: boolean;
}

/** The outcome for one pattern. */
export interface PatternVerification {
  readonly id: string;
  readonly pattern: string;
  /** Records compared (0 when the pattern could not be checked). */
  readonly checked: number;
  readonly awsMatches: number;
  readonly localMatches: number;
  readonly disagreements: readonly PatternDisagreement[];
  /** Why the pattern was not checked (AWS rejected it, or the local matcher failed), else null. */
  readonly error: string | null;
}

/** The outcome of {@link verifyPatterns}. */
export interface VerifyPatternsResult {
  readonly sample: SampleDescription;
  /** Positions of the sampled records among the records read, in order. */
  readonly sampled: readonly number[];
  /** Sampled records not sent: not a JSON object, or an envelope without a field TestEventPattern requires. */
  readonly notSent: readonly { readonly recordIndex: number; readonly reason: string }[];
  readonly patterns: readonly PatternVerification[];
  /** Total disagreements over all patterns. */
  readonly disagreementCount: number;
}

interface Sendable {
  readonly index: number;
  readonly event: JsonObject;
  readonly text: string;
}

/**
 * Sends every sendable sampled record with each pattern to TestEventPattern and compares EventBridge's
 * verdicts with `localMatch`. A pattern EventBridge rejects (InvalidEventPatternException) is reported
 * on its own and the others go on; any other failure stops the check.
 *
 * @throws AwsCallError when TestEventPattern fails for a reason other than the pattern.
 */
export async function verifyPatterns(patterns: readonly PatternToVerify[], sample: DrawnSample, options: VerifyPatternsOptions): Promise<VerifyPatternsResult> {
  const sendable: Sendable[] = [];
  const notSent: { recordIndex: number; reason: string }[] = [];
  for (const record of sample.records) {
    const parsed = parseObject(record.text);
    if (parsed === null) {
      notSent.push({ recordIndex: record.index, reason: 'not a JSON object' });
      continue;
    }
    const event = envelopeOf(parsed);
    const missing = REQUIRED_EVENT_FIELDS.filter((f) => typeof event[f] !== 'string');
    if (missing.length > 0) notSent.push({ recordIndex: record.index, reason: `its event would have no ${missing.join(', ')}` });
    else sendable.push({ index: record.index, event, text: JSON.stringify(event) });
  }
  const client = options.client ?? createEventBridgeClient(options);
  const results: PatternVerification[] = [];
  try {
    for (const { id, pattern } of patterns) results.push(await verifyOne(client, id, pattern, sendable, options.localMatch));
  } finally {
    if (options.client === undefined) client.destroy();
  }
  const disagreementCount = results.reduce((sum, p) => sum + p.disagreements.length, 0);
  return { sample: sample.description, sampled: sample.records.map((r) => r.index), notSent, patterns: results, disagreementCount };
}

async function verifyOne(
  client: EventBridgeClient,
  id: string,
  pattern: string,
  records: readonly Sendable[],
  localMatch: (pattern: string, event: JsonObject) => boolean,
): Promise<PatternVerification> {
  const disagreements: PatternDisagreement[] = [];
  let awsMatches = 0;
  let localMatches = 0;
  for (const record of records) {
    let aws: boolean;
    try {
      const output = await client.send(new TestEventPatternCommand({ EventPattern: pattern, Event: record.text }));
      aws = output.Result === true;
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.code === 'InvalidEventPatternException') return failed(id, pattern, `aws rejected the pattern (${failure.detail})`);
      throw new AwsCallError('TestEventPattern', failure, `pattern '${id}'`, { cause: error });
    }
    let local: boolean;
    try {
      local = localMatch(pattern, record.event);
    } catch (error) {
      return failed(id, pattern, `the local matcher failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (aws) awsMatches++;
    if (local) localMatches++;
    if (aws !== local) disagreements.push({ recordIndex: record.index, aws, local });
  }
  return { id, pattern, checked: records.length, awsMatches, localMatches, disagreements, error: null };
}

function failed(id: string, pattern: string, error: string): PatternVerification {
  return { id, pattern, checked: 0, awsMatches: 0, localMatches: 0, disagreements: [], error };
}

function parseObject(text: string): JsonObject | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : null;
  } catch {
    return null;
  }
}
