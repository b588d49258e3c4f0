// The dialect contract: the registry, the plan workers rebuild from, and library-supplied dialects.
import t from 'tap';
import { DIALECTS, loadDetectionFiles } from '../../src/dialects/index.js';
import type { DetectionFile, Dialect } from '../../src/dialects/types.js';
import { replay } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';
import { referenceDialect, unimportableReferenceDialect } from '../helpers/reference-dialect.js';

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
