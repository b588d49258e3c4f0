/**
 * Splits a search into its commands at `|` outside quotes and brackets, and checks that quotes,
 * parentheses and square brackets balance (digest §9). A search that starts with `|` begins with a
 * generating command (`| tstats …`); otherwise its first command is the implicit `search`.
 */
import { SplunkCode } from './codes.js';
import { SplError } from './errors.js';

/** One command of the pipeline: its name (lowercase as written) and argument text, with offsets. */
export interface CommandText {
  readonly name: string;
  /** Offset of the name in the expanded text. */
  readonly offset: number;
  readonly args: string;
  /** Offset of `args` in the expanded text. */
  readonly argsOffset: number;
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']' };

/** The commands of a search. Throws `SplError` on unbalanced quotes or brackets, or an empty command. */
export function splitCommands(text: string): CommandText[] {
  const pieces: { start: number; end: number }[] = [];
  const open: { c: string; at: number }[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const q = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (i >= text.length) throw new SplError('unbalanced quotes: this quoted string is not closed', q, SplunkCode.syntax);
    } else if (c === '(' || c === '[') open.push({ c, at: i });
    else if (c === ')' || c === ']') {
      const top = open.pop();
      if (top === undefined) throw new SplError(`unbalanced brackets: '${c}' closes nothing`, i, SplunkCode.syntax);
      if (CLOSER[top.c] !== c) throw new SplError(`unbalanced brackets: '${top.c}' at offset ${top.at} is closed by '${c}'`, i, SplunkCode.syntax);
    } else if (c === '|' && open.length === 0) {
      pieces.push({ start, end: i });
      start = i + 1;
    }
  }
  const last = open.pop();
  if (last !== undefined) throw new SplError(`unbalanced brackets: '${last.c}' is not closed`, last.at, SplunkCode.syntax);
  pieces.push({ start, end: text.length });
  const out: CommandText[] = [];
  pieces.forEach((p, k) => {
    const raw = text.slice(p.start, p.end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (k === 0) {
      // The implicit search; empty when the search starts with `|`.
      // A leading `search` keyword names the implicit command (`search *`).
      const kw = /^search(?:\s+|$)/.exec(body)?.[0].length ?? 0;
      if (body !== '' || pieces.length === 1) out.push({ name: 'search', offset: p.start + lead, args: body.slice(kw), argsOffset: p.start + lead + kw });
      return;
    }
    if (body === '') throw new SplError('empty command between pipes', p.start, SplunkCode.syntax);
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(body);
    if (m === null) throw new SplError(`expected a command name after '|', found '${body[0]}'`, p.start + lead, SplunkCode.unknownCommand);
    const rest = body.slice(m[0].length);
    const argLead = rest.length - rest.trimStart().length;
    out.push({ name: m[0].toLowerCase(), offset: p.start + lead, args: rest.trim(), argsOffset: p.start + lead + m[0].length + argLead });
  });
  return out;
}
