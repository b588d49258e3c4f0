/**
 * The delivery identity of a record: what makes two records the same event delivered twice
 * (CloudTrail delivers some events more than once). An `eventID` alone is not enough: test, redacted
 * and hand-written data reuse IDs (`"1"`, `"1111"`, `"redacted"`) for records that are different events.
 * Two records are one event only when the whole tuple is equal; identical bytes imply an equal tuple.
 */

/** The fields of a record the identity is made of (the raw values, as the record has them). */
export interface IdentityFields {
  readonly eventID: string | null;
  readonly eventTime: string | null;
  readonly eventSource: string | null;
  readonly eventName: string | null;
  /** As `recordAccountId` gives it (recipientAccountId, else userIdentity.accountId). */
  readonly accountId: string | null;
  readonly awsRegion: string | null;
}

/** The identity tuple: eventID, eventTime, eventSource, eventName, account, region. */
export type DeliveryIdentity = readonly [string | null, string | null, string | null, string | null, string | null, string | null];

/** The identity tuple of a record. */
export function deliveryIdentity(f: IdentityFields): DeliveryIdentity {
  return [f.eventID, f.eventTime, f.eventSource, f.eventName, f.accountId, f.awsRegion];
}

/** A string equal for two records exactly when their identities are equal (a map key). */
export function deliveryKey(f: IdentityFields): string {
  return JSON.stringify(deliveryIdentity(f));
}
