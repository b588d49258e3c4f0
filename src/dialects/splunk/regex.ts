/**
 * Regular expressions of `match()`, `replace()` and `rex` (digest §4.6, §5.5), compiled with re2js:
 * linear-time matching, because rule text is untrusted and a backtracking engine can be made to run for
 * ever. Splunk uses PCRE; RE2 has the common syntax (including `(?P<name>…)` and `(?<name>…)` groups)
 * but no look-around, atomic groups or backreferences, which are refused with the construct named.
 */
import type { RE2JS } from 're2js';
import { re2 } from '../../text/re2.js';

const UNSUPPORTED: readonly [RegExp, string][] = [
  [/(?:^|[^\\])(?:\\\\)*\(\?<?[=!]/, 'look-around assertions ((?=, (?!, (?<=, (?<!) are not supported: RE2 cannot run them in linear time'],
  [/(?:^|[^\\])(?:\\\\)*\(\?>/, 'atomic groups ((?>...) are not supported by RE2'],
  [/(?:^|[^\\])(?:\\\\)*\\[1-9]/, 'backreferences (\\1 ... \\9) are not supported by RE2, which matches in linear time'],
];

const cache = new Map<string, RE2JS | string>();

/** Compiles a regular expression, or returns why it cannot be used. */
export function compileSplRegex(source: string): RE2JS | string {
  let r = cache.get(source);
  if (r === undefined) {
    r = UNSUPPORTED.find(([p]) => p.test(source))?.[1] ?? compile(source);
    if (cache.size > 1000) cache.clear();
    cache.set(source, r);
  }
  return r;
}

function compile(source: string): RE2JS | string {
  try {
    return re2().compile(source);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return `invalid regular expression: ${message.replace(/^error parsing regexp: /, '')}`;
  }
}

/** Named groups of the first match, or null when there is none. */
export function namedGroups(re: RE2JS, text: string): Record<string, string> | null {
  const m = re.matcher(text);
  if (!m.find()) return null;
  const out: Record<string, string> = {};
  for (const name of Object.keys(re.namedGroups())) {
    const g = m.group(name);
    if (g !== null && g !== undefined) out[name] = g;
  }
  return out;
}

/** Replaces every match; `\1` in the replacement is group 1 (Splunk's syntax). */
export function replaceAll(re: RE2JS, text: string, replacement: string): string {
  const java = replacement.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
  return re.matcher(text).replaceAll(java);
}
