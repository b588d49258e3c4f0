/**
 * String matching as Elasticsearch does it per field type: wildcard patterns on whole keyword values,
 * and the standard analyzer's tokens on text fields (elastic-rules.md K13, K14).
 */
import { ANY, ONE, type Pattern } from './ast.js';

/** A whole-value, case-sensitive (unless `fold`) matcher for a wildcard pattern. */
export function patternRegExp(pattern: Pattern, fold: boolean): RegExp {
  const body = pattern
    .map((p) => (p === ANY ? '[\\s\\S]*' : p === ONE ? '[\\s\\S]' : (fold ? p.toLowerCase() : p).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'u');
}

const TOKEN = /[\p{L}\p{N}_]+(?:['’.][\p{L}\p{N}_]+)*/gu;

/**
 * Tokens of the standard analyzer, approximated: runs of letters, digits and `_`, joined across a `.`
 * or an apostrophe between two of them (UAX #29 keeps `example.com` and `don't` whole), lower-cased.
 */
export function analyze(text: string): string[] {
  return (text.match(TOKEN) ?? []).map((t) => t.toLowerCase());
}

/** True when the tokens of `phrase` appear in `tokens` in order, next to each other (`match_phrase`). */
export function containsPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
