/**
 * The structural scanner: finds the text of each record in a JSON stream without building objects.
 *
 * It reads UTF-16 string chunks (already decoded) with a `charCodeAt` loop outside strings and
 * `indexOf('"')` inside them, tracking depth, the JSON grammar (key, colon, value, comma) and literals,
 * so every item it hands on is structurally valid JSON; string contents (escapes, control characters)
 * are not checked here: `JSON.parse` does that where a record is parsed, `hasInvalidStringContent`
 * where it is not. Items are the values found at a
 * *path* (`["Records", null]`: every element of the root object's `Records` array), or every root value.
 * Only the current item's text is held (as chunk slices, joined when it ends), so memory is bounded by
 * the largest record, not by the file.
 *
 * Positions are 1-based line and column in UTF-16 code units of the decoded text.
 *
 * Damage and resynchronisation (container mode):
 * - A grammar error *inside* an item (missing comma or colon, bad literal, stray character, a `]`
 *   closing an object...) makes that item `malformed-json`. The scanner then goes on *leniently*,
 *   tracking only strings and brackets, until the item's own container closes: that ends the broken
 *   item and strict scanning resumes with the next one. A closer that does not match the innermost
 *   open bracket closes up to the nearest one it matches (closers were left out: `{"a":[1}`), or the
 *   innermost one when none matches (a wrong closer: `{"a":{"b":1]}`). Local damage, where quotes
 *   balance, so costs exactly one record.
 * - If that never happens (an unbalanced quote or bracket swallowed the rest), the broken item runs to
 *   the end of the file and is reported there as one `malformed-json` item whose message says the rest
 *   of the file was consumed by it; the records after the damage are not recovered.
 * - Between items, a missing comma, an empty element (`,,`) and a trailing comma are reported as
 *   problems and tolerated. Any other error outside an item (the container itself broken, garbage
 *   after the root value) is fatal: the scanner reports it and stops reading the file.
 * - NUL characters between root values (a zero-filled tail after the document, as a preallocated file
 *   leaves) are a warning, once per file: nothing is lost.
 *
 * Line mode (JSON Lines and similar) is fed one line at a time: an error skips the rest of that line,
 * and a record may run over several lines (a pretty-printed object) unless the next line starts with
 * `{`, which always starts a new record.
 */
import { closingQuote, decodeStringToken, describeChar, isJsonLiteral, LITERAL_CHAR, oddTrailingBackslashes } from './json-text.js';

/** What an item's first character says it is: one of the ITEM_* constants. */
export type ItemKind = 1 | 2 | 3 | 4;
/** An item that is an object. */
export const ITEM_OBJECT = 1;
/** An item that is an array. */
export const ITEM_ARRAY = 2;
/** An item that is a string. */
export const ITEM_STRING = 3;
/** An item that is a literal (number, true, false, null). */
export const ITEM_LITERAL = 4;

/** Shape bits: which CloudTrail keys an object item has at its top level. */
export const SHAPE_EVENT_NAME = 2;
/** See SHAPE_EVENT_NAME. */
export const SHAPE_EVENT_SOURCE = 4;
/**
 * The keys that make an object a CloudTrail record where a format can hold any JSON: `eventName` and
 * `eventSource`. `eventTime` is not required: a record exported or redacted without it is still a
 * record, evaluated like one inside `{"Records":[...]}` (its time is judged by src/record/event-time.ts).
 */
export const SHAPE_RECORD = SHAPE_EVENT_NAME | SHAPE_EVENT_SOURCE;

/** Why the scanner could not hand an item on. */
export type ItemSkipReason = 'malformed-json' | 'truncated' | 'too-large';

/** Receives what the scanner finds, in input order. */
export interface ScanHandler {
  /**
   * A complete, structurally valid item. `spaced`: whitespace occurs outside strings inside it (the
   * text is not compact). `shape`: SHAPE_* bits, when shape tracking is on and the item is an object.
   */
  item(text: string, kind: ItemKind, spaced: boolean, shape: number, line: number, column: number): void;
  /** An item that cannot be handed on; `line`/`column` are where it starts. */
  itemSkipped(reason: ItemSkipReason, line: number, column: number, message: string): void;
  /** A problem outside items. When it is fatal the scanner has already stopped. */
  problem(message: string, line: number, column: number): void;
  /** Something odd that costs nothing (NUL padding after the document). */
  warning(message: string, line: number, column: number): void;
}

/** How to scan. */
export interface ScanOptions {
  /**
   * Where the items are: one step per container level from the root; a string selects the member with
   * that key of an object, `null` every element of an array. `[]`: every root value is an item.
   */
  readonly path: readonly (string | null)[];
  /** Track SHAPE_* bits of object items. */
  readonly shape: boolean;
  /** Fed with `line()` one line at a time instead of `scan()`. */
  readonly lineMode: boolean;
  /** Items longer than this (UTF-16 code units) are skipped as `too-large` without being held. */
  readonly maxItemLength: number;
}

// What the grammar expects next. The value-accepting states come first so `expect <= ROOT` tests them.
const E_VALUE = 0; // after ':' or an array ','
const E_VALUE_OR_CLOSE = 1; // after '['
const E_ROOT = 2; // between root values
const E_KEY_OR_CLOSE = 3; // after '{'
const E_KEY = 4; // after an object ','
const E_COLON = 5; // after a key
const E_COMMA_OR_CLOSE = 6; // after a value inside a container

const OBJ = 1;
const ARR = 2;

const EXPECTED: readonly string[] = [
  'a value',
  "a value or ']'",
  'a value',
  "a key or '}'",
  'a key',
  "':'",
  "',' or a closing bracket",
];

/** Streaming structural scanner; see the module comment. */
export class Scanner {
  /** True once a fatal problem stopped the scan; further input is ignored. */
  stopped = false;

  private readonly path: readonly (string | null)[];
  private readonly itemDepth: number;
  /** Keys are captured at depths up to this (path keys and shape keys). */
  private readonly captureDepth: number;
  /** Depth of an object item's own keys when shape tracking is on, else -1. */
  private readonly shapeDepth: number;
  private readonly lineMode: boolean;
  private readonly maxItem: number;
  private readonly out: ScanHandler;

  // Structure. Arrays are indexed by depth (1 = the root container).
  private kinds: Uint8Array = new Uint8Array(64);
  /** 1 when the container at that depth is on the item path. */
  private sel: Uint8Array = new Uint8Array(64);
  /** 1 when the current member of the (selected) object at that depth is the path's key. */
  private keyOk: Uint8Array = new Uint8Array(64);
  private depth = 0;
  private expect = E_ROOT;
  /** Whether the next container opened is on the path (set by `valueAt`). */
  private pendingSel = 0;
  private foundContainer = false;
  private sawRoot = false;
  private sawPadding = false;

  // Lexical state carried across chunks.
  private inString = false;
  private escapePending = false;
  private stringIsKey = false;
  private capturing = false;
  private capBuf = '';
  private inLiteral = false;
  private litFrom = 0;
  private litBuf = '';
  private litLine = 0;
  private litCol = 0;
  /** The literal is a value on the item path above the items (always the wrong kind there). */
  private litOnPath = false;

  // Position.
  private base = 0;
  private line = 1;
  private lineStart = 0;

  // The current item.
  private inItem = false;
  private itemKind: ItemKind = ITEM_OBJECT;
  private itemFrom = 0;
  private itemParts: string[] = [];
  private itemLength = 0;
  private itemLine = 0;
  private itemCol = 0;
  private spaced = false;
  private shape = 0;
  /** Lenient mode after a grammar error inside the item. */
  private broken = false;
  private brokenMessage = '';

  // Line mode.
  /** The previous line ended inside an open record: the next line continues it unless it starts with '{'. */
  private continuing = false;
  /** The previous line ended inside a broken record: indented / closing lines still belong to it. */
  private skipContinuation = false;

  constructor(options: ScanOptions, handler: ScanHandler) {
    this.path = options.path;
    this.itemDepth = options.path.length;
    this.shapeDepth = options.shape ? this.itemDepth + 1 : -1;
    this.captureDepth = options.shape ? this.itemDepth + 1 : this.itemDepth;
    this.lineMode = options.lineMode;
    this.maxItem = options.maxItemLength;
    this.out = handler;
  }

  /**
   * Scans the next chunk of a stream (container mode). Chunks may split the text anywhere, including
   * inside strings, escapes and literals.
   */
  scan(s: string): void {
    if (this.stopped) return;
    this.run(s);
    this.base += s.length;
  }

  /**
   * Scans one line (line mode), without its line terminator. `lineNo` is 1-based; `column0` is the
   * number of characters before `s` on the line (a stripped prefix), for positions. `last`: the input
   * ends with this line, without a line terminator (what is open then is left to `end()`).
   */
  scanLine(s: string, lineNo: number, column0: number, last: boolean): void {
    this.line = lineNo;
    this.lineStart = -column0;
    this.base = 0;
    const c = s.length > 0 ? s.charCodeAt(0) : -1;
    if (this.skipContinuation) {
      if (c === 0x20 || c === 0x09 || c === 0x7d || c === 0x5d || c === 0x2c) return;
      this.skipContinuation = false;
    }
    if (this.continuing) {
      this.continuing = false;
      if (c === 0x7b /* { */) {
        // A line starting with '{' always starts a record: the open one was cut short.
        this.out.itemSkipped(
          'malformed-json',
          this.itemLine,
          this.itemCol,
          `record is not closed before line ${lineNo}, which starts a new record`,
        );
        this.resetLine();
      } else if (this.inItem) {
        // The record goes on over this line: keep the line break in its text.
        this.spaced = true;
        if (!this.broken) this.itemParts.push('\n');
        this.itemLength++;
      }
    }
    this.run(s);
    if (last) return;
    // End of line: a literal ends with it; a string must not run over it.
    if (this.inLiteral) this.finishLiteral('', 0);
    if (this.broken) {
      this.out.itemSkipped('malformed-json', this.itemLine, this.itemCol, this.brokenMessage);
      this.skipContinuation = this.depth > 0 || this.inString;
      this.resetLine();
    } else if (this.inString) {
      this.out.itemSkipped('malformed-json', this.itemLine, this.itemCol, `line ${lineNo} ends inside a string`);
      this.resetLine();
    } else if (this.depth > 0) {
      this.continuing = true;
    }
  }

  /**
   * Ends the input. `damaged`: the bytes ended early because the file is damaged (a truncated or corrupt
   * `.gz`), which is reported separately, so an open record is `truncated` and nothing more is said.
   */
  end(damaged: boolean): void {
    if (this.stopped) return;
    if (this.inLiteral) this.finishLiteral('', 0);
    if (this.inItem) {
      if (this.broken) {
        const message = this.lineMode
          ? this.brokenMessage
          : `${this.brokenMessage}; the record never closes, so the rest of the file was read as part of it`;
        this.out.itemSkipped('malformed-json', this.itemLine, this.itemCol, message);
      } else {
        this.out.itemSkipped('truncated', this.itemLine, this.itemCol, 'the file ends inside this record');
      }
      this.inItem = false;
    }
    if (damaged || this.lineMode) return;
    const { line, column } = this.position(0);
    if (this.depth > 0 || this.inString) {
      this.out.problem(`unexpected end of file: ${this.depth} bracket${this.depth === 1 ? '' : 's'} not closed`, line, column);
    } else if (this.itemDepth > 0 && this.sawRoot && !this.foundContainer) {
      const keyed = this.path.filter((k): k is string => k !== null);
      const what = keyed.length === 0 ? 'array of records' : `"${keyed[keyed.length - 1]}" array`;
      this.out.problem(`no ${what} found in the file`, line, column);
    }
  }

  private resetLine(): void {
    this.inItem = false;
    this.broken = false;
    this.inString = false;
    this.escapePending = false;
    this.inLiteral = false;
    this.capturing = false;
    this.depth = 0;
    this.expect = E_ROOT;
    this.itemParts = [];
    this.continuing = false;
  }

  private position(i: number): { line: number; column: number } {
    return { line: this.line, column: this.base + i - this.lineStart + 1 };
  }

  /**
   * The scanning loop over one chunk (or one line). Hot state lives in locals; it is written back to
   * the fields before any call that reads it and read again after any call that may change it.
   */
  private run(s: string): void {
    const n = s.length;
    if (n === 0) return;
    let i = 0;
    if (this.inItem) this.itemFrom = 0;
    if (this.inLiteral) i = this.continueLiteral(s, 0);
    else if (this.inString) i = this.continueString(s);
    if (this.broken) {
      if (this.lineMode) return;
      i = this.lenient(s, i);
    }
    const itemDepth = this.itemDepth;
    const captureDepth = this.captureDepth;
    let kinds = this.kinds;
    let depth = this.depth;
    let expect = this.expect;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        // '"': the whole string is found with indexOf; only a string running past the chunk leaves state.
        let key = false;
        if (expect <= E_ROOT) {
          if (depth <= itemDepth) {
            this.depth = depth;
            this.valueAt(ITEM_STRING, i);
          }
        } else if (expect === E_KEY_OR_CLOSE || expect === E_KEY) {
          key = true;
        } else {
          this.depth = depth;
          this.expect = expect;
          i = this.misplaced(s, i, c);
          if (this.stopped || (this.broken && this.lineMode)) return;
          kinds = this.kinds;
          depth = this.depth;
          expect = this.expect;
          continue;
        }
        const from = i + 1;
        const q = closingQuote(s, from);
        if (q === -1) {
          this.inString = true;
          this.stringIsKey = key;
          this.escapePending = oddTrailingBackslashes(s, from);
          this.capturing = key && depth <= captureDepth;
          if (this.capturing) this.capBuf = s.slice(from);
          i = n;
          break;
        }
        i = q + 1;
        if (key) {
          expect = E_COLON;
          if (depth <= captureDepth) {
            this.depth = depth;
            this.keyClosed(s, from, q, '');
          }
        } else {
          expect = depth === 0 ? E_ROOT : E_COMMA_OR_CLOSE;
          if (depth === itemDepth && this.inItem) this.emitItem(s, i);
        }
        continue;
      }
      switch (c) {
        case 0x3a: // :
          if (expect !== E_COLON) break;
          expect = E_VALUE;
          i++;
          continue;
        case 0x2c: // ,
          if (expect !== E_COMMA_OR_CLOSE) break;
          expect = kinds[depth] === OBJ ? E_KEY : E_VALUE;
          i++;
          continue;
        case 0x7b: // {
        case 0x5b: {
          // [
          if (expect > E_ROOT) break;
          const obj = c === 0x7b;
          let sel = 0;
          if (depth <= itemDepth) {
            this.depth = depth;
            this.valueAt(obj ? ITEM_OBJECT : ITEM_ARRAY, i);
            sel = this.pendingSel;
          }
          depth++;
          if (depth >= kinds.length) kinds = this.grow();
          kinds[depth] = obj ? OBJ : ARR;
          if (depth <= itemDepth) {
            this.sel[depth] = sel;
            this.keyOk[depth] = 0;
            if (sel === 1 && depth === itemDepth) this.foundContainer = true;
          }
          expect = obj ? E_KEY_OR_CLOSE : E_VALUE_OR_CLOSE;
          i++;
          continue;
        }
        case 0x7d: // }
          if (depth === 0 || kinds[depth] !== OBJ || (expect !== E_COMMA_OR_CLOSE && expect !== E_KEY_OR_CLOSE)) break;
          depth--;
          expect = depth === 0 ? E_ROOT : E_COMMA_OR_CLOSE;
          i++;
          if (depth === itemDepth && this.inItem) this.emitItem(s, i);
          continue;
        case 0x5d: // ]
          if (depth === 0 || kinds[depth] !== ARR || (expect !== E_COMMA_OR_CLOSE && expect !== E_VALUE_OR_CLOSE)) break;
          depth--;
          expect = depth === 0 ? E_ROOT : E_COMMA_OR_CLOSE;
          i++;
          if (depth === itemDepth && this.inItem) this.emitItem(s, i);
          continue;
        case 0x00: {
          // NUL padding after the document: a warning, not damage.
          if (depth !== 0 || expect !== E_ROOT || !this.sawRoot) break;
          if (!this.sawPadding) {
            this.sawPadding = true;
            const p = this.position(i);
            this.out.warning(`NUL bytes after the document, from column ${p.column}, ignored`, p.line, p.column);
          }
          i++;
          continue;
        }
        case 0x0a: // line feed
          this.line++;
          this.lineStart = this.base + i + 1;
          if (depth > itemDepth) this.spaced = true;
          i++;
          continue;
        case 0x20: // space
        case 0x09: // tab
        case 0x0d: // carriage return
          if (depth > itemDepth) this.spaced = true;
          i++;
          continue;
        default: {
          if (LITERAL_CHAR[c] !== 1 || expect > E_ROOT) break;
          let j = i + 1;
          while (j < n && LITERAL_CHAR[s.charCodeAt(j)] === 1) j++;
          if (j < n && isJsonLiteral(s, i, j)) {
            if (depth <= itemDepth) {
              this.depth = depth;
              this.valueAt(ITEM_LITERAL, i);
            }
            expect = depth === 0 ? E_ROOT : E_COMMA_OR_CLOSE;
            i = j;
            if (depth === itemDepth && this.inItem) this.emitItem(s, i);
            continue;
          }
          // A literal running past the chunk, or a bad one: the slow path. Whether a literal on the
          // path is the wrong kind of value is only said once it is known to be a valid literal.
          this.depth = depth;
          this.expect = expect;
          this.litOnPath = depth < itemDepth && this.valueAt(ITEM_LITERAL, i, false);
          if (depth === itemDepth) this.valueAt(ITEM_LITERAL, i);
          this.inLiteral = true;
          this.litFrom = i;
          this.litBuf = '';
          const p = this.position(i);
          this.litLine = p.line;
          this.litCol = p.column;
          i = this.continueLiteral(s, j);
          if (this.stopped) return;
          if (this.broken) {
            if (this.lineMode) return;
            i = this.lenient(s, i);
          }
          depth = this.depth;
          expect = this.expect;
          continue;
        }
      }
      // Every `break` above lands here: the character is not allowed where it is.
      this.depth = depth;
      this.expect = expect;
      i = this.misplaced(s, i, c);
      if (this.stopped || (this.broken && this.lineMode)) return;
      kinds = this.kinds;
      depth = this.depth;
      expect = this.expect;
    }
    this.depth = depth;
    this.expect = expect;
    // The chunk ends: keep what the open item has in it.
    if (this.inItem && !this.broken) {
      const part = s.slice(this.itemFrom);
      this.itemLength += part.length;
      if (this.itemLength > this.maxItem) this.itemParts = [];
      else this.itemParts.push(part);
      this.itemFrom = 0;
    }
  }

  /** A string continues from the previous chunk; returns where scanning goes on. */
  private continueString(s: string): number {
    let from = 0;
    if (this.escapePending) {
      // The previous chunk ended with an odd run of backslashes: this chunk's first character is escaped.
      this.escapePending = false;
      from = 1;
    }
    const q = closingQuote(s, from);
    if (q === -1) {
      this.escapePending = oddTrailingBackslashes(s, from);
      if (this.capturing) this.capBuf += s;
      return s.length;
    }
    this.inString = false;
    if (this.broken) return q + 1;
    if (this.stringIsKey) {
      this.expect = E_COLON;
      if (this.capturing) this.keyClosed(s, 0, q, this.capBuf);
    } else {
      this.expect = this.depth === 0 ? E_ROOT : E_COMMA_OR_CLOSE;
      if (this.inItem && this.depth === this.itemDepth) this.emitItem(s, q + 1);
    }
    return q + 1;
  }

  /**
   * Lenient scanning inside a broken item: strings and brackets only, no grammar. A closer that does
   * not match the innermost container closes up to the nearest one it matches (closers were left out),
   * or the innermost one when none matches (a wrong closer). Returns the offset after the bracket that
   * closes the item (having reported it), or the chunk's length.
   */
  private lenient(s: string, i: number): number {
    const n = s.length;
    const itemDepth = this.itemDepth;
    let kinds = this.kinds;
    let depth = this.depth;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        const q = closingQuote(s, i + 1);
        if (q === -1) {
          this.inString = true;
          this.capturing = false;
          this.escapePending = oddTrailingBackslashes(s, i + 1);
          i = n;
          break;
        }
        i = q + 1;
        continue;
      }
      i++;
      if (c === 0x7b || c === 0x5b) {
        depth++;
        if (depth >= kinds.length) kinds = this.grow();
        kinds[depth] = c === 0x7b ? OBJ : ARR;
      } else if (c === 0x7d || c === 0x5d) {
        const want = c === 0x7d ? OBJ : ARR;
        let d = depth;
        while (d > itemDepth && kinds[d] !== want) d--;
        depth = d > itemDepth ? d - 1 : depth - 1;
        if (depth <= itemDepth) {
          this.depth = depth;
          this.endBroken();
          return i;
        }
      } else if (c === 0x0a) {
        this.line++;
        this.lineStart = this.base + i;
      }
    }
    this.depth = depth;
    return n;
  }

  /**
   * A character that is not allowed where it is (`c` at `i`): slips between the items of a path array
   * are reported and tolerated, anything else is a grammar error (see `fail`). Returns where scanning
   * goes on.
   */
  private misplaced(s: string, i: number, c: number): number {
    const e = this.expect;
    const d = this.depth;
    if (!this.lineMode && !this.inItem && d > 0 && d <= this.itemDepth && this.kinds[d] === ARR) {
      const p = this.position(i);
      if (e === E_COMMA_OR_CLOSE && (c === 0x22 || c === 0x7b || c === 0x5b || LITERAL_CHAR[c] === 1)) {
        this.out.problem(`missing ',' before ${describeChar(c)} between elements`, p.line, p.column);
        this.expect = E_VALUE;
        return i;
      }
      if (c === 0x2c && (e === E_VALUE || e === E_VALUE_OR_CLOSE)) {
        this.out.problem('empty element (two commas in a row) ignored', p.line, p.column);
        return i + 1;
      }
      if (c === 0x5d && e === E_VALUE) {
        this.out.problem("trailing comma before ']' ignored", p.line, p.column);
        this.expect = E_VALUE_OR_CLOSE;
        return i;
      }
    }
    const at = this.fail(s, i, c);
    if (this.broken && !this.lineMode) return this.lenient(s, at);
    return at;
  }

  /**
   * A grammar error at `i` (character `c`). Inside an item: the item breaks and the character is read
   * again leniently. In line mode: the rest of the line is dropped. Elsewhere: fatal.
   */
  private fail(s: string, i: number, c: number): number {
    const p = this.position(i);
    const message = `expected ${EXPECTED[this.expect]}, found ${describeChar(c)} at line ${p.line}, column ${p.column}`;
    if (this.lineMode) {
      if (!this.inItem) this.startVirtualItem(p.line, p.column);
      this.breakItem(message);
      return s.length;
    }
    if (this.inItem) {
      this.breakItem(message);
      return i;
    }
    this.stop(message, p.line, p.column);
    return s.length;
  }

  /** Reads literal characters from `i`; finishes the literal when a non-literal character follows. */
  private continueLiteral(s: string, i: number): number {
    const n = s.length;
    while (i < n && LITERAL_CHAR[s.charCodeAt(i)] === 1) i++;
    if (i === n) {
      this.litBuf += s.slice(this.litFrom);
      this.litFrom = 0;
      return n;
    }
    this.finishLiteral(s, i);
    return i;
  }

  /** The literal ends just before `end` in `s` (`s` is '' at the end of input or of a line). */
  private finishLiteral(s: string, end: number): void {
    this.inLiteral = false;
    const from = this.litFrom;
    this.litFrom = 0;
    const buf = this.litBuf;
    this.litBuf = '';
    const ok = buf === '' ? isJsonLiteral(s, from, end) : isJsonLiteral(buf + s.slice(from, end), 0, buf.length + end - from);
    if (ok) {
      if (this.litOnPath) this.wrongKind(ITEM_LITERAL, this.path[this.depth] === null ? ITEM_ARRAY : ITEM_OBJECT, from);
      this.expect = this.depth === 0 ? E_ROOT : E_COMMA_OR_CLOSE;
      if (this.inItem && this.depth === this.itemDepth) this.emitItem(s, end);
      return;
    }
    const text = (buf + s.slice(from, end)).slice(0, 40);
    const message = `invalid literal '${text}' at line ${this.litLine}, column ${this.litCol}`;
    if (this.inItem) {
      if (this.depth === this.itemDepth && !this.lineMode) {
        // The whole item is this bad literal.
        this.inItem = false;
        this.itemParts = [];
        this.expect = this.depth === 0 ? E_ROOT : E_COMMA_OR_CLOSE;
        this.out.itemSkipped('malformed-json', this.itemLine, this.itemCol, message);
        return;
      }
      this.breakItem(message);
    } else if (this.lineMode) {
      this.startVirtualItem(this.litLine, this.litCol);
      this.breakItem(message);
    } else {
      this.stop(message, this.litLine, this.litCol);
    }
  }

  /**
   * A value starts at a depth at or above the items: decides whether it is on the path, starts an item
   * when it is one, and checks a path container has the right kind (`pendingSel` tells the caller
   * whether a container it opens is on the path).
   */
  private valueAt(kind: ItemKind, i: number, report = true): boolean {
    const d = this.depth;
    if (d === 0) this.sawRoot = true;
    const selected = d === 0 || (this.sel[d] === 1 && (this.path[d - 1] === null || this.keyOk[d] === 1));
    this.pendingSel = 0;
    if (!selected) return false;
    if (d === this.itemDepth) {
      const p = this.position(i);
      this.inItem = true;
      this.itemKind = kind;
      this.itemFrom = i;
      this.itemParts = [];
      this.itemLength = 0;
      this.itemLine = p.line;
      this.itemCol = p.column;
      this.spaced = false;
      this.shape = 0;
      return true;
    }
    const want = this.path[d] === null ? ITEM_ARRAY : ITEM_OBJECT;
    if (kind === want) {
      this.pendingSel = 1;
      return true;
    }
    if (report) this.wrongKind(kind, want, i);
    return true;
  }

  /** A value on the item path is not the container the path goes through. */
  private wrongKind(kind: ItemKind, want: ItemKind, i: number): void {
    const d = this.depth;
    const p = this.position(i);
    const step = this.path[d];
    const subject = d === 0 ? 'the file' : this.path[d - 1] == null ? 'each element' : `"${this.path[d - 1]}"`;
    const shape = want === ITEM_ARRAY ? 'an array' : `an object with "${step}"`;
    this.out.problem(`${subject} should be ${shape}, found ${KIND_NAMES[kind]}`, p.line, p.column);
  }

  /** A key closed: its text is `buf` + `s[from, q)`. Path keys and shape bookkeeping. */
  private keyClosed(s: string, from: number, q: number, buf: string): void {
    this.capturing = false;
    this.capBuf = '';
    const d = this.depth;
    if (d <= this.itemDepth) {
      if (this.sel[d] !== 1) return;
      const want = this.path[d - 1];
      this.keyOk[d] = want != null && keyIs(s, buf, from, q, want) ? 1 : 0;
      return;
    }
    if (d === this.shapeDepth && this.inItem && this.itemKind === ITEM_OBJECT) {
      const len = buf.length + q - from;
      if (len === 9 && keyIs(s, buf, from, q, 'eventName')) this.shape |= SHAPE_EVENT_NAME;
      else if (len === 11 && keyIs(s, buf, from, q, 'eventSource')) this.shape |= SHAPE_EVENT_SOURCE;
      else if (len > 11) {
        // Longer: only an escaped spelling of one of them.
        const key = escapedKey(s, buf, from, q);
        if (key === 'eventName') this.shape |= SHAPE_EVENT_NAME;
        else if (key === 'eventSource') this.shape |= SHAPE_EVENT_SOURCE;
      }
    }
  }

  /** The current item ends just before `end` in `s`. */
  private emitItem(s: string, end: number): void {
    this.inItem = false;
    const total = this.itemLength + end - this.itemFrom;
    if (total > this.maxItem) {
      this.itemParts = [];
      this.out.itemSkipped('too-large', this.itemLine, this.itemCol, `record is ${total} characters long, over the limit of ${this.maxItem}`);
      return;
    }
    const last = s.slice(this.itemFrom, end);
    const text = this.itemParts.length === 0 ? last : this.itemParts.join('') + last;
    this.itemParts = [];
    this.out.item(text, this.itemKind, this.spaced, this.shape, this.itemLine, this.itemCol);
  }

  private endBroken(): void {
    this.broken = false;
    this.inItem = false;
    this.itemParts = [];
    this.expect = this.depth === 0 ? E_ROOT : E_COMMA_OR_CLOSE;
    this.out.itemSkipped('malformed-json', this.itemLine, this.itemCol, this.brokenMessage);
  }

  private breakItem(message: string): void {
    this.broken = true;
    this.brokenMessage = message;
    this.itemParts = [];
  }

  /** Line mode: an error outside any value still costs the line one skipped item. */
  private startVirtualItem(line: number, column: number): void {
    this.inItem = true;
    this.itemLine = line;
    this.itemCol = column;
    this.itemParts = [];
  }

  private stop(message: string, line: number, column: number): void {
    this.stopped = true;
    this.inItem = false;
    this.itemParts = [];
    this.out.problem(`${message}; stopped reading the file here`, line, column);
  }

  private grow(): Uint8Array {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    // sel and keyOk are only used up to the item depth; they grow along to keep indexes in range.
    const sel = new Uint8Array(size);
    sel.set(this.sel);
    this.sel = sel;
    const keyOk = new Uint8Array(size);
    keyOk.set(this.keyOk);
    this.keyOk = keyOk;
    return kinds;
  }
}

const KIND_NAMES: Record<ItemKind, string> = {
  [ITEM_OBJECT]: 'an object',
  [ITEM_ARRAY]: 'an array',
  [ITEM_STRING]: 'a string',
  [ITEM_LITERAL]: 'a literal',
};

/** Compares a captured key (`buf` + `s[from, to)`) with `want`. */
function keyIs(s: string, buf: string, from: number, to: number, want: string): boolean {
  if (buf === '') {
    if (to - from === want.length) return s.startsWith(want, from);
  } else if (buf + s.slice(from, to) === want) return true;
  return to - from + buf.length > want.length && escapedKey(s, buf, from, to) === want;
}

/** The key `buf` + `s[from, to)` decoded when it has an escape (as JSON.parse reads it), else null. */
function escapedKey(s: string, buf: string, from: number, to: number): string | null {
  let escaped = buf.indexOf('\\') !== -1;
  for (let i = from; i < to && !escaped; i++) escaped = s.charCodeAt(i) === 0x5c;
  if (!escaped) return null;
  const key = `"${buf}${s.slice(from, to)}"`;
  return decodeStringToken(key, 0, key.length);
}
