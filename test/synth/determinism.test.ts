// Determinism of the corpus generator (issue 5, "Deliverables": the bench corpus is generated
// deterministically): same options → byte-identical files and truth; another seed → different output.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateCorpus } from '../../src/synth/index.js';
import { listFiles } from './read-corpus.js';

const base = { records: 2500, files: 9, start: new Date('2024-05-06T00:00:00Z'), days: 2, largeRecordFraction: 0.02 };

function snapshot(dir: string): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const p of listFiles(dir)) m.set(relative(dir, p), readFileSync(p));
  return m;
}

t.test('same seed gives byte-identical corpora and truth files', async (t) => {
  const dir = t.testdir({ a: {}, b: {}, c: {} });
  const a = await generateCorpus({ ...base, seed: 42, outDir: join(dir, 'a') });
  const b = await generateCorpus({ ...base, seed: 42, outDir: join(dir, 'b') });
  const sa = snapshot(join(dir, 'a'));
  const sb = snapshot(join(dir, 'b'));
  t.ok(sa.size > 5, 'files were written');
  t.same([...sa.keys()], [...sb.keys()], 'same file names');
  for (const [name, bytes] of sa) t.ok(bytes.equals(sb.get(name) as Buffer), `identical bytes: ${name}`);
  t.same(a.truth, b.truth);
  t.equal(a.bytesCompressed, b.bytesCompressed);

  const c = await generateCorpus({ ...base, seed: 43, outDir: join(dir, 'c') });
  const sc = snapshot(join(dir, 'c'));
  t.not([...sc.keys()].join('|'), [...sa.keys()].join('|'), 'another seed names files differently');
  t.not(c.truth.rootEvents[0]?.eventID, a.truth.rootEvents[0]?.eventID);
});

t.test('record and file counts are honoured exactly', async (t) => {
  const dir = t.testdir();
  const s = await generateCorpus({ ...base, seed: 7, outDir: dir });
  t.equal(s.records, base.records);
  t.equal(s.files, base.files);
  t.equal(s.truth.files.reduce((n, f) => n + f.records, 0), base.records);
});
