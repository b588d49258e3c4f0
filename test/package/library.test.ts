// The library as a user meets it (issue 12, item 12): every rule's `matches` takes a record object or
// its JSON text with the same answer, and a typed consumer compiles against the published types.
import { join } from 'node:path';
import t from 'tap';
import ts from 'typescript';
import { loadDetections, parseFilterPattern, parseSigmaRule, replay } from '../../src/index.js';
import { VERSION } from '../../src/version.js';
import { REPO } from '../helpers/cli.js';

const ROOT_LOGIN = { eventVersion: '1.08', eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', userIdentity: { type: 'Root' } };
const IAM_LOGIN = { ...ROOT_LOGIN, userIdentity: { type: 'IAMUser' } };

t.test('matches takes an object or its JSON text, for both dialects', (t) => {
  const cis = parseFilterPattern('{ $.userIdentity.type = "Root" }');
  const sigma = parseSigmaRule('title: root\nlogsource: { product: aws, service: cloudtrail }\ndetection:\n  s: { userIdentity.type: Root }\n  condition: s\n');
  for (const rule of [cis, sigma]) {
    t.equal(rule.matches(ROOT_LOGIN), true);
    t.equal(rule.matches(JSON.stringify(ROOT_LOGIN)), true);
    t.equal(rule.matches(IAM_LOGIN), false);
    t.equal(rule.matches(JSON.stringify(IAM_LOGIN)), false);
    t.equal(rule.matches('not json'), false, 'text that is not a JSON object matches nothing');
  }
  t.equal(cis.matches([ROOT_LOGIN]), false, 'an array is not an event');
  t.end();
});

t.test('a typed consumer compiles against dist/index.d.ts', (t) => {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    typeRoots: [join(REPO, 'node_modules/@types')],
    paths: { trailproof: [join(REPO, 'dist/index.d.ts')] },
    skipLibCheck: true,
  };
  const program = ts.createProgram([join(REPO, 'test/package/consumer/consumer.ts')], options);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  t.same(diagnostics, [], 'no type errors');
  t.end();
});

t.test('replay() without CLI plumbing: sources as strings, default version', async (t) => {
  const report = await replay({ locations: [join(REPO, 'fixtures/AWSLogs')], detections: await loadDetections([join(REPO, 'detections')]), workers: 0 });
  t.equal(report.tool.version, VERSION);
  t.equal(report.stats.records.evaluated, 26);
  t.ok(report.rootEvents.length > 0);
});
