/**
 * Elasticsearch field types of the `logs-aws.cloudtrail-*` data stream (elastic-rules.md §2.2, from the
 * AWS integration's `fields.yml`, `ecs.yml`, `base-fields.yml` and ECS). The KQL, Lucene and EQL
 * evaluators ask here how a field is indexed: keyword fields are exact and case-sensitive, text fields
 * are analysed, `flattened` fields index every leaf as a keyword.
 */

/** The Elasticsearch field types the evaluators distinguish. */
export type EsFieldType =
  | 'keyword'
  | 'constant_keyword'
  | 'wildcard'
  | 'text'
  | 'match_only_text'
  | 'long'
  | 'integer'
  | 'double'
  | 'float'
  | 'boolean'
  | 'ip'
  | 'date'
  | 'geo_point'
  | 'flattened'
  | 'nested'
  | 'object';

/** Every `EsFieldType`, to check types given at run time (the `fieldTypes` option). */
export const ES_FIELD_TYPES: ReadonlySet<string> = new Set<EsFieldType>([
  'keyword', 'constant_keyword', 'wildcard', 'text', 'match_only_text', 'long', 'integer', 'double', 'float',
  'boolean', 'ip', 'date', 'geo_point', 'flattened', 'nested', 'object',
]);

/** Field → type replacements, e.g. `{ 'aws.cloudtrail.resources': 'nested' }` for a custom mapping. */
export type FieldTypes = Readonly<Record<string, EsFieldType>>;

const K = 'keyword';
const keywords = (prefix: string, names: readonly string[]): [string, EsFieldType][] => names.map((n) => [`${prefix}${n}`, K]);

/** Leaf fields (multi-fields such as `user.name.text` included). Parents of these are `object`. */
const LEAVES = new Map<string, EsFieldType>([
  ['@timestamp', 'date'],
  ['tags', K],
  ['message', 'match_only_text'],
  ['ecs.version', K],
  ['data_stream.type', 'constant_keyword'],
  ['data_stream.dataset', 'constant_keyword'],
  ['data_stream.namespace', 'constant_keyword'],
  ['event.dataset', 'constant_keyword'],
  ['event.module', 'constant_keyword'],
  ...keywords('event.', ['kind', 'type', 'category', 'outcome', 'action', 'provider', 'id', 'original']),
  ['event.created', 'date'],
  ['event.ingested', 'date'],
  ['error.message', 'match_only_text'],
  ...keywords('cloud.', ['account.id', 'region', 'provider']),
  ...keywords('user.', ['name', 'id', 'target.name', 'target.id', 'changes.name', 'email']),
  ['user.name.text', 'match_only_text'],
  ['user.target.name.text', 'match_only_text'],
  ['user.changes.name.text', 'match_only_text'],
  ...keywords('group.', ['id', 'name']),
  ...keywords('related.', ['user', 'hash', 'ip', 'entity']),
  ['source.address', K],
  ['source.ip', 'ip'],
  ['source.as.number', 'long'],
  ['source.as.organization.name', K],
  ['source.as.organization.name.text', 'match_only_text'],
  ['source.geo.location', 'geo_point'],
  ...keywords('source.geo.', ['city_name', 'continent_name', 'country_iso_code', 'country_name', 'region_iso_code', 'region_name']),
  ['user_agent.original', K],
  ['user_agent.original.text', 'match_only_text'],
  ...keywords('user_agent.', ['name', 'version', 'device.name', 'os.name', 'os.version', 'os.full', 'os.family', 'os.platform']),
  ...keywords('tls.', ['version', 'version_protocol', 'cipher', 'client.server_name']),
  ['file.path', K],
  ['file.hash.sha256', K],
  ...keywords('aws.cloudtrail.', [
    'event_version',
    'event_category',
    'event_type',
    'error_code',
    'error_message',
    'request_id',
    'api_version',
    'management_event',
    'recipient_account_id',
    'shared_event_id',
    'vpc_endpoint_id',
    'request_parameters',
    'response_elements',
    'additional_eventdata',
    'service_event_details',
    'user_identity.type',
    'user_identity.arn',
    'user_identity.access_key_id',
    'user_identity.invoked_by',
    'user_identity.session_context.mfa_authenticated',
    'user_identity.session_context.session_issuer.type',
    'user_identity.session_context.session_issuer.principal_id',
    'user_identity.session_context.session_issuer.arn',
    'user_identity.session_context.session_issuer.account_id',
    'resources.arn',
    'resources.type',
    'resources.account_id',
    'console_login.additional_eventdata.login_to',
  ]),
  ['aws.cloudtrail.request_parameters.text', 'text'],
  ['aws.cloudtrail.response_elements.text', 'text'],
  ['aws.cloudtrail.additional_eventdata.text', 'text'],
  ['aws.cloudtrail.service_event_details.text', 'text'],
  ['aws.cloudtrail.user_identity.session_context.creation_date', 'date'],
  ['aws.cloudtrail.read_only', 'boolean'],
  ['aws.cloudtrail.console_login.additional_eventdata.mfa_used', 'boolean'],
  ['aws.cloudtrail.console_login.additional_eventdata.mobile_version', 'boolean'],
  ...(['request_parameters', 'response_elements', 'additional_eventdata', 'service_event_details', 'digest', 'insight_details'] as const).map(
    (n): [string, EsFieldType] => [`aws.cloudtrail.flattened.${n}`, 'flattened'],
  ),
]);

/** Every parent of a leaf is an `object` (`aws.cloudtrail.resources` is an object array, not `nested`). */
const OBJECTS = new Set<string>();
for (const field of LEAVES.keys()) {
  for (let i = field.indexOf('.'); i > 0; i = field.indexOf('.', i + 1)) {
    const parent = field.slice(0, i);
    if (!LEAVES.has(parent)) OBJECTS.add(parent);
  }
}

const FLATTENED = [...LEAVES].filter(([, t]) => t === 'flattened').map(([f]) => f);

/**
 * The type of `field` in the aws.cloudtrail data stream (after `overrides`), or undefined when the field
 * is not mapped. A key below a `flattened` field (`aws.cloudtrail.flattened.request_parameters.userName`)
 * is a `keyword`: flattened fields index each leaf value as a keyword.
 */
export function fieldType(field: string, overrides?: FieldTypes): EsFieldType | undefined {
  const own = overrides?.[field];
  if (own !== undefined) return own;
  const leaf = LEAVES.get(field);
  if (leaf !== undefined) return leaf;
  if (OBJECTS.has(field)) return 'object';
  if (overrides !== undefined) {
    for (const f in overrides) if (overrides[f] === 'flattened' && field.startsWith(`${f}.`)) return 'keyword';
  }
  for (const f of FLATTENED) if (field.startsWith(`${f}.`)) return 'keyword';
  return undefined;
}

/**
 * `ignore_above` of the keyword fields that have one (elastic-rules.md §2.2, M6): a longer value is not
 * indexed, so term and wildcard searches (EQL) never see it. The `toString()` fields are the long ones.
 */
export const IGNORE_ABOVE: Readonly<Record<string, number>> = {
  'aws.cloudtrail.request_parameters': 8191,
  'aws.cloudtrail.response_elements': 8191,
  'aws.cloudtrail.additional_eventdata': 8191,
  'aws.cloudtrail.service_event_details': 8191,
};

/** The `ignore_above` of `field`, or undefined when it has none. */
export function ignoreAbove(field: string): number | undefined {
  return Object.hasOwn(IGNORE_ABOVE, field) ? IGNORE_ABOVE[field] : undefined;
}
