/**
 * Reader of Splunk `.conf` files (`savedsearches.conf`, `macros.conf`, `props.conf`): `[stanza]`
 * headers, `key = value` lines, `#` comment lines, and values continued on the next line after a
 * trailing backslash (the backslash is dropped, the newline kept; digest §1.2).
 */

/** One `key = value` setting, with the file offset of every character of the value. */
export interface ConfSetting {
  readonly key: string;
  readonly value: string;
  readonly keyOffset: number;
  /** `offsets[i]` is the file offset of `value[i]` (continuations make the value non-contiguous). */
  readonly offsets: readonly number[];
}

/** One stanza and its settings in file order. */
export interface ConfStanza {
  readonly name: string;
  readonly offset: number;
  readonly settings: readonly ConfSetting[];
}

/** A problem in a `.conf` file. */
export interface ConfProblem {
  readonly message: string;
  readonly offset: number;
}

/** Reads a `.conf` text. Settings before the first stanza go to a stanza named `default`. */
export function readConf(text: string): { stanzas: ConfStanza[]; problems: ConfProblem[] } {
  const stanzas: { name: string; offset: number; settings: ConfSetting[] }[] = [];
  const problems: ConfProblem[] = [];
  const lines: { text: string; offset: number }[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    lines.push({ text: line.replace(/\r$/, ''), offset: at });
    at += line.length + 1;
  }
  let current: { name: string; offset: number; settings: ConfSetting[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const { text: line, offset } = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const lead = line.length - line.trimStart().length;
    if (trimmed.startsWith('[')) {
      const close = trimmed.lastIndexOf(']');
      if (close === -1) {
        problems.push({ message: "stanza header is not closed with ']'", offset: offset + lead });
        continue;
      }
      current = { name: trimmed.slice(1, close), offset: offset + lead, settings: [] };
      stanzas.push(current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq === -1) {
      problems.push({ message: `expected 'key = value', found '${trimmed.slice(0, 40)}'`, offset: offset + lead });
      continue;
    }
    if (current === null) {
      current = { name: 'default', offset: 0, settings: [] };
      stanzas.push(current);
    }
    const key = line.slice(0, eq).trim();
    let value = '';
    const offsets: number[] = [];
    let piece = line.slice(eq + 1);
    let pieceOffset = offset + eq + 1;
    const skip = piece.length - piece.trimStart().length;
    piece = piece.slice(skip);
    pieceOffset += skip;
    for (;;) {
      const continued = piece.endsWith('\\');
      const body = continued ? piece.slice(0, -1) : piece;
      for (let k = 0; k < body.length; k++) offsets.push(pieceOffset + k);
      value += body;
      if (!continued || i + 1 >= lines.length) break;
      i++;
      value += '\n';
      offsets.push(pieceOffset + body.length);
      piece = lines[i]!.text;
      pieceOffset = lines[i]!.offset;
    }
    const trimmedEnd = value.trimEnd();
    current.settings.push({ key, value: trimmedEnd, keyOffset: offset + lead, offsets: offsets.slice(0, trimmedEnd.length) });
  }
  return { stanzas, problems };
}

/** The last setting of a key in a stanza (later lines win, as in Splunk). */
export function setting(stanza: ConfStanza, key: string): ConfSetting | undefined {
  let found: ConfSetting | undefined;
  for (const s of stanza.settings) if (s.key === key) found = s;
  return found;
}
