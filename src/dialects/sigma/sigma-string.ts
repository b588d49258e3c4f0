/**
 * Sigma strings as parts: literal text and wildcards, never an escaped string.
 *
 * Escaping follows sigma-rules-specification.md "Escaping" (and pySigma `sigma/types.py` SigmaString):
 * a backslash escapes `*`, `?` and itself; a backslash before anything else is a literal backslash;
 * so `\*` is a star, `\\*` a backslash then a wildcard, `\\\*` a backslash then a star. With the
 * `expand` modifier, `%name%` is a placeholder and `\%` a literal percent (spec "Placeholders").
 */

/** `*`: any run of characters, including none. */
export const MULTI = 0;
/** `?`: exactly one character. */
export const SINGLE = 1;

/** A placeholder `%name%`, only produced when the `expand` modifier is present. */
export interface Placeholder {
  readonly placeholder: string;
}

/** One part of a Sigma string. Adjacent literal parts are always merged. */
export type Part = string | typeof MULTI | typeof SINGLE | Placeholder;

/** A Sigma string: its parts, in order. */
export type SigmaString = readonly Part[];

/** Parses a YAML string into parts; `placeholders` turns `%name%` into placeholder parts. */
export function parseSigmaString(text: string, placeholders = false): Part[] {
  const parts: Part[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit.length > 0) parts.push(lit);
    lit = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      const next = text.charCodeAt(i + 1);
      if (next === 42 /* * */ || next === 63 /* ? */ || next === 92 /* \ */ || (placeholders && next === 37) /* % */) {
        lit += text.charAt(i + 1);
        i++;
      } else {
        lit += '\\';
      }
    } else if (c === 42 /* * */) {
      flush();
      parts.push(MULTI);
    } else if (c === 63 /* ? */) {
      flush();
      parts.push(SINGLE);
    } else if (placeholders && c === 37 /* % */) {
      const close = text.indexOf('%', i + 1);
      if (close > i + 1) {
        flush();
        parts.push({ placeholder: text.slice(i + 1, close) });
        i = close;
      } else {
        lit += '%';
      }
    } else {
      lit += text.charAt(i);
    }
  }
  flush();
  return parts;
}

/** True when the string has a wildcard. */
export function hasWildcard(s: SigmaString): boolean {
  return s.some((p) => p === MULTI || p === SINGLE);
}

/** True when the string has a placeholder. */
export function hasPlaceholder(s: SigmaString): boolean {
  return s.some((p) => typeof p === 'object');
}

/** The literal text of a string without wildcards (wildcards render as `*`/`?`). */
export function plainText(s: SigmaString): string {
  let out = '';
  for (const p of s) {
    if (typeof p === 'string') out += p;
    else if (p === MULTI) out += '*';
    else if (p === SINGLE) out += '?';
    else out += `%${p.placeholder}%`;
  }
  return out;
}

/** Appends parts, merging adjacent literals. */
export function concat(a: SigmaString, b: SigmaString): Part[] {
  const out: Part[] = [...a];
  for (const p of b) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}
