/**
 * CloudTrail record → the ECS document the Elastic AWS integration stores (`aws.cloudtrail` data stream,
 * ingest pipeline `default.yml` @ bf3be6b2; elastic-rules.md §2). The steps run in the pipeline's order
 * because order decides the result: values are dropped (M2) before fields are renamed (M3), renames never
 * overwrite, and whatever was not moved is removed with `json` at the end (M4).
 *
 * Not emulated (no root rule reads them; docs/elastic.md): GeoIP (`source.geo.*`, `source.as.*`), the
 * parsed user agent (`user_agent.name`, `.os.*`, ...), `event.created` (ingest time) and the `entity`
 * sub-pipeline (`related.entity`, `actor.*`). CloudTrail digest files are not records here.
 */
import { isIP } from 'node:net';
import type { JsonObject, JsonValue } from '../../../record/view.js';
import { hashMapOrder, javaToString } from './java-hashmap.js';

/**
 * `isIP(text) !== 0`, without trying the IPv6 form on text that has no colon (every IPv6 form has
 * one): Node compiles that pattern on first use, ~10 ms in each thread, for service names such as
 * `iam.amazonaws.com` in `sourceIPAddress`.
 */
export function isIpAddress(text: string): boolean {
  return (text.includes(':') || /^[\d.]+$/.test(text)) && isIP(text) !== 0;
}

/** An ECS document: a plain nested JSON object, as Elasticsearch would store it in `_source`. */
export type EcsDocument = JsonObject;

/** The categorisation table of the pipeline's "Add ECS categorization" script: action → category, type. */
const CATEGORIES: Readonly<Record<string, readonly [category: string, type: string]>> = (() => {
  const out: Record<string, readonly [string, string]> = {};
  const add = (category: string, type: string, names: string): void => {
    for (const n of names.split(' ')) out[n] = [category, type];
  };
  add('authentication', 'info', 'AssumeRole ConsoleLogin');
  add('file', 'creation', 'CreateBucket');
  add('file', 'deletion', 'DeleteBucket');
  add('iam', 'group,change', 'AddUserToGroup AttachGroupPolicy DeleteGroupPolicy DetachGroupPolicy PutGroupPolicy RemoveUserFromGroup UpdateGroup');
  add('iam', 'group,creation', 'CreateGroup');
  add('iam', 'group,deletion', 'DeleteGroup');
  add('iam', 'group,info', 'GetGroup GetGroupPolicy ListAttachedGroupPolicies ListGroupPolicies ListGroups');
  add('iam', 'user,creation', 'CreateUser');
  add('iam', 'user,deletion', 'DeleteUser');
  add('iam', 'user,info', 'GetUser GetUserPolicy ListAttachedUserPolicies ListGroupsForUser ListUserPolicies ListUsers ListUserTags');
  add(
    'iam',
    'user,change',
    'AttachUserPolicy ChangePassword CreateAccessKey CreateVirtualMFADevice DeactivateMFADevice DeleteAccessKey DeleteSSHPublicKey ' +
      'DeleteUserPermissionsBoundary DeleteUserPolicy DeleteVirtualMFADevice DetachUserPolicy EnableMFADevice PutUserPermissionsBoundary ' +
      'PutUserPolicy TagUser UntagUser UpdateAccessKey UpdateLoginProfile UpdateSSHPublicKey UpdateUser',
  );
  add('iam', 'admin,creation', 'CreateKeyPair');
  add('iam', 'admin,change', 'SetDefaultPolicyVersion SetSecurityTokenServicePreferences UpdateAccountPasswordPolicy UpdateRole');
  return out;
})();

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A failed processor without `ignore_failure`: the pipeline's `on_failure` takes over (see `toEcs`). */
class PipelineFailure extends Error {}

/**
 * Deep copy of the parsed record with M2 applied: `null` and `""` dropped recursively, then every map or
 * list left empty. `sizes` records how many keys each copied map had before the drop (HashMap capacity).
 */
function copyDropped(value: JsonValue, sizes: WeakMap<object, number>): JsonValue | undefined {
  if (value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (const v of value) {
      const c = copyDropped(v, sizes);
      if (c !== undefined) out.push(c);
    }
    return out.length === 0 ? undefined : out;
  }
  if (typeof value === 'object') {
    const out: JsonObject = {};
    let n = 0;
    for (const k of Object.keys(value)) {
      n++;
      const c = copyDropped(value[k]!, sizes);
      if (c !== undefined) out[k] = c;
    }
    sizes.set(out, n);
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

/** Paths split once: the pipeline uses the same few dozen on every record. */
const SPLIT = new Map<string, readonly string[]>();
function parts(path: string): readonly string[] {
  let p = SPLIT.get(path);
  if (p === undefined) SPLIT.set(path, (p = path.split('.')));
  return p;
}

function get(root: JsonObject, path: string): JsonValue | undefined {
  let cur: JsonValue | undefined = root;
  for (const part of parts(path)) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function set(root: JsonObject, path: string, value: JsonValue): void {
  const keys = parts(path);
  let cur = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = cur[keys[i]!];
    if (isObject(next)) cur = next;
    else cur = cur[keys[i]!] = {};
  }
  cur[keys[keys.length - 1]!] = value;
}

function remove(root: JsonObject, path: string): void {
  const keys = parts(path);
  let parent: JsonValue | undefined = root;
  for (let i = 0; i < keys.length - 1 && isObject(parent); i++) parent = parent[keys[i]!];
  if (isObject(parent)) delete parent[keys[keys.length - 1]!];
}

/** How a mustache template `{{a.b}}` renders a value (maps and lists as Java prints them). */
const render = (v: JsonValue | undefined): string => (v === undefined ? '' : javaToString(v));

/** Runs the pipeline on one record. Each method is one processor (or a few of the same kind). */
class Pipeline {
  readonly doc: EcsDocument = {};
  private readonly sizes = new WeakMap<object, number>();
  private readonly json: JsonObject;

  constructor(record: JsonObject) {
    this.json = (copyDropped(record, this.sizes) as JsonObject | undefined) ?? {};
  }

  private src(path: string): JsonValue | undefined {
    return get(this.json, path);
  }

  /** `rename` with ignore_failure: nothing when the source is missing or the target already exists. */
  private rename(from: string, to: string): void {
    const v = this.src(from);
    if (v === undefined || get(this.doc, to) !== undefined) return;
    remove(this.json, from);
    set(this.doc, to, v);
  }

  /** `append` with allow_duplicates: false. */
  private append(path: string, value: string): void {
    const cur = get(this.doc, path);
    if (cur === undefined) set(this.doc, path, [value]);
    else if (Array.isArray(cur)) {
      if (!cur.includes(value)) cur.push(value);
    } else if (cur !== value) set(this.doc, path, [cur, value]);
  }

  /** A `set` from a mustache template with ignore_empty_value. */
  private setRendered(path: string, from: JsonValue | undefined): void {
    const text = render(from);
    if (text !== '') set(this.doc, path, text);
  }

  run(): void {
    const doc = this.doc;
    set(doc, 'ecs.version', '8.11.0');
    const time = this.src('eventTime');
    if (typeof time === 'string') {
      const ms = Date.parse(time);
      if (!Number.isNaN(ms)) doc['@timestamp'] = new Date(ms).toISOString();
    }
    this.rename('eventVersion', 'aws.cloudtrail.event_version');
    this.rename('userIdentity.type', 'aws.cloudtrail.user_identity.type');
    const userName = this.src('userIdentity.userName');
    if (userName !== undefined) this.append('related.user', render(userName));
    this.rename('userIdentity.userName', 'user.name');
    this.rename('userIdentity.principalId', 'user.id');
    this.rename('userIdentity.arn', 'aws.cloudtrail.user_identity.arn');
    this.rename('userIdentity.accountId', 'cloud.account.id');
    this.rename('userIdentity.accessKeyId', 'aws.cloudtrail.user_identity.access_key_id');
    this.rename('userIdentity.sessionContext.attributes.mfaAuthenticated', 'aws.cloudtrail.user_identity.session_context.mfa_authenticated');
    const created = this.src('userIdentity.sessionContext.attributes.creationDate');
    if (typeof created === 'string' && !Number.isNaN(Date.parse(created))) {
      set(doc, 'aws.cloudtrail.user_identity.session_context.creation_date', new Date(Date.parse(created)).toISOString());
    }
    const issuer = 'userIdentity.sessionContext.sessionIssuer';
    const issuerTo = 'aws.cloudtrail.user_identity.session_context.session_issuer';
    this.rename(`${issuer}.type`, `${issuerTo}.type`);
    // M3: only when userIdentity.userName did not fill user.name already (rename never overwrites).
    this.rename(`${issuer}.userName`, 'user.name');
    this.rename(`${issuer}.principalId`, `${issuerTo}.principal_id`);
    this.rename(`${issuer}.arn`, `${issuerTo}.arn`);
    this.rename(`${issuer}.accountId`, `${issuerTo}.account_id`);
    this.rename('userIdentity.invokedBy', 'aws.cloudtrail.user_identity.invoked_by');
    this.rename('eventSource', 'event.provider');
    this.setRendered('event.action', this.src('eventName'));
    this.rename('eventCategory', 'aws.cloudtrail.event_category');
    const region = this.src('awsRegion');
    if (region !== undefined) set(doc, 'cloud.region', region);
    this.rename('sourceIPAddress', 'source.address');
    const address = get(doc, 'source.address');
    // grok `^%{IP:source.ip}$`: only an address, never a service name such as iam.amazonaws.com.
    if (typeof address === 'string' && isIpAddress(address)) set(doc, 'source.ip', address);
    // The user_agent processor keeps the original string; its parsed parts are not emulated.
    this.rename('userAgent', 'user_agent.original');
    this.rename('errorCode', 'aws.cloudtrail.error_code');
    this.rename('errorMessage', 'aws.cloudtrail.error_message');
    this.toStrings();
    this.rename('requestID', 'aws.cloudtrail.request_id');
    this.rename('eventID', 'event.id');
    this.rename('eventType', 'aws.cloudtrail.event_type');
    this.rename('apiVersion', 'aws.cloudtrail.api_version');
    this.rename('managementEvent', 'aws.cloudtrail.management_event');
    this.rename('readOnly', 'aws.cloudtrail.read_only');
    this.resources();
    this.rename('recipientAccountId', 'aws.cloudtrail.recipient_account_id');
    // The pipeline renames `sharedEventId`; CloudTrail writes `sharedEventID`, so it never moves (M4).
    this.rename('sharedEventId', 'aws.cloudtrail.shared_event_id');
    this.rename('vpcEndpointId', 'aws.cloudtrail.vpc_endpoint_id');
    const params = get(doc, 'aws.cloudtrail.flattened.request_parameters');
    if (isObject(params)) {
      if (params['userName'] !== undefined) this.append('related.user', render(params['userName']));
      if (params['newUserName'] !== undefined) this.append('related.user', render(params['newUserName']));
    }
    this.consoleLogin();
    this.categorise();
    this.rename('insightDetails', 'aws.cloudtrail.flattened.insight_details');
    const flat = 'aws.cloudtrail.flattened';
    this.setRendered('group.id', get(doc, `${flat}.response_elements.group.groupId`));
    this.setRendered('user.target.id', get(doc, `${flat}.response_elements.user.userId`));
    this.setRendered('user.changes.name', get(doc, `${flat}.request_parameters.newUserName`));
    this.setRendered('group.name', get(doc, `${flat}.request_parameters.groupName`));
    this.setRendered('user.target.name', get(doc, `${flat}.request_parameters.userName`));
    this.tls();
  }

  /** The script writing `*_parameters` & co. as Java `toString()` and their `flattened` copies (M6). */
  private toStrings(): void {
    const cloudtrail = get(this.doc, 'aws.cloudtrail');
    // `ctx.aws.cloudtrail?.flattened` throws when `aws` is missing; the script ignores failures.
    if (!isObject(cloudtrail)) return;
    const sizeOf = (o: object): number | undefined => this.sizes.get(o);
    const pairs = [
      ['requestParameters', 'request_parameters'],
      ['responseElements', 'response_elements'],
      ['additionalEventData', 'additional_eventdata'],
      ['serviceEventDetails', 'service_event_details'],
    ] as const;
    for (const [from, to] of pairs) {
      const v = this.json[from];
      if (v === undefined) continue;
      const text = javaToString(v, sizeOf);
      cloudtrail[to] = text;
      if (text.length < 32766) set(this.doc, `aws.cloudtrail.flattened.${to}`, v);
    }
  }

  /** Resources deduplicated by arn + account + type, in the order of the HashMap that deduplicates them. */
  private resources(): void {
    const list = this.json['resources'];
    if (!Array.isArray(list)) return;
    const unique = new Map<string, JsonObject>();
    for (const r of list) {
      if (!isObject(r)) continue;
      const resource: JsonObject = { ...r };
      if ('ARN' in resource) {
        resource['arn'] = resource['ARN']!;
        delete resource['ARN'];
      }
      if ('accountId' in resource) {
        resource['account_id'] = resource['accountId']!;
        delete resource['accountId'];
      }
      const part = (k: string): string => (k in resource ? render(resource[k]) : '');
      const key = `${part('arn')}_${part('account_id')}_${part('type')}`;
      // A later duplicate replaces the value but keeps the key's place.
      unique.set(key, resource);
    }
    const order = hashMapOrder([...unique.keys()]);
    this.json['resources'] = order.map((k) => unique.get(k)!);
    this.rename('resources', 'aws.cloudtrail.resources');
  }

  /** `aws.cloudtrail.console_login.additional_eventdata.*`, for ConsoleLogin only. */
  private consoleLogin(): void {
    if (this.src('eventName') !== 'ConsoleLogin') return;
    if (!isObject(get(this.doc, 'aws.cloudtrail'))) return;
    const data = get(this.doc, 'aws.cloudtrail.flattened.additional_eventdata');
    const at = (k: string): JsonValue | undefined => (isObject(data) ? data[k] : undefined);
    const out: JsonObject = {};
    // Anything but exactly the string "No" counts as yes ("YES", "Yes", true, ...): elastic-rules.md §2.2.
    if (at('MobileVersion') !== undefined) out['mobile_version'] = at('MobileVersion') !== 'No';
    if (at('LoginTo') !== undefined) out['login_to'] = at('LoginTo')!;
    if (at('MFAUsed') !== undefined) out['mfa_used'] = at('MFAUsed') !== 'No';
    if (Object.keys(out).length > 0) set(this.doc, 'aws.cloudtrail.console_login.additional_eventdata', out);
  }

  /** The "Add ECS categorization" script: event.kind, event.type, event.outcome, event.category. */
  private categorise(): void {
    const doc = this.doc;
    set(doc, 'event.kind', 'event');
    set(doc, 'event.type', ['info']);
    const failed = get(doc, 'aws.cloudtrail.error_code') !== undefined || get(doc, 'aws.cloudtrail.error_message') !== undefined;
    set(doc, 'event.outcome', failed ? 'failure' : 'success');
    const action = get(doc, 'event.action');
    if (action === undefined) return;
    if (action === 'ConsoleLogin') {
      // `…flattened?.response_elements.ConsoleLogin` has no `?.` before `.ConsoleLogin`: a sign-in without
      // responseElements makes the script throw, and the pipeline's on_failure ends the run (see toEcs).
      const elements = get(doc, 'aws.cloudtrail.flattened.response_elements');
      if (!isObject(elements)) throw new PipelineFailure('cannot access method/field [ConsoleLogin] from a null def reference');
      const outcome = elements['ConsoleLogin'];
      if (outcome !== undefined) {
        if (typeof outcome !== 'string') throw new PipelineFailure('lowercase of a value that is not a string');
        set(doc, 'event.outcome', outcome.toLowerCase());
      }
    }
    const c = typeof action === 'string' ? CATEGORIES[action] : undefined;
    if (c === undefined) return;
    set(doc, 'event.category', [c[0]]);
    set(doc, 'event.type', c[1].split(','));
  }

  /** `tls.*` from tlsDetails: dissect `%{tls.version_protocol}v%{tls.version}`, lower-cased protocol. */
  private tls(): void {
    const version = this.src('tlsDetails.tlsVersion');
    if (version !== undefined) {
      const text = render(version);
      const v = text.indexOf('v');
      if (v < 0) throw new PipelineFailure(`unable to find match for dissect pattern: %{tls.version_protocol}v%{tls.version} against source: ${text}`);
      if (v > 0) set(this.doc, 'tls.version_protocol', text.slice(0, v).toLowerCase());
      if (v + 1 < text.length) set(this.doc, 'tls.version', text.slice(v + 1));
    }
    this.rename('tlsDetails.cipherSuite', 'tls.cipher');
    this.rename('tlsDetails.clientProvidedHostHeader', 'tls.client.server_name');
  }

  /** What is left of the record (the pipeline removes it at the end, or keeps it when a processor failed). */
  remainder(): JsonObject {
    return this.json;
  }
}

/**
 * The ECS document Elasticsearch stores for a CloudTrail record in `logs-aws.cloudtrail-default`:
 * the pipeline's fields plus the data stream's (`data_stream.*`, `event.dataset`, `event.module`,
 * elastic-rules.md §2). When a processor without `ignore_failure` fails, the pipeline's `on_failure` sets
 * `error.message` and the document is stored as it was at that point, `json` (the unmoved rest of the
 * record) included.
 */
export function toEcs(record: JsonObject): EcsDocument {
  const p = new Pipeline(record);
  try {
    p.run();
  } catch (e) {
    if (!(e instanceof PipelineFailure)) throw e;
    set(p.doc, 'error.message', e.message);
    const rest = p.remainder();
    if (Object.keys(rest).length > 0) p.doc['json'] = rest;
  }
  const doc = p.doc;
  set(doc, 'data_stream.type', 'logs');
  set(doc, 'data_stream.dataset', 'aws.cloudtrail');
  set(doc, 'data_stream.namespace', 'default');
  set(doc, 'event.dataset', 'aws.cloudtrail');
  set(doc, 'event.module', 'aws');
  return doc;
}
