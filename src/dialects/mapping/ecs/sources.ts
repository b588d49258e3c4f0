/**
 * Which CloudTrail value each ECS keyword field is a verbatim copy of (the pipeline's `rename` and
 * copying `set` processors, elastic-rules.md §2.2). Prefilters use it to know that a value searched in
 * the ECS document is in the record's JSON text as written; threshold rules use it to group records by
 * an ECS field through the engine, which reads CloudTrail paths.
 */

/** ECS field → the CloudTrail paths its value may come from (two for `user.name`, M3). */
export const SOURCE_PATHS: Readonly<Record<string, readonly string[]>> = {
  'aws.cloudtrail.event_version': ['eventVersion'],
  'aws.cloudtrail.user_identity.type': ['userIdentity.type'],
  'user.name': ['userIdentity.userName', 'userIdentity.sessionContext.sessionIssuer.userName'],
  'user.id': ['userIdentity.principalId'],
  'aws.cloudtrail.user_identity.arn': ['userIdentity.arn'],
  'cloud.account.id': ['userIdentity.accountId'],
  'aws.cloudtrail.user_identity.access_key_id': ['userIdentity.accessKeyId'],
  'aws.cloudtrail.user_identity.session_context.mfa_authenticated': ['userIdentity.sessionContext.attributes.mfaAuthenticated'],
  'aws.cloudtrail.user_identity.session_context.session_issuer.type': ['userIdentity.sessionContext.sessionIssuer.type'],
  'aws.cloudtrail.user_identity.session_context.session_issuer.principal_id': ['userIdentity.sessionContext.sessionIssuer.principalId'],
  'aws.cloudtrail.user_identity.session_context.session_issuer.arn': ['userIdentity.sessionContext.sessionIssuer.arn'],
  'aws.cloudtrail.user_identity.session_context.session_issuer.account_id': ['userIdentity.sessionContext.sessionIssuer.accountId'],
  'aws.cloudtrail.user_identity.invoked_by': ['userIdentity.invokedBy'],
  'event.provider': ['eventSource'],
  'event.action': ['eventName'],
  'aws.cloudtrail.event_category': ['eventCategory'],
  'cloud.region': ['awsRegion'],
  'source.address': ['sourceIPAddress'],
  'user_agent.original': ['userAgent'],
  'aws.cloudtrail.error_code': ['errorCode'],
  'aws.cloudtrail.error_message': ['errorMessage'],
  'aws.cloudtrail.request_id': ['requestID'],
  'event.id': ['eventID'],
  'aws.cloudtrail.event_type': ['eventType'],
  'aws.cloudtrail.api_version': ['apiVersion'],
  'aws.cloudtrail.management_event': ['managementEvent'],
  'aws.cloudtrail.recipient_account_id': ['recipientAccountId'],
  'aws.cloudtrail.vpc_endpoint_id': ['vpcEndpointId'],
  'aws.cloudtrail.resources.arn': ['resources.ARN'],
  'aws.cloudtrail.resources.type': ['resources.type'],
  'aws.cloudtrail.resources.account_id': ['resources.accountId'],
};

/** `aws.cloudtrail.flattened.<x>.<key>` holds `<CloudTrail object>.<key>` unchanged. */
export const FLATTENED_SOURCES: Readonly<Record<string, string>> = {
  'aws.cloudtrail.flattened.request_parameters.': 'requestParameters.',
  'aws.cloudtrail.flattened.response_elements.': 'responseElements.',
  'aws.cloudtrail.flattened.additional_eventdata.': 'additionalEventData.',
  'aws.cloudtrail.flattened.service_event_details.': 'serviceEventDetails.',
};

/** The CloudTrail paths an ECS field's value is copied from unchanged, or undefined when it is derived. */
export function sourcePaths(field: string): readonly string[] | undefined {
  const own = SOURCE_PATHS[field];
  if (own !== undefined) return own;
  for (const prefix in FLATTENED_SOURCES) if (field.startsWith(prefix)) return [`${FLATTENED_SOURCES[prefix]}${field.slice(prefix.length)}`];
  return undefined;
}
