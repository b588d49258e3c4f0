// Condition language: sigma-rules-specification.md "Condition"
// https://github.com/SigmaHQ/sigma-specification/blob/main/specification/sigma-rules-specification.md#condition
import t from 'tap';
import { parseCondition } from '../../src/dialects/sigma/condition/parser.js';
import type { ConditionNode } from '../../src/dialects/sigma/condition/ast.js';
import { parseError, rule } from './helpers.js';

/** Prints an AST with explicit parentheses so precedence is visible. */
function show(n: ConditionNode): string {
  switch (n.type) {
    case 'and':
    case 'or':
      return `(${n.operands.map(show).join(` ${n.type} `)})`;
    case 'not':
      return `not ${show(n.operand)}`;
    case 'identifier':
      return n.name;
    case 'selector':
      return `${n.quantifier === 'all' ? 'all' : '1'} of ${n.pattern ?? 'them'}`;
  }
}

function parsed(text: string): string {
  const r = parseCondition(text);
  if (!r.ok) throw new Error(r.error.message);
  return show(r.node);
}

function failure(text: string): string {
  const r = parseCondition(text);
  if (r.ok) throw new Error(`parsed: ${show(r.node)}`);
  return `${r.error.message} @${r.error.offset}`;
}

t.test('precedence: or < and < not < x of < parentheses (RULES "Condition", Operator Precedence)', async (t) => {
  t.equal(parsed('a or b and c'), '(a or (b and c))');
  t.equal(parsed('a and b or c'), '((a and b) or c)');
  t.equal(parsed('not a and b'), '(not a and b)');
  t.equal(parsed('not (a and b)'), 'not (a and b)');
  t.equal(parsed('a and (b or c)'), '(a and (b or c))');
  t.equal(parsed('a and b and c'), '(a and b and c)');
  t.equal(parsed('1 of sel* and not 1 of filter*'), '(1 of sel* and not 1 of filter*)');
  t.equal(parsed('all of them or x'), '(all of them or x)');
  t.equal(parsed('not not a'), 'not not a');
});

t.test('keywords are whole lowercase words (pySigma rejects uppercase operators)', async (t) => {
  t.equal(parsed('notable and nothing'), '(notable and nothing)');
  t.equal(failure('a AND b'), "operators are lowercase: write 'and' instead of 'AND' @2");
  t.equal(failure('NOT a'), "operators are lowercase: write 'not' instead of 'NOT' @0");
});

t.test('syntax errors carry the offset of the offending token', async (t) => {
  t.equal(failure('a and'), "expected a search identifier, 'not', '(', '1 of' or 'all of', found end of condition @5");
  t.equal(failure('a b'), "expected 'and', 'or' or end of condition, found 'b' @2");
  t.equal(failure('(a or b'), "expected ')' to close the '(' at condition column 1, found end of condition @7");
  t.equal(failure('a or b)'), "expected 'and', 'or' or end of condition, found ')' @6");
  t.equal(failure('2 of sel*'), "only '1 of' and 'all of' are allowed, found '2' @0");
  t.equal(failure('1 sel'), "expected 'of' after '1', found 'sel' @2");
  t.equal(failure('1 of'), "expected a search identifier pattern or 'them' after 'of', found end of condition @4");
  t.equal(failure('sel*'), "the pattern 'sel*' needs '1 of' or 'all of' before it @0");
  t.equal(failure('any of sel*'), "expected '1 of' or 'all of', found 'any of' @0");
  t.equal(failure('a & b'), "unexpected character '&' @2");
  t.equal(failure('a near b'), "'near' (sigma v1) was removed in sigma v2: write a temporal correlation rule instead @2");
  t.equal(failure('sel | count() > 5'), "pipe aggregations ('| count() ...') were removed in sigma v2: write a correlation rule instead @4");
});

t.test('condition errors are reported at their 1-based line/column in the file', async (t) => {
  // Line 8 is "    condition: sel and", the value starts at column 16.
  const e = parseError(`title: Broken\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName: ConsoleLogin\n    condition: sel and\n`);
  t.equal(e.code, 'TP3010');
  t.equal(e.line, 8);
  t.equal(e.column, 23);
  t.match(e.message, /found end of condition/);
  const quoted = parseError(`title: Q\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel: {a: 1}\n  condition: 'sel or or'\n`);
  t.equal(quoted.line, 5);
  t.equal(quoted.column, 22, 'offset inside a quoted scalar skips the quote');
  const undefinedId = parseError(`title: U\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel: {a: 1}\n  condition: sel and missing\n`);
  t.equal(undefinedId.code, 'TP3011');
  t.equal(undefinedId.column, 22);
  t.match(undefinedId.message, "search identifier 'missing' is not defined");
});

t.test('x of patterns: * is any run, exact otherwise, underscore identifiers excluded (RULES "Condition")', async (t) => {
  const r = rule(`
    selection_a: {eventName: A}
    selection_b: {eventName: B}
    _hidden: {eventName: C}
    selection: {eventName: D}
    condition: 1 of selection_*
  `);
  t.ok(r.matches({ eventName: 'A' }));
  t.ok(r.matches({ eventName: 'b' }));
  t.notOk(r.matches({ eventName: 'D' }), "'selection_*' does not match 'selection'");
  const them = rule(`
    sel_a: {eventName: A}
    _hidden: {eventName: C}
    condition: 1 of them
  `);
  t.ok(them.matches({ eventName: 'A' }));
  t.notOk(them.matches({ eventName: 'C' }), 'them excludes identifiers starting with _');
  const allOf = rule(`
    sel_name: {eventName: A}
    sel_src: {eventSource: s}
    condition: all of sel_*
  `);
  t.ok(allOf.matches({ eventName: 'A', eventSource: 's' }));
  t.notOk(allOf.matches({ eventName: 'A' }));
  const exact = rule(`
    sel: {eventName: A}
    sel_more: {eventName: B}
    condition: 1 of sel
  `);
  t.notOk(exact.matches({ eventName: 'B' }), 'a pattern without * names exactly one identifier');
  const underscore = rule(`
    _a: {eventName: A}
    condition: 1 of _*
  `);
  t.ok(underscore.matches({ eventName: 'A' }), 'a pattern starting with _ includes _ identifiers');
});

t.test('a pattern matching nothing drops its term, with a warning (pySigma behaviour)', async (t) => {
  const r = rule(`
    selection: {eventName: A}
    condition: selection and not 1 of filter_*
  `);
  t.ok(r.matches({ eventName: 'A' }));
  t.equal(r.warnings[0]?.code, 'TP3022');
});

t.test('a condition list is OR-ed (RULES "Condition": the condition can be a list)', async (t) => {
  const r = rule(`
    a: {eventName: A}
    b: {eventName: B}
    condition:
        - a
        - b
  `);
  t.ok(r.matches({ eventName: 'A' }));
  t.ok(r.matches({ eventName: 'B' }));
  t.notOk(r.matches({ eventName: 'C' }));
});

t.test('not, and, or evaluate with the right precedence', async (t) => {
  const r = rule(`
    a: {x: 1}
    b: {y: 1}
    c: {z: 1}
    condition: a or b and not c
  `);
  t.ok(r.matches({ x: 1, z: 1 }), 'a alone suffices');
  t.ok(r.matches({ y: 1 }));
  t.notOk(r.matches({ y: 1, z: 1 }));
});
