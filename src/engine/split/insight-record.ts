/**
 * Telling a CloudTrail Insights event from an API record, one record at a time.
 *
 * CloudTrail writes Insights events to their own files (`…/CloudTrail-Insight/…`), but copies, merges
 * and hand-made samples put them among API records. They are not API calls, so no detection is judged
 * on them: each is skipped as `cloudtrail-insight`. What marks one is its own top-level member, never a
 * substring anywhere in it (a tag value can hold any text): `eventCategory` is `"Insight"` or
 * `eventType` is `"AwsCloudTrailInsight"` (CloudTrail record contents reference, Insights events).
 */
import { decodeStringToken, objectMembers, skipSpace } from './json-text.js';

/** Why an Insights event is skipped, as skip notes give it. */
export const INSIGHT_MESSAGE = 'an Insights event, not an API record';

/**
 * True when the record text (a JSON object) is an Insights event. Cheap for the usual record: without
 * `Insight` or a `\u` escape (the only way to spell it otherwise) in its text, it is not one.
 */
export function isInsightRecord(text: string): boolean {
  if (text.indexOf('Insight') === -1 && text.indexOf('\\u') === -1) return false;
  const open = skipSpace(text, 0);
  if (text.charCodeAt(open) !== 0x7b /* { */) return false;
  // A key given twice means its last value, as JSON.parse reads it.
  let category: string | null = null;
  let type: string | null = null;
  for (const m of objectMembers(text, open)) {
    if (m.key !== 'eventCategory' && m.key !== 'eventType') continue;
    const value = m.valueEnd !== -1 && text.charCodeAt(m.valueStart) === 0x22 /* " */ ? decodeStringToken(text, m.valueStart, m.valueEnd) : null;
    if (m.key === 'eventCategory') category = value;
    else type = value;
  }
  return category === 'Insight' || type === 'AwsCloudTrailInsight';
}
