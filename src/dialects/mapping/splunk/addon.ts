/**
 * The alias layer of the Splunk Add-on for AWS (digest §2.5): CIM fields the add-on adds to
 * `aws:cloudtrail` events at search time, which ESCU rules filter and group by. Each entry names its
 * source; docs/splunk.md lists them. The layer is on by default (CloudTrail reaches Splunk through the
 * add-on) and can be switched off (`addon: false`), after which such fields are missing.
 */
import type { Fields } from './fields.js';

/** A field the add-on copies from an extracted one. */
export interface AddonAlias {
  readonly field: string;
  readonly from: string;
  readonly source: string;
}

const CIM = 'CIM manual, AWS field mapping examples (digest §2.5)';
const ESCU = 'inferred from ESCU AWS rules (digest §2.5, peer-root-rules.md "Splunk aws:cloudtrail")';

/** Copies, applied when the source field exists. */
export const ADDON_ALIASES: readonly AddonAlias[] = [
  { field: 'user_type', from: 'userIdentity.type', source: CIM },
  { field: 'src_user_type', from: 'userIdentity.type', source: CIM },
  { field: 'user', from: 'userIdentity.principalId', source: CIM },
  { field: 'user_id', from: 'userIdentity.principalId', source: CIM },
  { field: 'vendor_account', from: 'userIdentity.accountId', source: CIM },
  { field: 'user_name', from: 'userIdentity.userName', source: CIM },
  { field: 'app', from: 'eventSource', source: CIM },
  { field: 'dest', from: 'eventSource', source: CIM },
  { field: 'command', from: 'eventName', source: CIM },
  { field: 'src', from: 'sourceIPAddress', source: CIM },
  { field: 'src_ip', from: 'sourceIPAddress', source: CIM },
  { field: 'user_agent', from: 'userAgent', source: CIM },
  { field: 'aws_account_id', from: 'recipientAccountId', source: ESCU },
  { field: 'user_arn', from: 'userIdentity.arn', source: ESCU },
  { field: 'region', from: 'awsRegion', source: ESCU },
];

/** Names of every field the layer may add (for the record-model check). */
export const ADDON_FIELDS: ReadonlySet<string> = new Set([...ADDON_ALIASES.map((a) => a.field), 'action', 'errorCode']);

/**
 * Adds the add-on fields to an extracted event:
 * - the copies above;
 * - `errorCode=success` when CloudTrail wrote none (ESCU filters successes so; digest §2.5, §10.6);
 * - `action`: `success`/`failure` — for `ConsoleLogin` from `responseElements.ConsoleLogin`, otherwise
 *   `failure` when the record has an `errorCode` (the add-on's action-status lookup; digest §2.5,
 *   inferred: the lookup's table is not public).
 */
export function applyAddon(fields: Fields): void {
  const error = fields.get('errorCode');
  let action: string | null;
  if (fields.get('eventName')?.[0] === 'ConsoleLogin') {
    const outcome = fields.get('responseElements.ConsoleLogin')?.[0];
    action = outcome === undefined ? (error === undefined ? null : 'failure') : String(outcome).toLowerCase();
  } else {
    action = error === undefined ? 'success' : 'failure';
  }
  if (action !== null) fields.set('action', [action]);
  if (error === undefined) fields.set('errorCode', ['success']);
  for (const a of ADDON_ALIASES) {
    const v = fields.get(a.from);
    if (v !== undefined) fields.set(a.field, [...v]);
  }
}
