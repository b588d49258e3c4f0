/**
 * Reads a few top-level string fields of a record's JSON text without parsing the record.
 *
 * The replay filters (--since/--until/--account/--region) need `eventTime`, `recipientAccountId` and
 * `awsRegion` of every record, but most records are never parsed (the prefilter rejects them). This scan
 * walks the text at nesting depth 1 only, skipping nested values by bracket counting and strings by
 * their closing quote, so it is exact (a nested `"eventTime"` key is never taken for the top-level one)
 * and allocates only the values it returns.
 */
import { skipString } from './split/json-text.js';

/** The top-level fields the filters use, in the order CloudTrail writes them. */
export interface TopLevelFields {
  eventTime: string | null;
  awsRegion: string | null;
  recipientAccountId: string | null;
}

/**
 * Decodes the JSON string token text[start, end) (quotes included): as written when it has no escape,
 * else through JSON.parse (null if that fails).
 */
export function decodeString(text: string, start: number, end: number): string | null {
  const raw = text.slice(start + 1, end - 1);
  if (raw.indexOf('\\') === -1) return raw;
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return null;
  }
}

/**
 * Scans the record text (a JSON object) and returns the three filter fields when they are top-level
 * strings; a field that is absent or not a string is null. Returns null when the text is not a
 * well-formed object at the top level (the caller then parses it to find out why).
 */
export function readTopLevelFields(text: string): TopLevelFields | null {
  const out: TopLevelFields = { eventTime: null, awsRegion: null, recipientAccountId: null };
  let i = 0;
  const n = text.length;
  while (i < n && text.charCodeAt(i) !== 123 /* { */) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return null;
    i++;
  }
  if (i >= n) return null;
  i++;
  let depth = 1;
  let expectKey = true;
  let key: string | null = null;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const end = skipString(text, i);
      if (end === -1) return null;
      if (depth === 1) {
        if (expectKey) {
          key = decodeString(text, i, end);
        } else if (key === 'eventTime' || key === 'awsRegion' || key === 'recipientAccountId') {
          out[key] = decodeString(text, i, end);
        }
      }
      i = end;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth === 0) return out;
    } else if (depth === 1) {
      if (c === 58 /* : */) {
        expectKey = false;
        // A repeated key: the last value counts, as with JSON.parse, and only a string value is read.
        if (key === 'eventTime' || key === 'awsRegion' || key === 'recipientAccountId') out[key] = null;
      }
      else if (c === 44 /* , */) expectKey = true;
    }
    i++;
  }
  return null;
}

/**
 * True when a record's own `recipientAccountId` cannot decide an account filter (absent or empty): the
 * record is then parsed, to fall back on `userIdentity.accountId` (recordAccountId).
 */
export function accountNeedsParse(account: string | null, accounts: ReadonlySet<string> | null): boolean {
  return (account === null || account === '') && accounts !== null;
}
