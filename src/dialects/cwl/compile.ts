/**
 * `compileFilterPattern`: a parsed pattern as the engine's `CompiledRule`, matching a CloudTrail record
 * the way CloudWatch Logs matches the record delivered as one JSON log event.
 */
import type { RecordView } from '../../record/view.js';
import type { CompiledRule, Prefilter } from '../types.js';
import type { JsonPredicate } from './compile-json.js';
import { prefilterOf } from './literals.js';
import { CompiledFilterPattern, type FilterPattern } from './pattern.js';

class JsonRule implements CompiledRule {
  constructor(
    private readonly condition: JsonPredicate,
    readonly prefilter: Prefilter | null,
  ) {}

  // Fast path: the engine's already-parsed record equals JSON.parse(view.text), so no second parse.
  match(view: RecordView): boolean {
    return this.condition.evaluate(view.value);
  }
}

class TextRule implements CompiledRule {
  constructor(
    private readonly pattern: CompiledFilterPattern,
    readonly prefilter: Prefilter | null,
  ) {}

  match(view: RecordView): boolean {
    return this.pattern.matchesText(view.text);
  }
}

class PlainRule implements CompiledRule {
  readonly prefilter: Prefilter | null = null;

  constructor(private readonly pattern: FilterPattern) {}

  match(view: RecordView): boolean {
    return this.pattern.matches(view.text);
  }
}

/**
 * Compiles a pattern into a rule over records. `match(view)` equals `pattern.matches(view.text)`; JSON
 * patterns read `view.value` instead of parsing the text again, the others read `view.text`.
 */
export function compileFilterPattern(pattern: FilterPattern): CompiledRule {
  if (!(pattern instanceof CompiledFilterPattern)) return new PlainRule(pattern);
  const prefilter = prefilterOf(pattern);
  if (pattern.json !== null) return new JsonRule(pattern.json, prefilter);
  return new TextRule(pattern, prefilter);
}
