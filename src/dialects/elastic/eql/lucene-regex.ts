/**
 * `regex` / `regex~` patterns (elastic-rules.md Q3): Elasticsearch runs them as a Lucene `regexp` query,
 * whose syntax is not JavaScript's. Always anchored to the whole value; `.` is any character; `?`, `+`,
 * `*`, `{n}`, `{n,}`, `{n,m}`, `|`, `( )`, `[ ]` (with `^` and ranges) as usual; `"…"` is a literal
 * string; `\c` is the character c (so `\d`, `\s` are just `d`, `s`: Lucene has no such classes); `@`
 * is any string and `#` the empty language. Complement `~`, intersection `&` and numeric ranges `<n-m>`
 * are rejected: the replay does not evaluate them (docs/elastic.md, "EQL"). `regex~` folds ASCII letters
 * only (Lucene's `ASCII_CASE_INSENSITIVE`).
 */

/** The translated RegExp, or why the pattern is refused, with the offset in the pattern. */
export type LuceneRegexResult = { readonly ok: true; readonly regexp: RegExp } | { readonly ok: false; readonly message: string; readonly offset: number };

const isAsciiLetter = (ch: string): boolean => /^[A-Za-z]$/.test(ch);

function lit(ch: string, insensitive: boolean): string {
  if (insensitive && isAsciiLetter(ch)) return `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function classChar(ch: string): string {
  return /[\\\]^-]/.test(ch) ? `\\${ch}` : ch;
}

/** Translates a Lucene regular expression to an anchored JavaScript RegExp. */
export function luceneRegExp(pattern: string, insensitive: boolean): LuceneRegexResult {
  const chars = [...pattern];
  let src = '';
  let depth = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    switch (ch) {
      case '.':
        src += '[^]';
        break;
      case '@':
        src += '[^]*';
        break;
      case '#':
        src += '(?!)';
        break;
      case '?':
      case '+':
      case '*':
      case '|':
        src += ch;
        break;
      case '(':
        depth++;
        src += '(?:';
        break;
      case ')':
        if (depth === 0) return { ok: false, message: "unbalanced ')' in regular expression", offset: i };
        depth--;
        src += ')';
        break;
      case '{': {
        let j = i + 1;
        let body = '';
        while (j < chars.length && chars[j] !== '}') body += chars[j++];
        if (j >= chars.length || !/^\d+(,\d*)?$/.test(body)) return { ok: false, message: "expected a repeat count such as {2} or {1,3} after '{'", offset: i };
        src += `{${body}}`;
        i = j;
        break;
      }
      case '"': {
        let j = i + 1;
        while (j < chars.length && chars[j] !== '"') src += lit(chars[j++] as string, insensitive);
        if (j >= chars.length) return { ok: false, message: 'unterminated quoted string in regular expression', offset: i };
        i = j;
        break;
      }
      case '\\': {
        const next = chars[i + 1];
        if (next === undefined) return { ok: false, message: 'regular expression ends with a lone backslash', offset: i };
        src += lit(next, insensitive);
        i++;
        break;
      }
      case '[': {
        let j = i + 1;
        let body = '';
        if (chars[j] === '^') {
          body += '^';
          j++;
        }
        let closed = false;
        while (j < chars.length) {
          const c = chars[j] as string;
          if (c === ']') {
            closed = true;
            break;
          }
          if (c === '\\' && j + 1 < chars.length) {
            body += classChar(chars[j + 1] as string);
            j += 2;
            continue;
          }
          if (c === '-' && body !== '' && body !== '^' && chars[j + 1] !== ']' && j + 1 < chars.length) {
            body += '-';
            j++;
            continue;
          }
          body += classChar(c);
          if (insensitive && isAsciiLetter(c) && chars[j + 1] !== '-') body += c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
          j++;
        }
        if (!closed) return { ok: false, message: "unterminated '[' in regular expression", offset: i };
        if (insensitive) body += foldedRanges(body);
        src += `[${body}]`;
        i = j;
        break;
      }
      case '~':
      case '&':
      case '<':
        return { ok: false, message: `the Lucene regular expression operator '${ch}' is not supported by the replay`, offset: i };
      default:
        src += lit(ch, insensitive);
    }
  }
  if (depth > 0) return { ok: false, message: "unbalanced '(' in regular expression", offset: chars.length };
  try {
    return { ok: true, regexp: new RegExp(`^(?:${src})$`, 'u') };
  } catch (e) {
    return { ok: false, message: `invalid regular expression: ${(e as Error).message}`, offset: 0 };
  }
}

/** ASCII letter ranges of a class body in the other case (`a-f` adds `A-F`), for `regex~`. */
function foldedRanges(body: string): string {
  let extra = '';
  for (const m of body.matchAll(/([A-Za-z])-([A-Za-z])/g)) {
    const [a, b] = [m[1] as string, m[2] as string];
    const sameCase = (a === a.toLowerCase()) === (b === b.toLowerCase());
    if (!sameCase) continue;
    extra += a === a.toLowerCase() ? `${a.toUpperCase()}-${b.toUpperCase()}` : `${a.toLowerCase()}-${b.toLowerCase()}`;
  }
  return extra;
}
