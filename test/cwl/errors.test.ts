// Patterns CloudWatch Logs rejects: exact messages and 1-based positions.
// Sources: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html (syntax, quotas),
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricFilter.html (filterPattern 0–1024),
// service error texts: jorgebastida/awslogs#210 ("If a filter pattern starts with '{' it must end with '}'"),
// aws/aws-cdk#15047 (selector without $), awsdocs/amazon-cloudwatch-logs-user-guide#21 (other field in a slot).
import t from 'tap';
import { FilterPatternError, parseFilterPattern } from '../../src/dialects/cwl/index.js';
import { fails } from './helpers.js';

t.test('FilterPatternError carries line, column, offset and reason', async (t) => {
  try {
    parseFilterPattern('{ $.userIdentity.type = "Root" && $.x = }');
    t.fail('should throw');
  } catch (e) {
    t.type(e, FilterPatternError);
    t.type(e, Error);
    const err = e as FilterPatternError;
    t.equal(err.name, 'FilterPatternError');
    t.equal(err.message, "line 1, col 41: expected value after '='");
    t.equal(err.line, 1);
    t.equal(err.column, 41);
    t.equal(err.offset, 40);
    t.equal(err.reason, "expected value after '='");
  }
});

t.test('positions count lines in multi-line patterns', async (t) => {
  fails(t, '{\n  $.a = 1 &&\n  $.b =\n}', "line 4, col 1: expected value after '='");
  fails(t, '[a,\n b = ]', "line 2, col 6: expected value after '='");
});

t.test('JSON pattern errors', async (t) => {
  fails(t, '{ $.a = }', "line 1, col 9: expected value after '='");
  fails(t, '{ $.a = 1', "line 1, col 10: if a filter pattern starts with '{' it must end with '}'");
  fails(t, '{', "line 1, col 2: if a filter pattern starts with '{' it must end with '}'");
  fails(t, '{}', "line 1, col 2: expected a condition between '{' and '}'");
  fails(t, '{ status = "401" }', "line 1, col 3: expected a property selector starting with '$.', found 'status'");
  fails(t, '{ $ = 1 }', "line 1, col 4: expected '.' after '$' (selectors look like $.name)");
  fails(t, '{ $. = 1 }', "line 1, col 5: expected a property name after '.'");
  fails(t, '{ $.a[-1] = 1 }', 'line 1, col 7: an array index must be a non-negative integer');
  fails(t, '{ $[0] = 1 }', 'line 1, col 4: an array index must follow a property');
  fails(t, '{ $.a[0 = 1 }', "line 1, col 8: expected ']'");
  fails(t, '{ $.a[x] = 1 }', "line 1, col 7: expected an array index, '*' or a quoted property name after '['");
  fails(t, '{ $.a == 1 }', "line 1, col 7: '==' is not an operator; use '='");
  fails(t, '{ $.a IS NOT NULL }', "line 1, col 7: 'IS NOT' is not supported; use 'IS TRUE', 'IS FALSE', 'IS NULL' or 'NOT EXISTS'");
  fails(t, '{ $.a EXISTS }', "line 1, col 7: 'EXISTS' on its own is not supported; only 'NOT EXISTS' is (use '= *' to require a value)");
  fails(t, '{ $.a is null }', "line 1, col 7: keywords are upper case: write 'IS'");
  fails(t, '{ $.a not exists }', "line 1, col 7: keywords are upper case: write 'NOT'");
  fails(t, '{ $.a IS MAYBE }', "line 1, col 10: expected 'TRUE', 'FALSE' or 'NULL' after 'IS', found 'MAYBE'");
  fails(t, '{ $.a NOT }', "line 1, col 11: expected 'EXISTS' after 'NOT', found '}'");
  fails(t, '{ $.a > abc }', "line 1, col 9: expected a number after '>', found 'abc'");
  fails(t, '{ $.a < "5" }', "line 1, col 9: expected a number after '<', found a quoted string");
  fails(t, '{ $.a >= 4* }', "line 1, col 10: expected a number after '>=', found '4*'");
  fails(t, '{ $.a > %x% }', "line 1, col 9: a regular expression can only follow '=' or '!=', not '>'");
  fails(t, '{ $.email = a@b.com }', "line 1, col 14: invalid character '@' in unquoted text; put the value in double quotes");
  fails(t, '{ $.a = caf\u00e9 }', "line 1, col 12: invalid character U+00E9 in unquoted text; put the value in double quotes");
  fails(t, '{ $.a = @x }', "line 1, col 9: invalid character '@'; text containing it must be in double quotes");
  fails(t, '{ $.a = 1 $.b = 2 }', "line 1, col 11: expected '&&', '||' or '}', found selector '$.b'");
  fails(t, '{ ($.a = 1 }', "line 1, col 12: expected ')' to close the '(' at line 1, col 3, found '}'");
  fails(t, '{ $.a = 1) }', "line 1, col 10: expected '&&', '||' or '}', found ')'");
  fails(t, '{ $.a = "x }', `line 1, col 9: unterminated quoted string (missing closing '"')`);
  fails(t, '{ $.a = %x }', "line 1, col 9: unterminated regular expression (missing closing '%')");
  fails(t, '{ $.a = 1 } }', "line 1, col 13: unexpected '}' after the closing '}'");
  fails(t, '{ $.a = 1 & $.b = 2 }', "line 1, col 11: expected '&&'");
  fails(t, '{ $.a = 1 | $.b = 2 }', "line 1, col 11: expected '||'");
  fails(t, '{ $.a ! 1 }', "line 1, col 7: expected '!=' ('!' on its own is not an operator)");
  fails(t, '{ $.a }', "line 1, col 7: expected an operator (=, !=, <, <=, >, >=), 'IS' or 'NOT EXISTS' after the selector, found '}'");
  fails(t, '{ $.a = 1 && }', "line 1, col 14: expected a condition, found '}'");
  fails(t, "{ $.['a] = 1 }", "line 1, col 6: unterminated quoted property name");
});

t.test('JSON quotas: one wildcard per selector, three wildcard selectors, two regexes', async (t) => {
  // FPS "Using wildcard selectors" and "Quotas".
  fails(t, '{ $.a.* = 1 && $.b[*].* = 2 }', 'line 1, col 23: a selector may contain at most 1 wildcard');
  fails(t, '{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d[*] = 1 }', 'line 1, col 45: too many wildcard selectors: a pattern may contain at most 3');
  t.doesNotThrow(() => parseFilterPattern('{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d = 1 }'));
  fails(t, '{ $.a = %a% || $.b = %b% || $.c = %c% }', 'line 1, col 35: too many regular expressions: a pattern may contain at most 2');
  t.doesNotThrow(() => parseFilterPattern('{ $.a = %a% || $.b = %b% }'));
  fails(t, '[a = %x%, b = %y%, c = %z%]', 'line 1, col 24: too many regular expressions: a pattern may contain at most 2');
});

t.test('space-delimited pattern errors', async (t) => {
  fails(t, '[a, b', "line 1, col 6: if a filter pattern starts with '[' it must end with ']'");
  fails(t, '[]', "line 1, col 2: expected a field name or '...' between '[' and ']'");
  fails(t, '[a, b = 1 && c = 2]', "line 1, col 14: a condition in field 'b' must name 'b', not 'c' (one field per slot)");
  fails(t, '[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]',
    "line 1, col 62: a condition in field 'status_code' must name 'status_code', not 'bytes' (one field per slot)");
  fails(t, '[..., a, ...]', "line 1, col 10: only one '...' is allowed in a pattern");
  fails(t, '[a b]', "line 1, col 4: expected ',' or ']' after the field, found 'b'");
  fails(t, '[$.a]', "line 1, col 2: space-delimited fields are named without '$'");
  fails(t, '[a.b]', "line 1, col 2: invalid field name 'a.b'; use letters, digits, '_' and '-'");
  fails(t, '[a = 1 || (a = 2)]', 'line 1, col 11: parentheses are not supported in space-delimited patterns');
  fails(t, '[a = 1 &&]', "line 1, col 10: expected a condition on 'a', found ']'");
  fails(t, '[... = 1]', "line 1, col 6: '...' cannot have a condition");
  fails(t, '[a == 1]', "line 1, col 4: '==' is not an operator; use '='");
  fails(t, '[a > x]', "line 1, col 6: expected a number after '>', found 'x'");
  fails(t, '[a = ]', "line 1, col 6: expected value after '='");
  fails(t, '[a] x', "line 1, col 6: if a filter pattern starts with '[' it must end with ']'");
  fails(t, '[a] [b]', "line 1, col 5: unexpected '[' after the closing ']'");
});

t.test('pattern length: 1024 characters at most', async (t) => {
  const ok = `"${'a'.repeat(1022)}"`;
  t.equal(ok.length, 1024);
  t.doesNotThrow(() => parseFilterPattern(ok));
  fails(t, `"${'a'.repeat(1023)}"`, 'line 1, col 1025: filter pattern is too long: 1025 characters (the limit is 1024)');
  // Length counts characters, not UTF-16 units: 1024 astral characters inside quotes are too long, 1022 are fine.
  t.doesNotThrow(() => parseFilterPattern(`"${'\u{1F600}'.repeat(1022)}"`));
  t.throws(() => parseFilterPattern(`"${'\u{1F600}'.repeat(1023)}"`), FilterPatternError);
});
