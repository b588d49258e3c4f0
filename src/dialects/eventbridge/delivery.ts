/**
 * Delivery: whether a deployed EventBridge rule would have *received* a CloudTrail record its pattern
 * matches (digest §2, "Which CloudTrail events a rule never sees"). Matching is match.ts; this module
 * only knows the rule's deployment (state, bus, Region, account) and a few fields of the record.
 *
 * Decisions (docs/eventbridge.md, "Delivery"):
 * - D2: a `DISABLED` rule receives nothing.
 * - D1: a read-only management event (CloudTrail `readOnly: true`, not a data event) reaches only rules in
 *   state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`; STS `GetFederationToken` and `GetSessionToken`
 *   are change events for EventBridge (AWS-CT, read-only page). A file without `State` is taken as
 *   `ENABLED` (PutRule's default) and the reason says so.
 * - D3/D4: on the default bus, a rule receives only the events recorded in its own Region and account;
 *   both come from the rule's `Arn`. Without an `Arn` they are unknown and not checked. On a custom bus,
 *   events arrive only when forwarded, possibly from other Regions and accounts, which no rule file shows:
 *   Region and account are not checked there either.
 */
import type { CloudTrailRecord } from '../../record/view.js';

/** Rule states (API_Rule `State`, digest P47). */
export const RULE_STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] as const;

/** What a rule file says about where and how a rule is deployed; null where it says nothing. */
export interface RuleDeployment {
  readonly state: string | null;
  readonly eventBus: string | null;
  /** From the rule's ARN (`arn:aws:events:<region>:<account>:rule/...`). */
  readonly region: string | null;
  readonly account: string | null;
}

/** A deployment the file says nothing about (a bare pattern file). */
export const UNKNOWN_DEPLOYMENT: RuleDeployment = { state: null, eventBus: null, region: null, account: null };

/** Region and account of an EventBridge rule ARN; nulls when `arn` is not one. */
export function ruleArnParts(arn: string | undefined): { region: string | null; account: string | null } {
  const m = arn === undefined ? null : /^arn:[a-z-]+:events:([a-z0-9-]+):(\d{12}):rule\//.exec(arn);
  return m === null ? { region: null, account: null } : { region: m[1]!, account: m[2]! };
}

/** True for the default bus, by name or ARN (`…:event-bus/default`), and when no bus is named. */
function onDefaultBus(bus: string | null): boolean {
  return bus === null || bus === 'default' || /:event-bus\/default$/.test(bus);
}

/** STS calls CloudTrail marks read-only that EventBridge delivers as change events (AWS-CT). */
const STS_CHANGE_EVENTS = new Set(['GetFederationToken', 'GetSessionToken']);

/** D1: a management event CloudTrail marks read-only (data and Insights events are not management events). */
export function isReadOnlyManagementEvent(record: CloudTrailRecord): boolean {
  if (record.readOnly !== true) return false;
  if (record.managementEvent === false) return false;
  if (typeof record.eventCategory === 'string' && record.eventCategory !== 'Management') return false;
  return !(record.eventSource === 'sts.amazonaws.com' && typeof record.eventName === 'string' && STS_CHANGE_EVENTS.has(record.eventName));
}

/**
 * Why a rule deployed as `d` would not have received `record`, or null when it would (or when the file
 * does not say enough to tell). The record is assumed to match the rule's pattern.
 */
export function undeliveredReason(d: RuleDeployment, record: CloudTrailRecord): string | null {
  if (d.state === 'DISABLED') return 'the rule is DISABLED';
  if (d.state !== 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' && isReadOnlyManagementEvent(record)) {
    const state =
      d.state === 'ENABLED' ? 'the rule is ENABLED' : d.state === null ? 'the file gives no State, so ENABLED (the default) is assumed' : `the rule's State ${JSON.stringify(d.state)} is taken as ENABLED`;
    return `read-only management event: only rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS receive it, and ${state}`;
  }
  if (!onDefaultBus(d.eventBus)) return null;
  const region = typeof record.awsRegion === 'string' ? record.awsRegion : null;
  if (d.region !== null && region !== null && region !== d.region) {
    const what = record.eventType === 'AwsConsoleSignIn' ? 'console sign-in event' : 'event';
    return `${what} recorded in ${region}: a rule on the default bus of ${d.region} receives only events recorded in ${d.region}`;
  }
  const account = typeof record.recipientAccountId === 'string' ? record.recipientAccountId : null;
  if (d.account !== null && account !== null && account !== d.account) {
    return `event recorded in account ${account}: a rule on the default bus of account ${d.account} receives only that account's events`;
  }
  return null;
}

/**
 * What delivery cannot check for a rule deployed as `d`, for the report to show with the detection
 * (D3/D4 above), or null when the file states the rule's Region and account.
 */
export function uncheckedDelivery(d: RuleDeployment): string | null {
  if (!onDefaultBus(d.eventBus)) {
    return `on the custom bus ${d.eventBus}, events arrive only when forwarded, which no rule file shows: the Region and account they were recorded in are not checked`;
  }
  if (d.region !== null && d.account !== null) return null;
  return 'the rule file gives no rule Arn, so its Region and account are unknown: a root event recorded in any Region and account counts as received';
}
