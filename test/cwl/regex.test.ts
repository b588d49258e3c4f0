// Regular expressions in filter patterns.
// Sources: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html and
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html ("Supported regular
// expressions (regex) syntax"); parentheses rejected even escaped, \x28 accepted:
// ministryofjustice/modernisation-platform-environments#5137.
import t from 'tap';
import { parseFilterPattern } from '../../src/dialects/cwl/index.js';
import { parseRegex, toRe2Source } from '../../src/dialects/cwl/regex.js';
import { fails, matches } from './helpers.js';

t.test('documented examples', async (t) => {
  t.equal(matches('%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', 'from 10.0.12.7 ok'), true);
  t.equal(matches('%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', 'from 10.0.x.7'), false);
  t.equal(matches('%[Ee]rror|[Ff]ail%', 'a failure'), true);
  t.equal(matches('%[Ee]rror|[Ff]ail%', 'ERROR'), false, 'case-sensitive');
  t.equal(matches('%colou?r%', 'color'), true);
  t.equal(matches('%colou?r%', 'colour'), true);
  t.equal(matches('%ab[^c]%', 'abd'), true);
  t.equal(matches('%ab[^c]%', 'abc'), false);
  t.equal(matches('%gray|grey%', 'greyhound'), true);
  t.equal(matches('%10\\.10\\.0\\.1%', 'ip 10.10.0.1'), true);
  t.equal(matches('%10\\.10\\.0\\.1%', 'ip 10a10b0c1'), false);
  t.equal(matches('%^starting|^initializing|^shutting down%', 'shutting down now'), true, 'a space is accepted');
  t.equal(matches('%^starting|^initializing|^shutting down%', 'now shutting down'), false);
});

t.test('| separates whole alternatives (there are no groups)', async (t) => {
  t.equal(matches('%^ab|cd$%', 'ab zz'), true);
  t.equal(matches('%^ab|cd$%', 'zz cd'), true);
  t.equal(matches('%^ab|cd$%', 'zz ab'), false);
});

t.test('quantifiers, classes, escapes', async (t) => {
  t.equal(matches('%^a{3}$%', 'aaa'), true);
  t.equal(matches('%^a{3}$%', 'aaaa'), false);
  t.equal(matches('%^a{2,}$%', 'aaaa'), true);
  t.equal(matches('%^a{,2}b$%', 'aab'), true, '{,m}: the lower bound may be omitted');
  t.equal(matches('%^a{,2}b$%', 'aaab'), false);
  t.equal(matches('%^a{1,2}b$%', 'ab'), true);
  t.equal(matches('%a+?b%', 'aab'), true, 'lazy quantifiers are accepted');
  t.equal(matches('%^\\w+$%', 'abc_09'), true);
  t.equal(matches('%^\\w+$%', 'ab-c'), false);
  t.equal(matches('%\\s%', 'a b'), true);
  t.equal(matches('%^\\S+$%', 'a b'), false);
  t.equal(matches('%^\\D+$%', 'abc'), true);
  t.equal(matches('%\\W%', 'abc'), false);
  t.equal(matches('%[\\w-]+@%', 'john-doe@x'), true);
  t.equal(matches('%[a-]%', '-'), true, "'-' before ']' is literal");
  t.equal(matches('%\\x28\\x29%', 'call()'), true, 'hex escapes stand in for forbidden characters');
  t.equal(matches('%#=@/;,:-%', 'x#=@/;,:-y'), true, 'supported symbols');
  t.equal(matches('%a.c%', 'abc'), true);
  t.equal(matches('%a\\.c%', 'abc'), false);
  t.equal(matches('%\\$\\^\\|\\*\\+\\?\\{\\}\\[\\]\\\\%', '$^|*+?{}[]\\'), true, 'escaped operators are literal');
  t.equal(matches('%a]b}%', 'a]b}'), true, "a lone ']' or '}' is literal");
});

t.test('regexes are compiled to RE2 with every non-alphanumeric literal as \\x{hh}', async (t) => {
  const src = (re: string): string => toRe2Source(parseRegex(re, 0, re.length));
  t.equal(src('a.b'), 'a.b');
  t.equal(src('a\\.b'), 'a\\x{2e}b');
  t.equal(src('^x{,3}|[^a-z\\d]+?$'), '^x{0,3}|[^a-z\\d]+?$');
  t.equal(src('a b'), 'a\\x{20}b');
  t.equal(src('\\x28'), '\\x{28}');
});

t.test('constructs CloudWatch does not accept are rejected', async (t) => {
  fails(t, '%something!%', "line 1, col 11: invalid character '!' in regular expression; write it as \\xhh");
  fails(t, '%(a)%', "line 1, col 2: '(' is not supported in a regular expression; write \\x28 instead");
  fails(t, '%\\(%', "line 1, col 3: '(' is not supported in a regular expression; write \\x28 instead");
  fails(t, '%a)%', "line 1, col 3: ')' is not supported in a regular expression; write \\x29 instead");
  fails(t, '%caf\u00e9%', 'line 1, col 5: multi-byte characters are not supported in a regular expression (found U+00E9)');
  fails(t, '%"a"%', `line 1, col 2: invalid character '"' in regular expression; write it as \\xhh`);
  fails(t, '%%', 'line 1, col 2: empty regular expression');
  fails(t, '%abc', "line 1, col 1: unterminated regular expression (missing closing '%')");
  fails(t, '%*a%', "line 1, col 2: nothing to repeat before '*'");
  fails(t, '%a|+%', "line 1, col 4: nothing to repeat before '+'");
  fails(t, '%a**%', "line 1, col 4: '*' cannot follow another repetition operator");
  fails(t, '%^*%', "line 1, col 3: nothing to repeat before '*' ('^' is an anchor)");
  fails(t, '%a{%', "line 1, col 3: '{' must start a repetition such as {2} or {1,3}; write \\{ for a literal brace");
  fails(t, '%a{x}%', "line 1, col 3: '{' must start a repetition such as {2} or {1,3}; write \\{ for a literal brace");
  fails(t, '%a{,}%', "line 1, col 3: '{' must start a repetition such as {2} or {1,3}; write \\{ for a literal brace");
  fails(t, '%a{2,1}%', 'line 1, col 3: invalid repetition: 1 is less than 2');
  fails(t, '%a{1001}%', 'line 1, col 3: repetition count is too large (at most 1000)');
  fails(t, '%[]%', 'line 1, col 2: empty character class');
  fails(t, '%[^]%', 'line 1, col 2: empty character class');
  fails(t, '%[a%', "line 1, col 2: unterminated character class (missing ']')");
  fails(t, '%[z-a]%', "line 1, col 3: invalid range 'z-a' in character class");
  fails(t, '%[a-\\d]%', 'line 1, col 3: a character class shorthand cannot end a range');
  fails(t, '%[[]%', "line 1, col 3: '[' inside a character class must be escaped as '\\['");
  fails(t, '%\\b%', "line 1, col 2: unsupported escape '\\b' in regular expression");
  fails(t, '%\\1%', "line 1, col 2: unsupported escape '\\1' in regular expression");
  fails(t, '%[\\q]%', "line 1, col 3: unsupported escape '\\q' in character class");
  fails(t, '%\\x2%', "line 1, col 2: '\\x' must be followed by two hexadecimal digits");
  fails(t, '%a\\%', "line 1, col 3: regular expression ends with '\\'");
  fails(t, '{ $.a = %(x)% }', "line 1, col 10: '(' is not supported in a regular expression; write \\x28 instead");
});

t.test('regexes run in linear time: catastrophic-backtracking shapes complete', async (t) => {
  // Under a backtracking engine these take exponential or high-polynomial time on such inputs.
  const long = 'a'.repeat(20_000);
  t.equal(matches('%^a*a*a*a*a*a*a*a*a*a*c$%', long), false);
  t.equal(matches('%^\\w*\\w*\\w*\\w*\\w*\\w*z$%', long), false);
  t.equal(matches('%^a+a+a+a+a+b%', long), false);
  t.equal(matches('{ $.x = %^[a-z]*[a-z]*[a-z]*[a-z]*b$% }', { x: long }), false);
  t.equal(matches('[f = %^a*a*a*a*a*a*c$%]', long), false);
  t.equal(parseFilterPattern('%^a*a*a*a*a*a*a*a*a*a*$%').matches(long), true);
});
