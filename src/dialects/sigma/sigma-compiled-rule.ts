/**
 * The `CompiledRule` of a Sigma detection: evaluates the compiled tree on the record's parsed value.
 */
import type { RecordView } from '../../record/view.js';
import type { CompiledRule, Prefilter } from '../types.js';
import { evaluate } from './compile/compile-rule.js';
import type { EvalNode } from './compile/compile-rule.js';

/** A compiled Sigma detection (rule plus the filters applied to it). */
export class SigmaCompiledRule implements CompiledRule {
  /** `root` is the evaluation tree; `prefilter` comes from literals.ts. */
  constructor(
    readonly root: EvalNode,
    readonly prefilter: Prefilter | null,
  ) {}

  /** True when the rule fires on the record. */
  match(view: RecordView): boolean {
    return evaluate(this.root, view.value);
  }
}
