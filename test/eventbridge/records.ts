// Every CloudTrail record of the project's canonical fixture (fixtures/canonical/trail.json).
import { readFileSync } from 'node:fs';
import type { CloudTrailRecord } from '../../src/record/view.js';

const canonical = JSON.parse(readFileSync('fixtures/canonical/trail.json', 'utf8')) as { trailFiles: Record<string, CloudTrailRecord[]> };

export const fixtureRecords: readonly CloudTrailRecord[] = Object.values(canonical.trailFiles).flat();
