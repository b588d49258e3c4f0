// Term patterns for unstructured log events.
// Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// ("Match terms in unstructured log events"), and the 2021 revision of the same page:
// https://github.com/awsdocs/amazon-cloudwatch-logs-user-guide/blob/5ae5c9aeccbdc909d7549b9260291ce7ed2a92f3/doc_source/FilterAndPatternSyntax.md
import t from 'tap';
import { parseFilterPattern } from '../../src/dialects/cwl/index.js';
import { fails, matches } from './helpers.js';

t.test('a bare term is a case-sensitive substring anywhere in the message', async (t) => {
  // FPS: "Filter patterns are case sensitive"; DOC2021: ERROR matches "Exiting with ERRORCODE: -1".
  t.equal(matches('ERROR', '[ERROR] A fatal exception has occurred'), true);
  t.equal(matches('ERROR', 'Exiting with ERRORCODE: -1'), true);
  t.equal(matches('ERROR', 'error: lower case'), false);
  // DOC2021: "ERROR Exception" matches "[ERROR] Caught IllegalArgumentException" (inside a word).
  t.equal(matches('ERROR Exception', '[ERROR] Caught IllegalArgumentException'), true);
  t.equal(matches('RROR', 'ERROR'), true);
  t.equal(parseFilterPattern('ERROR').kind, 'term');
});

t.test('plain terms are ANDed in any order', async (t) => {
  // FPS: "ERROR ARGUMENTS" matches events containing both terms.
  t.equal(matches('ERROR ARGUMENTS', 'INVALID ARGUMENTS ... ERROR'), true);
  t.equal(matches('ERROR ARGUMENTS', 'ERROR only'), false);
  t.equal(matches('Failed to process the request', '[WARN] Failed to process the request'), true);
  t.equal(matches('Failed to process the request', '[WARN] Failed the request'), false);
});

t.test('a quoted phrase is one term matched exactly, spaces and punctuation included', async (t) => {
  // FPS: "INTERNAL SERVER ERROR" in quotes; a phrase is not two terms (awsdocs PR #31).
  t.equal(matches('"INTERNAL SERVER ERROR"', '[ERROR 500] INTERNAL SERVER ERROR'), true);
  t.equal(matches('"INTERNAL SERVER ERROR"', 'SERVER INTERNAL ERROR'), false);
  t.equal(matches('"ERROR Exception"', '[ERROR] Caught IllegalArgumentException'), false);
  t.equal(matches('"ERROR" "Exception"', '[ERROR] Caught IllegalArgumentException'), true);
  t.equal(matches('"ERROR][grpc"', '[ERROR] [grpc]'), false);
  t.equal(matches('"ERROR:"', 'ERROR: disk full'), true);
  t.equal(matches('"user@example.com"', 'login user@example.com ok'), true);
});

t.test('escapes inside a quoted phrase: \\" and \\\\', async (t) => {
  // Docs are silent; the AWS CDK writes these escapes (aws-logs pattern.ts quoteTerm).
  t.equal(matches('"say \\"hi\\""', 'they say "hi" twice'), true);
  t.equal(matches('"C:\\\\temp"', 'path C:\\temp'), true);
  t.equal(matches('"a\\b"', 'a\\b'), true, 'any other backslash is literal');
});

t.test('-term excludes events containing the term', async (t) => {
  // FPS: "ERROR -ARGUMENTS"; DOC2021: ERROR -WARN matches "ERROR message" only.
  t.equal(matches('ERROR -WARN', 'ERROR WARN message'), false);
  t.equal(matches('ERROR -WARN', 'ERROR message'), true);
  t.equal(matches('ERROR -WARN', 'WARN message'), false);
  // Exclusion only (docs silent): events lacking every excluded term match.
  t.equal(matches('-DEBUG', 'INFO started'), true);
  t.equal(matches('-DEBUG -TRACE', 'TRACE x'), false);
  t.equal(matches('-"DEBUG x"', 'DEBUG y'), true);
});

t.test('?term alternatives', async (t) => {
  // DOC2021: ?ERROR ?WARN matches all three of "ERROR WARN message", "ERROR message", "WARN message".
  for (const m of ['ERROR WARN message', 'ERROR message', 'WARN message']) t.equal(matches('?ERROR ?WARN', m), true, m);
  t.equal(matches('?ERROR ?WARN', 'INFO message'), false);
  t.equal(matches('?"bad request" ?timeout', 'request timeout'), true);
});

t.test('?terms are ignored when the pattern also has a plain or - term', async (t) => {
  // FPS note: in "?ERROR ?ARGUMENTS REQUEST" only REQUEST counts.
  t.equal(matches('?ERROR ?ARGUMENTS REQUEST', 'REQUEST ok'), true);
  t.equal(matches('?ERROR ?ARGUMENTS REQUEST', 'ERROR ARGUMENTS'), false);
  t.equal(matches('?ERROR -DEBUG', 'INFO'), true, 'with an exclusion, ?ERROR is ignored too');
});

t.test('match everything: the empty pattern, whitespace, and " "', async (t) => {
  // API_MetricFilter allows a 0-length pattern; FPS documents " " as matching everything.
  for (const p of ['', '   ', '\t\n', '" "', '"  "']) {
    const parsed = parseFilterPattern(p);
    t.equal(parsed.kind, 'all', JSON.stringify(p));
    t.equal(parsed.matches('anything'), true);
    t.equal(parsed.matches('nospacehere'), true);
    t.same(parsed.extract('x'), {});
  }
  t.equal(parseFilterPattern('" " ERROR').matches('ERROR'), true, 'a blank phrase is always present');
  t.equal(parseFilterPattern('" " ERROR').kind, 'term');
});

t.test('the empty phrase "" is rejected, as the service does', async (t) => {
  // The service answers: Invalid filter pattern: Invalid character(s) in term '""' (DefangLabs/defang#1008).
  fails(t, '""', `line 1, col 1: invalid character(s) in term '""'`);
  fails(t, 'ERROR ""', `line 1, col 7: invalid character(s) in term '""'`);
});

t.test('unquoted terms may hold only letters, digits and _', async (t) => {
  // FPS / DOC2021: terms with other characters must be quoted; the service error is "Invalid character(s) in term".
  fails(t, 'ERROR:', "line 1, col 6: invalid character(s) in term 'ERROR:'; terms with characters other than letters, digits and '_' must be in double quotes");
  fails(t, 'ok ORDER-ITEM-1', "line 1, col 9: invalid character(s) in term 'ORDER-ITEM-1'; terms with characters other than letters, digits and '_' must be in double quotes");
  fails(t, 'caf\u00e9', "line 1, col 4: invalid character(s) in term 'caf\u00e9'; terms with characters other than letters, digits and '_' must be in double quotes");
  fails(t, '"ERROR"x', `line 1, col 8: invalid character(s) in term '"ERROR"x'; separate terms with spaces`);
  fails(t, '? ERROR', "line 1, col 1: expected a term right after '?'");
  fails(t, 'ERROR -', "line 1, col 7: expected a term right after '-'");
  fails(t, 'ERROR "open', `line 1, col 7: unterminated quoted term (missing closing '"')`);
  t.equal(matches('snake_case 404', 'value snake_case code 404'), true);
});

t.test('a standalone regex searches the whole message', async (t) => {
  // FPS "Match terms using regular expressions": %AUTHORIZED% matches "UNAUTHORIZED REQUEST".
  t.equal(matches('%AUTHORIZED%', '[ERROR 401] UNAUTHORIZED REQUEST'), true);
  t.equal(matches('%AUTHORIZED%', '[SUCCESS 200] AUTHORIZED REQUEST'), true);
  t.equal(matches('%^AUTHORIZED%', '[SUCCESS 200] AUTHORIZED REQUEST'), false, '^ anchors at the message start');
  t.equal(matches('%REQUEST$%', '[SUCCESS 200] AUTHORIZED REQUEST'), true);
  t.equal(parseFilterPattern('%x%').kind, 'term');
  fails(t, 'ERROR %x%', 'line 1, col 7: a regular expression (%...%) cannot be combined with terms; use it as the whole pattern');
  fails(t, '%x% ERROR', "line 1, col 5: a regular expression pattern is one %...%; unexpected 'ERROR' after it");
});

t.test('extract() returns {} for a matching term pattern and null otherwise', async (t) => {
  // AWS CLI test-metric-filter example: extractedValues is {} for the pattern ERROR.
  const p = parseFilterPattern('ERROR');
  t.same(p.extract('[ERROR] 400 BAD REQUEST'), {});
  t.equal(p.extract('[INFO] 200 OK'), null);
});
