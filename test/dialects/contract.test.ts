// The dialect contract: the registry, the plan workers rebuild from, and library-supplied dialects.
import t from 'tap';
import { claimOf, DIALECTS, loadDetectionFiles, loadWithDialect } from '../../src/dialects/index.js';
import type { Claim, DetectionFile, Dialect } from '../../src/dialects/types.js';
import { replay } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';
import { referenceDialect, unimportableReferenceDialect, type ReferenceAst } from '../helpers/reference-dialect.js';

const now = new Date(0);
const ROOT_REF: DetectionFile = { path: 'rules/root.ref', text: '# any root record\nuserIdentity.type = Root\n' };

async function replayWith(dialects: readonly Dialect[], workers: number): Promise<Report> {
  const detections = { ...loadDetectionFiles([ROOT_REF], { dialects }), files: [ROOT_REF] };
  return replay({ locations: ['fixtures/AWSLogs'], resolveSource: (l) => resolveSource(l, {}), detections, version: 'test', now, workers });
}

t.test('a library-supplied dialect survives replay, with workers and without', async (t) => {
  const dialects = [...DIALECTS, referenceDialect];
  const inProcess = await replayWith(dialects, 0);
  t.same(inProcess.detections.map((d) => [d.title, d.dialect]), [['root', 'reference']]);
  t.ok(inProcess.detections[0]!.caught.length > 0, 'it caught the fixtures root events');
  t.same(await replayWith(dialects, 2), inProcess, 'workers import it from Dialect.module: the same report');
});

t.test('a dialect workers cannot import runs in the main thread, and the report says so', async (t) => {
  const inProcess = await replayWith([unimportableReferenceDialect], 0);
  const threaded = await replayWith([unimportableReferenceDialect], 2);
  t.same(threaded.detections, inProcess.detections);
  t.match(threaded.warnings, [/^evaluated in the main thread: dialect 'reference' names no module worker threads can import/]);
  t.same(inProcess.warnings, [], 'no warning when no worker was asked for');
});

t.test('claims: yes beats maybe, several yes all read the file, a tie of maybe is a diagnostic naming both', async (t) => {
  const claiming = (id: string, claim: Claim): Dialect<ReferenceAst> => ({ ...referenceDialect, id, claims: { extensions: ['.ref'], sniff: () => claim } });
  const load = (...dialects: Dialect<ReferenceAst>[]) => loadDetectionFiles([ROOT_REF], { dialects });
  t.same(load(claiming('a', 'maybe'), claiming('b', 'yes')).detections.map((d) => d.dialect), ['b'], 'yes beats maybe');
  t.same(load(claiming('a', 'maybe'), claiming('b', 'no')).detections.map((d) => d.dialect), ['a'], 'a lone maybe reads it');
  t.same(load(claiming('a', 'yes'), claiming('b', 'yes')).detections.map((d) => d.id), ['rules/root.ref#root', 'rules/root.ref#root'], 'a file feeding two dialects loads in both');
  const tie = load(claiming('a', 'maybe'), claiming('b', 'maybe'));
  t.same(tie.detections, []);
  t.match(tie.diagnostics, [{ code: 'TP0004', severity: 'error', file: 'rules/root.ref', message: /'a' and 'b' could each read this file/ }]);
  const throwing: Dialect<ReferenceAst> = { ...referenceDialect, id: 't', claims: { extensions: ['.ref'], sniff: () => { throw new Error('boom'); } } };
  t.equal(claimOf(throwing, ROOT_REF), 'no', 'a sniff that throws says no');
  t.equal(claimOf(referenceDialect, { path: 'x.REF', text: '' }), 'yes', 'extensions compare lowercased');
  t.equal(claimOf(referenceDialect, { path: 'x.json', text: '' }), 'no', 'other extensions are never sniffed');
});

t.test('the registry names rules <file>#<name>, numbering repeats, and orders diagnostics by file then position', async (t) => {
  const twice: Dialect<ReferenceAst> = {
    ...referenceDialect,
    parse: (files) => {
      const one = referenceDialect.parse(files, {});
      return {
        rules: [...one.rules, ...one.rules],
        notApplicable: [],
        diagnostics: [
          { code: 'X', severity: 'warning', file: 'rules/root.ref', line: 2, column: 1, message: 'second' },
          { code: 'X', severity: 'warning', file: 'rules/root.ref', line: 1, column: 5, message: 'first' },
          { code: 'X', severity: 'warning', file: 'mapping.yml', message: 'about another file' },
        ],
      };
    },
  };
  const loaded = loadWithDialect(twice, [ROOT_REF]);
  t.same(loaded.detections.map((d) => d.id), ['rules/root.ref#root', 'rules/root.ref#root-2']);
  t.same(loaded.diagnostics.map((d) => d.message), ['about another file', 'first', 'second']);
});
