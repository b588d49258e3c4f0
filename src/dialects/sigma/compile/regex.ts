/**
 * Regular expressions for the `re` modifier, compiled with re2js: linear-time matching, because rule
 * text is untrusted input and a backtracking engine can be made to run for ever (ReDoS).
 *
 * The modifiers appendix ("Regular Expression") defines a PCRE subset and lists look-around, atomic
 * groups and similar constructs as unsupported; RE2 rejects exactly those, plus backreferences. We say
 * which construct is the problem instead of passing RE2's parser message through alone.
 */
import type { RE2JS } from 're2js';
import { re2 } from '../../../text/re2.js';

/** The `re` sub-modifier flags. */
export interface RegexFlags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
}

const UNSUPPORTED: readonly [RegExp, string][] = [
  [/(?:^|[^\\])(?:\\\\)*\(\?<?[=!]/, 'look-around assertions ((?=, (?!, (?<=, (?<!) are not supported: sigma lists them as unsupported and RE2 cannot run them in linear time'],
  [/(?:^|[^\\])(?:\\\\)*\(\?>/, 'atomic groups ((?>...) are not supported: sigma lists them as unsupported and RE2 has none'],
  [/(?:^|[^\\])(?:\\\\)*\\[1-9]/, 'backreferences (\\1 ... \\9) are not supported by RE2, which matches in linear time'],
  [/(?:^|[^\\])(?:\\\\)*\\k</, 'named backreferences (\\k<name>) are not supported by RE2'],
];

/** Compiles a Sigma regular expression, or returns the reason it cannot be used. */
export function compileRegex(source: string, flags: RegexFlags): RE2JS | string {
  for (const [pattern, why] of UNSUPPORTED) if (pattern.test(source)) return why;
  const RE2 = re2();
  let f = 0;
  if (flags.i) f |= RE2.CASE_INSENSITIVE;
  if (flags.m) f |= RE2.MULTILINE;
  if (flags.s) f |= RE2.DOTALL;
  try {
    return RE2.compile(source, f);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return `invalid regular expression: ${message.replace(/^error parsing regexp: /, '')}`;
  }
}
