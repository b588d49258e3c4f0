// On Node 22.1 and later the CLI keeps V8's compiled code on disk (src/cli/bin.ts), for the main thread
// and, through NODE_COMPILE_CACHE, for its worker threads: a replay with a worker leaves more cache
// entries (the worker bundle's) than one without. Node 20 has no such cache and writes nothing.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import module from 'node:module';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/cli.js';

const supported = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const files = (dir: string): number => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);

t.test('the compile cache, for the main thread and the workers', { skip: process.env.NODE_COMPILE_CACHE !== undefined ? 'NODE_COMPILE_CACHE is set here' : false }, async (t) => {
  const args = (workers: string): string[] => ['replay', 'fixtures/AWSLogs', '-d', 'detections/cis-root-usage.pattern', '--format', 'json', '--output', '/dev/null', '--workers', workers];
  const entries = async (workers: string): Promise<number> => {
    const tmp = mkdtempSync(join(tmpdir(), 'trailproof-cache-'));
    t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
    // Without the test runner's NODE_OPTIONS (its loaders would add modules of their own).
    const r = await runCli(args(workers), { env: { TMPDIR: tmp, NODE_OPTIONS: '' } });
    t.equal(r.code, 0, r.stderr);
    return files(join(tmp, 'node-compile-cache'));
  };
  const inMain = await entries('0');
  const withWorker = await entries('1');
  if (supported) {
    t.ok(inMain > 0, `the main thread's modules are cached (${inMain} entries)`);
    // One more from a shell; under the test runner the worker caches some modules more.
    t.ok(withWorker > inMain, `and the worker's (${withWorker} entries with a worker)`);
  } else {
    t.equal(inMain + withWorker, 0, 'nothing written on a Node without the cache');
  }
});
