/**
 * Term patterns and standalone regexes compiled to matchers over the event text.
 *
 * Terms (FilterAndPatternSyntax, "Match terms in unstructured log events"): each term is found as a
 * case-sensitive substring anywhere in the message; plain terms must all occur, `-` terms must not, and
 * `?` terms are alternatives that count only when the pattern has no plain or `-` term (with one they
 * are ignored). A phrase made only of whitespace (`" "`) matches every event.
 */
import type { RE2JS } from 're2js';
import type { Term } from './ast.js';

function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** A compiled term pattern. */
export class TermMatcher {
  private readonly required: readonly string[];
  private readonly excluded: readonly string[];
  private readonly optional: readonly string[];
  /** True when `?` terms decide (no plain or `-` term in the pattern). */
  private readonly anyMode: boolean;
  /** An alternative or exclusion that is always present (a blank phrase). */
  private readonly blankOptional: boolean;
  private readonly blankExcluded: boolean;

  /** Compiles the terms of a pattern. */
  constructor(terms: readonly Term[]) {
    this.required = terms.filter((t) => t.prefix === 'required' && !isBlank(t.text)).map((t) => t.text);
    this.excluded = terms.filter((t) => t.prefix === 'excluded' && !isBlank(t.text)).map((t) => t.text);
    this.optional = terms.filter((t) => t.prefix === 'optional').map((t) => t.text);
    this.anyMode = terms.every((t) => t.prefix === 'optional');
    this.blankOptional = terms.some((t) => t.prefix === 'optional' && isBlank(t.text));
    this.blankExcluded = terms.some((t) => t.prefix === 'excluded' && isBlank(t.text));
  }

  /** True when the message matches. */
  match(message: string): boolean {
    if (this.anyMode) {
      if (this.blankOptional) return true;
      for (let i = 0; i < this.optional.length; i++) if (message.includes(this.optional[i] as string)) return true;
      return false;
    }
    if (this.blankExcluded) return false;
    for (let i = 0; i < this.required.length; i++) if (!message.includes(this.required[i] as string)) return false;
    for (let i = 0; i < this.excluded.length; i++) if (message.includes(this.excluded[i] as string)) return false;
    return true;
  }
}

/** A standalone `%regex%` pattern: an unanchored search of the whole message. */
export class RegexMatcher {
  /** Wraps a compiled RE2 program. */
  constructor(private readonly re: RE2JS) {}

  /** True when the message matches. */
  match(message: string): boolean {
    return this.re.test(message);
  }
}
