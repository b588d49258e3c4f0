/**
 * A small strict XML 1.0 reader for the JUnit tests: it accepts only well-formed documents of the kind
 * the renderer writes (a prolog, elements, attributes in double quotes, character data, the five
 * predefined entities and numeric character references) and throws with the offset on anything else.
 * It returns the element tree with attribute values and text decoded, so tests can compare them with
 * the original strings. Rules: https://www.w3.org/TR/xml/ (§2.2 Char, §2.4 CharData, §3.1 tags, §4.1 refs).
 */

/** A parsed element. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Decoded character data directly inside this element. */
  text: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*/;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function fail(message: string, at: number): never {
  throw new Error(`not well-formed XML at offset ${at}: ${message}`);
}

/** Decodes references in `raw` (text or attribute value); rejects a bare `&` and any `<`. */
function decode(raw: string, at: number, inAttr: boolean): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    const c = raw.charCodeAt(i);
    const legal = c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0xd800 && c <= 0xdbff);
    if (!legal) fail(`illegal character U+${c.toString(16)}`, at + i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = raw.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) fail('lone surrogate', at + i);
      out += raw.slice(i, i + 2);
      i++;
      continue;
    }
    if (ch === '<') fail('raw < in ' + (inAttr ? 'attribute' : 'text'), at + i);
    if (inAttr && ch === '"') fail('raw " in attribute', at + i);
    if (ch === '&') {
      const end = raw.indexOf(';', i);
      if (end === -1) fail('unterminated reference', at + i);
      const ref = raw.slice(i + 1, end);
      if (/^#[0-9]+$/.test(ref)) out += String.fromCodePoint(Number(ref.slice(1)));
      else if (/^#x[0-9A-Fa-f]+$/.test(ref)) out += String.fromCodePoint(parseInt(ref.slice(2), 16));
      else if (ref in ENTITIES) out += ENTITIES[ref];
      else fail(`unknown entity &${ref};`, at + i);
      i = end;
      continue;
    }
    // Attribute-value normalisation: literal whitespace becomes a space.
    out += inAttr && (ch === '\n' || ch === '\r' || ch === '\t') ? ' ' : ch;
  }
  if (!inAttr && out.includes(']]>')) fail(']]> in text', at);
  return out;
}

/** Parses `doc` and returns the root element; throws on anything not well-formed. */
export function parseXml(doc: string): XmlElement {
  let i = 0;
  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end === -1) fail('unterminated prolog', 0);
    if (!/^<\?xml version="1\.0" encoding="UTF-8"\?>$/.test(doc.slice(0, end + 2))) fail('unexpected prolog', 0);
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt === -1 ? doc.length : lt);
    const decoded = decode(text, i, false);
    const top = stack[stack.length - 1];
    if (top !== undefined) top.text += decoded;
    else if (decoded.trim() !== '') fail('text outside the root element', i);
    if (lt === -1) break;
    i = lt;
    if (doc.startsWith('</', i)) {
      const m = NAME.exec(doc.slice(i + 2));
      if (m === null) fail('bad end tag', i);
      const name = m[0];
      const close = i + 2 + name.length;
      if (doc[close] !== '>') fail('bad end tag', close);
      const open = stack.pop();
      if (open === undefined || open.name !== name) fail(`end tag </${name}> does not match`, i);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(doc.slice(i + 1));
    if (m === null) fail('bad start tag', i);
    const name = m[0];
    let j = i + 1 + name.length;
    const attrs: Record<string, string> = {};
    for (;;) {
      const ws = /^[ \t\r\n]*/.exec(doc.slice(j))?.[0].length ?? 0;
      j += ws;
      if (doc.startsWith('/>', j) || doc[j] === '>') break;
      if (ws === 0) fail('attributes must be separated by whitespace', j);
      const a = /^([A-Za-z_][A-Za-z0-9_.-]*)="([^"]*)"/.exec(doc.slice(j));
      if (a === null) fail('bad attribute', j);
      const [whole, key, raw] = a as unknown as [string, string, string];
      if (key in attrs) fail(`duplicate attribute ${key}`, j);
      attrs[key] = decode(raw, j + key.length + 2, true);
      j += whole.length;
    }
    const el: XmlElement = { name, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.children.push(el);
    else if (root === null) root = el;
    else fail('second root element', i);
    if (doc.startsWith('/>', j)) i = j + 2;
    else {
      stack.push(el);
      i = j + 1;
    }
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1]?.name}>`, doc.length);
  if (root === null) fail('no root element', 0);
  return root;
}
