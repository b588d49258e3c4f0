/**
 * Scope inference: which root categories a detection covers, judged by running its compiled rule (the
 * same matcher the replay runs) over the canonical root records. Cheap: a dozen records per
 * detection, once per run in the main thread.
 */
import type { CompiledRule } from '../../dialects/types.js';
import { viewOfRecord, type RecordView } from '../../record/view.js';
import { ROOT_USAGE_CATEGORIES, type RootCategory } from '../../report/model.js';
import { CANONICAL_RECORDS } from './canonical-records.js';

/** What the canonical records say about one rule. */
export interface Inference {
  /** Root-usage categories it fires on for every canonical variant: its inferred scope. */
  readonly covered: readonly RootCategory[];
  /** Root-usage categories it fires on for some variants only. */
  readonly partial: readonly RootCategory[];
  /** True when it fires on any canonical example (context ones included). */
  readonly firesOnExample: boolean;
}

/** What a detection without a per-record rule (a correlation) is taken to cover: nothing. */
export const NO_INFERENCE: Inference = { covered: [], partial: [], firesOnExample: false };

/** The canonical records as the matchers see them, built on first use. */
let examples: readonly { readonly category: RootCategory; readonly view: RecordView }[] | null = null;

/** Runs the rule over every canonical record. */
export function inferScope(rule: CompiledRule): Inference {
  examples ??= CANONICAL_RECORDS.map((c) => ({ category: c.category, view: viewOfRecord(c.record) }));
  const fired = new Map<RootCategory, { hit: number; of: number }>();
  let any = false;
  for (const { category, view } of examples) {
    const hit = rule.match(view);
    any ||= hit;
    const n = fired.get(category) ?? { hit: 0, of: 0 };
    fired.set(category, { hit: n.hit + (hit ? 1 : 0), of: n.of + 1 });
  }
  const covered: RootCategory[] = [];
  const partial: RootCategory[] = [];
  for (const category of ROOT_USAGE_CATEGORIES) {
    const n = fired.get(category);
    if (n === undefined || n.hit === 0) continue;
    (n.hit === n.of ? covered : partial).push(category);
  }
  return { covered, partial, firesOnExample: any };
}
