#!/usr/bin/env node
import { existsSync } from 'node:fs';

// The build bundles the CLI (scripts/bundle.mjs): it starts in a fraction of the time the ~200
// modules of tsc's output take to load. Without a bundle, the modules themselves.
const bundle = new URL('../bundle/cli.js', import.meta.url);
const { main } = (await import(existsSync(bundle) ? bundle.href : './main.js')) as typeof import('./main.js');

process.exitCode = await main(process.argv.slice(2));
