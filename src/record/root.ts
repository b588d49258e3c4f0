/**
 * The ground truth: which records are the root user at work, and what kind of root activity each is.
 *
 * `classifyRoot` decides, for one parsed record, whether its identity is the root user and, if so, puts
 * it in exactly one `RootCategory`. `isRootCandidateText` is its sound prefilter over the raw JSON text,
 * so the engine parses only records that can be root. docs/root-usage.md states every rule below (the
 * rule numbers R1–R8 refer to it) with the AWS page it comes from.
 */
import { ROOT_USAGE_CATEGORIES, type RootCategory } from '../report/model.js';
import { hasField, objectField, stringField } from './summary.js';
import type { JsonObject } from './view.js';

/** What `classifyRoot` says about a root-identity record. */
export interface RootClassification {
  readonly category: RootCategory;
  /** True for the five root-usage categories (a person using root), false for context. */
  readonly rootUsage: boolean;
  /**
   * True when the CIS root-usage metric filter matches the record:
   * `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
   * evaluated with CloudWatch Logs semantics (a null `invokedBy` exists; a missing `eventType` makes `!=` false).
   */
  readonly cisRootUsage: boolean;
  /** From `additionalEventData.MFAUsed` on `ConsoleLogin` records ("Yes" → true, "No" → false), else null. */
  readonly mfaUsed: boolean | null;
  /** success / failure of the sign-in or call; null for service events and sign-ins that do not say. */
  readonly outcome: 'success' | 'failure' | null;
}

const SIGNIN = 'signin.amazonaws.com';
const USAGE: ReadonlySet<RootCategory> = new Set(ROOT_USAGE_CATEGORIES);

/**
 * Classifies one record. Returns null when its identity is not the root user (R1); otherwise the first
 * matching rule of R2–R8 gives the category. Never throws, whatever the record holds.
 */
export function classifyRoot(record: JsonObject): RootClassification | null {
  const ui = objectField(record, 'userIdentity');
  const isRootType = ui !== null && ui['type'] === 'Root';
  const eventName = stringField(record, 'eventName');
  const assumeRootCall = eventName === 'AssumeRoot' && stringField(record, 'eventSource') === 'sts.amazonaws.com';
  const assumedRoot = ui !== null && isAssumedRootSession(ui);
  if (!isRootType && !assumeRootCall && !assumedRoot) return null;

  const eventType = record['eventType'];
  const invokedByPresent = ui !== null && hasField(ui, 'invokedBy');
  // CWL: NOT EXISTS is true only for an absent key (a null value exists); `!=` is false unless the node
  // is a string or number (docs/filter-patterns.md: missing fields, null, NOT EXISTS).
  const cisRootUsage =
    isRootType &&
    !invokedByPresent &&
    (typeof eventType === 'string' || typeof eventType === 'number') &&
    eventType !== 'AwsServiceEvent';

  const invokedBy = ui === null ? null : stringField(ui, 'invokedBy');
  const isLogin = eventName === 'ConsoleLogin';
  const mfaUsed = isLogin ? mfaFlag(record) : null;

  let category: RootCategory;
  let outcome: 'success' | 'failure' | null;
  if (eventType === 'AwsServiceEvent') {
    // R2: a service event is not triggered by a request, so it has no caller to succeed or fail.
    category = 'root-service-event';
    outcome = null;
  } else if (assumeRootCall || assumedRoot) {
    // R3: centralised root access, the AssumeRoot call and everything its session does.
    category = 'assume-root-session';
    outcome = isLogin ? signInOutcome(record, 'ConsoleLogin') : callOutcome(record);
  } else if (invokedBy !== null && invokedBy !== '' && invokedBy !== SIGNIN) {
    // R4: an AWS service made the call on root's behalf.
    category = 'service-on-behalf-of-root';
    outcome = callOutcome(record);
  } else if (isLogin) {
    // R5: the console sign-in itself; any failure signal makes it a failure.
    outcome = signInOutcome(record, 'ConsoleLogin');
    category = outcome === 'failure' ? 'console-login-failure' : 'console-login-success';
  } else if (stringField(record, 'eventSource') === SIGNIN) {
    // R6: other sign-in events about root (password recovery, password change, ...): context.
    category = 'root-sign-in-other';
    outcome = eventName === null ? callOutcome(record) : signInOutcome(record, eventName);
  } else if (invokedBy === SIGNIN || eventType === 'AwsConsoleAction' || eventType === 'AwsConsoleSignIn') {
    // R7: a person acting as root in the console.
    category = 'root-console-action';
    outcome = callOutcome(record);
  } else {
    // R8: root credentials used directly (CLI, SDK, access keys).
    category = 'root-api-call';
    outcome = callOutcome(record);
  }
  return { category, rootUsage: USAGE.has(category), cisRootUsage, mfaUsed, outcome };
}

/** `userIdentity.sessionContext.assumedRoot` is "true" (AWS writes a string; a JSON true is accepted too). */
function isAssumedRootSession(ui: JsonObject): boolean {
  const ctx = objectField(ui, 'sessionContext');
  if (ctx === null) return false;
  const v = ctx['assumedRoot'];
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** True when the field is present with a value other than null or "". */
function hasValue(record: JsonObject, key: string): boolean {
  const v = record[key];
  return hasField(record, key) && v !== null && v !== '';
}

/** An API call failed when CloudTrail recorded an error code or message. */
function callOutcome(record: JsonObject): 'success' | 'failure' {
  return hasValue(record, 'errorCode') || hasValue(record, 'errorMessage') ? 'failure' : 'success';
}

/**
 * A sign-in event's outcome: `responseElements.<eventName>` ("Success" / "Failure", compared
 * case-insensitively), with `errorCode` / `errorMessage` also meaning failure; null when nothing says.
 */
function signInOutcome(record: JsonObject, key: string): 'success' | 'failure' | null {
  const response = objectField(record, 'responseElements');
  const said = response === null ? null : stringField(response, key);
  const lower = said === null ? null : said.toLowerCase();
  if (lower === 'failure' || hasValue(record, 'errorCode') || hasValue(record, 'errorMessage')) return 'failure';
  return lower === 'success' ? 'success' : null;
}

/** `additionalEventData.MFAUsed`: "Yes" → true, "No" → false (any case; AWS has written "YES"), else null. */
function mfaFlag(record: JsonObject): boolean | null {
  const extra = objectField(record, 'additionalEventData');
  const v = extra === null ? null : stringField(extra, 'MFAUsed');
  if (v === null) return null;
  const lower = v.toLowerCase();
  return lower === 'yes' ? true : lower === 'no' ? false : null;
}

const QUOTE = 34; // "

/**
 * The literals `hasRootLiteral` looks for: a record containing none of them (once its `\u` escapes are
 * decoded) cannot be a root-identity record. The byte-level prefilter (src/engine/bytes) searches for
 * the same ones.
 */
export const ROOT_CANDIDATE_LITERALS: readonly string[] = ['"Root"', 'assumedRoot', 'AssumeRoot'];

/**
 * Sound prefilter for `classifyRoot` over a record's JSON text without `\u` escapes (or with them
 * decoded: src/engine/unicode-escapes.ts): false only when the record cannot be a root-identity record.
 * Every root record contains one of `"Root"` (the identity type, as a whole string token),
 * `assumedRoot` (the session flag) or `AssumeRoot` (the STS call). May admit non-root records.
 */
export function hasRootLiteral(text: string): boolean {
  let i = text.indexOf('Root');
  while (i !== -1) {
    if (i > 0 && text.charCodeAt(i - 1) === QUOTE && text.charCodeAt(i + 4) === QUOTE) return true;
    if (text.startsWith('assumed', i - 7) || text.startsWith('Assume', i - 6)) return true;
    i = text.indexOf('Root', i + 4);
  }
  return false;
}
