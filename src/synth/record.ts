/**
 * One CloudTrail record: its fields, and their serialisation in the order CloudTrail writes them.
 *
 * CloudTrail's delivery files are compact JSON whose keys follow the order of the record-contents page
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html):
 * eventVersion, userIdentity, eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,
 * errorCode, errorMessage, requestParameters, responseElements, additionalEventData, requestID, eventID,
 * readOnly, resources, eventType, apiVersion, managementEvent, recipientAccountId, serviceEventDetails,
 * sharedEventID, vpcEndpointId, eventCategory, tlsDetails, sessionCredentialFromConsole.
 */

import type { JsonObject, JsonValue } from '../record/view.js';

/** The fields of one record; optional ones are left out of the JSON when undefined. */
export interface RecordFields {
  eventVersion: string;
  userIdentity: JsonObject;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: JsonValue;
  responseElements: JsonValue;
  additionalEventData?: JsonObject;
  requestID?: string;
  eventID: string;
  readOnly?: boolean;
  resources?: JsonObject[];
  eventType: string;
  apiVersion?: string;
  managementEvent?: boolean;
  recipientAccountId: string;
  serviceEventDetails?: JsonObject;
  sharedEventID?: string;
  vpcEndpointId?: string;
  eventCategory?: string;
  tlsDetails?: JsonObject;
  sessionCredentialFromConsole?: string;
}

/** Serialises a record as compact JSON with CloudTrail's key order. */
export function serialiseRecord(f: RecordFields): string {
  // One object literal with every key in CloudTrail's order; JSON.stringify drops the undefined ones.
  return JSON.stringify({
    eventVersion: f.eventVersion,
    userIdentity: f.userIdentity,
    eventTime: f.eventTime,
    eventSource: f.eventSource,
    eventName: f.eventName,
    awsRegion: f.awsRegion,
    sourceIPAddress: f.sourceIPAddress,
    userAgent: f.userAgent,
    errorCode: f.errorCode,
    errorMessage: f.errorMessage,
    requestParameters: f.requestParameters,
    responseElements: f.responseElements,
    additionalEventData: f.additionalEventData,
    requestID: f.requestID,
    eventID: f.eventID,
    readOnly: f.readOnly,
    resources: f.resources,
    eventType: f.eventType,
    apiVersion: f.apiVersion,
    managementEvent: f.managementEvent,
    recipientAccountId: f.recipientAccountId,
    serviceEventDetails: f.serviceEventDetails,
    sharedEventID: f.sharedEventID,
    vpcEndpointId: f.vpcEndpointId,
    eventCategory: f.eventCategory,
    tlsDetails: f.tlsDetails,
    sessionCredentialFromConsole: f.sessionCredentialFromConsole,
  });
}

/**
 * Rewrites every non-ASCII code unit of a JSON text as a `\uXXXX` escape. The result parses to the same
 * value; it is how some producers (and re-exporters) write non-ASCII text, and what a byte-level scanner
 * must see through.
 */
export function escapeNonAscii(json: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 0x80) continue;
    out += json.slice(from, i) + '\\u' + c.toString(16).padStart(4, '0');
    from = i + 1;
  }
  return from === 0 ? json : out + json.slice(from);
}

/** `2024-03-05T12:34:56Z`: CloudTrail's eventTime format (whole seconds, UTC). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}
