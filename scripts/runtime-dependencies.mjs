// The installed production dependencies of a checkout: the top-level entries of package-lock.json
// that are neither dev nor links, as folders relative to the checkout (`node_modules/<name>`), each
// holding its own nested node_modules. Used by scripts/lambda-zip.mjs (the Lambda code) and by the
// workflow-install test (a scratch install that needs no registry).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} root the checkout @returns {string[]} */
export function runtimeDependencyDirs(root) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages)
    .filter(([path, p]) => /^node_modules\/(?:@[^/]+\/)?[^/]+$/.test(path) && !p.dev && !p.devOptional && !p.link)
    .map(([path]) => path);
}
