// Every test file runs in CI: tap runs each folder's group.ts and each *.solo.test.ts
// (package.json "tap.include"), so a *.test.ts file in a folder without a group.ts would never run.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const testRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function testFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(path));
    else if (entry.name.endsWith('.test.ts') && !entry.name.endsWith('.solo.test.ts')) found.push(path);
  }
  return found;
}

t.test('every *.test.ts file has a group.ts beside it that runs it', async (t) => {
  const orphans = testFiles(testRoot)
    .filter((file) => !existsSync(join(dirname(file), 'group.ts')))
    .map((file) => relative(testRoot, file));
  t.same(orphans, [], 'add a group.ts to these folders (copy one from another folder of test/)');
});

t.test('tap runs the groups and the solo files, nothing else', async (t) => {
  const pkg = JSON.parse(readFileSync(join(testRoot, '..', 'package.json'), 'utf8')) as { tap: { include: string[] } };
  t.same(pkg.tap.include, ['test/*/group.ts', 'test/**/*.solo.test.ts']);
});
