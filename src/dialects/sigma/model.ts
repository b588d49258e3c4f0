/**
 * The Sigma model: what a rule, correlation or filter document says, before compilation.
 *
 * Mirrors pySigma's model (`SigmaRule`, `SigmaDetection`, `SigmaDetectionItem`, `SigmaLogSource`,
 * `SigmaCorrelationRule`, `SigmaFilter`) without its prefix, and keeps YAML nodes so that every later
 * diagnostic can point into the file.
 */
import type { RootCategory } from '../../report/model.js';
import type { ConditionNode } from './condition/ast.js';
import type { YScalar } from './yaml/load.js';

/** A modifier as written after a `|` in a detection key. */
export interface ModifierUse {
  readonly name: string;
  /** Offset of the modifier name in the file. */
  readonly at: number;
}

/** `field|mod|mod: value(s)`; `field` is null for keyword (field-less) values. */
export interface DetectionItem {
  readonly field: string | null;
  /** Offset of the key (or of the keyword value) in the file. */
  readonly at: number;
  readonly modifiers: readonly ModifierUse[];
  /** Values, each a scalar node (its resolved type decides the comparison). */
  readonly values: readonly YScalar[];
  /** True when the values were written as a YAML list (matters for the `all` modifier). */
  readonly listed: boolean;
}

/**
 * A search identifier: an OR of alternatives, each an AND of items. A map is one alternative; a list
 * of maps is one alternative per map; a list of plain values is one keyword item (RULES "Lists", "Maps").
 */
export interface SearchIdentifier {
  readonly name: string;
  readonly at: number;
  readonly alternatives: readonly (readonly DetectionItem[])[];
}

/** A parsed condition with the node it came from. */
export interface ParsedCondition {
  readonly node: YScalar;
  readonly ast: ConditionNode;
}

/** The `detection` section (or the search part of a filter). */
export interface DetectionSection {
  readonly searches: ReadonlyMap<string, SearchIdentifier>;
  /** Conditions; several are OR-ed (RULES "Condition": the condition can be a list). */
  readonly conditions: readonly ParsedCondition[];
}

/** `logsource`. */
export interface LogSource {
  readonly category: string | null;
  readonly product: string | null;
  readonly service: string | null;
  readonly at: number;
}

/** Metadata shared by all document kinds. */
export interface RuleMeta {
  readonly title: string;
  readonly id: string | null;
  readonly name: string | null;
  readonly status: string | null;
  readonly level: string | null;
  readonly description: string | null;
  readonly tags: readonly string[];
  /** The root categories `trailproof: {scope: [...]}` declares (docs/scope.md), or null. */
  readonly scope: readonly RootCategory[] | null;
  /** Offset of the document in the file. */
  readonly at: number;
  /** 0-based index of the YAML document in the file. */
  readonly docIndex: number;
}

/** A detection rule. */
export interface RuleDocument {
  readonly kind: 'rule';
  readonly meta: RuleMeta;
  readonly logsource: LogSource;
  readonly detection: DetectionSection;
}

/** A reference from a correlation or filter to a rule, by id or name. */
export interface RuleReference {
  readonly ref: string;
  readonly at: number;
}

/** Correlation types (CORR "Correlation type", v2.1 adds the value_* aggregates). */
export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile';

/** Correlation condition operators (`neq` since v2.1). */
export type CorrelationOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

/** The correlation condition: one or more operators (a range is AND-ed), plus `field`/`percentile`. */
export interface CorrelationCondition {
  readonly tests: readonly { readonly op: CorrelationOp; readonly value: number }[];
  readonly fields: readonly string[];
  readonly percentile: number | null;
  readonly at: number;
}

/** A correlation rule. */
export interface CorrelationDocument {
  readonly kind: 'correlation';
  readonly meta: RuleMeta;
  readonly type: CorrelationType;
  readonly rules: readonly RuleReference[];
  readonly groupBy: readonly string[];
  /** Window length in milliseconds. */
  readonly timespan: number;
  /** Null for temporal types without an explicit condition (then: every rule must occur). */
  readonly condition: CorrelationCondition | null;
  /** alias → (rule reference → field name). */
  readonly aliases: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly generate: boolean;
}

/** A filter (meta filter): extra condition AND-ed onto the rules it names (FILT; pySigma `filters.py`). */
export interface FilterDocument {
  readonly kind: 'filter';
  readonly meta: RuleMeta;
  readonly logsource: LogSource;
  /** The rules it applies to, or 'any' for every rule whose log source it covers. */
  readonly rules: readonly RuleReference[] | 'any';
  readonly detection: DetectionSection;
}

/** Any Sigma document. */
export type SigmaDocument = RuleDocument | CorrelationDocument | FilterDocument;
