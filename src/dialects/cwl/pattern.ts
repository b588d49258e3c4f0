/**
 * `parseFilterPattern`: a pattern text in, a matcher over log event messages out.
 */
import type { JsonObject } from '../../record/view.js';
import type { FilterPatternAst, TermPattern } from './ast.js';
import { compileJsonExpr, JsonExtractor, type JsonPredicate } from './compile-json.js';
import { SpaceDelimitedMatcher } from './compile-space-delimited.js';
import { RegexMatcher, TermMatcher } from './compile-terms.js';
import { parsePatternAst } from './parser.js';
import { compileRegex } from './regex.js';

/** Which of the four pattern families a pattern belongs to (a standalone regex is a `term` pattern). */
export type FilterPatternKind = 'term' | 'json' | 'space-delimited' | 'all';

/** A parsed, compiled filter pattern. */
export interface FilterPattern {
  /** The pattern family. `all` is the empty pattern (and `" "`), which matches every event. */
  readonly kind: FilterPatternKind;
  /** The pattern text as given. */
  readonly text: string;
  /**
   * True when CloudWatch Logs would match the log event message. A record object is taken as its
   * compact JSON text, the message CloudTrail delivers to CloudWatch Logs.
   */
  matches(event: string | object): boolean;
  /**
   * The values `aws logs test-metric-filter` reports for the message (`$name`/`$N` for space-delimited
   * patterns, selectors for JSON patterns, `{}` for the others), or null when it does not match.
   */
  extract(message: string): Record<string, string> | null;
}

/** Parses a message as one JSON object event; undefined when it is not one (JSON patterns never match it). */
function parseEvent(message: string): JsonObject | undefined {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function isMatchEverything(ast: TermPattern): boolean {
  return ast.terms.every((t) => t.prefix !== 'excluded' && t.text.trim() === '');
}

/** The implementation behind `FilterPattern`; compileFilterPattern reads its compiled parts. */
export class CompiledFilterPattern implements FilterPattern {
  readonly kind: FilterPatternKind;
  readonly text: string;
  /** The syntax tree (spans are offsets into `text`). */
  readonly ast: FilterPatternAst;
  /** The JSON condition, for JSON patterns. */
  readonly json: JsonPredicate | null = null;
  private readonly jsonExtractor: JsonExtractor | null = null;
  private readonly textMatcher: TermMatcher | RegexMatcher | null = null;
  private readonly fields: SpaceDelimitedMatcher | null = null;

  /** Compiles a parsed pattern. */
  constructor(text: string, ast: FilterPatternAst) {
    this.text = text;
    this.ast = ast;
    switch (ast.type) {
      case 'All':
        this.kind = 'all';
        break;
      case 'Terms':
        this.kind = isMatchEverything(ast) ? 'all' : 'term';
        this.textMatcher = new TermMatcher(ast.terms);
        break;
      case 'RegexPattern':
        this.kind = 'term';
        this.textMatcher = new RegexMatcher(compileRegex(ast.regex.regex, text, ast.regex.start));
        break;
      case 'Json':
        this.kind = 'json';
        this.json = compileJsonExpr(ast.body, text);
        this.jsonExtractor = new JsonExtractor(ast.body);
        break;
      case 'SpaceDelimited':
        this.kind = 'space-delimited';
        this.fields = new SpaceDelimitedMatcher(ast.fields, text);
        break;
    }
  }

  /** True when the text (a message that is not a JSON pattern's concern) matches. */
  matchesText(message: string): boolean {
    if (this.textMatcher !== null) return this.textMatcher.match(message);
    if (this.fields !== null) return this.fields.match(message);
    return this.kind === 'all';
  }

  /**
   * True when CloudWatch Logs would match the message (JSON patterns parse it as one JSON event); an
   * object is matched as its JSON text.
   */
  matches(input: string | object): boolean {
    const message = typeof input === 'string' ? input : JSON.stringify(input);
    if (this.json === null) return this.matchesText(message);
    const event = parseEvent(message);
    return event !== undefined && this.json.evaluate(event);
  }

  /** The TestMetricFilter extracted values of a matching message, else null. */
  extract(message: string): Record<string, string> | null {
    if (this.fields !== null) return this.fields.extract(message);
    if (this.json !== null && this.jsonExtractor !== null) {
      const event = parseEvent(message);
      return event !== undefined && this.json.evaluate(event) ? this.jsonExtractor.extract(event) : null;
    }
    return this.matchesText(message) ? {} : null;
  }
}

/**
 * Parses and compiles a CloudWatch Logs filter pattern.
 *
 * @throws FilterPatternError for any pattern CloudWatch Logs would reject, positioned at the offending
 *   character (`line 1, col 37: expected value after '='`).
 */
export function parseFilterPattern(text: string): FilterPattern {
  return new CompiledFilterPattern(text, parsePatternAst(text));
}
