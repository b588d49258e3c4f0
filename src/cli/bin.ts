#!/usr/bin/env node
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ can keep V8's compiled code of our modules on disk (os.tmpdir()), for this thread and,
// through the environment, for the worker threads it starts: a replay of the fixture trail started
// ~30 ms sooner per thread (docs/benchmarks.md, "Start-up"). Node 20 has no such cache.
const { enableCompileCache } = module as { enableCompileCache?: () => { directory?: string } };
const cache = enableCompileCache?.();
if (cache?.directory !== undefined && process.env.NODE_COMPILE_CACHE === undefined) process.env.NODE_COMPILE_CACHE = cache.directory;

// The build bundles the CLI (scripts/bundle.mjs): it starts in a fraction of the time the ~200
// modules of tsc's output take to load. Without a bundle, the modules themselves.
const bundle = new URL('../bundle/cli.js', import.meta.url);
const { main } = (await import(existsSync(bundle) ? bundle.href : './main.js')) as typeof import('./main.js');

process.exitCode = await main(process.argv.slice(2));
