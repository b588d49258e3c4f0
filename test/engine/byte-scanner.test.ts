// The byte scanner (src/engine/bytes/wasm/scan.ts through its wrapper byte-scanner.ts) against its
// plain twin, the text splitter (src/engine/split). When `scan` does not give up, its records must be
// exactly the splitter's records for the decoded text, and the splitter must find nothing to skip or
// report; on a compact, valid CloudTrail log file it must not give up. `flag` must flag exactly the
// records whose text contains one of the literals, ASCII letters folded.
//
// Grammar: RFC 8259 (https://www.rfc-editor.org/rfc/rfc8259) §2 (whitespace), §4 (objects), §5
// (arrays), §6 (numbers), §7 (strings: the escapes it defines; raw control characters are invalid).
// The scanner bails on a string JSON.parse would reject, so the text path counts that record as
// malformed whether or not it parses it (test/engine/differential.solo.test.ts). File layout: "CloudTrail log file examples",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html.
// The scanner classifies 64-byte blocks and carries escapes and strings from one block to the next
// (simdjson's stage 1: Langdale & Lemire, "Parsing Gigabytes of JSON per Second",
// https://arxiv.org/abs/1902.08318); the hand-written cases aim at those block edges.
import t, { type Test } from 'tap';
import { ByteScanner, byteLiteral } from '../../src/engine/bytes/byte-scanner.js';
import { flagLiterals } from '../../src/engine/bytes/flag-literals.js';
import { createSplitter } from '../../src/engine/split/index.js';
import { asciiLower } from '../../src/record/view.js';
import { prng } from '../helpers/prng.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Large enough that no record here is too large (for both the scanner and the splitter). */
const UNLIMITED = 1 << 30;
/** The scanner's block size. */
const BLOCK = 64;

// ---------------------------------------------------------------------------------------------------
// The two twins.

interface Split {
  readonly records: string[];
  readonly skips: string[];
  readonly errors: string[];
}

/** The text splitter's records, skips and errors for a decoded CloudTrail log file. */
function splitText(text: string): Split {
  const out: Split = { records: [], skips: [], errors: [] };
  const splitter = createSplitter(
    'cloudtrail',
    text,
    {
      record: (r) => void out.records.push(r.text),
      skip: (reason, _where, message) => void out.skips.push(`${reason}: ${message}`),
      error: (message) => void out.errors.push(message),
    },
    { maxRecordLength: UNLIMITED },
  );
  splitter.push(text);
  splitter.end(false);
  return out;
}

type Scanned = string[] | 'bail';

/** The scanner's record texts (each span decoded on its own), or 'bail'. */
function scanBytes(scanner: ByteScanner, data: Uint8Array, maxRecord = UNLIMITED): Scanned {
  const n = scanner.scan(data, maxRecord);
  if (n < 0) return 'bail';
  const starts = scanner.recordStarts();
  const ends = scanner.recordEnds();
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(decoder.decode(data.subarray(starts[i], ends[i])));
  return out;
}

const bytesOf = (text: string | Uint8Array): Uint8Array => (typeof text === 'string' ? encoder.encode(text) : text);
/** A text for an assertion message: quoted, non-ASCII escaped (U+2028 would end a TAP line), shortened. */
const show = (text: string): string => {
  const quoted = (s: string): string => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > 160 ? `${quoted(text.slice(0, 120))}... (${text.length} chars)` : quoted(text);
};

/**
 * Property 1: when the scanner does not bail, the splitter reads the same records from the decoded
 * text, with no skips and no errors. Returns the scanner's result.
 */
function twin(t: Test, scanner: ByteScanner, input: string | Uint8Array, label: string): Scanned {
  const data = bytesOf(input);
  const got = scanBytes(scanner, data);
  if (got !== 'bail') {
    const want = splitText(decoder.decode(data));
    t.same({ records: got, skips: [], errors: [] }, want, `${label}: scanned records are the splitter's`);
  }
  return got;
}

const shared = new ByteScanner();

/** Asserts the scanner finds exactly `records` (and the splitter agrees). */
function expectRecords(t: Test, input: string | Uint8Array, records: readonly string[], label: string): void {
  const got = twin(t, shared, input, label);
  t.same(got, records, `${label}: records`);
}

/** Asserts the scanner gives up (the text path must read the file). */
function expectBail(t: Test, input: string | Uint8Array, label: string, options?: { todo: string }): void {
  const data = bytesOf(input);
  const got = scanBytes(shared, data);
  t.equal(got, 'bail', `${label}: bails (${show(decoder.decode(data))})`, options ?? {});
}

const file = (...records: string[]): string => `{"Records":[${records.join(',')}]}`;

// A small realistic record (the shape of the AWS examples above), compact.
const REC = '{"eventVersion":"1.08","eventTime":"2026-03-09T08:10:02Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers"}';

// ---------------------------------------------------------------------------------------------------
// Hand-written cases.

t.test('backslash runs before a quote, around a 64-byte block edge', async (t) => {
  const head = '{"Records":[{"k":"';
  for (let run = 1; run <= 5; run++) {
    // Quote offsets within a block: 56..72 covers 62, 63, 64 (= next block's 0) and 65 (its 1).
    for (let at = 56; at <= 72; at++) {
      const quoteAt = BLOCK + at; // in the second block, so the first carries nothing odd
      const pad = 'a'.repeat(quoteAt - run - head.length);
      const slashes = '\\'.repeat(run);
      // An odd run escapes the quote (the string goes on); an even one leaves it closing the string.
      const value = run % 2 === 1 ? `${pad}${slashes}"x` : `${pad}${slashes}`;
      const record = `{"k":"${value}"}`;
      const text = file(record);
      t.equal(text.indexOf(slashes + '"', head.length) + run, quoteAt, `${run} backslashes: the quote is at file offset ${quoteAt}`);
      expectRecords(t, text, [record], `${run} backslashes, quote at block offset ${at}`);
      // The same run ending a key.
      const keyed = `{"${value}":1}`;
      expectRecords(t, file(keyed), [keyed], `${run} backslashes in a key, quote at block offset ${at}`);
      // And an odd run whose quote would otherwise close the string just before a structural character.
      if (run % 2 === 1) {
        const tricky = `{"k":"${pad}${slashes}"},{\\"x\\":1}"}`;
        expectRecords(t, file(tricky), [tricky], `${run} backslashes then "},{ at block offset ${at}`);
      }
    }
  }
});

t.test('backslash runs longer than a block', async (t) => {
  const head = '{"Records":[{"k":"';
  for (const run of [62, 63, 64, 65, 127, 128, 129, 200]) {
    for (let at = 0; at < 4; at++) {
      const slashes = '\\'.repeat(run);
      const pad = 'a'.repeat(BLOCK - head.length + at);
      // Odd: the last backslash escapes the quote; even: the quote closes the string.
      const record = run % 2 === 1 ? `{"k":"${pad}${slashes}"}","n":1}` : `{"k":"${pad}${slashes}","n":1}`;
      expectRecords(t, file(record, REC), [record, REC], `${run} backslashes from block offset ${at}`);
    }
  }
});

t.test('escaped quotes and backslashes at the block edge', async (t) => {
  for (const escape of ['\\"', '\\\\', '\\\\\\"', '\\\\\\\\', '\\/', '\\u0022', '\\u005c']) {
    for (let shift = 0; shift < 8; shift++) {
      const at = BLOCK - 4 + shift; // the escape starts at block offsets 60..67
      const head = '{"Records":[{"k":"';
      const pad = 'b'.repeat(at - head.length);
      const record = `{"k":"${pad}${escape}","n":1}`;
      expectRecords(t, file(record), [record], `${escape} at offset ${at}`);
      const twice = `{"k":"${pad}${escape}${escape}${escape}"}`;
      expectRecords(t, file(twice), [twice], `${escape} three times from offset ${at}`);
    }
  }
});

t.test('strings longer than one or two blocks', async (t) => {
  for (const n of [0, 1, 62, 63, 64, 65, 127, 128, 129, 191, 192, 193, 200, 1000, 5000]) {
    // Contents with structural characters and spaces, which do not count inside a string.
    const body = '{[,:]} x;"'.replace('"', '\\"').repeat(Math.ceil(n / 11)).slice(0, n).replace(/\\$/, 'z');
    const record = `{"s":"${body}","t":"${'y'.repeat(n)}"}`;
    expectRecords(t, file(record), [record], `strings of ${n}`);
    expectRecords(t, file(record, REC, record), [record, REC, record], `three records, strings of ${n}`);
  }
});

t.test('literals across a block edge', async (t) => {
  const good = ['true', 'false', 'null', '0', '-0', '7', '-12.5e+3', '123456789012', '1E5', '0.001', '-1e-7', '42.0E-0'];
  const bad = ['tru', 'fals', 'nul', 'truee', 'nulll', 'True', '01', '1.', '-', '1e', '1e+', '.5', '+1', 'NaN', '0x1', '1.5.2', 'Infinity', '--1', '-01'];
  // `{"Records":[{"p":"` + m bytes + `","k":` puts the literal at offset 24 + m.
  const at = (offset: number, lit: string): string => `{"p":"${'c'.repeat(offset - 24)}","k":${lit}}`;
  for (let offset = BLOCK - 6; offset <= BLOCK + 2; offset++) {
    for (const lit of good) {
      const record = at(offset, lit);
      const text = file(record);
      t.equal(text.indexOf(`"k":${lit}`) + 4, offset, `${lit} starts at offset ${offset}`);
      expectRecords(t, text, [record], `literal ${lit} at offset ${offset}`);
      const inArray = at(offset, `[${lit},${lit}]`);
      expectRecords(t, file(inArray), [inArray], `literal ${lit} in an array at offset ${offset + 1}`);
    }
    for (const lit of bad) {
      expectBail(t, file(at(offset, lit), REC), `invalid literal ${lit} at offset ${offset}`);
      expectBail(t, file(at(offset, `[1,${lit}]`)), `invalid literal ${lit} in an array at offset ${offset + 3}`);
    }
  }
});

t.test('a literal must end at a token boundary', async (t) => {
  for (const bad of ['1a', '12ab', 'truex', 'null_', '1é', 'true\\', '1"x"', 'false\u0001', '0\u007f']) {
    expectBail(t, file(`{"k":${bad}}`), `literal followed by junk: ${show(bad)}`);
  }
});

t.test('literals longer than a block', async (t) => {
  for (const lit of [`1${'0'.repeat(150)}`, `-${'9'.repeat(70)}.${'5'.repeat(70)}e+${'1'.repeat(3)}`, `0.${'0'.repeat(130)}1`]) {
    for (let shift = 0; shift < 3; shift++) {
      const record = `{"p":"${'q'.repeat(shift)}","k":${lit},"z":[${lit}]}`;
      expectRecords(t, file(record), [record], `a ${lit.length}-character number, shift ${shift}`);
    }
  }
  for (const lit of ['t'.repeat(100), `1${'0'.repeat(100)}x`, `${'1'.repeat(100)}.`, `true${'e'.repeat(90)}`]) {
    expectBail(t, file(`{"k":${lit}}`), `a ${lit.length}-character invalid literal`);
  }
});

t.test('every file length around the first blocks', async (t) => {
  // The last block is partial: its tokens past the end must not count, whatever the length.
  for (let len = 40; len <= 200; len++) {
    const bare = file('{"k":""}');
    const record = `{"k":"${'v'.repeat(len - bare.length)}"}`;
    const text = file(record);
    t.equal(encoder.encode(text).length, len);
    expectRecords(t, text, [record], `a ${len}-byte file`);
    expectRecords(t, `${file(record)}${' '.repeat(len % 70)}`, [record], `a ${len}-byte file and ${len % 70} spaces`);
    expectBail(t, text.slice(0, -1), `a ${len}-byte file cut by one byte`);
    expectBail(t, `${text.slice(0, -2)}}`, `a ${len}-byte file with its last bracket wrong`);
  }
});

t.test('long whitespace between records, many small records', async (t) => {
  for (const gap of [63, 64, 65, 200]) {
    expectRecords(t, `{"Records":[${' '.repeat(gap)}${REC}${'\n'.repeat(gap)},${'\t'.repeat(gap)}${REC}${'\r\n'.repeat(gap)}]}`, [REC, REC], `${gap} whitespace bytes around records`);
  }
  // Many records of a few bytes: the scanner may leave these to the text path, but never disagree.
  for (const n of [10, 16, 17, 100, 1000]) {
    for (const r of ['{}', '{"a":1}', '{"a":[]}']) twin(t, shared, file(...Array.from({ length: n }, () => r)), `${n} records ${r}`);
  }
});

t.test('invalid UTF-8 inside strings is not checked, outside it bails', async (t) => {
  const cases: [string, number[]][] = [
    ['a lone continuation byte', [0x80]],
    ['a 0xFF byte', [0xff]],
    ['a cut 2-byte sequence', [0xc3]],
    ['a cut 3-byte sequence', [0xe2, 0x82]],
    ['a cut 4-byte sequence', [0xf0, 0x9f, 0x98]],
    ['an overlong slash', [0xc0, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
  ];
  for (const [name, bytes] of cases) {
    for (let shift = 0; shift < 4; shift++) {
      const head = encoder.encode(`{"Records":[${REC},{"k":"${'w'.repeat(BLOCK - 2 + shift - ((12 + REC.length + 8) % BLOCK))}`);
      // The bad bytes just before a closing quote, and just before an escaped one.
      const data = new Uint8Array([...head, ...bytes, ...encoder.encode(`","m":"x`), ...bytes, ...encoder.encode('\\"y"}]}')]);
      const got = twin(t, shared, data, `${name}, shift ${shift}`);
      t.not(got, 'bail', `${name}, shift ${shift}: inside strings, not a bail`);
      expectBail(t, new Uint8Array([...encoder.encode(`{"Records":[${REC},{"k":`), ...bytes, ...encoder.encode('}]}')]), `${name} as a value`);
      expectBail(t, new Uint8Array([...encoder.encode(`{"Records":[${REC},`), ...bytes, ...encoder.encode(`${REC}]}`)]), `${name} between records`);
    }
  }
});

t.test('\\u escapes', async (t) => {
  for (const s of ['\\u0052\\u006f\\u006f\\u0074', 'R\\u006fot', '\\uD83D\\uDE00', '\\u0000', '\\u005C\\u0022', '\\u00e9\\u20AC', '\\u']) {
    for (let shift = 0; shift < 6; shift++) {
      const record = `{"type":"${'d'.repeat(BLOCK - 24 + shift)}${s}","u":"${s}"}`;
      expectRecords(t, file(record), [record], `${s} shifted by ${shift}`);
    }
  }
});

t.test('non-ASCII UTF-8 inside strings, across block edges', async (t) => {
  for (const ch of ['é', '€', '漢', '😀', '\u2028', '\ufeff', 'é€😀漢']) {
    const size = encoder.encode(ch).length;
    for (let shift = -4; shift <= 4; shift++) {
      const head = '{"Records":[{"k":"';
      const pad = 'e'.repeat(BLOCK - head.length - Math.min(size, 4) + shift + 1);
      const record = `{"k":"${pad}${ch}","${ch}":"${ch}${ch}"}`;
      expectRecords(t, file(record), [record], `${show(ch)} (${size} bytes), shift ${shift}`);
      expectRecords(t, file(record, REC), [record, REC], `${show(ch)} then a record, shift ${shift}`);
    }
  }
});

t.test('empty Records, empty records, nesting', async (t) => {
  expectRecords(t, '{"Records":[]}', [], 'Records: []');
  expectRecords(t, '{"Records":[ ]}', [], 'Records: [ ]');
  expectRecords(t, '{"Records":[\r\n]}\n', [], 'Records: [CRLF]');
  expectRecords(t, ' \n{"Records":[]}\t', [], 'whitespace around the root');
  expectRecords(t, file('{}'), ['{}'], 'one {} record');
  expectRecords(t, file('{}', '{}', '{}'), ['{}', '{}', '{}'], 'three {} records');
  const nested = '{"a":[[],[{}],{"b":[1,[2,[3,{"c":[]}]]]}],"c":{},"d":{"e":{"f":{"g":[null,true,false]}}}}';
  expectRecords(t, file(nested, REC), [nested, REC], 'nested arrays and objects');
  const keys = '{"Records":[{"Records":[{"Records":[]}]}]}';
  expectRecords(t, keys, ['{"Records":[{"Records":[]}]}'], 'a key Records inside a record');
});

t.test('whitespace between records is fine, inside a record it is not', async (t) => {
  expectRecords(t, `{"Records":[\n${REC},\r\n  ${REC}\t,\n\n${REC}\n]}\n`, [REC, REC, REC], 'newlines and spaces between records');
  expectRecords(t, `\r\n{ "Records" : [ ${REC} ] }\r\n`, [REC], 'spaces inside the root object');
  for (const spaced of ['{ "a":1}', '{"a" :1}', '{"a": 1}', '{"a":1 }', '{"a":[1, 2]}', '{"a":[ ]}', '{"a":{ }}', '{"a":1\n}', '{"a":\t1}', '{"a":\r1}']) {
    expectBail(t, file(REC, spaced, REC), `whitespace inside a record: ${show(spaced)}`);
  }
});

t.test('a byte-order mark, records that are not objects, other root layouts', async (t) => {
  expectBail(t, new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(file(REC))]), 'a UTF-8 BOM');
  for (const r of ['[]', '[{"a":1}]', '"x"', '1', '-2.5', 'true', 'false', 'null']) expectBail(t, file(REC, r), `a record that is ${r}`);
  for (const root of [
    `{"a":1,"Records":[${REC}]}`,
    `{"Records":[${REC}],"a":1}`,
    `{"Records":[${REC}],"Records":[${REC}]}`,
    `{"records":[${REC}]}`,
    `{"Record":[${REC}]}`,
    `{"Recordsx":[${REC}]}`,
    `{"Records ":[${REC}]}`,
    `{"R\\u0065cords":[${REC}]}`,
    `{"Records":${REC}}`,
    '{"Records":null}',
    '{"Records":"x"}',
    '{"Records":1}',
    `[${REC}]`,
    `[{"Records":[${REC}]}]`,
    '"Records"',
    '1',
    '',
    ' \n ',
  ]) {
    expectBail(t, root, `root ${show(root)}`);
  }
  // The splitter reports "no "Records" array found in the file" for these: the scanner must give up.
  for (const root of ['{}', ' {} \n']) {
    expectBail(t, root, `root without Records ${show(root)}`);
  }
});

t.test('trailing garbage and truncation', async (t) => {
  const whole = file(REC, '{"a":[1,{"b":"c\\"d"}]}', REC);
  for (const tail of ['x', '}', ']', ',', '{}', '{"Records":[]}', '[]', '"', '1', 'null', '\u0000', '\u00e9']) {
    expectBail(t, whole + tail, `trailing ${show(tail)}`);
    expectBail(t, `${whole}\n${tail}`, `trailing newline and ${show(tail)}`);
  }
  expectRecords(t, `${whole} \r\n\t`, [REC, '{"a":[1,{"b":"c\\"d"}]}', REC], 'trailing whitespace');
  const data = encoder.encode(whole);
  let bailed = 0;
  for (let n = 0; n < data.length; n++) if (scanBytes(shared, data.subarray(0, n)) === 'bail') bailed++;
  t.equal(bailed, data.length, `every one of the ${data.length} truncations bails`);
});

t.test('control characters', async (t) => {
  for (const c of [0x00, 0x01, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f]) {
    const ch = String.fromCharCode(c);
    const name = `U+${c.toString(16).padStart(4, '0')}`;
    expectBail(t, ch + file(REC), `${name} before the root`);
    expectBail(t, `{"Records":[${REC},${ch}${REC}]}`, `${name} between records`);
    expectBail(t, `{"Records":[${ch}]}`, `${name} as the only element`);
    expectBail(t, file(`{"a":${ch}1}`), `${name} inside a record`);
    expectBail(t, file(REC) + ch, `${name} after the root`);
  }
  // Inside a string: JSON.parse rejects the record, so the scanner leaves the file to the text path.
  for (let c = 0; c < 0x20; c++) {
    const name = `raw U+${c.toString(16).padStart(4, '0')}`;
    expectBail(t, file(`{"a":"x${String.fromCharCode(c)}y"}`, REC), `${name} inside a string`);
    expectBail(t, file(REC, `{"${String.fromCharCode(c)}":1}`), `${name} inside a key`);
  }
  // Around block edges, and DEL, which JSON allows.
  for (let shift = 0; shift < 4; shift++) {
    const pad = 'c'.repeat(BLOCK - 20 + shift);
    expectBail(t, file(`{"a":"${pad}\u0001"}`), `U+0001 at block offset ${BLOCK - 2 + shift}`);
    expectRecords(t, file(`{"a":"${pad}\u007f"}`), [`{"a":"${pad}\u007f"}`], `U+007F at block offset ${BLOCK - 2 + shift}`);
  }
});

t.test('escapes RFC 8259 does not define bail; the defined ones and escaped backslashes do not', async (t) => {
  for (const bad of ['\\x', '\\a', '\\0', '\\U0041', '\\ ', '\\\\\\\'']) {
    for (let shift = 0; shift < 4; shift++) {
      const pad = 'e'.repeat(BLOCK - 20 + shift);
      expectBail(t, file(`{"a":"${pad}${bad}"}`), `${bad} at block offset ${BLOCK - 2 + shift}`);
    }
  }
  for (const good of ['\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u0041', '\\\\x']) {
    for (let shift = 0; shift < 4; shift++) {
      const record = `{"a":"${'e'.repeat(BLOCK - 20 + shift)}${good}"}`;
      expectRecords(t, file(record), [record], `${good} at block offset ${BLOCK - 2 + shift}`);
    }
  }
});

t.test('grammar errors', async (t) => {
  const inside = [
    '{"a":1"b":2}',
    '{"a"1}',
    '{"a":}',
    '{"a":1,}',
    '{"a":[1,]}',
    '{"a":[1,,2]}',
    '{"a":[,1]}',
    '{,"a":1}',
    '{"a":1,,"b":2}',
    '{"a"::1}',
    '{"a":1:2}',
    '{"a",1}',
    '{1:2}',
    '{"a":{"b"}}',
    '{"a":[1}',
    '{"a":{"b":1]}',
    '{"a":[1]]}',
    '{"a":1}}',
    '{"a":{"b":1}',
    '{"a":[[1]}',
    "{'a':1}",
    '{"a":\'x\'}',
    '{"a":"x"1}',
    '{"a":"x""y"}',
    '{"a":[12"x"]}',
    '{"a":[1"x"]}',
  ];
  for (const r of inside) expectBail(t, file(REC, r, REC), `inside a record: ${r}`);
  const between = [
    `{"Records":[${REC}${REC}]}`,
    `{"Records":[${REC},]}`,
    `{"Records":[${REC},,${REC}]}`,
    `{"Records":[,${REC}]}`,
    `{"Records":[${REC}}`,
    `{"Records":[${REC}]]}`,
    `{"Records":[${REC}}]}`,
    `{"Records":[${REC}]`,
    `{"Records":{${REC}]}`,
    `{"Records":[${REC}}}`,
    `{"Records"[${REC}]}`,
    `{"Records"::[${REC}]}`,
    `{"Records":[${REC}] ]}`,
    `{{"Records":[${REC}]}`,
  ];
  for (const f of between) expectBail(t, f, `around records: ${show(f)}`);
});

t.test('nesting depth', async (t) => {
  // Depth counts the root object as 1, Records as 2, the record as 3.
  const nestedRecord = (depth: number): string => {
    const inner = depth - 3;
    return `{"a":${'['.repeat(inner)}${']'.repeat(inner)}}`;
  };
  const ok = nestedRecord(900);
  expectRecords(t, file(REC, ok, REC), [REC, ok, REC], 'nesting 900 deep');
  const mixed = `{"a":${'{"b":['.repeat(440)}1${']}'.repeat(440)}}`; // 3 + 880 levels
  expectRecords(t, file(mixed), [mixed], 'objects and arrays nested 883 deep');
  for (const depth of [1001, 1002, 1500, 5000]) expectBail(t, file(REC, nestedRecord(depth)), `nesting ${depth} deep`);
});

t.test('maxRecord: a record one byte longer than the limit bails, equal does not', async (t) => {
  for (const body of ['plain', 'é€😀 multi-byte', 'x'.repeat(300)]) {
    const record = `{"k":"${body}"}`;
    const size = encoder.encode(record).length;
    const data = encoder.encode(file(record));
    t.same(scanBytes(shared, data, size), [record], `${show(body)}: limit = the record's ${size} bytes`);
    t.equal(scanBytes(shared, data, size - 1), 'bail', `${show(body)}: limit ${size - 1} bytes`);
    // With a smaller record before it: the limit applies to each record.
    const two = encoder.encode(file('{}', record));
    t.same(scanBytes(shared, two, size), ['{}', record], `${show(body)}: two records, limit ${size}`);
    t.equal(scanBytes(shared, two, size - 1), 'bail', `${show(body)}: two records, limit ${size - 1}`);
  }
});

// ---------------------------------------------------------------------------------------------------
// Random CloudTrail-like files.

type Rnd = () => number;
const int = (rnd: Rnd, n: number): number => Math.floor(rnd() * n);
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[int(rnd, xs.length)]!;

const STRING_PIECES = ['\\"', '\\\\', '\\u00e9', '\\n', '\\/', '\\t', '\\u0052', '\\uD83D\\uDE00', 'é', '€', '漢', '😀', '\u2028', 'Root', 'ROOT', ' ', '{', '}', '[', ']', ',', ':'];
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).filter((c) => c !== '"' && c !== '\\');

/** The JSON text of a random string (with its quotes), up to `max` pieces long. */
function randomString(rnd: Rnd, max = 200): string {
  const n = int(rnd, max + 1);
  let s = '"';
  for (let i = 0; i < n; i++) s += rnd() < 0.2 ? pick(rnd, STRING_PIECES) : pick(rnd, PRINTABLE);
  return s + '"';
}

function digits(rnd: Rnd, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(int(rnd, 10));
  return s;
}

/** A random JSON number (RFC 8259 §6). */
function randomNumber(rnd: Rnd): string {
  let s = rnd() < 0.3 ? '-' : '';
  s += rnd() < 0.2 ? '0' : String(1 + int(rnd, 9)) + digits(rnd, int(rnd, 6));
  if (rnd() < 0.3) s += '.' + digits(rnd, 1 + int(rnd, 4));
  if (rnd() < 0.2) s += pick(rnd, ['e', 'E']) + pick(rnd, ['', '+', '-']) + digits(rnd, 1 + int(rnd, 3));
  return s;
}

/** A random compact JSON value, containers nested up to `depth` more levels. */
function randomValue(rnd: Rnd, depth: number): string {
  const kind = int(rnd, depth > 0 ? 9 : 6);
  switch (kind) {
    case 0:
    case 1:
      return randomString(rnd);
    case 2:
      return randomNumber(rnd);
    case 3:
      return pick(rnd, ['true', 'false']);
    case 4:
      return 'null';
    case 5:
      return randomString(rnd, 8);
    case 6:
    case 7: {
      const n = int(rnd, 5);
      const members: string[] = [];
      for (let i = 0; i < n; i++) members.push(`${randomString(rnd, 12)}:${randomValue(rnd, depth - 1)}`);
      return `{${members.join(',')}}`;
    }
    default: {
      const n = int(rnd, 5);
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(randomValue(rnd, depth - 1));
      return `[${items.join(',')}]`;
    }
  }
}

const EVENT_NAMES = ['ConsoleLogin', 'AssumeRoot', 'ListUsers', 'GetObject', 'CreateAccessKey', 'DescribeInstances'];
const IDENTITY_TYPES = ['Root', 'IAMUser', 'AssumedRole', 'AWSService', 'ROOT', 'root'];

/** A random compact CloudTrail-like record (the keys every record has, then random members). */
function randomRecord(rnd: Rnd): string {
  const members = [
    '"eventVersion":"1.08"',
    `"userIdentity":{"type":"${pick(rnd, IDENTITY_TYPES)}","principalId":"${digits(rnd, 12)}"}`,
    `"eventTime":"2026-03-${10 + int(rnd, 18)}T${10 + int(rnd, 13)}:${10 + int(rnd, 49)}:00Z"`,
    `"eventSource":"${pick(rnd, ['iam', 'signin', 's3', 'sts', 'ec2'])}.amazonaws.com"`,
    `"eventName":"${pick(rnd, EVENT_NAMES)}"`,
  ];
  const extra = int(rnd, 7);
  for (let i = 0; i < extra; i++) members.push(`${randomString(rnd, 16)}:${randomValue(rnd, 1 + int(rnd, 6))}`);
  return `{${members.join(',')}}`;
}

const SPACES = ['', '', ' ', '\n', '\r\n', '\t', ' \n  '];

/** A valid CloudTrail log file of `records`: compact, or with whitespace around and between records. */
function layout(rnd: Rnd, records: readonly string[], spaced: boolean): string {
  const ws = (): string => (spaced ? pick(rnd, SPACES) : '');
  let s = `${ws()}{"Records":[${ws()}`;
  records.forEach((r, i) => {
    s += (i > 0 ? `${ws()},${ws()}` : '') + r;
  });
  return `${s}${ws()}]}${ws()}`;
}

const INSERTS = [0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x20, 0x0a, 0x0d, 0x09, 0x30, 0x31, 0x2d, 0x2e, 0x61, 0x65, 0x74, 0x00, 0x01, 0x1f, 0x7f, 0x80, 0xc3, 0xa9, 0xff];

/** One random byte-level change to `data`, and its description. */
function mutate(rnd: Rnd, data: Uint8Array): [Uint8Array, string] {
  const at = int(rnd, data.length + 1);
  const byte = rnd() < 0.8 ? pick(rnd, INSERTS) : int(rnd, 256);
  const op = int(rnd, 4);
  const out = Array.from(data);
  let what: string;
  if (op === 0 && at < data.length) {
    out.splice(at, 1);
    what = `delete byte ${at} (0x${data[at]!.toString(16)})`;
  } else if (op === 1 && at < data.length) {
    out[at] = byte;
    what = `replace byte ${at} (0x${data[at]!.toString(16)}) with 0x${byte.toString(16)}`;
  } else if (op === 2) {
    out.splice(at, 0, byte);
    what = `insert 0x${byte.toString(16)} at ${at}`;
  } else {
    const ws = pick(rnd, [' ', '\n', '\r\n', '\t']);
    out.splice(at, 0, ...encoder.encode(ws));
    what = `insert ${JSON.stringify(ws)} at ${at}`;
  }
  return [new Uint8Array(out), what];
}

t.test('fuzz: random files against the splitter', async (t) => {
  const seed = 20261127;
  const rnd = prng(seed);
  const scanner = new ByteScanner();
  let taken = 0;
  let mutatedTaken = 0;
  let mutatedBailed = 0;
  for (let i = 0; i < 300; i++) {
    const records = Array.from({ length: int(rnd, 25) }, () => randomRecord(rnd));
    const spaced = rnd() < 0.4;
    const text = layout(rnd, records, spaced);
    const label = `seed ${seed}, file ${i} (${records.length} records, ${spaced ? 'spaced' : 'compact'})`;
    // Property 2: the fast path is taken, and finds the records as written.
    const got = twin(t, scanner, text, label);
    t.same(got, records, `${label}: not a bail, the records as written`);
    if (got !== 'bail') taken++;
    // Windows newlines between the records change nothing.
    const crlf = `{"Records":[\r\n${records.join(',\r\n')}\r\n]}\r\n`;
    t.same(scanBytes(scanner, encoder.encode(crlf)), records, `${label}: CRLF between records`);
    // Property 1 on damaged copies.
    const data = encoder.encode(text);
    for (let m = 0; m < 2; m++) {
      const [bad, what] = mutate(rnd, data);
      const r = twin(t, scanner, bad, `${label}, ${what}`);
      if (r === 'bail') mutatedBailed++;
      else mutatedTaken++;
    }
  }
  t.equal(taken, 300, 'every valid file took the fast path');
  t.ok(mutatedBailed > 60, `many damaged files bail (${mutatedBailed})`);
  t.ok(mutatedTaken > 10, `some damage is harmless (in a string, whitespace between records): ${mutatedTaken}`);
});

// ---------------------------------------------------------------------------------------------------
// flag

/** The folded bytes of `data` (ASCII A-Z to a-z), as `mark` compares them. */
function foldBytes(data: Uint8Array): Buffer {
  const out = Buffer.from(data);
  for (let i = 0; i < out.length; i++) if (out[i]! >= 0x41 && out[i]! <= 0x5a) out[i]! += 0x20;
  return out;
}

/** True when some occurrence of `literal` starts inside a record span and runs past its end. */
function straddles(folded: Buffer, starts: Int32Array, ends: Int32Array, literal: string): boolean {
  const needle = Buffer.from(literal.toLowerCase(), 'latin1');
  for (let p = folded.indexOf(needle); p !== -1; p = folded.indexOf(needle, p + 1)) {
    for (let r = 0; r < starts.length; r++) if (starts[r]! <= p && p < ends[r]! && p + needle.length > ends[r]!) return true;
  }
  return false;
}

/** What `flag` must say for each record: it contains one of `literals`, ASCII letters folded. */
function expectedFlags(records: readonly string[], literals: readonly string[]): number[] {
  return records.map((r) => {
    const folded = asciiLower(r);
    return literals.some((l) => folded.includes(l.toLowerCase())) ? 1 : 0;
  });
}

/** One scanner per literal set, reused across files (as the engine reuses one per run). */
const scanners = new Map<string, ByteScanner>();
function scannerFor(literals: readonly string[]): ByteScanner {
  const key = JSON.stringify(literals);
  let scanner = scanners.get(key);
  if (scanner === undefined) scanners.set(key, (scanner = new ByteScanner(literals.map(byteLiteral))));
  return scanner;
}

/** Scans and flags; returns the record texts and the flags (copied). */
function scanAndFlag(scanner: ByteScanner, data: Uint8Array): { records: string[]; flags: number[] } | 'bail' {
  const n = scanner.scan(data, UNLIMITED);
  if (n < 0) return 'bail';
  const flags = Array.from(scanner.flag());
  const starts = scanner.recordStarts();
  const ends = scanner.recordEnds();
  const records: string[] = [];
  for (let i = 0; i < n; i++) records.push(decoder.decode(data.subarray(starts[i], ends[i])));
  return { records, flags };
}

const flipCase = (rnd: Rnd, s: string): string => [...s].map((c) => (rnd() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
const RARE = '~|^`#%&*+;=?@$!';

t.test('flag: random files and literal sets', async (t) => {
  const seed = 777;
  const rnd = prng(seed);
  const scanner = new ByteScanner();
  let flaggedSome = 0;
  let multiPass = 0;
  let dropped = 0;
  for (let i = 0; i < 150; i++) {
    const records = Array.from({ length: 1 + int(rnd, 20) }, () => randomRecord(rnd));
    const data = encoder.encode(layout(rnd, records, rnd() < 0.3));
    t.equal(scanner.scan(data, UNLIMITED), records.length, `seed ${seed}, file ${i}: scanned`);
    const folded = foldBytes(data);
    const spans = { starts: Int32Array.from(scanner.recordStarts()), ends: Int32Array.from(scanner.recordEnds()) };
    const count = 1 + int(rnd, 12);
    const literals: string[] = [];
    while (literals.length < count) {
      const kind = int(rnd, 5);
      const r = pick(rnd, records);
      const len = 1 + int(rnd, 20);
      let lit: string;
      if (kind === 0) lit = r.slice(0, len); // the very start of a record
      else if (kind === 1) lit = r.slice(Math.max(0, r.length - len)); // its very end
      else if (kind === 2) {
        const from = int(rnd, r.length);
        lit = r.slice(from, from + len);
      } else if (kind === 3) lit = Array.from({ length: len }, () => RARE[int(rnd, RARE.length)]).join('');
      else lit = pick(rnd, ['"Root"', 'ROOT', '"root"', 'assumeroot', 'ConsoleLogin', '\\u', '"eventName":"', 'amazonaws.com"', '\\"', '"}']);
      if (!/^[\x20-\x7e]+$/.test(lit)) continue; // prefilter literals are printable ASCII
      lit = rnd() < 0.5 ? flipCase(rnd, lit) : lit;
      // A literal crossing from one record into the next is tested on its own below.
      if (straddles(folded, spans.starts, spans.ends, lit)) {
        dropped++;
        continue;
      }
      literals.push(lit);
    }
    if (literals.length > 8) multiPass++;
    const got = scanAndFlag(scannerFor(literals), data);
    const want = expectedFlags(records, literals);
    t.same(got === 'bail' ? 'bail' : got.flags, want, `seed ${seed}, file ${i}: flags for ${JSON.stringify(literals)}`);
    if (want.includes(1)) flaggedSome++;
  }
  t.ok(flaggedSome > 100, `most literal sets flag something (${flaggedSome})`);
  t.ok(multiPass > 30, `several files need more than one pass (${multiPass})`);
  t.comment(`${dropped} literals dropped for straddling two records`);
});

// Three records: a root one, one with the type in capitals, one that is not root.
const R0 = '{"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"111122223333"},"eventName":"ConsoleLogin","z":"end0"}';
const R1 = '{"eventVersion":"1.08","userIdentity":{"type":"ROOT"},"eventName":"GetObject","q":"a\\"b","z":"end1"}';
const R2 = '{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"rooted"},"eventName":"AssumeRoot","z":"end2"}';
const THREE = encoder.encode(`{"Records":[${R0},${R1},\n${R2}]}`);

t.test('flag: hand-written literal sets', async (t) => {
  const cases: [string[], number[]][] = [
    [['"Root"'], [1, 1, 0]],
    [['ROOT'], [1, 1, 1]],
    [['"root"'], [1, 1, 0]],
    [['Root"'], [1, 1, 1]], // AssumeRoot" too
    [['AssumeRoot'], [0, 0, 1]],
    [['{"eventVersion":"1.08"'], [1, 1, 0]], // the very start of records
    [['{'], [1, 1, 1]],
    [['"end1"}'], [0, 1, 0]], // the very end of a record
    [['}'], [1, 1, 1]],
    [['a\\"b'], [0, 1, 0]], // with a quote and a backslash
    [['\\'], [0, 1, 0]],
    [['"'], [1, 1, 1]],
    [['~'], [0, 0, 0]],
    [['zz', 'end2"}'], [0, 0, 1]],
    [['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'end0'], [1, 0, 0]], // found in the second pass
    [['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'x10', 'x11', 'END1'], [0, 1, 0]],
    [['end0', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'x10', 'x11', 'END1'], [1, 1, 0]],
    [['e', 'n', 'd', '2'], [1, 1, 1]],
    [['"principalId":"111122223333"}'], [1, 0, 0]], // longer than one 16-byte step
    [['"userName":"rooted"},"eventName'], [0, 0, 1]],
  ];
  for (const [literals, want] of cases) {
    const got = scanAndFlag(scannerFor(literals), THREE);
    t.same(got === 'bail' ? 'bail' : got.flags, want, `flags for ${JSON.stringify(literals)}`);
    t.same(expectedFlags([R0, R1, R2], literals), want, `the expectation for ${JSON.stringify(literals)} is right`);
  }
  // After a bail there is nothing to flag.
  const one = new ByteScanner([byteLiteral('1')]);
  t.equal(one.scan(encoder.encode('{"Records":[1]}'), UNLIMITED), -1);
  t.same(Array.from(one.flag()), [], 'no records, no flags');
});

t.test('flag: only ASCII letters are folded', async (t) => {
  // `@[\]^_` are `` `{|}~ `` minus 0x20 but not letters: no fold between them (asciiLower agrees).
  const a = '{"s":"Q@[\\\\]^_Z","n":1}';
  const b = '{"s":"q`{|}~z","n":2}';
  // `\u00c9` as escape text, and as UTF-8 (É, é, and U+212A KELVIN SIGN, which toLowerCase folds to k).
  const c = '{"s":"\\u00c9\\u00e9","t":"\u00c9t\u00e9 KELVIN \u212a","n":3}';
  const data = encoder.encode(file(a, b, c));
  const cases: [string[], number[]][] = [
    [['q@['], [1, 0, 0]],
    [['Q`{'], [0, 1, 0]],
    [['@'], [1, 0, 0]],
    [['`'], [0, 1, 0]],
    [['[\\\\]^_'], [1, 0, 0]],
    [['{|}~'], [0, 1, 0]],
    [['^_z'], [1, 0, 0]],
    [['~Z"'], [0, 1, 0]],
    [['\\U00C9'], [0, 0, 1]],
    [['kelvin k'], [0, 0, 0]],
    [['kelvin '], [0, 0, 1]],
    [['t'], [0, 0, 1]],
  ];
  for (const [literals, want] of cases) {
    t.same(expectedFlags([a, b, c], literals), want, `the expectation for ${show(literals.join(' '))} is right`);
    const got = scanAndFlag(scannerFor(literals), data);
    t.same(got === 'bail' ? 'bail' : got.flags, want, `flags for ${show(literals.join(' '))}`);
  }
});

t.test('flag: a literal straddling two records flags neither', async (t) => {
  // Each occurs only across a record boundary: `"end0"},{"eventVersion` and `"end1"},\n{"event`.
  for (const literals of [['end0"},{'], ['"},{"eventVersion":"1.08","userIdentity":{"type":"R'.slice(0, 20)], ['end1"},\n{'], ['0"},'], ['},{']]) {
    const got = scanAndFlag(scannerFor(literals), THREE);
    t.same(expectedFlags([R0, R1, R2], literals), [0, 0, 0], `${JSON.stringify(literals)} is in no record`);
    t.same(got === 'bail' ? 'bail' : got.flags, [0, 0, 0], `flags for ${JSON.stringify(literals)}`);
  }
});

// ---------------------------------------------------------------------------------------------------
// Reuse

t.test('one scanner reused across files of different sizes', async (t) => {
  const rnd = prng(4242);
  const big = (n: number): string[] => Array.from({ length: n }, () => randomRecord(rnd));
  const inputs: Uint8Array[] = [
    encoder.encode(layout(rnd, big(400), false)),
    encoder.encode(file(REC)),
    encoder.encode(layout(rnd, big(40), true)),
    encoder.encode('{"Records":[]}'),
    encoder.encode(layout(rnd, big(1500), false)),
    encoder.encode(`{"Records":[${REC},1]}`), // bails
    THREE,
    encoder.encode(layout(rnd, big(3), false)),
    encoder.encode(file(R2)),
  ];
  const literals = ['"Root"', 'assumeroot', '\\u', 'consolelogin', 'x1', 'x2', 'x3', 'x4', 'x5', '~~'];
  const reused = new ByteScanner(literals.map(byteLiteral));
  for (const round of [0, 1]) {
    inputs.forEach((data, i) => {
      const fresh = scanAndFlag(new ByteScanner(literals.map(byteLiteral)), data);
      const again = scanAndFlag(reused, data);
      t.same(again, fresh, `round ${round}, file ${i} (${data.length} bytes): as on a fresh scanner`);
      const n = reused.scan(data, UNLIMITED);
      t.equal(reused.recordStarts().length, Math.max(n, 0), `round ${round}, file ${i}: the span views have the scanned count`);
    });
  }
});

t.test('record views stay valid until the next scan, flag or not', async (t) => {
  // `flag` may grow the memory (for its literals), which detaches views taken before it. Sizes
  // sweep past a page boundary of the memory layout so that some flag call has to grow it.
  const literals = Array.from({ length: 12 }, (_, i) => `abcdefghijklmnopqrs${String.fromCharCode(97 + i)}`).map(byteLiteral);
  let detached = 0;
  let first = -1;
  for (let size = 100; size < 110_000; size += 64) {
    const scanner = new ByteScanner(literals);
    const data = encoder.encode(`{"Records":[{"a":"${'x'.repeat(size)}"}]}`);
    scanner.scan(data, UNLIMITED);
    const starts = scanner.recordStarts();
    scanner.flag();
    if (starts.length !== 1 || starts[0] !== 12) {
      detached++;
      if (first === -1) first = size;
    }
  }
  t.equal(detached, 0, `views taken before flag still hold the spans (first lost at a string of ${first} bytes)`);
});

// A prefilter admits a record only when it holds a literal of every group (`anyOf` and each `also`
// group: src/dialects/types.ts), so the byte flags may use any one group per detection; flagLiterals
// takes the one that adds the fewest literals to those always searched for (root markers, `\u`, and
// `insight` for the splitter's Insights check).
t.test('flag literals: one group per detection, the cheapest', async (t) => {
  const base = flagLiterals([]).map((l) => Buffer.from(l.bytes).toString('latin1'));
  t.same(base, ['"root"', '\\u', 'assumedroot', 'assumeroot', 'insight'], 'root markers, \\u and insight, lowercased');
  const signIn = { anyOf: ['"signin.amazonaws.com"'], caseInsensitive: true, also: [['"ConsoleLogin"'], ['"Root"']] };
  t.same(flagLiterals([signIn]).map((l) => Buffer.from(l.bytes).toString('latin1')), base, 'a group the root marker covers adds nothing');
  const keys = { anyOf: ['"iam.amazonaws.com"'], caseInsensitive: false, also: [['"CreateAccessKey"', '"CreateUser"']] };
  t.same(flagLiterals([keys]).map((l) => Buffer.from(l.bytes).toString('latin1')), ['"iam.amazonaws.com"', ...base].sort(), 'else the group adding the fewest literals');
  const tie = { anyOf: ['"CreateAccessKey"', '"CreateUser"'], caseInsensitive: false, also: [['"iam.amazonaws.com"', '"sts.amazonaws.com"']] };
  t.same(flagLiterals([tie]).map((l) => Buffer.from(l.bytes).toString('latin1')), ['"createaccesskey"', '"createuser"', ...base].sort(), 'on a tie, the first group');
});

// The engine decodes a gzip file straight into the scanner's memory (`input`) and scans it there:
// the same records, flags and fields as scanning a copy, with the memory growing from small to large
// files and back.
t.test('scanning in place gives what scanning a copy gives', async (t) => {
  const rnd = prng(77);
  const literals = ['"root"', '\\u', 'assumeroot'].map(byteLiteral);
  const inPlace = new ByteScanner(literals);
  const copied = new ByteScanner(literals);
  for (const n of [1, 40, 3, 400, 2, 900, 10]) {
    const records = Array.from({ length: n }, () => randomRecord(rnd));
    const data = bytesOf(file(...records));
    const room = inPlace.input(data.length + 1);
    room.set(data);
    for (const withFields of [false, true]) {
      const a = inPlace.scan(room.subarray(0, data.length), UNLIMITED, withFields);
      const b = copied.scan(data, UNLIMITED, withFields);
      t.equal(a, b, `${n} records (fields: ${withFields}): the same count`);
      t.same([...inPlace.recordStarts()], [...copied.recordStarts()], 'starts');
      t.same([...inPlace.recordEnds()], [...copied.recordEnds()], 'ends');
      t.same([...inPlace.recordFields()], [...copied.recordFields()], 'fields');
      t.same([...inPlace.flag()], [...copied.flag()], 'flags');
      t.ok(Buffer.from(room.buffer, room.byteOffset, data.length).equals(data), 'the input is left as it was');
    }
  }
});
