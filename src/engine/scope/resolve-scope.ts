/**
 * Which scope each detection is judged on. In order (docs/scope.md): a suite's `catches:`, then
 * `replay --scope DETECTION=...`, then the rule's own declaration, then inference on the canonical
 * records. `--scope all` puts every root-usage category in every detection's scope (the strict view).
 */
import type { CorrelationDetection, Detection } from '../../dialects/types.js';
import { ROOT_USAGE_CATEGORIES, type DetectionScope, type RootCategory } from '../../report/model.js';
import { inferScope, NO_INFERENCE, type Inference } from './infer-scope.js';

/** A scope given for one detection from outside its rule file. */
export interface ScopeOverride {
  readonly categories: readonly RootCategory[];
  readonly source: 'suite' | 'cli';
}

/** How a run decides scopes. */
export interface ScopeOptions {
  /** `--scope all`: every detection judged on every root-usage category. */
  readonly all?: boolean;
  /** Per `Detection.id` (or correlation id). */
  readonly overrides?: ReadonlyMap<string, ScopeOverride>;
}

/** A detection's scope, with what the canonical records said about it. */
export interface ResolvedScope {
  readonly scope: DetectionScope;
  readonly firesOnExample: boolean;
}

/** Resolves the scope of every detection and correlation, by id. */
export function resolveScopes(
  detections: readonly Detection[],
  correlations: readonly CorrelationDetection[],
  options: ScopeOptions = {},
): Map<string, ResolvedScope> {
  const out = new Map<string, ResolvedScope>();
  const resolve = (d: Pick<Detection, 'id' | 'meta'>, inference: Inference): void => {
    const override = options.overrides?.get(d.id);
    const scope: DetectionScope =
      options.all === true ? { categories: ROOT_USAGE_CATEGORIES, source: 'all', partial: inference.partial }
      : override !== undefined ? { categories: override.categories, source: override.source, partial: inference.partial }
      : d.meta.scope !== undefined ? { categories: d.meta.scope, source: 'declared', partial: inference.partial }
      : { categories: inference.covered, source: 'inferred', partial: inference.partial };
    out.set(d.id, { scope, firesOnExample: inference.firesOnExample });
  };
  for (const d of detections) resolve(d, inferScope(d.rule));
  // A correlation fires on windows of records, which single canonical records cannot show.
  for (const c of correlations) resolve(c, NO_INFERENCE);
  return out;
}
