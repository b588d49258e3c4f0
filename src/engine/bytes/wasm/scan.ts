// AssemblyScript (compiled to WebAssembly by scripts/build-wasm.mjs, not by tsc).
//
// The byte-level fast path of the splitter and the prefilter, for CloudTrail log files
// (`{"Records":[{...},{...}]}`) held whole in memory:
//
// - `scan` finds every record's byte span and checks the JSON grammar of the whole file the way the
//   text scanner (src/engine/split/scanner.ts) does for items: keys, colons, commas, brackets and
//   literals. In strings it checks what JSON.parse would reject and the text path reports (most
//   records are counted without being parsed): an escape JSON does not define and a raw control byte;
//   a `\u` escape is checked where the text path reads the record (every record with one is flagged).
//   It gives up (returns a negative number) on anything the text scanner would report or treat
//   specially: those, a grammar error, whitespace inside a record, a record that is not an object, a
//   record longer than the limit, a root that is not exactly `{"Records":[...]}`, nesting deeper than
//   MAX_DEPTH. The
//   engine then reads the file with the text path, which reports the problem with its position.
//   With record filters, it also notes where each record's top-level filter fields start.
// - `mark` searches for up to 8 literals at once, ASCII letters folded (the case-insensitive
//   prefilter's fold), and flags the records that contain one.
//
// The scan classifies 64 bytes at a time with SIMD into bit masks (quotes, backslashes, structural
// characters), works out which bytes are inside strings from the unescaped quotes (a prefix XOR, as
// simdjson does), and walks only the tokens outside strings through the grammar: structural
// characters, opening quotes, and the first byte of each run of other bytes (a literal, or whitespace).

const OBJ: u8 = 1;
const ARR: u8 = 2;
/** Deeper records go to the text path. */
const MAX_DEPTH: i32 = 1000;
/** Container kind per depth (1 = the root object). */
const stack = memory.data(MAX_DEPTH + 1);

// What the grammar expects next; the value-accepting states come first (`expect <= E_ROOT`).
const E_VALUE: i32 = 0; // after ':' or an array ','
const E_VALUE_OR_CLOSE: i32 = 1; // after '['
const E_ROOT: i32 = 2; // before the root value
const E_KEY_OR_CLOSE: i32 = 3; // after '{'
const E_KEY: i32 = 4; // after an object ','
const E_COLON: i32 = 5; // after a key
const E_COMMA_OR_CLOSE: i32 = 6; // after a value
const E_END: i32 = 7; // after the root value

/** The bytes `Records"` read as a little-endian u64: the only key the root object may have. */
const RECORDS_KEY: u64 = 0x22736472_6f636552;

/** The 64-bit mask of four 16-byte comparison results (lowest address in bit 0). */
@inline function join(m0: v128, m1: v128, m2: v128, m3: v128): u64 {
  const lo = <u32>i8x16.bitmask(m0) | (<u32>i8x16.bitmask(m1) << 16);
  const hi = <u32>i8x16.bitmask(m2) | (<u32>i8x16.bitmask(m3) << 16);
  return <u64>lo | (<u64>hi << 32);
}

/** Bytes that are `{`, `[`, `}`, `]`, `:` or `,`. */
@inline function structural(v: v128, open: v128, close: v128, colon: v128, comma: v128): v128 {
  const t = v128.or(v, i8x16.splat(0x20));
  return v128.or(v128.or(i8x16.eq(t, open), i8x16.eq(t, close)), v128.or(i8x16.eq(v, colon), i8x16.eq(v, comma)));
}

/** The characters a literal is read with (as the text scanner's LITERAL_CHAR table). */
@inline function isLiteralChar(c: u32): bool {
  return c - 0x30 < 10 || (c | 0x20) - 0x61 < 26 || c == 0x2b || c == 0x2d || c == 0x2e || c == 0x5f;
}

@inline function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

/** A byte that is a token of its own: a quote or a structural character. */
@inline function isTokenByte(c: u32): bool {
  return c == 0x22 || c == 0x2c || c == 0x3a || (c | 0x20) == 0x7b || (c | 0x20) == 0x7d;
}

/** A byte that may follow a backslash in JSON (`u` included: its hex digits are checked on the text path). */
@inline function isEscapeByte(c: u32): bool {
  return c == 0x22 || c == 0x5c || c == 0x2f || c == 0x62 || c == 0x66 || c == 0x6e || c == 0x72 || c == 0x74 || c == 0x75;
}

@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

/** True when the `n` bytes at `p` are `true`, `false`, `null` or a JSON number (RFC 8259 §6). */
function isJsonLiteral(p: usize, n: i32): bool {
  const c0 = <u32>load<u8>(p);
  if (c0 == 0x74) return n == 4 && load<u32>(p) == 0x65757274; // true
  if (c0 == 0x66) return n == 5 && load<u32>(p + 1) == 0x65736c61; // (f)alse
  if (c0 == 0x6e) return n == 4 && load<u32>(p) == 0x6c6c756e; // null
  let i: i32 = 0;
  if (c0 == 0x2d) i++; // -
  if (i >= n) return false;
  let c = <u32>load<u8>(p + i);
  if (c == 0x30) i++;
  else if (c - 0x31 < 9) {
    while (i < n && isDigit(<u32>load<u8>(p + i))) i++;
  } else return false;
  if (i < n && load<u8>(p + i) == 0x2e) {
    i++;
    const d = i;
    while (i < n && isDigit(<u32>load<u8>(p + i))) i++;
    if (i == d) return false;
  }
  if (i < n) {
    if ((<u32>load<u8>(p + i) | 0x20) != 0x65) return false; // e E
    i++;
    if (i < n) {
      c = <u32>load<u8>(p + i);
      if (c == 0x2b || c == 0x2d) i++;
    }
    const d = i;
    while (i < n && isDigit(<u32>load<u8>(p + i))) i++;
    if (i == d) return false;
  }
  return i == n;
}

// The top-level fields the replay filters read (src/engine/fields.ts), as `fields` records them.
const F_EVENT_TIME: i32 = 0;
const F_AWS_REGION: i32 = 1;
const F_RECIPIENT_ACCOUNT_ID: i32 = 2;
/** `fields` slot: the record needs the text path's field reader (a top-level key it cannot compare). */
const F_TEXT: i32 = 3;
/** i32 slots per record in `fields`. */
const FIELD_SLOTS: i32 = 4;

/**
 * Which filter field a top-level key names (the `len` bytes at `p`, between its quotes), or -1. Keys
 * are compared as written: a key with an escape goes to the text path (`F_TEXT`).
 */
function fieldOf(p: usize, len: i32): i32 {
  if (len == 9) {
    const head = load<u64>(p);
    const last = load<u8>(p + 8);
    if (head == 0x6d6954746e657665 && last == 0x65) return F_EVENT_TIME; // eventTim e
    if (head == 0x6f69676552737761 && last == 0x6e) return F_AWS_REGION; // awsRegio n
    return -1;
  }
  // recipien tAccount Id
  if (len == 18 && load<u64>(p) == 0x6e65697069636572 && load<u64>(p + 8) == 0x746e756f63634174 && load<u16>(p + 16) == 0x6449) return F_RECIPIENT_ACCOUNT_ID;
  return -1;
}

/**
 * Scans `len` bytes at `inp` (followed by at least 64 readable bytes) and writes each record's start
 * and end offsets (i32) to `starts` and `ends`, which have room for `maxCount` entries (more records
 * than that: it gives up). Returns the number of records, or -1 - (the offset where it gave up).
 *
 * With `fields` (not 0; FIELD_SLOTS i32 per record), it also records where each record's top-level
 * `eventTime`, `awsRegion` and `recipientAccountId` values start when the last one of each is a string
 * (as the text path's field reader does; -1 otherwise), or sets F_TEXT when a top-level key has an
 * escape.
 */
export function scan(inp: usize, len: i32, starts: usize, ends: usize, maxRecord: i32, maxCount: i32, fields: usize): i32 {
  // Two copies of the loop, so that the one without fields carries none of their work (it was 25%
  // slower with the `fields` tests in it).
  return fields == 0 ? scanWith(inp, len, starts, ends, maxRecord, maxCount, 0, false) : scanWith(inp, len, starts, ends, maxRecord, maxCount, fields, true);
}

@inline function scanWith(inp: usize, len: i32, starts: usize, ends: usize, maxRecord: i32, maxCount: i32, fields: usize, withFields: bool): i32 {
  let depth: i32 = 0;
  // The filter field whose value comes next (after a top-level key of a record), or -1.
  let pending: i32 = -1;
  let expect: i32 = E_ROOT;
  let count: i32 = 0;
  let recordStart: i32 = 0;
  let records = false;
  // Carried from one block to the next: the first byte is escaped; inside a string (all ones); the
  // last byte was in a run of other bytes.
  let escCarry: u64 = 0;
  let strCarry: u64 = 0;
  let otherCarry: u64 = 0;
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const open = i8x16.splat(0x7b); // { and [ once 0x20 is or-ed in
  const close = i8x16.splat(0x7d); // } and ]
  const colon = i8x16.splat(0x3a);
  const comma = i8x16.splat(0x2c);
  const space = i8x16.splat(0x20);
  for (let p: i32 = 0; p < len; p += 64) {
    // Four 16-byte loads, unrolled (a loop here kept V8 from folding the shifts).
    const a = inp + <usize>p;
    const v0 = v128.load(a);
    const v1 = v128.load(a, 16);
    const v2 = v128.load(a, 32);
    const v3 = v128.load(a, 48);
    const q = join(i8x16.eq(v0, quote), i8x16.eq(v1, quote), i8x16.eq(v2, quote), i8x16.eq(v3, quote));
    const b0 = i8x16.eq(v0, backslash);
    const b1 = i8x16.eq(v1, backslash);
    const b2 = i8x16.eq(v2, backslash);
    const b3 = i8x16.eq(v3, backslash);
    // Most blocks have no backslash: one test instead of four masks.
    const bs = v128.any_true(v128.or(v128.or(b0, b1), v128.or(b2, b3))) ? join(b0, b1, b2, b3) : 0;
    const st = join(structural(v0, open, close, colon, comma), structural(v1, open, close, colon, comma), structural(v2, open, close, colon, comma), structural(v3, open, close, colon, comma));
    // Escaped bytes: the byte after each backslash that is not itself escaped.
    let esc: u64 = escCarry;
    if ((bs | escCarry) != 0) {
      let m = bs & ~escCarry;
      escCarry = 0;
      while (m != 0) {
        const i = ctz(m);
        // `\x` and the like: JSON.parse rejects the record. (The input is followed by spaces: a backslash
        // ending it bails here, as the truncated file it is.)
        if (!isEscapeByte(<u32>load<u8>(a + <usize>i + 1))) return -1 - (p + <i32>i);
        if (i == 63) {
          escCarry = 1;
          break;
        }
        const next: u64 = <u64>1 << (i + 1);
        esc |= next;
        m &= m - 1;
        m &= ~next;
      }
    }
    const qu = q & ~esc;
    // Inside a string: from an opening quote up to (not including) its closing quote.
    let x = qu;
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    const inString = x ^ strCarry;
    strCarry = <u64>0 - (inString >> 63);
    // A raw control byte in a string: JSON.parse rejects the record. One test for most blocks (the
    // spaces after the input are not control bytes).
    if (v128.any_true(i8x16.lt_u(i8x16.min_u(i8x16.min_u(v0, v1), i8x16.min_u(v2, v3)), space))) {
      const ctl = join(i8x16.lt_u(v0, space), i8x16.lt_u(v1, space), i8x16.lt_u(v2, space), i8x16.lt_u(v3, space)) & inString;
      if (ctl != 0) return -1 - (p + <i32>ctz(ctl));
    }
    const outside = ~(inString | qu);
    // Runs of other bytes outside strings: literals, or whitespace (fine between records only).
    const other = outside & ~st;
    const runStart = other & ~((other << 1) | otherCarry);
    otherCarry = other >> 63;
    let tokens = (st & outside) | (qu & inString) | runStart;
    if (len - p < 64) tokens &= (<u64>1 << <u64>(len - p)) - 1;
    while (tokens != 0) {
      const pos = p + <i32>ctz(tokens);
      tokens &= tokens - 1;
      const c = <u32>load<u8>(inp + <usize>pos);
      if (c == 0x22) {
        if (expect == E_KEY_OR_CLOSE || expect == E_KEY) {
          if (depth == 1 && load<u64>(inp + <usize>pos + 1) != RECORDS_KEY) return -1 - pos;
          if (withFields && depth == 3) {
            pending = topLevelKey(inp, p, pos, qu, bs, fields + (<usize>(count * FIELD_SLOTS) << 2));
            // A repeated key: the last value counts (as with JSON.parse); only a string sets it again.
            if (pending >= 0) store<i32>(fields + (<usize>(count * FIELD_SLOTS + pending) << 2), -1);
          }
          expect = E_COLON;
        } else if (expect <= E_ROOT && depth > 2) {
          if (withFields && pending >= 0) {
            store<i32>(fields + (<usize>(count * FIELD_SLOTS + pending) << 2), pos);
            pending = -1;
          }
          expect = E_COMMA_OR_CLOSE;
        } else return -1 - pos;
      } else if (c == 0x3a) {
        if (expect != E_COLON) return -1 - pos;
        expect = E_VALUE;
      } else if (c == 0x2c) {
        // A second member of the root object: not the plain layout.
        if (expect != E_COMMA_OR_CLOSE || depth == 1) return -1 - pos;
        expect = load<u8>(stack + <usize>depth) == OBJ ? E_KEY : E_VALUE;
      } else if (c == 0x7b) {
        if (expect > E_ROOT || depth == 1 || depth == MAX_DEPTH) return -1 - pos;
        if (withFields) pending = -1;
        if (depth == 2) {
          recordStart = pos;
          if (withFields) {
            if (count == maxCount) return -1 - pos;
            const f = fields + (<usize>(count * FIELD_SLOTS) << 2);
            store<i32>(f, -1);
            store<i32>(f, -1, 4);
            store<i32>(f, -1, 8);
            store<i32>(f, 0, 12);
          }
        }
        depth++;
        store<u8>(stack + <usize>depth, OBJ);
        expect = E_KEY_OR_CLOSE;
      } else if (c == 0x7d) {
        if ((expect != E_KEY_OR_CLOSE && expect != E_COMMA_OR_CLOSE) || load<u8>(stack + <usize>depth) != OBJ) return -1 - pos;
        depth--;
        // The root closes: it must have held the Records array (`{}` is an error for the text path).
        if (depth == 0 && !records) return -1 - pos;
        if (depth == 2) {
          if (pos + 1 - recordStart > maxRecord || count == maxCount) return -1 - recordStart;
          store<i32>(starts + (<usize>count << 2), recordStart);
          store<i32>(ends + (<usize>count << 2), pos + 1);
          count++;
        }
        expect = depth == 0 ? E_END : E_COMMA_OR_CLOSE;
      } else if (c == 0x5b) {
        // Arrays: the Records value itself, or inside a record.
        if (expect > E_ROOT || depth == 0 || depth == 2 || depth == MAX_DEPTH) return -1 - pos;
        if (withFields) pending = -1;
        if (depth == 1) records = true;
        depth++;
        store<u8>(stack + <usize>depth, ARR);
        expect = E_VALUE_OR_CLOSE;
      } else if (c == 0x5d) {
        if ((expect != E_VALUE_OR_CLOSE && expect != E_COMMA_OR_CLOSE) || load<u8>(stack + <usize>depth) != ARR) return -1 - pos;
        depth--;
        expect = E_COMMA_OR_CLOSE;
      } else if (isSpace(c)) {
        // Whitespace is fine between records, never inside one (the text path re-serialises those).
        if (depth > 2) return -1 - pos;
        let e = pos + 1;
        while (e < len && isSpace(<u32>load<u8>(inp + <usize>e))) e++;
        // The run of other bytes must be whitespace only (`e == len`: the end of the file).
        if (e < len && !isTokenByte(<u32>load<u8>(inp + <usize>e))) return -1 - e;
      } else {
        if (expect > E_ROOT || depth <= 2) return -1 - pos;
        let e = pos;
        while (isLiteralChar(<u32>load<u8>(inp + <usize>e))) e++;
        if (!isJsonLiteral(inp + <usize>pos, e - pos)) return -1 - pos;
        if (withFields) pending = -1;
        // The run must be the literal alone: the text scanner reads `12ab` or `1é` as one bad literal,
        // and whitespace after it is inside a record.
        if (!isTokenByte(<u32>load<u8>(inp + <usize>e))) return -1 - e;
        expect = E_COMMA_OR_CLOSE;
      }
    }
  }
  if (expect != E_END || strCarry != 0) return -1 - len;
  return count;
}

/**
 * For a top-level key of a record whose opening quote is at `pos` (in the block at `p`, whose unescaped
 * quotes and backslashes are `qu` and `bs`): the filter field it names, or -1; sets the record's F_TEXT
 * slot (at `f`) when it cannot tell.
 */
function topLevelKey(inp: usize, p: i32, pos: i32, qu: u64, bs: u64, f: usize): i32 {
  const i = pos - p;
  const after = i < 63 ? qu & (<u64>-2 << <u64>i) : 0;
  if (after == 0) {
    // The key runs into the next block: read up to its end byte by byte.
    let e = pos + 1;
    let c = load<u8>(inp + <usize>e);
    while (c != 0x22 && c != 0x5c) c = load<u8>(inp + <usize>++e);
    if (c == 0x5c) {
      store<i32>(f, 1, 12);
      return -1;
    }
    return fieldOf(inp + <usize>pos + 1, e - pos - 1);
  }
  const close = <i32>ctz(after);
  // A backslash inside the key: it may spell a field name with escapes.
  if ((bs & (<u64>-2 << <u64>i) & ((<u64>1 << <u64>close) - 1)) != 0) {
    store<i32>(f, 1, 12);
    return -1;
  }
  return fieldOf(inp + <usize>pos + 1, close - i - 1);
}

/** Lane scratch for `mark`. */
const lanes = memory.data(16);

/** Per byte of `v`: the bucket bits of the nibble tables `lo` (low nibbles) and `hi` (high nibbles). */
@inline function buckets(v: v128, lo: v128, hi: v128): v128 {
  return v128.and(i8x16.swizzle(lo, v128.and(v, i8x16.splat(0x0f))), i8x16.swizzle(hi, i8x16.shr_u(v, 4)));
}

/**
 * Flags (`flags[r] = 1`) every record `r` of `count` (spans from `scan`) whose bytes, ASCII letters
 * folded to lowercase, contain one of up to 8 (lowercase) literals, searching the `len` bytes at `hay`.
 * Returns how many records it newly flagged.
 *
 * Each literal is a bucket (a bit). It is found by a 3-byte window of it (the `wnd`-th to `wnd + 2`-th
 * bytes, chosen by the caller to be uncommon), tested for every position at once with nibble tables,
 * as Hyperscan's Teddy does: at `tab`, three pairs of 16-byte tables (low nibble, high nibble) give
 * for each window position the buckets whose byte has that nibble (a letter's bucket bit is at both
 * cases' high nibbles, which folds case for free). A position where a bucket survives all three is
 * checked byte by byte. After `tab + 96`, per literal: its offset, length and `wnd` (i32).
 */
export function mark(hay: usize, len: i32, tab: usize, n: i32, starts: usize, ends: usize, count: i32, flags: usize): i32 {
  let r: i32 = 0;
  let added: i32 = 0;
  let i: i32 = 0;
  // The tables in locals: loaded in the loop, they were loaded again at every step (the loop stores).
  const lo0 = v128.load(tab);
  const hi0 = v128.load(tab, 16);
  const lo1 = v128.load(tab, 32);
  const hi1 = v128.load(tab, 48);
  const lo2 = v128.load(tab, 64);
  const hi2 = v128.load(tab, 80);
  while (i < len && r < count) {
    const p = hay + <usize>i;
    const m = v128.and(v128.and(buckets(v128.load(p), lo0, hi0), buckets(v128.load(p, 1), lo1, hi1)), buckets(v128.load(p, 2), lo2, hi2));
    let next = i + 16;
    if (v128.any_true(m)) {
      v128.store(lanes, m);
      let at = <u32>i8x16.bitmask(i8x16.ne(m, i8x16.splat(0)));
      while (at != 0) {
        const j = ctz(at);
        at &= at - 1;
        let b = <u32>load<u8>(lanes + <usize>j);
        while (b != 0) {
          const k = ctz(b);
          b &= b - 1;
          const e = tab + 96 + <usize>(k * 12);
          const litLen = load<i32>(e + 4);
          const start = i + <i32>j - load<i32>(e + 8);
          if (start < 0 || start + litLen > len || !sameFolded(hay + <usize>start, <usize>load<i32>(e), litLen)) continue;
          while (r < count && load<i32>(ends + (<usize>r << 2)) <= start) r++;
          if (r == count) return added;
          // Between records, in one already flagged, or running past the record's end.
          if (load<i32>(starts + (<usize>r << 2)) > start || start + litLen > load<i32>(ends + (<usize>r << 2))) continue;
          if (load<u8>(flags + <usize>r) == 0) {
            store<u8>(flags + <usize>r, 1);
            added++;
          }
          // Nothing else in this record can flag anything new: go on after it.
          const end = load<i32>(ends + (<usize>r << 2));
          if (end > next) next = end;
          r++;
        }
      }
    }
    i = next;
  }
  return added;
}

/** True when the `n` bytes at `p`, ASCII letters folded, are the (lowercase) bytes at `q`. */
@inline function sameFolded(p: usize, q: usize, n: i32): bool {
  for (let i: i32 = 0; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    if ((c - 0x41 < 26 ? c | 0x20 : c) != <u32>load<u8>(q + <usize>i)) return false;
  }
  return true;
}
