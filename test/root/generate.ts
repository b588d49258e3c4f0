/**
 * Generated CloudTrail-shaped records for property tests: the values the root rules look at (identity
 * type, invokedBy, assumedRoot, eventSource/eventName/eventType, errors) drawn at random, plus noise
 * that mentions "Root", and a serialiser that spells the same JSON many ways (\u escapes, `\/`,
 * spacing). Deterministic: the PRNG is seeded.
 */
import type { JsonObject, JsonValue } from '../../src/record/view.js';

export { prng as rng } from '../helpers/prng.js';

const ABSENT = Symbol('absent');
type Choice = JsonValue | typeof ABSENT;

/** One element of `xs`, uniformly. */
export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function put(obj: JsonObject, key: string, v: Choice): void {
  if (v !== ABSENT) obj[key] = v;
}

/** A record built from the values the classification rules look at, plus noise that mentions "root". */
export function generate(r: () => number): JsonObject {
  const ui: JsonObject = {};
  put(ui, 'type', pick<Choice>(r, ['Root', 'Root', 'IAMUser', 'AssumedRole', 'AWSService', 'root', 'ROOT', 'Unknown', ABSENT, null]));
  put(ui, 'invokedBy', pick<Choice>(r, [ABSENT, ABSENT, null, '', 'signin.amazonaws.com', 'cloudformation.amazonaws.com', 'AWS Internal']));
  put(ui, 'arn', pick<Choice>(r, ['arn:aws:iam::444455556666:root', 'arn:aws:iam::444455556666:user/rooted', ABSENT]));
  const ctx: JsonObject = {};
  put(ctx, 'assumedRoot', pick<Choice>(r, [ABSENT, ABSENT, 'true', 'TRUE', 'false', true, false, null]));
  put(ui, 'sessionContext', pick<Choice>(r, [ABSENT, ctx, ctx]));
  const rec: JsonObject = {};
  put(rec, 'eventVersion', '1.09');
  put(rec, 'userIdentity', pick<Choice>(r, [ui, ui, ui, ABSENT, 'Root', null]));
  put(rec, 'eventSource', pick<Choice>(r, ['sts.amazonaws.com', 'signin.amazonaws.com', 'iam.amazonaws.com', ABSENT]));
  put(rec, 'eventName', pick<Choice>(r, ['AssumeRoot', 'ConsoleLogin', 'PasswordRecoveryRequested', 'CreateAccessKey', 'AssumeRole', 'GetRootInfo', ABSENT]));
  put(rec, 'eventType', pick<Choice>(r, ['AwsApiCall', 'AwsServiceEvent', 'AwsConsoleSignIn', 'AwsConsoleAction', ABSENT, null]));
  put(rec, 'errorCode', pick<Choice>(r, [ABSENT, ABSENT, 'AccessDenied', '']));
  put(rec, 'requestParameters', pick<Choice>(r, [null, { path: '/root/' }, { userName: 'AWS ROOT USER' }, { note: 'Root\u00e9 "Root" é ☃' }]));
  return rec;
}

/** JSON text with a random choice of escaping: \u escapes for letters, `\/`, and spacing. */
export function serialize(r: () => number, v: JsonValue, escapeRate: number): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return JSON.stringify(v);
  if (typeof v === 'string') {
    let out = '"';
    for (const ch of v) {
      if (r() < escapeRate && ch.length === 1) out += '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
      else if (ch === '/' && r() < 0.5) out += '\\/';
      else out += JSON.stringify(ch).slice(1, -1);
    }
    return out + '"';
  }
  const sp = r() < 0.5 ? '' : ' ';
  if (Array.isArray(v)) return '[' + v.map((x) => serialize(r, x, escapeRate)).join(',' + sp) + ']';
  return '{' + Object.entries(v).map(([k, x]) => serialize(r, k, escapeRate) + ':' + sp + serialize(r, x, escapeRate)).join(',' + sp) + '}';
}

