/**
 * Finds where JSON text first goes wrong, for error messages with a line and column. `JSON.parse` in
 * Node 20 names a position for some errors only ("Unexpected token … is not valid JSON" has none), so
 * after it fails this scanner walks the text again (RFC 8259 grammar, explicit stack, no values built).
 */

const enum C {
  Tab = 9,
  Lf = 10,
  Cr = 13,
  Space = 32,
  Quote = 34, // "
  Plus = 43, // +
  Comma = 44, // ,
  Minus = 45, // -
  Dot = 46, // .
  Slash = 47, // /
  Zero = 48, // 0
  Nine = 57, // 9
  Colon = 58, // :
  UpperE = 69, // E
  OpenBracket = 91, // [
  Backslash = 92, // \
  CloseBracket = 93, // ]
  LowerE = 101, // e
  OpenBrace = 123, // {
  CloseBrace = 125, // }
}

/** Offset of the first syntax error in `text` (`text.length` for an early end); `null` when valid. */
export function jsonErrorPosition(text: string): number | null {
  const stack: number[] = [];
  let i = 0;
  for (;;) {
    // A value is expected at i.
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === C.OpenBrace || c === C.OpenBracket) {
      const close = c === C.OpenBrace ? C.CloseBrace : C.CloseBracket;
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === close) {
        i++;
      } else {
        stack.push(c);
        if (c === C.OpenBrace) {
          i = memberName(text, i);
          if (i < 0) return -i - 1;
        }
        continue;
      }
    } else {
      i = scalar(text, i);
      if (i < 0) return -i - 1;
    }
    // After a value: close containers or move to the next element.
    for (;;) {
      i = skipSpace(text, i);
      const top = stack[stack.length - 1];
      if (top === undefined) return i === text.length ? null : i;
      const d = text.charCodeAt(i);
      if ((top === C.OpenBrace && d === C.CloseBrace) || (top === C.OpenBracket && d === C.CloseBracket)) {
        stack.pop();
        i++;
        continue;
      }
      if (d !== C.Comma) return Math.min(i, text.length);
      i++;
      if (top === C.OpenBrace) {
        i = memberName(text, skipSpace(text, i));
        if (i < 0) return -i - 1;
      }
      break;
    }
  }
}

/** `"name" :` at i; returns the index after the colon, or -(error offset + 1). */
function memberName(text: string, i: number): number {
  if (text.charCodeAt(i) !== C.Quote) return -(Math.min(i, text.length) + 1);
  const end = string(text, i);
  if (end < 0) return end;
  const colon = skipSpace(text, end);
  return text.charCodeAt(colon) === C.Colon ? colon + 1 : -(Math.min(colon, text.length) + 1);
}

/** A string, number or literal at i; returns the index after it, or -(error offset + 1). */
function scalar(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === C.Quote) return string(text, i);
  if (c === C.Minus || (c >= C.Zero && c <= C.Nine)) return number(text, i);
  for (const word of ['true', 'false', 'null']) {
    if (text.startsWith(word, i)) return i + word.length;
  }
  return -(Math.min(i, text.length) + 1);
}

function string(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === C.Quote) return j + 1;
    if (c < 0x20) return -(j + 1);
    if (c === C.Backslash) {
      const e = text.charCodeAt(j + 1);
      if (e === 117 /* u */) {
        for (let k = j + 2; k < j + 6; k++) if (!isHexDigit(text.charCodeAt(k))) return -(Math.min(k, text.length) + 1);
        j += 5;
      } else if (e === C.Quote || e === C.Backslash || e === C.Slash || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
        j++; // \" \\ \/ \b \f \n \r \t
      } else {
        return -(Math.min(j + 1, text.length) + 1);
      }
    }
  }
  return -(text.length + 1);
}

function number(text: string, i: number): number {
  let j = i;
  if (text.charCodeAt(j) === C.Minus) j++;
  if (text.charCodeAt(j) === C.Zero) j++;
  else if (isDigit(text.charCodeAt(j))) while (isDigit(text.charCodeAt(j))) j++;
  else return -(Math.min(j, text.length) + 1);
  if (text.charCodeAt(j) === C.Dot) {
    j++;
    if (!isDigit(text.charCodeAt(j))) return -(Math.min(j, text.length) + 1);
    while (isDigit(text.charCodeAt(j))) j++;
  }
  const e = text.charCodeAt(j);
  if (e === C.LowerE || e === C.UpperE) {
    j++;
    const s = text.charCodeAt(j);
    if (s === C.Plus || s === C.Minus) j++;
    if (!isDigit(text.charCodeAt(j))) return -(Math.min(j, text.length) + 1);
    while (isDigit(text.charCodeAt(j))) j++;
  }
  return j;
}

function skipSpace(text: string, i: number): number {
  let j = i;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c !== C.Space && c !== C.Lf && c !== C.Cr && c !== C.Tab) return j;
    j++;
  }
}

function isDigit(c: number): boolean {
  return c >= C.Zero && c <= C.Nine;
}

function isHexDigit(c: number): boolean {
  return (c >= C.Zero && c <= C.Nine) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
