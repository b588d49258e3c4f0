/**
 * The number grammar of filter patterns, used both for literals in patterns and for values in events.
 *
 * An integer or decimal with an optional sign, optionally followed by `e`/`E` and a signed integer
 * (FilterAndPatternSyntax, "Numeric comparisons"; the 2021 revision spells the grammar out). Checked
 * with a `charCodeAt` loop so that JavaScript's looser `Number()` (hex, `Infinity`, surrounding
 * spaces) never decides what counts as a number.
 */

function digitsFrom(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 48 /* 0 */ || c > 57 /* 9 */) break;
    i++;
  }
  return i;
}

/** True when `text[start, end)` is a number in the filter-pattern grammar. */
export function isNumberText(text: string, start = 0, end = text.length): boolean {
  let i = start;
  if (i >= end) return false;
  let c = text.charCodeAt(i);
  if (c === 43 /* + */ || c === 45 /* - */) i++;
  const intEnd = digitsFrom(text, i, end);
  let fracEnd = intEnd;
  if (fracEnd < end && text.charCodeAt(fracEnd) === 46 /* . */) {
    fracEnd = digitsFrom(text, fracEnd + 1, end);
    // A decimal point needs digits after it: "5." is not a number, ".5" is.
    if (fracEnd === intEnd + 1) return false;
  } else if (intEnd === i) {
    return false;
  }
  i = fracEnd;
  if (i === end) return true;
  c = text.charCodeAt(i);
  if (c !== 101 /* e */ && c !== 69 /* E */) return false;
  i++;
  if (i < end) {
    c = text.charCodeAt(i);
    if (c === 43 /* + */ || c === 45 /* - */) i++;
  }
  const expEnd = digitsFrom(text, i, end);
  return expEnd > i && expEnd === end;
}
