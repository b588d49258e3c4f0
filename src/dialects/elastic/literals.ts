/**
 * Prefilter literals for Elastic queries (contract in src/dialects/types.ts: false positives allowed,
 * false negatives never). A clause gives a literal only when the ECS field it tests is a verbatim copy of
 * one CloudTrail value (the pipeline renames it, elastic-rules.md §2.2) and the field is a keyword, so the
 * match is exact and case-sensitive (K13):
 *   - `field:value` → `"value"` when the value could only have been a JSON string (it holds a character
 *     no number, boolean or null is written with), else the bare value (none for a number in a
 *     flattened field, since a JSON number has several spellings);
 *   - `field:pre*fix` → its longest literal part (unquoted);
 *   - keys below `aws.cloudtrail.flattened.*` are the record's own values, so they qualify too.
 * Derived fields (`event.outcome`, `event.category`, `data_stream.*`, `source.ip`, the `toString()` fields,
 * `mfa_used`), text fields, ranges, negation, free text and field-name patterns give nothing. `and`
 * requires every child's literals, `or` one literal of each branch; the rarest group goes first.
 */
import { onlyAsString } from '../json-token.js';
import type { Prefilter } from '../types.js';
import { fieldType, type FieldTypes } from '../mapping/ecs/field-types.js';
import { sourcePaths } from '../mapping/ecs/sources.js';
import { ANY, ONE, type Query } from './query/ast.js';

/** Shorter literals admit nearly every record. */
const MIN_LITERAL = 3;
/** Printable ASCII no JSON writer escapes (`/` may be written `\/`; `\u` escapes are the engine's job). */
const SAFE = /^[\x20-\x7e]*$/;
const UNSAFE = /["\\/]/;

type Group = readonly string[];

/** A keyword field holding a CloudTrail value unchanged (and not retyped by the caller's field types). */
function verbatim(field: string, types: FieldTypes | undefined): boolean {
  if (types !== undefined && fieldType(field, types) !== fieldType(field)) return false;
  return sourcePaths(field) !== undefined;
}

const safe = (s: string): boolean => s.length >= MIN_LITERAL && SAFE.test(s) && !UNSAFE.test(s);

/** The literal groups a matching record's text must contain one of each of (empty: none proved). */
function groups(q: Query, types: FieldTypes | undefined): Group[] {
  switch (q.kind) {
    case 'and':
      return q.children.flatMap((c) => groups(c, types));
    case 'bool':
      if (q.must.length > 0) return q.must.flatMap((c) => groups(c, types));
      return q.should.length > 0 ? anyOf(q.should, types) : [];
    case 'or':
      return anyOf(q.children, types);
    case 'is': {
      if (q.field === null || q.field.pattern !== null || !verbatim(q.field.name, types)) return [];
      const v = q.value;
      if (v.pattern === null) {
        if (!safe(v.text)) return [];
        if (onlyAsString(v.text)) return [[`"${v.text}"`]];
        // A flattened leaf may be a JSON number, which has other spellings (`1e2` for 100): no literal.
        // The other fields are strings or booleans in CloudTrail, written one way.
        return q.field.name.startsWith('aws.cloudtrail.flattened.') && !/^(?:true|false)$/.test(v.text) ? [] : [[v.text]];
      }
      const parts = v.pattern.filter((p): p is string => p !== ANY && p !== ONE);
      const longest = parts.reduce((a, b) => (b.length > a.length ? b : a), '');
      return safe(longest) ? [[longest]] : [];
    }
    default:
      return [];
  }
}

/** One literal from each branch: the best group of each, united. */
function anyOf(branches: readonly Query[], types: FieldTypes | undefined): Group[] {
  const union: string[] = [];
  for (const b of branches) {
    const chosen = best(groups(b, types));
    if (chosen === null) return [];
    union.push(...chosen);
  }
  return [[...new Set(union)].sort()];
}

/** The most selective group: fewest alternatives, then the longest shortest literal. */
function best(gs: readonly Group[]): Group | null {
  let chosen: Group | null = null;
  const shortest = (g: Group): number => Math.min(...g.map((l) => l.length));
  for (const g of gs) {
    if (chosen === null || g.length < chosen.length || (g.length === chosen.length && shortest(g) > shortest(chosen))) chosen = g;
  }
  return chosen;
}

/** The prefilter of a query, or null when no literal is provably in every record it matches. */
export function prefilterOf(query: Query, fieldTypes?: FieldTypes): Prefilter | null {
  const all = groups(query, fieldTypes);
  const unique: Group[] = [];
  for (const g of all) if (!unique.some((u) => u.join('\n') === g.join('\n'))) unique.push(g);
  const first = best(unique);
  if (first === null) return null;
  const also = unique.filter((g) => g !== first);
  return also.length > 0 ? { anyOf: first, caseInsensitive: false, also } : { anyOf: first, caseInsensitive: false };
}
