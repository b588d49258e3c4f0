/**
 * Wildcard matching for search values (`*`, digest §3.6) and `like()` (`%`, `_`, §4.6) without regular
 * expressions: the two-pointer algorithm with one backtrack point, at most O(pattern × text) however
 * many wildcards a rule writes (a regex built from `*a*a*a*b` backtracks polynomially).
 * Characters are UTF-16 code units.
 */

/** A compiled wildcard pattern. */
export interface Glob {
  test(text: string): boolean;
}

/** `many` matches any run (possibly empty), `one` (if any) one character; the whole text must match. */
export function compileGlob(pattern: string, many: string, one: string | null): Glob {
  if (!pattern.includes(many) && (one === null || !pattern.includes(one))) return { test: (t) => t === pattern };
  return {
    test(text: string): boolean {
      let p = 0;
      let t = 0;
      let star = -1;
      let mark = 0;
      while (t < text.length) {
        const c = pattern[p];
        if (p < pattern.length && c !== many && (c === one || c === text[t])) {
          p++;
          t++;
        } else if (p < pattern.length && c === many) {
          star = p++;
          mark = t;
        } else if (star !== -1) {
          p = star + 1;
          t = ++mark;
        } else return false;
      }
      while (p < pattern.length && pattern[p] === many) p++;
      return p === pattern.length;
    },
  };
}
