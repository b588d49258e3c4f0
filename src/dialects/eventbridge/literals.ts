/**
 * Prefilter literals for an event pattern: text every CloudTrail record the pattern matches must
 * contain (contract in src/dialects/types.ts: false positives allowed, false negatives never).
 *
 * Soundness, per field (anything not listed declines, i.e. gives no literal):
 *   - Under `detail` the leaves are the record's own values. An exact string matches only a JSON string
 *     token with that value, so the value in quotes is in the text when it is printable ASCII without
 *     `"`, `\` or `/` (which JSON writers may escape; `\u` escapes are handled by the engine). `true`,
 *     `false` and `null` are always written so. `prefix`/`suffix` values with the same characters appear
 *     unquoted. Numbers (any spelling of the value matches), ignore-case, wildcard, cidr, anything-but and
 *     exists decline.
 *   - `source` `aws.X` comes from an `eventSource` starting `X` (src/dialects/mapping/eventbridge.ts): X is in the text.
 *   - `detail-type` D comes from the `eventType` that maps to D: that token, quoted, is in the text.
 *   - `account`, `region`, `time` are copies of `recipientAccountId`, `awsRegion`, `eventTime`: as under `detail`.
 *   - Fields in one branch are all required; several `$or` branches need the union of each one's best.
 */
import type { Prefilter } from '../types.js';
import { DETAIL_TYPES } from '../mapping/eventbridge.js';
import type { Branch, FieldTest, Matcher } from './model.js';

/** Shorter literals admit nearly every record. */
const MIN_LITERAL = 3;
/** Printable ASCII that a JSON writer never escapes (`/` may be written `\/`). */
const SAFE = /^[\x20-\x7e]*$/;
const UNSAFE = /["\\/]/;

/** Literals of which a matching record holds one; `envelope` when derived from an envelope field. */
interface Requirement {
  readonly literals: readonly string[];
  readonly envelope: boolean;
}

const safe = (s: string): boolean => SAFE.test(s) && !UNSAFE.test(s);

/** The prefilter of a compiled pattern, or null when no literal is provably required. */
export function prefilterOf(branches: readonly Branch[]): Prefilter | null {
  const perBranch = branches.map((b) => b.map(fieldRequirement).filter((r): r is Requirement => r !== null));
  let groups: Requirement[];
  if (perBranch.length === 1) {
    groups = perBranch[0]!;
  } else {
    const union: string[] = [];
    for (const reqs of perBranch) {
      const chosen = best(reqs);
      if (chosen === null) return null;
      union.push(...chosen.literals);
    }
    groups = [{ literals: union, envelope: false }];
  }
  const unique: Requirement[] = [];
  for (const g of groups) {
    const literals = [...new Set(g.literals)].sort();
    if (!unique.some((u) => u.literals.join('\n') === literals.join('\n'))) unique.push({ literals, envelope: g.envelope });
  }
  const first = best(unique);
  if (first === null) return null;
  const also = unique.filter((g) => g !== first).map((g) => g.literals);
  return also.length > 0 ? { anyOf: first.literals, caseInsensitive: false, also } : { anyOf: first.literals, caseInsensitive: false };
}

/**
 * The most selective requirement: one on the record's own values before one derived from the envelope
 * (every sign-in holds `"AwsConsoleSignIn"`, few records hold `"Root"`), then the fewest alternatives,
 * then the longest shortest literal.
 */
function best(reqs: readonly Requirement[]): Requirement | null {
  let chosen: Requirement | null = null;
  const shortest = (r: Requirement): number => Math.min(...r.literals.map((l) => l.length));
  const rank = (r: Requirement): [number, number, number] => [r.envelope ? 1 : 0, r.literals.length, -shortest(r)];
  for (const r of reqs) {
    if (chosen === null) {
      chosen = r;
      continue;
    }
    const [a, b] = [rank(r), rank(chosen)];
    if (a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))) chosen = r;
  }
  return chosen;
}

function fieldRequirement(field: FieldTest): Requirement | null {
  const literals: string[] = [];
  for (const m of field.matchers) {
    const literal = matcherLiteral(field.path, m);
    if (literal === null || literal.length < MIN_LITERAL) return null;
    literals.push(literal);
  }
  return { literals, envelope: !field.path.startsWith('detail.') };
}

function matcherLiteral(path: string, m: Matcher): string | null {
  if (path.startsWith('detail.') || path === 'account' || path === 'region' || path === 'time') {
    if (m.kind === 'exact') {
      if (typeof m.value === 'string') return safe(m.value) ? `"${m.value}"` : null;
      if (typeof m.value === 'boolean' || m.value === null) return path.startsWith('detail.') ? String(m.value) : null;
      return null;
    }
    if ((m.kind === 'prefix' || m.kind === 'suffix') && path.startsWith('detail.')) return safe(m.value) ? m.value : null;
    return null;
  }
  if (m.kind !== 'exact' || typeof m.value !== 'string') return null;
  if (path === 'source') {
    const service = m.value.startsWith('aws.') ? m.value.slice(4) : null;
    return service !== null && safe(service) ? service : null;
  }
  if (path === 'detail-type') {
    const value = m.value;
    const eventType = Object.keys(DETAIL_TYPES).find((k) => DETAIL_TYPES[k] === value);
    return eventType === undefined ? null : `"${eventType}"`;
  }
  return null;
}
