/**
 * An Elastic detection rule as both carriers give it (elastic/detection-rules TOML, Kibana's export
 * NDJSON): the parts that decide what matches (elastic-rules.md §1), with the position of its query in
 * the file so query diagnostics point at the right line and column.
 */
import type { JsonValue } from '../../record/view.js';

/** One exception item: ANDed entries; a document matching any item is suppressed (§1.2). */
export interface ExceptionItem {
  readonly id: string;
  readonly entries: readonly JsonValue[];
  readonly expireTime?: string;
}

/** Where a rule's query text sits in its file. */
export interface QuerySite {
  /** Offset of the query's first character in the file text. */
  readonly offset: number;
  /** True when the query's characters map one to one onto the file (no escapes in between). */
  readonly verbatim: boolean;
}

/** A rule, whatever file it came from. */
export interface RuleDefinition {
  readonly ruleId: string | null;
  readonly name: string;
  /** `query`, `eql`, `threshold`, `new_terms`, `esql`, `machine_learning`, `threat_match`, ... */
  readonly type: string;
  /** `kuery`, `lucene`, `eql`, `esql`; null when absent. */
  readonly language: string | null;
  readonly query: string | null;
  readonly querySite: QuerySite | null;
  /** Index patterns the rule searches (`index`); null when it names a data view or nothing. */
  readonly index: readonly string[] | null;
  /** Kibana filter objects, ANDed with the query. */
  readonly filters: readonly JsonValue[];
  readonly exceptions: readonly ExceptionItem[];
  /** Exception lists the rule names that the file does not hold (a rule export without its lists). */
  readonly missingLists: readonly string[];
  readonly threshold: { readonly fields: readonly string[]; readonly value: number; readonly cardinality: readonly { field: string; value: number }[] } | null;
  /** Look-back of one run (`from`, default `now-6m`), in milliseconds. */
  readonly lookbackMs: number;
  readonly enabled: boolean;
  readonly description?: string;
  readonly severity?: string;
  readonly maturity?: string;
  readonly tags: readonly string[];
  /** EQL's `event_category_override`: the field EQL event categories are read from. */
  readonly eventCategoryOverride?: string;
  /** Root categories declared in a `[trailproof] scope = [...]` table (docs/scope.md). */
  readonly scope?: readonly string[];
  /** Offset of the rule in its file (the `[rule]` header, the NDJSON line). */
  readonly offset: number;
}

/** Indices CloudTrail documents live in: the Agent data stream, and Filebeat's aws module indices. */
const CLOUDTRAIL_INDICES = ['logs-aws.cloudtrail-default', 'filebeat-8.0.0'];

/**
 * True when index patterns (`*` wildcards, `-pattern` exclusions, `cluster:pattern` remote indices)
 * cover the indices CloudTrail documents are written to (elastic-rules.md §1.2, §2).
 */
export function indexCoversCloudTrail(patterns: readonly string[]): boolean {
  const re = (p: string): RegExp => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const local = (p: string): string => p.slice(p.indexOf(':') + 1);
  return CLOUDTRAIL_INDICES.some((name) => {
    let covered = false;
    for (const raw of patterns) {
      const p = raw.trim();
      if (p.startsWith('-')) {
        if (re(local(p.slice(1))).test(name)) covered = false;
      } else if (re(local(p)).test(name)) covered = true;
    }
    return covered;
  });
}

/** `now-6m` → 360000; null when the text is not `now-<n><unit>`. */
export function lookbackOf(from: string): number | null {
  const m = /^now-(\d+)([smhd])$/.exec(from.trim());
  if (m === null) return null;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** The default look-back of a detection rule run: `from: now-6m` (§1.1). */
export const DEFAULT_LOOKBACK_MS = 360_000;
