// `npm run bench:ab -- --other DIR`: is this build faster than another? Runs `trailproof replay` on the
// benchmark corpus from this checkout's build (A) and from DIR's (B, another checkout, built),
// alternately, after one read of every file, and prints every run, the means and medians of wall time
// and the mean CPU time (user + system, with GNU time).
//
//   npm run bench:ab -- --other ../trailproof-main                 issue 5's corpus, 5 rounds
//   npm run bench:ab -- --other ../trailproof-main --rounds 8 --quick
//   npm run bench:ab -- --other ../trailproof-main --args "--since 2024-03-04T12:00:00Z --workers 1"
//
// On a shared machine, identical runs differ by 15% or more and the load drifts over minutes; runs
// taken alternately see the same drift, so a change of a few percent shows in the means where one run
// of each would not (docs/benchmarks.md, "Start-up, messages, escapes and decoding in place").

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from './lib/args.js';
import { CORPORA, corpusFiles, ensureCorpus, ROOT } from './lib/corpus.js';
import { measure } from './lib/measure.js';
import { withPython } from '../scripts/resolve-python.mjs';

const log = (msg) => process.stderr.write(`[bench:ab] ${msg}\n`);

const args = parseArgs(process.argv.slice(2), ['quick']);
// Panther's Python runners start from the interpreter itself, not through a version manager's shim
// (scripts/resolve-python.mjs): the figures are trailproof's, not pyenv's.
Object.assign(process.env, withPython(process.env));
if (typeof args.other !== 'string') throw new Error('--other DIR is required: a checkout of trailproof, built');
const builds = [
  { name: 'A (this checkout)', cli: join(ROOT, 'dist', 'cli', 'bin.js') },
  { name: `B (${args.other})`, cli: join(resolve(args.other), 'dist', 'cli', 'bin.js') },
];
for (const b of builds) if (!existsSync(b.cli)) throw new Error(`${b.cli} missing: build that checkout first`);
const rounds = typeof args.rounds === 'string' ? Math.max(1, Number(args.rounds)) : 5;
const extra = typeof args.args === 'string' ? args.args.split(' ').filter((a) => a !== '') : [];
const name = args.quick === true ? 'quick' : 'issue-5';

const corpus = await ensureCorpus(name, CORPORA[name], log);
// One read of every file first, so that no run pays for a cold page cache.
for (const f of corpusFiles(corpus.corpusDir, corpus.truthFile)) readFileSync(f.path);
const tmp = mkdtempSync(join(tmpdir(), 'trailproof-ab-'));
const runs = builds.map(() => []);
try {
  for (let r = 0; r < rounds; r++) {
    // Alternate which build goes first, so neither always runs right after the other.
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const argv = [builds[i].cli, 'replay', corpus.corpusDir, '--detections', join(ROOT, 'detections'), '--quiet', '--format', 'json', '--output', join(tmp, `r${i}.json`), ...extra];
      const m = await measure(process.execPath, argv, { node: true, cwd: ROOT });
      if (m.code !== 0 && m.code !== 1) throw new Error(`${builds[i].name} exited ${m.code}: ${m.stderr.trim().split('\n').pop()}`);
      runs[i].push(m);
      log(`round ${r + 1}: ${builds[i].name} ${m.seconds.toFixed(2)} s wall, ${m.cpuSeconds === null ? '?' : m.cpuSeconds.toFixed(2)} s CPU`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const line = (b, ms) => {
  const wall = ms.map((m) => m.seconds);
  const cpu = ms.every((m) => m.cpuSeconds !== null) ? mean(ms.map((m) => m.cpuSeconds)).toFixed(3) : '?';
  return `${b.name}: wall mean ${mean(wall).toFixed(3)} s, median ${median(wall).toFixed(3)} s (min ${Math.min(...wall).toFixed(2)}, max ${Math.max(...wall).toFixed(2)}); CPU mean ${cpu} s`;
};
process.stdout.write(`corpus "${name}", ${rounds} rounds, replay ${extra.join(' ')}\n`);
builds.forEach((b, i) => process.stdout.write(line(b, runs[i]) + '\n'));
const ratio = (f) => f(runs[0].map((m) => m.seconds)) / f(runs[1].map((m) => m.seconds));
process.stdout.write(`A / B wall: ${ratio(mean).toFixed(3)} by means, ${ratio(median).toFixed(3)} by medians (below 1: A is faster)\n`);
